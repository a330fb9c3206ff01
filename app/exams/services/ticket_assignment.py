"""编排 (seed 1.2 / 2.2 / 3.2): approved applications get a ticket of a session, with a
number unique for ever and a seat, room by room (a void ticket's seat is free again).

Only province and city admins assign, within their subtree; numbers come from one counter
row per prefix (year + region), bumped atomically, so concurrent assignments never share one.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.models.tickets import ExamSession, Ticket, TicketCounter
from app.exams.services.exam_sessions import managed_session
from app.exams.services.scope import applications_query
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.errors import Conflict, Invalid, NotFound
from app.platform.services.transaction import committing
from handlers.exams.tickets import free_seats, ticket_number, ticket_prefix
from handlers.exams.vocabulary import Status
from handlers.routing import resolve_lane

ASSIGN_ATTEMPTS = 8
"""An assignment that lost a race for the counter row or a seat (409) is run again after a
short random pause (SQLite refuses a writer whose snapshot is stale at once, so without the
pause the losers collide again): the loser then reads the winner's seat and number."""


def assign(
    session: Session, user: User, session_id: int, application_ids: Sequence[int] | None
) -> list[Ticket]:
    """Give tickets of a session to the chosen approved applications, or with ``None`` to
    every approved application of its trade and grade in the manager's subtree that has no
    valid one, in the order they registered (an application approved again after its ticket
    was voided gets a new one). Seats fill room by room."""
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
    exam = managed_session(session, user, session_id)
    applications = _to_assign(session, user, exam, application_ids)
    taken = {
        (room, seat)
        for room, seat in session.execute(
            select(Ticket.room, Ticket.seat).where(
                Ticket.session_id == exam.id, Ticket.voided_at.is_(None)
            )
        )
    }
    seats = free_seats(taken, exam.rooms, exam.seats_per_room, len(applications))
    if len(seats) < len(applications):
        free = exam.capacity - len(taken)
        raise Invalid(f"考场座位不足：剩余{free}个座位，需要{len(applications)}个")
    tickets = []
    regions = _regions(session, applications)
    with committing(session):
        for application, (room, seat) in zip(applications, seats, strict=True):
            prefix = ticket_prefix(exam.year, regions[application.org_id])
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


def _regions(session: Session, applications: Sequence[Application]) -> dict[int, str]:
    """{unit id: the code of the org its tickets count under}: its county, or the org that
    stands in for a county it lacks. One query for every org on the units' paths."""
    paths = {a.org_id: [c for c in a.org.path.split("/") if c] for a in applications}
    codes = {code for path in paths.values() for code in path}
    levels = dict(session.execute(select(Org.code, Org.level).where(Org.code.in_(codes))).all())
    return {
        org_id: str(resolve_lane("county", {levels[code]: code for code in path}))
        for org_id, path in paths.items()
    }


def _to_assign(
    session: Session, user: User, exam: ExamSession, application_ids: Sequence[int] | None
) -> list[Application]:
    eligible = (
        applications_query(user)
        .where(
            Application.status == Status.APPROVED,
            Application.year == exam.year,
            Application.declared_trade == exam.trade,
            Application.declared_grade == exam.grade,
            Org.path.startswith(exam.org.path, autoescape=True),
        )
        .order_by(Application.submitted_at, Application.id)
    )
    if application_ids is None:
        assigned = select(Ticket.application_id).where(Ticket.voided_at.is_(None))
        return list(session.scalars(eligible.where(Application.id.not_in(assigned))))
    found = {
        a.id: a
        for a in session.scalars(
            applications_query(user).where(Application.id.in_(application_ids))
        )
    }
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
        select(Ticket).where(Ticket.application_id.in_(application_ids), Ticket.voided_at.is_(None))
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


def unassigned(session: Session, user: User, session_id: int) -> list[Application]:
    """Approved applications of the session's trade and grade in the manager's subtree
    without a ticket: what 编排 may choose from."""
    exam = managed_session(session, user, session_id)
    return _to_assign(session, user, exam, None)
