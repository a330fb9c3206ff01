"""Request and response schemas of an application's material files (applicants' and
reviewers' uploads)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from app.exams.models.applications import APPLICANT_UPLOAD_KINDS, REVIEWER_UPLOAD_KINDS
from app.platform.schemas.common import Timestamp
from app.platform.schemas.fields import (
    REQUIRED,
    choice,
    year,
)


class UploadFormSchema(Schema):
    """The fields of a file upload besides the file itself (multipart: strings)."""

    kind = choice(APPLICANT_UPLOAD_KINDS, "不支持的材料类型", required=True)
    year = year(strict=False, load_default=None)


class ReviewUploadFormSchema(UploadFormSchema):
    kind = choice(REVIEWER_UPLOAD_KINDS, "不支持的材料类型", required=True)


class UploadSchema(UploadFormSchema):
    """An applicant's upload through the API: the fields and the file, one multipart body."""

    file = Upload(required=True, error_messages=REQUIRED)


class ReviewUploadSchema(ReviewUploadFormSchema):
    file = Upload(required=True, error_messages=REQUIRED)


class UploadOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    original_name = fields.String()
    year = fields.Integer(allow_none=True)
    created_at = Timestamp()
