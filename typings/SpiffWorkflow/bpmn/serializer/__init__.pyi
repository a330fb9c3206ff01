from collections.abc import Mapping
from typing import Any, ClassVar

from SpiffWorkflow.bpmn.serializer.helpers.dictionary import DictionaryConverter
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow

class BpmnWorkflowSerializer:
    VERSION_KEY: ClassVar[str]
    VERSION: str
    registry: DictionaryConverter
    @staticmethod
    def configure(
        config: Mapping[type, type] | None = None, registry: DictionaryConverter | None = None
    ) -> DictionaryConverter: ...
    def __init__(self, registry: DictionaryConverter | None = None, version: str = ...) -> None: ...
    def migrate(self, dct: dict[str, Any]) -> None: ...
    def to_dict(self, obj: BpmnWorkflow) -> dict[str, Any]: ...
    def from_dict(self, dct: dict[str, Any]) -> BpmnWorkflow: ...
