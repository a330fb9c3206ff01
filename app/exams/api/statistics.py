"""信息统计 (按工种统计, 按单位统计) with their Excel exports, and the 应考人员名单 import."""

from __future__ import annotations

from flask import Response, jsonify

from app.exams.api.importing import QUEUED, import_upload
from app.exams.context import settings
from app.exams.schemas.statistics import (
    RosterImportSchema,
    StatisticsQuerySchema,
    TradeStatisticsOut,
    UnitStatisticsOut,
)
from app.exams.services import importers, staff_roster, statistics
from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.context import exam_first_year
from app.platform.downloads import xlsx_response
from app.platform.schemas.imports import ImportReportOut
from app.platform.schemas.jobs import JobOut
from app.platform.services import seasons
from app.platform.services.spreadsheets import XLSX

blp = Blueprint("api_statistics", __name__, description="信息统计")


def _formats(schema: type) -> dict:
    return {
        "200": {
            "description": "The table as JSON (format=json) or as an Excel file (format=xlsx)",
            "content": {
                "application/json": {"schema": schema},
                XLSX: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    }


@blp.get("/statistics/trades")
@blp.arguments(StatisticsQuerySchema, location="query")
@blp.doc(responses=_formats(TradeStatisticsOut))
def trade_statistics(query: dict) -> Response:
    """按工种统计 of my subtree (admins), one season (``season``, or the latest of ``year``,
    default the current season): every catalogue trade, zeros included. Counties and above:
    已报名 (registered) / 初审通过 (passed) / 未通过 (failed); supervising units and units:
    已报名 / 审核通过 (approved: passed by my org) / 未报名 (unregistered: on the staff roster,
    not registered); each with 合计 and 一级..五级, and the totals row."""
    season = seasons.for_statistics(db.session(), query, exam_first_year())
    table = statistics.by_trade(db.session(), current_api_user(), season)
    if query["format"] == "xlsx":
        name = f"按工种统计（{season.name}）.xlsx"
        return xlsx_response(table.xlsx("按工种统计", "工种名称"), name)
    return jsonify(TradeStatisticsOut().dump(table.as_dict()))


@blp.get("/statistics/units")
@blp.arguments(StatisticsQuerySchema, location="query")
@blp.doc(responses=_formats(UnitStatisticsOut))
def unit_statistics(query: dict) -> Response:
    """按单位统计 of my subtree (admins): per unit, 已报名 / 应考报名 (its staff roster) /
    未报名, each with 合计 and 一级..五级, and the totals row; one season as above."""
    season = seasons.for_statistics(db.session(), query, exam_first_year())
    table = statistics.by_unit(db.session(), current_api_user(), season)
    if query["format"] == "xlsx":
        name = f"按单位统计（{season.name}）.xlsx"
        return xlsx_response(table.xlsx("按单位统计", "单位名称"), name)
    return jsonify(UnitStatisticsOut().dump(table.as_dict()))


TEMPLATE = {
    "200": {
        "description": "The staff roster template (.xlsx)",
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
    }
}


@blp.get("/staff-roster/template")
@blp.doc(responses=TEMPLATE)
def roster_template() -> Response:
    """The 应考人员名单 import template: 单位编码, 姓名, 身份证号, 工种, 等级 (for those who
    may import: admins of a unit, supervising unit or county)."""
    template = staff_roster.roster_template(current_api_user())
    return xlsx_response(template, "staff-roster-template.xlsx")


@blp.post("/staff-roster")
@blp.arguments(RosterImportSchema, location="multipart")
@blp.response(200, ImportReportOut)
@blp.alt_response(202, schema=JobOut, description=QUEUED)
def import_roster(data: dict):
    """Import 应考人员名单 from .xlsx (admins of a unit, supervising unit or county): good rows
    are stored, each refused row is reported with its row number and reason.
    At most IMPORT_INLINE_ROWS data rows (default 2000) are imported within the
    request (200, the report); a larger file answers 202 with the job importing it in the
    background (Location /api/jobs/<id>; its ``result`` is the report when done)."""
    year = data["year"] or settings().year
    return import_upload(current_api_user(), importers.STAFF_ROSTER, data["file"], {"year": year})
