"""The org tree: province > city > county > supervising unit > unit, with the seed's orgs that
skip a level (直管县, 省直/市直主管部门, 市直单位; ``handlers.orgtree``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import Model
from app.platform.models.base import JSONType, utcnow
from handlers.orgtree import kind_label
from handlers.vocabulary import LEVEL_LABELS


class Org(Model):
    """An org unit. ``path`` is the chain of codes from the root ("/410000/410100/"), so a
    subtree is one indexed prefix match: the basis of every scoped query.
    """

    __tablename__ = "orgs"
    __table_args__ = (
        # The subtree match (path LIKE '/410000/410100/%') through an index on PostgreSQL,
        # whose plain btree serves LIKE only under the C collation; SQLite uses ix_orgs_path.
        Index("ix_orgs_path_pattern", "path", postgresql_ops={"path": "text_pattern_ops"}).ddl_if(
            dialect="postgresql"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    level: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    path: Mapped[str] = mapped_column(String(400), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # 单位信息维护 (seed 一、单位管理): what the org's admin fills in and its superior approves.
    # Orgs from before onboarding existed are "approved"; new ones start "pending".
    cert_print_name: Mapped[str | None] = mapped_column(String(128))
    contact_name: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    contact_email: Mapped[str | None] = mapped_column(String(128))
    address: Mapped[str | None] = mapped_column(String(256))
    series: Mapped[list[str]] = mapped_column(JSONType, default=list)
    onboarding_status: Mapped[str] = mapped_column(
        String(16), default="approved", server_default="approved"
    )
    return_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    parent: Mapped[Org | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def kind_label(self) -> str:
        """直管县, 省直主管部门, 市直主管部门, 市直单位, or the level's label (reads the parent:
        free in a listing that loaded it, one query otherwise)."""
        return kind_label(self.level, self.parent.level if self.parent else None)

    @property
    def approved(self) -> bool:
        """Whether the org's accounts may work (onboarding done)."""
        return self.onboarding_status == "approved"

    @property
    def parent_code(self) -> str | None:
        """The parent's code, read off ``path`` (its second-to-last segment): list pages show
        it for every row without loading each parent (no N+1)."""
        codes = [code for code in self.path.split("/") if code]
        return codes[-2] if len(codes) > 1 else None

    def contains(self, other: Org) -> bool:
        """True if ``other`` is this org or below it."""
        return other.path.startswith(self.path)


# A histogram of every path, so PostgreSQL estimates a subtree's size (migration e7b2d4a9c1f3).
event.listen(
    Org.__table__,
    "after_create",
    DDL("ALTER TABLE orgs ALTER COLUMN path SET STATISTICS 10000").execute_if(dialect="postgresql"),
)
