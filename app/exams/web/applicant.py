"""The applicant's own page (/me): fill in or edit the form, upload materials, submit."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from app.exams.context import settings
from app.exams.models.applications import UPLOAD_KINDS, Application
from app.exams.schemas.applications import ApplicationFormSchema
from app.exams.services import applications, exam_sessions, tickets, uploads
from app.exams.services.uploads import PHOTO_KINDS
from app.exams.web.forms import SINGLE_KINDS, chosen_files, form_values, typed_form
from app.extensions import db
from app.platform.services.errors import ServiceError
from app.platform.services.uploads import FileStore, IncomingFile
from app.platform.web.common import load_form, me, require_login, require_role
from app.platform.web.errors import on_error
from handlers.exams.applicant import submission_problems
from handlers.exams.required_documents import missing_documents, required_documents
from handlers.exams.senior import evidence_years
from handlers.vocabulary import Role

bp = Blueprint("applicant", __name__)
LOCKED_NOTES = {
    "under_review": "报名信息已提交，审核期间不能修改。",
    "onsite": "报名信息已提交，现场审核期间不能修改。",
    "approved": "报名已终审通过，报名信息不能再修改；如信息有误，请联系所在单位。",
    "rejected": "报名审核不通过，报名信息不能再修改；如有疑问，请联系所在单位。",
}
"""Why a submitted application cannot be edited, said for the status it is in."""


@bp.before_request
def applicants_only():
    redirect_to_login = require_login()
    if redirect_to_login is not None:
        return redirect_to_login
    require_role(Role.APPLICANT)
    return None


@bp.get("/me")
def me_page():
    return _render(form=None, errors={})


@bp.post("/me/form")
@on_error(render=lambda error: (_render(form=request.form, errors=error.fields), 422))
def save_form():
    """Create this year's application or, while editable, update it with the whole form."""
    current = applications.current_for_applicant(db.session(), me())
    form = load_form(ApplicationFormSchema(), typed_form(request.form, settings().year))
    if current is None:
        applications.create_application(db.session(), me(), form, settings())
    else:
        applications.update_application(db.session(), me(), current.id, form, settings())
    flash("报名信息已保存", "success")
    return redirect(url_for("applicant.me_page"))


@bp.post("/me/files")
def upload_files():
    """Every chosen file goes in; each file succeeds or fails on its own."""
    current = applications.current_for_applicant(db.session(), me())
    if current is None:
        flash("请先保存报名信息再上传材料", "error")
        return redirect(url_for("applicant.me_page"))
    chosen = chosen_files(request.files, current.year)
    if not chosen:
        flash("请选择要上传的文件", "error")
    max_bytes = current_app.config["MAX_UPLOAD_BYTES"]
    for kind, year, file in chosen:
        label = UPLOAD_KINDS[kind] + (f"（{year}年度）" if year else "")
        try:
            incoming = IncomingFile(file.filename or "", file.read(max_bytes + 1), year)
            uploads.add_upload(
                db.session(),
                me(),
                current.id,
                kind,
                incoming,
                FileStore.from_config(current_app.config),
            )
        except ServiceError as error:
            detail = next(iter(error.fields.values()), error.message)
            flash(f"{label}上传失败：{detail}", "error")
        else:
            flash(f"{label}已上传", "success")
    return redirect(url_for("applicant.me_page"))


@bp.post("/me/submit")
@on_error(redirect_to="applicant.me_page")
def submit():
    current = applications.current_for_applicant(db.session(), me())
    if current is None:
        flash("请先填写报名信息", "error")
        return redirect(url_for("applicant.me_page"))
    applications.submit(db.session(), me(), current.id, settings())
    flash("已提交，请等待审核", "success")
    return redirect(url_for("applicant.me_page"))


def _render(form: MultiDict | None, errors: dict[str, str]) -> str:
    application = applications.current_for_applicant(db.session(), me())
    required = required_documents(_documents_form(application)) if application else ()
    return render_template(
        "applicant/me.html",
        application=application,
        values=form if form is not None else form_values(application, me()),
        blockers=_submission_blockers(application),
        evidence_years=_evidence_years(application),
        errors=errors,
        year=settings().year,
        required=required,
        required_kinds={kind for item in required for kind in item.kinds},
        uploaded={u.kind for u in application.uploads} if application else set(),
        photo_kinds=PHOTO_KINDS,
        upload_kinds=SINGLE_KINDS,
        ticket=tickets.find_ticket(db.session(), me(), application.id) if application else None,
        window_state=exam_sessions.window_state,
        locked_note=LOCKED_NOTES.get(application.status, "") if application else "",
    )


def _submission_blockers(application: Application | None) -> list[str]:
    """Why the saved form cannot be submitted as it stands (a required material missing, a
    prohibiting answer), said before anyone tries."""
    if application is None or not application.editable:
        return []
    form = _documents_form(application)
    missing = missing_documents(form, (u.kind for u in application.uploads))
    return [*missing.values(), *submission_problems(form).values()]


def _documents_form(application: Application) -> dict:
    """The form as the required-documents rule reads it (a county's 破格申报 is exempt)."""
    return {
        **applications.form_of(application),
        "declared_by_county": application.declared_by_county,
    }


def _evidence_years(application: Application | None) -> list[int]:
    """The years of the five-year table that take 优秀材料; the others offer no upload."""
    if application is None:
        return []
    return evidence_years(application.appraisals or [], application.year)
