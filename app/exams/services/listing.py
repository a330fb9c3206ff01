"""Paged, filtered lists over applications: shared by the inbox, records and queries (the
platform's ``Page`` and ``paginate`` underneath)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Boolean, Select, and_, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased, joinedload
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app.exams.models.applications import Application
from app.exams.services.scope import applications_query
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import Task
from app.platform.services import seasons
from app.platform.services.listing import Page
from handlers.exams.review_state import review_state
from handlers.exams.vocabulary import Status
from handlers.vocabulary import TaskState


@dataclass(frozen=True)
class SearchPage(Page):
    """报名信息查询's page: its rows and each row's 当前状态 for the viewer's org."""

    review_states: dict[int, str] = field(default_factory=dict)


# 名册: 终审通过, 现场审核 (approved on site), 破格通过人员. Each lists applications approved
# now: one the county reopened after a re-review, or sent back to reapply, is on none of them.
APPROVED = Application.status == Status.APPROVED


ROSTERS = {
    "final": APPROVED,
    "onsite": and_(APPROVED, Application.onsite_approved.is_(True)),
    "exceptional": and_(APPROVED, Application.exceptional_approved.is_(True)),
}


ROSTER_TITLES = {"final": "终审通过名册", "onsite": "现场审核名册", "exceptional": "破格通过人员"}


class likely(FunctionElement):
    """A condition most rows meet, said so to SQLite's planner (``likelihood(x, 0.9)``; the
    plain condition elsewhere). The season: given ``season_id = ?`` with no statistics for a
    bound LIKE on the org path, SQLite guessed the season selective and scanned applications
    for a subtree's search; told it is not, it walks the subtree's orgs through
    ``ix_applications_org_season_id`` as it did before seasons."""

    type = Boolean()
    inherit_cache = True


@compiles(likely)
def _plain(element: likely, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(likely, "sqlite")
def _sqlite_likelihood(element: likely, compiler: SQLCompiler, **kw: Any) -> str:
    return f"likelihood({compiler.process(element.clauses, **kw)}, 0.9)"


def apply_filters(query: Select, filters: dict[str, Any]) -> Select:
    """Season, declared trade/grade, unit (with its sub-units), status and name/ID search on
    Application columns."""
    if filters.get("season") is not None:  # an id, or seasons.current_id()
        query = query.where(likely(Application.season_id == filters["season"]))
    if filters.get("declared_trade"):
        query = query.where(Application.declared_trade == filters["declared_trade"])
    if filters.get("declared_grade"):
        query = query.where(Application.declared_grade == filters["declared_grade"])
    if filters.get("status"):
        query = query.where(Application.status == filters["status"])
    if filters.get("roster"):
        query = query.where(ROSTERS[filters["roster"]])
    if filters.get("unit"):
        query = query.where(Application.org_id.in_(_subtree_ids(filters["unit"])))
    if filters.get("q"):
        term = filters["q"].strip()
        query = query.where(
            or_(
                Application.name.contains(term, autoescape=True),
                Application.id_number.contains(term.upper(), autoescape=True),
            )
        )
    return query


def _subtree_ids(code: str) -> Select:
    """Ids of the org ``code`` and every org below it: a unit chosen in a filter brings its
    sub-units (a supervising unit's units, a county's whole tree)."""
    chosen = aliased(Org)
    return select(Org.id).join(chosen, Org.path.startswith(chosen.path)).where(chosen.code == code)


APPLICATION_FILTERS = (
    "season",
    "declared_trade",
    "declared_grade",
    "status",
    "roster",
    "unit",
    "q",
)
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
    "name": Application.name_sort,  # pinyin order (handlers/names.py)
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


def search_applications(session: Session, user: User, filters: dict[str, Any]) -> SearchPage:
    """报名信息查询: every application of the season (the current one unless ``season`` names
    another, which must exist) in the user's scope, newest first, each with its 当前状态 for
    the user's org (已审核 / 待审核, handlers/exams/review_state.py)."""
    if filters.get("season"):
        seasons.get(session, filters["season"], seasons.EXAM)
    count, rows = search_statements(user, filters)
    total = session.scalar(count)
    found = session.execute(rows).unique().all()
    states = {
        a.id: review_state(
            a.status, user.level, waiting_here=a.waiting_org_id == user.org_id, acted_here=acted
        )
        for a, acted in found
    }
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    return SearchPage([a for a, _ in found], total or 0, page, per_page, states)


def search_statements(user: User, filters: dict[str, Any]) -> tuple[Select, Select]:
    """The two statements of a 报名信息查询 page: its total, and its rows read by the page's
    ids, each with whether the user's org has completed a review task on it. The ids are
    picked first from the subtree's ``ix_applications_org_season_id`` entries alone; only
    those rows are then read with their orgs. Selecting whole rows with their joined orgs
    before the LIMIT read every row of the subtree: 230 ms for a county of 60k applications
    (docs/performance.md, round 2). Without ``season`` the current season is a subquery of
    the same statements."""
    page, per_page = filters.get("page", 1), filters.get("per_page", 20)
    filters = {**filters, "season": filters.get("season") or seasons.current_id(seasons.EXAM)}
    matching = apply_filters(applications_query(user), filters).with_only_columns(Application.id)
    count = select(func.count()).select_from(matching.subquery())
    ids = matching.order_by(Application.id.desc()).limit(per_page).offset((page - 1) * per_page)
    acted_here = (
        select(Task.id)
        .where(
            Task.application_id == Application.id,
            Task.candidate_org_id == user.org_id,
            Task.state == TaskState.COMPLETED,
        )
        .exists()
    )
    rows = (
        select(Application, acted_here.label("acted_here"))
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
