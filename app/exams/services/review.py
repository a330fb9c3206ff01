"""Reviewer use cases: the inbox, a task, completing it, comments and review records."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from app.exams.models.applications import Application
from app.exams.services import audit as exam_audit
from app.exams.services import engine, materials
from app.exams.services.listing import (
    apply_filters,
    filters_application,
    needs_application,
    sort_tasks,
)
from app.exams.services.scope import get_application
from app.platform.models.audit import AuditEvent
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import Task
from app.platform.services import audit, decide
from app.platform.services.engine import Step
from app.platform.services.errors import Conflict, Forbidden, NotFound, ServiceError
from app.platform.services.listing import Page, paginate
from app.platform.services.seasons import with_season
from app.platform.services.transaction import committing
from handlers.exams.materials import may_recheck
from handlers.exams.vocabulary import TASK_ACTION_LABELS, Queue, Status
from handlers.idcard import mask
from handlers.vocabulary import TaskState

log = logging.getLogger(__name__)


def inbox(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """Ready tasks waiting at the user's own org, oldest first unless ``sort`` names another
    whitelisted column: one indexed query."""
    return paginate(session, inbox_query(user, filters), filters)


def inbox_query(user: User, filters: dict[str, Any]) -> Select:
    """The inbox's rows, unpaged: the page and its Excel export list the same tasks."""
    require_reviewer(user)
    query = select(Task).where(Task.candidate_org_id == user.org_id, Task.state == TaskState.READY)
    if filters.get("queue"):
        query = query.where(Task.queue == filters["queue"])
    if not needs_application(filters):
        # The total then counts index entries alone (ix_tasks_inbox_order); each row's
        # application is joined to the page's rows only.
        return sort_tasks(query, filters.get("sort")).options(joinedload(Task.application))
    if filters_application(filters):
        query = apply_filters(
            query.join(Application, Task.application_id == Application.id), filters
        )
    else:
        # Only the sort reads the application: an outer join (the same rows, every task has
        # one) that PostgreSQL drops from the total's plan, which reads no application column.
        query = query.outerjoin(Application, Task.application_id == Application.id)
    return sort_tasks(query, filters.get("sort")).options(contains_eager(Task.application))


def next_task(session: Session, user: User, done: Task) -> Task | None:
    """通过并下一条: the oldest task still ready in the same queue at the user's org, or None
    when the queue is empty."""
    return session.scalars(
        select(Task)
        .where(
            Task.candidate_org_id == user.org_id,
            Task.state == TaskState.READY,
            Task.queue == done.queue,
        )
        .order_by(Task.created_at.asc(), Task.id.asc())
        .limit(1)
    ).first()


def queue_counts(session: Session, user: User) -> dict[str, int]:
    """Ready tasks per queue at the user's own org, for the menu badges: one grouped count."""
    require_reviewer(user)
    rows = session.execute(
        select(Task.queue, func.count())
        .where(Task.candidate_org_id == user.org_id, Task.state == TaskState.READY)
        .group_by(Task.queue)
    )
    return {queue: count for queue, count in rows}


def records(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """本级审核记录: tasks this org completed with the given action, newest first, of the
    season's applications (the current season unless ``season`` names another)."""
    filters = with_season(session, filters)
    return paginate(session, records_query(user, filters), filters)


def records_query(user: User, filters: dict[str, Any]) -> Select:
    """The review records' rows, unpaged (the page and its Excel export)."""
    require_reviewer(user)
    query = (
        select(Task)
        .join(Application, Task.application_id == Application.id)
        .where(
            Task.candidate_org_id == user.org_id,
            Task.state == TaskState.COMPLETED,
            Task.action == filters["action"],
        )
    )
    query = apply_filters(query, filters).order_by(Task.completed_at.desc(), Task.id.desc())
    return query.options(joinedload(Task.application), joinedload(Task.completed_by))


def get_task(session: Session, user: User, task_id: int) -> Task:
    """A task the user may look at: in their org subtree (404 otherwise)."""
    require_reviewer(user)
    # The application comes in the same statement: every caller needs it, and holding it
    # from the task keeps it in the identity map for the response after the commit.
    task = session.get(Task, task_id, options=[joinedload(Task.application)])
    if task is None or task.candidate_org is None or not user.org.contains(task.candidate_org):
        raise NotFound("任务不存在")
    return task


def task_detail(session: Session, user: User, task_id: int) -> Task:
    """A task with its application's full ID number: the view is audited (see
    applications.application_detail)."""
    task = get_task(session, user, task_id)
    exam_audit.record_id_view(session, user, task.application)
    return task


TAKEN = "该任务已被其他审核人员处理，请刷新后重试"
RECHECK_QUEUE = "deferred_review"
"""The queue of 容缺后补复核, which a higher level may act on too (``RECHECKS``)."""


class Applications(decide.CaseKind[Task, Step]):
    """An exam application's task on the one decide path: decided at the org it waits at;
    at 高级技师审核 a pass only with the grade-1 materials (or 容缺后补); a rejection ends
    the application's open side processes in the same transaction."""

    stale = TAKEN
    not_ready = "该任务已被处理，请刷新后重试"

    def load(self, session: Session, user: User, task_id: int) -> Task:
        return get_task(session, user, task_id)

    def authorize(self, session: Session, decision: decide.Decision[Task]) -> None:
        if decision.task.candidate_org_id != decision.user.org_id:
            raise Forbidden("该任务不在本级待审核列表中")

    def comment_missing(self, action: str) -> str:
        return f"{TASK_ACTION_LABELS.get(action, action)}须填写意见或原因"

    def check(self, session: Session, decision: decide.Decision[Task]) -> None:
        if decision.action == "pass" and decision.task.queue == Queue.SENIOR:
            materials.require_for_pass(session, decision.task)

    def step(self, session: Session, decision: decide.Decision[Task]) -> Step:
        """The exam bridge's step, which also applies the status to the application."""
        application = decision.task.application
        decision.subject, decision.status_from = application, application.status
        return engine.complete(
            session, application, decision.task, decision.user, decision.action, decision.comment
        )

    def apply(self, session: Session, decision: decide.Decision[Task], outcome: Step) -> None:
        application = decision.subject
        if application.status == Status.RETURNED and decision.status_from != Status.RETURNED:
            application.return_reason = decision.comment

    def record(self, session: Session, decision: decide.Decision[Task], outcome: Step) -> None:
        """The decision's event, with the DMN tables' hashes and results where they ran (and
        ``note``, e.g. who retried it after an incident)."""
        application, task = decision.subject, decision.task
        details = exam_audit.decision_details(session, application, outcome.definition, task)
        if decision.note:
            details = {**(details or {}), **decision.note}
        audit.record(
            session,
            application,
            decision.user,
            decision.action,
            comment=decision.comment,
            status_from=decision.status_from,
            task=task,
            definition=outcome.definition,
            details=details,
        )

    def finish(self, session: Session, decision: decide.Decision[Task], outcome: Step) -> None:
        """The levels the step went past, then (a new rejection) the side processes ended."""
        application = decision.subject
        exam_audit.record_skips(session, application, outcome)
        if application.status == Status.REJECTED and decision.status_from != Status.REJECTED:
            _end_side_processes(session, application, decision.user)


class Rechecks(Applications):
    """A task a higher level may act on besides the org it waits at: 容缺后补复核, by a
    county, city or province reviewer with the application in scope."""

    def authorize(self, session: Session, decision: decide.Decision[Task]) -> None:
        task, user = decision.task, decision.user
        higher = user.is_reviewer and may_recheck(user.level) and task.queue == RECHECK_QUEUE
        if not higher:
            super().authorize(session, decision)


APPLICATIONS = Applications()
RECHECKS = Rechecks()


def complete_task(session: Session, user: User, task_id: int, action: str, comment: str) -> Task:
    """Complete a task with one of the actions its diagram offers (pass, reject, return,
    onsite, opinion, ...) on the one decide path: engine step, task rows, application status
    and audit event in one transaction. A task someone else completed first gives 409.
    """
    return decide.decide(session, user, task_id, action, comment, APPLICATIONS)


def act_on(session: Session, user: User, task: Task, action: str, comment: str) -> Task:
    """Complete ``task`` as ``complete_task`` does, for a caller a rule lets act on it
    besides the org it waits at (``Rechecks``: 县区及以上 rechecking a 容缺后补 confirmation)."""
    return decide.decide(session, user, task.id, action, comment, RECHECKS)


def decide_again(
    session: Session, user: User, task: Task, action: str, comment: str, note: dict[str, Any]
) -> None:
    """A failed decision run again inside the caller's transaction (an incident's retry, as
    the reviewer who took it), checked as the reviewer's was; ``note`` joins its record."""
    decision = decide.Decision(user, task, action, comment, note)
    decide.check(session, decision, APPLICATIONS)
    decide.take(session, decision, APPLICATIONS)


def _end_side_processes(session: Session, application: Application, user: User) -> None:
    """A rejected application has nothing left to supply or recheck: its open side processes
    (容缺后补) end with the rejection, each with an event saying so."""
    for instance in engine.end_side_instances(session, application):
        note = f"{instance.definition.name}：报名审核不通过，未完成的环节已终止"
        audit.record(session, application, user, "process_ended", comment=note)


@dataclass(frozen=True)
class BulkResult:
    task_id: int
    ok: bool
    status: int
    message: str
    name: str = ""
    id_number: str = ""  # masked, as in every list


def bulk_complete(
    session: Session, user: User, task_ids: list[int], action: str, comment: str
) -> list[BulkResult]:
    """Act on many tasks (e.g. pass every selected 自动审核 task). Each item is its own
    transaction, so one stale or invalid task does not undo the others; the result says per
    item what happened, naming the applicant (ID number masked) so the clerk can tell who
    failed. Even an unexpected failure of one item is reported as that item's result: the
    answer must always list every item that was committed.
    """
    results = []
    for task_id in task_ids:
        try:
            complete_task(session, user, task_id, action, comment)
        except ServiceError as error:
            results.append(_bulk_result(session, user, task_id, False, error.status, error.message))
        except Exception:
            # No lookup of the name here: the session may be what failed.
            log.exception("bulk completion of task %s failed", task_id)
            results.append(BulkResult(task_id, False, 500, "系统错误，该条未处理，请重试"))
        else:
            results.append(_bulk_result(session, user, task_id, True, 200, "操作成功"))
    return results


def _bulk_result(
    session: Session, user: User, task_id: int, ok: bool, status: int, message: str
) -> BulkResult:
    """One item's result with whom it concerns: only for a task in the user's subtree, so an
    id outside it names nobody (as its 404 says)."""
    try:
        application = get_task(session, user, task_id).application
    except NotFound:
        return BulkResult(task_id, ok, status, message)
    return BulkResult(task_id, ok, status, message, application.name, mask(application.id_number))


def reapply(session: Session, user: User, application_id: int, comment: str) -> Application:
    """From 审核不通过: let the applicant edit and resubmit this year after all. The next
    submission starts a fresh review process.
    """
    require_reviewer(user)
    application = get_application(session, user, application_id)
    if application.status != Status.REJECTED:
        raise Conflict("仅审核不通过的报名可以退回重新申报")
    rejecting_org = _rejecting_org(session, application)
    if rejecting_org is None or not user.org.contains(rejecting_org):
        raise Forbidden("仅作出不通过决定的审核层级或其上级可以退回重新申报")
    with committing(session, "该报名已被他人处理，请刷新后重试"):
        application.status, application.return_reason = "returned", comment
        audit.record(session, application, user, "reapply", comment=comment, status_from="rejected")
    return application


REJECTIONS = ("reject", "reopen_reject")


def _rejecting_org(session: Session, application: Application) -> Org | None:
    """The org whose decision made the application 审核不通过: the latest rejection event."""
    event = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.application_id == application.id, AuditEvent.action.in_(REJECTIONS))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    ).first()
    return session.get(Org, event.org_id) if event and event.org_id else None


def waiting_at_org(session: Session, application_id: int, org_id: int, queue: str) -> Task | None:
    """The task of ``queue`` this application now waits on at ``org_id``, if any: what gives
    an org the right to act on it outside the completion itself (deferral, reviewer uploads).
    """
    return session.scalars(
        select(Task).filter_by(
            application_id=application_id,
            state=TaskState.READY,
            queue=queue,
            candidate_org_id=org_id,
        )
    ).first()


def add_comment(session: Session, user: User, application_id: int, comment: str) -> AuditEvent:
    """一般备注: a reviewer's note on the application, tied to the task it currently waits on."""
    require_reviewer(user)
    application = get_application(session, user, application_id)
    task = session.scalars(
        select(Task).filter_by(application_id=application.id, state=TaskState.READY)
    ).first()
    with committing(session):
        event = audit.record(session, application, user, "comment", comment=comment, task=task)
    return event


def require_reviewer(user: User) -> None:
    if not user.is_reviewer:
        raise Forbidden("仅审核人员可以访问")
