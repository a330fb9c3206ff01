"""Who may see and decide a title-platform task (declaration or plan): the rules both review
services apply before a step, in one place. A task is read only inside the caller's subtree
(404 outside), decided only at the caller's own org, in the caller's title role and series,
with an action the diagram offers and the reason it requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.platform.models.cases import CaseTask
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition
from app.platform.services import audit
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.titles.models.declarations import TitleDeclaration, TitleReviewer
from app.titles.models.experts import TitleExpert
from app.titles.models.plans import TitlePlan
from handlers.titles.review import permitted
from handlers.titles.vocabulary import TASK_ACTION_LABELS, TITLE_SERIES_LABELS
from handlers.vocabulary import TITLE_ROLE_LABELS

# The rows a title task decides, each keyed by ``id`` (a task's ``subject_id``)
Subject = TypeVar("Subject", TitleDeclaration, TitlePlan, TitleExpert)


@dataclass(frozen=True)
class TaskKind:
    """A kind of title task and how its messages name it."""

    subject_type: str
    noun: str  # 任务 / 申报计划
    staff_only: str  # what a non-reviewer is told
    stale: str  # what the loser of a race is told


def reviewer_of(session: Session, user: User) -> TitleReviewer:
    """The caller's title role; 403 for an account that has none."""
    reviewer = session.get(TitleReviewer, user.id) if user.role in ("admin", "reviewer") else None
    if reviewer is None:
        raise Forbidden("您尚未被设置职称审查角色，请联系本单位管理员")
    return reviewer


def visible_task(session: Session, user: User, task_id: int, kind: TaskKind) -> CaseTask:
    """A task of ``kind`` in the caller's subtree that the caller's role and series may read."""
    task = _in_scope(session, user, task_id, kind)
    _require_own_role_and_series(session, user, task, kind)
    return task


def decidable_task(
    session: Session, user: User, task_id: int, kind: TaskKind, action: str, comment: str
) -> CaseTask:
    """A task the caller may decide now with ``action`` and ``comment``."""
    task = _in_scope(session, user, task_id, kind)
    if task.candidate_org_id != user.org_id:
        raise Forbidden(f"该{kind.noun}不在本单位待审查列表中")
    _require_own_role_and_series(session, user, task, kind)
    if task.state != "ready":
        raise Conflict(kind.stale)
    if action not in task.allowed_actions:
        raise Invalid("当前环节不支持该操作", {"action": "当前环节不支持该操作"})
    if task.needs_comment(action) and not comment.strip():
        message = f"{TASK_ACTION_LABELS.get(action, action)}须填写原因"
        raise Invalid(message, {"comment": message})
    return task


def _in_scope(session: Session, user: User, task_id: int, kind: TaskKind) -> CaseTask:
    if user.role not in ("admin", "reviewer"):
        raise Forbidden(kind.staff_only)
    task = session.get(CaseTask, task_id)
    if (
        task is None
        or task.subject_type != kind.subject_type
        or task.candidate_org is None
        or not user.org.contains(task.candidate_org)
    ):
        raise NotFound("任务不存在")
    return task


def _require_own_role_and_series(
    session: Session, user: User, task: CaseTask, kind: TaskKind
) -> None:
    reviewer = reviewer_of(session, user)
    if task.candidate_role != reviewer.role:
        role = TITLE_ROLE_LABELS.get(task.candidate_role or "", task.candidate_role)
        raise Forbidden(f"该{kind.noun}由{role}审查，不在您的审查角色内")
    if not permitted(reviewer.series, task.series or ""):
        series = TITLE_SERIES_LABELS.get(task.series or "", task.series)
        raise Forbidden(f"您没有审查“{series}”系列的权限")


def subject_of(session: Session, model: type[Subject], task: CaseTask) -> Subject:
    """The row ``task`` decides (a declaration, a plan, an expert application). A case's
    rows outlive its tasks, so one missing is broken data: 404 like a task out of reach, not
    an AttributeError."""
    subject = session.get(model, task.subject_id)
    if subject is None:
        raise NotFound("任务不存在")
    return subject


def waiting_for(
    session: Session, user: User, subject_type: str, model: type[Subject]
) -> Select[CaseTask, Subject]:
    """Ready tasks of ``subject_type`` at the caller's org, for its title role, in its series,
    each joined to its subject row (``model``); oldest first. 403 without a title role."""
    reviewer = reviewer_of(session, user)
    return (
        select(CaseTask, model)
        .join(model, model.id == CaseTask.subject_id)
        .where(
            CaseTask.subject_type == subject_type,
            CaseTask.candidate_org_id == user.org_id,
            CaseTask.candidate_role == reviewer.role,
            CaseTask.state == "ready",
            CaseTask.series.in_(reviewer.series or [""]),
        )
        .order_by(CaseTask.created_at.asc(), CaseTask.id.asc())
    )


def record_decision(
    session: Session,
    chain: str,
    user: User,
    task: CaseTask,
    comment: str,
    status: tuple[str | None, str | None],
    definition: ProcessDefinition,
) -> None:
    """The audit record of one decision on a title task (``status``: from, to): who, with
    which action and reason, at which org and in which title role (its 审查记录 line)."""
    audit.record_subject(
        session,
        chain,
        user,
        task.action or "",
        comment=comment,
        status_from=status[0],
        status_to=status[1],
        task_name=task.name,
        task_spec_id=task.spec_id,
        definition=definition,
        details={"case_task_id": task.id, "role": task.candidate_role, "org": user.org.name},
    )
