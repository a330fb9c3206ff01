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
from app.platform.services.errors import ServiceError
from app.platform.web.auth import bp
from app.platform.web.common import FormError, load_form


@bp.route("/register", methods=["GET", "POST"])
def register():
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            data = load_form(RegistrationSchema(), request.form)
            user = applications.register_applicant(db.session(), data)
        except (FormError, ServiceError) as error:
            errors = error.fields or {"id_number": error.message}
        else:
            flash(f"注册成功，请使用身份证号 {user.username} 登录", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/register.html", errors=errors, form=request.form), (
        422 if errors else 200
    )
