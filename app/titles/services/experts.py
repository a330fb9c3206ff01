"""专家审查 (seed 004): a declarant applies to be an expert ("申报职称或专家"); the application
climbs ``expert_review`` from the applicant's unit to the province (单位审查, 主管单位审查,
the county if any, 市职改办, 省职改办), 经办人 then 负责人 at each org. 退回修改 sends it back
to the applicant, whose resubmission starts again at the unit; 未通过 ends it; the province
leader's 通过 puts the expert into the pool (专家信息库) in the same transaction.

Only holders of a 副高级 or 正高级 title may apply (422 otherwise). Staff read applications
of their subtree; a reviewer decides those waiting at its own org, role and series.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from app.platform.models.audit import AuditEvent
from app.platform.models.base import utcnow
from app.platform.models.cases import CaseTask
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services import audit, cases, decide
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.listing import Page, paginate
from app.platform.services.scope import org_chain
from app.platform.services.transaction import committing
from app.titles.models.declarations import TitleReviewer
from app.titles.models.experts import EXPERT_LEVELS, EXPERT_SUBJECT_TYPE, OPEN_EXPERT, TitleExpert
from app.titles.services import tasks
from handlers.titles.vocabulary import TITLE_LEVEL_LABELS
from handlers.vocabulary import ORG_LEVELS, REVIEWING_ROLES, Role, Status

PROCESS_ID = "expert_review"
DECLARANT = Role.DECLARANT
STAFF_ROLES = REVIEWING_ROLES
EDITABLE = ("draft", "returned")
ONE_AT_A_TIME = "已有专家申报（未完成或已入库），请在原申报上修改或等待审查结果"
FORM_FIELDS = ("name", "series", "specialty", "title", "title_level", "phone", "summary")
STALE = "专家申报已被他人处理，请刷新后重试"
TASK_STALE = "该专家申报已被其他审查人员处理，请刷新后重试"
SHOWN_WITH = (
    joinedload(TitleExpert.user),
    joinedload(TitleExpert.org),
    joinedload(TitleExpert.waiting_org),
)


@dataclass(frozen=True)
class ExpertInboxItem:
    task: CaseTask
    expert: TitleExpert


def subject_chain(expert_id: int) -> str:
    """The audit chain (and case subject) of one expert application."""
    return f"{EXPERT_SUBJECT_TYPE}:{expert_id}"


def case_subject(expert: TitleExpert) -> cases.Subject:
    return cases.Subject(EXPERT_SUBJECT_TYPE, expert.id, expert.user_id, expert.series)


def create_application(session: Session, user: User, data: dict[str, Any]) -> TitleExpert:
    """A new draft of the declarant's own; one open (or approved) application at a time (the
    index ``uq_title_experts_open`` refuses a second one sent at the same moment)."""
    _require_declarant(user)
    _require_senior(data.get("title_level"))
    existing = session.scalars(
        select(TitleExpert.id).where(
            TitleExpert.user_id == user.id, TitleExpert.status.in_(OPEN_EXPERT)
        )
    ).first()
    if existing is not None:
        raise Conflict(ONE_AT_A_TIME)
    expert = TitleExpert(user_id=user.id, org_id=user.org_id, status=Status.DRAFT, name=user.name)
    _fill(expert, data)
    with committing(session, ONE_AT_A_TIME):
        session.add(expert)
        session.flush()
        _record(session, expert, user, "expert_create", status_from="draft")
    return expert


def update_application(
    session: Session, user: User, expert_id: int, data: dict[str, Any]
) -> TitleExpert:
    """Edit one's own draft or returned application; ``version``, when sent, must be the one
    the editor read (409 otherwise, as when a concurrent edit wins at flush)."""
    expert = _own(session, user, expert_id)
    if expert.status not in EDITABLE:
        raise Conflict("专家申报已提交审查，不能修改")
    if "title_level" in data:
        _require_senior(data["title_level"])
    if data.get("version") not in (None, expert.version):
        raise Conflict(STALE)
    with committing(session, STALE):
        _fill(expert, data)
        _record(session, expert, user, "expert_update")
    return expert


def submit_application(session: Session, user: User, expert_id: int, bpmn_dir: Path) -> TitleExpert:
    """提交: a draft starts ``expert_review`` at the applicant's unit; a returned one completes
    the applicant's 修改后重新提交 task and starts again at the unit. The chain (the unit and
    every org above it up to the province) is computed from the tree now."""
    expert = _own(session, user, expert_id)
    if expert.status not in EDITABLE:
        raise Conflict("专家申报已提交，正在审查中")
    chain = review_chain(session, expert.org)
    status_from = expert.status
    subject = case_subject(expert)
    with committing(session, STALE):
        if status_from == Status.DRAFT:
            data = {"chain": chain, "level": 0, "current_org": chain[0]}
            outcome = cases.start(session, subject, PROCESS_ID, bpmn_dir, data)
            action = "expert_submit"
        else:
            outcome = cases.complete(
                session,
                subject,
                cases.owner_task(session, subject, STALE),
                user,
                "resubmit",
                data={"chain": chain},
            )
            action = "resubmit"
        expert.submitted_at = utcnow()
        expert.return_reason = None
        outcome.place(expert)
        approved(expert)
        _record(
            session,
            expert,
            user,
            action,
            status_from=status_from,
            definition=outcome.definition,
            details={"chain": chain, "series": expert.series},
        )
    return expert


def approved(expert: TitleExpert) -> None:
    """Approved by the process (after ``Outcome.place``), the expert enters the pool."""
    if expert.status == Status.APPROVED and expert.approved_at is None:
        expert.approved_at = utcnow()
        expert.active = True


def review_chain(session: Session, org: Org) -> list[int]:
    """Org ids from the unit up to the province: every level reviews an expert (the seed's
    单位, 主管单位, 市职改办, 省职改办; a county in between reviews too)."""
    levels = org_chain(session, org)
    return [levels[level] for level in reversed(ORG_LEVELS) if level in levels]


def list_applications(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """A declarant's own applications; staff: those of their subtree (``status`` filter)."""
    query = applications_query(user)
    for name in ("status", "series"):
        if filters.get(name):
            query = query.where(getattr(TitleExpert, name) == filters[name])
    return paginate(session, query.order_by(TitleExpert.id.desc()).options(*SHOWN_WITH), filters)


def applications_query(user: User) -> Select:
    query = select(TitleExpert)
    if user.role == DECLARANT:
        return query.where(TitleExpert.user_id == user.id)
    if user.role not in STAFF_ROLES:
        raise Forbidden("仅申报人和审查人员可以查看专家申报")
    return query.join(Org, TitleExpert.org_id == Org.id).where(
        Org.path.startswith(user.org.path, autoescape=True)
    )


def get_application(session: Session, user: User, expert_id: int) -> TitleExpert:
    """An application the caller may see (404 otherwise: out of scope looks like missing)."""
    found = session.scalars(applications_query(user).where(TitleExpert.id == expert_id)).first()
    if found is None:
        raise NotFound("专家申报不存在")
    return found


def records(session: Session, user: User, expert_id: int) -> list[AuditEvent]:
    """审查记录: the application's own audit chain, oldest first."""
    expert = get_application(session, user, expert_id)
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.chain == subject_chain(expert.id))
            .order_by(AuditEvent.seq)
        )
    )


def inbox(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """专家审查: applications waiting at the caller's org for its title role, in its series."""
    query = tasks.waiting_for(session, user, EXPERT_SUBJECT_TYPE, TitleExpert)
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    shown = query.options(joinedload(TitleExpert.org), joinedload(TitleExpert.user))
    rows = session.execute(shown.limit(per_page).offset((page - 1) * per_page))
    return Page(
        [ExpertInboxItem(task, expert) for task, expert in rows], total or 0, page, per_page
    )


def pending_count(session: Session, user: User) -> int | None:
    """Expert tasks waiting for the caller (menu badge); None without a title role."""
    reviewer = session.get(TitleReviewer, user.id) if user.role in STAFF_ROLES else None
    if reviewer is None:
        return None
    query = tasks.waiting_for(session, user, EXPERT_SUBJECT_TYPE, TitleExpert)
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def task_view(session: Session, user: User, task_id: int) -> tuple[CaseTask, TitleExpert]:
    task = tasks.visible_task(session, user, task_id, TASKS)
    return task, tasks.subject_of(session, TitleExpert, task)


def complete_task(
    session: Session, user: User, task_id: int, action: str, comment: str
) -> CaseTask:
    """通过 / 退回修改 / 未通过 an application waiting at the caller's org for its role, on
    the one decide path (``Experts``): the engine step, the task rows, the application (into
    the pool on the last 通过) and its record in one transaction; someone first -> 409."""
    return decide.decide(session, user, task_id, action, comment, TASKS)


RETURN_REASON = {"return": "return_reason"}
EXPERTS = tasks.Subjects(TitleExpert, case_subject, subject_chain, RETURN_REASON, approved)
TASKS = tasks.TaskKind(
    EXPERT_SUBJECT_TYPE, "专家申报", "仅审查人员可以审查专家申报", TASK_STALE, EXPERTS
)


def _require_senior(level: str | None) -> None:
    if level is not None and level not in EXPERT_LEVELS:
        label = TITLE_LEVEL_LABELS.get(level, level)
        message = f"仅具有副高级及以上职称的人员可以申报专家（当前为{label}）"
        raise Invalid(message, {"title_level": message})


def _fill(expert: TitleExpert, data: dict[str, Any]) -> None:
    for name in FORM_FIELDS:
        if name in data:
            setattr(expert, name, data[name])


def _own(session: Session, user: User, expert_id: int) -> TitleExpert:
    _require_declarant(user)
    expert = session.get(TitleExpert, expert_id)
    if expert is None or expert.user_id != user.id:
        raise NotFound("专家申报不存在")
    return expert


def _require_declarant(user: User) -> None:
    if user.role != DECLARANT:
        raise Forbidden("仅申报人可以填写和提交专家申报")


def _record(session: Session, expert: TitleExpert, user: User, action: str, **kwargs: Any) -> None:
    audit.record_status(session, subject_chain(expert.id), user, action, expert, **kwargs)
