"""申报计划 (seed 004, 三、申报计划): a unit's yearly number of declarations per level for
one series, approved level by level up to the province; the quota title declarations are
counted against."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User

PLAN_SUBJECT_TYPE = "title_plan"
"""``subject_type`` of a plan's case instance and tasks, and its audit chain prefix."""
PLAN_LEVELS = ("junior", "intermediate", "deputy_senior", "senior")
"""The count columns, one per 申报级别 (the keys of TITLE_LEVEL_LABELS)."""


class TitlePlan(Model):
    """One unit's plan for a year and a series: how many may declare at each level, the
    signed PDF that backs it, where its approval stands. ``version`` is the optimistic lock
    of every edit and step; the row is also what a declaration's submission locks to count
    the places left (``FOR UPDATE`` on PostgreSQL)."""

    __tablename__ = "title_plans"
    __table_args__ = (Index("ix_title_plans_quota", "org_id", "year", "series", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))
    year: Mapped[int]
    series: Mapped[str] = mapped_column(String(32))
    junior: Mapped[int] = mapped_column(default=0)
    intermediate: Mapped[int] = mapped_column(default=0)
    deputy_senior: Mapped[int] = mapped_column(default=0)
    senior: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    waiting_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    waiting_task: Mapped[str | None] = mapped_column(String(64))
    withdraw_reason: Mapped[str | None] = mapped_column(Text)
    attachment_stored_name: Mapped[str | None] = mapped_column(String(64))
    attachment_name: Mapped[str | None] = mapped_column(String(120))
    attachment_size: Mapped[int | None]
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    org: Mapped[Org] = relationship(foreign_keys=[org_id])
    waiting_org: Mapped[Org | None] = relationship(foreign_keys=[waiting_org_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])

    __mapper_args__ = {"version_id_col": version}

    def count(self, level: str) -> int:
        return int(getattr(self, level)) if level in PLAN_LEVELS else 0

    @property
    def counts(self) -> dict[str, int]:
        return {level: self.count(level) for level in PLAN_LEVELS}
