"""年度管理 (系统管理, province admins): the exam and title seasons, opening the next one and
closing (or reopening) one."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from app.extensions import db
from app.platform.context import exam_first_year
from app.platform.models.seasons import SEASON_PRODUCTS, Season
from app.platform.models.users import User
from app.platform.schemas.seasons import SeasonSchema
from app.platform.services import seasons
from app.platform.web.common import as_int, load_form, me, require_login, require_role
from app.platform.web.errors import on_error
from handlers.vocabulary import Role

bp = Blueprint("seasons", __name__, url_prefix="/admin/seasons")


@bp.before_request
def province_admins_only() -> ResponseReturnValue | None:
    redirect_to_login = require_login()
    if redirect_to_login is not None:
        return redirect_to_login
    require_role(Role.ADMIN)
    seasons.require_manager(me())
    return None


@bp.get("")
def index() -> tuple[str, int]:
    return _render(errors={}, form={}), 200


@bp.post("")
@on_error(render=lambda error: (_render(errors=error.fields, form=_filled()), 422))
def open_season() -> Response | tuple[str, int]:
    form = _filled()
    data = load_form(SeasonSchema(), {**form, "year": as_int(form.get("year", ""))})
    season = seasons.open_season(db.session(), me(), data)
    flash(f"已开启{season.product_label}{season.name}，新的报名计入该年度", "success")
    return redirect(url_for("seasons.index"))


@bp.post("/<id:season_id>/close")
@on_error(redirect_to="seasons.index")
def close_season(season_id: int) -> Response:
    return _change(
        seasons.close_season, season_id, "已结束{name}，其报名可在历史报名数据查询中查看"
    )


@bp.post("/<id:season_id>/reopen")
@on_error(redirect_to="seasons.index")
def reopen_season(season_id: int) -> Response:
    return _change(seasons.reopen_season, season_id, "已重新开启{name}")


def _change(action: Callable[[Session, User, int], Season], season_id: int, done: str) -> Response:
    season = action(db.session(), me(), season_id)
    flash(done.format(name=season.name), "success")
    return redirect(url_for("seasons.index"))


def _filled() -> dict[str, str]:
    """The form's filled fields, trimmed (a blank one is left out, not invalid)."""
    return {key: value.strip() for key, value in request.form.items() if value.strip()}


def _render(errors: dict[str, str], form: dict[str, str]) -> str:
    seasons.ensure(db.session(), seasons.EXAM, exam_first_year())
    products = {
        product: (seasons.seasons_of(db.session(), product), seasons.current(db.session(), product))
        for product in SEASON_PRODUCTS
    }
    return render_template(
        "admin/seasons.html",
        products=products,
        labels=SEASON_PRODUCTS,
        errors=errors,
        form=form,
        title="年度管理",
    )
