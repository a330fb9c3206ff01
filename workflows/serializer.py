"""Instance state without the embedded spec.

SpiffWorkflow's serializer copies the whole process spec into every instance (about 60% of its
size). The spec is stored once per definition version, so instance state keeps only tasks and
data, and the parsed spec object is put back before restoring.
"""

from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from workflows.definitions import Definition
from workflows.scripting import SCRIPT_ENGINE

_SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))


def dump(workflow: BpmnWorkflow) -> dict[str, Any]:
    """JSON-ready state of ``workflow`` without its spec."""
    state = _SERIALIZER.to_dict(workflow)
    del state["spec"], state["subprocess_specs"]
    state[_SERIALIZER.VERSION_KEY] = _SERIALIZER.VERSION
    return state


def restore(definition: Definition, state: dict[str, Any]) -> BpmnWorkflow:
    """Rebuild a workflow from ``dump`` output and the definition it was started from.

    The state dict is consumed (the engine's converter pops from nested dicts): pass a fresh
    copy, as a database load naturally is.
    """
    state = dict(state)
    _SERIALIZER.migrate(state)
    state["spec"] = definition.spec
    state["subprocess_specs"] = dict(definition.subprocess_specs)
    workflow = _SERIALIZER.from_dict(state)
    workflow.script_engine = SCRIPT_ENGINE
    return workflow
