from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow, BpmnSubWorkflow
from SpiffWorkflow.task import Task

class BpmnWorkflow(BpmnBaseWorkflow):
    subprocess_specs: dict[str, BpmnProcessSpec]
    subprocesses: dict[UUID, BpmnSubWorkflow]
    bpmn_events: list[Any]
    def __init__(
        self,
        spec: BpmnProcessSpec,
        subprocess_specs: dict[str, BpmnProcessSpec] | None = None,
        script_engine: PythonScriptEngine | None = None,
        **kwargs: Any,
    ) -> None: ...
    @property
    def script_engine(self) -> PythonScriptEngine: ...
    @script_engine.setter
    def script_engine(self, engine: PythonScriptEngine) -> None: ...
    def do_engine_steps(self) -> None: ...
    def cancel(self, workflow: BpmnBaseWorkflow | None = None) -> list[Task]: ...
