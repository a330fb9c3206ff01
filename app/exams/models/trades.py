"""工种目录: the trades an applicant may declare, kept by the province."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model
from app.platform.models.base import utcnow


class Trade(Model):
    """One trade of the catalogue. The name is what applications, filters and the 往年合格库
    store and compare (auto-review matches on it), so it is unique; ``active`` retires a trade
    from new forms without invalidating the applications that already name it.
    """

    __tablename__ = "trades"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    category: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
