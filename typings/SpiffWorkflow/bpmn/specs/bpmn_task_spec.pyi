from SpiffWorkflow.specs.base import TaskSpec

class BpmnTaskSpec(TaskSpec):
    # None on the engine's own tasks (start, joins), set on every diagram element
    bpmn_id: str | None
    bpmn_name: str | None
    lane: str | None
    documentation: str | None
    # Not declared: ``extensions`` (the parser sets it on diagram elements only, read
    # through workflows.usertasks.properties) and the attributes of particular task kinds
    # (script, cond_task_specs, event_definition, ...: read with getattr, see
    # workflows.expressions).
