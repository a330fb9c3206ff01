"""The exam's pages of 系统管理: the 工种目录 and the 往年合格库 import, on the platform's
``admin`` blueprint (its URLs, its guard: admins only)."""

from __future__ import annotations

import time

from flask import flash, render_template, request
from werkzeug.wrappers import Response

from app.exams.services import importers, qualified, trades
from app.exams.web.importing import import_or_queue
from app.extensions import db
from app.platform.services.imports import Report
from app.platform.web.admin import bp
from app.platform.web.common import me
from app.platform.web.errors import on_error
from handlers.vocabulary import Lane


@bp.get("/trades")
def trades_page():
    """工种目录: everyone with this menu sees the catalogue; the province admin imports it."""
    return _render_trades(report=None, status=200)


@bp.post("/trades/import")
@on_error(render=lambda error: _render_trades(report=None, status=error.status))
def import_trades():
    """Within the request, or above IMPORT_INLINE_ROWS rows a job and its progress page."""
    report = import_or_queue(importers.TRADES)
    if isinstance(report, Response):
        return report
    flash(
        f"导入完成：新增 {report.created} 条，更新 {report.updated} 条，"
        f"错误 {len(report.errors)} 条",
        "success" if not report.errors else "error",
    )
    return _render_trades(report=report, status=200)


def _render_trades(report: Report | None, status: int):
    q = request.args.get("q", "").strip()[:64] or None
    catalogue = trades.list_trades(db.session(), q, include_inactive=True)
    return render_template(
        "admin/trades.html",
        catalogue=catalogue,
        q=q or "",
        report=report,
        may_import=me().level == Lane.PROVINCE,
    ), status


@bp.get("/qualified")
def qualified_page():
    """往年合格库导入 (province and city admins)."""
    qualified.require_importer(me())
    return render_template("admin/qualified.html", report=None, seconds=None)


@bp.post("/qualified/import")
def import_qualified():
    """Within the request (the report and how long it took), or above IMPORT_INLINE_ROWS
    rows a background job and its progress page."""
    qualified.require_importer(me())  # a refusal is the error page, not the form again
    return _import_qualified()


@on_error(
    render=lambda error: (render_template("admin/qualified.html", report=None, seconds=None), 422)
)
def _import_qualified() -> str | Response:
    started = time.monotonic()
    report = import_or_queue(importers.QUALIFIED)
    if isinstance(report, Response):
        return report
    flash(
        f"导入完成：新增 {report.created} 条，更新 {report.updated} 条，错误 {len(report.errors)} 条",
        "success" if not report.errors else "error",
    )
    return render_template(
        "admin/qualified.html", report=report, seconds=round(time.monotonic() - started, 1)
    )
