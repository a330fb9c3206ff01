"""往年合格库: an applicant's earlier qualified records beside the review, and the import of
the database by province and city admins."""

from __future__ import annotations

from app.api.blueprint import Blueprint, current_api_user
from app.api.schemas import ImportReportOut, QualifiedEvidenceOut
from app.extensions import db
from app.schemas import SpreadsheetUploadSchema
from app.services import qualified
from app.services.errors import Invalid
from app.services.spreadsheets import upload_table

blp = Blueprint("api_qualified", __name__, description="往年合格库")


@blp.get("/applications/<id:application_id>/qualified-records")
@blp.response(200, QualifiedEvidenceOut)
def evidence(application_id: int):
    """The applicant's earlier qualified records, each checked against the form, and which
    record each auto-review condition rests on (reviewers in scope)."""
    return qualified.evidence(db.session, current_api_user(), application_id)


@blp.post("/qualified/import")
@blp.arguments(SpreadsheetUploadSchema, location="multipart")
@blp.response(200, ImportReportOut)
def import_file(data: dict):
    """Import a .csv/.xlsx of earlier results (province and city admins). Good rows are kept;
    refused rows come back with their spreadsheet row number. Runs within the request."""
    user = current_api_user()
    qualified.require_importer(user)
    table = upload_table(data["file"])
    try:
        rows = qualified.rows_of_table(table)
    except qualified.QualifiedFileError as exc:
        raise Invalid(str(exc), {"file": str(exc)}) from exc
    return qualified.import_upload(db.session, user, rows)
