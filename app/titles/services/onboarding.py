"""单位信息维护 (seed 一、单位管理): a new org's admin fills in and submits its information, the
superior org's admin approves it or returns it with a reason, and only then may the org's
accounts work (the gate is ``gate_message``, read by the API's ``authenticate`` and the pages'
``before_app_request``).

The path runs on ``bpmn/org_onboarding.bpmn`` through the case bridge (subject type "org"):
the approval task waits at the superior org for its admin (lane 单位管理员), a return sends a
task back to the org itself. Orgs that existed before onboarding are approved (migration
default); every org created since starts "pending".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.platform.models.cases import CaseTask
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services import audit, cases
from app.platform.services import decide as decision
from app.platform.services.admin import require_admin
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.transaction import committing
from app.titles.services.tasks import OrgAdminKind
from handlers.vocabulary import ORG_ONBOARDING_LABELS, Role, TaskState

SUBJECT_TYPE = "org"
PROCESS_ID = "org_onboarding"
INFO_FIELDS = ("cert_print_name", "contact_name", "contact_phone", "contact_email", "address")
REQUIRED_FIELDS = {
    "cert_print_name": "证书打印单位名称",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "address": "单位地址",
}
STALE = "单位信息已被他人修改或审核，请刷新后重试"
WAITING = "单位信息尚未审核通过，等待上级审核"
TO_FILL = "单位信息尚未审核通过，请先完善并提交单位信息"


def hold_new_org(org: Org) -> None:
    """An org created for the title platform (given its 证书打印单位名称) starts pending: its
    accounts do nothing but 单位信息维护 until the superior approves (the platform's
    ``AccountHooks.org_created``)."""
    if org.cert_print_name:
        org.onboarding_status = "pending"


def gate_message(user: User) -> str | None:
    """Why the user's account may do nothing but onboarding yet (Chinese), or None."""
    status = user.org.onboarding_status
    if status == "approved":
        return None
    return WAITING if status == "submitted" else TO_FILL


def chain(org: Org) -> str:
    """The org's own audit chain."""
    return f"{SUBJECT_TYPE}:{org.id}"


def _subject(org: Org, admin: User) -> cases.Subject:
    return cases.Subject(type=SUBJECT_TYPE, id=org.id, owner_id=admin.id)


def own_org(user: User) -> Org:
    """The org whose information the caller (its admin) maintains."""
    require_admin(user)
    return user.org


def update_info(session: Session, user: User, data: dict[str, Any]) -> Org:
    """Edit the org's information while it is pending or returned (``version`` -> 409)."""
    org = own_org(user)
    _check_version(org, data.get("version"))
    if org.onboarding_status not in ("pending", "returned"):
        label = ORG_ONBOARDING_LABELS[org.onboarding_status]
        raise Conflict(f"单位信息{label}，不能修改")
    changed = {k: data[k] for k in (*INFO_FIELDS, "series") if k in data}
    # the version column counts every org update, so a save with nothing in it changes nothing
    with committing(session, STALE):
        for key, value in changed.items():
            setattr(org, key, value)
        audit.record_subject(
            session, chain(org), user, "org_info_update", details={"fields": sorted(changed)}
        )
    return org


def submit(session: Session, user: User, version: int | None, bpmn_dir: Path) -> Org:
    """Submit (pending: start the process, the task goes to the superior) or resubmit after
    a return (complete the org's own 修改 task); a missing required field is 422."""
    org = own_org(user)
    _check_version(org, version)
    if org.onboarding_status not in ("pending", "returned"):
        raise Conflict(f"单位信息{ORG_ONBOARDING_LABELS[org.onboarding_status]}，不能重复提交")
    if org.parent_id is None:
        raise Forbidden("顶级单位无需上级审核")
    missing = {k: f"请填写{label}" for k, label in REQUIRED_FIELDS.items() if not getattr(org, k)}
    if missing:
        raise Invalid(next(iter(missing.values())), missing)
    status_from = org.onboarding_status
    with committing(session, STALE):
        if status_from == "pending":
            data = {"org": org.id, "superior": org.parent_id, "current_org": org.parent_id}
            outcome = cases.start(session, _subject(org, user), PROCESS_ID, bpmn_dir, data)
        else:
            task = _open_task(session, org)
            outcome = cases.complete(session, _subject(org, user), task, user, "resubmit")
        _apply(org, outcome)
        audit.record_subject(
            session,
            chain(org),
            user,
            "org_info_submit",
            status_from=status_from,
            status_to=org.onboarding_status,
            definition=outcome.definition,
        )
    return org


@dataclass(frozen=True)
class PendingOrg:
    task: CaseTask
    org: Org


def reviews(session: Session, user: User) -> list[PendingOrg]:
    """下级单位审核: subordinate orgs whose information waits for the caller's org."""
    require_admin(user)
    rows = session.execute(
        select(CaseTask, Org)
        .join(Org, Org.id == CaseTask.subject_id)
        .where(
            CaseTask.subject_type == SUBJECT_TYPE,
            CaseTask.candidate_org_id == user.org_id,
            CaseTask.candidate_role == Role.ADMIN,
            CaseTask.state == TaskState.READY,
        )
        .order_by(CaseTask.created_at, CaseTask.id)
    )
    return [PendingOrg(task, org) for task, org in rows]


def subordinate(session: Session, user: User, code: str) -> Org:
    """A subordinate org's information as its superior reads it; 404 outside the subtree."""
    require_admin(user)
    org = session.scalars(select(Org).where(Org.code == code)).first()
    if org is None or org.id == user.org_id or not user.org.contains(org):
        raise NotFound("单位不存在")
    return org


def decide(session: Session, user: User, code: str, action: str, comment: str) -> Org:
    """审核: approve (通过) or return with a reason (退回) a subordinate's submission, on the
    one decide path (``Onboardings``). Only the admin of the org the task waits at decides:
    another org in the subtree gets 403, an org outside it 404."""
    org = subordinate(session, user, code)
    task = _open_task(session, org)
    decision.decide(session, user, task.id, action, comment, ONBOARDINGS)
    return org


class Onboardings(OrgAdminKind):
    """An org's onboarding task: decided by the admin of the superior org it waits at."""

    stale = not_ready = STALE
    unsupported = "应为pass（通过）或return（退回）"
    forbidden = "该单位的信息不由本单位审核"

    def check(self, session: Session, decided: decision.Decision[CaseTask]) -> None:
        """The org and its own admin (the owner of its 修改 task after a return)."""
        org = session.get_one(Org, decided.task.subject_id)
        decided.subject, decided.extra = org, _org_admin(session, org)
        decided.status_from = org.onboarding_status

    def case(self, session: Session, decided: decision.Decision[CaseTask]) -> cases.Subject:
        return _subject(decided.subject, decided.extra)

    def apply(
        self, session: Session, decided: decision.Decision[CaseTask], outcome: cases.Outcome
    ) -> None:
        org = decided.subject
        _apply(org, outcome)
        if org.onboarding_status == "returned":
            org.return_reason = decided.comment

    status_field = "onboarding_status"

    def chain(self, row: Org) -> str:
        return chain(row)

    def details(self, decided: decision.Decision[CaseTask]) -> dict[str, Any]:
        return {"org": decided.user.org.name}


ONBOARDINGS = Onboardings()


def _apply(org: Org, outcome: cases.Outcome) -> None:
    status = {"under_review": "submitted", "returned": "returned", "approved": "approved"}
    org.onboarding_status = status[outcome.status or "under_review"]
    if org.onboarding_status != "returned":
        org.return_reason = None


def _open_task(session: Session, org: Org) -> CaseTask:
    tasks = cases.open_tasks(session, SUBJECT_TYPE, org.id)
    if not tasks:
        raise Conflict(STALE)
    return tasks[0]


def _org_admin(session: Session, org: Org) -> User:
    admin = session.scalars(select(User).filter_by(org_id=org.id, username=org.code)).first()
    if admin is None:
        raise NotFound("该单位没有管理员账号")
    return admin


def _check_version(org: Org, version: int | None) -> None:
    if version is not None and version != org.version:
        raise Conflict(STALE)
