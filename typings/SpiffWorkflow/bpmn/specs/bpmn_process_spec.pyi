from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec

class BpmnProcessSpec:
    name: str
    description: str | None
    file: str | None  # the file name given to the parser
    task_specs: dict[str, BpmnTaskSpec]
