"""Row locks for the "only one X" rules no index can state.

Most such rules are a partial unique index (``app.platform.models.base.one_per_owner``). A
few depend on other tables (an application's running side process is known from its
definition's process id), so they are kept by locking the owner's row before the check: a
second request for the same owner waits at the lock until the first has committed, then its
check sees what the first wrote. Lock first, check second, write third, all in one
``committing`` block.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.extensions import Base


def lock_rows(session: Session, model: type[Base], ids: Iterable[int]) -> None:
    """Hold the rows of ``model`` with these ids until the transaction ends.

    PostgreSQL: ``SELECT ... FOR UPDATE`` in id order (two requests locking overlapping sets
    queue instead of deadlocking). SQLite has no row locks and runs reads outside a
    transaction: a write that changes nothing takes the database's single write lock first.
    """
    ordered = sorted(set(ids))
    if not ordered:
        return
    if session.get_bind().dialect.name == "postgresql":
        key = model.__table__.c.id
        session.execute(select(key).where(key.in_(ordered)).order_by(key).with_for_update())
    else:
        take_write_lock(session, model, ordered)


def take_write_lock(session: Session, model: type[Base], ids: list[int]) -> None:
    """SQLite: a no-op ``UPDATE`` of these rows, which opens the transaction and takes the
    database's write lock, so a concurrent writer waits (busy_timeout) for our commit.
    Columns with an ``onupdate`` are set to themselves, so nothing changes at all."""
    table = model.__table__
    unchanged = {c.name: c for c in table.columns if c.onupdate is not None or c.primary_key}
    session.execute(update(table).where(table.c.id.in_(ids)).values(unchanged))
