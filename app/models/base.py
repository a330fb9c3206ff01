"""Column helpers shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DDL, JSON, Table, event

# Plain JSON, not JSONB: stored as written. Nothing may rely on the order of an object's keys
# though: JSONB sorts them, and ``finished_subprocesses`` is appended to through JSONB (the
# engine's task deltas are restored parents first whatever the order, serializer.tree_order).
JSONType = JSON()


def utcnow() -> datetime:
    """Naive UTC timestamp: stored the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


VACUUM_OFTEN = (
    "ALTER TABLE {table} SET (autovacuum_vacuum_scale_factor = 0, "
    "autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0, "
    "autovacuum_vacuum_insert_threshold = 1000)"
)
"""PostgreSQL's autovacuum after every 1,000 changed or inserted rows instead of 20% of the
table (migration c7e1f3a5b9d4). The inbox and query counts are index-only scans, which visit
the heap for every row on a page changed since the last vacuum: after ~2,000 review steps at
300k applications the largest county's inbox count read 5,953 heap rows (10 ms); vacuumed,
none (1.9 ms). At 20% of 530k task rows autovacuum would wait for ~100k changes."""


def vacuum_often(table: Table) -> None:
    """Give ``table`` the ``VACUUM_OFTEN`` settings when ``create_all`` makes it (PostgreSQL)."""
    event.listen(
        table,
        "after_create",
        DDL(VACUUM_OFTEN.format(table=table.name)).execute_if(dialect="postgresql"),
    )
