"""Moving a running instance onto another version of its process, with SpiffWorkflow's own
diff (``SpiffWorkflow.bpmn.util.diff``): an instance moves only when every task it waits on
(READY or WAITING, in the process or a called one) is an element with the same id in the
target, or one the migration plan maps it to explicitly (``mappings``: old id -> new id, as
Camunda's migration plan does, for an element renamed in the target); otherwise it is
refused, naming the element. Pure: state in, state out.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.bpmn_task_spec import BpmnTaskSpec
from SpiffWorkflow.bpmn.util.diff import WorkflowDiff, diff_workflow, migrate_workflow
from SpiffWorkflow.bpmn.util.subworkflow import BpmnBaseWorkflow
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from workflows import serializer, usertasks
from workflows.definitions import Definition
from workflows.step import StepResult, result_of

WAITING = TaskState.READY | TaskState.WAITING


@dataclass(frozen=True)
class Waiting:
    """A task the instance waits on, and the id it has in the target ("" if none)."""

    spec_id: str
    name: str
    target_id: str = ""


@dataclass(frozen=True)
class Plan:
    """Whether the instance can move, why not (Chinese, naming the element), and the
    elements it waits on."""

    movable: bool
    reason: str
    waiting: tuple[Waiting, ...]


def mapping_problems(
    source: Definition, target: Definition, mappings: Mapping[str, str]
) -> dict[str, str]:
    """{old id: why the mapping ``old -> new`` cannot be used} for ``source`` -> ``target``:
    the old id must be a user task of a process of the source, the new one a user task of
    the same process in the target (where an id is used in several processes, the mapping
    applies in those whose target has the new id), of the same kind and in the same lane."""
    problems = {}
    for old_id, new_id in mappings.items():
        problem = _mapping_problem(source, target, old_id, new_id)
        if problem:
            problems[old_id] = problem
    return problems


def _mapping_problem(source: Definition, target: Definition, old_id: str, new_id: str) -> str:
    found = list(_specs(source, old_id))
    if not found:
        return f"源版本中没有用户任务 {old_id}"
    applies = False
    for process_id, old in found:
        process = _process(target, process_id)
        new = process.task_specs.get(new_id) if process is not None else None
        if new is None or not new.manual:
            continue
        reason = _incompatible(old, new)
        if reason:
            return reason
        applies = True
    if applies:
        return ""
    processes = "、".join(process_id for process_id, _ in found)
    return f"目标版本中 {old_id} 所在的流程（{processes}）没有用户任务 {new_id}"


def _specs(definition: Definition, element_id: str) -> Iterator[tuple[str, BpmnTaskSpec]]:
    """(process id, task spec) of every user task ``element_id`` in ``definition``."""
    for process in (definition.spec, *definition.subprocess_specs.values()):
        spec = process.task_specs.get(element_id)
        if spec is not None and spec.manual:
            yield process.name, spec


def _process(definition: Definition, process_id: str) -> BpmnProcessSpec | None:
    if definition.spec.name == process_id:
        return definition.spec
    return definition.subprocess_specs.get(process_id)


def _incompatible(old: BpmnTaskSpec, new: BpmnTaskSpec) -> str:
    if type(new) is not type(old):
        return f"{old.bpmn_id} 与 {new.bpmn_id} 的任务类型不同"
    if usertasks.lane_of(new) != usertasks.lane_of(old):
        return f"{old.bpmn_id} 与 {new.bpmn_id} 不在同一泳道（{old.lane} / {new.lane}）"
    return ""


def plan(
    source: Definition,
    state: dict[str, Any],
    target: Definition,
    mappings: Mapping[str, str] | None = None,
) -> Plan:
    workflow = serializer.restore(source, state)
    return _plan(workflow, target, mappings or {})[0]


def migrate(
    source: Definition,
    state: dict[str, Any],
    target: Definition,
    mappings: Mapping[str, str] | None = None,
) -> StepResult:
    """The instance moved onto ``target``; raises ValueError when ``plan`` refuses it.
    Every task of a mapped element (waiting or already done) takes the element it is
    mapped to, so the history reads as the target's."""
    mappings = mappings or {}
    workflow = serializer.restore(source, state)
    found, diffs = _plan(workflow, target, mappings)
    if not found.movable:
        raise ValueError(found.reason)
    top, per_subprocess = diffs
    _apply_mappings(top, workflow, target.spec, mappings)
    migrate_workflow(top, workflow, target.spec)
    for sp_id, sp_diff in per_subprocess.items():
        sub = workflow.subprocesses[sp_id]
        if sp_diff is None:  # no task waits in it (``plan`` refuses those): nothing to move
            raise ValueError(f"目标版本中没有流程“{sub.spec.name}”")
        spec = target.subprocess_specs[sub.spec.name]
        _apply_mappings(sp_diff, sub, spec, mappings)
        migrate_workflow(sp_diff, sub, spec)
    workflow.subprocess_specs = dict(target.subprocess_specs)
    return result_of(workflow)


def _apply_mappings(
    diff: WorkflowDiff,
    workflow: BpmnBaseWorkflow,
    spec: BpmnProcessSpec,
    mappings: Mapping[str, str],
) -> None:
    """Align every task of a mapped element with its new element in ``spec``, whatever
    SpiffWorkflow's diff guessed from the structure."""
    for task in workflow.tasks.values():
        new_id = mappings.get(task.task_spec.bpmn_id or "")
        if new_id is not None and new_id in spec.task_specs:
            diff.alignment[task] = spec.task_specs[new_id]
            if task in diff.removed:
                diff.removed.remove(task)


Diffs = tuple[WorkflowDiff, dict[UUID, WorkflowDiff | None]]
"""SpiffWorkflow's diff of the process, and of each sub-process (None: not in the target)."""


def _plan(
    workflow: BpmnWorkflow, target: Definition, mappings: Mapping[str, str]
) -> tuple[Plan, Diffs]:
    registry = serializer.registry()
    top, per_subprocess = diff_workflow(registry, workflow, target.spec, target.subprocess_specs)
    diffs: dict[int, WorkflowDiff | None] = {id(workflow): top}
    diffs.update({id(workflow.subprocesses[k]): v for k, v in per_subprocess.items()})
    views, refusal = [], ""
    for task in workflow.get_tasks(state=WAITING):
        element_id = task.task_spec.bpmn_id
        if element_id is None:  # the engine's own tasks
            continue
        workflow_diff = diffs.get(id(task.workflow))
        target_id, reason = _target_of(task, element_id, workflow_diff, target, mappings)
        views.append(Waiting(element_id, task.task_spec.bpmn_name or element_id, target_id))
        refusal = refusal or reason
    return Plan(not refusal, refusal, tuple(views)), (top, per_subprocess)


def _target_of(
    task: Task,
    element_id: str,
    workflow_diff: WorkflowDiff | None,
    target: Definition,
    mappings: Mapping[str, str],
) -> tuple[str, str]:
    """(the id ``task`` (element ``element_id``) will have in the target, why it cannot move:
    "" when it can)."""
    spec = task.task_spec
    element = f"“{spec.bpmn_name or element_id}”({element_id})"
    if workflow_diff is None:
        return "", f"目标版本中没有流程“{task.workflow.spec.name}”，等待中的环节{element}无处可去"
    mapped = mappings.get(element_id)
    process = _process(target, task.workflow.spec.name)
    if mapped is not None and process is not None and mapped in process.task_specs:
        return mapped, ""
    new_spec = workflow_diff.alignment.get(task)
    if task in workflow_diff.removed or new_spec is None:
        return (
            "",
            f"等待中的环节{element}在目标版本中已删除，可在迁移计划中将其映射到目标版本的环节",
        )
    if new_spec.bpmn_id != element_id:
        return new_spec.bpmn_id or "", (
            f"等待中的环节{element}在目标版本中的编号已改为 {new_spec.bpmn_id}，"
            f"需在迁移计划中映射 {element_id} → {new_spec.bpmn_id}"
        )
    return element_id, ""
