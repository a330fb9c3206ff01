"""历史报名数据查询 (seed 3.1.10, counties and above): list, Excel export and, for admins,
import."""

from __future__ import annotations

from flask import Blueprint, flash, render_template
from werkzeug.wrappers import Response

from app.exams.schemas.history import HistoryQuerySchema
from app.exams.services import history, history_query, importers
from app.exams.web.importing import import_or_queue
from app.extensions import db
from app.platform.downloads import export_response
from app.platform.services.imports import Report
from app.platform.services.spreadsheets import XLSX
from app.platform.web.common import load_query, me, require_level, reviewers_only
from app.platform.web.errors import on_error

bp = Blueprint("history", __name__, url_prefix="/history")


@bp.before_request
def counties_and_above():
    redirect_to_login = reviewers_only()
    if redirect_to_login is not None:
        return redirect_to_login
    require_level(*history.LEVELS)
    return None


@bp.get("")
def index():
    return _render(report=None, status=200)


@bp.get("/export")
def export():
    filters = load_query(HistoryQuerySchema())
    body = history_query.export_xlsx(db.session(), me(), filters)
    return export_response(body, XLSX, "历史报名数据.xlsx")


@bp.post("/import")
@on_error(render=lambda error: _render(report=None, status=error.status))
def import_file():
    """Within the request, or above IMPORT_INLINE_ROWS rows a job and its progress page."""
    report = import_or_queue(importers.HISTORY)
    if isinstance(report, Response):
        return report
    flash(
        f"导入完成：新增 {report.created} 条，更新 {report.updated} 条，错误 {len(report.errors)} 条",
        "success" if not report.errors else "error",
    )
    return _render(report=report, status=200)


def _render(report: Report | None, status: int):
    filters = load_query(HistoryQuerySchema())
    page = history_query.search(db.session(), me(), filters)
    export_args = {k: v for k, v in filters.items() if v and k not in ("page", "per_page")}
    return render_template(
        "history/index.html",
        page=page,
        filters=filters,
        export_args=export_args,
        columns=(*history.COLUMNS, *history_query.EXTRA_COLUMNS),
        sources=history_query.SOURCE_LABELS,
        report=report,
        may_import=me().is_admin,
    ), status
