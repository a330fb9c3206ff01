"""单位信息维护 and 下级单位审核 (seed 一、单位管理): the new org's admin fills in and submits
its information, the superior approves or returns it. The org's own views are marked
``ONBOARDING``: they are what an org not yet approved may reach."""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from app.platform.api.blueprint import ONBOARDING, Blueprint, current_api_user
from app.titles.schemas.orgs import DecisionIn, OrgInfoIn, OrgInfoOut, PendingOrgOut, SubmitIn
from app.titles.services import onboarding

blp = Blueprint("api_onboarding", __name__, description="单位信息维护与下级单位审核")


@blp.get("/onboarding")
@blp.access(ONBOARDING)
@blp.response(200, OrgInfoOut)
def my_org():
    """My org's information and where its onboarding stands."""
    return onboarding.own_org(current_api_user())


@blp.patch("/onboarding")
@blp.access(ONBOARDING)
@blp.arguments(OrgInfoIn)
@blp.response(200, OrgInfoOut)
def update_my_org(data: dict):
    """Edit my org's information while it is 待完善 or 已退回."""
    return onboarding.update_info(db.session(), current_api_user(), data)


@blp.post("/onboarding/submit")
@blp.access(ONBOARDING)
@blp.arguments(SubmitIn)
@blp.response(200, OrgInfoOut)
def submit_my_org(data: dict):
    """Submit (or resubmit after a return) to the superior org for approval."""
    bpmn_dir = current_app.config["BPMN_DIR"]
    return onboarding.submit(db.session(), current_api_user(), data.get("version"), bpmn_dir)


@blp.get("/onboarding/reviews")
@blp.response(200, PendingOrgOut(many=True))
def reviews():
    """下级单位审核: subordinate orgs whose information waits for my org."""
    return onboarding.reviews(db.session(), current_api_user())


@blp.get("/onboarding/orgs/<org_code:code>")
@blp.response(200, OrgInfoOut)
def subordinate(code: str):
    """A subordinate org's information (404 outside my subtree)."""
    return onboarding.subordinate(db.session(), current_api_user(), code)


@blp.post("/onboarding/orgs/<org_code:code>/decision")
@blp.arguments(DecisionIn)
@blp.response(200, OrgInfoOut)
def decide(data: dict, code: str):
    """审核: pass (the org may work) or return with a reason (its admin edits, resubmits)."""
    user = current_api_user()
    return onboarding.decide(db.session(), user, code, data["action"], data["comment"])
