"""County-only pages (seed 3.1.7 补报, 破格申报): applicant accounts for people without a
social-security record, and 破格申报 entered on an applicant's behalf.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from app.exams.context import settings
from app.exams.schemas.applications import ExceptionalDeclarationSchema
from app.exams.schemas.supplementary import SupplementarySchema, SupplementaryUpdateSchema
from app.exams.services import applications
from app.exams.services import supplementary as admin
from app.exams.services import supplementary as entries
from app.exams.web.forms import typed_form
from app.extensions import db
from app.platform.context import initial_passwords
from app.platform.services.scope import orgs_in_scope
from app.platform.web.common import (
    load_form,
    me,
    require_level,
    require_role,
    reviewers_only,
)
from app.platform.web.errors import on_error
from handlers.initial_passwords import SUPPLEMENTARY
from handlers.vocabulary import Lane, Role

bp = Blueprint("county", __name__, url_prefix="/review")
bp.before_request(reviewers_only)


@bp.before_request
def counties_only() -> None:
    require_level("county")


@bp.get("/supplementary")
def supplementary():
    return _render_supplementary(errors={}, status=200)


@bp.post("/supplementary")
@on_error(render=lambda error: _render_supplementary(errors=error.fields, status=422))
def create_supplementary():
    form = {key: value.strip() for key, value in request.form.items() if value.strip()}
    passwords = initial_passwords()
    user = admin.create_supplementary(
        db.session(), me(), load_form(SupplementarySchema(), form), passwords
    )
    told = passwords.told(SUPPLEMENTARY)
    flash(f"已补报 {user.name}：以身份证号登录，初始密码 {told}（首次登录须修改）", "success")
    return redirect(url_for("county.supplementary"))


@bp.post("/supplementary/<id:user_id>/edit")
@on_error(redirect_to="county.supplementary")
def update_supplementary(user_id: int):
    """修改 a wrong 补报 entry from the list (before its person submits)."""
    form = {key: value.strip() for key, value in request.form.items() if value.strip()}
    data = load_form(SupplementaryUpdateSchema(), form)
    user = entries.update_supplementary(db.session(), me(), user_id, data)
    flash(f"已修改补报人员 {user.name}", "success")
    return redirect(url_for("county.supplementary"))


@bp.post("/supplementary/<id:user_id>/delete")
@on_error(redirect_to="county.supplementary")
def delete_supplementary(user_id: int):
    entries.delete_supplementary(db.session(), me(), user_id)
    flash("已删除补报人员", "success")
    return redirect(url_for("county.supplementary"))


@bp.get("/exceptional")
def exceptional():
    return _render_exceptional(MultiDict({"by_certificate": "on"}), errors={}, status=200)


@bp.post("/exceptional")
@on_error(render=lambda error: _render_exceptional(request.form, errors=error.fields, status=422))
def declare_exceptional():
    """The whole form plus the applicant's ID number and the reason; submitted at once."""
    data = load_form(ExceptionalDeclarationSchema(), typed_form(request.form, settings().year))
    application = applications.declare_exceptional_for(db.session(), me(), data, settings())
    flash(f"已为{application.name}代为破格申报，进入本级破格人员审核", "success")
    return redirect(url_for("review.application", application_id=application.id))


def _render_supplementary(errors: dict[str, str], status: int) -> tuple[str, int]:
    require_role(Role.ADMIN)
    users = admin.list_supplementary(db.session(), me())
    return render_template(
        "county/supplementary.html",
        users=users,
        submitted=entries.submitted_ids(db.session(), users),
        units=[org for org in orgs_in_scope(db.session(), me()) if org.level == Lane.UNIT],
        errors=errors,
        form=request.form,
        title="补报",
    ), status


def _render_exceptional(values: MultiDict, errors: dict[str, str], status: int) -> tuple[str, int]:
    return render_template(
        "county/exceptional.html",
        values=values,
        errors=errors,
        year=settings().year,
        title="破格申报",
    ), status
