"""The professional-title platform (seed 004): declarations and reviewers' title permissions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import JSONType, one_per_owner, utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User

SUBJECT_TYPE = "title"
"""``subject_type`` of a declaration's case instance and tasks, and its audit chain prefix."""
OPEN_DECLARATION = ("draft", "under_review", "returned")
"""A declarant has one declaration in these statuses at a time (enforced by an index)."""


class TitleDeclaration(Model):
    """A declarant's 职称申报: what is declared, the form's sections (one JSON document per
    section key, so permissions can hide a section whole), where it stands and which
    committee judges it. ``version`` is the optimistic lock of every edit and step.
    """

    __tablename__ = "title_declarations"
    __table_args__ = (
        one_per_owner("uq_title_declarations_open", ["declarant_id"], "status", OPEN_DECLARATION),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declarant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    series: Mapped[str] = mapped_column(String(32))
    specialty: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))
    current_title: Mapped[str | None] = mapped_column(String(64))
    current_title_date: Mapped[date | None]
    sections: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    committee_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    waiting_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    waiting_task: Mapped[str | None] = mapped_column(String(64))
    return_reason: Mapped[str | None] = mapped_column(Text)
    interview_notice: Mapped[str | None] = mapped_column(Text)
    interview_place: Mapped[str | None] = mapped_column(String(128))
    submitted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    declarant: Mapped[User] = relationship(foreign_keys=[declarant_id])
    org: Mapped[Org] = relationship(foreign_keys=[org_id])
    committee_org: Mapped[Org | None] = relationship(foreign_keys=[committee_org_id])
    waiting_org: Mapped[Org | None] = relationship(foreign_keys=[waiting_org_id])
    attachments: Mapped[list[TitleAttachment]] = relationship(
        back_populates="declaration", order_by="TitleAttachment.id"
    )

    __mapper_args__ = {"version_id_col": version}


class TitleReviewer(Model):
    """An org's reviewer on the title platform (审查人员角色分配): the role it reviews in
    (handler 经办人 / leader 负责人) and the series and sections it may see. No row, or an
    empty list, means nothing: permissions are granted, never assumed.
    """

    __tablename__ = "title_reviewers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    series: Mapped[list[str]] = mapped_column(JSONType, default=list)
    sections: Mapped[list[str]] = mapped_column(JSONType, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class TitleSectionReview(Model):
    """审查通过 of one section of a declaration on one task (an org's 经办人 or 负责人 step),
    by one reviewer permitted to see it. With reviewers' permissions split by section, a
    level's step passes only when every section has such a review (seed 004: "全部信息审查
    成功后，资料将会到达上一级"); several reviewers of the org each review their sections on
    the same task. The reviewer who passes reviews its own sections by passing.
    """

    __tablename__ = "title_section_reviews"
    __table_args__ = (
        UniqueConstraint("case_task_id", "section", "reviewer_id", name="uq_title_section_review"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_task_id: Mapped[int] = mapped_column(ForeignKey("case_tasks.id"))
    declaration_id: Mapped[int] = mapped_column(ForeignKey("title_declarations.id"), index=True)
    section: Mapped[str] = mapped_column(String(20))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer: Mapped[User] = relationship()


class TitleAttachment(Model):
    """One file of a declaration's 附件 section (PDF, JPG or PNG, checked and rewritten
    like every upload). ``stored_name`` is ours (random); the client's name is display only.
    """

    __tablename__ = "title_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("title_declarations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    label: Mapped[str | None] = mapped_column(String(64))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(120))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    declaration: Mapped[TitleDeclaration] = relationship(
        back_populates="attachments", foreign_keys=[declaration_id]
    )
