"""Bridge between the database and ``workflows`` for subjects that are not exam applications
(a title declaration now; plans, experts and transfers next): start a subject's process,
complete one of its tasks, persist the state and materialise the ready user tasks.

The bridge never changes the subject: it returns an ``Outcome`` (completed, the status the
diagram gives, the process data) that the subject's own service applies, in the same
transaction. No commit here, as in the exam's bridge; ``engine.py`` (what both bridges
share) has the ``engine_errors`` that map the engine's
failures the same way: a task someone completed first -> 409, a failing element or a task
that cannot be routed -> 422, both before anything is written.

Routing: a task in a role lane (经办人 / 负责人) waits at the org the process data names in
``current_org``, for that role, tagged with the subject's series so inboxes filter it (the
单位管理员 lane routes the same way, for role "admin": the org's admin accounts); a task in
the declarant lane waits for the subject's owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.platform.models.cases import CaseInstance, CaseTask
from app.platform.models.users import User
from app.platform.services import bridge, deployments
from app.platform.services.deployments import parsed
from app.platform.services.engine import engine_errors, task_columns
from app.platform.services.errors import Conflict, WorkflowFailed
from handlers.lexicon import STATUS_LABELS
from handlers.vocabulary import (
    DECLARANT_LANE,
    LANE_LABELS,
    ORG_ADMIN_LANE,
    TITLE_ROLE_LABELS,
    Role,
    TaskState,
)
from workflows import serializer, step


@dataclass(frozen=True)
class Subject:
    """What a case is about: its type and id, the person who owns it (declarant-lane tasks
    wait for them) and the series its role-lane tasks are filed under (None: any)."""

    type: str
    id: int
    owner_id: int
    series: str | None = None


Outcome = bridge.Outcome[CaseTask]
"""What one start or step did, for the subject's service to apply (``bridge.Outcome``)."""


def start(
    session: Session, subject: Subject, process_id: str, bpmn_dir: Path, data: dict[str, Any]
) -> Outcome:
    """Start ``process_id`` (its version in the latest deployment) for ``subject`` with
    ``data`` and materialise the tasks it waits on."""
    with engine_errors():
        row = deployments.current_definition(session, process_id, bpmn_dir)
        result = step.start(parsed(row), data)
    instance = CaseInstance(
        subject_type=subject.type,
        subject_id=subject.id,
        definition=row,
        state=serializer.merge(result.state, result.finished),
        completed=result.completed,
    )
    session.add(instance)
    session.flush()
    outcome = bridge.settle(session, instance, result, [], _Router(subject, instance))
    return _checked(session, outcome)


def complete(
    session: Session,
    subject: Subject,
    task: CaseTask,
    actor: User,
    action: str,
    comment: str | None = None,
    data: dict[str, Any] | None = None,
) -> Outcome:
    """Complete ``task`` with ``action`` (plus ``data`` the process reads, e.g. a new chain
    on a resubmission): ``bridge.run_step`` with the case's routing."""
    instance, open_rows = bridge.load(session, CaseInstance, CaseTask, task.instance_id)
    router = _Router(subject, instance)
    outcome = bridge.run_step(
        session, instance, open_rows, task, actor, (action, comment), data, router
    )
    return _checked(session, outcome)


def open_tasks(session: Session, subject_type: str, subject_id: int) -> list[CaseTask]:
    """The subject's ready tasks, oldest first."""
    return list(
        session.scalars(
            select(CaseTask)
            .filter_by(subject_type=subject_type, subject_id=subject_id, state=TaskState.READY)
            .order_by(CaseTask.id)
        )
    )


def owner_task(session: Session, subject: Subject, stale: str) -> CaseTask:
    """The subject's ready task waiting for its owner (修改后重新提交 after a return);
    Conflict with ``stale`` when there is none: someone acted first, or it was not returned."""
    task = session.scalars(
        select(CaseTask).filter_by(
            subject_type=subject.type,
            subject_id=subject.id,
            candidate_user_id=subject.owner_id,
            state=TaskState.READY,
        )
    ).first()
    if task is None:
        raise Conflict(stale)
    return task


def _checked(session: Session, outcome: Outcome) -> Outcome:
    """The outcome once its rows are written and a final status is one the platform knows."""
    session.flush()
    if outcome.completed:
        bridge.final_status(outcome, STATUS_LABELS, "状态")
    return outcome


class _Router(bridge.Router[CaseTask]):
    """A case's routing (see the module docstring)."""

    def __init__(self, subject: Subject, instance: CaseInstance) -> None:
        self.subject, self.instance = subject, instance

    def place(self, ready: step.ReadyTask) -> CaseTask:
        return _task_row(self.subject, self.instance, ready)


def _task_row(subject: Subject, instance: CaseInstance, ready: step.ReadyTask) -> CaseTask:
    org_id, role, user_id = _route(ready, subject)
    return CaseTask(
        instance_id=instance.id,
        subject_type=subject.type,
        subject_id=subject.id,
        **task_columns(ready, default_queue=""),
        candidate_org_id=org_id,
        candidate_role=role,
        candidate_user_id=user_id,
        series=subject.series,
    )


def _route(ready: step.ReadyTask, subject: Subject) -> tuple[int | None, str | None, int | None]:
    """(org, role, user) a ready task waits for; a task no one could act on is refused."""
    if ready.lane == DECLARANT_LANE:
        return None, None, subject.owner_id
    where = f"流程环节“{ready.name}”({ready.spec_id})无法分派"
    if ready.lane not in (*TITLE_ROLE_LABELS, ORG_ADMIN_LANE):
        label = LANE_LABELS.get(ready.lane or "", ready.lane)
        raise WorkflowFailed(f"{where}：泳道“{label}”不是审查角色、单位管理员或申报人")
    org = ready.current_org
    if not isinstance(org, int) or isinstance(org, bool):
        raise WorkflowFailed(f"{where}：流程数据中没有当前审查单位（current_org={org!r}）")
    return org, Role.ADMIN if ready.lane == ORG_ADMIN_LANE else ready.lane, None
