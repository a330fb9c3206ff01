"""年度/批次: the seasons a product's registration runs in, one of them current.

Every exam application belongs to one season; lists, rosters, statistics and exports are read
per season, and a closed (finished) season's applications are what 历史报名数据查询 shows of
this system beside the imported sheets. The title platform keeps its own seasons (its plans are
per year). Dates per season (registration window, deadlines) belong here too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.models.base import utcnow

SEASON_PRODUCTS = {"exam": "工考报名", "title": "职称申报"}
SEASON_STATUSES = {"open": "进行中", "closed": "已结束"}
OPEN = text("status = 'open'")


class Season(Model):
    """One year (or batch) of a product. At most one season per product is ``open``: the
    current one, which new applications join; the partial unique index makes that a rule of
    the database, not of a check that two admins could pass at once."""

    __tablename__ = "seasons"
    __table_args__ = (
        UniqueConstraint("product", "name"),
        Index(
            "uq_seasons_open_product",
            "product",
            unique=True,
            postgresql_where=OPEN,
            sqlite_where=OPEN,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product: Mapped[str] = mapped_column(String(8))
    year: Mapped[int]
    name: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def status_label(self) -> str:
        return SEASON_STATUSES[self.status]

    @property
    def product_label(self) -> str:
        return SEASON_PRODUCTS[self.product]
