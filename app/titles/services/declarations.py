"""Title declarations (seed 004, 职称申报): a declarant fills the form, submits it into
``title_review`` and follows its status, committee and interview; staff of the orgs above
read it within their permissions.

Who judges a declaration is computed from the tree at every submission
(``handlers.titles.review.review_chain``): the chain of orgs from the declarant's unit up to the
committee's org is handed to the process, which walks it handler then leader at each org.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from app.platform.models.audit import AuditEvent
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services import audit, cases
from app.platform.services.errors import Conflict, Forbidden, NotFound
from app.platform.services.listing import Page, paginate
from app.platform.services.transaction import committing
from app.titles.models.declarations import (
    OPEN_DECLARATION,
    SUBJECT_TYPE,
    TitleDeclaration,
    TitleReviewer,
)
from app.titles.services import plan_quota
from handlers.titles.review import permitted, review_chain
from handlers.titles.vocabulary import (
    TITLE_ATTACHMENT_KINDS,
    TITLE_SECTION_LABELS,
    TITLE_SERIES_LABELS,
)
from handlers.vocabulary import Role, Status

PROCESS_ID = "title_review"
DECLARANT = Role.DECLARANT
EDITABLE = ("draft", "returned")
STALE = "申报已被处理，请刷新后重试"
"""A submission someone (another tab, a reviewer) acted on first."""
ONE_AT_A_TIME = "已有未完成的职称申报，请在原申报上修改或等待审查结果"
ATTACHMENTS = "attachments"
"""The section whose content is the uploaded files, not JSON the declarant writes."""
FORM_FIELDS = ("series", "specialty", "level", "current_title", "current_title_date")
SHOWN_WITH = (
    joinedload(TitleDeclaration.declarant),
    joinedload(TitleDeclaration.org),
    joinedload(TitleDeclaration.committee_org),
    joinedload(TitleDeclaration.waiting_org),
)
"""What a list shows beside a declaration, loaded with it rather than one query a row."""


@dataclass(frozen=True)
class DeclarationView:
    """A declaration as one caller may read it: the sections they may see, and the keys of
    those hidden from them (so a page can say a section exists but is not theirs)."""

    declaration: TitleDeclaration
    sections: dict[str, Any]
    hidden_sections: list[str]


def subject_chain(declaration_id: int) -> str:
    """The audit chain (and case subject) of one declaration."""
    return f"{SUBJECT_TYPE}:{declaration_id}"


def case_subject(declaration: TitleDeclaration) -> cases.Subject:
    return cases.Subject(SUBJECT_TYPE, declaration.id, declaration.declarant_id, declaration.series)


def open_declaration_id(session: Session, user: User) -> int | None:
    """The declarant's open declaration (draft, under review or returned), if any."""
    return session.scalars(
        select(TitleDeclaration.id).where(
            TitleDeclaration.declarant_id == user.id, TitleDeclaration.status.in_(OPEN_DECLARATION)
        )
    ).first()


def create_declaration(session: Session, user: User, data: dict[str, Any]) -> TitleDeclaration:
    """A new draft of the declarant's own; one open declaration at a time (the index
    ``uq_title_declarations_open`` refuses a second one sent at the same moment)."""
    _require_declarant(user)
    if open_declaration_id(session, user) is not None:
        raise Conflict(ONE_AT_A_TIME)
    declaration = TitleDeclaration(declarant_id=user.id, org_id=user.org_id, sections={})
    _fill(declaration, data)
    with committing(session, ONE_AT_A_TIME):
        session.add(declaration)
        session.flush()
        record_event(session, declaration, user, "title_create", status_from="draft")
    return declaration


def update_declaration(
    session: Session, user: User, declaration_id: int, data: dict[str, Any]
) -> TitleDeclaration:
    """Edit one's own draft or returned declaration; ``version``, when given, must be the
    one the editor read (409 otherwise, as when a concurrent edit wins at flush)."""
    declaration = own_editable(session, user, declaration_id)
    if data.get("version") not in (None, declaration.version):
        raise Conflict("申报已被修改，请刷新后重试")
    with committing(session, "申报已被修改，请刷新后重试"):
        _fill(declaration, data)
        record_event(session, declaration, user, "title_update")
    return declaration


def submit_declaration(
    session: Session, user: User, declaration_id: int, bpmn_dir: Path
) -> TitleDeclaration:
    """提交: a draft starts ``title_review`` at the declarant's unit; a returned declaration
    completes the declarant's 修改后重新提交 task and starts again at the unit. The chain
    (and so the committee) is computed now, from the tree and the declared level. Either is
    refused (422, 超计划申报) when the unit's approved 申报计划 have no place left."""
    declaration = _own(session, user, declaration_id)
    if declaration.status not in EDITABLE:
        raise Conflict("申报已提交，正在审查中")
    chain = review_chain(_ancestors(session, declaration.org), declaration.level)
    status_from = declaration.status
    subject = case_subject(declaration)
    with committing(session, STALE):
        plan_quota.check_quota(session, declaration)  # locks the plans: a place is counted once
        if status_from == Status.DRAFT:
            data = {"chain": chain, "level": 0, "current_org": chain[0]}
            outcome = cases.start(session, subject, PROCESS_ID, bpmn_dir, data)
            action = "title_submit"
        else:
            task = cases.owner_task(session, subject, STALE)
            outcome = cases.complete(
                session, subject, task, user, "resubmit", data={"chain": chain}
            )
            action = "resubmit"
        declaration.committee_org_id = chain[-1]
        declaration.submitted_at = utcnow()
        declaration.return_reason = None
        outcome.place(declaration)
        details = {"chain": chain, "level": declaration.level, "series": declaration.series}
        record_event(
            session,
            declaration,
            user,
            action,
            status_from=status_from,
            outcome=outcome,
            details=details,
        )
    return declaration


def set_interview(
    session: Session, user: User, declaration_id: int, data: dict[str, Any]
) -> TitleDeclaration:
    """面试通知: the committee's org (admin or reviewer there) sets the interview notice and
    place of a submitted declaration; the declarant sees them on 申报状态."""
    declaration = get_declaration(session, user, declaration_id)
    if declaration.committee_org_id != user.org_id:
        raise Forbidden("仅评委会所在单位可以发布面试通知")
    if declaration.status in EDITABLE:
        raise Conflict("申报尚未提交审查，不能发布面试通知")
    with committing(session, "申报已被修改，请刷新后重试"):
        declaration.interview_notice = data["notice"]
        declaration.interview_place = data["place"]
        details = {"notice": data["notice"], "place": data["place"]}
        record_event(session, declaration, user, "title_interview", details=details)
    return declaration


def list_declarations(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """申报人员状态查询: a declarant's own declarations; staff: those of their subtree (``q``:
    part of the declarant's name or ID number, e.g. to pick the declaration a draw recuses)."""
    query = declarations_query(user)
    for name in ("status", "series", "level"):
        if filters.get(name):
            query = query.where(getattr(TitleDeclaration, name) == filters[name])
    if filters.get("q"):
        query = query.where(TitleDeclaration.declarant_id.in_(_declarants_matching(filters["q"])))
    query = query.order_by(TitleDeclaration.id.desc()).options(*SHOWN_WITH)
    return paginate(session, query, filters)


def _declarants_matching(q: str) -> Select:
    """Declarant accounts whose name or ID number (their login) contains ``q``."""
    return select(User.id).where(
        User.role == DECLARANT,
        User.name.contains(q, autoescape=True) | User.username.contains(q.upper(), autoescape=True),
    )


def declarations_query(user: User) -> Select:
    query = select(TitleDeclaration)
    if user.role == DECLARANT:
        return query.where(TitleDeclaration.declarant_id == user.id)
    if not user.is_reviewer:
        raise Forbidden("仅申报人和审查人员可以查看职称申报")
    return query.join(Org, TitleDeclaration.org_id == Org.id).where(
        Org.path.startswith(user.org.path, autoescape=True)
    )


def get_declaration(session: Session, user: User, declaration_id: int) -> TitleDeclaration:
    """A declaration the caller may see (404 otherwise: out of scope looks like missing)."""
    found = session.scalars(
        declarations_query(user).where(TitleDeclaration.id == declaration_id)
    ).first()
    if found is None:
        raise NotFound("职称申报不存在")
    return found


def declaration_view(session: Session, user: User, declaration_id: int) -> DeclarationView:
    declaration = get_declaration(session, user, declaration_id)
    return view_of(session, user, declaration)


def view_of(session: Session, user: User, declaration: TitleDeclaration) -> DeclarationView:
    """The declarant sees every section; a reviewer those its permissions grant, and none
    of a series it does not review."""
    allowed = [key for key in TITLE_SECTION_LABELS if _may_see(session, user, declaration, key)]
    return DeclarationView(
        declaration,
        {key: section_content(declaration, key) for key in allowed},
        [key for key in TITLE_SECTION_LABELS if key not in allowed],
    )


def section_content(declaration: TitleDeclaration, key: str) -> Any:
    """A section as stored; 附件 is the list of the declaration's uploaded files (the files
    themselves are downloaded one by one, under the same permission)."""
    if key == ATTACHMENTS:
        return [
            {
                "id": row.id,
                "kind": row.kind,
                "kind_label": TITLE_ATTACHMENT_KINDS.get(row.kind, row.kind),
                "label": row.label,
                "original_name": row.original_name,
                "content_type": row.content_type,
                "size": row.size,
                "created_at": row.created_at.isoformat(timespec="seconds") + "Z",
            }
            for row in declaration.attachments
        ]
    return declaration.sections.get(key)


def own_editable(session: Session, user: User, declaration_id: int) -> TitleDeclaration:
    """The declarant's own declaration while it may still change (draft or returned):
    404 for anyone else's, 409 once submitted."""
    declaration = _own(session, user, declaration_id)
    if declaration.status not in EDITABLE:
        raise Conflict("申报已提交审查，不能修改")
    return declaration


def history(session: Session, user: User, declaration_id: int) -> list[AuditEvent]:
    """操作历史: the declaration's own audit chain, oldest first."""
    declaration = get_declaration(session, user, declaration_id)
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.chain == subject_chain(declaration.id))
            .order_by(AuditEvent.seq)
        )
    )


def section(session: Session, user: User, declaration_id: int, key: str) -> dict[str, Any]:
    """One section of a declaration: 404 outside the caller's scope, 403 for a section (or
    a series) the caller's title permissions do not grant."""
    declaration = get_declaration(session, user, declaration_id)
    if key not in TITLE_SECTION_LABELS:
        raise NotFound("内容板块不存在")
    if not _may_see(session, user, declaration, key):
        if not permitted(_granted(session, user, "series"), declaration.series):
            series = TITLE_SERIES_LABELS.get(declaration.series, declaration.series)
            raise Forbidden(f"您没有审查“{series}”系列的权限")
        raise Forbidden(f"您没有查看“{TITLE_SECTION_LABELS[key]}”板块的权限")
    return {
        "key": key,
        "label": TITLE_SECTION_LABELS[key],
        "content": section_content(declaration, key),
    }


def _may_see(session: Session, user: User, declaration: TitleDeclaration, key: str) -> bool:
    if user.role == DECLARANT:
        return declaration.declarant_id == user.id
    reviewer = session.get(TitleReviewer, user.id)
    return (
        reviewer is not None
        and permitted(reviewer.series, declaration.series)
        and permitted(reviewer.sections, key)
    )


def _granted(session: Session, user: User, what: str) -> list[str]:
    reviewer = session.get(TitleReviewer, user.id)
    return list(getattr(reviewer, what)) if reviewer is not None else []


def _fill(declaration: TitleDeclaration, data: dict[str, Any]) -> None:
    for name in FORM_FIELDS:
        if name in data:
            setattr(declaration, name, data[name])
    if data.get("sections"):
        declaration.sections = {**(declaration.sections or {}), **data["sections"]}


def _own(session: Session, user: User, declaration_id: int) -> TitleDeclaration:
    _require_declarant(user)
    declaration = session.get(TitleDeclaration, declaration_id)
    if declaration is None or declaration.declarant_id != user.id:
        raise NotFound("职称申报不存在")
    return declaration


def _require_declarant(user: User) -> None:
    if user.role != DECLARANT:
        raise Forbidden("仅申报人可以填写和提交职称申报")


def _ancestors(session: Session, org: Org) -> list[tuple[int, str]]:
    """(id, level) from ``org`` up to the root: the materialised path names them all."""
    codes = [code for code in org.path.split("/") if code]
    rows = session.execute(select(Org.code, Org.id, Org.level).where(Org.code.in_(codes)))
    found = {row.code: (row.id, row.level) for row in rows}
    return [found[code] for code in reversed(codes) if code in found]


def record_event(
    session: Session,
    declaration: TitleDeclaration,
    user: User,
    action: str,
    *,
    status_from: str | None = None,
    outcome: cases.Outcome | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """One event on the declaration's own chain; a step records the process version."""
    definition = outcome.definition if outcome else None
    audit.record_status(
        session,
        subject_chain(declaration.id),
        user,
        action,
        declaration,
        status_from=status_from,
        definition=definition,
        details=details,
    )
