"""工种目录: the trade catalogue every form and filter chooses from; the province admin
imports it from a spreadsheet."""

from __future__ import annotations

from app.exams.api.importing import QUEUED, import_upload
from app.exams.schemas.trades import TradeOut, TradeQuerySchema
from app.exams.services import importers, trades
from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.schemas.imports import ImportReportOut, SpreadsheetUploadSchema
from app.platform.schemas.jobs import JobOut

blp = Blueprint("api_trades", __name__, description="工种目录")


@blp.get("/trades")
@blp.arguments(TradeQuerySchema, location="query")
@blp.response(200, TradeOut(many=True))
def list_trades(query: dict):
    """The catalogue (active trades unless include_inactive), searchable by code, name or
    category. Every signed-in account may read it: applicants choose their trades from it."""
    current_api_user()
    return trades.list_trades(db.session(), query["q"], query["include_inactive"])


@blp.post("/trades/import")
@blp.arguments(SpreadsheetUploadSchema, location="multipart")
@blp.response(200, ImportReportOut)
@blp.alt_response(202, schema=JobOut, description=QUEUED)
def import_trades(data: dict):
    """Upsert the catalogue from a .csv/.xlsx (columns 代码, 名称, 类别, optional 状态 启用/停用),
    province admins only. Good rows are kept; refused rows come back with their row number.
    At most IMPORT_INLINE_ROWS data rows (default 2000) are imported within the
    request (200, the report); a larger file answers 202 with the job importing it in the
    background (Location /api/jobs/<id>; its ``result`` is the report when done)."""
    return import_upload(current_api_user(), importers.TRADES, data["file"])
