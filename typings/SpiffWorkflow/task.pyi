from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec
from SpiffWorkflow.workflow import Workflow

class Task:
    id: UUID
    workflow: Workflow
    task_spec: BpmnTaskSpec
    data: dict[str, Any]
    last_state_change: float
    @property
    def state(self) -> int: ...
    @property
    def parent(self) -> Task | None: ...
    @property
    def children(self) -> list[Task]: ...
    def run(self) -> bool | None: ...
