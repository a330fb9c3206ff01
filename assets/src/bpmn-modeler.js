// The BPMN modeler of the policy pages: bpmn-js with the properties panel, the spiffworkflow
// moddle extension (so every spiffworkflow element round-trips, and the 审核属性 group can edit
// the properties the service reads), our properties provider, all in zh-CN (translate.js).
import Modeler from "bpmn-js/lib/Modeler";
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from "bpmn-js-properties-panel";
import spiffworkflow from "./governance/spiffworkflow.json";
import ReviewPropertiesProvider from "./governance/properties.jsx";
import { TranslateModule } from "./governance/translate.js";
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";
import "@bpmn-io/properties-panel/dist/assets/properties-panel.css";

const ReviewPropertiesModule = {
  __init__: ["reviewPropertiesProvider"],
  reviewPropertiesProvider: ["type", ReviewPropertiesProvider],
};

// vocabulary: {queues, statuses, actions, context: [[value, label], ...], properties: [names in
// the order diagrams write them], decisions: [[id, name], ...]}
function createBpmnModeler(container, panel, vocabulary) {
  return new Modeler({
    container,
    propertiesPanel: { parent: panel },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ReviewPropertiesModule,
      TranslateModule,
    ],
    moddleExtensions: { spiffworkflow },
    review: { vocabulary },
  });
}

window.ReviewBpmn = { createBpmnModeler };
