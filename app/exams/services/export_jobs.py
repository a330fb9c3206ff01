"""The exam's background job kinds besides imports: a roster or application query export,
a ticket batch to print, the 准考证 list export, each too large for a request (the page or
the API queues it; the worker runs it as the user who asked). ``RUNNERS`` is what the exam
registers with the job queue (``app.platform.services.jobs``)."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from app.exams.services import exports, roster_pdf, ticket_export, ticket_pdf, ticket_printing
from app.platform.models.base import utcnow
from app.platform.models.jobs import Job
from app.platform.models.users import User
from app.platform.services import spreadsheets
from app.platform.services.errors import Forbidden
from app.platform.services.jobs import (
    JobConfig,
    Runner,
    counted,
    finish,
    record_progress,
    store_result,
)
from app.platform.services.transaction import committing
from handlers import clock

ROSTER_EXPORT = "roster_export"
TICKET_PRINT = "ticket_print"
TICKET_EXPORT = "ticket_export"
TICKET_PROGRESS_EVERY = 10


def _requester(session: Session, job: Job) -> User:
    """The user who queued ``job``, if they still may act: a job runs as them, and an
    account disabled (or removed) since then runs nothing, as an import does
    (``app.platform.services.imports.run``)."""
    user = session.get(User, job.created_by_id)
    if user is None or not user.is_active:
        raise Forbidden("发起人的账号已停用，任务未执行")
    return user


def _roster_export(session: Session, job: Job, config: JobConfig) -> None:
    """A roster / application query export too large for a request: as the page's own
    export, with the filters it had, run as the user who asked (scope and audit alike)."""
    user = _requester(session, job)
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
            spreadsheets.write_xlsx(out, roster.title, roster.headers, counted(session, job, cells))
    finish(session, job, stored, f"{stem}.{params['format']}")


def _ticket_print(session: Session, job: Job, config: JobConfig) -> None:
    """A ticket batch too large for a request (ticket_batches.py): checked again now (the
    window may have closed since it was queued), rendered with progress per ticket, then
    recorded as printed by the user who asked, as the inline print records it."""
    user = _requester(session, job)
    now = utcnow()
    tickets = ticket_printing.printable(session, user, job.params["application_ids"], now)
    printed = ticket_printing.with_photos(session, tickets, config.upload_dir)
    with committing(session):
        job.total = len(printed)

    def rendered(done: int) -> None:
        if done % TICKET_PROGRESS_EVERY == 0:
            record_progress(session, job, done)

    body = ticket_pdf.render(printed, config.pdf_font, config.pdf_font_index, rendered)
    stored = store_result(config, body, "pdf")
    ticket_printing.record_prints(session, user, tickets, now)
    finish(session, job, stored, f"tickets-{len(printed)}.pdf")  # commits the prints too


def _ticket_export(session: Session, job: Job, config: JobConfig) -> None:
    """A 准考证 list export too large for a request, with the list's filters, as the user who
    asked (scope and audit alike)."""
    user = _requester(session, job)
    sheet = ticket_export.sheet(session, user, job.params["filters"])
    with committing(session):
        job.total = len(sheet.rows)
    stored = f"{uuid.uuid4().hex}.xlsx"
    config.job_dir.mkdir(parents=True, exist_ok=True)
    with (config.job_dir / stored).open("wb") as out:
        spreadsheets.write_xlsx(out, sheet.title, sheet.headers, counted(session, job, sheet.rows))
    finish(session, job, stored, sheet.file_name)


RUNNERS: dict[str, Runner] = {
    ROSTER_EXPORT: _roster_export,
    TICKET_PRINT: _ticket_print,
    TICKET_EXPORT: _ticket_export,
}
