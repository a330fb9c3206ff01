"""信息统计 (seed 2.1.6 / 3.1.6) for an admin's org subtree, and the 应考人员名单 (staff
roster) the 按单位统计 compares registrations with.

Every figure is counted by the database with GROUP BY over the year's rows in scope; Python only
arranges the grouped counts into table rows. What the columns mean:

- 已报名 (registered): applications of the year that were submitted (any status but 未提交).
- 初审通过 (passed first review): submitted applications whose first review level passed them:
  the unit's review task completed with 通过, or, for a county's 破格申报 on an applicant's
  behalf (which starts at the county and has no unit review), the county's 通过. Counted once
  however often the application was resubmitted and passed again.
- 未通过 (not passed): applications whose status is 审核不通过 (rejected at any level).
- 应考报名 (expected): the unit's staff roster entries of the year.
- 未报名 (not registered): roster entries whose ID number has no submitted application that
  year (at any unit).

Grades are the declared grade of the application and the eligible grade of a roster entry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from app.models import Application, Org, StaffRosterEntry, Task, User
from app.services.errors import Forbidden, Invalid
from app.services.qualified import ImportReport
from app.services.spreadsheets import SpreadsheetError, read_xlsx, xlsx_bytes
from app.services.transaction import committing
from handlers.applicant import GRADE_SHORT_LABELS
from handlers.idcard import id_number_problem, normalize
from handlers.text import text_problem

GRADES = tuple(GRADE_SHORT_LABELS)
TRADE_GROUPS = {"registered": "已报名", "passed": "初审通过", "failed": "未通过"}
UNIT_GROUPS = {"registered": "已报名", "expected": "应考报名", "unregistered": "未报名"}
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
    **{name: grade for grade, name in enumerate(("高级技师", "技师", "高级工", "中级工", "初级工"), 1)},
    **{str(grade): grade for grade in GRADES},
}


@dataclass
class Counts:
    """One group of a row: 合计 and 一级..五级."""

    by_grade: dict[int, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))

    @property
    def total(self) -> int:
        return sum(self.by_grade.values())

    def add(self, grade: int | None, count: int) -> None:
        if grade in self.by_grade:
            self.by_grade[grade] += count

    def as_list(self) -> list[int]:
        """[合计, 一级, ..., 五级], as the table and the Excel file show it."""
        return [self.total, *(self.by_grade[grade] for grade in GRADES)]


@dataclass
class Row:
    name: str
    groups: dict[str, Counts]
    code: str | None = None


@dataclass
class Table:
    """A statistics table: its year, the column groups, the rows and the totals row."""

    year: int
    groups: dict[str, str]
    rows: list[Row]

    @property
    def totals(self) -> Row:
        totals = Row("合计", {key: Counts() for key in self.groups})
        for row in self.rows:
            for key, counts in row.groups.items():
                for grade, count in counts.by_grade.items():
                    totals.groups[key].add(grade, count)
        return totals

    def as_dict(self) -> dict[str, Any]:
        """The API shape: each row's groups as {total, grades: [一级..五级]}."""

        def row_dict(row: Row) -> dict[str, Any]:
            return {
                "name": row.name,
                "code": row.code,
                **{
                    key: {"total": c.total, "grades": [c.by_grade[g] for g in GRADES]}
                    for key, c in row.groups.items()
                },
            }

        return {
            "year": self.year,
            "rows": [row_dict(row) for row in self.rows],
            "totals": row_dict(self.totals),
        }

    def header(self, first: str) -> list[str]:
        return [
            "序号",
            first,
            *(
                f"{label}{suffix}"
                for label in self.groups.values()
                for suffix in ("合计", *GRADE_SHORT_LABELS.values())
            ),
        ]

    def xlsx(self, title: str, first: str) -> bytes:
        """The table as the seed prints it, numbered, with the totals row last."""
        rows = [
            [number, row.name, *(v for key in self.groups for v in row.groups[key].as_list())]
            for number, row in enumerate(self.rows, 1)
        ]
        totals = self.totals
        rows.append(["", totals.name, *(v for k in self.groups for v in totals.groups[k].as_list())])
        return xlsx_bytes(title, self.header(first), rows)


def require_statistics(user: User) -> None:
    """信息统计 is an admin's page at every org level (unit .. province)."""
    if user.role != "admin":
        raise Forbidden("仅管理员可以查看信息统计")


def _in_scope(user: User):
    return Org.path.startswith(user.org.path, autoescape=True)


def _submitted(year: int):
    return and_(Application.year == year, Application.status != "draft")


def by_trade(session: Session, user: User, year: int) -> Table:
    """按工种统计: per declared trade, registered / passed first review / not passed."""
    require_statistics(user)
    in_scope = (
        select(Application.declared_trade, Application.declared_grade, func.count())
        .join(Org, Application.org_id == Org.id)
        .where(_in_scope(user), _submitted(year))
        .group_by(Application.declared_trade, Application.declared_grade)
    )
    # the first-review pass as a semi-join in its own query, not ``id IN (subquery)`` inside
    # a CASE: at province size PostgreSQL re-runs that subquery in every parallel worker
    first_pass = (
        select(Task.id)
        .where(
            Task.application_id == Application.id,
            Task.state == "completed",
            Task.action == "pass",
            or_(
                Task.lane == "unit",
                and_(Application.declared_by_county, Task.lane == "county"),
            ),
        )
        .exists()
    )
    groups = {
        "registered": in_scope,
        "passed": in_scope.where(first_pass),
        "failed": in_scope.where(Application.status == "rejected"),
    }
    rows: dict[str, Row] = {}
    for key, query in groups.items():
        for trade, grade, count in session.execute(query):
            name = trade or "未填写"
            row = rows.setdefault(name, Row(name, {k: Counts() for k in TRADE_GROUPS}))
            row.groups[key].add(grade, count)
    return Table(year, TRADE_GROUPS, [rows[name] for name in sorted(rows)])


def by_unit(session: Session, user: User, year: int) -> Table:
    """按单位统计: per unit of the subtree, registered / expected (roster) / not registered.
    A unit's own applicants and roster only: a supervising unit's row does not repeat its
    units', so the totals row adds up."""
    require_statistics(user)
    orgs = list(
        session.execute(
            select(Org.id, Org.code, Org.name)
            .where(_in_scope(user), Org.level.in_(STAFF_LEVELS))
            .order_by(Org.path)
        )
    )
    counts: dict[int, dict[str, Counts]] = defaultdict(
        lambda: {key: Counts() for key in UNIT_GROUPS}
    )
    registered = (
        select(Application.org_id, Application.declared_grade, func.count())
        .join(Org, Application.org_id == Org.id)
        .where(_in_scope(user), _submitted(year))
        .group_by(Application.org_id, Application.declared_grade)
    )
    for org_id, grade, count in session.execute(registered):
        counts[org_id]["registered"].add(grade, count)
    roster = (
        select(StaffRosterEntry.org_id, StaffRosterEntry.grade, func.count())
        .join(Org, StaffRosterEntry.org_id == Org.id)
        .where(_in_scope(user), StaffRosterEntry.year == year)
        .group_by(StaffRosterEntry.org_id, StaffRosterEntry.grade)
    )
    # 未报名 as an anti-join (NOT EXISTS) in its own query: neither a DISTINCT of the year's
    # ID numbers (spilled to disk, once per parallel worker) nor ``IN (subquery)`` in a CASE
    # (rescanned per roster row) holds up at province size
    registered_anywhere = (
        select(Application.id)
        .where(Application.id_number == StaffRosterEntry.id_number, _submitted(year))
        .exists()
    )
    for key, query in (("expected", roster), ("unregistered", roster.where(~registered_anywhere))):
        for org_id, grade, count in session.execute(query):
            counts[org_id][key].add(grade, count)
    rows = [Row(name, counts[org_id], code) for org_id, code, name in orgs]
    return Table(year, UNIT_GROUPS, rows)


# --- 应考人员名单 (staff roster) -------------------------------------------------------------


def require_roster_importer(user: User) -> None:
    if user.role != "admin" or user.org.level not in ROSTER_IMPORT_LEVELS:
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
            key = (values.get("org_id"), values.get("id_number"))
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
            select(Org.code, Org.id).where(_in_scope(user), Org.level.in_(STAFF_LEVELS))
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
        limit = StaffRosterEntry.__table__.c[key].type.length
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

