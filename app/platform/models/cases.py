"""Engine persistence for subjects that are not exam applications (title declarations, and
later plans, experts, transfers): one instance table and one task table for all of them,
each row naming its subject by type and id.

Kept apart from ``workflow_instances`` / ``tasks`` on purpose: those carry an application
foreign key that every exam query, report and audit view relies on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import JSONType, utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import ProcessDefinition
from handlers.lexicon import REASON_REQUIRED_ACTIONS


class CaseInstance(Model):
    """Serialized engine state of one subject's process (spec kept out). ``version`` is the
    optimistic lock: a step updates the row only where the version it read is still current,
    so of two concurrent steps the second fails at flush (409).
    """

    __tablename__ = "case_instances"
    __table_args__ = (Index("ix_case_instances_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    state: Mapped[dict[str, Any]] = mapped_column(JSONType)
    version: Mapped[int] = mapped_column(default=1)
    completed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    definition: Mapped[ProcessDefinition] = relationship()

    __mapper_args__ = {"version_id_col": version}


class CaseTask(Model):
    """A user task of a subject's process as an inbox sees it. A role-lane task waits at an
    org for a role (``candidate_org_id`` + ``candidate_role``: 经办人 or 负责人 there) and is
    tagged with the subject's ``series`` so permissions filter it in the query; a declarant-
    lane task waits for one person (``candidate_user_id``).
    """

    __tablename__ = "case_tasks"
    __table_args__ = (
        Index(
            "ix_case_tasks_inbox",
            "candidate_org_id",
            "candidate_role",
            "state",
            "series",
            "created_at",
        ),
        Index("ix_case_tasks_user", "candidate_user_id", "state"),
        Index("ix_case_tasks_subject", "subject_type", "subject_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("case_instances.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    engine_task_id: Mapped[str] = mapped_column(String(36))
    spec_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(64))
    lane: Mapped[str | None] = mapped_column(String(32))
    queue: Mapped[str] = mapped_column(String(32))
    actions: Mapped[str] = mapped_column(String(128))
    comment_required: Mapped[str] = mapped_column(String(128), default="")
    candidate_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    candidate_role: Mapped[str | None] = mapped_column(String(16))
    candidate_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    series: Mapped[str | None] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(12), default="ready")
    action: Mapped[str | None] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    candidate_org: Mapped[Org | None] = relationship(foreign_keys=[candidate_org_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])

    @property
    def allowed_actions(self) -> list[str]:
        return self.actions.split(",") if self.actions else []

    def needs_comment(self, action: str) -> bool:
        """The diagram's ``comment_required``, plus the rejections that always need one."""
        declared = [a for a in self.comment_required.split(",") if a]
        return action in declared or action in REASON_REQUIRED_ACTIONS
