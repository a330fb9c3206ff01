"""One engine step: (definition, state, action) -> new state, ready user tasks, outcome.

This is the only place that drives SpiffWorkflow. It knows nothing of orgs, users or the
database: callers persist ``StepResult.state`` and materialise ``StepResult.ready`` themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from handlers.vocabulary import CURRENT_ORG
from workflows import serializer, usertasks
from workflows.definitions import Definition
from workflows.scripting import (
    SCRIPT_ENGINE,
    ScriptError,
    ScriptLimitExceeded,
    UnsafeScript,
    step_budget,
)


class TaskNotReady(LookupError):
    """The task is not (or no longer) waiting for input: someone else completed it."""


class StepFailed(RuntimeError):
    """An element of the diagram failed while the engine ran it: a script or expression
    raised, was refused or went over the step's budget, or no gateway condition held. The
    step is abandoned; the state it started from is untouched, so nothing needs undoing.

    ``kind`` says which: ``limit`` (time, iterations, size, memory), ``refused`` (the
    sandbox refused an operation) or ``error`` (the code or the engine raised).
    """

    def __init__(self, element_id: str, element_name: str, reason: str, kind: str) -> None:
        super().__init__(f"{element_id} ({element_name}): {reason}")
        self.element_id = element_id
        self.element_name = element_name
        self.reason = reason
        self.kind = kind


@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for a person, as the diagram describes it. ``lane`` is the
    routing key (``unit``, ``county``, ...), whether the diagram's lane is named with the
    key or with its Chinese label (``单位``, ``县区``, ...). ``current_org`` is what the
    task's data holds under ``current_org`` (None if nothing): where a task in a role lane
    (经办人, 负责人) waits, since a role is found at every org of a review chain.
    """

    id: str
    spec_id: str
    name: str
    lane: str | None
    properties: Mapping[str, str] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)
    current_org: Any = None


@dataclass(frozen=True)
class StepResult:
    """Outcome of starting or advancing an instance. ``state`` is what the next step needs;
    ``finished`` holds the sub-processes of call activities that have completed (see
    ``serializer.split``), kept apart for the views of the whole history."""

    state: dict[str, Any]
    ready: list[ReadyTask]
    completed: bool
    data: dict[str, Any]
    finished: dict[str, Any] = field(default_factory=dict)


def start(definition: Definition, data: Mapping[str, Any]) -> StepResult:
    """Start a new instance with ``data`` as its initial task data and run to the first wait."""
    workflow = BpmnWorkflow(
        definition.spec, definition.subprocess_specs, script_engine=SCRIPT_ENGINE
    )
    workflow.task_tree.data.update(data)
    with _running():
        workflow.do_engine_steps()
    return _result(workflow)


def complete(
    definition: Definition, state: dict[str, Any], task_id: str, data: Mapping[str, Any]
) -> StepResult:
    """Complete the ready user task ``task_id`` with ``data`` merged into its data. Raises
    TaskNotReady or StepFailed, leaving ``state`` as it was.
    """
    workflow = serializer.restore(definition, state)
    task = _ready_task(workflow, task_id)
    task.data.update(data)
    with _running():
        task.run()
        workflow.do_engine_steps()
    return _result(workflow)


def cancel(definition: Definition, state: dict[str, Any]) -> StepResult:
    """End an instance where it stands, running nothing more: every unfinished task is
    cancelled (a side process whose application was rejected has nothing left to wait for).
    """
    workflow = serializer.restore(definition, state)
    with _running():
        workflow.cancel()
    return _result(workflow)


def ready_tasks(definition: Definition, state: dict[str, Any]) -> list[ReadyTask]:
    """The user tasks an instance is waiting on (used to rebuild task rows)."""
    return _ready(serializer.restore(definition, state))


def _ready_task(workflow: BpmnWorkflow, task_id: str) -> Task:
    try:
        task = workflow.get_task_from_id(UUID(task_id))
    except Exception as exc:  # unknown ids raise TaskNotFoundException or ValueError
        raise TaskNotReady(task_id) from exc
    if task.state != TaskState.READY or not task.task_spec.manual:
        raise TaskNotReady(task_id)
    return task


MAX_REASON_CHARS = 300


@contextmanager
def _running() -> Iterator[None]:
    """Run engine code inside one fresh script budget, with its failures as StepFailed."""
    try:
        with step_budget():
            yield
    except (SpiffWorkflowException, ScriptError) as exc:
        raise _failure(exc) from exc


def _failure(exc: Exception) -> StepFailed:
    """StepFailed naming the element SpiffWorkflow blames and the innermost cause (the
    engine wraps script errors, sometimes twice, keeping the original as the context).
    """
    task = getattr(exc, "task", None)
    spec = getattr(exc, "task_spec", None) or (task.task_spec if task is not None else None)
    element_id = getattr(spec, "bpmn_id", None) or getattr(spec, "name", "") or ""
    element_name = getattr(spec, "bpmn_name", None) or element_id
    cause = _root_cause(exc)
    if isinstance(cause, ScriptLimitExceeded):
        kind, reason = "limit", str(cause)
    elif isinstance(cause, UnsafeScript):
        kind, reason = "refused", str(cause)
    elif cause is exc:
        kind, reason = "error", str(exc)
    else:
        kind, reason = "error", f"{type(cause).__name__}: {cause}"
    if len(reason) > MAX_REASON_CHARS:  # an error may quote a value at length
        reason = reason[:MAX_REASON_CHARS] + "…"
    line = getattr(exc, "line_number", None)
    return StepFailed(element_id, element_name, f"{reason} (line {line})" if line else reason, kind)


def _root_cause(exc: BaseException) -> BaseException:
    """The sandbox's own error if there is one in the chain, else the innermost exception."""
    chain = [exc]
    while (inner := chain[-1].__cause__ or chain[-1].__context__) and inner not in chain:
        chain.append(inner)
    return next((e for e in chain if isinstance(e, ScriptError)), chain[-1])


def _ready(workflow: BpmnWorkflow) -> list[ReadyTask]:
    return [
        _ready_task_view(task) for task in workflow.get_tasks(state=TaskState.READY, manual=True)
    ]


def _ready_task_view(task: Task) -> ReadyTask:
    """What a person needs to know about a waiting task. The ``context`` property names the
    data a reviewer should see beside the form (e.g. each auto-review condition's result).
    """
    properties = usertasks.properties(task.task_spec)
    keys = [key for key in properties.get("context", "").split(",") if key]
    spec_id = task.task_spec.bpmn_id or ""  # a user task is a diagram element: it has one
    return ReadyTask(
        id=str(task.id),
        spec_id=spec_id,
        name=task.task_spec.bpmn_name or spec_id,
        lane=usertasks.lane_of(task.task_spec),
        properties=properties,
        context={key: task.data.get(key) for key in keys},
        current_org=task.data.get(CURRENT_ORG),
    )


def result_of(workflow: BpmnWorkflow) -> StepResult:
    """What a step returns for ``workflow`` as it stands (also after a migration)."""
    return _result(workflow)


def _result(workflow: BpmnWorkflow) -> StepResult:
    completed = workflow.is_completed()
    data = dict(workflow.last_task.data) if workflow.last_task else {}
    live, finished = serializer.split(serializer.dump(workflow))
    return StepResult(live, _ready(workflow), completed, data, finished)
