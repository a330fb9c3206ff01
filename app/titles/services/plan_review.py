"""申报计划审查: the plans waiting for a handler or leader (a section of 首页待办 and the page
申报计划审查) and their 通过 / 撤回 (reason required).

A plan task waits at one org for one role and carries the plan's series, like a declaration's
task: a reviewer acts on those of its own org, role and permitted series; tasks elsewhere in
its subtree may be looked at, tasks outside it do not exist for it (404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from app.platform.models.cases import CaseTask
from app.platform.models.users import User
from app.platform.services import decide
from app.platform.services.listing import Page
from app.titles.models.declarations import TitleReviewer
from app.titles.models.plans import PLAN_SUBJECT_TYPE, TitlePlan
from app.titles.services import plans, tasks
from handlers.vocabulary import TaskState

STALE = "该申报计划已被其他审查人员处理，请刷新后重试"


WITHDRAW_REASON = {"withdraw": "withdraw_reason"}
PLANS = tasks.Subjects(
    TitlePlan, plans.case_subject, plans.subject_chain, WITHDRAW_REASON, plans.approved
)
PLAN_TASKS = tasks.TaskKind(
    PLAN_SUBJECT_TYPE, "申报计划", "仅审查人员可以审查申报计划", STALE, PLANS
)


@dataclass(frozen=True)
class PlanInboxItem:
    task: CaseTask
    plan: TitlePlan


def inbox(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """Ready plan tasks at the user's org, for its role, in its series; oldest first."""
    query = inbox_query(session, user)
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    shown = query.options(joinedload(TitlePlan.org))
    rows = session.execute(shown.limit(per_page).offset((page - 1) * per_page))
    return Page([PlanInboxItem(task, plan) for task, plan in rows], total or 0, page, per_page)


def inbox_query(session: Session, user: User) -> Select:
    reviewer = tasks.reviewer_of(session, user)
    return (
        select(CaseTask, TitlePlan)
        .join(TitlePlan, TitlePlan.id == CaseTask.subject_id)
        .where(
            CaseTask.subject_type == PLAN_SUBJECT_TYPE,
            CaseTask.candidate_org_id == user.org_id,
            CaseTask.candidate_role == reviewer.role,
            CaseTask.state == TaskState.READY,
            CaseTask.series.in_(reviewer.series or [""]),
        )
        .order_by(CaseTask.created_at.asc(), CaseTask.id.asc())
    )


def pending_count(session: Session, user: User) -> int | None:
    """Plan tasks waiting for the user; None for an account with no title role."""
    reviewer = session.get(TitleReviewer, user.id) if user.is_reviewer else None
    if reviewer is None:
        return None
    query = inbox_query(session, user).order_by(None)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def task_view(session: Session, user: User, task_id: int) -> tuple[CaseTask, TitlePlan]:
    task = tasks.visible_task(session, user, task_id, PLAN_TASKS)
    return task, tasks.subject_of(session, TitlePlan, task)


def complete_task(
    session: Session, user: User, task_id: int, action: str, comment: str
) -> CaseTask:
    """通过 / 撤回 a plan task waiting at the user's org for its role, on the one decide path
    (``Plans``): the engine step, the task rows, the plan and its 审批记录 in one
    transaction; someone first -> 409."""
    return decide.decide(session, user, task_id, action, comment, PLAN_TASKS)
