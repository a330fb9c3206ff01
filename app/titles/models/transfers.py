"""单位变动人员管理 (seed 二、人员管理): a unit asks another unit to hand over a declarant."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import one_per_owner, utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User

SUBJECT_TYPE = "transfer"
"""``subject_type`` of a transfer's case instance and tasks, and its audit chain prefix."""
OPEN_TRANSFER = ("under_review",)
"""A person has at most one request in these statuses (enforced by an index)."""


class TitleTransfer(Model):
    """One request to move ``person`` from ``from_org`` (which decides) to ``to_org`` (which
    asked). ``version`` is the optimistic lock of the decision."""

    __tablename__ = "title_transfers"
    __table_args__ = (
        one_per_owner("uq_title_transfers_open", ["person_id"], "status", OPEN_TRANSFER),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    from_org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    to_org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default="under_review", index=True)
    note: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    moved_declarations: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    person: Mapped[User] = relationship(foreign_keys=[person_id])
    from_org: Mapped[Org] = relationship(foreign_keys=[from_org_id])
    to_org: Mapped[Org] = relationship(foreign_keys=[to_org_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])

    __mapper_args__ = {"version_id_col": version}
