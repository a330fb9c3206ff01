"""专家信息库 and 抽取专家 (seed 004: approved experts enter the pool "方便评委会进行抽取专家
进行评审"): staff with a title role search the pool of their subtree; a committee (the city
or province 职改办, where 评委会 sit) draws reviewers at random from it.

Recusal: a draw never picks an expert of the declarant's unit (nor the declarant), so nobody
judges a colleague; the committee picks the declaration by its declarant's name or ID number
(``declarations.list_declarations`` with ``q``). Every draw is kept (``expert_draws``) and
audited on its own chain ``expert_draw:<id>`` and, when drawn for a declaration, on the
declaration's chain too.

Experts' phone numbers are masked in every list (pool, draws, the draw's result); the
committee that drew reads them in full on the draw's contacts view (``draw_contacts``), each
view audited.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services import audit
from app.platform.services.errors import Forbidden, Invalid, NotFound
from app.platform.services.listing import Page, paginate
from app.platform.services.scope import get_org_in_scope
from app.platform.services.transaction import committing
from app.titles.models.declarations import TitleDeclaration, TitleReviewer
from app.titles.models.experts import ExpertDraw, ExpertDrawMember, TitleExpert
from app.titles.services import declarations, tasks
from handlers.titles.review import permitted
from handlers.titles.vocabulary import TITLE_SERIES_LABELS
from handlers.vocabulary import Status

COMMITTEE_LEVELS = ("city", "province")
"""Where 评委会 sit: only these orgs draw experts."""
DRAW_SUBJECT = "expert_draw"
CONTACTS_VIEW = "expert_contacts_view"
POOL_WITH = (joinedload(TitleExpert.org), joinedload(TitleExpert.user))


def draw_chain(draw_id: int) -> str:
    """The audit chain of one draw."""
    return f"{DRAW_SUBJECT}:{draw_id}"


def pool_query(session: Session, user: User) -> Select:
    """Active approved experts of the caller's subtree (the province's subtree is all of
    them); 403 for an account without a title role."""
    tasks.reviewer_of(session, user)
    return (
        select(TitleExpert)
        .join(Org, TitleExpert.org_id == Org.id)
        .where(
            TitleExpert.status == Status.APPROVED,
            TitleExpert.active.is_(True),
            Org.path.startswith(user.org.path, autoescape=True),
        )
    )


def search(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """专家库: by series and a specialty substring, ordered by series and specialty."""
    query = _filtered(pool_query(session, user), filters.get("series"), filters.get("specialty"))
    query = query.order_by(TitleExpert.series, TitleExpert.specialty, TitleExpert.id)
    return paginate(session, query.options(*POOL_WITH), filters)


def draw(session: Session, user: User, data: dict[str, Any]) -> ExpertDraw:
    """抽取专家: ``count`` experts of ``series`` (``specialty`` substring if given) picked at
    random (``secrets.SystemRandom``) from the caller's pool, recusing the declaration's unit
    and declarant (``declaration_id``) or the unit named by ``exclude_org_code``. 422 when
    fewer than ``count`` are eligible; the draw and its audit land in one transaction."""
    series, count = data["series"], data["count"]
    _require_drawer(session, user, series)
    declaration = None
    excluded_org = None
    if data.get("declaration_id") is not None:
        declaration = declarations.get_declaration(session, user, data["declaration_id"])
        excluded_org = declaration.org
    elif data.get("exclude_org_code"):
        excluded_org = get_org_in_scope(session, user, data["exclude_org_code"])
    query = _filtered(pool_query(session, user), series, data.get("specialty"))
    if excluded_org is not None:
        query = query.where(TitleExpert.org_id != excluded_org.id)
    if declaration is not None:
        query = query.where(TitleExpert.user_id != declaration.declarant_id)
    eligible = list(session.scalars(query.order_by(TitleExpert.id)))
    if len(eligible) < count:
        message = (
            f"符合条件（已回避申报人所在单位）的专家仅{len(eligible)}人，不足抽取人数{count}人"
        )
        raise Invalid(message, {"count": message})
    picked = secrets.SystemRandom().sample(eligible, count)
    record = ExpertDraw(
        drawn_by_id=user.id,
        committee_org_id=user.org_id,
        series=series,
        specialty=data.get("specialty") or None,
        count=count,
        excluded_org_id=excluded_org.id if excluded_org else None,
        declaration_id=declaration.id if declaration else None,
        pool_size=len(eligible),
        members=[
            ExpertDrawMember(expert_id=expert.id, position=index)
            for index, expert in enumerate(picked, 1)
        ],
    )
    with committing(session):
        session.add(record)
        session.flush()
        details = {
            "draw_id": record.id,
            "series": series,
            "specialty": record.specialty,
            "count": count,
            "pool_size": record.pool_size,
            "excluded_org": excluded_org.code if excluded_org else None,
            "experts": [expert.id for expert in picked],
        }
        audit.record_subject(session, draw_chain(record.id), user, "expert_draw", details=details)
        if declaration is not None:
            audit.record_subject(
                session,
                declarations.subject_chain(declaration.id),
                user,
                "expert_draw",
                status_from=declaration.status,
                status_to=declaration.status,
                details=details,
            )
    return record


def draws_query(session: Session, user: User) -> Select:
    """Draws made by committees of the caller's subtree (title role required)."""
    tasks.reviewer_of(session, user)
    return (
        select(ExpertDraw)
        .join(Org, ExpertDraw.committee_org_id == Org.id)
        .where(Org.path.startswith(user.org.path, autoescape=True))
    )


def list_draws(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """抽取记录, newest first."""
    query = draws_query(session, user).order_by(ExpertDraw.id.desc())
    shown = query.options(
        joinedload(ExpertDraw.committee_org),
        joinedload(ExpertDraw.drawn_by),
        joinedload(ExpertDraw.declaration).joinedload(TitleDeclaration.declarant),
    )
    return paginate(session, shown, filters)


def get_draw(session: Session, user: User, draw_id: int) -> ExpertDraw:
    found = session.scalars(draws_query(session, user).where(ExpertDraw.id == draw_id)).first()
    if found is None:
        raise NotFound("抽取记录不存在")
    return found


def draw_contacts(session: Session, user: User, draw_id: int) -> ExpertDraw:
    """The drawn experts' full phone numbers, for the committee that drew them (it has to
    call them): staff of the drawing org only (403 for the orgs above, which see the draw
    masked like every list), and every view is audited on the draw's chain, committed
    before the numbers are shown."""
    draw_record = get_draw(session, user, draw_id)
    if draw_record.committee_org_id != user.org_id:
        raise Forbidden("仅抽取专家的评委会可以查看专家联系方式")
    with committing(session):
        audit.record_subject(
            session,
            draw_chain(draw_record.id),
            user,
            CONTACTS_VIEW,
            details={"draw_id": draw_record.id, "experts": [e.id for e in draw_record.experts]},
        )
    return draw_record


def may_draw(session: Session, user: User) -> bool:
    """Whether the menu offers 抽取专家: a title role at a committee org."""
    return (
        user.is_reviewer
        and user.org.level in COMMITTEE_LEVELS
        and session.get(TitleReviewer, user.id) is not None
    )


def _require_drawer(session: Session, user: User, series: str) -> None:
    reviewer = tasks.reviewer_of(session, user)
    if user.org.level not in COMMITTEE_LEVELS:
        raise Forbidden("仅评委会所在的市、省职改办可以抽取专家")
    if not permitted(reviewer.series, series):
        raise Forbidden(f"您没有“{TITLE_SERIES_LABELS.get(series, series)}”系列的权限")


def _filtered(query: Select, series: str | None, specialty: str | None) -> Select:
    if series:
        query = query.where(TitleExpert.series == series)
    if specialty:
        query = query.where(TitleExpert.specialty.contains(specialty, autoescape=True))
    return query
