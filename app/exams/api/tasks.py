"""The reviewer's inbox, task detail, completion and review records."""

from __future__ import annotations

from flask import Response

from app.exams.schemas.review import (
    BulkActionSchema,
    BulkResultOut,
    InboxExportSchema,
    InboxQuerySchema,
    RecordsExportSchema,
    RecordsQuerySchema,
    TaskActionSchema,
    TaskDetailOut,
    TaskOut,
    TaskPageOut,
)
from app.exams.services import exports, review
from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.downloads import export_response
from app.platform.services.spreadsheets import XLSX

blp = Blueprint("api_tasks", __name__, description="审核任务")


@blp.get("/tasks")
@blp.arguments(InboxQuerySchema, location="query")
@blp.response(200, TaskPageOut)
def inbox(filters: dict):
    """本级审核中: tasks waiting at my org, oldest first by default (``sort`` picks another
    column, ``-`` for descending; ``q`` matches any part of a name or ID number;
    queue=manual|onsite filters)."""
    return review.inbox(db.session(), current_api_user(), filters)


@blp.get("/tasks/records")
@blp.arguments(RecordsQuerySchema, location="query")
@blp.response(200, TaskPageOut)
def records(filters: dict):
    """本级审核记录: tasks my org passed / rejected / returned (action=...), of one season
    (``season``, default the current one)."""
    return review.records(db.session(), current_api_user(), filters)


XLSX_FILE = {
    "200": {
        "description": "Every row of the list with these filters, as Excel",
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
    }
}


@blp.get("/tasks/export")
@blp.arguments(InboxExportSchema, location="query")
@blp.doc(responses=XLSX_FILE)
def export_inbox(filters: dict) -> Response:
    """本级审核中 as Excel, with the inbox's filters (all pages)."""
    body = exports.inbox_xlsx(db.session(), current_api_user(), filters)
    return export_response(body, XLSX, "本级审核中.xlsx")


@blp.get("/tasks/records/export")
@blp.arguments(RecordsExportSchema, location="query")
@blp.doc(responses=XLSX_FILE)
def export_records(filters: dict) -> Response:
    """本级审核记录 (action=...) as Excel, with the records' filters (all pages); the file is
    named after the season."""
    body = exports.records_xlsx(db.session(), current_api_user(), filters)
    return export_response(body, XLSX, f"{exports.records_title(db.session(), filters)}.xlsx")


@blp.get("/tasks/<id:task_id>")
@blp.response(200, TaskDetailOut)
def detail(task_id: int):
    """A task with the whole application form, uploads and 操作历史."""
    return review.task_detail(db.session(), current_api_user(), task_id)


@blp.post("/tasks/<id:task_id>/complete")
@blp.arguments(TaskActionSchema)
@blp.response(200, TaskOut)
def complete(data: dict, task_id: int):
    """Pass / reject / return (reason required) / transfer to on-site. 409 if already done."""
    return review.complete_task(
        db.session(), current_api_user(), task_id, data["action"], data["comment"]
    )


@blp.post("/tasks/bulk-complete")
@blp.arguments(BulkActionSchema)
@blp.response(200, BulkResultOut(many=True))
def bulk_complete(data: dict):
    """Apply one action to many tasks (e.g. pass the selected 自动审核 tasks); per-item
    results, each item its own transaction."""
    return review.bulk_complete(
        db.session(), current_api_user(), data["task_ids"], data["action"], data["comment"]
    )
