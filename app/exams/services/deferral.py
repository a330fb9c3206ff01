"""容缺后补: grade-1 materials a review level promises to supply later, tracked by the
``deferred_materials`` side process beside the main review. The level that marks them (unit,
supervising unit or county) supplies and confirms them; 县区及以上 recheck the confirmation
(无异议, 后补复核意见, or 取消确认 so that they can be supplied again).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.services import engine, materials, review
from app.exams.services.listing import apply_filters
from app.exams.services.scope import applications_query, get_application
from app.platform.models.users import User
from app.platform.models.workflow import Task
from app.platform.services import audit
from app.platform.services.errors import Conflict, Forbidden, Invalid
from app.platform.services.listing import Page, paginate
from app.platform.services.locks import lock_rows
from app.platform.services.seasons import with_season
from app.platform.services.transaction import committing
from handlers.exams.materials import may_mark_deferral, may_recheck
from handlers.vocabulary import TaskState

AWAITING_RECHECK = review.RECHECK_QUEUE
ALREADY_DEFERRED = "该报名已标记容缺后补"


def mark_deferred(
    session: Session, user: User, application_id: int, remark: str, bpmn_dir: Path
) -> Application:
    """At its 高级技师审核 a unit, supervising-unit or county reviewer marks materials as
    deferred; the sealed commitment letter must be uploaded first. Review itself goes on
    untouched, and the marking level is the one that supplies the materials.

    One deferral in force per application: no index can say so (in force is a state of the
    side process), so the application's row is locked before the check, and of two markings
    sent at the same moment the second waits, then finds the first (409).
    """
    application = get_application(session, user, application_id)
    waiting = review.waiting_at_org(session, application.id, user.org_id, "senior")
    if not user.is_reviewer or waiting is None or not may_mark_deferral(waiting.lane):
        raise Forbidden("仅在本级（单位、主管单位或县区）高级技师审核环节可以标记容缺后补")
    _refuse_second(session, application)
    if not any(u.kind == "commitment_letter" for u in application.uploads):
        raise Invalid("请先上传单位盖章承诺书", {"commitment_letter": "请先上传单位盖章承诺书"})
    data = {"deferred_remark": remark, "marked_by": waiting.lane}
    with committing(session, ALREADY_DEFERRED):
        lock_rows(session, Application, [application.id])
        _refuse_second(session, application)  # again: a marking may have committed meanwhile
        instance = engine.start_instance(
            session, application, materials.DEFERRAL_PROCESS, bpmn_dir, data
        )
        application.deferred, application.deferred_remark = True, remark
        audit.record(
            session,
            application,
            user,
            "defer",
            comment=remark,
            task=waiting,
            definition=instance.definition,
        )
    return application


def _refuse_second(session: Session, application: Application) -> None:
    if materials.deferral_in_force(session, application) is not None:
        raise Conflict(ALREADY_DEFERRED)


def recheck(
    session: Session, user: User, application_id: int, action: str, comment: str
) -> Application:
    """容缺后补复核 (seed: "补齐后，点击【确认材料已补】，等待县区及以上管理员或者审核员复核"): a
    county, city or province reviewer with the application in scope answers confirmed
    materials with 无异议 (closed), 后补复核意见 or 取消确认 (both back to the level that
    supplies them, the reason required). The diagram's 容缺后补复核 waits at the applicant's
    county, which may also act from its inbox; the city and province above it act on that
    task here, in their own name (review.act_on: a higher level may act), and the task's
    actions and required reasons stay the diagram's.
    """
    application = get_application(session, user, application_id)
    if not user.is_reviewer or not may_recheck(user.level):
        raise Forbidden("仅县区及以上管理员或审核员可以复核容缺后补材料")
    deferral = materials.deferral_in_force(session, application)
    waiting = deferral.waiting if deferral else None
    if waiting is None or waiting.queue != AWAITING_RECHECK:
        raise Conflict("该报名的容缺后补材料不在已确认待复核状态")
    review.act_on(session, user, waiting, action, comment)
    return application


def cancel_confirmation(
    session: Session, user: User, application_id: int, comment: str
) -> Application:
    """取消确认 (seed 1.1.1.2: "需要县区及以上管理人员取消确认，方可再次上传"): the recheck's
    取消确认, sending confirmed materials back to the level that supplies them."""
    return recheck(session, user, application_id, "cancel_confirm", comment)


@dataclass(frozen=True)
class DeferredCase:
    """One application's deferred-materials story: who marked it, where it stands, and every
    step so far."""

    application: Application
    stage: str
    marked_by: str | None
    steps: list[Task]

    @property
    def awaiting_recheck(self) -> bool:
        """Confirmed and not yet rechecked: the state in which 县区及以上 may cancel."""
        return any(s.state == TaskState.READY and s.queue == AWAITING_RECHECK for s in self.steps)


def deferred_cases(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """容缺后补 list: deferred applications in scope, with who confirmed what and when."""
    review.require_reviewer(user)
    filters = with_season(session, filters)
    query = apply_filters(applications_query(user).where(Application.deferred), filters)
    page = paginate(session, query.order_by(Application.id.desc()), filters)
    found = materials.deferrals(session, [a.id for a in page.items])
    cases = [_case(application, found.get(application.id, [])) for application in page.items]
    return Page(cases, page.total, page.page, page.per_page)


def _case(application: Application, deferrals: list[materials.Deferral]) -> DeferredCase:
    """The latest deferral decides the stage; the steps of all of them are listed, but not
    the rows a rejection cancelled."""
    latest = deferrals[-1] if deferrals else None
    steps = [s for d in deferrals for s in d.steps if s.state != TaskState.CANCELLED]
    return DeferredCase(
        application,
        latest.stage if latest else materials.ENDED,
        latest.marked_by if latest else None,
        steps,
    )
