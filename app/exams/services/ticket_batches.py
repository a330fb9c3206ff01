"""批量打印 and 导出Excel of the 准考证 list, in the request or as a background job: the one
place that decides which, so the API and the pages answer alike.

A print batch of more than ``inline_limit`` tickets (TICKET_INLINE_BATCH) and an export of
more than EXPORT_JOB_THRESHOLD rows go to the job queue. A batch is checked before it is
queued (visibility and printing window: a refused batch creates no job) and again when the
job runs (jobs._ticket_print).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.exams.services import export_jobs, ticket_export, ticket_printing, tickets
from app.exams.services.ticket_export import TicketSheet
from app.exams.services.ticket_printing import PrintedTicket
from app.platform.models.base import utcnow
from app.platform.models.jobs import Job
from app.platform.models.users import User
from app.platform.services import jobs


def print_or_queue(
    session: Session,
    user: User,
    application_ids: Iterable[int],
    photo_dir: Path,
    inline_limit: int,
) -> list[PrintedTicket] | Job:
    """The printed tickets, or for a large batch the queued job that will print them."""
    ids = list(dict.fromkeys(application_ids))
    if len(ids) <= inline_limit:
        return ticket_printing.print_tickets(session, user, ids, photo_dir)
    ticket_printing.printable(session, user, ids, utcnow())
    return jobs.enqueue(session, user, export_jobs.TICKET_PRINT, {"application_ids": ids})


def export_or_queue(
    session: Session, user: User, filters: dict[str, Any], inline_limit: int
) -> TicketSheet | Job:
    """The list's export with its filters (its season fixed now, for a job too), or for a
    large one the queued job making it."""
    filters = tickets.season_filters(session, filters)
    kept = {k: filters.get(k) for k in ticket_export.FILTER_KEYS}
    if ticket_export.export_size(session, user, kept) > inline_limit:
        return jobs.enqueue(session, user, export_jobs.TICKET_EXPORT, {"filters": kept})
    return ticket_export.sheet(session, user, kept)
