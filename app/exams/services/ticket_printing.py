"""打印准考证: one ticket or a batch, valid tickets within the printing window only, each
print recorded (打印历史: who, when, and the session revision it showed).

A batch larger than TICKET_INLINE_BATCH is not rendered in the request: the caller queues a
job (ticket_batches.py) after ``printable`` accepted it, and the job runs ``printable`` again
when it starts (the window may have closed meanwhile) and records the prints as the user who
asked, exactly as the inline print does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application, Upload
from app.exams.models.tickets import Ticket, TicketPrint
from app.exams.services.exam_sessions import check_window
from app.exams.services.tickets import tickets_query
from app.platform.models.base import utcnow
from app.platform.models.users import User
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.transaction import committing
from handlers.vocabulary import Role

PRINTERS = (Role.ADMIN, Role.REVIEWER, Role.APPLICANT)


@dataclass(frozen=True)
class PrintedTicket:
    """What a printed ticket shows; ``photo`` is the applicant's 个人照片 file, if any."""

    ticket: Ticket
    photo: Path | None


def printable(
    session: Session, user: User, application_ids: Iterable[int], now: datetime
) -> list[Ticket]:
    """The tickets of these applications in the order asked, if every one may be printed
    now: visible to the caller (404 otherwise), valid (409 naming each void one and why) and
    its session's window open (409)."""
    if user.role not in PRINTERS:
        raise Forbidden("您的账号没有打印准考证的权限")
    ids = list(dict.fromkeys(application_ids))
    if not ids:
        raise Invalid("请选择要打印的准考证", {"application_ids": "请选择要打印的准考证"})
    latest = {
        ticket.application_id: ticket  # by id: the last one an application was given wins
        for ticket in session.scalars(
            tickets_query(user).where(Application.id.in_(ids)).order_by(Ticket.id)
        )
    }
    if len(latest) != len(ids):
        raise NotFound("准考证不存在", {"application_ids": "准考证不存在"})
    tickets = [latest[application_id] for application_id in ids]
    _refuse_void(tickets)
    for ticket in tickets:
        check_window(ticket.session, now)
    return tickets


def _refuse_void(tickets: Iterable[Ticket]) -> None:
    """A void ticket is never printed, alone or in a batch: the batch is refused, naming
    every void ticket with the reason, so the clerk can untick them."""
    void = [t for t in tickets if not t.valid]
    if void:
        named = "、".join(f"{t.application.name}（{t.number}，{t.void_reason}）" for t in void)
        message = f"准考证已作废，不能打印：{named}"
        raise Conflict(message, {"application_ids": message})


def print_tickets(
    session: Session,
    user: User,
    application_ids: Iterable[int],
    photo_dir: Path,
    now: datetime | None = None,
) -> list[PrintedTicket]:
    """Print the tickets of these applications now: nothing is recorded if any ticket may
    not be printed; otherwise every print is, in one transaction."""
    now = now or utcnow()
    tickets = printable(session, user, application_ids, now)
    printed = with_photos(session, tickets, photo_dir)
    with committing(session):
        record_prints(session, user, tickets, now)
    return printed


def record_prints(session: Session, user: User, tickets: Iterable[Ticket], now: datetime) -> None:
    """Add one 打印历史 row per ticket (the caller commits): who, when, which revision."""
    for ticket in tickets:
        session.add(
            TicketPrint(
                ticket_id=ticket.id,
                user_id=user.id,
                printed_at=now,
                revision=ticket.session.revision,
            )
        )


def with_photos(
    session: Session, tickets: list[Ticket], photo_dir: Path | None
) -> list[PrintedTicket]:
    """Each ticket with its applicant's latest 个人照片 that is still on disk (none without
    a ``photo_dir``)."""
    if photo_dir is None:
        return [PrintedTicket(t, None) for t in tickets]
    rows = session.scalars(
        select(Upload)
        .where(
            Upload.application_id.in_([t.application_id for t in tickets]), Upload.kind == "photo"
        )
        .order_by(Upload.id)
    )
    found = {}
    for row in rows:
        path = photo_dir / row.stored_name
        if path.is_file():
            found[row.application_id] = path
    return [PrintedTicket(t, found.get(t.application_id)) for t in tickets]
