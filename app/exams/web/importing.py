"""The console's side of an import: imported within the request (the page shows the report)
or, above IMPORT_INLINE_ROWS data rows, queued as a background job whose progress page
(``review.job``) shows the report when it is done."""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, request, url_for
from werkzeug.wrappers import Response

from app.extensions import db
from app.platform.models.jobs import Job
from app.platform.services import imports
from app.platform.web.common import me


def import_or_queue(
    importer: imports.Importer, params: dict[str, Any] | None = None
) -> imports.Report | Response:
    """The report, or the redirect to the queued job's progress page."""
    outcome = imports.submit(
        db.session(),
        me(),
        importer,
        request.files.get("file"),
        inline_rows=current_app.config["IMPORT_INLINE_ROWS"],
        job_dir=current_app.config["JOB_DIR"],
        params=params,
    )
    if isinstance(outcome, Job):
        return redirect(url_for("review.job", job_id=outcome.id))
    return outcome
