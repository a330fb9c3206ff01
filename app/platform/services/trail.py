"""Reading the audit trail back: verify the chains in the database (``flask audit-verify``)
or an exported one, and an event as an export holds it (every hashed field). Exporting one
application's chain is the exam's (``app.exams.services.trail``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.platform.models.audit import AuditEvent
from handlers.audit_chain import (
    Break,
    at_text,
    first_break,
)

HOW_TO_VERIFY = (
    "Each event's hash is SHA-256 (hex) over the UTF-8 JSON of the fields listed in "
    "'hashed_fields' (keys sorted, separators ',' and ':', non-ASCII kept as is, 'at' as in "
    "this file). Events are numbered 1, 2, ... by 'seq'; event 1 has prev_hash = 64 zeros and "
    "every other event's prev_hash is the previous event's hash. Recompute with "
    "handlers/audit_chain.py (first_break) or `flask --app wsgi audit-verify --file <this file>`."
)


@dataclass(frozen=True)
class Verification:
    """What audit-verify found: how much it walked and the first record that breaks."""

    chains: int
    records: int
    broken: Break | None
    broken_id: int | None


def verify(session: Session, chain: str | None = None) -> Verification:
    """Walk every chain (or one) in the database with the pure checker."""
    query = select(AuditEvent).order_by(AuditEvent.chain, AuditEvent.seq)
    if chain is not None:
        query = query.where(AuditEvent.chain == chain)
    rows = {(e.chain, e.seq): e for e in session.scalars(query)}
    broken = first_break(_stored(e) for e in rows.values())
    found = rows.get((broken.chain, broken.seq)) if broken else None
    chains = len({key[0] for key in rows})
    return Verification(chains, len(rows), broken, found.id if found else None)


def verify_document(document: dict[str, Any]) -> Verification:
    """Verify an exported trail (``export``'s JSON) without the database."""
    events = document.get("events") or []
    broken = first_break(events)
    found = next(
        (e.get("id") for e in events if broken and (e["chain"], e["seq"]) == broken[:2]), None
    )
    return Verification(len({e["chain"] for e in events}), len(events), broken, found)


def event_document(event: AuditEvent) -> dict[str, Any]:
    """Every hashed field exactly as hashed, plus id, hash and readable labels (not hashed)."""
    return {
        "id": event.id,
        **_stored(event),
        "action_label": event.action_label,
        "definition_label": event.definition_label,
    }


def _stored(event: AuditEvent) -> dict[str, Any]:
    fields = event.hashed_fields()
    return {**fields, "at": at_text(fields["at"]), "hash": event.hash}


def describe(verification: Verification) -> Iterable[str]:
    """Lines audit-verify prints."""
    yield f"{verification.chains} chains, {verification.records} records checked"
    broken = verification.broken
    if broken is None:
        yield "audit trail intact"
        return
    yield (
        f"BROKEN at record id={verification.broken_id} chain={broken.chain} "
        f"seq={broken.seq}: {broken.reason}"
    )
