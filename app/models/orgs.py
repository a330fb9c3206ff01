"""The org tree: province > city > county > supervising unit > unit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from handlers.vocabulary import LEVEL_LABELS


class Org(db.Model):
    """An org unit. ``path`` is the chain of codes from the root ("/410000/410100/"), so a
    subtree is one indexed prefix match: the basis of every scoped query.
    """

    __tablename__ = "orgs"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[Org | None] = relationship(remote_side=[id])

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    def contains(self, other: Org) -> bool:
        """True if ``other`` is this org or below it."""
        return other.path.startswith(self.path)
