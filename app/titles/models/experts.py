"""专家审查 and the expert pool (seed 004, 专家审查): a declarant's application to be an
expert, reviewed up the tree like a declaration; once approved the same row is the expert's
entry in the pool (专家信息库) that committees draw reviewers from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import one_per_owner, utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.titles.models.declarations import TitleDeclaration

EXPERT_SUBJECT_TYPE = "expert"
"""``subject_type`` of an expert application's case instance and tasks, and its audit chain
prefix."""
EXPERT_LEVELS = ("deputy_senior", "senior")
"""Only holders of a 副高级 or 正高级 title may be experts (keys of TITLE_LEVEL_LABELS)."""
OPEN_EXPERT = ("draft", "under_review", "returned", "approved")
"""A declarant has at most one application in these statuses (an approved one is the pool
entry); a rejected one may be followed by a new one. Enforced by an index."""


class TitleExpert(Model):
    """One expert application of a declarant (and, when approved and active, a pool entry).
    ``org_id`` is the applicant's unit at application time: the org recusal compares against.
    ``version`` is the optimistic lock of every edit and review step."""

    __tablename__ = "title_experts"
    __table_args__ = (
        Index("ix_title_experts_pool", "status", "active", "series", "specialty"),
        one_per_owner("uq_title_experts_open", ["user_id"], "status", OPEN_EXPERT),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    series: Mapped[str] = mapped_column(String(32))
    specialty: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(64))
    title_level: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    active: Mapped[bool] = mapped_column(default=False)
    waiting_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    waiting_task: Mapped[str | None] = mapped_column(String(64))
    return_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    org: Mapped[Org] = relationship(foreign_keys=[org_id])
    waiting_org: Mapped[Org | None] = relationship(foreign_keys=[waiting_org_id])

    __mapper_args__ = {"version_id_col": version}


class ExpertDraw(Model):
    """One 抽取专家: who drew, for which committee org, series and specialty, how many, which
    unit was recused (and the declaration drawn for, if any), the pool it drew from."""

    __tablename__ = "expert_draws"

    id: Mapped[int] = mapped_column(primary_key=True)
    drawn_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    committee_org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    series: Mapped[str] = mapped_column(String(32))
    specialty: Mapped[str | None] = mapped_column(String(64))
    count: Mapped[int]
    excluded_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    declaration_id: Mapped[int | None] = mapped_column(ForeignKey("title_declarations.id"))
    pool_size: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    drawn_by: Mapped[User] = relationship(foreign_keys=[drawn_by_id])
    committee_org: Mapped[Org] = relationship(foreign_keys=[committee_org_id])
    excluded_org: Mapped[Org | None] = relationship(foreign_keys=[excluded_org_id])
    declaration: Mapped[TitleDeclaration | None] = relationship(foreign_keys=[declaration_id])
    members: Mapped[list[ExpertDrawMember]] = relationship(
        order_by="ExpertDrawMember.position", cascade="all, delete-orphan"
    )

    @property
    def experts(self) -> list[TitleExpert]:
        return [member.expert for member in self.members]


class ExpertDrawMember(Model):
    """One expert a draw picked, in the order drawn."""

    __tablename__ = "expert_draw_members"

    draw_id: Mapped[int] = mapped_column(ForeignKey("expert_draws.id"), primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("title_experts.id"), primary_key=True)
    position: Mapped[int]

    expert: Mapped[TitleExpert] = relationship()
