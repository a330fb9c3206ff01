"""Background jobs: follow one's progress and download its file (the job's owner only)."""

from __future__ import annotations

from flask import Response, current_app

from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.downloads import job_file_response
from app.platform.models.jobs import Job
from app.platform.schemas.jobs import JobOut
from app.platform.services import jobs
from app.platform.services.spreadsheets import XLSX

blp = Blueprint("api_jobs", __name__, description="后台任务")

FILE = {
    "200": {
        "description": "The job's file (Excel or PDF)",
        "content": {
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@blp.get("/jobs/<id:job_id>")
@blp.response(200, JobOut)
def detail(job_id: int) -> Job:
    """State and progress (done of total) of a job I started; poll until done or failed."""
    return jobs.get_job(db.session(), current_api_user(), job_id)


@blp.get("/jobs/<id:job_id>/download")
@blp.doc(responses=FILE)
def download(job_id: int) -> Response:
    """The finished job's file; 404 for anyone but the job's owner, or before it is done."""
    path, name = jobs.result_file(
        db.session(), current_api_user(), job_id, current_app.config["JOB_DIR"]
    )
    return job_file_response(path, name)
