"""申报计划 (seed 004, 三、申报计划): a unit's handler or leader writes the year's plan for a
series (how many may declare per level, with the signed PDF), edits or deletes it while it is
未提交, and 上报 it into ``title_plan``, which climbs 经办人 then 负责人 at every org up to
the province. A 撤回 anywhere ends the case and the plan is the unit's draft again; the next
上报 starts a new case that climbs level by level from the unit.

Who may act: accounts with a title role (``title_reviewers``) whose series list grants the
plan's series. Everything is scoped to the caller's subtree: a plan outside it does not exist
for the caller (404); only the plan's own unit writes or submits it (403 for an org above).
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from app.platform.models.audit import AuditEvent
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services import audit, cases
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.listing import Page, paginate
from app.platform.services.transaction import committing
from app.platform.services.uploads import FileStore, FileTooLarge, IncomingFile
from app.titles.models.declarations import TitleReviewer
from app.titles.models.plans import PLAN_LEVELS, PLAN_SUBJECT_TYPE, TitlePlan
from handlers.files import PDF, FileRejected, clean_file, display_name, size_message
from handlers.titles.plans import approval_chain
from handlers.titles.review import permitted
from handlers.titles.vocabulary import TITLE_SERIES_LABELS
from handlers.vocabulary import REVIEWING_ROLES, Status

PROCESS_ID = "title_plan"
STAFF_ROLES = REVIEWING_ROLES
RECORD_ACTIONS = ("plan_submit", "pass", "withdraw")
"""The audit actions that make up a plan's 审批记录."""
STALE = "申报计划已被他人修改，请刷新后重试"
SHOWN_WITH = (joinedload(TitlePlan.org), joinedload(TitlePlan.waiting_org))


def subject_chain(plan_id: int) -> str:
    """The audit chain (and case subject) of one plan."""
    return f"{PLAN_SUBJECT_TYPE}:{plan_id}"


def case_subject(plan: TitlePlan) -> cases.Subject:
    return cases.Subject(PLAN_SUBJECT_TYPE, plan.id, plan.created_by_id, plan.series)


def planner_role(session: Session, user: User, series: str | None = None) -> str:
    """The caller's title role (handler / leader); 403 without one, or without ``series``."""
    reviewer = session.get(TitleReviewer, user.id) if user.role in STAFF_ROLES else None
    if reviewer is None:
        raise Forbidden("您尚未被设置职称审查角色，请联系本单位管理员")
    if series is not None and not permitted(reviewer.series, series):
        label = TITLE_SERIES_LABELS.get(series, series)
        raise Forbidden(f"您没有“{label}”系列的权限")
    return reviewer.role


def create_plan(session: Session, user: User, data: dict[str, Any]) -> TitlePlan:
    """A new 未提交 plan of the caller's own unit."""
    planner_role(session, user, data["series"])
    plan = TitlePlan(org_id=user.org_id, created_by_id=user.id, status=Status.DRAFT)
    _fill(plan, data)
    with committing(session, STALE):
        session.add(plan)
        session.flush()
        _record(session, plan, user, "plan_create", status_from="draft")
    return plan


def update_plan(session: Session, user: User, plan_id: int, data: dict[str, Any]) -> TitlePlan:
    """Edit a 未提交 plan of one's own unit; ``version`` when given must be current (409)."""
    plan = _own_draft(session, user, plan_id, "修改")
    if "series" in data:
        planner_role(session, user, data["series"])
    if data.get("version") not in (None, plan.version):
        raise Conflict(STALE)
    with committing(session, STALE):
        _fill(plan, data)
        _record(session, plan, user, "plan_update")
    return plan


def delete_plan(session: Session, user: User, plan_id: int) -> None:
    """Only a 未提交 plan that never started a case goes; a withdrawn one keeps its record."""
    plan = _own_draft(session, user, plan_id, "删除")
    if plan.submitted_at is not None:
        raise Conflict("申报计划已有审批记录，不能删除，可修改后重新上报")
    with committing(session, STALE):
        _record(session, plan, user, "plan_delete")
        session.delete(plan)


def submit_plan(session: Session, user: User, plan_id: int, bpmn_dir: Path) -> TitlePlan:
    """上报: starts ``title_plan`` at the unit. A handler's plan goes to the unit's leader; a
    leader's goes straight to the superior org's handler (the leader has approved it)."""
    plan = _own_draft(session, user, plan_id, "上报")
    if not any(plan.count(level) for level in PLAN_LEVELS):
        raise Invalid("申报计划人数不能全为0", {"junior": "请至少填写一个级别的计划人数"})
    role = planner_role(session, user, plan.series)
    chain = approval_chain(_ancestor_ids(session, plan.org))
    data = {"chain": chain, "level": 0, "current_org": chain[0], "submitted_by": role}
    status_from = plan.status
    with committing(session, STALE):
        outcome = cases.start(session, case_subject(plan), PROCESS_ID, bpmn_dir, data)
        plan.submitted_at = utcnow()
        plan.withdraw_reason = None
        outcome.place(plan)
        approved(plan)
        _record(
            session,
            plan,
            user,
            "plan_submit",
            status_from=status_from,
            definition=outcome.definition,
            details={"chain": chain, "role": role, "org": user.org.name},
        )
    return plan


def approved(plan: TitlePlan) -> None:
    """When the plan was approved, once the process says it is (after ``Outcome.place``)."""
    if plan.status == Status.APPROVED and plan.approved_at is None:
        plan.approved_at = utcnow()


def attach_pdf(
    session: Session, user: User, plan_id: int, file: IncomingFile, store: FileStore
) -> TitlePlan:
    """The plan's signed PDF (one; a new one replaces it): checked and rebuilt by pypdf like
    every uploaded document; the old file goes once the new row has committed."""
    plan = _own_draft(session, user, plan_id, "修改")
    if not file.content:
        raise Invalid("文件为空", {"file": "请选择文件"})
    if len(file.content) > store.max_bytes:
        message = size_message(store.max_bytes)
        raise FileTooLarge(message, {"file": message})
    try:
        cleaned = clean_file(file.content, frozenset({PDF}))
    except FileRejected as error:
        raise Invalid(str(error), {"file": str(error)}) from error
    stored_name = f"{secrets.token_hex(16)}.{cleaned.extension}"
    store.directory.mkdir(parents=True, exist_ok=True)
    path = store.directory / stored_name
    path.write_bytes(cleaned.content)
    old = plan.attachment_stored_name
    try:
        with committing(session, STALE):
            plan.attachment_stored_name = stored_name
            plan.attachment_name = display_name(file.filename)
            plan.attachment_size = len(cleaned.content)
            plan.attachment_sha256 = hashlib.sha256(cleaned.content).hexdigest()
            _record(
                session, plan, user, "plan_update", details={"attachment": plan.attachment_name}
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if old:
        (store.directory / old).unlink(missing_ok=True)
    return plan


def attachment_names(session: Session, user: User, plan_id: int) -> tuple[str, str]:
    """(stored name, download name) of the PDF of a plan the caller may see (404 without
    one)."""
    plan = get_plan(session, user, plan_id)
    if not plan.attachment_stored_name:
        raise NotFound("申报计划尚未上传附件")
    return plan.attachment_stored_name, plan.attachment_name or "plan.pdf"


def plans_query(user: User) -> Select:
    """Plans of the caller's subtree (staff only)."""
    if user.role not in STAFF_ROLES:
        raise Forbidden("仅审查人员可以查看申报计划")
    return (
        select(TitlePlan)
        .join(Org, TitlePlan.org_id == Org.id)
        .where(Org.path.startswith(user.org.path, autoescape=True))
    )


def list_plans(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """单位管理 › 申报计划: the caller's subtree's plans, newest first (``mine``: own unit)."""
    query = plans_query(user)
    for name in ("year", "series", "status"):
        if filters.get(name):
            query = query.where(getattr(TitlePlan, name) == filters[name])
    if filters.get("mine"):
        query = query.where(TitlePlan.org_id == user.org_id)
    query = query.order_by(TitlePlan.id.desc()).options(*SHOWN_WITH)
    return paginate(session, query, filters)


def get_plan(session: Session, user: User, plan_id: int) -> TitlePlan:
    """A plan the caller may see; 404 outside its subtree (out of scope looks like missing)."""
    found = session.scalars(plans_query(user).where(TitlePlan.id == plan_id)).first()
    if found is None:
        raise NotFound("申报计划不存在")
    return found


def records(session: Session, user: User, plan_id: int) -> list[AuditEvent]:
    """审批记录: every 上报, 通过 and 撤回 of the plan at every level, oldest first (its own
    audit chain: who, the org and title role it acted in, the reason, when)."""
    plan = get_plan(session, user, plan_id)
    return list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.chain == subject_chain(plan.id),
                AuditEvent.action.in_(RECORD_ACTIONS),
            )
            .order_by(AuditEvent.seq)
        )
    )


def _own_draft(session: Session, user: User, plan_id: int, what: str) -> TitlePlan:
    plan = get_plan(session, user, plan_id)
    if plan.org_id != user.org_id:
        raise Forbidden(f"仅本单位可以{what}本单位的申报计划")
    planner_role(session, user, plan.series)
    if plan.status != Status.DRAFT:
        raise Conflict(f"申报计划已上报，不能{what}")
    return plan


def _fill(plan: TitlePlan, data: dict[str, Any]) -> None:
    for name in ("year", "series", *PLAN_LEVELS):
        if name in data:
            setattr(plan, name, data[name])


def _ancestor_ids(session: Session, org: Org) -> list[int]:
    """Org ids from ``org`` up to the root: the materialised path names them all."""
    codes = [code for code in org.path.split("/") if code]
    found = dict(session.execute(select(Org.code, Org.id).where(Org.code.in_(codes))).all())
    return [found[code] for code in reversed(codes) if code in found]


def _record(session: Session, plan: TitlePlan, user: User, action: str, **kwargs: Any) -> None:
    audit.record_status(session, subject_chain(plan.id), user, action, plan, **kwargs)
