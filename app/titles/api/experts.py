"""专家审查 API (seed 004): a declarant's expert application and its review up the tree, the
expert pool (专家库) and committee draws (抽取专家) with their records."""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.titles.schemas.declarations import InboxQuery, TitleActionIn
from app.titles.schemas.experts import (
    DrawContactsOut,
    DrawIn,
    DrawOut,
    DrawPageOut,
    DrawsQuery,
    ExpertIn,
    ExpertInboxPageOut,
    ExpertOut,
    ExpertPageOut,
    ExpertQuery,
    ExpertRecordOut,
    ExpertTaskOut,
    ExpertUpdateIn,
    PoolQuery,
)
from app.titles.services import expert_pool, experts

blp = Blueprint("api_title_experts", __name__, description="专家审查与专家库")


@blp.get("/title/experts")
@blp.arguments(ExpertQuery, location="query")
@blp.response(200, ExpertPageOut)
def list_experts(filters: dict):
    """A declarant's own applications; staff: their subtree's (``status`` filter)."""
    return experts.list_applications(db.session(), current_api_user(), filters)


@blp.post("/title/experts")
@blp.arguments(ExpertIn)
@blp.response(201, ExpertOut)
def create_expert(data: dict):
    """A new draft application of mine (副高级 and above only: 422 otherwise)."""
    return experts.create_application(db.session(), current_api_user(), data)


@blp.get("/title/experts/<id:expert_id>")
@blp.response(200, ExpertOut)
def get_expert(expert_id: int):
    return experts.get_application(db.session(), current_api_user(), expert_id)


@blp.patch("/title/experts/<id:expert_id>")
@blp.arguments(ExpertUpdateIn)
@blp.response(200, ExpertOut)
def update_expert(data: dict, expert_id: int):
    """Edit my draft or returned application (``version``: 409 if it changed meanwhile)."""
    return experts.update_application(db.session(), current_api_user(), expert_id, data)


@blp.post("/title/experts/<id:expert_id>/submit")
@blp.response(200, ExpertOut)
def submit_expert(expert_id: int):
    """提交: the review starts (again) at my unit."""
    return experts.submit_application(
        db.session(), current_api_user(), expert_id, current_app.config["BPMN_DIR"]
    )


@blp.get("/title/experts/<id:expert_id>/records")
@blp.response(200, ExpertRecordOut(many=True))
def expert_records(expert_id: int):
    """审查记录: every step of the application, oldest first."""
    return experts.records(db.session(), current_api_user(), expert_id)


@blp.get("/title/expert-tasks")
@blp.arguments(InboxQuery, location="query")
@blp.response(200, ExpertInboxPageOut)
def expert_inbox(filters: dict):
    """专家审查: applications waiting at my org for my title role, in my series."""
    return experts.inbox(db.session(), current_api_user(), filters)


@blp.post("/title/expert-tasks/<id:expert_task_id>/complete")
@blp.arguments(TitleActionIn)
@blp.response(200, ExpertTaskOut)
def complete_expert_task(data: dict, expert_task_id: int):
    """通过, 退回修改 or 未通过 (reason required for the last two). 409 if someone was first."""
    return experts.complete_task(
        db.session(), current_api_user(), expert_task_id, data["action"], data["comment"]
    )


@blp.get("/title/expert-pool")
@blp.arguments(PoolQuery, location="query")
@blp.response(200, ExpertPageOut)
def expert_pool_search(filters: dict):
    """专家库: approved experts of my subtree by series and specialty (substring)."""
    return expert_pool.search(db.session(), current_api_user(), filters)


@blp.post("/title/expert-draws")
@blp.arguments(DrawIn)
@blp.response(201, DrawOut)
def draw_experts(data: dict):
    """抽取专家 (city or province committee): ``count`` at random, recusing the declarant's
    unit; 422 when too few are eligible."""
    return expert_pool.draw(db.session(), current_api_user(), data)


@blp.get("/title/expert-draws")
@blp.arguments(DrawsQuery, location="query")
@blp.response(200, DrawPageOut)
def list_draws(filters: dict):
    return expert_pool.list_draws(db.session(), current_api_user(), filters)


@blp.get("/title/expert-draws/<id:draw_id>")
@blp.response(200, DrawOut)
def get_draw(draw_id: int):
    return expert_pool.get_draw(db.session(), current_api_user(), draw_id)


@blp.get("/title/expert-draws/<id:draw_id>/contacts")
@blp.response(200, DrawContactsOut)
def draw_contacts(draw_id: int):
    """The drawn experts' full phone numbers, for the committee that drew them (403 for
    others in scope); every view is audited on the draw's chain."""
    return expert_pool.draw_contacts(db.session(), current_api_user(), draw_id)
