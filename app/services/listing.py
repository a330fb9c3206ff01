"""Paged, filtered lists over applications: shared by the inbox, records and queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload

from app.models import Application, Org, Task, User
from app.services.scope import applications_query


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


# 名册: 终审通过, 现场审核 (approved on site), 破格通过人员. Each lists applications approved
# now: one the county reopened after a re-review, or sent back to reapply, is on none of them.
APPROVED = Application.status == "approved"
ROSTERS = {
    "final": APPROVED,
    "onsite": and_(APPROVED, Application.onsite_approved.is_(True)),
    "exceptional": and_(APPROVED, Application.exceptional_approved.is_(True)),
}
ROSTER_TITLES = {"final": "终审通过名册", "onsite": "现场审核名册", "exceptional": "破格通过人员"}


def apply_filters(query: Select, filters: dict[str, Any]) -> Select:
    """Declared trade/grade, unit code, status and name/ID search on Application columns."""
    if filters.get("declared_trade"):
        query = query.where(Application.declared_trade == filters["declared_trade"])
    if filters.get("declared_grade"):
        query = query.where(Application.declared_grade == filters["declared_grade"])
    if filters.get("status"):
        query = query.where(Application.status == filters["status"])
    if filters.get("roster"):
        query = query.where(ROSTERS[filters["roster"]])
    if filters.get("unit"):
        unit = select(Org.id).where(Org.code == filters["unit"]).scalar_subquery()
        query = query.where(Application.org_id == unit)
    if filters.get("q"):
        term = filters["q"].strip()
        query = query.where(
            or_(
                Application.name.contains(term, autoescape=True),
                Application.id_number.contains(term.upper(), autoescape=True),
            )
        )
    return query


APPLICATION_FILTERS = ("declared_trade", "declared_grade", "status", "roster", "unit", "q")
"""The ``apply_filters`` keys that test Application columns."""


def filters_application(filters: dict[str, Any]) -> bool:
    """Whether ``filters`` test application columns (a task list must join applications)."""
    return any(filters.get(key) for key in APPLICATION_FILTERS)


def needs_application(filters: dict[str, Any]) -> bool:
    """Whether a task list with these filters and sort reads the applications table (an
    application filter, or a sort on an application or org column)."""
    sort = (filters.get("sort") or DEFAULT_INBOX_SORT).removeprefix("-")
    return sort != DEFAULT_INBOX_SORT or filters_application(filters)


# Columns an inbox may be sorted by (``sort=<key>`` ascending, ``sort=-<key>`` descending):
# a whitelist, so a query string never names a column. 到达时间 ascending is the default:
# clerks work oldest first.
INBOX_SORT_COLUMNS: dict[str, Any] = {
    "created_at": Task.created_at,
    "name": Application.name,
    "id_number": Application.id_number,
    "unit": Org.name,
    "declared_trade": Application.declared_trade,
    "declared_grade": Application.declared_grade,
}
INBOX_SORTS = tuple(f"{sign}{key}" for key in INBOX_SORT_COLUMNS for sign in ("", "-"))
DEFAULT_INBOX_SORT = "created_at"


def sort_tasks(query: Select, sort: str | None) -> Select:
    """Order an inbox query (tasks joined to their applications) by a whitelisted key, the
    task id breaking ties in the same direction so paging is stable."""
    sort = sort or DEFAULT_INBOX_SORT
    descending = sort.startswith("-")
    key = sort.removeprefix("-")
    if key == "unit":  # outer: the same rows (every application has an org), droppable
        query = query.outerjoin(Org, Application.org_id == Org.id)
    column = INBOX_SORT_COLUMNS[key]
    if descending:
        return query.order_by(column.desc(), Task.id.desc())
    return query.order_by(column.asc(), Task.id.asc())


def paginate(session: Session, query: Select, filters: dict[str, Any]) -> Page:
    count, rows = page_statements(query, filters)
    total = session.scalar(count)
    items = list(session.scalars(rows).unique())
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    return Page(items, total or 0, page, per_page)


def page_statements(query: Select, filters: dict[str, Any]) -> tuple[Select, Select]:
    """The two statements a page of ``query`` runs: its total and its rows (the query plan
    test explains exactly these)."""
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    count = select(func.count()).select_from(query.order_by(None).options().subquery())
    return count, query.limit(per_page).offset((page - 1) * per_page)


def search_applications(session: Session, user: User, filters: dict[str, Any]) -> Page:
    """报名信息查询: every application in the user's scope, newest first."""
    count, rows = search_statements(user, filters)
    total = session.scalar(count)
    items = list(session.scalars(rows).unique())
    return Page(items, total or 0, filters.get("page", 1), filters.get("per_page", 20))


def search_statements(user: User, filters: dict[str, Any]) -> tuple[Select, Select]:
    """The two statements of a 报名信息查询 page: its total, and its rows read by the page's
    ids. The ids are picked first from the subtree's ``ix_applications_org_id`` entries
    alone; only those rows are then read with their orgs. Selecting whole rows with their
    joined orgs before the LIMIT read every row of the subtree: 230 ms for a county of 60k
    applications (docs/performance.md, round 2)."""
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    matching = apply_filters(applications_query(user), filters).with_only_columns(Application.id)
    count = select(func.count()).select_from(matching.subquery())
    ids = matching.order_by(Application.id.desc()).limit(per_page).offset((page - 1) * per_page)
    rows = (
        select(Application)
        .where(Application.id.in_(ids))
        .order_by(Application.id.desc())
        .options(joinedload(Application.waiting_org))
    )
    return count, rows


def search_query(user: User, filters: dict[str, Any]) -> Select:
    """报名信息查询's rows, unpaged, each with the org it waits at (one join, not a lookup
    per org on the page)."""
    query = apply_filters(applications_query(user), filters).order_by(Application.id.desc())
    return query.options(joinedload(Application.waiting_org))
