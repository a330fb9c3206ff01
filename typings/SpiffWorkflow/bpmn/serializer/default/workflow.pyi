from collections.abc import Mapping
from typing import Any

from SpiffWorkflow.bpmn.serializer.helpers.dictionary import DictionaryConverter

class BpmnConverter:
    registry: DictionaryConverter
    def __init__(self, target_class: type, registry: DictionaryConverter) -> None: ...
    def mapping_to_dict(self, mapping: Mapping[Any, Any]) -> dict[str, Any]: ...

class WorkflowConverter(BpmnConverter):
    # the registry hands each converter the objects of the class it is registered for
    def to_dict(self, workflow: Any) -> dict[str, Any]: ...

class BpmnWorkflowConverter(WorkflowConverter): ...
