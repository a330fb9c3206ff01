"""Response schema of a background job as its owner follows it."""

from __future__ import annotations

from marshmallow import Schema, fields

from app.platform.schemas.common import Timestamp


class JobOut(Schema):
    """A background job as its owner follows it: state, progress and, once done, where to
    download its file."""

    id = fields.Integer()
    kind = fields.String()
    state = fields.String(metadata={"description": "queued | running | done | failed"})
    state_label = fields.String()
    done = fields.Integer()
    total = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True)
    result = fields.Dict(
        allow_none=True,
        metadata={
            "description": "an import job's report once done: created, updated, total and "
            "errors as [row, reason] pairs (row = spreadsheet row number)"
        },
    )
    created_at = Timestamp()
    finished_at = Timestamp(allow_none=True)
    download_url = fields.Function(  # an export's file; an import has none
        lambda job: (
            f"/api/jobs/{job.id}/download" if job.state == "done" and job.result_path else None
        ),
        allow_none=True,
    )
