"""Column helpers shared by the models."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import DDL, JSON, Dialect, Index, String, Table, column, event
from sqlalchemy.types import TypeDecorator

from handlers import clock

E = TypeVar("E", bound=StrEnum)

# Plain JSON, not JSONB: stored as written. Nothing may rely on the order of an object's keys
# though: JSONB sorts them, and ``finished_subprocesses`` is appended to through JSONB (the
# engine's task deltas are restored parents first whatever the order, serializer.tree_order).
JSONType = JSON()


class StrEnumType(TypeDecorator[E], Generic[E]):
    """A text column holding the words of a vocabulary enum (``handlers.vocabulary``): it
    loads them as members, so ``Mapped[TaskState]`` is what the row holds, while the column
    stays the plain ``VARCHAR(length)`` the migrations made (no database enum type, no CHECK:
    the DDL and the stored words are unchanged). A member or its plain word binds alike.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


def max_length(table: Table, column_name: str) -> int:
    """The declared length of a text column of ``table``: what imported text is held to."""
    column_type = table.c[column_name].type
    if not isinstance(column_type, String) or column_type.length is None:
        raise TypeError(f"{table.name}.{column_name} is not a text column of fixed length")
    return column_type.length


def utcnow() -> datetime:
    """Naive UTC timestamp: stored the same on SQLite and PostgreSQL (read from the one
    clock, handlers/clock.py)."""
    return clock.utc_now()


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


def one_per_owner(name: str, owner: Sequence[str], state: str, states: Sequence[str]) -> Index:
    """A partial unique index: at most one row per ``owner`` while its ``state`` column is one
    of ``states`` (e.g. one open declaration per declarant), on PostgreSQL and SQLite alike.

    This is how "only one open X" rules are kept: a check before the insert gives the usual
    friendly 409, but two requests can both pass it at the same moment; the index lets only
    one of them commit, and ``committing`` turns the other's violation into the same 409.
    """
    where = column(state).in_(list(states))
    return Index(name, *owner, unique=True, postgresql_where=where, sqlite_where=where)
