"""准考证管理 list (seed 1.2 / 2.2 / 3.2): the tickets of the caller's org subtree with the
seed's columns, one ticket and its 打印历史.

Everything is scoped to the caller's org subtree (``scope.applications_query``): another
county's tickets do not exist. Sessions live in exam_sessions.py, 编排 in
ticket_assignment.py, printing in ticket_printing.py, the Excel export in ticket_export.py.

是否升级打印: the seed's column (its sample row reads 已开卷, garbled) sits beside 打印准考证
and is not the printing window. We read it as "was this ticket printed again on the revised
(upgraded) data": a session's printed data (date, time, site, address, notes) may be revised
after tickets went out (exam_sessions.revise_session bumps its ``revision``), and each print
records the revision it showed. So a ticket reads
  待升级 — printed, but its latest printout predates the session's current revision: the
           candidate holds a stale ticket and needs a reprint;
  是     — printed again after a revision (its prints span more than one revision);
  否     — otherwise (never printed, or printed only on the current data).
The window state (未开放 / 未开始 / 已开放 / 已结束) stays in the JSON as ``print_window``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.models.tickets import ExamSession, Ticket, TicketPrint
from app.exams.services.exam_sessions import PrintWindow, require_staff
from app.exams.services.scope import applications_query
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.errors import NotFound
from app.platform.services.listing import Page, paginate
from app.platform.services.seasons import with_season

UPGRADED, STALE, NOT_UPGRADED = "是", "待升级", "否"


@dataclass(frozen=True)
class TicketRow:
    """One line of the seed's list: the ticket with the org names and states it shows."""

    ticket: Ticket
    region: str
    unit: str
    printed: bool
    window: str
    upgraded: str


def tickets_query(user: User) -> Select:
    """Tickets of the applications the user may see (scope.applications_query decides)."""
    visible = applications_query(user).with_only_columns(Application.id)
    return (
        select(Ticket)
        .join(Application, Ticket.application_id == Application.id)
        .where(Application.id.in_(visible))
    )


def filtered_query(user: User, filters: dict[str, Any]) -> Select:
    """The list's query with its filters, by ticket number: the page and its export alike."""
    require_staff(user)
    query = tickets_query(user).join(ExamSession, Ticket.session_id == ExamSession.id)
    if filters.get("season"):
        query = query.where(Application.season_id == filters["season"])
    if filters.get("session_id"):
        query = query.where(Ticket.session_id == filters["session_id"])
    if filters.get("declared_trade"):
        query = query.where(Application.declared_trade == filters["declared_trade"])
    if filters.get("declared_grade"):
        query = query.where(Application.declared_grade == filters["declared_grade"])
    if filters.get("q"):
        term = filters["q"].strip()
        query = query.where(
            or_(
                Application.name.contains(term, autoescape=True),
                Application.id_number == term.upper(),
                Ticket.number == term,
            )
        )
    if filters.get("printed") is not None:
        printed = select(TicketPrint.id).where(TicketPrint.ticket_id == Ticket.id).exists()
        query = query.where(printed if filters["printed"] else ~printed)
    return query.order_by(Ticket.number)


def list_tickets(
    session: Session, user: User, filters: dict[str, Any], now: datetime | None = None
) -> Page:
    """The seed's 准考证管理 list for the user's subtree, by ticket number."""
    filters = season_filters(session, filters)
    page = paginate(session, filtered_query(user, filters), filters)
    return Page(rows(session, page.items, now or utcnow()), page.total, page.page, page.per_page)


def season_filters(session: Session, filters: dict[str, Any]) -> dict[str, Any]:
    """The list is one season's tickets (the current season unless ``season`` names another);
    a chosen exam session lists its own tickets, whatever season it was."""
    return filters if filters.get("session_id") else with_season(session, filters)


def rows(session: Session, tickets: Sequence[Ticket], now: datetime) -> list[TicketRow]:
    """Rows with 地区 (the applicant's city), 单位 and the print marks, read in two queries
    for the whole batch."""
    codes = {code for t in tickets for code in t.application.org.path.split("/") if code}
    names = dict(session.execute(select(Org.code, Org.name).where(Org.code.in_(codes))).all())
    marks = _print_revisions(session, [t.id for t in tickets])
    result = []
    for ticket in tickets:
        chain = [code for code in ticket.application.org.path.split("/") if code]
        region = names.get(chain[1], "") if len(chain) > 1 else ""
        window = PrintWindow(ticket.session.print_opens_at, ticket.session.print_closes_at)
        revisions = marks.get(ticket.id)
        result.append(
            TicketRow(
                ticket,
                region,
                ticket.application.org.name,
                revisions is not None,
                window.state(now),
                upgrade_mark(revisions, ticket.session.revision),
            )
        )
    return result


def upgrade_mark(revisions: tuple[int, int] | None, current: int) -> str:
    """是否升级打印 of a ticket from the (first, latest) session revisions its prints showed
    and the session's current revision (see the module docstring)."""
    if revisions is None:
        return NOT_UPGRADED
    first, latest = revisions
    if latest < current:
        return STALE
    return UPGRADED if latest > first else NOT_UPGRADED


def _print_revisions(session: Session, ticket_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    ids = list(ticket_ids)
    if not ids:
        return {}
    found = session.execute(
        select(
            TicketPrint.ticket_id, func.min(TicketPrint.revision), func.max(TicketPrint.revision)
        )
        .where(TicketPrint.ticket_id.in_(ids))
        .group_by(TicketPrint.ticket_id)
    )
    return {ticket_id: (first, latest) for ticket_id, first, latest in found}


def find_ticket(session: Session, user: User, application_id: int) -> Ticket | None:
    """An application's latest ticket, if it has one and the caller may see the application
    (applicants: their own): the valid one, or the void one it held last (shown as 已作废)."""
    return session.scalars(
        tickets_query(user).where(Application.id == application_id).order_by(Ticket.id.desc())
    ).first()


def void_tickets(
    session: Session, application_id: int, reason: str, now: datetime | None = None
) -> None:
    """Void the application's valid ticket (its holder is no longer approved): the row and its
    prints stay as history, marked with when and why, and its seat is free again. The caller
    commits, with the status change that voids it."""
    session.execute(
        update(Ticket)
        .where(Ticket.application_id == application_id, Ticket.voided_at.is_(None))
        .values(voided_at=now or utcnow(), void_reason=reason)
    )


def ticket_of(session: Session, user: User, application_id: int) -> Ticket:
    ticket = find_ticket(session, user, application_id)
    if ticket is None:
        raise NotFound("准考证不存在")
    return ticket


def print_history(session: Session, user: User, application_id: int) -> list[TicketPrint]:
    """打印历史 of an application's ticket: who printed it and when, oldest first."""
    return ticket_of(session, user, application_id).prints
