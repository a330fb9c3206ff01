"""Migration of running instances onto another version of their process (policy staff).

Each chosen instance is planned with SpiffWorkflow's diff (``workflows.migration``): moved
when every task it waits on is an element with the same id in the target version, or one the
plan's ``mappings`` (old id -> new id, checked first: 422 naming ``mappings.<old id>``) map
it to; refused with the reason otherwise. A dry run only plans. Applying moves every movable instance in one
transaction: its state and definition, its open task rows (kept, so a reviewer's open task
stays the same row and stays completable) and one ``migrate`` audit event on the
application's trail each.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import null, select
from sqlalchemy.orm import Session

from app.governance.services.library import require_policy
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task, WorkflowInstance
from app.platform.registry import InstanceSubjects
from app.platform.services import audit, deployments
from app.platform.services.deployments import parsed
from app.platform.services.engine import engine_errors, whole_state
from app.platform.services.errors import Invalid, NotFound
from app.platform.services.transaction import committing
from handlers.vocabulary import TaskState
from workflows import migration
from workflows.step import ReadyTask, StepResult


def migrate_instances(
    session: Session, subjects: InstanceSubjects, user: User, data: dict[str, Any]
) -> list[dict[str, Any]]:
    require_policy(user)
    target = _target(session, data["process_id"], data.get("to_number"))
    instances = _chosen(session, subjects, user, data, target)
    mappings = data.get("mappings") or {}
    _check_mappings(_sources(session, data, instances), target, mappings)
    if data["dry_run"]:
        return [_one(session, subjects, user, i, a, target, mappings, True) for i, a in instances]
    with committing(session, "流程实例刚被他人处理，请刷新后重试"):
        return [_one(session, subjects, user, i, a, target, mappings, False) for i, a in instances]


def move(
    session: Session,
    subjects: InstanceSubjects,
    user: User,
    instance: WorkflowInstance,
    application: Any,
    target: ProcessDefinition,
) -> None:
    """Move one instance onto ``target`` inside the caller's transaction (a retry after a
    redeploy), or refuse (422) saying why."""
    outcome = _one(session, subjects, user, instance, application, target, {}, dry_run=False)
    if outcome["outcome"] != "move":
        raise Invalid(
            f"不能迁移到 v{target.number}：{outcome['reason']}", {"migrate": outcome["reason"]}
        )


def latest_definition(session: Session, process_id: str) -> ProcessDefinition:
    """The latest deployment's version of ``process_id``."""
    return _target(session, process_id, None)


def _sources(
    session: Session, data: dict[str, Any], instances: list[tuple[WorkflowInstance, Any]]
) -> list[ProcessDefinition]:
    """The versions the plan moves instances from: ``from_number``'s, else the chosen
    instances'."""
    if data.get("from_number") is not None:
        row = session.scalars(
            select(ProcessDefinition).filter_by(
                process_id=data["process_id"], number=data["from_number"]
            )
        ).first()
        return [row] if row is not None else []
    return list({instance.definition.id: instance.definition for instance, _ in instances}.values())


def _check_mappings(
    sources: list[ProcessDefinition], target: ProcessDefinition, mappings: dict[str, str]
) -> None:
    """422 naming ``mappings.<old id>`` for a mapping that none of the ``sources`` can use
    (the old id no user task there, the new one none of the same process, kind and lane in
    the target)."""
    if not mappings or not sources:
        return
    with engine_errors():
        found = [
            migration.mapping_problems(parsed(source), parsed(target), mappings)
            for source in sources
        ]
    wrong = {old: reason for problems in found for old, reason in problems.items()}
    usable = {old for problems in found for old in mappings if old not in problems}
    fields = {f"mappings.{old}": reason for old, reason in wrong.items() if old not in usable}
    if fields:
        first = next(iter(fields.values()))
        raise Invalid(f"迁移计划中的环节映射有误：{first}", fields)


def _one(
    session: Session,
    subjects: InstanceSubjects,
    user: User,
    instance: WorkflowInstance,
    application: Any,
    target: ProcessDefinition,
    mappings: dict[str, str],
    dry_run: bool,
) -> dict[str, Any]:
    source = instance.definition
    row = {
        "instance_id": instance.id,
        "application_id": application.id,
        "application_name": application.name,
        "from": source.number,
        "to": target.number,
    }
    if source.id == target.id:
        return {**row, "outcome": "refuse", "reason": "已在目标版本上", "waiting": []}
    with engine_errors():
        plan = migration.plan(parsed(source), whole_state(instance), parsed(target), mappings)
    waiting = [
        {"spec_id": w.spec_id, "name": w.name, "target_id": w.target_id} for w in plan.waiting
    ]
    if not plan.movable:
        return {**row, "outcome": "refuse", "reason": plan.reason, "waiting": waiting}
    if not dry_run:
        _apply(session, subjects, user, instance, application, target, mappings)
    return {**row, "outcome": "move", "reason": "", "waiting": waiting}


def _apply(
    session: Session,
    subjects: InstanceSubjects,
    user: User,
    instance: WorkflowInstance,
    application: Any,
    target: ProcessDefinition,
    mappings: dict[str, str],
) -> None:
    source = instance.definition
    with engine_errors():
        result = migration.migrate(parsed(source), whole_state(instance), parsed(target), mappings)
    instance.definition = target
    # The whole state was migrated, so both parts are replaced, not appended to.
    instance.state, instance.completed = result.state, result.completed
    instance.finished_subprocesses = result.finished or null()
    used = _keep_open_rows(session, instance, result, mappings)
    status_from = application.status
    subjects.resync(session, application, instance, result)  # task rows, status
    mapped = "".join(f"；环节 {old} 映射为 {new}" for old, new in sorted(used.items()))
    audit.record(
        session,
        application,
        user,
        "migrate",
        comment=f"流程 {target.process_id} 由 v{source.number} 迁移到 v{target.number}{mapped}",
        status_from=status_from,
        definition=target,
        details={
            "instance": instance.id,
            "from": source.number,
            "to": target.number,
            "mappings": used,
        },
    )


def _keep_open_rows(
    session: Session, instance: WorkflowInstance, result: StepResult, mappings: dict[str, str]
) -> dict[str, str]:
    """Open task rows follow their element: if the engine re-predicted a waiting task under a
    new id, or the plan mapped its element to another, the row takes the new ids and the
    target's properties, so it stays the row the reviewer sees and completes. Returns the
    mappings that moved a row."""
    ready = {r.id: r for r in result.ready}
    by_spec: dict[str, ReadyTask] = {r.spec_id: r for r in result.ready}
    used = {}
    for row in session.scalars(
        select(Task).filter_by(instance_id=instance.id, state=TaskState.READY)
    ):
        spec_id = mappings.get(row.spec_id, row.spec_id)
        now = ready.get(row.engine_task_id) or by_spec.get(spec_id)
        if now is None:
            continue
        if now.spec_id != row.spec_id:
            used[row.spec_id] = now.spec_id
        row.engine_task_id, row.spec_id, row.name = now.id, now.spec_id, now.name
        row.queue = now.properties.get("queue", "manual")
        row.actions = now.properties.get("actions", "")
        row.comment_required = now.properties.get("comment_required", "")
    return used


def _target(session: Session, process_id: str, number: int | None) -> ProcessDefinition:
    if number is None:
        deployment = deployments.latest(session)
        if deployment is None:
            raise NotFound("尚无部署版本", {"process_id": "尚无部署版本"})
        return deployments.definition_in(session, deployment, process_id)
    row = session.scalars(
        select(ProcessDefinition).filter_by(process_id=process_id, number=number)
    ).first()
    if row is None:
        raise NotFound(f"流程 {process_id} 没有版本 v{number}", {"to_number": "版本不存在"})
    return row


def _chosen(
    session: Session,
    subjects: InstanceSubjects,
    user: User,
    data: dict[str, Any],
    target: ProcessDefinition,
) -> list[tuple[WorkflowInstance, Any]]:
    """The instances named (each must be a running instance of the process), or every
    running instance of the process on version ``from_number`` (on any other version than
    the target when no version is named), each with its application, in the user's scope."""
    query = (
        select(WorkflowInstance)
        .join(ProcessDefinition, WorkflowInstance.definition_id == ProcessDefinition.id)
        .where(
            ProcessDefinition.process_id == data["process_id"],
            WorkflowInstance.application_id.in_(subjects.in_scope(user)),
        )
        .order_by(WorkflowInstance.id)
    )
    ids = data.get("instance_ids")
    if ids:
        found = list(session.scalars(query.where(WorkflowInstance.id.in_(ids))))
        missing = set(ids) - {instance.id for instance in found}
        if missing:
            raise NotFound("流程实例不存在", {"instance_ids": f"不存在：{sorted(missing)}"})
        if any(instance.completed for instance in found):
            raise Invalid("已结束的流程实例不能迁移", {"instance_ids": "含已结束的流程实例"})
        return _with_subjects(session, subjects, found)
    query = query.where(WorkflowInstance.completed.is_(False))
    if data.get("from_number") is not None:
        query = query.where(ProcessDefinition.number == data["from_number"])
    else:
        query = query.where(ProcessDefinition.id != target.id)
    return _with_subjects(session, subjects, list(session.scalars(query)))


def _with_subjects(
    session: Session, subjects: InstanceSubjects, instances: list[WorkflowInstance]
) -> list[tuple[WorkflowInstance, Any]]:
    found = subjects.by_id(session, {instance.application_id for instance in instances})
    return [(instance, found[instance.application_id]) for instance in instances]
