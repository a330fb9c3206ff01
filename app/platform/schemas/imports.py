"""Request and response schemas of a spreadsheet import: the upload, and the report (rows
created, updated, refused)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields

from app.platform.schemas.fields import (
    REQUIRED,
)


class SpreadsheetUploadSchema(Schema):
    """One .csv or .xlsx file to import (multipart)."""

    file = Upload(required=True, error_messages=REQUIRED)


class RowErrorOut(Schema):
    row = fields.Integer(metadata={"description": "spreadsheet row number (the header is 1)"})
    message = fields.String()


class ImportReportOut(Schema):
    created = fields.Integer()
    updated = fields.Integer()
    errors = fields.Function(
        lambda r: [{"row": row, "message": message} for row, message in r.errors],
        metadata={"type": "array", "items": {"type": "object"}},
    )
