"""One engine step: (definition, state, action) -> new state, ready user tasks, outcome.

This is the only place that drives SpiffWorkflow. It knows nothing of orgs, users or the
database: callers persist ``StepResult.state`` and materialise ``StepResult.ready`` themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from workflows import serializer
from workflows.definitions import Definition
from workflows.scripting import SCRIPT_ENGINE


class TaskNotReady(LookupError):
    """The task is not (or no longer) waiting for input: someone else completed it."""


@dataclass(frozen=True)
class ReadyTask:
    """A user task waiting for a person, as the diagram describes it."""

    id: str
    spec_id: str
    name: str
    lane: str | None
    properties: Mapping[str, str] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StepResult:
    """Outcome of starting or advancing an instance."""

    state: dict[str, Any]
    ready: list[ReadyTask]
    completed: bool
    data: dict[str, Any]


def start(definition: Definition, data: Mapping[str, Any]) -> StepResult:
    """Start a new instance with ``data`` as its initial task data and run to the first wait."""
    workflow = BpmnWorkflow(
        definition.spec, definition.subprocess_specs, script_engine=SCRIPT_ENGINE
    )
    workflow.task_tree.data.update(data)
    workflow.do_engine_steps()
    return _result(workflow)


def complete(
    definition: Definition, state: dict[str, Any], task_id: str, data: Mapping[str, Any]
) -> StepResult:
    """Complete the ready user task ``task_id`` with ``data`` merged into its data."""
    workflow = serializer.restore(definition, state)
    task = _ready_task(workflow, task_id)
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()
    return _result(workflow)


def cancel(definition: Definition, state: dict[str, Any]) -> StepResult:
    """End an instance where it stands, running nothing more: every unfinished task is
    cancelled (a side process whose application was rejected has nothing left to wait for).
    """
    workflow = serializer.restore(definition, state)
    workflow.cancel()
    return _result(workflow)


def ready_tasks(definition: Definition, state: dict[str, Any]) -> list[ReadyTask]:
    """The user tasks an instance is waiting on (used to rebuild task rows)."""
    return _ready(serializer.restore(definition, state))


def _ready_task(workflow: BpmnWorkflow, task_id: str) -> Any:
    try:
        task = workflow.get_task_from_id(UUID(task_id))
    except Exception as exc:  # unknown ids raise TaskNotFoundException or ValueError
        raise TaskNotReady(task_id) from exc
    if task.state != TaskState.READY or not task.task_spec.manual:
        raise TaskNotReady(task_id)
    return task


def _ready(workflow: BpmnWorkflow) -> list[ReadyTask]:
    return [
        _ready_task_view(task) for task in workflow.get_tasks(state=TaskState.READY, manual=True)
    ]


def _ready_task_view(task: Any) -> ReadyTask:
    """What a person needs to know about a waiting task. The ``context`` property names the
    data a reviewer should see beside the form (e.g. each auto-review condition's result).
    """
    properties = dict(task.task_spec.extensions.get("properties", {}))
    keys = [key for key in properties.get("context", "").split(",") if key]
    return ReadyTask(
        id=str(task.id),
        spec_id=task.task_spec.bpmn_id,
        name=task.task_spec.bpmn_name or task.task_spec.bpmn_id,
        lane=task.task_spec.lane,
        properties=properties,
        context={key: task.data.get(key) for key in keys},
    )


def _result(workflow: BpmnWorkflow) -> StepResult:
    completed = workflow.is_completed()
    data = dict(workflow.last_task.data) if workflow.last_task else {}
    return StepResult(serializer.dump(workflow), _ready(workflow), completed, data)
