"""个人信息: the account as the user sees it (contact data to edit, and the password change)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from app.extensions import db
from app.platform.schemas.accounts import ProfileSchema
from app.platform.services import profile
from app.platform.web.common import load_form, me
from app.platform.web.errors import on_error

bp = Blueprint("profile", __name__)


@bp.get("/profile")
@login_required
def show() -> ResponseReturnValue:
    return _page({}, None, 200)


@bp.post("/profile")
@login_required
@on_error(render=lambda error: _page(error.fields, request.form, 422))
def save() -> ResponseReturnValue:
    """Save the contact data; the password has its own form (auth.password)."""
    data = load_form(ProfileSchema(), {k: v for k, v in request.form.items() if v.strip()})
    profile.update_contact(db.session(), me(), data.get("phone"))
    flash("个人信息已保存", "success")
    return redirect(url_for("profile.show"))


def _page(errors: dict[str, str], form: Mapping[str, Any] | None, status: int) -> tuple[str, int]:
    return render_template("home/profile.html", errors=errors, form=form, title="个人信息"), status
