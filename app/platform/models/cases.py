"""Engine persistence for subjects that are not exam applications (title declarations, and
later plans, experts, transfers): one instance table and one task table for all of them,
each row naming its subject by type and id.

Kept apart from ``workflow_instances`` / ``tasks`` on purpose: those carry an application
foreign key that every exam query, report and audit view relies on.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.models.tasks import ReviewTaskMixin
from app.platform.models.workflow import InstanceMixin


class CaseInstance(InstanceMixin, Model):
    """A subject's process instance (``InstanceMixin``), naming its subject by type and id."""

    __tablename__ = "case_instances"
    __table_args__ = (Index("ix_case_instances_subject", "subject_type", "subject_id"),)

    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]


class CaseTask(ReviewTaskMixin, Model):
    """A user task of a subject's process (``ReviewTaskMixin``). A role-lane task waits at an
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

    instance_id: Mapped[int] = mapped_column(ForeignKey("case_instances.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    candidate_role: Mapped[str | None] = mapped_column(String(16))
    series: Mapped[str | None] = mapped_column(String(32))
