// The properties panel groups policy staff need beside bpmn-js' general ones:
// 审核属性 (the spiffworkflow:property entries the service reads from a user task, as choices
// from the service's vocabulary), 脚本 (script task text), 条件 (sequence flow condition) and
// 决策表 (the DMN decision a business rule task calls).
import { is, getBusinessObject } from "bpmn-js/lib/util/ModelUtil";
import {
  CheckboxEntry,
  SelectEntry,
  TextAreaEntry,
  TextFieldEntry,
  isSelectEntryEdited,
  isTextAreaEntryEdited,
  isTextFieldEntryEdited,
} from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";

function spiffProperties(bo) {
  const ext = bo.get("extensionElements");
  return ext && ext.get("values").find((value) => is(value, "spiffworkflow:Properties"));
}

function readProperty(element, name) {
  const props = spiffProperties(getBusinessObject(element));
  const prop = props && props.get("properties").find((p) => p.name === name);
  return prop ? prop.value || "" : "";
}

function readList(element, name) {
  return readProperty(element, name)
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

function update(moddleElement, element, properties) {
  return { cmd: "element.updateModdleProperties", context: { element, moddleElement, properties } };
}

// Set (or, with an empty value, remove) one spiffworkflow:property, creating the
// extensionElements and spiffworkflow:properties containers on first use; one undo step.
// A new entry goes to its place in ``order`` (the service's property list, the order the
// shipped diagrams write them in), so saved files keep their shape and diffs stay small.
function writeProperty(element, name, value, order, bpmnFactory, commandStack) {
  const bo = getBusinessObject(element);
  const commands = [];
  let ext = bo.get("extensionElements");
  if (!ext) {
    if (!value) return;
    ext = bpmnFactory.create("bpmn:ExtensionElements", { values: [] });
    ext.$parent = bo;
    commands.push(update(bo, element, { extensionElements: ext }));
  }
  let props = spiffProperties(bo);
  if (!props) {
    if (!value) return;
    props = bpmnFactory.create("spiffworkflow:Properties", { properties: [] });
    props.$parent = ext;
    commands.push(update(ext, element, { values: [...ext.get("values"), props] }));
  }
  const current = props.get("properties");
  const existing = current.find((p) => p.name === name);
  if (existing && value) {
    commands.push(update(existing, element, { value }));
  } else if (existing) {
    commands.push(update(props, element, { properties: current.filter((p) => p !== existing) }));
  } else if (value) {
    const created = bpmnFactory.create("spiffworkflow:Property", { name, value });
    created.$parent = props;
    const rank = (p) => {
      const index = order.indexOf(p.name);
      return index < 0 ? order.length : index;
    };
    const next = [...current, created].sort((a, b) => rank(a) - rank(b));
    commands.push(update(props, element, { properties: next }));
  }
  if (commands.length) {
    commandStack.execute("properties-panel.multi-command-executor", commands);
  }
}

function useWriter(element) {
  const bpmnFactory = useService("bpmnFactory");
  const commandStack = useService("commandStack");
  const order = useService("config.review").vocabulary.properties;
  return (name, value) => writeProperty(element, name, value, order, bpmnFactory, commandStack);
}

function options(choices, current) {
  const known = choices.map(([value, label]) => ({ value, label: `${label}（${value}）` }));
  if (current && !choices.some(([value]) => value === current)) {
    known.push({ value: current, label: `${current}（未知取值）` });
  }
  return [{ value: "", label: "（未设置）" }, ...known];
}

function SelectProperty({ element, id, name, label, choices }) {
  const write = useWriter(element);
  return (
    <SelectEntry
      element={element}
      id={id}
      label={label}
      getValue={() => readProperty(element, name)}
      setValue={(value) => write(name, value)}
      getOptions={() => options(choices, readProperty(element, name))}
    />
  );
}

// One checkbox of a list property: ticking adds the value, unticking removes it (and an action
// that is no longer offered cannot stay "comment required").
function CheckProperty({ element, id, name, value, label }) {
  const write = useWriter(element);
  const setValue = (checked) => {
    const others = readList(element, name).filter((item) => item !== value);
    write(name, (checked ? [...others, value] : others).join(","));
    if (name === "actions" && !checked) {
      const required = readList(element, "comment_required").filter((item) => item !== value);
      write("comment_required", required.join(","));
    }
  };
  return (
    <CheckboxEntry
      element={element}
      id={id}
      label={label}
      getValue={() => readList(element, name).includes(value)}
      setValue={setValue}
    />
  );
}

function heading(text) {
  return function Heading() {
    return <div class="review-panel-heading">{text}</div>;
  };
}

function checkboxEntries(element, name, choices, title, allowed) {
  const entries = [{ id: `review-${name}-title`, component: heading(title) }];
  for (const [value, label] of choices) {
    if (allowed && !allowed.includes(value)) continue;
    entries.push({
      id: `review-${name}-${value}`,
      component: (props) => (
        <CheckProperty {...props} name={name} value={value} label={`${label}（${value}）`} />
      ),
      isEdited: () => readList(element, name).includes(value),
    });
  }
  return entries;
}

export function reviewEntries(element, vocabulary) {
  const actions = readList(element, "actions");
  return [
    {
      id: "review-queue",
      component: (props) => (
        <SelectProperty {...props} name="queue" label="审核队列 queue" choices={vocabulary.queues} />
      ),
      isEdited: isSelectEntryEdited,
    },
    {
      id: "review-status",
      component: (props) => (
        <SelectProperty {...props} name="status" label="报名状态 status" choices={vocabulary.statuses} />
      ),
      isEdited: isSelectEntryEdited,
    },
    ...checkboxEntries(element, "actions", vocabulary.actions, "可用操作 actions"),
    ...checkboxEntries(
      element,
      "comment_required",
      vocabulary.actions,
      "须填写意见的操作 comment_required（限于已选操作）",
      actions,
    ),
    ...checkboxEntries(element, "context", vocabulary.context, "审核页显示的数据 context"),
  ].map((entry) => ({ element, ...entry }));
}

function ScriptEntry({ element, id }) {
  const modeling = useService("modeling");
  const debounce = useService("debounceInput");
  return (
    <TextAreaEntry
      element={element}
      id={id}
      label="脚本（沙箱内执行的 Python 子集）"
      monospace
      rows={6}
      debounce={debounce}
      getValue={() => getBusinessObject(element).get("script") || ""}
      setValue={(value) => modeling.updateProperties(element, { script: value || undefined })}
    />
  );
}

function ConditionEntry({ element, id }) {
  const commandStack = useService("commandStack");
  const bpmnFactory = useService("bpmnFactory");
  const debounce = useService("debounceInput");
  const bo = getBusinessObject(element);
  const setValue = (value) => {
    const expression = bo.get("conditionExpression");
    if (expression && value) {
      commandStack.execute("element.updateModdleProperties", {
        element,
        moddleElement: expression,
        properties: { body: value },
      });
      return;
    }
    const created = value ? bpmnFactory.create("bpmn:FormalExpression", { body: value }) : undefined;
    if (created) created.$parent = bo;
    commandStack.execute("element.updateModdleProperties", {
      element,
      moddleElement: bo,
      properties: { conditionExpression: created },
    });
  };
  const current = () => {
    const expression = bo.get("conditionExpression");
    return expression ? expression.body || "" : "";
  };
  return (
    <TextAreaEntry
      element={element}
      id={id}
      label="条件表达式（空 = 无条件）"
      monospace
      rows={3}
      debounce={debounce}
      getValue={current}
      setValue={setValue}
    />
  );
}

function calledDecision(bo) {
  const ext = bo.get("extensionElements");
  return ext && ext.get("values").find((value) => is(value, "spiffworkflow:CalledDecisionId"));
}

function DecisionEntry({ element, id, decisions }) {
  const commandStack = useService("commandStack");
  const bpmnFactory = useService("bpmnFactory");
  const debounce = useService("debounceInput");
  const bo = getBusinessObject(element);
  const setValue = (value) => {
    const existing = calledDecision(bo);
    if (existing) {
      commandStack.execute("element.updateModdleProperties", {
        element,
        moddleElement: existing,
        properties: { value },
      });
      return;
    }
    const commands = [];
    let ext = bo.get("extensionElements");
    if (!ext) {
      ext = bpmnFactory.create("bpmn:ExtensionElements", { values: [] });
      ext.$parent = bo;
      commands.push(update(bo, element, { extensionElements: ext }));
    }
    const created = bpmnFactory.create("spiffworkflow:CalledDecisionId", { value });
    created.$parent = ext;
    commands.push(update(ext, element, { values: [...ext.get("values"), created] }));
    commandStack.execute("properties-panel.multi-command-executor", commands);
  };
  const current = () => (calledDecision(bo) ? calledDecision(bo).value || "" : "");
  if (!decisions.length) {
    return (
      <TextFieldEntry
        element={element}
        id={id}
        label="调用的决策表 ID"
        debounce={debounce}
        getValue={current}
        setValue={setValue}
      />
    );
  }
  return (
    <SelectEntry
      element={element}
      id={id}
      label="调用的决策表"
      getValue={current}
      setValue={setValue}
      getOptions={() => options(decisions, current())}
    />
  );
}

// Flows out of a deciding gateway, and any flow that already carries a condition.
function hasCondition(element) {
  const source = element.source;
  return (
    is(source, "bpmn:ExclusiveGateway") ||
    is(source, "bpmn:InclusiveGateway") ||
    Boolean(getBusinessObject(element).get("conditionExpression"))
  );
}

// bpmn-js-properties-panel calls getGroups for the selected element; we append our groups.
export default function ReviewPropertiesProvider(propertiesPanel, config) {
  const vocabulary = config.vocabulary;
  this.getGroups = (element) => (groups) => {
    if (is(element, "bpmn:UserTask")) {
      groups.push({ id: "review", label: "审核属性", entries: reviewEntries(element, vocabulary) });
    }
    if (is(element, "bpmn:ScriptTask")) {
      groups.push({
        id: "review-script",
        label: "脚本",
        entries: [{ id: "review-script-text", element, component: ScriptEntry, isEdited: isTextAreaEntryEdited }],
      });
    }
    if (is(element, "bpmn:SequenceFlow") && hasCondition(element)) {
      groups.push({
        id: "review-condition",
        label: "条件",
        entries: [
          { id: "review-condition-text", element, component: ConditionEntry, isEdited: isTextAreaEntryEdited },
        ],
      });
    }
    if (is(element, "bpmn:BusinessRuleTask")) {
      groups.push({
        id: "review-decision",
        label: "决策表",
        entries: [
          {
            id: "review-decision-id",
            element,
            component: (props) => <DecisionEntry {...props} decisions={vocabulary.decisions} />,
            isEdited: isTextFieldEntryEdited,
          },
        ],
      });
    }
    return groups;
  };
  propertiesPanel.registerProvider(500, this);
}
ReviewPropertiesProvider.$inject = ["propertiesPanel", "config.review"];
