"""Incidents: instances stuck by an engine error, so policy staff and auditors see them the
moment a step fails, not only when a task has waited N days.

A failed step writes nothing (its transaction rolls back), so its incident is recorded
afterwards in a transaction of its own (``app.platform.services.incident_log``); governance
lists and retries them (``app.governance.services.incidents``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import utcnow
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition, Task, WorkflowInstance


class Incident(Model):
    """One element of one instance failing, in one state of that instance (its optimistic
    ``version`` when it failed): the same failure again only counts, so two reviewers
    failing at once meet on the unique key and add up. Open while the instance stands where
    it failed; any step that moves it (a retry, another decision, a migration) bumps its
    version and so closes the incident. ``task``, ``actor``, ``action`` and ``comment`` are
    the decision that failed, which a retry after a redeploy runs again."""

    __tablename__ = "incidents"
    __table_args__ = (UniqueConstraint("instance_id", "instance_version", "element_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("workflow_instances.id"), index=True)
    instance_version: Mapped[int]
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    element_id: Mapped[str] = mapped_column(String(64))
    element_name: Mapped[str] = mapped_column(String(128))
    message: Mapped[str] = mapped_column(Text)
    count: Mapped[int] = mapped_column(default=1)
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    retried_by_name: Mapped[str | None] = mapped_column(String(64))
    retried_at: Mapped[datetime | None]

    instance: Mapped[WorkflowInstance] = relationship()
    application: Mapped[Any] = relationship("Application")  # the exam's model (by name)
    definition: Mapped[ProcessDefinition] = relationship()
    task: Mapped[Task | None] = relationship()
    actor: Mapped[User | None] = relationship()

    @property
    def open(self) -> bool:
        """The instance has not moved since it failed here."""
        return not self.instance.completed and self.instance.version == self.instance_version
