// The `translate` service of bpmn-js, its properties panel and dmn-js, in zh-CN: each library
// passes an English text (with {placeholders}) to `translate`; this module replaces the
// default service of every modeler and viewer of the console with one reading `zh-CN.js`.
import ZH_CN from "./zh-CN.js";

export function translate(template, replacements) {
  const values = replacements || {};
  const text = Object.hasOwn(ZH_CN, template) ? ZH_CN[template] : template;
  return text.replace(/{([^}]+)}/g, (whole, key) => (key in values ? values[key] : whole));
}

export const TranslateModule = { translate: ["value", translate] };

// dmn-js builds one viewer per view kind; each takes its own additional modules.
export const DMN_TRANSLATED = Object.fromEntries(
  ["drd", "decisionTable", "literalExpression", "boxedExpression"].map((view) => [
    view,
    { additionalModules: [TranslateModule] },
  ]),
);
