"""审查推荐 (seed 004): a reviewer's 首页待办 and the handler / leader decisions on a title
declaration's tasks.

A task waits at one org for one role (经办人 or 负责人) and carries the declaration's series;
a reviewer sees and acts on the tasks of its own org, its own role and its permitted series
only. Tasks of other orgs in its subtree may be looked at (as the exam inbox allows) but not
acted on; tasks outside its subtree do not exist for it (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.platform.models.cases import CaseTask
from app.platform.models.users import User
from app.platform.services import audit, cases, decide
from app.platform.services.errors import Conflict, Forbidden
from app.platform.services.listing import Page
from app.platform.services.transaction import committing
from app.titles.models.declarations import SUBJECT_TYPE, TitleDeclaration, TitleReviewer
from app.titles.services import declarations, section_reviews, tasks
from app.titles.services.declarations import DeclarationView
from handlers.titles.review import permitted
from handlers.titles.vocabulary import TITLE_SECTION_LABELS
from handlers.vocabulary import TaskState

STALE = "该任务已被其他审查人员处理，请刷新后重试"
RETURN_REASON = {"return": "return_reason"}


class Declarations(tasks.TaskKind):
    """A declaration's task: 通过 needs every section reviewed at this org and step by
    someone permitted to see it (422 naming the others); the passer's own sections are
    reviewed by the pass, recorded with it."""

    def check(self, session: Session, decision: decide.Decision[CaseTask]) -> None:
        if decision.action == "pass":
            decision.extra = section_reviews.require_all_reviewed(
                session, decision.task, decision.user
            )

    def step(self, session: Session, decision: decide.Decision[CaseTask]) -> cases.Outcome:
        section_reviews.record(session, decision.task, decision.user, decision.extra or [])
        return super().step(session, decision)


DECLARATIONS = tasks.Subjects(
    TitleDeclaration, declarations.case_subject, declarations.subject_chain, RETURN_REASON
)
TASKS = Declarations(SUBJECT_TYPE, "任务", "仅审查人员可以处理审查任务", STALE, DECLARATIONS)


@dataclass(frozen=True)
class InboxItem:
    task: CaseTask
    declaration: TitleDeclaration


def inbox(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """首页待办: ready tasks at the user's org, for the user's role, in its series; oldest
    first, each with its declaration (one indexed query, ``ix_case_tasks_inbox``, and a count)."""
    query = inbox_query(session, user, filters)
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    shown = query.options(*declarations.SHOWN_WITH)
    rows = session.execute(shown.limit(per_page).offset((page - 1) * per_page))
    return Page(
        [InboxItem(task, declaration) for task, declaration in rows], total or 0, page, per_page
    )


def inbox_query(session: Session, user: User, filters: dict[str, Any]) -> Select:
    reviewer = tasks.reviewer_of(session, user)
    query = (
        select(CaseTask, TitleDeclaration)
        .join(TitleDeclaration, TitleDeclaration.id == CaseTask.subject_id)
        .where(
            CaseTask.subject_type == SUBJECT_TYPE,
            CaseTask.candidate_org_id == user.org_id,
            CaseTask.candidate_role == reviewer.role,
            CaseTask.state == TaskState.READY,
            CaseTask.series.in_(reviewer.series or [""]),
        )
    )
    if filters.get("series"):
        query = query.where(CaseTask.series == filters["series"])
    return query.order_by(CaseTask.created_at.asc(), CaseTask.id.asc())


def pending_count(session: Session, user: User) -> int | None:
    """Ready tasks in the user's 首页待办 (menu badge); None for an account with no title role."""
    reviewer = session.get(TitleReviewer, user.id) if user.is_reviewer else None
    if reviewer is None:
        return None
    query = inbox_query(session, user, {}).order_by(None)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def task_view(session: Session, user: User, task_id: int) -> tuple[CaseTask, DeclarationView]:
    """A task with its declaration as the reviewer may read it (permitted sections only)."""
    task = tasks.visible_task(session, user, task_id, TASKS)
    declaration = tasks.subject_of(session, TitleDeclaration, task)
    return task, declarations.view_of(session, user, declaration)


def complete_task(
    session: Session, user: User, task_id: int, action: str, comment: str
) -> CaseTask:
    """通过 / 退回修改 / 未通过 on a task waiting at the user's org for the user's role, on the
    one decide path (``Declarations``): the engine step, the task rows, the declaration and
    its audit record in one transaction; a second completion of the same task (or of the
    same case at once) answers 409."""
    return decide.decide(session, user, task_id, action, comment, TASKS)


def mark_sections(
    session: Session, user: User, task_id: int, sections: list[str]
) -> list[section_reviews.SectionReview]:
    """审查通过 of ``sections`` by the caller on a task waiting at its org for its role (so
    that another reviewer of the org, permitted other sections, can pass it): 403 for a
    section its permissions do not grant, 409 once the task is decided. Audited on the
    declaration's chain."""
    task = tasks.visible_task(session, user, task_id, TASKS)
    if task.candidate_org_id != user.org_id:
        raise Forbidden("该任务不在本单位待审查列表中")
    if task.state != TaskState.READY:
        raise Conflict(STALE)
    granted = tasks.reviewer_of(session, user).sections
    denied = [TITLE_SECTION_LABELS[key] for key in sections if not permitted(granted, key)]
    if denied:
        raise Forbidden(f"您没有审查“{'、'.join(denied)}”板块的权限")
    declaration = tasks.subject_of(session, TitleDeclaration, task)
    with committing(session, "板块审查已记录，请刷新后重试"):
        added = section_reviews.record(session, task, user, sections)
        audit.record_subject(
            session,
            declarations.subject_chain(declaration.id),
            user,
            section_reviews.MARK_ACTION,
            status_from=declaration.status,
            status_to=declaration.status,
            task_name=task.name,
            task_spec_id=task.spec_id,
            details={
                "case_task_id": task.id,
                "sections": added,
                "role": task.candidate_role,
                "org": user.org.name,
            },
        )
    return section_reviews.overview(session, task)
