from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.task import Task

class Workflow:
    spec: BpmnProcessSpec
    data: dict[str, Any]
    tasks: dict[UUID, Task]
    task_tree: Task
    last_task: Task | None
    def is_completed(self) -> bool: ...
    # keyword filters: state (a TaskState mask), manual, spec_name, skip_subprocesses, ...
    def get_tasks(self, first_task: Task | None = None, **kwargs: Any) -> list[Task]: ...
    def get_task_from_id(self, task_id: UUID) -> Task: ...
