"""Who may see and decide a title-platform task (declaration, plan, expert application),
and the title kinds of the one decide path (``app.platform.services.decide``). A task is read
only inside the caller's subtree (404 outside), decided only at the caller's own org, in the
caller's title role and series, with an action the diagram offers and the reason it requires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.platform.models.cases import CaseTask
from app.platform.models.users import User
from app.platform.services import audit, cases, decide
from app.platform.services.errors import Conflict, Forbidden, NotFound
from app.titles.models.declarations import TitleDeclaration, TitleReviewer
from app.titles.models.experts import TitleExpert
from app.titles.models.plans import TitlePlan
from handlers.titles.review import permitted
from handlers.titles.vocabulary import TASK_ACTION_LABELS, TITLE_SERIES_LABELS
from handlers.vocabulary import TITLE_ROLE_LABELS, Role, TaskState

# The rows a title task decides, each keyed by ``id`` (a task's ``subject_id``)
Subject = TypeVar("Subject", TitleDeclaration, TitlePlan, TitleExpert)


class TitleKind(decide.CaseKind[CaseTask, cases.Outcome]):
    """What every title-platform kind shares on the decide path: a missing reason is
    须填写原因, the step is the case bridge's on the kind's case subject (``case``), and the
    record is one line on the subject's chain (``chain``, ``status_field``, ``details``)."""

    def comment_missing(self, action: str) -> str:
        return f"{TASK_ACTION_LABELS.get(action, action)}须填写原因"

    def step(self, session: Session, decision: decide.Decision[CaseTask]) -> cases.Outcome:
        """The case bridge's step on the kind's case subject (``case``)."""
        return cases.complete(
            session,
            self.case(session, decision),
            decision.task,
            decision.user,
            decision.action,
            decision.comment,
        )

    def case(self, session: Session, decision: decide.Decision[CaseTask]) -> cases.Subject:
        """The case the task belongs to; the decision now holds its subject row."""
        raise NotImplementedError

    status_field = "status"
    """The subject's column its status is in."""

    def chain(self, row: Any) -> str:
        """The subject's audit chain."""
        raise NotImplementedError

    def details(self, decision: decide.Decision[CaseTask]) -> dict[str, Any]:
        """What the record tells beyond the task (who, which role, which org)."""
        raise NotImplementedError

    def record(
        self, session: Session, decision: decide.Decision[CaseTask], outcome: cases.Outcome
    ) -> None:
        """Who decided, with which action and reason, at which org (and title role): the
        subject's 审查记录 line."""
        row, task = decision.subject, decision.task
        audit.record_subject(
            session,
            self.chain(row),
            decision.user,
            decision.action,
            comment=decision.comment,
            status_from=decision.status_from,
            status_to=getattr(row, self.status_field),
            task_name=task.name,
            task_spec_id=task.spec_id,
            definition=outcome.definition,
            details={"case_task_id": task.id, **self.details(decision)},
        )


class OrgAdminKind(TitleKind):
    """A task for an org's admin (lane 单位管理员: a transfer, an org's onboarding), found by
    its subject before ``decide``: decided only by the admin of the org it waits at
    (``forbidden`` otherwise); ``stale`` for a task gone or decided."""

    forbidden: str

    def load(self, session: Session, user: User, task_id: int) -> CaseTask:
        task = session.get(CaseTask, task_id)
        if task is None:
            raise Conflict(self.stale)
        return task

    def authorize(self, session: Session, decision: decide.Decision[CaseTask]) -> None:
        task = decision.task
        if task.candidate_org_id != decision.user.org_id or task.candidate_role != Role.ADMIN:
            raise Forbidden(self.forbidden)


def _no_more(row: Any) -> None:
    """Nothing beyond status and where it waits."""


@dataclass(frozen=True)
class Subjects:
    """What a kind of title task is about: the subject row (``model``), its case subject and
    audit chain, the subject's column that keeps an action's reason (``reasons``), and what
    the outcome changes on it beyond status and where it waits (``then``: e.g. approved)."""

    model: type[Any]
    case: Callable[[Any], cases.Subject]
    chain: Callable[[int], str]
    reasons: dict[str, str] = field(default_factory=dict)
    then: Callable[[Any], None] = _no_more


class TaskKind(TitleKind):
    """A kind of title task for a reviewer (declaration, plan, expert application), and how
    its messages name it: decided at the org it waits at, in the caller's title role and
    series, on the one decide path."""

    def __init__(
        self, subject_type: str, noun: str, staff_only: str, stale: str, subjects: Subjects
    ) -> None:
        self.subject_type, self.noun, self.staff_only = subject_type, noun, staff_only
        self.stale = self.not_ready = stale  # what the loser of a race is told
        self.subjects = subjects

    def load(self, session: Session, user: User, task_id: int) -> CaseTask:
        return _in_scope(session, user, task_id, self)

    def authorize(self, session: Session, decision: decide.Decision[CaseTask]) -> None:
        task, user = decision.task, decision.user
        if task.candidate_org_id != user.org_id:
            raise Forbidden(f"该{self.noun}不在本单位待审查列表中")
        _require_own_role_and_series(session, user, task, self)

    def case(self, session: Session, decision: decide.Decision[CaseTask]) -> cases.Subject:
        row = subject_of(session, self.subjects.model, decision.task)
        decision.subject, decision.status_from = row, row.status
        return self.subjects.case(row)

    def apply(
        self, session: Session, decision: decide.Decision[CaseTask], outcome: cases.Outcome
    ) -> None:
        outcome.place(decision.subject)
        if decision.action in self.subjects.reasons:
            setattr(decision.subject, self.subjects.reasons[decision.action], decision.comment)
        self.subjects.then(decision.subject)

    def chain(self, row: Any) -> str:
        return self.subjects.chain(row.id)

    def details(self, decision: decide.Decision[CaseTask]) -> dict[str, Any]:
        return {"role": decision.task.candidate_role, "org": decision.user.org.name}


def reviewer_of(session: Session, user: User) -> TitleReviewer:
    """The caller's title role; 403 for an account that has none."""
    reviewer = session.get(TitleReviewer, user.id) if user.is_reviewer else None
    if reviewer is None:
        raise Forbidden("您尚未被设置职称审查角色，请联系本单位管理员")
    return reviewer


def visible_task(session: Session, user: User, task_id: int, kind: TaskKind) -> CaseTask:
    """A task of ``kind`` in the caller's subtree that the caller's role and series may read."""
    task = _in_scope(session, user, task_id, kind)
    _require_own_role_and_series(session, user, task, kind)
    return task


def _in_scope(session: Session, user: User, task_id: int, kind: TaskKind) -> CaseTask:
    if not user.is_reviewer:
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
            CaseTask.state == TaskState.READY,
            CaseTask.series.in_(reviewer.series or [""]),
        )
        .order_by(CaseTask.created_at.asc(), CaseTask.id.asc())
    )
