"""Side processes beside the review: 容缺后补 (deferred materials) and 市级复核 / 省级标记."""

from __future__ import annotations

from flask import current_app

from app.exams.schemas.applications import ApplicationOut, ApplicationPageOut, ListQuerySchema
from app.exams.schemas.casework import (
    DeferredPageOut,
    RecheckQuerySchema,
    RecheckRecordOut,
    RecheckStartedOut,
    RecheckStartSchema,
    RemarkSchema,
)
from app.exams.schemas.review import CommentSchema, TaskActionSchema
from app.exams.services import deferral, rechecks
from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user

blp = Blueprint("api_casework", __name__, description="容缺后补与复核")


@blp.post("/applications/<id:application_id>/deferral")
@blp.arguments(RemarkSchema)
@blp.response(200, ApplicationOut)
def mark_deferred(data: dict, application_id: int):
    """Mark grade-1 materials 容缺后补 at my level's 高级技师审核 (unit, supervising unit or
    county; commitment letter first). My level then supplies and confirms them."""
    return deferral.mark_deferred(
        db.session(),
        current_api_user(),
        application_id,
        data["remark"],
        current_app.config["BPMN_DIR"],
    )


@blp.post("/applications/<id:application_id>/deferral/recheck")
@blp.arguments(TaskActionSchema)
@blp.response(200, ApplicationOut)
def recheck_deferral(data: dict, application_id: int):
    """容缺后补复核 (county, city or province reviewers, the application in my subtree) of
    materials confirmed as supplied: ``no_objection`` (无异议, closed), ``opinion``
    (后补复核意见) or ``cancel_confirm`` (取消确认); the last two need a reason and send the
    materials back to the level that supplies them."""
    return deferral.recheck(
        db.session(), current_api_user(), application_id, data["action"], data["comment"]
    )


@blp.post("/applications/<id:application_id>/deferral/cancel-confirmation")
@blp.arguments(CommentSchema)
@blp.response(200, ApplicationOut)
def cancel_confirmation(data: dict, application_id: int):
    """取消确认 (county, city or province reviewers): materials confirmed as supplied and
    awaiting the county's recheck go back to the level that supplies them; the reason is
    required and shown to that level."""
    return deferral.cancel_confirmation(
        db.session(), current_api_user(), application_id, data["comment"]
    )


@blp.get("/deferred")
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, DeferredPageOut)
def deferred_list(filters: dict):
    """容缺后补 list: stage, and who confirmed or rechecked what and when."""
    return deferral.deferred_cases(db.session(), current_api_user(), filters)


@blp.post("/rechecks")
@blp.arguments(RecheckStartSchema)
@blp.response(201, RecheckStartedOut)
def start_rechecks(data: dict):
    """City (市级复核) or province (省级标记): re-review chosen approved applications or a
    random sample of a percentage of them."""
    started = rechecks.start_rechecks(
        db.session(),
        current_api_user(),
        current_app.config["BPMN_DIR"],
        application_ids=data["application_ids"],
        sample_percent=data["sample_percent"],
    )
    return {"started": started}


@blp.get("/rechecks/candidates")
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, ApplicationPageOut)
def recheck_candidates(filters: dict):
    """Approved applications in my scope not under re-review: what 发起复核 may pick."""
    return rechecks.candidates(db.session(), current_api_user(), filters)


@blp.get("/rechecks")
@blp.arguments(RecheckQuerySchema, location="query")
@blp.response(200, RecheckRecordOut(many=True))
def recheck_records(query: dict):
    """市级复核记录 (by=city) / 省级标记记录 (by=province) for my subtree."""
    return rechecks.recheck_records(db.session(), current_api_user(), query["by"])
