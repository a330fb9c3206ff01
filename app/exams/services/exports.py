"""Exports of the reviewer lists, with exactly the filters of the page: the 名册 (终审通过 /
现场审核 / 破格通过) as a printable PDF or Excel, and the inbox, review records and application
query as Excel.

ID numbers: a printed roster is an official document (the exam admission lists are checked
against it), so rosters carry the full ID number, and each roster export is recorded on the
audit trail's system chain (who, which roster and filters, which applications). The working
lists (inbox, records, query) keep the masked number their pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.services import audit as exam_audit
from app.exams.services import review
from app.exams.services.listing import ROSTER_TITLES, apply_filters
from app.exams.services.scope import applications_query
from app.platform.models.users import User
from app.platform.models.workflow import Task
from app.platform.services import audit, seasons, spreadsheets
from handlers import clock
from handlers.exams.applicant import GENDER_LABELS, GRADE_LABELS
from handlers.idcard import birth_date, mask

RECORD_TITLES = {
    "pass": "审核通过",
    "reject": "审核不通过",
    "return": "审核退回",
    "onsite": "转现场审核",
}


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Application], Any]
    width: float  # mm in the landscape PDF (the widths add up to A4's 277 mm between margins)


def _grade(grade: int | None) -> str:
    return GRADE_LABELS.get(grade, "") if grade else ""


def _birth(a: Application) -> str:
    born = birth_date(a.id_number)
    return clock.format_date(born) if born else (a.birth_month or "")


# The seed's roster columns (序号 is added by position).
ROSTER_COLUMNS: tuple[Column, ...] = (
    Column("姓名", lambda a: a.name, 18),
    Column("性别", lambda a: GENDER_LABELS.get(a.gender or "", ""), 8),
    Column("身份证号", lambda a: a.id_number, 33),
    Column("出生日期", _birth, 17),
    Column("文化程度", lambda a: a.education or "", 13),
    Column("参加工作时间", lambda a: a.work_start or "", 15),
    Column("工作年限", lambda a: a.years_worked if a.years_worked is not None else "", 10),
    Column("现聘工种", lambda a: a.current_trade or "", 18),
    Column("现聘等级", lambda a: _grade(a.current_grade), 24),
    Column("现聘取得时间", lambda a: a.current_grade_year or "", 15),
    Column("申报工种", lambda a: a.declared_trade or "", 18),
    Column("申报等级", lambda a: _grade(a.declared_grade), 24),
    Column("单位", lambda a: a.org.name, 41),
    Column("审核状态", lambda a: a.status_label, 14),
)
SEQ_WIDTH = 9.0


@dataclass(frozen=True)
class Roster:
    """What a roster export prints: its title, the org it covers, the date and the rows."""

    title: str
    org_name: str
    day: date
    applications: list[Application]

    @property
    def headers(self) -> list[str]:
        return ["序号", *(c.label for c in ROSTER_COLUMNS)]

    def rows(self) -> Iterator[list[Any]]:
        for seq, application in enumerate(self.applications, start=1):
            yield [seq, *(c.value(application) for c in ROSTER_COLUMNS)]


def roster(
    session: Session, user: User, filters: dict[str, Any], ids: Sequence[int] | None = None
) -> Roster:
    """The roster with the page's filters (``roster`` names which one; none: every application
    of the query) of one season (the current one unless ``season`` names another), limited to
    the chosen ``ids`` when rows were ticked; recorded on the audit trail, since it prints
    full ID numbers. The title names the season."""
    filters = seasons.with_season(session, filters)
    query = _roster_query(user, filters, ids)
    rows = list(session.scalars(query.order_by(Application.org_id, Application.id)).unique())
    title = seasons.titled(
        session, ROSTER_TITLES.get(filters.get("roster") or "", "报名信息"), filters
    )
    kept = ("season", "roster", "declared_trade", "declared_grade", "unit", "q", "status")
    audit.record_export(
        session,
        user,
        exam_audit.EXPORT_ROSTER,
        {k: filters.get(k) for k in kept},
        len(rows),
        {"roster": filters.get("roster"), "application_ids": [a.id for a in rows]},
    )
    return Roster(title, user.org.name, clock.today(), rows)


def roster_size(
    session: Session, user: User, filters: dict[str, Any], ids: Sequence[int] | None = None
) -> int:
    """How many rows the roster export would hold: above EXPORT_JOB_THRESHOLD it becomes a
    background job instead of a response."""
    query = _roster_query(user, seasons.with_season(session, filters), ids).order_by(None)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _roster_query(user: User, filters: dict[str, Any], ids: Sequence[int] | None) -> Select:
    review.require_reviewer(user)
    query = apply_filters(applications_query(user), filters)
    return query.where(Application.id.in_(ids)) if ids else query


def roster_xlsx(document: Roster) -> bytes:
    return spreadsheets.xlsx_bytes(document.title, document.headers, document.rows())


TASK_HEADERS = ("序号", "姓名", "性别", "身份证号", "单位", "申报工种", "申报等级")


def _task_cells(seq: int, task: Task) -> list[Any]:
    a = task.application
    return [
        seq,
        a.name,
        GENDER_LABELS.get(a.gender or "", ""),
        mask(a.id_number),
        a.org.name,
        a.declared_trade or "",
        _grade(a.declared_grade),
    ]


def inbox_xlsx(session: Session, user: User, filters: dict[str, Any]) -> bytes:
    """本级审核中 as Excel: every task the inbox lists with these filters, not just one page
    (open work of every season unless ``season`` narrows it, as on the page)."""
    rows = (
        [*_task_cells(seq, t), t.name, clock.format_time(t.created_at), t.application.status_label]
        for seq, t in enumerate(_all(session, review.inbox_query(user, filters)), start=1)
    )
    headers = (*TASK_HEADERS, "审核环节", "到达时间", "当前状态")
    return spreadsheets.xlsx_bytes("本级审核中", headers, rows)


def records_xlsx(session: Session, user: User, filters: dict[str, Any]) -> bytes:
    """本级审核记录 (one action) as Excel, every row the filters select, of the season (the
    current one unless ``season`` names another), as on the page."""
    filters = seasons.with_season(session, filters)
    rows = (
        [
            *_task_cells(seq, t),
            t.name,
            t.completed_by.name if t.completed_by else "",
            t.comment or "",
            clock.format_time(t.completed_at),
            t.application.status_label,
        ]
        for seq, t in enumerate(_all(session, review.records_query(user, filters)), start=1)
    )
    headers = (*TASK_HEADERS, "审核环节", "审核人", "审核意见", "审核时间", "当前状态")
    return spreadsheets.xlsx_bytes(records_title(session, filters), headers, rows)


def records_title(session: Session, filters: dict[str, Any]) -> str:
    """The records export's title and file name: the action's records of the season."""
    return seasons.titled(session, RECORD_TITLES[filters["action"]], filters)


def _all(session: Session, query: Select) -> list[Task]:
    return list(session.scalars(query).unique())
