"""工种目录: the trade catalogue every form and filter chooses from; the province admin
imports it from a spreadsheet."""

from __future__ import annotations

from app.api.blueprint import Blueprint, current_api_user
from app.api.schemas import ImportReportOut, TradeOut
from app.extensions import db
from app.schemas import SpreadsheetUploadSchema, TradeQuerySchema
from app.services import trades
from app.services.spreadsheets import upload_table

blp = Blueprint("api_trades", __name__, description="工种目录")


@blp.get("/trades")
@blp.arguments(TradeQuerySchema, location="query")
@blp.response(200, TradeOut(many=True))
def list_trades(query: dict):
    """The catalogue (active trades unless include_inactive), searchable by code, name or
    category. Every signed-in account may read it: applicants choose their trades from it."""
    current_api_user()
    return trades.list_trades(db.session, query["q"], query["include_inactive"])


@blp.post("/trades/import")
@blp.arguments(SpreadsheetUploadSchema, location="multipart")
@blp.response(200, ImportReportOut)
def import_trades(data: dict):
    """Upsert the catalogue from a .csv/.xlsx (columns 代码, 名称, 类别, optional 状态 启用/停用),
    province admins only. Good rows are kept; refused rows come back with their row number."""
    user = current_api_user()
    trades.require_keeper(user)
    return trades.import_trades(db.session, user, upload_table(data["file"]))

