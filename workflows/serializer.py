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
from SpiffWorkflow.bpmn.serializer.helpers.dictionary import DictionaryConverter
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


def registry() -> DictionaryConverter:
    """The converter registry SpiffWorkflow's diff compares specs with."""
    return _SERIALIZER.registry


def dump(workflow: BpmnWorkflow) -> dict[str, Any]:
    """JSON-ready state of ``workflow`` without its spec."""
    state = _SERIALIZER.to_dict(workflow)
    state[_SERIALIZER.VERSION_KEY] = _SERIALIZER.VERSION
    return state


COMPLETED = 64
"""``TaskState.COMPLETED`` as the serializer stores a task's state."""


def split(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``state`` as ``(live, finished)``: the serialized sub-processes whose call activity
    has completed (and any nested in them) moved out of ``live``. A later step never reads
    them: the completed call activity is never updated again, its output is already in the
    parent's data, and the engine restores only the sub-processes of tasks it finds in
    ``subprocesses``. Only views of the whole history (the instance view, migration) need
    them back, through ``merge``. ``state`` itself is left as it was.
    """
    subprocesses = state.get("subprocesses") or {}
    if not subprocesses:
        return state, {}
    owner = {task_id: None for task_id in state.get("tasks", {})}
    for sp_id, sp in subprocesses.items():
        owner.update(dict.fromkeys(sp.get("tasks", {}), sp_id))
    finished: set[str] = set()
    changed = True
    while changed:  # a sub-process nested in a finished one is finished with it
        changed = False
        for sp_id in subprocesses.keys() - finished:
            parent = owner.get(sp_id)
            tasks = state["tasks"] if parent is None else subprocesses.get(parent, {}).get("tasks", {})
            done = tasks.get(sp_id, {}).get("state") == COMPLETED
            if done or (parent is not None and parent in finished):
                finished.add(sp_id)
                changed = True
    if not finished:
        return state, {}
    live = {k: v for k, v in subprocesses.items() if k not in finished}
    return {**state, "subprocesses": live}, {k: subprocesses[k] for k in finished}


def merge(state: dict[str, Any], finished: dict[str, Any] | None) -> dict[str, Any]:
    """The whole state again from ``split``'s two parts (``finished`` may be None: rows
    written before the split, or with no finished sub-process, keep everything in ``state``)."""
    if not finished:
        return state
    return {**state, "subprocesses": {**finished, **(state.get("subprocesses") or {})}}


def tree_order(tasks: dict[str, Any]) -> dict[str, Any]:
    """``tasks`` (serialized, by id) with every parent before its children.

    SpiffWorkflow stores a task's data as its change from its parent's and rebuilds it while
    restoring the tasks in the order of this mapping: a child met before its parent finds no
    parent yet and keeps nothing but an empty dict. A JSON object has no order of its own
    (PostgreSQL's JSONB sorts keys, and the finished sub-processes are appended through it),
    so the order is made here rather than trusted. Already in order (the usual case): the
    same mapping back.
    """
    seen: set[str] = set()
    for task_id, task in tasks.items():
        if task.get("parent") is not None and task["parent"] not in seen:
            break
        seen.add(task_id)
    else:
        return tasks
    ordered: dict[str, Any] = {}
    stack = [task_id for task_id, task in tasks.items() if task.get("parent") not in tasks]
    stack.reverse()
    while stack:
        task_id = stack.pop()
        if task_id in ordered or task_id not in tasks:
            continue
        ordered[task_id] = tasks[task_id]
        stack.extend(reversed(tasks[task_id].get("children") or []))
    ordered.update((k, v) for k, v in tasks.items() if k not in ordered)  # unreachable: kept
    return ordered


def restore(definition: Definition, state: dict[str, Any]) -> BpmnWorkflow:
    """Rebuild a workflow from ``dump`` output and the definition it was started from.

    ``state`` is left as it was, so a step that fails leaves its caller's state intact: the
    engine's converter pops entries from the top-level dict, from ``subprocesses`` and from
    each sub-process entry (its ``data`` and ``correlations``; nested data is copied as it
    is restored), so those are copied. Older formats are migrated in place by SpiffWorkflow, so they are deep-copied.
    """
    if state.get(_SERIALIZER.VERSION_KEY) == _SERIALIZER.VERSION:
        subprocesses = state.get("subprocesses", {})
        state = {**state, "subprocesses": {k: dict(v) for k, v in subprocesses.items()}}
    else:
        state = copy.deepcopy(state)
    _SERIALIZER.migrate(state)
    state["tasks"] = tree_order(state.get("tasks") or {})
    for subprocess in (state.get("subprocesses") or {}).values():
        subprocess["tasks"] = tree_order(subprocess.get("tasks") or {})
    state["spec"] = definition.spec
    state["subprocess_specs"] = dict(definition.subprocess_specs)
    workflow = _SERIALIZER.from_dict(state)
    workflow.script_engine = SCRIPT_ENGINE
    return workflow
