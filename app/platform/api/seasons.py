"""年度管理: the seasons (年度/批次) of the exam registration and the title platform. Anyone
signed in reads them (every list takes ``season``); province admins open and close them."""

from __future__ import annotations

from typing import Any

from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.context import exam_first_year
from app.platform.models.seasons import Season
from app.platform.schemas.seasons import SeasonListOut, SeasonOut, SeasonQuerySchema, SeasonSchema
from app.platform.services import seasons

blp = Blueprint("api_seasons", __name__, description="年度管理")


@blp.get("/seasons")
@blp.arguments(SeasonQuerySchema, location="query")
@blp.response(200, SeasonListOut)
def list_seasons(query: dict[str, Any]) -> dict[str, Any]:
    """A product's seasons, newest first, and which one is current (the open one; between two
    seasons the latest): what lists show when ``season`` is left out."""
    product = query["product"]
    current = (
        seasons.ensure(db.session(), product, exam_first_year())
        if product == seasons.EXAM
        else seasons.current(db.session(), product)
    )
    return {
        "current_id": current.id if current else None,
        "items": seasons.seasons_of(db.session(), product),
    }


@blp.post("/seasons")
@blp.arguments(SeasonSchema)
@blp.response(201, SeasonOut)
def open_season(data: dict[str, Any]) -> Season:
    """开启年度 (province admins): a new season of the product becomes the current one; new
    applications join it. 409 while another season of the product is open."""
    return seasons.open_season(db.session(), current_api_user(), data)


@blp.post("/seasons/<id:season_id>/close")
@blp.response(200, SeasonOut)
def close_season(season_id: int) -> Season:
    """结束年度 (province admins): no new applications, edits or submissions in it; reviews
    under way may be completed; its applications join 历史报名数据查询."""
    return seasons.close_season(db.session(), current_api_user(), season_id)


@blp.post("/seasons/<id:season_id>/reopen")
@blp.response(200, SeasonOut)
def reopen_season(season_id: int) -> Season:
    """重新开启 a season closed by mistake (province admins), while no other is open."""
    return seasons.reopen_season(db.session(), current_api_user(), season_id)
