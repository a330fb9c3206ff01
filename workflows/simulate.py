"""What-if runs: a process from its start on given facts, in memory, every user task
completed with ``pass`` (the applicant's with ``resubmit``), recording which user tasks it
meets. Nothing is stored: the workflow lives only for the call.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from workflows import usertasks
from workflows.definitions import Definition
from workflows.scripting import SCRIPT_ENGINE, ScriptError, step_budget

MAX_STEPS = 30
CHOICES = ("pass", "resubmit")


@dataclass(frozen=True)
class Visit:
    """One user task met on the way: its lane, inbox queue, element id and name."""

    lane: str | None
    queue: str
    spec_id: str
    name: str


@dataclass(frozen=True)
class Run:
    """The tasks met in order, and how the run ended: the ``status`` the process set,
    ``"limit"`` when it was still going after MAX_STEPS tasks, or ``"error"``."""

    visits: tuple[Visit, ...]
    outcome: str
    error: str = ""


def run(definition: Definition, facts: Mapping[str, Any], max_steps: int = MAX_STEPS) -> Run:
    workflow = BpmnWorkflow(
        definition.spec, definition.subprocess_specs, script_engine=SCRIPT_ENGINE
    )
    workflow.task_tree.data.update(facts)
    visits: list[Visit] = []
    try:
        _advance(workflow)
        while not workflow.is_completed():
            ready = workflow.get_tasks(state=TaskState.READY, manual=True)
            if not ready or len(visits) >= max_steps:
                return Run(tuple(visits), "limit")
            task = ready[0]
            visits.append(_visit(task))
            task.data.update({"action": _choice(task), "comment": ""})
            task.run()
            _advance(workflow)
    except (SpiffWorkflowException, ScriptError) as exc:
        return Run(tuple(visits), "error", str(exc)[:300])
    status = workflow.last_task.data.get("status") if workflow.last_task else None
    return Run(tuple(visits), str(status))


def _advance(workflow: BpmnWorkflow) -> None:
    with step_budget():
        workflow.do_engine_steps()


def _visit(task: Task) -> Visit:
    properties = usertasks.properties(task.task_spec)
    spec_id = task.task_spec.bpmn_id or ""  # a user task is a diagram element: it has one
    return Visit(
        usertasks.lane_of(task.task_spec),
        properties.get("queue", "manual"),
        spec_id,
        task.task_spec.bpmn_name or spec_id,
    )


def _choice(task: Task) -> str:
    offered = usertasks.properties(task.task_spec).get("actions", "").split(",")
    return next((c for c in CHOICES if c in offered), offered[0] if offered[0] else "pass")
