"""信息统计 pages (seed 2.1.6 / 3.1.6): 按工种统计 and 按单位统计 with a bar chart beside each
table, their Excel export, and the 应考人员名单 import on the 按单位统计 page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, render_template, request
from werkzeug.wrappers import Response

from app.downloads import xlsx_response
from app.extensions import db
from app.season_schemas import RosterImportFormSchema, StatisticsQuerySchema
from app.services import import_jobs, statistics
from app.services.applications import Settings
from app.services.errors import ServiceError
from app.services.qualified import ImportReport
from app.services.statistics import ROSTER_IMPORT_LEVELS, Table
from app.web.common import FormError, load_form, load_query, me, require_role, reviewers_only
from app.web.importing import import_or_queue
from handlers import clock
from handlers.applicant import GRADE_SHORT_LABELS

bp = Blueprint("statistics", __name__, url_prefix="/review/statistics")
bp.before_request(reviewers_only)
bp.before_request(lambda: require_role("admin"))

PAGES = {
    "trades": ("按工种统计", "工种名称", statistics.by_trade),
    "units": ("按单位统计", "单位名称", statistics.by_unit),
}


def _exam_year() -> int:
    return Settings.from_config(current_app.config, clock.today()).year


def _table(kind: str) -> tuple[Table, dict[str, Any]]:
    query = load_query(StatisticsQuerySchema())
    year = query["year"] or _exam_year()
    return PAGES[kind][2](db.session, me(), year), query


def _page(kind: str, table: Table, report: ImportReport | None = None) -> str:
    title, first, _ = PAGES[kind]
    totals = table.totals
    chart = {  # what statistics-chart.js draws: one bar per row and column group (合计)
        "labels": [row.name for row in table.rows],
        "series": [
            {"label": label, "data": [row.groups[key].total for row in table.rows]}
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
        return xlsx_response(table.xlsx(title, first), f"statistics-{kind}-{table.year}.xlsx")
    return _page(kind, table)


@bp.get("/roster-template")
def roster_template() -> Response:
    return xlsx_response(statistics.roster_template(me()), "staff-roster-template.xlsx")


@bp.post("/roster")
def import_roster() -> tuple[str, int] | str | Response:
    """导入应考人员名单, then the 按单位统计 of that year with the per-row error report; above
    IMPORT_INLINE_ROWS rows a background job and its progress page."""
    upload = request.files.get("file")
    try:
        data = load_form(RosterImportFormSchema(), {k: v for k, v in request.form.items() if v})
        if upload is None or not upload.filename:
            raise FormError("请选择要导入的 Excel 文件", {"file": "必填项"})
        year = data["year"] or _exam_year()
        report = import_or_queue(import_jobs.STAFF_ROSTER, {"year": year})
    except (FormError, ServiceError) as error:
        flash(error.message, "error")
        return _page("units", statistics.by_unit(db.session, me(), _exam_year())), 422
    if isinstance(report, Response):
        return report
    return _page("units", statistics.by_unit(db.session, me(), year), report)
