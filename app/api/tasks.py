"""The reviewer's inbox, task detail, completion and review records."""

from __future__ import annotations

from app.api.blueprint import Blueprint, current_api_user
from app.api.schemas import BulkResultOut, TaskDetailOut, TaskOut, TaskPageOut
from app.extensions import db
from app.schemas import BulkActionSchema, InboxQuerySchema, RecordsQuerySchema, TaskActionSchema
from app.services import review

blp = Blueprint("api_tasks", __name__, description="审核任务")


@blp.get("/tasks")
@blp.arguments(InboxQuerySchema, location="query")
@blp.response(200, TaskPageOut)
def inbox(filters: dict):
    """本级审核中: tasks waiting at my org, oldest first by default (``sort`` picks another
    column, ``-`` for descending; ``q`` matches any part of a name or ID number;
    queue=manual|onsite filters)."""
    return review.inbox(db.session, current_api_user(), filters)


@blp.get("/tasks/records")
@blp.arguments(RecordsQuerySchema, location="query")
@blp.response(200, TaskPageOut)
def records(filters: dict):
    """本级审核记录: tasks my org passed / rejected / returned (action=...)."""
    return review.records(db.session, current_api_user(), filters)


@blp.get("/tasks/<id:task_id>")
@blp.response(200, TaskDetailOut)
def detail(task_id: int):
    """A task with the whole application form, uploads and 操作历史."""
    return review.task_detail(db.session, current_api_user(), task_id)


@blp.post("/tasks/<id:task_id>/complete")
@blp.arguments(TaskActionSchema)
@blp.response(200, TaskOut)
def complete(data: dict, task_id: int):
    """Pass / reject / return (reason required) / transfer to on-site. 409 if already done."""
    return review.complete_task(
        db.session, current_api_user(), task_id, data["action"], data["comment"]
    )


@blp.post("/tasks/bulk-complete")
@blp.arguments(BulkActionSchema)
@blp.response(200, BulkResultOut(many=True))
def bulk_complete(data: dict):
    """Apply one action to many tasks (e.g. pass the selected 自动审核 tasks); per-item
    results, each item its own transaction."""
    return review.bulk_complete(
        db.session, current_api_user(), data["task_ids"], data["action"], data["comment"]
    )
