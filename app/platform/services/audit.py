"""Writing the audit trail. Recording never commits: the event joins the transaction of the
change it describes, and the only code that writes audit rows is ``_append`` (rows are never
updated or deleted; the migration's triggers refuse it in the database too).

Each event is appended to its chain (``app:<id>``, a case subject's own, or ``system``, see
handlers/audit_chain.py): the next ``seq`` after the chain's last record, that record's hash as
``prev_hash``, and its own hash over every stored field, computed here at record time. What
only the exam records (views of an ID number, the auto-review's provenance, skipped levels)
is in ``app.exams.services.audit``.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.platform.models.audit import AuditEvent
from app.platform.models.base import utcnow
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task
from app.platform.services.errors import Conflict
from app.platform.services.transaction import committing
from handlers.audit_chain import GENESIS, SYSTEM_CHAIN, application_chain, event_hash

SYSTEM_ACTOR = "系统"
"""actor_name of a system event no account caused (e.g. a deployment from the command line)."""
VIEW_ATTEMPTS = 3
"""Tries of an event committed at once (a view, an export) that lost the chain's next number."""


class HasStatus(Protocol):
    status: str


class Application(HasStatus, Protocol):
    """What the trail reads of the subject of an ``app:<id>`` chain: an exam application
    (the model is the exam's)."""

    id: int


def record(
    session: Session,
    application: Application,
    actor: User | None,
    action: str,
    *,
    comment: str | None = None,
    status_from: str | None = None,
    task: Task | None = None,
    definition: ProcessDefinition | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one event to the application's chain; ``status_to`` is the application's status
    now, ``definition`` the process version that took the decision (if a process did). No
    ``actor``: the system did it (``SYSTEM_ACTOR``)."""
    event = AuditEvent(
        application_id=application.id,
        comment=comment or None,
        status_from=status_from or application.status,
        status_to=application.status,
        task_id=task.id if task else None,
        task_name=task.name if task else None,
        task_spec_id=task.spec_id if task else None,
        definition_id=definition.id if definition else None,
        details=_plain_json(details),
    )
    return _append(session, application_chain(application.id), event, actor, action)


def record_system(
    session: Session,
    actor: User | None,
    action: str,
    *,
    subject: str,
    details: dict[str, Any] | None = None,
    comment: str | None = None,
) -> AuditEvent:
    """Add an event that concerns no application (``subject`` names what it is about, e.g.
    ``user:12``, ``deployment:3``, ``instance:7``) to the ``system`` chain."""
    event = AuditEvent(subject=subject, comment=comment or None, details=_plain_json(details))
    return _append(session, SYSTEM_CHAIN, event, actor, action)


def record_status(
    session: Session,
    chain: str,
    actor: User,
    action: str,
    subject: HasStatus,
    *,
    status_from: str | None = None,
    definition: ProcessDefinition | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """An event on a case subject's own chain (a plan, an expert application, a
    declaration) that names where the subject stands after it, and before it unless
    ``status_from`` says it moved."""
    return record_subject(
        session,
        chain,
        actor,
        action,
        status_from=status_from or subject.status,
        status_to=subject.status,
        definition=definition,
        details=details,
    )


def record_subject(
    session: Session,
    subject: str,
    actor: User,
    action: str,
    *,
    comment: str | None = None,
    status_from: str | None = None,
    status_to: str | None = None,
    task_name: str | None = None,
    task_spec_id: str | None = None,
    definition: ProcessDefinition | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an event to the chain of a subject that is not an exam application (``title:12``
    for a title declaration): each such subject has its own chain, named as the subject, so
    its trail verifies and exports on its own like an application's. ``task_id`` stays empty
    (it names exam tasks); the case task's id goes into ``details``."""
    event = AuditEvent(
        subject=subject,
        comment=comment or None,
        status_from=status_from,
        status_to=status_to,
        task_name=task_name,
        task_spec_id=task_spec_id,
        definition_id=definition.id if definition else None,
        details=_plain_json(details),
    )
    return _append(session, subject, event, actor, action)


def record_export(
    session: Session,
    user: User,
    action: str,
    filters: dict[str, Any],
    rows: int,
    extra: dict[str, Any] | None = None,
) -> None:
    """An export carrying full ID numbers (名册, 准考证 list, 历史报名数据) left the system:
    who (the actor), what (``action``, the filters it applied, how many rows, and ``extra``
    such as the applications listed), committed at once on the system chain. Like a view of
    an ID number, the file must not fail because another event took the chain's next number
    a moment earlier, so a lost race is retried."""
    details = {"filters": {k: v for k, v in filters.items() if v is not None}, "rows": rows}
    details |= extra or {}
    for attempt in range(VIEW_ATTEMPTS):
        try:
            with committing(session):
                record_system(
                    session, user, action, subject=f"org:{user.org.code}", details=details
                )
            return
        except Conflict:
            if attempt == VIEW_ATTEMPTS - 1:
                raise


def _append(
    session: Session, chain: str, event: AuditEvent, actor: User | None, action: str
) -> AuditEvent:
    event.actor_id = actor.id if actor else None
    event.actor_name = actor.name if actor else SYSTEM_ACTOR
    event.org_id = actor.org_id if actor else None
    event.org_name = actor.org.name if actor else None
    event.action = action
    seq, prev_hash = _head(session, chain)
    event.chain, event.seq, event.prev_hash = chain, seq + 1, prev_hash
    event.at = utcnow()
    event.hash = event_hash(event.hashed_fields())
    session.add(event)
    return event


def _head(session: Session, chain: str) -> tuple[int, str]:
    """(seq, hash) of the chain's last record: one added earlier in this transaction and not
    yet flushed, else the last one in the database; (0, GENESIS) for a new chain.

    On PostgreSQL, appenders to one chain take turns (a lock held until their transaction
    ends), so a page view does not make a concurrent review decision lose its number; the
    unique (chain, seq) key remains the guarantee. The lock and the head are one statement,
    ``audit_chain_head`` (app/platform/models/audit.py), which reads the head after the lock is
    granted. SQLite already has a single writer. The step's changes are flushed first (the
    statement autoflushes), so a step takes its row locks before the chain's lock, as every
    writer does.
    """
    pending = [e for e in session.new if isinstance(e, AuditEvent) and e.chain == chain]
    if pending:  # an earlier event of this transaction holds the lock already
        last = max(pending, key=lambda e: e.seq)
        return last.seq, last.hash
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(
            text("SELECT head_seq AS seq, head_hash AS hash FROM audit_chain_head(:chain)"),
            {"chain": chain},
        ).one()
        return (row.seq, row.hash) if row.seq is not None else (0, GENESIS)
    latest = session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.chain == chain)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    return (latest.seq, latest.hash) if latest else (0, GENESIS)


def _plain_json(details: dict[str, Any] | None) -> dict[str, Any] | None:
    """Details exactly as they will read back from the JSON column (tuples become lists,
    keys strings), so the hash computed now is the hash of what is stored."""
    return None if details is None else json.loads(json.dumps(details, ensure_ascii=False))
