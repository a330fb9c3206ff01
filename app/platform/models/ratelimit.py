"""Rate-limit counters kept in our own database, shared by every worker process."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import Model


class RateLimitCounter(Model):
    """One fixed window of one limit (e.g. failed logins for one account name): how many hits
    it has taken and when it ends. Written only by
    ``app.platform.services.ratelimit.DatabaseStorage``.
    """

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int]
    expires_at: Mapped[float] = mapped_column(index=True)  # Unix time, as the limits API uses
