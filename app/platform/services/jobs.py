"""The background job queue: enqueue from any web worker, claim and run in the worker process
(``flask --app wsgi jobs-worker``, see app/platform/cli.py), follow progress, download the
result. What a job of each kind does is its product's: the runners the products registered
(``app.platform.registry``), handed in with the ``JobConfig``.

The queue is the ``jobs`` table. A worker claims the oldest queued job with ``SELECT ... FOR
UPDATE SKIP LOCKED`` on PostgreSQL, so several workers never take the same job; SQLite has
no row locks, so run one worker there. A job records ``done``/``total`` and a heartbeat as it
goes; one left ``running`` with a stale heartbeat (its worker died or was restarted) is queued
again when a worker starts.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from app.platform.models.base import utcnow
from app.platform.models.jobs import Job
from app.platform.models.users import User
from app.platform.services.errors import NotFound
from app.platform.services.transaction import committing

log = logging.getLogger(__name__)

PROGRESS_EVERY = 500


@dataclass(frozen=True)
class JobConfig:
    """What running a job needs from the app's configuration (no Flask here): where files
    go, the PDF font, and the runner of each job kind, which ``create_app`` puts into the
    configuration (``JOB_RUNNERS``) from what the products registered."""

    job_dir: Path
    pdf_font: Path
    pdf_font_index: int
    stale_seconds: int = 120
    upload_dir: Path | None = None
    runners: Mapping[str, Runner] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: Any) -> JobConfig:
        return cls(
            Path(config["JOB_DIR"]),
            Path(config["PDF_FONT"]),
            config["PDF_FONT_INDEX"],
            config["JOB_STALE_SECONDS"],
            Path(config["UPLOAD_DIR"]),
            config.get("JOB_RUNNERS", {}),
        )


Runner = Callable[[Session, Job, JobConfig], None]
"""What runs one claimed job of a kind to its end (``finish``), as the user who queued it."""


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
        requeue = (
            update(Job)
            .where(Job.state == "running", Job.heartbeat_at < cutoff)
            .values(state="queued", done=0, started_at=None, heartbeat_at=None)
        )
        # an UPDATE's result is a CursorResult (rowcount); Session.execute's types say Result
        result = cast("CursorResult[*tuple[Any, ...]]", session.execute(requeue))
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
    runner = config.runners.get(job.kind)
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


def record_progress(session: Session, job: Job, done: int) -> None:
    """How far the job has got, with the heartbeat that tells a live job from a stale one."""
    with committing(session):
        job.done, job.heartbeat_at = done, utcnow()


def finish(session: Session, job: Job, path: str, name: str) -> None:
    """The job done: its file (under JOB_DIR) and the name it downloads as."""
    with committing(session):
        job.state, job.result_path, job.result_name = "done", path, name
        job.done, job.finished_at = job.total or 0, utcnow()


def counted(session: Session, job: Job, rows: list[list[Any]]) -> Iterator[list[Any]]:
    """The rows, recording progress (and the heartbeat) every PROGRESS_EVERY of them."""
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            record_progress(session, job, done)


def store_result(config: JobConfig, body: bytes, suffix: str) -> str:
    """Keep a job's file under JOB_DIR by a random name; the name ``finish`` records."""
    config.job_dir.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}.{suffix}"
    (config.job_dir / stored).write_bytes(body)
    return stored
