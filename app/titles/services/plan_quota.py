"""What approved 申报计划 allow: the quota a title declaration's submission is checked
against (超计划申报), and 申报计划统计 (approved plans summed per org, with Excel export).

The quota of a unit, year, series and level is the sum of that level's count over the unit's
approved plans for the year and series. Declarations that hold a place: those of the unit,
series and level submitted in the year (``submitted_at``) and now under review or approved;
a returned, rejected or still-draft declaration holds none. A unit with no approved plan for
the year and series may not submit at all (无已通过的申报计划): the plan is the permission.
The year is the Beijing calendar year of the submission, the year the plans are written for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.errors import Forbidden, Invalid, NotFound
from app.platform.services.locks import take_write_lock
from app.platform.services.spreadsheets import xlsx_bytes
from app.titles.models.declarations import TitleDeclaration
from app.titles.models.plans import PLAN_LEVELS, TitlePlan
from handlers import clock
from handlers.titles.plans import quota_problem, subtree_sums
from handlers.titles.vocabulary import TITLE_LEVEL_LABELS
from handlers.vocabulary import Status

HOLDING_PLACE = ("under_review", "approved")


def check_quota(session: Session, declaration: TitleDeclaration) -> None:
    """Refuse (422, 超计划申报：…) a submission the unit's approved plans leave no place for.

    Call inside the submission's transaction: the plan rows are locked first (``SELECT ...
    FOR UPDATE`` on PostgreSQL), so of two submissions for the last place the second waits,
    then counts the first; on SQLite the database's single writer serialises them (the loser
    of a write race gets 409 from ``committing``)."""
    year = clock.today().year
    plans = session.scalars(
        select(TitlePlan)
        .where(
            TitlePlan.org_id == declaration.org_id,
            TitlePlan.year == year,
            TitlePlan.series == declaration.series,
            TitlePlan.status == Status.APPROVED,
        )
        .order_by(TitlePlan.id)
        .with_for_update()
    ).all()
    if plans and session.get_bind().dialect.name == "sqlite":
        take_write_lock(session, TitlePlan, [plan.id for plan in plans])
    planned = sum(plan.count(declaration.level) for plan in plans) if plans else None
    used = session.scalar(
        select(func.count(TitleDeclaration.id)).where(
            TitleDeclaration.org_id == declaration.org_id,
            TitleDeclaration.series == declaration.series,
            TitleDeclaration.level == declaration.level,
            TitleDeclaration.status.in_(HOLDING_PLACE),
            TitleDeclaration.id != declaration.id,
            TitleDeclaration.submitted_at >= clock.as_stored(datetime(year, 1, 1)),
            TitleDeclaration.submitted_at < clock.as_stored(datetime(year + 1, 1, 1)),
        )
    )
    label = TITLE_LEVEL_LABELS.get(declaration.level, declaration.level)
    problem = quota_problem(planned, used or 0, label)
    if problem:
        raise Invalid(problem, {"level": problem})


@dataclass(frozen=True)
class PlanTotals:
    """One org node's approved plans per level: ``counts`` its own, ``subtree`` its own and
    every org's below it (``org`` None: the selected node's total)."""

    org: Org | None
    counts: dict[str, int]
    subtree: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def subtree_total(self) -> int:
        return sum(self.subtree.values())


def statistics(session: Session, user: User, filters: dict[str, Any]) -> list[PlanTotals]:
    """申报计划统计 of the selected node (``org_code``, default the caller's org, 404 outside
    its subtree): one row per org node from the selected one down that has an approved plan
    at or below it, in tree order, each with its own plans and its subtree's summed per
    level; then the total. ``year`` and ``series`` narrow it."""
    node = _node(session, user, filters.get("org_code"))
    sums = [func.coalesce(func.sum(getattr(TitlePlan, level)), 0) for level in PLAN_LEVELS]
    query = (
        select(Org.path, *sums)
        .join(TitlePlan, TitlePlan.org_id == Org.id)
        .where(TitlePlan.status == Status.APPROVED, Org.path.startswith(node.path, autoescape=True))
        .group_by(Org.path)
    )
    for name in ("year", "series"):
        if filters.get(name):
            query = query.where(getattr(TitlePlan, name) == filters[name])
    own = {
        path: dict(zip(PLAN_LEVELS, map(int, counts), strict=True))
        for path, *counts in session.execute(query)
    }
    rolled = subtree_sums(own, node.path)
    orgs = session.scalars(select(Org).where(Org.path.in_(list(rolled))).order_by(Org.path))
    zero = dict.fromkeys(PLAN_LEVELS, 0)
    rows = [PlanTotals(org, own.get(org.path, zero), {**zero, **rolled[org.path]}) for org in orgs]
    total = {**zero, **rolled.get(node.path, {})}
    return [*rows, PlanTotals(None, total, total)]


def export(session: Session, user: User, filters: dict[str, Any]) -> bytes:
    """The selected node's statistics as an Excel workbook: per org node, its subtree's
    places per level and in all, then its own unit's total (the rows the page shows)."""
    headers = [
        "单位编码",
        "单位名称",
        *(f"{TITLE_LEVEL_LABELS[level]}（含下级）" for level in PLAN_LEVELS),
        "合计（含下级）",
        "本单位合计",
    ]
    rows = [
        [
            row.org.code if row.org else "",
            row.org.name if row.org else "合计",
            *(row.subtree[level] for level in PLAN_LEVELS),
            row.subtree_total,
            row.total,
        ]
        for row in statistics(session, user, filters)
    ]
    return xlsx_bytes("申报计划统计", headers, rows)


def _node(session: Session, user: User, org_code: str | None) -> Org:
    if not user.is_reviewer:
        raise Forbidden("仅审查人员可以查看申报计划统计")
    if not org_code:
        return user.org
    node = session.scalars(select(Org).where(Org.code == org_code)).first()
    if node is None or not user.org.contains(node):
        raise NotFound("单位不存在")
    return node
