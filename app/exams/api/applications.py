"""Applications: fill in, upload, submit, read, history and comments."""

from __future__ import annotations

from flask import Response, current_app, jsonify
from flask.typing import ResponseReturnValue

from app.exams.context import settings
from app.exams.downloads import export_job_params, roster_response, trail_pdf_response
from app.exams.schemas.applications import (
    ApplicationExportSchema,
    ApplicationFormSchema,
    ApplicationOut,
    ApplicationPatchSchema,
    ApplicationSearchOut,
    ExceptionalDeclarationSchema,
    ListQuerySchema,
)
from app.exams.schemas.review import CommentSchema
from app.exams.schemas.trail import TrailOut, TrailQuerySchema
from app.exams.schemas.uploads import ReviewUploadSchema, UploadOut, UploadSchema
from app.exams.services import applications, export_jobs, exports, listing, review, trail, uploads
from app.exams.services.scope import get_application
from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.downloads import upload_response
from app.platform.schemas.audit import HistoryOut
from app.platform.schemas.jobs import JobOut
from app.platform.services import jobs, seasons
from app.platform.services.spreadsheets import XLSX
from app.platform.services.uploads import FileStore, IncomingFile

blp = Blueprint("api_applications", __name__, description="报名信息")


@blp.post("/applications")
@blp.arguments(ApplicationFormSchema)
@blp.response(201, ApplicationOut)
def create(form: dict):
    """Start this year's application (applicant); name, ID number and unit come from the
    account."""
    return applications.create_application(db.session(), current_api_user(), form, settings())


@blp.get("/applications")
@blp.arguments(ListQuerySchema, location="query")
@blp.response(200, ApplicationSearchOut)
def search(filters: dict):
    """报名信息查询: applications of one season (``season``, default the current one) in my org
    subtree (my own, for applicants), with 当前状态 per row for my org."""
    return listing.search_applications(db.session(), current_api_user(), filters)


EXPORT_FORMATS = {
    "200": {
        "description": "The roster or query as Excel (format=xlsx) or printable PDF (format=pdf)",
        "content": {
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    },
    "202": {
        "description": "Too many rows for one response: the background job making the file",
        "content": {"application/json": {"schema": JobOut}},
    },
}


@blp.get("/applications/export")
@blp.arguments(ApplicationExportSchema, location="query")
@blp.doc(responses=EXPORT_FORMATS)
def export(query: dict) -> ResponseReturnValue:
    """名册 / 报名信息查询 export with the list's filters (roster=final|onsite|exceptional) of one
    season (default the current one, named in the file's title), every matching row or the
    ticked ``ids``; full ID numbers, so each export is audited.
    Above EXPORT_JOB_THRESHOLD rows: 202 and a background job to follow at /api/jobs/<id>."""
    user, ids = current_api_user(), query.get("ids")
    query = seasons.with_season(db.session(), query)
    if (
        exports.roster_size(db.session(), user, query, ids)
        > current_app.config["EXPORT_JOB_THRESHOLD"]
    ):
        job = jobs.enqueue(db.session(), user, export_jobs.ROSTER_EXPORT, export_job_params(query))
        return JobOut().dump(job), 202, {"Location": f"/api/jobs/{job.id}"}
    return roster_response(exports.roster(db.session(), user, query, ids), query["format"])


@blp.get("/applications/<id:application_id>")
@blp.response(200, ApplicationOut)
def detail(application_id: int):
    """The whole application with its full ID number (a reviewer's view is audited)."""
    return applications.application_detail(db.session(), current_api_user(), application_id)


@blp.patch("/applications/<id:application_id>")
@blp.arguments(ApplicationPatchSchema(partial=True))
@blp.response(200, ApplicationOut)
def update(changes: dict, application_id: int):
    """Edit a draft or returned application."""
    return applications.update_application(
        db.session(), current_api_user(), application_id, changes, settings()
    )


@blp.post("/applications/<id:application_id>/submit")
@blp.response(200, ApplicationOut)
def submit(application_id: int):
    """Submit for review, or resubmit after a return (review restarts at the unit)."""
    return applications.submit(db.session(), current_api_user(), application_id, settings())


@blp.post("/applications/<id:application_id>/files")
@blp.arguments(UploadSchema, location="multipart")
@blp.response(201, UploadOut)
def upload(form: dict, application_id: int):
    """Upload one material file (multipart: kind, file, and year for appraisal evidence).
    JPEG/PNG, or PDF for documents."""
    return uploads.add_upload(
        db.session(),
        current_api_user(),
        application_id,
        form["kind"],
        _uploaded_file(form),
        FileStore.from_config(current_app.config),
    )


@blp.post("/applications/<id:application_id>/id-photo/stamp")
@blp.response(201, UploadOut)
def stamp_id_photo(application_id: int):
    """添加身份证号: store a copy of the ID-card photo with the ID number stamped in a band at
    the bottom (kind id_photo_stamped; the original is kept unchanged). Reviewers in scope."""
    return uploads.stamp_id_photo(
        db.session(), current_api_user(), application_id, FileStore.from_config(current_app.config)
    )


@blp.post("/applications/<id:application_id>/review-files")
@blp.arguments(ReviewUploadSchema, location="multipart")
@blp.response(201, UploadOut)
def review_upload(form: dict, application_id: int):
    """Reviewer files: the unit's sealed commitment letter (commitment_letter) and deferred
    materials (deferred_material) while the unit's supply task is open."""
    return uploads.add_review_upload(
        db.session(),
        current_api_user(),
        application_id,
        form["kind"],
        _uploaded_file(form),
        FileStore.from_config(current_app.config),
    )


def _uploaded_file(form: dict) -> IncomingFile:
    file = form["file"]
    content = file.read(current_app.config["MAX_UPLOAD_BYTES"] + 1)
    return IncomingFile(file.filename or "", content, form["year"])


@blp.post("/applications/<id:application_id>/reapply")
@blp.arguments(CommentSchema)
@blp.response(200, ApplicationOut)
def reapply(data: dict, application_id: int):
    """From 审核不通过: send a rejected application back so the applicant may reapply."""
    return review.reapply(db.session(), current_api_user(), application_id, data["comment"])


@blp.post("/exceptional-declarations")
@blp.arguments(ExceptionalDeclarationSchema)
@blp.response(201, ApplicationOut)
def declare_exceptional(data: dict):
    """破格申报 entered by a county admin on an applicant's behalf (submitted at once)."""
    return applications.declare_exceptional_for(db.session(), current_api_user(), data, settings())


STORED_FILE = {
    "200": {
        "description": "The stored file, as it was checked and cleaned at upload",
        "content": {
            content_type: {"schema": {"type": "string", "format": "binary"}}
            for content_type in ("image/jpeg", "image/png", "application/pdf")
        },
    }
}


@blp.get("/uploads/<id:upload_id>")
@blp.doc(responses=STORED_FILE)
def download(upload_id: int):
    """The stored file, for users who may see its application."""
    row = uploads.get_upload(db.session(), current_api_user(), upload_id)
    return upload_response(row, current_app.config["UPLOAD_DIR"])


@blp.get("/applications/<id:application_id>/history")
@blp.response(200, HistoryOut(many=True))
def history(application_id: int):
    """操作历史: every event with time, actor, org, action, comment, status change, task."""
    return get_application(db.session(), current_api_user(), application_id).events


TRAIL_FORMATS = {
    "200": {
        "description": "The trail: JSON (format=json) or the printable PDF (format=pdf)",
        "content": {
            "application/json": {"schema": TrailOut},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    },
}


@blp.get("/applications/<id:application_id>/audit-trail")
@blp.arguments(TrailQuerySchema, location="query")
@blp.doc(responses=TRAIL_FORMATS)
def audit_trail(query: dict, application_id: int) -> Response:
    """The application's audit trail with every hash (admins and reviewers of its subtree):
    JSON to verify elsewhere (``flask audit-verify --file``), or format=pdf to print."""
    document = trail.export(db.session(), current_api_user(), application_id)
    if query["format"] == "json":
        return jsonify(TrailOut().dump(document))
    return trail_pdf_response(document)


@blp.post("/applications/<id:application_id>/comments")
@blp.arguments(CommentSchema)
@blp.response(201, HistoryOut)
def comment(data: dict, application_id: int):
    """一般备注 on an application in my scope."""
    return review.add_comment(db.session(), current_api_user(), application_id, data["comment"])
