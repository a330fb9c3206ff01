"""Append-only history of everything that happened to an application."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow
from handlers.vocabulary import AUDIT_LABELS


class AuditEvent(db.Model):
    """One event. Names are copied (actor, org, task) so history reads the same after renames."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
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

    @property
    def action_label(self) -> str:
        return AUDIT_LABELS.get(self.action, self.action)
