"""Instance state without the embedded spec.

SpiffWorkflow's serializer copies the whole process spec into every instance (about 60% of its
size). The spec is stored once per definition version, so instance state keeps only tasks and
data, and the parsed spec object is put back before restoring.
"""

from __future__ import annotations

import copy
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import (
    BpmnWorkflowConverter,
    WorkflowConverter,
)
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from workflows.definitions import Definition
from workflows.scripting import SCRIPT_ENGINE


class _SpeclessWorkflowConverter(BpmnWorkflowConverter):
    """SpiffWorkflow's top-level workflow converter without the spec: its ``to_dict``
    converts the process spec and every subprocess spec on each dump (about 40% of a step's
    engine time) only for ``dump`` to throw them away. Restoring is unchanged: ``restore``
    hands it the parsed spec objects."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct


_SERIALIZER = BpmnWorkflowSerializer(
    BpmnWorkflowSerializer.configure({**SPIFF_CONFIG, BpmnWorkflow: _SpeclessWorkflowConverter})
)


def registry() -> Any:
    """The converter registry SpiffWorkflow's diff compares specs with."""
    return _SERIALIZER.registry


def dump(workflow: BpmnWorkflow) -> dict[str, Any]:
    """JSON-ready state of ``workflow`` without its spec."""
    state = _SERIALIZER.to_dict(workflow)
    state[_SERIALIZER.VERSION_KEY] = _SERIALIZER.VERSION
    return state


def restore(definition: Definition, state: dict[str, Any]) -> BpmnWorkflow:
    """Rebuild a workflow from ``dump`` output and the definition it was started from.

    ``state`` is left as it was, so a step that fails leaves its caller's state intact: the
    engine's converter pops entries from the top-level dict and from ``subprocesses`` (the
    only nested dict it consumes; nested data is copied as it is restored), so those two
    are copied. Older formats are migrated in place by SpiffWorkflow, so they are deep-copied.
    """
    if state.get(_SERIALIZER.VERSION_KEY) == _SERIALIZER.VERSION:
        state = {**state, "subprocesses": dict(state.get("subprocesses", {}))}
    else:
        state = copy.deepcopy(state)
    _SERIALIZER.migrate(state)
    state["spec"] = definition.spec
    state["subprocess_specs"] = dict(definition.subprocess_specs)
    workflow = _SERIALIZER.from_dict(state)
    workflow.script_engine = SCRIPT_ENGINE
    return workflow
