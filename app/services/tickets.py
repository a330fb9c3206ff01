"""准考证管理 (seed 1.2 / 2.2 / 3.2): exam sessions, assigning approved applications to them
with a ticket number and seat, the printing window, printing (one or a batch) with its
history, and the seed's ticket list at every level.

Province and city admins define sessions and assign; every admin or reviewer of a subtree
lists and prints its tickets; an applicant prints their own. Everything is scoped to the
caller's org subtree (``scope.applications_query``): another county's tickets do not exist.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.models import Application, ExamSession, Org, Ticket, TicketCounter, TicketPrint, User
from app.models.applications import Upload
from app.models.base import utcnow
from app.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.services.listing import Page, paginate
from app.services.scope import applications_query
from app.services.transaction import committing
from handlers.tickets import seat_of, ticket_number, ticket_prefix

MANAGING_LEVELS = ("province", "city")
BEIJING = timezone(timedelta(hours=8), "CST")
ASSIGN_ATTEMPTS = 8
"""An assignment that lost a race for the counter row or a seat (409) is run again after a
short random pause (SQLite refuses a writer whose snapshot is stale at once, so without the
pause the losers collide again): the loser then reads the winner's seat and number."""


@dataclass(frozen=True)
class PrintWindow:
    """Whether tickets of a session may be printed at ``now``: the 是否开放打印 column."""

    opens_at: datetime | None
    closes_at: datetime | None

    def state(self, now: datetime) -> str:
        if self.opens_at is None or self.closes_at is None:
            return "未开放"
        if now < self.opens_at:
            return "未开始"
        if now > self.closes_at:
            return "已结束"
        return "已开放"


@dataclass(frozen=True)
class TicketRow:
    """One line of the seed's list: the ticket with the org names it shows."""

    ticket: Ticket
    region: str
    unit: str
    printed: bool
    window: str


@dataclass(frozen=True)
class PrintedTicket:
    """What a printed ticket shows; ``photo`` is the applicant's 个人照片 file, if any."""

    ticket: Ticket
    photo: Path | None


def _require_manager(user: User) -> None:
    if user.role != "admin" or user.level not in MANAGING_LEVELS:
        raise Forbidden("只有省、市管理员可以设置考场和编排准考证")


def _require_staff(user: User) -> None:
    if user.role not in ("admin", "reviewer"):
        raise Forbidden("您的账号没有准考证管理权限")


def sessions_query(user: User) -> Select:
    """Sessions the user sees: defined in their subtree or by an org above them (a county
    sees its city's and the province's sessions)."""
    return (
        select(ExamSession)
        .join(Org, ExamSession.org_id == Org.id)
        .where(
            or_(
                Org.path.startswith(user.org.path, autoescape=True),
                literal(user.org.path).startswith(Org.path),
            )
        )
    )


def list_sessions(session: Session, user: User) -> list[ExamSession]:
    _require_staff(user)
    query = sessions_query(user).order_by(ExamSession.exam_date.desc(), ExamSession.id.desc())
    return list(session.scalars(query))


def _managed_session(session: Session, user: User, session_id: int) -> ExamSession:
    """A session the manager's org defined or that lies below it; others do not exist."""
    _require_manager(user)
    exam = session.get(ExamSession, session_id)
    if exam is None or not user.org.contains(exam.org):
        raise NotFound("考试场次不存在")
    return exam


def get_session(session: Session, user: User, session_id: int) -> ExamSession:
    _require_staff(user)
    exam = session.scalars(sessions_query(user).where(ExamSession.id == session_id)).first()
    if exam is None:
        raise NotFound("考试场次不存在")
    return exam


def create_session(session: Session, user: User, data: dict[str, Any]) -> ExamSession:
    """A new session of the manager's org; its printing window stays closed until set."""
    _require_manager(user)
    exam = ExamSession(org_id=user.org_id, created_by_id=user.id, **data)
    with committing(session):
        session.add(exam)
    return exam


def set_print_window(
    session: Session, user: User, session_id: int, opens_at: datetime, closes_at: datetime
) -> ExamSession:
    """开放打印准考证: from ``opens_at`` to ``closes_at`` (naive UTC) and only then."""
    exam = _managed_session(session, user, session_id)
    if closes_at <= opens_at:
        raise Invalid("结束时间应晚于开始时间", {"closes_at": "结束时间应晚于开始时间"})
    with committing(session):
        exam.print_opens_at, exam.print_closes_at = opens_at, closes_at
    return exam


def assign(
    session: Session, user: User, session_id: int, application_ids: Sequence[int] | None
) -> list[Ticket]:
    """Give tickets of a session to the chosen approved applications, or with ``None`` to
    every approved application of its trade and grade in the manager's subtree that has none
    yet, in the order they registered. Seats fill room by room."""
    for attempt in range(ASSIGN_ATTEMPTS):
        try:
            return _assign_once(session, user, session_id, application_ids)
        except Conflict:
            if attempt == ASSIGN_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.02, 0.1) * (attempt + 1))
    raise AssertionError("unreachable")


def _assign_once(
    session: Session, user: User, session_id: int, application_ids: Sequence[int] | None
) -> list[Ticket]:
    exam = _managed_session(session, user, session_id)
    applications = _to_assign(session, user, exam, application_ids)
    taken = session.scalar(select(func.count()).where(Ticket.session_id == exam.id)) or 0
    if taken + len(applications) > exam.capacity:
        free = exam.capacity - taken
        raise Invalid(f"考场座位不足：剩余{free}个座位，需要{len(applications)}个")
    tickets = []
    with committing(session):
        for index, application in enumerate(applications, start=taken):
            room, seat = seat_of(index, exam.seats_per_room)
            prefix = ticket_prefix(exam.year, application.org.path)
            ticket = Ticket(
                application_id=application.id,
                session_id=exam.id,
                number=ticket_number(prefix, _next_sequence(session, prefix)),
                room=room,
                seat=seat,
                assigned_by_id=user.id,
            )
            session.add(ticket)
            tickets.append(ticket)
    return tickets


def _to_assign(
    session: Session, user: User, exam: ExamSession, application_ids: Sequence[int] | None
) -> list[Application]:
    eligible = (
        applications_query(user)
        .where(
            Application.status == "approved",
            Application.year == exam.year,
            Application.declared_trade == exam.trade,
            Application.declared_grade == exam.grade,
            Org.path.startswith(exam.org.path, autoescape=True),
        )
        .order_by(Application.submitted_at, Application.id)
    )
    if application_ids is None:
        assigned = select(Ticket.application_id)
        return list(session.scalars(eligible.where(Application.id.not_in(assigned))))
    found = {a.id: a for a in session.scalars(applications_query(user).where(
        Application.id.in_(application_ids)
    ))}
    missing = [i for i in application_ids if i not in found]
    if missing:
        raise NotFound("报名信息不存在", {"application_ids": f"报名信息不存在：{missing[0]}"})
    matching = {a.id for a in session.scalars(eligible.where(Application.id.in_(found)))}
    for application_id in application_ids:
        if application_id not in matching:
            name = found[application_id].name
            raise Invalid(
                f"{name}不是本场次工种和等级的终审通过人员",
                {"application_ids": f"{name}不可编排到本场次"},
            )
    already = session.scalars(
        select(Ticket).where(Ticket.application_id.in_(application_ids))
    ).first()
    if already is not None:
        raise Invalid(
            f"{already.application.name}已有准考证 {already.number}",
            {"application_ids": "已有准考证"},
        )
    return [found[i] for i in dict.fromkeys(application_ids)]


def _next_sequence(session: Session, prefix: str) -> int:
    """The next number of a prefix: one atomic ``UPDATE ... RETURNING`` on its counter row
    (the row stays locked to this transaction until it commits, so concurrent assignments
    queue on it); the prefix's first ticket inserts the row, and an insert that loses that
    race retries the update."""
    for _ in range(2):
        bumped = session.execute(
            update(TicketCounter)
            .where(TicketCounter.prefix == prefix)
            .values(last=TicketCounter.last + 1)
            .returning(TicketCounter.last)
        ).scalar()
        if bumped is not None:
            return bumped
        try:
            with session.begin_nested():
                session.add(TicketCounter(prefix=prefix, last=1))
            return 1
        except IntegrityError:
            continue
    raise Conflict("准考证号生成冲突，请重试")


def _tickets_query(user: User) -> Select:
    """Tickets of the applications the user may see (scope.applications_query decides)."""
    visible = applications_query(user).with_only_columns(Application.id)
    return (
        select(Ticket)
        .join(Application, Ticket.application_id == Application.id)
        .where(Application.id.in_(visible))
    )


def list_tickets(
    session: Session, user: User, filters: dict[str, Any], now: datetime | None = None
) -> Page:
    """The seed's 准考证管理 list for the user's subtree, by ticket number."""
    _require_staff(user)
    query = _tickets_query(user).join(ExamSession, Ticket.session_id == ExamSession.id)
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
    page = paginate(session, query.order_by(Ticket.number), filters)
    return Page(_rows(session, page.items, now or utcnow()), page.total, page.page, page.per_page)


def _rows(session: Session, tickets: list[Ticket], now: datetime) -> list[TicketRow]:
    """Rows with 地区 (the applicant's city) and 单位, read in one query for the page."""
    codes = {code for t in tickets for code in t.application.org.path.split("/") if code}
    names = dict(session.execute(select(Org.code, Org.name).where(Org.code.in_(codes))).all())
    printed = set(
        session.scalars(
            select(TicketPrint.ticket_id).where(TicketPrint.ticket_id.in_([t.id for t in tickets]))
        )
    )
    rows = []
    for ticket in tickets:
        chain = [code for code in ticket.application.org.path.split("/") if code]
        region = names.get(chain[1], "") if len(chain) > 1 else ""
        window = PrintWindow(ticket.session.print_opens_at, ticket.session.print_closes_at)
        rows.append(
            TicketRow(
                ticket, region, ticket.application.org.name, ticket.id in printed, window.state(now)
            )
        )
    return rows


def unassigned(session: Session, user: User, session_id: int) -> list[Application]:
    """Approved applications of the session's trade and grade in the manager's subtree
    without a ticket: what 编排 may choose from."""
    exam = _managed_session(session, user, session_id)
    return _to_assign(session, user, exam, None)


def find_ticket(session: Session, user: User, application_id: int) -> Ticket | None:
    """An application's ticket, if it has one and the caller may see the application
    (applicants: their own)."""
    return session.scalars(_tickets_query(user).where(Application.id == application_id)).first()


def ticket_of(session: Session, user: User, application_id: int) -> Ticket:
    ticket = find_ticket(session, user, application_id)
    if ticket is None:
        raise NotFound("准考证不存在")
    return ticket


def window_state(exam: ExamSession, now: datetime | None = None) -> str:
    """开放打印 state of a session now: 未开放 / 未开始 / 已开放 / 已结束."""
    return PrintWindow(exam.print_opens_at, exam.print_closes_at).state(now or utcnow())


def print_history(session: Session, user: User, application_id: int) -> list[TicketPrint]:
    """打印历史 of an application's ticket: who printed it and when, oldest first."""
    return ticket_of(session, user, application_id).prints


def print_tickets(
    session: Session,
    user: User,
    application_ids: Iterable[int],
    photo_dir: Path,
    now: datetime | None = None,
) -> list[PrintedTicket]:
    """Print the tickets of these applications: each must be visible to the caller and its
    session's printing window open now; every print is recorded (打印历史). Nothing is
    recorded if any ticket may not be printed."""
    if user.role not in ("admin", "reviewer", "applicant"):
        raise Forbidden("您的账号没有打印准考证的权限")
    now = now or utcnow()
    ids = list(dict.fromkeys(application_ids))
    if not ids:
        raise Invalid("请选择要打印的准考证", {"application_ids": "请选择要打印的准考证"})
    tickets = list(session.scalars(_tickets_query(user).where(Application.id.in_(ids))))
    if len(tickets) != len(ids):
        raise NotFound("准考证不存在", {"application_ids": "准考证不存在"})
    for ticket in tickets:
        _check_window(ticket.session, now)
    photos = _photos(session, [t.application_id for t in tickets], photo_dir)
    with committing(session):
        for ticket in tickets:
            session.add(TicketPrint(ticket_id=ticket.id, user_id=user.id, printed_at=now))
    order = {application_id: i for i, application_id in enumerate(ids)}
    tickets.sort(key=lambda t: order[t.application_id])
    return [PrintedTicket(t, photos.get(t.application_id)) for t in tickets]


def _check_window(exam: ExamSession, now: datetime) -> None:
    """Refuse a print outside the window, naming it (Beijing time) so the user knows when."""
    window = PrintWindow(exam.print_opens_at, exam.print_closes_at)
    state = window.state(now)
    if state == "已开放":
        return
    if state == "未开放":
        raise Conflict(f"{exam.trade}考试场次尚未开放打印准考证")
    span = f"{beijing(exam.print_opens_at)} 至 {beijing(exam.print_closes_at)}"
    raise Conflict(f"不在准考证打印时间内：开放打印时间为 {span}（北京时间）")


def beijing(value: datetime | None) -> str:
    """A stored naive UTC time as Beijing time, the way the pages show it."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def naive_utc(value: datetime) -> datetime:
    """How times are stored (naive UTC); a time without an offset is Beijing time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=BEIJING)
    return value.astimezone(UTC).replace(tzinfo=None)


def _photos(session: Session, application_ids: list[int], photo_dir: Path) -> dict[int, Path]:
    """Each application's latest 个人照片 that is still on disk."""
    rows = session.scalars(
        select(Upload)
        .where(Upload.application_id.in_(application_ids), Upload.kind == "photo")
        .order_by(Upload.id)
    )
    found = {}
    for row in rows:
        path = photo_dir / row.stored_name
        if path.is_file():
            found[row.application_id] = path
    return found
