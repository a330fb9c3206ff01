"""An applicant registers (``/register``, endpoint ``auth.register``), on the platform's
``auth`` blueprint: public, before any account exists."""

from __future__ import annotations

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from app.exams.schemas.applications import RegistrationSchema
from app.exams.services import applications
from app.extensions import db
from app.platform.web.auth import bp
from app.platform.web.common import load_form
from app.platform.web.errors import on_error


@bp.route("/register", methods=["GET", "POST"])
@on_error(render=lambda error: _page(error.fields or {"id_number": error.message}), flashed=False)
def register():
    if request.method == "POST":
        data = load_form(RegistrationSchema(), request.form)
        user = applications.register_applicant(db.session(), data)
        flash(f"注册成功，请使用身份证号 {user.username} 登录", "success")
        return redirect(url_for("auth.login"))
    return _page({})


def _page(errors: dict[str, str]) -> tuple[str, int]:
    return render_template("auth/register.html", errors=errors, form=request.form), (
        422 if errors else 200
    )
