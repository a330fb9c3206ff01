from collections.abc import Mapping
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.helpers.dictionary import DictionaryConverter
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec
from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task

class WorkflowDiff:
    removed: list[Task]
    changed: list[Task]
    alignment: dict[Task, BpmnTaskSpec | None]

def diff_workflow(
    registry: DictionaryConverter,
    workflow: BpmnWorkflow,
    new_spec: BpmnProcessSpec,
    new_dependencies: Mapping[str, BpmnProcessSpec],
) -> tuple[WorkflowDiff, dict[UUID, WorkflowDiff | None]]: ...
def migrate_workflow(
    diff: WorkflowDiff,
    workflow: BpmnBaseWorkflow,
    spec: BpmnProcessSpec,
    reset_mask: int | None = None,
) -> list[Task]: ...
