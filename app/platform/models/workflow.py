"""Engine persistence: definition versions, instance state and the materialised task table.

The instances and task rows here are those of the exam bridge (``app.exams.services.engine``):
each names its application (``application_id``, today's schema). The platform names the
application's class only as a string (``relationship("Application")``, resolved when the
mappers configure, once every product's models are imported): it imports no product.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import JSONType, utcnow, vacuum_often
from app.platform.models.deployments import Deployment
from app.platform.models.tasks import ReviewTaskMixin


class ProcessDefinition(Model):
    """One version of one process: its source files, stored once, keyed by content hash.
    ``number`` counts the versions of one process (v1, v2, ...) and ``deployment_id`` names
    the deployment that first produced it (both empty on rows older than deployments).
    """

    __tablename__ = "process_definitions"
    __table_args__ = (
        UniqueConstraint("process_id", "version"),
        UniqueConstraint("process_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    # Deferred: a step needs only ``version`` (the parsed spec is cached by it); the ~114 KB
    # of files are read when a version is first parsed or shown.
    sources: Mapped[dict[str, str]] = mapped_column(JSONType, deferred=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    number: Mapped[int | None]
    deployment_id: Mapped[int | None] = mapped_column(ForeignKey("deployments.id"))

    deployment: Mapped[Deployment | None] = relationship()

    @property
    def label(self) -> str:
        """The version as people read it (v3); rows older than per-process numbering show the
        start of their content hash."""
        return f"v{self.number}" if self.number else self.version[:8]


class InstanceMixin:
    """One process instance's serialized engine state (spec kept out), whichever kind of case
    it runs for. ``version`` is the optimistic lock: a step updates the row only where the
    version it read is still current, so of two concurrent steps the second fails at flush
    (409).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    state: Mapped[dict[str, Any]] = mapped_column(JSONType)
    version: Mapped[int] = mapped_column(default=1)
    completed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    @declared_attr
    def definition(cls: type[InstanceMixin]) -> Mapped[ProcessDefinition]:
        return relationship(ProcessDefinition)

    @declared_attr.directive
    def __mapper_args__(cls: type[InstanceMixin]) -> dict[str, Any]:
        # The table exists once the subclass is mapped; the mixin has no ``__table__`` to type.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class WorkflowInstance(InstanceMixin, Model):
    """An exam application's instance (``InstanceMixin``): the main review process or a side
    one (deferred materials, re-review)."""

    __tablename__ = "workflow_instances"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    # Sub-processes of completed call activities, moved out of ``state`` (which a step reads
    # and writes whole) once they finish; deferred, read only by views of the whole history.
    finished_subprocesses: Mapped[dict[str, Any] | None] = mapped_column(JSONType, deferred=True)


class Task(ReviewTaskMixin, Model):
    """An exam application's user task (``ReviewTaskMixin``): waits at an org or for the
    applicant, and names its application and the instance that produced it.
    """

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_inbox", "candidate_org_id", "state", "queue", "created_at"),
        # The inbox without a queue filter, in its default order (到达时间, then id): a page is
        # the first rows of one index range, its total an index-only count.
        Index("ix_tasks_inbox_order", "candidate_org_id", "state", "created_at", "id"),
        Index("ix_tasks_records", "candidate_org_id", "state", "action", "completed_at"),
        Index("ix_tasks_applicant", "candidate_user_id", "state"),
    )

    instance_id: Mapped[int] = mapped_column(ForeignKey("workflow_instances.id"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    context: Mapped[dict[str, Any] | None] = mapped_column(JSONType)

    application: Mapped[Any] = relationship("Application")  # the exam's model


vacuum_often(Task.__table__)  # every step completes one row and inserts the next
