"""The background job queue: enqueue from any web worker, claim and run in the worker process
(``flask --app wsgi jobs-worker``, see app/cli.py), follow progress, download the result.

The queue is the ``jobs`` table. A worker claims the oldest queued job with ``SELECT ... FOR
UPDATE SKIP LOCKED`` on PostgreSQL, so several workers never take the same job; SQLite has
no row locks, so run one worker there. A job records ``done``/``total`` and a heartbeat as it
goes; one left ``running`` with a stale heartbeat (its worker died or was restarted) is queued
again when a worker starts.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.models import Job, User
from app.models.base import utcnow
from app.services import (
    exports,
    import_jobs,
    roster_pdf,
    spreadsheets,
    ticket_export,
    ticket_pdf,
    ticket_printing,
)
from app.services.errors import NotFound
from app.services.transaction import committing
from handlers import clock

log = logging.getLogger(__name__)

ROSTER_EXPORT = "roster_export"
TICKET_PRINT = "ticket_print"
TICKET_EXPORT = "ticket_export"
PROGRESS_EVERY = 500
TICKET_PROGRESS_EVERY = 10


@dataclass(frozen=True)
class JobConfig:
    """What running a job needs from the app's configuration (no Flask here)."""

    job_dir: Path
    pdf_font: Path
    pdf_font_index: int
    stale_seconds: int = 120
    upload_dir: Path | None = None

    @classmethod
    def from_config(cls, config: Any) -> JobConfig:
        return cls(
            Path(config["JOB_DIR"]),
            Path(config["PDF_FONT"]),
            config["PDF_FONT_INDEX"],
            config["JOB_STALE_SECONDS"],
            Path(config["UPLOAD_DIR"]),
        )


def enqueue(session: Session, user: User, kind: str, params: dict[str, Any]) -> Job:
    """Queue a job for ``user``; the worker runs it as them (their org scope)."""
    job = Job(kind=kind, params=params, state="queued", done=0, created_by_id=user.id)
    with committing(session):
        session.add(job)
    return job


def get_job(session: Session, user: User, job_id: int) -> Job:
    """A job of the caller's own: anyone else's does not exist for them (404)."""
    job = session.get(Job, job_id)
    if job is None or job.created_by_id != user.id:
        raise NotFound("任务不存在")
    return job


def result_file(session: Session, user: User, job_id: int, job_dir: Path) -> tuple[Path, str]:
    """The finished job's file and its download name (404 until it is done)."""
    job = get_job(session, user, job_id)
    path = job_dir / (job.result_path or "")
    if job.state != "done" or not job.result_path or not path.is_file():
        raise NotFound("导出文件尚未生成")
    return path, job.result_name or path.name


def requeue_stale(session: Session, stale_seconds: int) -> int:
    """Jobs left ``running`` by a worker that stopped: queued again from the start."""
    cutoff = utcnow() - timedelta(seconds=stale_seconds)
    with committing(session):
        result = session.execute(
            update(Job)
            .where(Job.state == "running", Job.heartbeat_at < cutoff)
            .values(state="queued", done=0, started_at=None, heartbeat_at=None)
        )
    return result.rowcount or 0


def claim(session: Session) -> Job | None:
    """Take the oldest queued job, or None. SKIP LOCKED lets concurrent workers each take a
    different job (PostgreSQL); SQLite ignores FOR UPDATE (one worker)."""
    with committing(session):
        job = session.scalars(
            select(Job)
            .where(Job.state == "queued")
            .order_by(Job.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        ).first()
        if job is not None:
            job.state = "running"
            job.started_at = job.heartbeat_at = utcnow()
    return job


def run(session: Session, job: Job, config: JobConfig) -> None:
    """Run one claimed job to ``done``, or record why it ``failed``: one bad job must not stop
    the worker, so any error ends up in the job's row (and the log)."""
    runner = RUNNERS.get(job.kind)
    try:
        if runner is None:
            raise ValueError(f"unknown job kind {job.kind}")
        runner(session, job, config)
    except Exception as exc:
        log.exception("job %s (%s) failed", job.id, job.kind)
        with committing(session):
            job.state, job.error, job.finished_at = "failed", str(exc)[:2000], utcnow()


def run_pending(session: Session, config: JobConfig) -> int:
    """Claim and run queued jobs until none is left; how many ran. The worker's interval job
    and the tests call this."""
    ran = 0
    while (job := claim(session)) is not None:
        run(session, job, config)
        ran += 1
    return ran


def _progress(session: Session, job: Job, done: int) -> None:
    with committing(session):
        job.done, job.heartbeat_at = done, utcnow()


def _finish(session: Session, job: Job, path: str, name: str) -> None:
    with committing(session):
        job.state, job.result_path, job.result_name = "done", path, name
        job.done, job.finished_at = job.total or 0, utcnow()


def _roster_export(session: Session, job: Job, config: JobConfig) -> None:
    """A roster / application query export too large for a request: as the page's own
    export, with the filters it had, run as the user who asked (scope and audit alike)."""
    user = session.get(User, job.created_by_id)
    params = job.params
    roster = exports.roster(session, user, params["filters"], params.get("ids"))
    cells = list(roster.rows())  # read now: the progress commits below expire the rows
    with committing(session):
        job.total = len(cells)
    config.job_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{roster.title}-{clock.format_date(roster.day)}"
    stored = f"{uuid.uuid4().hex}.{params['format']}"
    if params["format"] == "pdf":
        (config.job_dir / stored).write_bytes(
            roster_pdf.render(roster, config.pdf_font, config.pdf_font_index)
        )
    else:
        with (config.job_dir / stored).open("wb") as out:
            spreadsheets.write_xlsx(out, roster.title, roster.headers, _counted(session, job, cells))
    _finish(session, job, stored, f"{stem}.{params['format']}")


def _counted(session: Session, job: Job, rows: list[list[Any]]):
    """The rows, recording progress (and the heartbeat) every PROGRESS_EVERY of them."""
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            _progress(session, job, done)


def _ticket_print(session: Session, job: Job, config: JobConfig) -> None:
    """A ticket batch too large for a request (ticket_batches.py): checked again now (the
    window may have closed since it was queued), rendered with progress per ticket, then
    recorded as printed by the user who asked, as the inline print records it."""
    user = session.get(User, job.created_by_id)
    now = utcnow()
    tickets = ticket_printing.printable(session, user, job.params["application_ids"], now)
    printed = ticket_printing.with_photos(session, tickets, config.upload_dir)
    with committing(session):
        job.total = len(printed)

    def rendered(done: int) -> None:
        if done % TICKET_PROGRESS_EVERY == 0:
            _progress(session, job, done)

    body = ticket_pdf.render(printed, config.pdf_font, config.pdf_font_index, rendered)
    stored = _store(config, body, "pdf")
    ticket_printing.record_prints(session, user, tickets, now)
    _finish(session, job, stored, f"tickets-{len(printed)}.pdf")  # commits the prints too


def _ticket_export(session: Session, job: Job, config: JobConfig) -> None:
    """A 准考证 list export too large for a request, with the list's filters, as the user who
    asked (scope and audit alike)."""
    user = session.get(User, job.created_by_id)
    sheet = ticket_export.sheet(session, user, job.params["filters"])
    with committing(session):
        job.total = len(sheet.rows)
    stored = f"{uuid.uuid4().hex}.xlsx"
    config.job_dir.mkdir(parents=True, exist_ok=True)
    with (config.job_dir / stored).open("wb") as out:
        spreadsheets.write_xlsx(out, sheet.title, sheet.headers, _counted(session, job, sheet.rows))
    _finish(session, job, stored, sheet.file_name)


def _store(config: JobConfig, body: bytes, suffix: str) -> str:
    config.job_dir.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}.{suffix}"
    (config.job_dir / stored).write_bytes(body)
    return stored


RUNNERS: dict[str, Callable[[Session, Job, JobConfig], None]] = {
    ROSTER_EXPORT: _roster_export,
    **import_jobs.RUNNERS,
    TICKET_PRINT: _ticket_print,
    TICKET_EXPORT: _ticket_export,
}
