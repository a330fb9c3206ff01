"""导出Excel of the 准考证 list: every ticket the list's filters select in the caller's org
subtree (not only the page shown), with the seed's columns.

The file carries the full ID number (the clerks check it against the candidates' ID cards),
so each export is recorded on the audit trail's system chain (audit.record_export). Above
EXPORT_JOB_THRESHOLD rows the list becomes a background job, as roster exports do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.exams.services import audit as exam_audit
from app.exams.services.tickets import TicketRow, filtered_query, rows
from app.platform.models.base import utcnow
from app.platform.models.users import User
from app.platform.services import audit, seasons
from handlers.clock import format_date, today
from handlers.exams.applicant import GENDER_LABELS, GRADE_LABELS

TITLE = "准考证管理"
HEADERS = (
    "序号",
    "姓名",
    "性别",
    "身份证号",
    "准考证号",
    "地区",
    "单位",
    "报考工种",
    "报考岗位等级",
    "开始考试日期",
    "考场",
    "打印准考证",
    "是否升级打印",
    "准考证状态",
)
CHUNK = 1000
FILTER_KEYS = ("season", "session_id", "declared_trade", "declared_grade", "q", "printed")


@dataclass(frozen=True)
class TicketSheet:
    title: str
    headers: tuple[str, ...]
    rows: list[list[Any]]
    file_name: str


def export_size(session: Session, user: User, filters: dict[str, Any]) -> int:
    """How many rows the export would hold: above EXPORT_JOB_THRESHOLD it becomes a job."""
    query = filtered_query(user, filters).order_by(None)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def sheet(session: Session, user: User, filters: dict[str, Any]) -> TicketSheet:
    """The filtered list as spreadsheet rows, recorded on the audit trail (full ID numbers)."""
    kept = {k: filters.get(k) for k in FILTER_KEYS if filters.get(k) is not None}
    cells = list(_cells(session, user, kept, utcnow()))
    audit.record_export(session, user, exam_audit.EXPORT_TICKETS, kept, len(cells))
    title = seasons.titled(session, TITLE, kept) if kept.get("season") else TITLE
    name = f"{title}-{format_date(today())}.xlsx"
    return TicketSheet(title, HEADERS, cells, name)


def _cells(
    session: Session, user: User, filters: dict[str, Any], now: datetime
) -> Iterator[list[Any]]:
    """Rows by ticket number, read CHUNK tickets at a time (org names and print marks are
    looked up per chunk, as the page does per page)."""
    found = session.scalars(filtered_query(user, filters).execution_options(yield_per=CHUNK))
    seq = 0
    for chunk in found.partitions():
        for row in rows(session, chunk, now):
            seq += 1
            yield _line(seq, row)


def _line(seq: int, row: TicketRow) -> list[Any]:
    ticket, application, exam = row.ticket, row.ticket.application, row.ticket.session
    return [
        seq,
        application.name,
        GENDER_LABELS.get(application.gender or "", ""),
        application.id_number,
        ticket.number,
        row.region,
        row.unit,
        exam.trade,
        GRADE_LABELS.get(exam.grade, str(exam.grade)),
        format_date(exam.exam_date),
        f"{exam.site} 第{ticket.room}考场 {ticket.seat}号",
        "已打印" if row.printed else "未打印",
        row.upgraded,
        "有效" if ticket.valid else f"已作废：{ticket.void_reason}",
    ]
