// The DMN editor of the policy pages: dmn-js (decision tables are what policy staff change,
// e.g. a threshold ">= 5" to ">= 4"), and its viewer for a deployed version, both in zh-CN.
import DmnModeler from "dmn-js/lib/Modeler";
import DmnViewer from "dmn-js/lib/Viewer";
import { DMN_TRANSLATED } from "./governance/translate.js";
import "dmn-js/dist/assets/diagram-js.css";
import "dmn-js/dist/assets/dmn-js-shared.css";
import "dmn-js/dist/assets/dmn-js-drd.css";
import "dmn-js/dist/assets/dmn-js-decision-table.css";
import "dmn-js/dist/assets/dmn-js-decision-table-controls.css";
import "dmn-js/dist/assets/dmn-js-literal-expression.css";
import "dmn-js/dist/assets/dmn-font/css/dmn-embedded.css";

function createDmnModeler(container) {
  return new DmnModeler({ container, ...DMN_TRANSLATED });
}

function createDmnViewer(container) {
  return new DmnViewer({ container, ...DMN_TRANSLATED });
}

window.ReviewDmn = { createDmnModeler, createDmnViewer };
