"""Uploaded material files, for anyone who may see the application (applicant or reviewer)."""

from __future__ import annotations

from flask import Blueprint, current_app

from app.exams.services import uploads
from app.extensions import db
from app.platform.downloads import upload_response
from app.platform.web.common import me, require_login

bp = Blueprint("files", __name__)


@bp.before_request
def logged_in_only():
    return require_login()


@bp.get("/files/<id:upload_id>")
def download(upload_id: int):
    row = uploads.get_upload(db.session(), me(), upload_id)
    return upload_response(row, current_app.config["UPLOAD_DIR"])
