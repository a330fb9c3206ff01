"""申报计划 API (seed 004, 三、申报计划): a unit's plans (handlers and leaders with a title
role), their approval up the tree (申报计划审查), 审批记录 and 申报计划统计 with export."""

from __future__ import annotations

from typing import cast

from flask import Response, current_app, jsonify

from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.downloads import StoredFile, StoredPdf, upload_response, xlsx_response
from app.platform.services.spreadsheets import XLSX
from app.platform.services.uploads import FileStore, IncomingFile
from app.titles.schemas.declarations import InboxQuery
from app.titles.schemas.plans import (
    PlanActionIn,
    PlanAttachmentIn,
    PlanIn,
    PlanInboxPageOut,
    PlanOut,
    PlanPageOut,
    PlanQuery,
    PlanRecordOut,
    PlanStatsQuery,
    PlanStatsRowOut,
    PlanTaskOut,
    PlanUpdateIn,
)
from app.titles.services import plan_quota, plan_review, plans

blp = Blueprint("api_title_plans", __name__, description="职称申报计划")


@blp.get("/title/plans")
@blp.arguments(PlanQuery, location="query")
@blp.response(200, PlanPageOut)
def list_plans(filters: dict):
    """单位管理 › 申报计划: my subtree's plans (``mine=true``: my unit's), newest first."""
    return plans.list_plans(db.session(), current_api_user(), filters)


@blp.post("/title/plans")
@blp.arguments(PlanIn)
@blp.response(201, PlanOut)
def create_plan(data: dict):
    """A new 未提交 plan of my unit: year, series and places per level."""
    return plans.create_plan(db.session(), current_api_user(), data)


@blp.get("/title/plans/<id:plan_id>")
@blp.response(200, PlanOut)
def get_plan(plan_id: int):
    return plans.get_plan(db.session(), current_api_user(), plan_id)


@blp.patch("/title/plans/<id:plan_id>")
@blp.arguments(PlanUpdateIn)
@blp.response(200, PlanOut)
def update_plan(data: dict, plan_id: int):
    """Edit my unit's 未提交 plan (``version``: 409 if it changed meanwhile)."""
    return plans.update_plan(db.session(), current_api_user(), plan_id, data)


@blp.delete("/title/plans/<id:plan_id>")
@blp.response(204)
def delete_plan(plan_id: int):
    """Delete my unit's 未提交 plan that was never submitted (409 otherwise)."""
    plans.delete_plan(db.session(), current_api_user(), plan_id)


@blp.post("/title/plans/<id:plan_id>/submit")
@blp.response(200, PlanOut)
def submit_plan(plan_id: int):
    """上报: a handler's plan goes to my unit's leader, a leader's to the superior handler."""
    return plans.submit_plan(
        db.session(), current_api_user(), plan_id, current_app.config["BPMN_DIR"]
    )


@blp.put("/title/plans/<id:plan_id>/attachment")
@blp.arguments(PlanAttachmentIn, location="multipart")
@blp.response(200, PlanOut)
def attach(form: dict, plan_id: int):
    """The plan's signed PDF (checked and rebuilt like every uploaded document)."""
    file = form["file"]
    content = file.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    return plans.attach_pdf(
        db.session(),
        current_api_user(),
        plan_id,
        IncomingFile(file.filename or "", content),
        FileStore.from_config(current_app.config),
    )


PDF_FILE = {
    "200": {
        "description": "The plan's PDF",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@blp.get("/title/plans/<id:plan_id>/attachment")
@blp.doc(responses=PDF_FILE)
def attachment(plan_id: int) -> Response:
    """The plan's signed PDF, for anyone who may see the plan."""
    stored = StoredPdf(*plans.attachment_names(db.session(), current_api_user(), plan_id))
    # cast: the platform's StoredFile protocol declares settable attributes, which a frozen
    # StoredPdf (read-only) does not match though upload_response only reads them
    return upload_response(cast(StoredFile, stored), current_app.config["UPLOAD_DIR"])


@blp.get("/title/plans/<id:plan_id>/records")
@blp.response(200, PlanRecordOut(many=True))
def plan_records(plan_id: int):
    """审批记录: every 上报, 通过 and 撤回 at every level, oldest first."""
    return plans.records(db.session(), current_api_user(), plan_id)


@blp.get("/title/plan-tasks")
@blp.arguments(InboxQuery, location="query")
@blp.response(200, PlanInboxPageOut)
def plan_inbox(filters: dict):
    """申报计划审查: plans waiting at my org for my title role, in my series, oldest first."""
    return plan_review.inbox(db.session(), current_api_user(), filters)


@blp.post("/title/plan-tasks/<id:plan_task_id>/complete")
@blp.arguments(PlanActionIn)
@blp.response(200, PlanTaskOut)
def complete_plan_task(data: dict, plan_task_id: int):
    """通过 or 撤回 (reason required; the plan goes back to its unit as 未提交). 409 if
    someone was first."""
    return plan_review.complete_task(
        db.session(), current_api_user(), plan_task_id, data["action"], data["comment"]
    )


STATS_FORMATS = {
    "200": {
        "description": "The rows as JSON, or the Excel workbook (format=xlsx)",
        "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@blp.get("/title/plan-statistics")
@blp.arguments(PlanStatsQuery, location="query")
@blp.doc(responses=STATS_FORMATS)
def plan_statistics(query: dict) -> Response:
    """申报计划统计: approved plans of the selected node's subtree (``org_code``, default my
    org) summed per org and level, then the node's total; ``format=xlsx`` exports them."""
    if query.pop("format", "json") == "xlsx":
        body = plan_quota.export(db.session(), current_api_user(), query)
        return xlsx_response(body, "title-plan-statistics.xlsx")
    rows = plan_quota.statistics(db.session(), current_api_user(), query)
    return jsonify(PlanStatsRowOut(many=True).dump(rows))
