"""Spreadsheet imports, in the request or as a background job: one path for every importer a
product defines (the exam's 往年合格库, 历史报名数据, 工种目录, 应考人员名单).

A request checks everything it can answer at once: who may import, the file's type and its
header (a bad file is a 422 naming ``file`` right away, and no job is made). A file of at most
IMPORT_INLINE_ROWS data rows is imported there and then, as before; a larger one is saved
under JOB_DIR and queued as a job of the importer's kind. The worker runs it as the user who
uploaded it, checking their rights again (they may have changed while it waited), reports
progress, keeps the import's report in ``job.result`` and deletes the upload.

A product registers each importer's job kind with ``runner(importer)`` (``app.platform.registry``):
the queue (``jobs.py``) knows nothing of imports.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import update
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from app.platform.models.base import utcnow
from app.platform.models.jobs import Job
from app.platform.models.users import User
from app.platform.services.errors import Forbidden, Invalid
from app.platform.services.jobs import JobConfig, Runner
from app.platform.services.spreadsheets import SpreadsheetError, read_table
from app.platform.services.transaction import committing

Progress = Callable[[int, int], None]
Table = list[list[str]]


class Report(Protocol):
    """What every import reports (ImportReport, TradeImportReport)."""

    created: int
    updated: int
    errors: list[tuple[int, str]]


@dataclass(frozen=True)
class Importer:
    """One kind of import: who may run it, how its file is read and its header checked (both
    raise Invalid on ``file``), and the import itself (params: what the form added, e.g. the
    roster's year)."""

    kind: str
    require: Callable[[User], None]
    read: Callable[[bytes, str], Table]
    run: Callable[[Session, User, Table, dict[str, Any], Progress | None], Report]


def spreadsheet_reader(check: Callable[[Table], object]) -> Callable[[bytes, str], Table]:
    """A .csv/.xlsx reader that also checks the header with ``check``."""

    def read(data: bytes, filename: str) -> Table:
        try:
            table = read_table(io.BytesIO(data), filename)
        except SpreadsheetError as exc:
            raise Invalid(str(exc), {"file": str(exc)}) from exc
        check(table)
        return table

    return read


def submit(
    session: Session,
    user: User,
    importer: Importer,
    upload: object,
    *,
    inline_rows: int,
    job_dir: Path,
    params: dict[str, Any] | None = None,
) -> Report | Job:
    """Import ``upload`` now (at most ``inline_rows`` data rows: the report) or queue it (the
    job). Permission, file type and header are checked first either way."""
    importer.require(user)
    if not isinstance(upload, FileStorage) or not upload.filename:
        raise Invalid("请上传 .csv 或 .xlsx 文件", {"file": "请上传 .csv 或 .xlsx 文件"})
    data, filename = upload.read(), upload.filename
    table = importer.read(data, filename)
    params = params or {}
    if len(table) - 1 <= inline_rows:
        return importer.run(session, user, table, params, None)
    job_dir.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    (job_dir / stored).write_bytes(data)
    job = Job(
        kind=importer.kind,
        params={**params, "file": stored, "filename": filename[-128:]},
        state="queued",
        done=0,
        total=len(table) - 1,
        created_by_id=user.id,
    )
    with committing(session):
        session.add(job)
    return job


def runner(importer: Importer) -> Runner:
    """The job runner of ``importer``'s kind."""

    def run_job(session: Session, job: Job, config: JobConfig) -> None:
        run(session, importer, job, config)

    return run_job


def run(session: Session, importer: Importer, job: Job, config: JobConfig) -> None:
    """The worker's side: the import as the uploader, if they still may; the upload is
    deleted whatever happens (it holds ID numbers)."""
    path = config.job_dir / Path(job.params["file"]).name  # never outside JOB_DIR
    try:
        user = session.get(User, job.created_by_id)
        if user is None or not user.is_active:
            raise Forbidden("导入人的账号已停用，导入未执行")
        importer.require(user)
        table = importer.read(path.read_bytes(), job.params["filename"])
        report = importer.run(session, user, table, job.params, _recorder(session, job.id))
        with committing(session):
            job.state, job.result, job.finished_at = "done", as_result(report), utcnow()
            job.done = job.total = len(table) - 1
    finally:
        path.unlink(missing_ok=True)


def as_result(report: Report) -> dict[str, Any]:
    """The report as ``job.result`` keeps it (JSON)."""
    return {
        "created": report.created,
        "updated": report.updated,
        "total": getattr(report, "total", None),
        "errors": [[row, reason] for row, reason in report.errors],
    }


def _recorder(session: Session, job_id: int) -> Progress | None:
    """Progress and heartbeat, committed on a connection of their own so the page sees them
    while the import's one transaction is still open. Not on SQLite: the import holds its
    only write lock, a second writer would wait for it (the job then shows its total at
    the end)."""
    engine = session.get_bind()
    if engine.dialect.name == "sqlite":
        return None

    def record(done: int, total: int) -> None:
        with Session(engine) as side, committing(side):
            side.execute(
                update(Job).where(Job.id == job_id).values(done=done, heartbeat_at=utcnow())
            )

    return record
