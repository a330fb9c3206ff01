"""信息统计 pages (seed 2.1.6 / 3.1.6): 按工种统计 and 按单位统计 with a bar chart beside each
table, their Excel export, and the 应考人员名单 import on the 按单位统计 page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, render_template, request
from werkzeug.wrappers import Response

from app.exams.schemas.statistics import RosterImportFormSchema, StatisticsQuerySchema
from app.exams.services import importers, staff_roster, statistics
from app.exams.services.staff_roster import ROSTER_IMPORT_LEVELS
from app.exams.services.statistics import Table
from app.exams.web.importing import import_or_queue
from app.extensions import db
from app.platform.context import exam_first_year
from app.platform.downloads import xlsx_response
from app.platform.models.seasons import Season
from app.platform.services import seasons
from app.platform.services.errors import ServiceError
from app.platform.services.imports import Report
from app.platform.web.common import (
    FormError,
    load_form,
    load_query,
    me,
    require_role,
    reviewers_only,
)
from app.platform.web.errors import on_error
from handlers.exams.applicant import GRADE_SHORT_LABELS
from handlers.vocabulary import Role

bp = Blueprint("statistics", __name__, url_prefix="/review/statistics")
bp.before_request(reviewers_only)
bp.before_request(lambda: require_role(Role.ADMIN))

PAGES = {
    "trades": ("按工种统计", "工种名称", statistics.by_trade),
    "units": ("按单位统计", "单位名称", statistics.by_unit),
}


def _current() -> Season:
    return seasons.ensure(db.session(), seasons.EXAM, exam_first_year())


def _table(kind: str) -> tuple[Table, dict[str, Any]]:
    query = load_query(StatisticsQuerySchema())
    try:
        season = seasons.for_statistics(db.session(), query, exam_first_year())
    except ServiceError as error:
        flash(error.message, "error")
        season = _current()
    return PAGES[kind][2](db.session(), me(), season), query


def _page(kind: str, table: Table, report: Report | None = None) -> str:
    title, first, _ = PAGES[kind]
    totals = table.totals
    # what statistics-chart.js draws: one bar per row and column group (合计), for the rows
    # with any count (the table lists every catalogue trade, most of them zero)
    charted = [row for row in table.rows if any(c.total for c in row.groups.values())]
    chart = {
        "labels": [row.name for row in charted],
        "series": [
            {"label": label, "data": [row.groups[key].total for row in charted]}
            for key, label in table.groups.items()
        ],
    }
    return render_template(
        "statistics/table.html",
        kind=kind,
        table=table,
        totals=totals,
        first=first,
        chart=chart,
        grades=GRADE_SHORT_LABELS,
        may_import=kind == "units" and me().org.level in ROSTER_IMPORT_LEVELS,
        report=report,
        title=title,
    )


@bp.get("/<any(trades, units):kind>")
def show(kind: str) -> str | Response:
    """The table, its chart and the year filter; ``format=xlsx`` downloads the table."""
    table, query = _table(kind)
    if query["format"] == "xlsx":
        title, first, _ = PAGES[kind]
        return xlsx_response(table.xlsx(title, first), f"{title}（{table.season.name}）.xlsx")
    return _page(kind, table)


@bp.get("/roster-template")
def roster_template() -> Response:
    return xlsx_response(staff_roster.roster_template(me()), "staff-roster-template.xlsx")


@bp.post("/roster")
@on_error(render=lambda error: (_units_page(), 422))
def import_roster() -> tuple[str, int] | str | Response:
    """导入应考人员名单, then the 按单位统计 of that year with the per-row error report; above
    IMPORT_INLINE_ROWS rows a background job and its progress page."""
    upload = request.files.get("file")
    data = load_form(RosterImportFormSchema(), {k: v for k, v in request.form.items() if v})
    if upload is None or not upload.filename:
        raise FormError("请选择要导入的 Excel 文件", {"file": "必填项"})
    season = _current()
    year = data["year"] or season.year
    report = import_or_queue(importers.STAFF_ROSTER, {"year": year})
    if isinstance(report, Response):
        return report
    shown = season if season.year == year else _season_of(year, season)
    return _page("units", statistics.by_unit(db.session(), me(), shown), report)


def _units_page() -> str:
    """按单位统计 of the current season: where a refused roster import comes back to."""
    return _page("units", statistics.by_unit(db.session(), me(), _current()))


def _season_of(year: int, fallback: Season) -> Season:
    """The season whose statistics show a roster just imported for ``year``."""
    try:
        return seasons.of_year(db.session(), seasons.EXAM, year)
    except ServiceError:
        return fallback
