"""The answer of every import endpoint: the report (200) when the file was imported in the
request, or the background job (202, Location /api/jobs/<id>) when it was queued."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify

from app.extensions import db
from app.platform.models.jobs import Job
from app.platform.models.users import User
from app.platform.schemas.jobs import JobOut
from app.platform.services import imports

QUEUED = (
    "More than IMPORT_INLINE_ROWS data rows (default 2000): the file was checked (type, "
    "header) and queued as a background job; follow it at /api/jobs/<id> until its state is "
    "done, its `result` is the import report"
)


def import_upload(
    user: User, importer: imports.Importer, upload: Any, params: dict | None = None
) -> Response | Any:
    """Run or queue the import; a queued one answers 202 with the job."""
    outcome = imports.submit(
        db.session(),
        user,
        importer,
        upload,
        inline_rows=current_app.config["IMPORT_INLINE_ROWS"],
        job_dir=current_app.config["JOB_DIR"],
        params=params,
    )
    if not isinstance(outcome, Job):
        return outcome
    response = jsonify(JobOut().dump(outcome))
    response.status_code = 202
    response.headers["Location"] = f"/api/jobs/{outcome.id}"
    return response
