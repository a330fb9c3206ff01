"""信息统计 (seed 2.1.6 / 3.1.6) for an admin's org subtree, one season at a time.

Every figure is counted by the database with GROUP BY over the season's rows in scope; Python
only arranges the grouped counts into table rows. What the columns mean:

- 已报名 (registered): applications of the season that were submitted (any status but 未提交).
- 初审通过 (passed first review): submitted applications whose first review level passed them:
  the unit's review task completed with 通过, or, for a county's 破格申报 on an applicant's
  behalf (which starts at the county and has no unit review), the county's 通过. Counted once
  however often the application was resubmitted and passed again.
- 审核通过 (passed here): submitted applications the viewer's own org passed at its review
  (what its 本级审核记录 › 审核通过 lists), counted once.
- 未通过 (not passed): applications whose status is 审核不通过 (rejected at any level).
- 应考报名 (expected): the staff roster (应考人员名单) entries of the season's year.
- 未报名 (not registered): roster entries whose ID number has no submitted application in the
  season (at any unit).

按工种统计 lists every trade of the catalogue, zeros included (then any other name an
application or a roster uses). Counties and above read 已报名 / 初审通过 / 未通过 (seed 3.1.6.1);
a supervising unit or unit reads 已报名 / 审核通过 / 未报名 (seed 2.1.6.1). Grades are the declared
grade of the application and the eligible grade of a roster entry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.exams.models.roster import StaffRosterEntry
from app.exams.models.trades import Trade
from app.exams.services.staff_roster import GRADES, STAFF_LEVELS, in_scope
from app.platform.models.orgs import Org
from app.platform.models.seasons import Season
from app.platform.models.users import User
from app.platform.models.workflow import Task
from app.platform.services.errors import Forbidden
from app.platform.services.spreadsheets import xlsx_bytes
from handlers.exams.applicant import GRADE_SHORT_LABELS
from handlers.exams.vocabulary import Status
from handlers.vocabulary import Lane, TaskState

TRADE_GROUPS = {"registered": "已报名", "passed": "初审通过", "failed": "未通过"}
STAFF_TRADE_GROUPS = {"registered": "已报名", "approved": "审核通过", "unregistered": "未报名"}
UNIT_GROUPS = {"registered": "已报名", "expected": "应考报名", "unregistered": "未报名"}


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
    """A statistics table: its season, the column groups, the rows and the totals row."""

    season: Season
    groups: dict[str, str]
    rows: list[Row]

    @property
    def year(self) -> int:
        return self.season.year

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
            "season_id": self.season.id,
            "season_name": self.season.name,
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
        """The table as the seed prints it, numbered, with the totals row last; the sheet's
        title names the season."""
        rows = [
            [number, row.name, *(v for key in self.groups for v in row.groups[key].as_list())]
            for number, row in enumerate(self.rows, 1)
        ]
        totals = self.totals
        rows.append(
            ["", totals.name, *(v for k in self.groups for v in totals.groups[k].as_list())]
        )
        return xlsx_bytes(f"{title}（{self.season.name}）", self.header(first), rows)


def require_statistics(user: User) -> None:
    """信息统计 is an admin's page at every org level (unit .. province)."""
    if not user.is_admin:
        raise Forbidden("仅管理员可以查看信息统计")


def trade_groups(user: User) -> dict[str, str]:
    """The column groups of 按工种统计 at the user's level (see the module docstring)."""
    return STAFF_TRADE_GROUPS if user.level in STAFF_LEVELS else TRADE_GROUPS


def _submitted(season: Season):
    return and_(Application.season_id == season.id, Application.status != Status.DRAFT)


def by_trade(session: Session, user: User, season: Season) -> Table:
    """按工种统计: every catalogue trade (zeros included), with the level's column groups."""
    require_statistics(user)
    groups = trade_groups(user)
    rows = {
        name: Row(name, {key: Counts() for key in groups})
        for name in session.scalars(select(Trade.name).where(Trade.active).order_by(Trade.code))
    }
    extra: dict[str, Row] = {}
    queries = _trade_queries(user, season)
    for key in groups:
        for trade, grade, count in session.execute(queries[key]):
            name = trade or "未填写"
            row = rows.get(name) or extra.setdefault(name, Row(name, {k: Counts() for k in groups}))
            row.groups[key].add(grade, count)
    return Table(season, groups, [*rows.values(), *(extra[name] for name in sorted(extra))])


def _trade_queries(user: User, season: Season) -> dict[str, Select]:
    """(trade, grade, count) per group: each group its own grouped query."""
    in_season = (
        select(Application.declared_trade, Application.declared_grade, func.count())
        .join(Org, Application.org_id == Org.id)
        .where(in_scope(user), _submitted(season))
        .group_by(Application.declared_trade, Application.declared_grade)
    )
    # the passes as semi-joins in their own queries, not ``id IN (subquery)`` inside a CASE:
    # at province size PostgreSQL re-runs that subquery in every parallel worker
    first_pass = _passed(
        or_(Task.lane == Lane.UNIT, and_(Application.declared_by_county, Task.lane == Lane.COUNTY))
    )
    per_trade = (StaffRosterEntry.trade, StaffRosterEntry.grade)
    return {
        "registered": in_season,
        "passed": in_season.where(first_pass),
        "approved": in_season.where(_passed(Task.candidate_org_id == user.org_id)),
        "failed": in_season.where(Application.status == Status.REJECTED),
        "unregistered": _not_registered(user, season)
        .with_only_columns(*per_trade, func.count())
        .group_by(*per_trade),
    }


def _passed(where: Any) -> Any:
    """Whether the application has a review task completed with 通过 matching ``where``."""
    return (
        select(Task.id)
        .where(
            Task.application_id == Application.id,
            Task.state == TaskState.COMPLETED,
            Task.action == "pass",
            where,
        )
        .exists()
    )


def _roster(user: User, season: Season) -> Select:
    """The staff roster entries of the season's year in the user's subtree."""
    return (
        select(StaffRosterEntry)
        .join(Org, StaffRosterEntry.org_id == Org.id)
        .where(in_scope(user), StaffRosterEntry.year == season.year)
    )


def _not_registered(user: User, season: Season) -> Select:
    """Roster entries with no submitted application in the season: an anti-join (NOT EXISTS)
    in its own query; neither a DISTINCT of the season's ID numbers (spilled to disk, once
    per parallel worker) nor ``IN (subquery)`` in a CASE (rescanned per roster row) holds up
    at province size."""
    registered = (
        select(Application.id)
        .where(Application.id_number == StaffRosterEntry.id_number, _submitted(season))
        .exists()
    )
    return _roster(user, season).where(~registered)


def by_unit(session: Session, user: User, season: Season) -> Table:
    """按单位统计: per unit of the subtree, registered / expected (roster) / not registered.
    A unit's own applicants and roster only: a supervising unit's row does not repeat its
    units', so the totals row adds up."""
    require_statistics(user)
    orgs = list(
        session.execute(
            select(Org.id, Org.code, Org.name)
            .where(in_scope(user), Org.level.in_(STAFF_LEVELS))
            .order_by(Org.path)
        )
    )
    counts: dict[int, dict[str, Counts]] = defaultdict(
        lambda: {key: Counts() for key in UNIT_GROUPS}
    )
    registered = (
        select(Application.org_id, Application.declared_grade, func.count())
        .join(Org, Application.org_id == Org.id)
        .where(in_scope(user), _submitted(season))
        .group_by(Application.org_id, Application.declared_grade)
    )
    for org_id, grade, count in session.execute(registered):
        counts[org_id]["registered"].add(grade, count)
    per_unit = (StaffRosterEntry.org_id, StaffRosterEntry.grade)
    for key, query in (
        ("expected", _roster(user, season)),
        ("unregistered", _not_registered(user, season)),
    ):
        grouped = query.with_only_columns(*per_unit, func.count()).group_by(*per_unit)
        for org_id, grade, count in session.execute(grouped):
            counts[org_id][key].add(grade, count)
    rows = [Row(name, counts[org_id], code) for org_id, code, name in orgs]
    return Table(season, UNIT_GROUPS, rows)
