"""Append-only, hash-chained history: everything that happened to an application, and the
system events (deployments, account changes) that concern no application.

Rows are only ever inserted (``app.platform.services.audit``); the migration adds triggers
refusing UPDATE and DELETE. ``handlers/audit_chain.py`` says how ``chain``, ``seq``,
``prev_hash`` and ``hash`` are computed and verified.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, ForeignKey, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import JSONType, utcnow
from app.platform.models.workflow import ProcessDefinition
from handlers.audit_chain import HASHED_FIELDS
from handlers.lexicon import AUDIT_LABELS


class AuditEvent(Model):
    """One event. Names are copied (actor, org, task) so history reads the same after renames."""

    __tablename__ = "audit_events"
    # Two transactions appending to one chain cannot both take the next number: the loser's
    # flush fails on this key and the command answers 409 instead of forking the chain.
    __table_args__ = (UniqueConstraint("chain", "seq", name="uq_audit_events_chain_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    org_name: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(Text)
    status_from: Mapped[str | None] = mapped_column(String(20))
    status_to: Mapped[str | None] = mapped_column(String(20))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    task_name: Mapped[str | None] = mapped_column(String(64))
    task_spec_id: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    definition_id: Mapped[int | None] = mapped_column(ForeignKey("process_definitions.id"))

    definition: Mapped[ProcessDefinition | None] = relationship()

    @property
    def action_label(self) -> str:
        return AUDIT_LABELS.get(self.action, self.action)

    def hashed_fields(self) -> dict[str, Any]:
        """The stored fields the chain hash covers (handlers.audit_chain.HASHED_FIELDS)."""
        return {name: getattr(self, name) for name in HASHED_FIELDS}

    @property
    def definition_label(self) -> str | None:
        """流程版本 as people read it (v3), None for an event no process decided."""
        return self.definition.label if self.definition is not None else None


CHAIN_HEAD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_chain_head(p_chain text, OUT head_seq integer, OUT head_hash text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(p_chain));
    SELECT seq, hash INTO head_seq, head_hash
    FROM audit_events WHERE chain = p_chain ORDER BY seq DESC LIMIT 1;
END
$$
"""
"""PostgreSQL: take the chain's append lock, then read its head, in one round trip. Inside a
VOLATILE function each query takes a fresh snapshot, so the head is read after the lock is
granted (one SELECT that took the lock and read the head would read it as of before the
wait, and a waiter would then lose its number). Migration a3c9e5f7b1d2 creates it; so does
create_all (tests, the bench seeds), here."""

event.listen(
    AuditEvent.__table__,
    "after_create",
    DDL(CHAIN_HEAD_FUNCTION).execute_if(dialect="postgresql"),
)
