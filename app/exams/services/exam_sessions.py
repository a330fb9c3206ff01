"""考场设置 (seed 1.2 / 2.2 / 3.2): exam sessions, their printing window, and the times the
pages show (Beijing) against the times stored (naive UTC).

Province and city admins define and revise sessions; every admin or reviewer of a subtree
sees the sessions of their subtree and of the orgs above it. A revision of what a ticket
prints (date, time, site, address, notes) bumps the session's ``revision``, which is what
``是否升级打印`` on the ticket list is measured against (see app/exams/services/tickets.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, literal, or_, select
from sqlalchemy.orm import Session

from app.exams.models.tickets import ExamSession
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.transaction import committing
from handlers.clock import format_time

MANAGING_LEVELS = ("province", "city")
PRINTED_FIELDS = ("exam_date", "exam_time", "site", "address", "notes")
"""What a ticket prints of its session: changing any of them makes earlier printouts stale."""


@dataclass(frozen=True)
class PrintWindow:
    """Whether tickets of a session may be printed at ``now``: the 是否开放打印 state."""

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


def require_manager(user: User) -> None:
    if not user.is_admin or user.level not in MANAGING_LEVELS:
        raise Forbidden("只有省、市管理员可以设置考场和编排准考证")


def require_staff(user: User) -> None:
    if not user.is_reviewer:
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
    require_staff(user)
    query = sessions_query(user).order_by(ExamSession.exam_date.desc(), ExamSession.id.desc())
    return list(session.scalars(query))


def managed_session(session: Session, user: User, session_id: int) -> ExamSession:
    """A session the manager's org defined or that lies below it; others do not exist."""
    require_manager(user)
    exam = session.get(ExamSession, session_id)
    if exam is None or not user.org.contains(exam.org):
        raise NotFound("考试场次不存在")
    return exam


def get_session(session: Session, user: User, session_id: int) -> ExamSession:
    require_staff(user)
    exam = session.scalars(sessions_query(user).where(ExamSession.id == session_id)).first()
    if exam is None:
        raise NotFound("考试场次不存在")
    return exam


def create_session(session: Session, user: User, data: dict[str, Any]) -> ExamSession:
    """A new session of the manager's org; its printing window stays closed until set."""
    require_manager(user)
    exam = ExamSession(org_id=user.org_id, created_by_id=user.id, **data)
    with committing(session):
        session.add(exam)
    return exam


def revise_session(
    session: Session, user: User, session_id: int, changes: dict[str, Any]
) -> ExamSession:
    """修改考试场次: the date, time, site, address or notes a ticket prints. A real change
    bumps ``revision``: every ticket printed before it now shows 待升级 until printed again.
    Rooms and seats are not revised here (seats already given would no longer fit)."""
    exam = managed_session(session, user, session_id)
    changed = {k: v for k, v in changes.items() if k in PRINTED_FIELDS and getattr(exam, k) != v}
    if not changed:
        return exam
    with committing(session, "考试场次已被他人修改，请刷新后重试"):
        for key, value in changed.items():
            setattr(exam, key, value)
        exam.revision += 1
        exam.revised_at = utcnow()
    return exam


def set_print_window(
    session: Session, user: User, session_id: int, opens_at: datetime, closes_at: datetime
) -> ExamSession:
    """开放打印准考证: from ``opens_at`` to ``closes_at`` (naive UTC) and only then."""
    exam = managed_session(session, user, session_id)
    if closes_at <= opens_at:
        raise Invalid("结束时间应晚于开始时间", {"closes_at": "结束时间应晚于开始时间"})
    with committing(session):
        exam.print_opens_at, exam.print_closes_at = opens_at, closes_at
    return exam


def window_state(exam: ExamSession, now: datetime | None = None) -> str:
    """开放打印 state of a session now: 未开放 / 未开始 / 已开放 / 已结束."""
    return PrintWindow(exam.print_opens_at, exam.print_closes_at).state(now or utcnow())


def check_window(exam: ExamSession, now: datetime) -> None:
    """Refuse a print outside the window, naming it (Beijing time) so the user knows when."""
    state = window_state(exam, now)
    if state == "已开放":
        return
    if state == "未开放":
        raise Conflict(f"{exam.trade}考试场次尚未开放打印准考证")
    span = f"{format_time(exam.print_opens_at)} 至 {format_time(exam.print_closes_at)}"
    raise Conflict(f"不在准考证打印时间内：开放打印时间为 {span}（北京时间）")
