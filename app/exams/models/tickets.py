"""准考证管理: exam sessions, the admission tickets assigned to approved applications, each
print of a ticket, and the per-prefix counter that numbers tickets.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.exams.models.applications import Application
from app.extensions import Model
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User


class ExamSession(Model):
    """One sitting of one trade and grade, defined by a province or city admin: a date, a site
    (考场) with ``rooms`` rooms of ``seats_per_room`` seats, and the printing window
    (开放打印准考证) outside of which nobody prints its tickets. ``org`` is the defining org:
    it and its ancestors manage the session, its subtree sees it. ``revision`` counts the
    changes of what a ticket prints (1 as created): tickets printed on an older revision are
    stale (是否升级打印, app/exams/services/tickets.py).
    """

    __tablename__ = "exam_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    year: Mapped[int]
    trade: Mapped[str] = mapped_column(String(64))
    grade: Mapped[int]
    exam_date: Mapped[date]
    exam_time: Mapped[str] = mapped_column(String(20))
    site: Mapped[str] = mapped_column(String(128))
    address: Mapped[str | None] = mapped_column(String(200))
    rooms: Mapped[int]
    seats_per_room: Mapped[int]
    notes: Mapped[str | None] = mapped_column(Text)
    print_opens_at: Mapped[datetime | None]
    print_closes_at: Mapped[datetime | None]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revision: Mapped[int] = mapped_column(default=1, server_default="1")
    revised_at: Mapped[datetime | None]

    org: Mapped[Org] = relationship(lazy="joined")

    @property
    def capacity(self) -> int:
        return self.rooms * self.seats_per_room


VALID = text("voided_at IS NULL")


class Ticket(Model):
    """An application's admission ticket, its number unique for ever (it is printed on paper).

    A ticket is valid only while its holder is approved: when the application's status leaves
    终审通过 the ticket is voided (``voided_at``, ``void_reason``), kept with its prints as
    history, and its seat is free again. So an application has at most one valid ticket and a
    seat at most one valid holder; an application approved again needs a new assignment (a
    new number), the void one staying void."""

    __tablename__ = "tickets"
    __table_args__ = (
        Index(
            "uq_tickets_valid_application",
            "application_id",
            unique=True,
            postgresql_where=VALID,
            sqlite_where=VALID,
        ),
        Index(
            "uq_tickets_valid_seat",
            "session_id",
            "room",
            "seat",
            unique=True,
            postgresql_where=VALID,
            sqlite_where=VALID,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"), index=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    room: Mapped[int]
    seat: Mapped[int]
    assigned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(default=utcnow)
    voided_at: Mapped[datetime | None]
    void_reason: Mapped[str | None] = mapped_column(String(200))

    application: Mapped[Application] = relationship(lazy="joined")
    session: Mapped[ExamSession] = relationship(lazy="joined")
    prints: Mapped[list[TicketPrint]] = relationship(
        back_populates="ticket", order_by="TicketPrint.id"
    )

    @property
    def valid(self) -> bool:
        return self.voided_at is None


class TicketPrint(Model):
    """打印历史: who printed a ticket and when (an applicant printing their own, or an admin),
    and the session ``revision`` the printout showed."""

    __tablename__ = "ticket_prints"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    printed_at: Mapped[datetime] = mapped_column(default=utcnow)
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    ticket: Mapped[Ticket] = relationship(back_populates="prints")
    user: Mapped[User] = relationship(lazy="joined")


class TicketCounter(Model):
    """The last sequence number issued per ticket-number prefix (year + region). Incremented
    by one atomic UPDATE, so concurrent assignments queue on the row instead of reading the
    same maximum; the unique ticket number backs it up."""

    __tablename__ = "ticket_counters"

    prefix: Mapped[str] = mapped_column(String(12), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
