"""应考人员名单 (staff roster): the people a unit expects to sit the exam in a year, imported
from Excel by a unit, supervising unit or county admin; 信息统计 compares them with the
registrations (app/exams/services/statistics.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.models.roster import StaffRosterEntry
from app.exams.services.qualified import ImportReport
from app.platform.models.base import max_length
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.errors import Forbidden, Invalid
from app.platform.services.spreadsheets import SpreadsheetError, read_xlsx, xlsx_bytes
from app.platform.services.transaction import committing
from handlers.exams.applicant import GRADE_SHORT_LABELS
from handlers.idcard import id_number_problem, normalize
from handlers.text import text_problem

GRADES = tuple(GRADE_SHORT_LABELS)
STAFF_LEVELS = ("supervising_unit", "unit")
"""Orgs that employ applicants: the rows of 按单位统计 and the orgs a roster belongs to."""
ROSTER_IMPORT_LEVELS = ("county", "supervising_unit", "unit")
ROSTER_COLUMNS = {
    "单位编码": "org_code",
    "姓名": "name",
    "身份证号": "id_number",
    "工种": "trade",
    "等级": "grade",
}
ROSTER_MAX_ROWS = 20000
PROGRESS_EVERY = 500
GRADE_NAMES = {
    **{label: grade for grade, label in GRADE_SHORT_LABELS.items()},
    **{
        name: grade
        for grade, name in enumerate(("高级技师", "技师", "高级工", "中级工", "初级工"), 1)
    },
    **{str(grade): grade for grade in GRADES},
}


def in_scope(user: User):
    """The user's org subtree, on ``Org`` joined to the rows counted."""
    return Org.path.startswith(user.org.path, autoescape=True)


def require_roster_importer(user: User) -> None:
    if not user.is_admin or user.org.level not in ROSTER_IMPORT_LEVELS:
        raise Forbidden("仅单位、主管单位或县区管理员可以导入应考人员名单")


def roster_template(user: User) -> bytes:
    """The import template: the columns and one example row."""
    require_roster_importer(user)
    return xlsx_bytes(
        "应考人员名单",
        list(ROSTER_COLUMNS),
        [["410181001001", "张三", "410181199003150014", "护理员", "三级"]],
    )


def roster_table(data: bytes, filename: str = "roster.xlsx") -> list[list[str]]:
    """The uploaded .xlsx as text rows, its header checked: an unreadable file or a missing
    column is refused (422 on file) before any row is looked at."""
    try:
        table = read_xlsx(data, ROSTER_MAX_ROWS)
    except SpreadsheetError as error:
        raise Invalid(str(error), {"file": str(error)}) from error
    if not table:
        raise Invalid("文件为空", {"file": "文件为空"})
    _roster_columns(table[0])
    return table


def import_roster_table(
    session: Session,
    user: User,
    year: int,
    table: list[list[str]],
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a unit's 应考人员名单 for ``year``: admins of a unit or supervising unit
    (单位编码 may be left empty: their own org) or of a county (单位编码 names a unit of its
    subtree). Good rows are upserted on (unit, year, ID number) and committed together;
    refused rows are reported with their row number and reason. ``progress(done, total)`` is
    called every PROGRESS_EVERY rows."""
    require_roster_importer(user)
    columns = _roster_columns(table[0])
    orgs = _staff_orgs(session, user)
    report = ImportReport(total=len(table) - 1)
    seen: dict[tuple[int, str], int] = {}
    with committing(session, "应考人员名单正在被他人导入，请稍后重试"):
        for number, cells in enumerate(table[1:], start=2):
            if progress is not None and (number - 2) % PROGRESS_EVERY == 0:
                progress(number - 2, report.total)
            row = {key: cells[i] if i < len(cells) else "" for key, i in columns.items()}
            if not any(value.strip() for value in row.values()):
                continue
            values, problems = _parse_roster_row(row, user, orgs)
            key = (values["org_id"], values["id_number"])
            if not problems and key in seen:
                problems.append(f"与第{seen[key]}行重复")
            if problems:
                report.errors.append((number, "；".join(problems)))
                continue
            seen[key] = number
            if _upsert_roster(session, user, year, values):
                report.created += 1
            else:
                report.updated += 1
    return report


def _roster_columns(header: list[str]) -> dict[str, int]:
    columns = {
        ROSTER_COLUMNS[title]: index
        for index, title in enumerate(header)
        if title in ROSTER_COLUMNS
    }
    missing = [t for t, key in ROSTER_COLUMNS.items() if key not in columns and key != "org_code"]
    if missing:
        message = f"缺少必需的列：{'、'.join(missing)}"
        raise Invalid(message, {"file": message})
    return columns


def _staff_orgs(session: Session, user: User) -> dict[str, int]:
    """Codes of the units the importer may fill rosters for -> their ids."""
    return dict(
        session.execute(
            select(Org.code, Org.id).where(in_scope(user), Org.level.in_(STAFF_LEVELS))
        ).all()
    )


def _parse_roster_row(
    row: dict[str, str], user: User, orgs: dict[str, int]
) -> tuple[dict[str, Any], list[str]]:
    text = {key: row.get(key, "").strip() for key in ROSTER_COLUMNS.values()}
    problems: list[str] = []
    code = text["org_code"] or (user.org.code if user.org.level in STAFF_LEVELS else "")
    org_id = orgs.get(code)
    if not code:
        problems.append("单位编码为必填项")
    elif org_id is None:
        problems.append(f"单位编码“{code[:32]}”不是本辖区的单位")
    id_problem = id_number_problem(text["id_number"])
    if id_problem:
        problems.append(id_problem)
    for key, label in (("name", "姓名"), ("trade", "工种")):
        limit = max_length(StaffRosterEntry.__table__, key)
        if not text[key]:
            problems.append(f"{label}为必填项")
        elif len(text[key]) > limit:
            problems.append(f"{label}不能超过{limit}个字符")
        elif text_problem(text[key]):
            problems.append(f"{label}含有不允许的字符")
    grade = GRADE_NAMES.get(text["grade"])
    if grade is None:
        problems.append(f"等级“{text['grade'][:16]}”无效，应为一级至五级")
    values = {
        "org_id": org_id,
        "id_number": normalize(text["id_number"]) if not id_problem else None,
        "name": text["name"],
        "trade": text["trade"],
        "grade": grade,
    }
    return values, problems


def _upsert_roster(session: Session, user: User, year: int, values: dict[str, Any]) -> bool:
    entry = session.scalars(
        select(StaffRosterEntry).filter_by(
            org_id=values["org_id"], year=year, id_number=values["id_number"]
        )
    ).first()
    created = entry is None
    if entry is None:
        entry = StaffRosterEntry(org_id=values["org_id"], year=year, id_number=values["id_number"])
        session.add(entry)
    entry.name, entry.trade, entry.grade = values["name"], values["trade"], values["grade"]
    entry.imported_by_id = user.id
    return created
