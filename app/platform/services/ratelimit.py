"""A ``limits`` storage backend in the app's own database (scheme ``database://``).

Counters must be shared by every gunicorn worker without running anything else, so by default
they live in the ``rate_limits`` table; set RATELIMIT_STORAGE_URI (e.g. ``redis://…``) to use
another ``limits`` storage instead. Only the fixed-window strategy is supported.

Each call runs in its own short transaction on a connection of its own, so a counter is
written even when the request's session rolls back (a failed login is a failed login), and
holds no lock beyond the single statement. The engine is the current app's (Flask-SQLAlchemy
resolves ``db.engine`` per app), so one module-level limiter serves every app in a process.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

from limits.errors import ConfigurationError
from limits.storage import Storage
from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.platform.models.ratelimit import RateLimitCounter

SCHEME = "database"
# Expired windows are deleted every this many increments, so names typed once do not pile up.
PURGE_EVERY = 100
_INSERTS: dict[str, Callable[..., Any]] = {
    "sqlite": sqlite.insert,
    "postgresql": postgresql.insert,
}
_table = RateLimitCounter.__table__


class DatabaseStorage(Storage):
    """Fixed-window counters in ``rate_limits``: one row per key, bumped by an atomic upsert."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions, **options)
        self._increments = itertools.count(1)

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add ``amount`` to the key's window, starting a new window if it has ended; the
        count after the increment, decided by the database so concurrent workers never lose
        a hit.
        """
        now = time.time()
        ended = _table.c.expires_at <= now
        insert = _insert(db.engine.dialect.name)(_table).values(
            key=key, count=amount, expires_at=now + expiry
        )
        upsert = insert.on_conflict_do_update(
            index_elements=[_table.c.key],
            set_={
                "count": case((ended, amount), else_=_table.c.count + amount),
                "expires_at": case((ended, now + expiry), else_=_table.c.expires_at),
            },
        ).returning(_table.c.count)
        with db.engine.begin() as connection:
            count: int = connection.execute(upsert).scalar_one()
            if next(self._increments) % PURGE_EVERY == 0:
                connection.execute(delete(_table).where(ended))
        return count

    def get(self, key: str) -> int:
        return self._current(key, _table.c.count) or 0

    def get_expiry(self, key: str) -> float:
        """When the key's window ends (Unix time); now if it has none."""
        return self._current(key, _table.c.expires_at) or time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(_table)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(_table).where(_table.c.key == key))

    def _current(self, key: str, column: Any) -> Any:
        """``column`` of the key's window if it has not ended yet, else None."""
        with db.engine.connect() as connection:
            return connection.scalar(
                select(column).where(_table.c.key == key, _table.c.expires_at > time.time())
            )


def _insert(dialect: str) -> Callable[..., Any]:
    """The dialect's INSERT, which knows ON CONFLICT DO UPDATE (both spell it alike)."""
    try:
        return _INSERTS[dialect]
    except KeyError:
        raise ConfigurationError(
            f"the {SCHEME}:// rate-limit storage supports SQLite and PostgreSQL, not {dialect}; "
            "set RATELIMIT_STORAGE_URI (e.g. redis://…)"
        ) from None
