"""The background job runner (issue 9, item 8): a large export becomes a queued job, the worker
(in process through run_pending, and the real ``flask jobs-worker`` command) runs it with
progress up to its total, only its owner may follow and download it, and a job a stopped
worker left running is queued again. On both databases.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import Job
from app.platform.models.base import utcnow
from app.platform.services import jobs
from tests.integration.exporting import add_approved, xlsx_rows
from tests.integration.helpers import COUNTY, UNIT

ROOT = Path(__file__).resolve().parents[2]
OTHER_COUNTY = "410122"
pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture()
def small_threshold(app, monkeypatch):
    """Exports above 3 rows become jobs; progress is recorded every 2 rows."""
    monkeypatch.setitem(app.config, "EXPORT_JOB_THRESHOLD", 3)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 2)


def queue_export(api, query: str = "roster=final") -> dict:
    response = api.get(f"/api/applications/export?{query}", as_=COUNTY)
    assert response.status_code == 202, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["state"] == "queued" and response.headers["Location"] == f"/api/jobs/{body['id']}"
    return body


def test_a_large_export_is_a_job_the_worker_runs(app, api, small_threshold):
    add_approved(5)
    add_approved(2, org_code="410122001", name="外县")
    queued = queue_export(api)
    assert api.get(f"/api/jobs/{queued['id']}/download", as_=COUNTY).status_code == 404
    assert jobs.run_pending(db.session, jobs.JobConfig.from_config(app.config)) == 1
    done = api.get(f"/api/jobs/{queued['id']}", as_=COUNTY).get_json()
    assert done["state"] == "done" and done["done"] == done["total"] == 5
    assert done["download_url"] == f"/api/jobs/{queued['id']}/download"
    download = api.get(done["download_url"], as_=COUNTY)
    assert download.status_code == 200
    assert sorted(r[1] for r in xlsx_rows(download.data)[1:]) == [f"名册人员{i}" for i in range(5)]
    for other in (OTHER_COUNTY, UNIT, "410100"):  # nobody but the owner, not even above it
        assert api.get(f"/api/jobs/{queued['id']}", as_=other).status_code == 404
        assert api.get(done["download_url"], as_=other).status_code == 404


def test_small_exports_stay_immediate(api, small_threshold):
    add_approved(3)
    response = api.get("/api/applications/export?roster=final", as_=COUNTY)
    assert response.status_code == 200 and len(xlsx_rows(response.data)) == 4
    assert db.session.scalar(select(Job.id)) is None


def test_a_failing_job_is_recorded_and_the_queue_goes_on(app, api, small_threshold):
    add_approved(4)
    first = queue_export(api, "roster=final&format=pdf")
    second = queue_export(api)
    missing = {**app.config, "PDF_FONT": Path("/nonexistent/font.ttc")}
    assert jobs.run_pending(db.session, jobs.JobConfig.from_config(missing)) == 2
    failed = api.get(f"/api/jobs/{first['id']}", as_=COUNTY).get_json()
    assert failed["state"] == "failed" and "字体" in failed["error"]
    assert api.get(f"/api/jobs/{second['id']}", as_=COUNTY).get_json()["state"] == "done"


def test_a_job_left_running_is_queued_again(app, api, small_threshold):
    add_approved(4)
    queued = queue_export(api)
    claimed = jobs.claim(db.session)
    assert claimed is not None and claimed.id == queued["id"] and jobs.claim(db.session) is None
    assert jobs.requeue_stale(db.session, 60) == 0  # its worker is alive (fresh heartbeat)
    db.session.execute(
        update(Job).values(heartbeat_at=utcnow() - timedelta(minutes=10))
    )
    db.session.commit()
    assert jobs.requeue_stale(db.session, 60) == 1
    assert jobs.run_pending(db.session, jobs.JobConfig.from_config(app.config)) == 1
    assert api.get(f"/api/jobs/{queued['id']}", as_=COUNTY).get_json()["state"] == "done"


def test_the_page_shows_progress_and_the_download(app, client, small_threshold):
    add_approved(4)
    client.post("/login", data={"username": COUNTY, "password": "Demo@2026"})
    response = client.get("/applications/export?roster=final&format=xlsx")
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "导出进度" in page and "<progress" in page and "data-job-status" in page
    job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert client.get(f"/jobs/{job_id}/status").get_json()["state"] == "queued"
    jobs.run_pending(db.session, jobs.JobConfig.from_config(app.config))
    status = client.get(f"/jobs/{job_id}/status").get_json()
    assert status["state"] == "done" and status["download_url"] == f"/jobs/{job_id}/download"
    assert client.get(status["download_url"]).status_code == 200


def test_the_worker_command_runs_a_queued_job(app, api, small_threshold, tmp_path):
    add_approved(4)
    queued = queue_export(api)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOB_DIR": str(app.config["JOB_DIR"]),
        "UPLOAD_DIR": str(tmp_path / "up"),
        "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        "JOB_POLL_SECONDS": "0.5",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "jobs-worker"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        state = "queued"
        while state in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.5)
            state = api.get(f"/api/jobs/{queued['id']}", as_=COUNTY).get_json()["state"]
        assert state == "done"
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "jobs worker started" in output
    download = api.get(f"/api/jobs/{queued['id']}/download", as_=COUNTY)
    assert len(xlsx_rows(download.data)) == 5
