"""往年合格库: an applicant's earlier qualified records beside the review, and the import of
the database by province and city admins."""

from __future__ import annotations

from app.exams.api.importing import QUEUED, import_upload
from app.exams.schemas.qualified import QualifiedEvidenceOut
from app.exams.services import importers, qualified
from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.schemas.imports import ImportReportOut, SpreadsheetUploadSchema
from app.platform.schemas.jobs import JobOut

blp = Blueprint("api_qualified", __name__, description="往年合格库")


@blp.get("/applications/<id:application_id>/qualified-records")
@blp.response(200, QualifiedEvidenceOut)
def evidence(application_id: int):
    """The applicant's earlier qualified records, each checked against the form, and which
    record each auto-review condition rests on (reviewers in scope)."""
    return qualified.evidence(db.session(), current_api_user(), application_id)


@blp.post("/qualified/import")
@blp.arguments(SpreadsheetUploadSchema, location="multipart")
@blp.response(200, ImportReportOut)
@blp.alt_response(202, schema=JobOut, description=QUEUED)
def import_file(data: dict):
    """Import a .csv/.xlsx of earlier results (province and city admins). Good rows are kept;
    refused rows come back with their spreadsheet row number. A missing column is a 422 at
    once. At most IMPORT_INLINE_ROWS data rows (default 2000) are imported within the request
    (200, the report); a larger file answers 202 with the job importing it in the background
    (Location /api/jobs/<id>; its ``result`` is the report when done)."""
    return import_upload(current_api_user(), importers.QUALIFIED, data["file"])
