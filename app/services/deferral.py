"""容缺后补: grade-1 materials a unit promises to supply later, tracked by the
``deferred_materials`` side process beside the main review.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Application, ProcessDefinition, Task, User, WorkflowInstance
from app.services import audit, engine, review
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.listing import Page, apply_filters, paginate
from app.services.scope import applications_query, get_application
from app.services.transaction import committing

PROCESS_ID = "deferred_materials"
MARKING_LEVELS = ("unit", "supervising_unit")


def mark_deferred(
    session: Session, user: User, application_id: int, remark: str, bpmn_dir: Path
) -> Application:
    """At unit or supervising-unit 高级技师审核 the reviewer marks materials as deferred; the
    sealed commitment letter must be uploaded first. Review itself goes on untouched.
    """
    application = get_application(session, user, application_id)
    waiting = review.waiting_at_org(session, application.id, user.org_id, "senior")
    if not user.is_reviewer or waiting is None or waiting.lane not in MARKING_LEVELS:
        raise Forbidden("仅在本级（单位或主管单位）高级技师审核环节可以标记容缺后补")
    if application.deferred:
        raise Conflict("该报名已标记容缺后补")
    if not any(u.kind == "commitment_letter" for u in application.uploads):
        raise Invalid("请先上传单位盖章承诺书", {"commitment_letter": "请先上传单位盖章承诺书"})
    with committing(session):
        engine.start_instance(
            session, application, PROCESS_ID, bpmn_dir, {"deferred_remark": remark}
        )
        application.deferred, application.deferred_remark = True, remark
        audit.record(session, application, user, "defer", comment=remark, task=waiting)
    return application


@dataclass(frozen=True)
class DeferredCase:
    """One application's deferred-materials story: where it stands and every step so far."""

    application: Application
    stage: str
    steps: list[Task]


STAGES = {"supply": "待补充材料", "recheck": "待县区复核"}


def deferred_cases(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """容缺后补 list: deferred applications in scope, with who confirmed what and when."""
    review.require_reviewer(user)
    query = apply_filters(applications_query(user).where(Application.deferred), filters)
    page = paginate(session, query.order_by(Application.id.desc()), filters)
    steps = _steps_by_application(session, [a.id for a in page.items])
    cases = [_case(application, steps.get(application.id, [])) for application in page.items]
    return Page(cases, page.total, page.page, page.per_page)


def _steps_by_application(session: Session, application_ids: list[int]) -> dict[int, list[Task]]:
    rows = session.scalars(
        select(Task)
        .join(WorkflowInstance, Task.instance_id == WorkflowInstance.id)
        .join(ProcessDefinition, WorkflowInstance.definition_id == ProcessDefinition.id)
        .where(
            ProcessDefinition.process_id == PROCESS_ID,
            Task.application_id.in_(application_ids),
            Task.state != "cancelled",
        )
        .order_by(Task.id)
    )
    grouped: dict[int, list[Task]] = {}
    for row in rows:
        grouped.setdefault(row.application_id, []).append(row)
    return grouped


def _case(application: Application, steps: list[Task]) -> DeferredCase:
    waiting = next((t for t in steps if t.state == "ready"), None)
    stage = STAGES.get(waiting.spec_id, waiting.name) if waiting else "已完成（无异议）"
    return DeferredCase(application, stage, steps)
