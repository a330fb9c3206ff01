"""历史报名数据查询: earlier seasons' registrations (counties and above): this system's finished
seasons and the imported sheets, with Excel import and export."""

from __future__ import annotations

from flask import Response

from app.exams.api.importing import QUEUED, import_upload
from app.exams.schemas.history import HistoryPageOut, HistoryQuerySchema
from app.exams.services import history_query, importers
from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.downloads import export_response
from app.platform.schemas.imports import ImportReportOut, SpreadsheetUploadSchema
from app.platform.schemas.jobs import JobOut
from app.platform.services.spreadsheets import XLSX

blp = Blueprint("api_history", __name__, description="历史报名数据")


@blp.get("/history")
@blp.arguments(HistoryQuerySchema, location="query")
@blp.response(200, HistoryPageOut)
def search(query: dict):
    """One page of earlier registrations in my subtree (ID numbers masked), newest year first:
    this system's applications of closed seasons (source=system, with 审核状态) and imported
    rows (source=imported); filters: 来源, 报考年度, 姓名 or full 身份证号 (q), 报考工种, 单位,
    证书编号."""
    return history_query.search(db.session(), current_api_user(), query)


@blp.get("/history/export")
@blp.arguments(HistoryQuerySchema, location="query")
@blp.doc(
    responses={
        "200": {
            "description": "Every filtered record as an Excel file (the seed's columns)",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
)
def export(query: dict) -> Response:
    """The filtered records of both sources (all pages) as .xlsx, with full ID numbers for
    offline work."""
    body = history_query.export_xlsx(db.session(), current_api_user(), query)
    return export_response(body, XLSX, "历史报名数据.xlsx")


@blp.post("/history/import")
@blp.arguments(SpreadsheetUploadSchema, location="multipart")
@blp.response(200, ImportReportOut)
@blp.alt_response(202, schema=JobOut, description=QUEUED)
def import_file(data: dict):
    """Import a .csv/.xlsx with the seed's columns (报考年度, 姓名, 身份证号, 报考工种 required;
    optional 单位编码 files a row under that org of my subtree). County and above admins.
    At most IMPORT_INLINE_ROWS data rows (default 2000) are imported within the
    request (200, the report); a larger file answers 202 with the job importing it in the
    background (Location /api/jobs/<id>; its ``result`` is the report when done)."""
    return import_upload(current_api_user(), importers.HISTORY, data["file"])
