"""Reviewer pages (admins and reviewers): inbox per queue, review records with 退回重新申报,
the application query with its rosters, laid out like the seed's 报名管理 menu.
"""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from app.exams.downloads import export_job_params, roster_response, trail_pdf_response
from app.exams.menu import ROSTERS, queue_title
from app.exams.schemas.applications import ApplicationExportSchema, ListQuerySchema
from app.exams.schemas.review import (
    CommentSchema,
    InboxExportSchema,
    InboxQuerySchema,
    RecordsExportSchema,
    RecordsQuerySchema,
)
from app.exams.schemas.trail import TrailOut, TrailQuerySchema
from app.exams.services import export_jobs, exports, listing, review, trail
from app.exams.services.applications import application_detail
from app.exams.services.scope import get_application
from app.extensions import db
from app.platform.downloads import export_response, job_file_response
from app.platform.schemas.jobs import JobOut
from app.platform.services import jobs, seasons
from app.platform.services.spreadsheets import XLSX
from app.platform.web.common import (
    load_export_query,
    load_form,
    load_query,
    me,
    reviewers_only,
    safe_next,
)
from app.platform.web.errors import PageError, on_error

bp = Blueprint("review", __name__)
bp.before_request(reviewers_only)


@bp.get("/review/inbox")
def inbox():
    filters = load_query(InboxQuerySchema())
    page = review.inbox(db.session(), me(), filters)
    return render_template(
        "review/inbox.html",
        page=page,
        filters=filters,
        export_args=_export_args(filters),
        title=queue_title(filters["queue"], me().level),
    )


@bp.get("/review/records")
def records():
    filters = seasons.with_season(db.session(), load_query(RecordsQuerySchema()))
    page = review.records(db.session(), me(), filters)
    return render_template(
        "review/records.html",
        page=page,
        filters=filters,
        export_args=_export_args(filters),
        title=exports.RECORD_TITLES[filters["action"]],
    )


def _export_args(filters: dict) -> dict:
    """The page's filters for its 导出Excel link: the same rows, every page of them."""
    return {k: v for k, v in filters.items() if v and k not in ("page", "per_page")}


@bp.get("/review/inbox/export")
def inbox_export() -> Response:
    """导出Excel of the inbox: every task its filters select, not only the page shown."""
    filters = load_export_query(InboxExportSchema())
    return export_response(exports.inbox_xlsx(db.session(), me(), filters), XLSX, "本级审核中.xlsx")


@bp.get("/review/records/export")
def records_export() -> Response:
    filters = load_export_query(RecordsExportSchema())
    name = f"{exports.records_title(db.session(), filters)}.xlsx"
    return export_response(exports.records_xlsx(db.session(), me(), filters), XLSX, name)


def _comment_error(error: PageError) -> str:
    """What a comment form flashes: the comment's own message, else the refusal."""
    return error.fields.get("comment", error.message)


@bp.post("/review/applications/<id:application_id>/reapply")
@on_error(
    redirect_to=lambda **_: url_for("review.records", action="reject"), message=_comment_error
)
def reapply(application_id: int):
    """退回重新申报 from 审核不通过: the applicant may edit and submit again this year."""
    data = load_form(CommentSchema(), request.form)
    application = review.reapply(db.session(), me(), application_id, data["comment"])
    flash(f"已将{application.name}的报名退回重新申报", "success")
    return redirect(url_for("review.records", action="reject"))


@bp.post("/review/applications/<id:application_id>/comments")
@on_error(redirect_to=lambda application_id: _comment_back(application_id), message=_comment_error)
def comment(application_id: int):
    """一般备注, from the task page or the application detail; back to where it came from."""
    data = load_form(CommentSchema(), request.form)
    review.add_comment(db.session(), me(), application_id, data["comment"])
    flash("备注已添加", "success")
    return redirect(_comment_back(application_id))


def _comment_back(application_id: int) -> str:
    return safe_next(
        request.form.get("next"), url_for("review.application", application_id=application_id)
    )


@bp.get("/applications")
def applications():
    """报名信息查询, and with ``roster`` the 名册 (终审通过 / 现场审核 / 破格通过), of one
    season; each row says whether this level has reviewed it (当前状态)."""
    filters = seasons.with_season(db.session(), load_query(ListQuerySchema()))
    page = listing.search_applications(db.session(), me(), filters)
    title = ROSTERS.get(filters["roster"] or "", "报名信息查询")
    return render_template(
        "review/applications.html",
        page=page,
        filters=filters,
        title=title,
    )


@bp.get("/applications/export")
def applications_export() -> ResponseReturnValue:
    """导出PDF / 导出Excel of a roster or the query: the ticked rows, or all that match (the
    season fixed now, so a job later exports the same season)."""
    query = seasons.with_season(db.session(), load_export_query(ApplicationExportSchema()))
    ids = query.get("ids")
    if (
        exports.roster_size(db.session(), me(), query, ids)
        > current_app.config["EXPORT_JOB_THRESHOLD"]
    ):
        job = jobs.enqueue(db.session(), me(), export_jobs.ROSTER_EXPORT, export_job_params(query))
        return redirect(url_for("review.job", job_id=job.id))
    return roster_response(exports.roster(db.session(), me(), query, ids), query["format"])


@bp.get("/jobs/<id:job_id>")
def job(job_id: int):
    """A large export, import or ticket batch running in the background: progress bar, then
    the file's download link or the import's report."""
    job = jobs.get_job(db.session(), me(), job_id)
    importing = job.kind.startswith("import_")
    title = (
        "导入进度"
        if importing
        else "打印进度"
        if job.kind == export_jobs.TICKET_PRINT
        else "导出进度"
    )
    return render_template("review/job.html", job=job, importing=importing, title=title)


@bp.get("/jobs/<id:job_id>/status")
def job_status(job_id: int):
    """What the job page polls (the page's session, not an API token)."""
    job = jobs.get_job(db.session(), me(), job_id)
    body = JobOut().dump(job)
    body["download_url"] = (
        url_for("review.job_download", job_id=job.id)
        if job.state == "done" and job.result_path
        else None
    )
    return body


@bp.get("/jobs/<id:job_id>/download")
def job_download(job_id: int) -> Response:
    path, name = jobs.result_file(db.session(), me(), job_id, current_app.config["JOB_DIR"])
    return job_file_response(path, name)


@bp.get("/applications/<id:application_id>/audit-trail")
def audit_trail(application_id: int) -> Response:
    """审计记录 download from the history: the PDF, or with format=json the verifiable file."""
    query = load_query(TrailQuerySchema())
    document = trail.export(db.session(), me(), application_id)
    if query["format"] == "pdf":
        return trail_pdf_response(document)
    name = f"audit-trail-{application_id}.json"
    return Response(
        json.dumps(TrailOut().dump(document), ensure_ascii=False, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/applications/<id:application_id>/history")
def application_history(application_id: int):
    """操作历史 from a list row: what was done to the application, by whom and when, without
    opening its details (no full ID number shown, nothing audited as a view)."""
    application = get_application(db.session(), me(), application_id)
    return render_template(
        "review/history.html", application=application, title=f"操作历史 · {application.name}"
    )


@bp.get("/applications/<id:application_id>")
def application(application_id: int):
    return render_template(
        "review/application.html",
        application=application_detail(db.session(), me(), application_id),
    )
