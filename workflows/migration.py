"""Moving a running instance onto another version of its process, with SpiffWorkflow's own
diff (``SpiffWorkflow.bpmn.util.diff``): an instance moves only when every task it waits on
(READY or WAITING, in the process or a called one) is an element with the same id in the
target; otherwise it is refused, naming the element. Pure: state in, state out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from workflows import serializer
from workflows.definitions import Definition
from workflows.step import StepResult, result_of

WAITING = TaskState.READY | TaskState.WAITING


@dataclass(frozen=True)
class Waiting:
    spec_id: str
    name: str


@dataclass(frozen=True)
class Plan:
    """Whether the instance can move, why not (Chinese, naming the element), and the
    elements it waits on."""

    movable: bool
    reason: str
    waiting: tuple[Waiting, ...]


def plan(source: Definition, state: dict[str, Any], target: Definition) -> Plan:
    workflow = serializer.restore(source, state)
    return _plan(workflow, target)[0]


def migrate(source: Definition, state: dict[str, Any], target: Definition) -> StepResult:
    """The instance moved onto ``target``; raises ValueError when ``plan`` refuses it."""
    workflow = serializer.restore(source, state)
    found, diffs = _plan(workflow, target)
    if not found.movable:
        raise ValueError(found.reason)
    top, per_subprocess = diffs
    migrate_workflow(top, workflow, target.spec)
    for sp_id, sp_diff in per_subprocess.items():
        sub = workflow.subprocesses[sp_id]
        migrate_workflow(sp_diff, sub, target.subprocess_specs[sub.spec.name])
    workflow.subprocess_specs = dict(target.subprocess_specs)
    return result_of(workflow)


def _plan(workflow: Any, target: Definition) -> tuple[Plan, tuple[Any, dict[str, Any]]]:
    registry = serializer.registry()
    top, per_subprocess = diff_workflow(registry, workflow, target.spec, target.subprocess_specs)
    waiting = [
        task for task in workflow.get_tasks(state=WAITING) if task.task_spec.bpmn_id is not None
    ]
    views = tuple(Waiting(t.task_spec.bpmn_id, t.task_spec.bpmn_name or t.task_spec.bpmn_id)
                  for t in waiting)
    diffs = {id(workflow): top}
    diffs.update({id(workflow.subprocesses[k]): v for k, v in per_subprocess.items()})
    for task in waiting:
        reason = _unmapped(task, diffs.get(id(task.workflow)))
        if reason:
            return Plan(False, reason, views), (top, per_subprocess)
    return Plan(True, "", views), (top, per_subprocess)


def _unmapped(task: Any, workflow_diff: Any) -> str:
    """Why ``task`` has no same-id element in the target ("" when it has one)."""
    element = f"“{task.task_spec.bpmn_name or task.task_spec.bpmn_id}”({task.task_spec.bpmn_id})"
    if workflow_diff is None:
        return f"目标版本中没有流程“{task.workflow.spec.name}”，等待中的环节{element}无处可去"
    new_spec = workflow_diff.alignment.get(task)
    if task in workflow_diff.removed or new_spec is None:
        return f"等待中的环节{element}在目标版本中已删除"
    if getattr(new_spec, "bpmn_id", None) != task.task_spec.bpmn_id:
        return f"等待中的环节{element}在目标版本中的编号已改为 {new_spec.bpmn_id}"
    return ""
