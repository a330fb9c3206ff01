"""What only the exam's trails record, beside the platform's ``app.platform.services.audit``:
views of a full ID number, the exports that carry them, the levels a review went past
(跳过), and the provenance of an auto-review decision (its DMN files' hashes and facts)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.models.applications import VIEW_ID_NUMBER, Application
from app.platform.models.audit import AuditEvent
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task
from app.platform.services import deployments
from app.platform.services.audit import VIEW_ATTEMPTS, record
from app.platform.services.engine import Step
from app.platform.services.errors import Conflict
from app.platform.services.transaction import committing
from handlers.audit_chain import application_chain
from handlers.exams.vocabulary import SKIP_ACTION, Queue
from handlers.routing import skip_note

EXPORT_ROSTER = "export_roster"


EXPORT_TICKETS = "export_tickets"


EXPORT_HISTORY = "export_history"
"""The exports that carry full ID numbers, each recorded by ``record_export``."""


AUTO_DMN_PREFIX = "auto_"


SUBMISSIONS = ("submit", "resubmit", "declare_exceptional")


def record_skips(session: Session, application: Application, step: Step) -> None:
    """One 跳过 event by the system per org the step went past because nobody could review
    there (跳过：主管单位无审核人员（org name）), after the event of the step itself."""
    for org in step.skipped:
        record(
            session,
            application,
            None,
            SKIP_ACTION,
            comment=f"{skip_note(org.level)}（{org.name}）",
            definition=step.definition,
            details={"skipped_org": org.code, "level": org.level},
        )


def record_id_view(session: Session, viewer: User, application: Application) -> None:
    """Someone other than the applicant was shown the full ID number: one event, committed
    at once. A page view must not fail because another event took the chain's next number a
    moment earlier, so a lost race is simply retried."""
    if viewer.id == application.applicant_id:
        return
    for attempt in range(VIEW_ATTEMPTS):
        try:
            with committing(session):
                record(session, application, viewer, VIEW_ID_NUMBER)
            return
        except Conflict:
            if attempt == VIEW_ATTEMPTS - 1:
                raise


def decision_details(
    session: Session, application: Application, definition: ProcessDefinition, task: Task
) -> dict[str, Any] | None:
    """For a decision the auto-review DMN tables prepared (the 自动审核 queue, or a task
    showing their results): the content hash of each auto_*.dmn file of the definition, the
    tables' results and the facts they were given. None for any other decision."""
    hashes = deployments.parsed(definition).file_hashes  # computed once per version, not per step
    dmn = {
        name: digest
        for name, digest in sorted(hashes.items())
        if name.startswith(AUTO_DMN_PREFIX) and name.endswith(".dmn")
    }
    ran = task.queue == Queue.AUTO or any(f"{key}.dmn" in dmn for key in task.context or {})
    if not ran:
        return None
    facts = _submitted_facts(session, application)
    return {"dmn": dmn, "results": dict(task.context or {}), "facts": facts}


def _submitted_facts(session: Session, application: Application) -> dict[str, Any] | None:
    """The facts of the latest submission, as recorded with it: what the process (and its
    DMN tables) decided on until the next submission."""
    details = session.scalars(
        select(AuditEvent.details)
        .where(
            AuditEvent.chain == application_chain(application.id),
            AuditEvent.action.in_(SUBMISSIONS),
        )
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    return (details or {}).get("facts")
