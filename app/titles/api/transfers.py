"""单位变动人员管理 (seed 二、人员管理): requests to hand a declarant over from the unit they
left to the unit they joined; the old unit's admin agrees or refuses."""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.titles.schemas.orgs import TransferDecisionIn, TransferIn, TransferListQuery, TransferOut
from app.titles.services import transfers

blp = Blueprint("api_title_transfers", __name__, description="单位变动人员管理")


@blp.get("/title/transfers")
@blp.arguments(TransferListQuery, location="query")
@blp.response(200, TransferOut(many=True))
def list_transfers(query: dict):
    """Requests into or out of my org's subtree (``direction`` in / out; both if absent)."""
    return transfers.listing(db.session(), current_api_user(), query.get("direction"))


@blp.post("/title/transfers")
@blp.arguments(TransferIn)
@blp.response(201, TransferOut)
def request_transfer(data: dict):
    """申请移交: ask for the declarant with this ID number to join my org."""
    bpmn_dir = current_app.config["BPMN_DIR"]
    user = current_api_user()
    return transfers.request(db.session(), user, data["id_number"], data["note"], bpmn_dir)


@blp.get("/title/transfers/<id:transfer_id>")
@blp.response(200, TransferOut)
def get_transfer(transfer_id: int):
    return transfers.get(db.session(), current_api_user(), transfer_id)


@blp.post("/title/transfers/<id:transfer_id>/decision")
@blp.arguments(TransferDecisionIn)
@blp.response(200, TransferOut)
def decide(data: dict, transfer_id: int):
    """同意 (pass: the person and their declarations move) or 拒绝 (reject, reason required)."""
    user = current_api_user()
    return transfers.decide(db.session(), user, transfer_id, data["action"], data["comment"])
