"""Read an instance's serialized state for auditors: which elements of which diagram it passed,
which sequence flows it took, where it waits, and the workflow data after each step.

Read-only and free of the database: the state is restored with the definition it was started
from (``serializer.restore`` leaves the caller's state untouched) and walked, the main process
and every sub-process its call activities ran. Nothing here runs the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml import etree
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from workflows import serializer, usertasks
from workflows.definitions import Definition
from workflows.library import attribute

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"

# Element states as the instance view colours them. A call activity whose sub-process runs
# is STARTED: it waits like a user task does.
WAITING_MASK = TaskState.READY | TaskState.STARTED | TaskState.WAITING
COMPLETED, WAITING, CANCELLED = "completed", "waiting", "cancelled"

# Steps whose data an auditor reads: where data enters or changes (the start event carries the
# submitted facts, user tasks the reviewer's decision, rules and scripts their results, call
# activities what their sub-process returned). Gateways and plain events only route.
DATA_STEP_TYPES = frozenset(
    {"StartEvent", "UserTask", "ScriptTask", "BusinessRuleTask", "CallActivity", "EndEvent"}
)

MAX_TEXT = 200
MAX_ITEMS = 20
MAX_DEPTH = 4


@dataclass
class ElementTrace:
    """One BPMN element as this instance met it (possibly several times, e.g. after a return)."""

    state: str
    type: str
    name: str
    lane: str | None
    count: int = 0
    last_at: datetime | None = None


@dataclass
class ProcessTrace:
    """One diagram's part of an instance: the elements passed and the flows taken."""

    process_id: str
    elements: dict[str, ElementTrace] = field(default_factory=dict)
    flows: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class DataStep:
    """The workflow data right after one completed step, and which keys the step changed."""

    process_id: str
    element_id: str
    name: str
    type: str
    at: datetime
    data: dict[str, Any]
    changed: list[str]


@dataclass(frozen=True)
class InstanceTrace:
    """``processes`` holds the main process first, then each called process in the order
    it first ran; ``task_process`` maps engine task ids to the process that owns them, so task
    rows (which know only the element id) land on the right diagram."""

    processes: list[ProcessTrace]
    steps: list[DataStep]
    task_process: dict[str, str]


def trace(
    definition: Definition, state: dict[str, Any], sources: Mapping[str, str]
) -> InstanceTrace:
    """Everything the instance view shows of ``state``, read with ``definition``; the flow ids
    come from the definition's BPMN ``sources`` (the parsed specs drop them)."""
    workflow = serializer.restore(definition, state)
    flows = flows_by_ends(sources)
    processes: dict[str, ProcessTrace] = {}
    steps: list[DataStep] = []
    task_process: dict[str, str] = {}
    runs = [workflow, *workflow.subprocesses.values()]
    for run in sorted(runs, key=lambda w: _started(w.tasks.values())):
        pid = run.spec.name
        process = processes.setdefault(pid, ProcessTrace(pid))
        for task in run.tasks.values():
            task_process[str(task.id)] = pid
            _visit(process, task, flows.get(pid, {}), steps)
    main = processes.pop(workflow.spec.name, ProcessTrace(workflow.spec.name))
    steps.sort(key=lambda s: s.at)
    return InstanceTrace([main, *processes.values()], steps, task_process)


def _started(tasks: Iterable[Task]) -> float:
    return min((t.last_state_change for t in tasks), default=0.0)


def _visit(
    process: ProcessTrace,
    task: Task,
    flows: Mapping[tuple[str, str], list[str]],
    steps: list[DataStep],
) -> None:
    spec = task.task_spec
    element_id = spec.bpmn_id
    state = _state(task.state)
    source = _nearest_element(task.parent)
    reached = source is None or _state(source.state) == COMPLETED
    if element_id is None or state is None or (state == CANCELLED and not reached):
        return  # the engine's own tasks, a path not taken, or one cancelled before reached
    at = datetime.fromtimestamp(task.last_state_change, UTC).replace(tzinfo=None)
    element = process.elements.get(element_id)
    if element is None:
        element = process.elements[element_id] = ElementTrace(
            state, type(spec).__name__, spec.bpmn_name or element_id, usertasks.lane_of(spec)
        )
    element.count += 1
    element.state = _stronger(element.state, state)
    element.last_at = max(element.last_at or at, at)
    if source is not None and reached:
        source_id = source.task_spec.bpmn_id or ""  # a diagram element: it has one
        process.flows.update(flows.get((source_id, element_id), ()))
    if state == COMPLETED and element.type in DATA_STEP_TYPES:
        steps.append(_data_step(process.process_id, element_id, task, element, at))


def _state(value: int) -> str | None:
    if value & TaskState.COMPLETED:
        return COMPLETED
    if value & WAITING_MASK:
        return WAITING
    if value & TaskState.CANCELLED:
        return CANCELLED
    return None  # predicted (MAYBE, LIKELY, FUTURE): not reached


def _stronger(old: str, new: str) -> str:
    """An element met twice shows where it stands now: waiting beats completed beats cancelled."""
    order = (CANCELLED, COMPLETED, WAITING)
    return max(old, new, key=order.index)


def _nearest_element(task: Task | None) -> Task | None:
    """The closest ancestor that is a diagram element (skipping the engine's own tasks)."""
    while task is not None and task.task_spec.bpmn_id is None:
        task = task.parent
    return task


def _data_step(
    process_id: str, element_id: str, task: Task, element: ElementTrace, at: datetime
) -> DataStep:
    previous = _nearest_element(task.parent)  # none for the first step: all of it is new
    before = previous.data if previous is not None else {}
    changed = [k for k, v in task.data.items() if k not in before or before[k] != v]
    return DataStep(
        process_id=process_id,
        element_id=element_id,
        name=element.name,
        type=element.type,
        at=at,
        data={key: clip(value) for key, value in task.data.items()},
        changed=changed,
    )


def clip(value: Any, depth: int = 0) -> Any:
    """``value`` small enough to show: long texts and lists cut, deep nesting summarised."""
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, list | tuple):
        if depth >= MAX_DEPTH:
            return f"[{len(value)} 项]"
        items = [clip(v, depth + 1) for v in value[:MAX_ITEMS]]
        return items + ([f"…（共 {len(value)} 项）"] if len(value) > MAX_ITEMS else [])
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return f"{{{len(value)} 项}}"
        keys = list(value)[:MAX_ITEMS]
        clipped = {str(k): clip(value[k], depth + 1) for k in keys}
        if len(value) > MAX_ITEMS:
            clipped["…"] = f"共 {len(value)} 项"
        return clipped
    if value is None or isinstance(value, bool | int | float):
        return value
    return clip(str(value), depth)


def process_files(sources: Mapping[str, str]) -> dict[str, str]:
    """{process id: the BPMN file declaring it} over ``sources``."""
    files = {}
    for name, text in sources.items():
        if name.endswith(".bpmn"):
            for process in etree.fromstring(text.encode()).iterfind(f"{BPMN}process"):
                files[attribute(process, "id")] = name
    return files


def flows_by_ends(sources: Mapping[str, str]) -> dict[str, dict[tuple[str, str], list[str]]]:
    """{process id: {(source element, target element): [sequence flow ids]}} of every BPMN
    file in ``sources``: a step from one element to the next took the flow joining them."""
    found: dict[str, dict[tuple[str, str], list[str]]] = {}
    for name, text in sources.items():
        if not name.endswith(".bpmn"):
            continue
        for process in etree.fromstring(text.encode()).iterfind(f"{BPMN}process"):
            ends = found.setdefault(attribute(process, "id"), {})
            for flow in process.iter(f"{BPMN}sequenceFlow"):
                key = (attribute(flow, "sourceRef"), attribute(flow, "targetRef"))
                ends.setdefault(key, []).append(attribute(flow, "id"))
    return found
