"""The audit trail's hash chain, as pure functions anyone can re-run outside the service.

Every audit record belongs to one chain: ``app:<id>`` for everything about one application,
``system`` for the rest (deployments, password resets, account approvals). Within a chain the
records are numbered 1, 2, 3, ... (``seq``) and each carries the hash of the one before
(``prev_hash``; the first carries GENESIS), so changing, removing or inserting a record breaks
the chain at that point. Per-application chains keep appenders of different applications
independent (no global hot spot) and let one application's export verify on its own.

A record's hash is SHA-256 over the canonical JSON (sorted keys, no spaces, UTF-8) of every
stored field except ``id`` and ``hash`` itself, with ``at`` as an ISO 8601 text with
microseconds. ``id`` is left out on purpose: it is the database's, not the event's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

GENESIS = "0" * 64
"""``prev_hash`` of the first record of every chain."""

SYSTEM_CHAIN = "system"

HASHED_FIELDS = (
    "chain",
    "seq",
    "prev_hash",
    "at",
    "actor_id",
    "actor_name",
    "org_id",
    "org_name",
    "action",
    "comment",
    "status_from",
    "status_to",
    "task_id",
    "task_name",
    "task_spec_id",
    "subject",
    "details",
    "definition_id",
    "application_id",
)


class Break(NamedTuple):
    """Where a chain stops verifying, and why."""

    chain: str
    seq: int
    reason: str


def application_chain(application_id: int) -> str:
    return f"app:{application_id}"


def at_text(at: datetime | str) -> str:
    """The timestamp as hashed: ISO 8601 with microseconds (``2026-11-23T08:15:02.000417``)."""
    return at.isoformat(timespec="microseconds") if isinstance(at, datetime) else at


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes that are hashed: exactly HASHED_FIELDS (missing ones count as null)."""
    document = {name: fields.get(name) for name in HASHED_FIELDS}
    document["at"] = at_text(document["at"]) if document["at"] is not None else None
    return json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode()


def event_hash(fields: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of one record's canonical JSON."""
    return hashlib.sha256(canonical(fields)).hexdigest()


def first_break(events: Iterable[Mapping[str, Any]]) -> Break | None:
    """The first record, chain by chain (chains in name order, records by ``seq``), that does
    not verify: its stored hash differs from the hash of its fields, its ``prev_hash`` is not
    the previous record's hash, or its ``seq`` is not the next number (a record missing or
    duplicated). None when every chain is intact.
    """
    chains: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        chains.setdefault(event["chain"], []).append(event)
    for chain in sorted(chains):
        found = _chain_break(chain, sorted(chains[chain], key=lambda e: e["seq"]))
        if found:
            return found
    return None


def _chain_break(chain: str, events: list[Mapping[str, Any]]) -> Break | None:
    previous = GENESIS
    for expected, event in enumerate(events, start=1):
        seq = event["seq"]
        if seq != expected:
            return Break(chain, seq, f"sequence gap: expected seq {expected}, found {seq}")
        if event["prev_hash"] != previous:
            return Break(chain, seq, "broken link: prev_hash is not the previous record's hash")
        if event_hash(event) != event["hash"]:
            return Break(chain, seq, "hash mismatch: the record's fields were changed")
        previous = event["hash"]
    return None
