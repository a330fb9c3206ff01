"""单位变动人员管理 (seed 二、人员管理): a declarant changed employer; the new unit's admin asks
for the hand-over by ID number and the old unit's admin agrees or refuses with a reason.

The path runs on ``bpmn/title_transfer.bpmn`` through the case bridge (subject type
"transfer"): the decision task waits at the old unit for its admin (lane 单位管理员). On 同意
the person (``users.org_id``) and every declaration of theirs move to the new unit in the same
transaction. A declaration keeps its case: its chain is recomputed from the new unit at its
next submission. One exception, refused rather than guessed: while a declaration's task waits
at the old unit itself (its handler or leader reviewing it) the transfer cannot be agreed
(409); the old unit finishes or returns it first. A task waiting higher up the chain, or the
declarant's own 修改 task, is unaffected by the move. A refused transfer changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, aliased

from app.platform.models.base import utcnow
from app.platform.models.cases import CaseTask
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services import audit, cases
from app.platform.services import decide as decision
from app.platform.services.admin import require_admin
from app.platform.services.errors import Conflict, Invalid, NotFound
from app.platform.services.transaction import committing
from app.titles.models.declarations import SUBJECT_TYPE as TITLE_SUBJECT
from app.titles.models.declarations import TitleDeclaration
from app.titles.models.experts import TitleExpert
from app.titles.models.transfers import OPEN_TRANSFER, SUBJECT_TYPE, TitleTransfer
from app.titles.services import experts
from app.titles.services.declarations import subject_chain
from app.titles.services.tasks import OrgAdminKind
from handlers.vocabulary import Role, Status, TaskState

PROCESS_ID = "title_transfer"
STALE = "该移交申请已被处理，请刷新后重试"
PENDING = "该人员已有待处理的移交申请"


def chain(transfer: TitleTransfer) -> str:
    return f"{SUBJECT_TYPE}:{transfer.id}"


def _subject(transfer: TitleTransfer) -> cases.Subject:
    return cases.Subject(type=SUBJECT_TYPE, id=transfer.id, owner_id=transfer.person_id)


def request(
    session: Session, admin: User, id_number: str, note: str, bpmn_dir: Path
) -> TitleTransfer:
    """申请移交: the caller's org asks for the declarant with ``id_number``; the task goes to
    the admin of the unit the person is in now. One open request per person: the index
    ``uq_title_transfers_open`` refuses a second one sent at the same moment."""
    require_admin(admin)
    person = session.scalars(
        select(User).where(User.id_number == id_number.upper(), User.role == Role.DECLARANT)
    ).first()
    if person is None:
        raise NotFound("未找到该证件号的申报人", {"id_number": "未找到该证件号的申报人"})
    if person.org_id == admin.org_id:
        raise Invalid("该人员已在本单位", {"id_number": "该人员已在本单位"})
    open_request = exists().where(
        TitleTransfer.person_id == person.id, TitleTransfer.status.in_(OPEN_TRANSFER)
    )
    if session.scalar(select(open_request)):
        raise Conflict(PENDING, {"id_number": PENDING})
    transfer = TitleTransfer(
        person_id=person.id,
        from_org_id=person.org_id,
        to_org_id=admin.org_id,
        requested_by_id=admin.id,
        note=note or None,
    )
    with committing(session, PENDING, {"id_number": PENDING}):
        session.add(transfer)
        session.flush()
        data = {"current_org": person.org_id}
        outcome = cases.start(session, _subject(transfer), PROCESS_ID, bpmn_dir, data)
        transfer.status = outcome.status or "under_review"
        audit.record_subject(
            session,
            chain(transfer),
            admin,
            "transfer_request",
            comment=note or None,
            status_to=transfer.status,
            definition=outcome.definition,
            details=_details(transfer, person),
        )
    return transfer


def listing(session: Session, admin: User, direction: str | None) -> list[TitleTransfer]:
    """Requests into (``in``) or out of (``out``) the caller's subtree, newest first."""
    require_admin(admin)
    from_org, to_org = aliased(Org), aliased(Org)
    prefix = admin.org.path
    into = to_org.path.startswith(prefix, autoescape=True)
    out_of = from_org.path.startswith(prefix, autoescape=True)
    where = {"in": into, "out": out_of}.get(direction or "", or_(into, out_of))
    return list(
        session.scalars(
            select(TitleTransfer)
            .join(from_org, from_org.id == TitleTransfer.from_org_id)
            .join(to_org, to_org.id == TitleTransfer.to_org_id)
            .where(where)
            .order_by(TitleTransfer.created_at.desc(), TitleTransfer.id.desc())
        )
    )


def get(session: Session, admin: User, transfer_id: int) -> TitleTransfer:
    """One request, for an admin of either org's subtree; 404 for anyone else."""
    require_admin(admin)
    transfer = session.get(TitleTransfer, transfer_id)
    if transfer is None or not (
        admin.org.contains(transfer.from_org) or admin.org.contains(transfer.to_org)
    ):
        raise NotFound("移交申请不存在")
    return transfer


def decide(
    session: Session, admin: User, transfer_id: int, action: str, comment: str
) -> TitleTransfer:
    """同意 (pass) or 拒绝 (reject, reason required) by the old unit's admin, on the one
    decide path (``Transfers``); 同意 moves the person in the same transaction."""
    transfer = get(session, admin, transfer_id)
    tasks = cases.open_tasks(session, SUBJECT_TYPE, transfer.id)
    if not tasks:
        raise Conflict(STALE)
    decision.decide(session, admin, tasks[0].id, action, comment, TRANSFERS)
    return transfer


class Transfers(OrgAdminKind):
    """A transfer's task: decided by the admin of the old unit (the org it waits at);
    同意 refused while a declaration of the person's is reviewed at the old unit itself."""

    stale = not_ready = STALE
    unsupported = "应为pass（同意）或reject（拒绝）"
    forbidden = "该移交申请由人员原单位审核"

    def check(self, session: Session, decided: decision.Decision[CaseTask]) -> None:
        transfer = session.get_one(TitleTransfer, decided.task.subject_id)
        if decided.action == "pass":
            _refuse_while_reviewed_at_old_unit(session, transfer)
        decided.subject, decided.extra = transfer, transfer.person
        decided.status_from = "under_review"

    def case(self, session: Session, decided: decision.Decision[CaseTask]) -> cases.Subject:
        return _subject(decided.subject)

    def apply(
        self, session: Session, decided: decision.Decision[CaseTask], outcome: cases.Outcome
    ) -> None:
        transfer = decided.subject
        transfer.status = outcome.status or transfer.status
        transfer.decided_by_id, transfer.decided_at = decided.user.id, utcnow()
        transfer.reason = decided.comment or None

    def chain(self, row: TitleTransfer) -> str:
        return chain(row)

    def details(self, decided: decision.Decision[CaseTask]) -> dict[str, Any]:
        return _details(decided.subject, decided.extra)

    def finish(
        self, session: Session, decided: decision.Decision[CaseTask], outcome: cases.Outcome
    ) -> None:
        transfer = decided.subject
        if transfer.status == Status.APPROVED:
            details = _details(transfer, decided.extra)
            _move(session, decided.user, transfer, decided.extra, details)


TRANSFERS = Transfers()


def _move(
    session: Session, admin: User, transfer: TitleTransfer, person: User, details: dict
) -> None:
    """The person, their declarations and their expert entries to the new unit, each one's
    chain told. An expert moves too: recusal compares a draw's declarant unit with the
    expert's unit now, not the one they applied from."""
    person.org_id = transfer.to_org_id
    declarations = list(session.scalars(select(TitleDeclaration).filter_by(declarant_id=person.id)))
    entries = list(session.scalars(select(TitleExpert).filter_by(user_id=person.id)))
    moved: list[tuple[str, TitleDeclaration | TitleExpert]] = [
        (subject_chain(d.id), d) for d in declarations
    ]
    moved += [(experts.subject_chain(e.id), e) for e in entries]
    for chain_name, row in moved:
        row.org_id = transfer.to_org_id
        audit.record_subject(
            session,
            chain_name,
            admin,
            "transfer_in",
            details={**details, "transfer_id": transfer.id},
        )
    transfer.moved_declarations = len(declarations)
    audit.record_subject(
        session,
        f"user:{person.id}",
        admin,
        "transfer_in",
        details={**details, "transfer_id": transfer.id},
    )


def _refuse_while_reviewed_at_old_unit(session: Session, transfer: TitleTransfer) -> None:
    waiting = session.scalar(
        select(
            exists().where(
                CaseTask.subject_type == TITLE_SUBJECT,
                CaseTask.state == TaskState.READY,
                CaseTask.candidate_org_id == transfer.from_org_id,
                CaseTask.subject_id.in_(
                    select(TitleDeclaration.id).filter_by(declarant_id=transfer.person_id)
                ),
            )
        )
    )
    if waiting:
        raise Conflict("该人员有职称申报正在本单位审查中，请先审查完毕或退回后再同意移交")


def _details(transfer: TitleTransfer, person: User) -> dict:
    return {
        "person": person.name,
        "from_org": transfer.from_org.name if transfer.from_org else None,
        "to_org": transfer.to_org.name if transfer.to_org else None,
    }
