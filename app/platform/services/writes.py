"""A step's rows written with Core statements instead of the ORM's unit of work.

Why: a review step changes a handful of rows (the task closed, the instance's state under
its optimistic version, the subject's status, the next task, the audit event), and the
profile (docs/performance.md, issue 19) showed SQLAlchemy's flush costing more CPU than the
statements themselves. ``write`` issues the UPDATEs and INSERTs a flush would, one Core
statement per row on the session's connection (shapes the compiled cache reuses), then marks
the objects written, so they stay valid for the rest of the transaction and the response.

What it keeps from the flush: a mapper's ``version_id_col`` is checked (``WHERE id = :id
AND version = :v``; a rowcount other than 1 raises ``StaleDataError``, which ``committing``
turns into a 409) and incremented; ``onupdate`` and Python-side ``default`` values are
computed here and kept on the object; a many-to-one relationship set as an object writes its
foreign key; rows are updated in table dependency order, then by primary key (two writers
lock the same rows in the same order), and new rows are inserted in the order they were
added. What it does not know (a pending delete, a new object related to another new one,
an inheritance mapping, a collection changed) it leaves to the ORM: it then writes nothing
and the next flush does all of it, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Insert, Table, Update, bindparam, insert, inspect, update
from sqlalchemy.orm import Mapper, Session, scoped_session
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.interfaces import MANYTOONE
from sqlalchemy.orm.state import InstanceState
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.schema import Column, ColumnDefault

_PK = "_pk_"
_VERSION = "_version_"


@dataclass(frozen=True)
class Shape:
    """What ``write`` needs of one mapper, worked out once: its table and where it stands in
    the dependency order, each attribute's column name, the Python-side defaults and
    onupdates, the primary key and version attributes, and the two statements (the UPDATE's
    SET clause comes from the parameters given, so one statement serves every column set)."""

    table: Table
    order: int
    names: dict[str, str]
    defaults: dict[str, ColumnDefault]
    onupdates: dict[str, ColumnDefault]
    pk: list[str]
    version: str | None
    relationships: set[str]
    insert: Insert
    update: Update


_shapes: dict[Mapper[Any], Shape | None] = {}


def _shape(mapper: Mapper[Any]) -> Shape | None:
    """The mapper's ``Shape``, or None for one ``write`` leaves to the ORM."""
    if mapper not in _shapes:
        _shapes[mapper] = _make_shape(mapper)
    return _shapes[mapper]


def _make_shape(mapper: Mapper[Any]) -> Shape | None:
    table = mapper.local_table
    if mapper.inherits is not None or mapper.polymorphic_on is not None:
        return None
    if not isinstance(table, Table):
        return None
    names: dict[str, str] = {}
    defaults: dict[str, ColumnDefault] = {}
    onupdates: dict[str, ColumnDefault] = {}
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if len(prop.columns) != 1 or not isinstance(column, Column) or column.table is not table:
            return None
        names[prop.key] = column.name
        if isinstance(column.default, ColumnDefault) and _python(column.default):
            defaults[prop.key] = column.default
        if isinstance(column.onupdate, ColumnDefault) and _python(column.onupdate):
            onupdates[prop.key] = column.onupdate
    pk = [mapper.get_property_by_column(column).key for column in mapper.primary_key]
    version_col = mapper.version_id_col
    version = None if version_col is None else mapper.get_property_by_column(version_col).key
    where = [table.c[names[key]] == bindparam(_PK + key) for key in pk]
    if version is not None:
        where.append(table.c[names[version]] == bindparam(_VERSION))
    return Shape(
        table=table,
        order=table.metadata.sorted_tables.index(table),
        names=names,
        defaults=defaults,
        onupdates=onupdates,
        pk=pk,
        version=version,
        relationships={prop.key for prop in mapper.relationships},
        insert=insert(table),
        update=update(table).where(*where),
    )


def _python(default: ColumnDefault) -> bool:
    """A Python-side default (scalar or callable), not a SQL one."""
    return bool(default.is_callable or default.is_scalar)


def _value(default: ColumnDefault) -> Any:
    # a callable is wrapped by SQLAlchemy to take the execution context
    return default.arg(None) if default.is_callable else default.arg


def write(session: Session | scoped_session[Session]) -> bool:
    """Write the session's pending changes with Core statements (see the module docstring);
    False, having written nothing, when any of them needs the ORM's flush. Some callers
    (seeding commands, the demo) hand ``db.session``: the session it proxies is written."""
    if isinstance(session, scoped_session):
        session = session()
    planned = _plan(session)
    if planned is None:
        return False
    updates, inserts = planned
    updates.sort(key=lambda plan: (plan[0].order, plan[1].key[1] if plan[1].key else ()))
    connection = session.connection()
    for shape, state, values in updates:
        if values:
            _update(connection, shape, state, values)
    for shape, state, values in inserts:
        _insert(connection, shape, state, values)
    # What a flush does after its statements: the objects keyed and committed, and known to
    # the transaction, so a rollback expunges the new ones and expires the changed ones
    # (SQLAlchemy's own bookkeeping, private but the exact step the flush takes).
    written = [state for _, state, _ in updates + inserts]
    session._register_persistent(set(written))
    for _, state, values in updates:
        expressions = [key for key, value in values.items() if isinstance(value, ClauseElement)]
        if expressions:
            session.expire(state.obj(), expressions)
    return True


Planned = list[tuple[Shape, InstanceState[Any], dict[str, Any]]]


def _plan(session: Session) -> tuple[Planned, Planned] | None:
    """The rows to update and to insert, with their values; None if the ORM must write."""
    if session.deleted:
        return None
    updates: Planned = []
    inserts: Planned = []
    for objects, plans in ((session.dirty, updates), (session.new, inserts)):
        for obj in objects:
            state = inspect(obj)
            shape = _shape(state.mapper)
            values = None if shape is None else _values(state, shape)
            if shape is None or values is None:
                return None
            plans.append((shape, state, values))
    return updates, inserts


def _values(state: InstanceState[Any], shape: Shape) -> dict[str, Any] | None:
    """The column values to write, by attribute key (None: the ORM must write it): a new
    object's every value set, a loaded one's changed values."""
    changed = state.committed_state if state.key is not None else state.dict
    values = {key: state.dict.get(key) for key in changed if key in shape.names}
    for key in changed:  # after the columns: a relationship's key wins, as in a flush
        if key in shape.relationships and not _foreign_key(state, key, values):
            return None
    return values


def _foreign_key(state: InstanceState[Any], key: str, values: dict[str, Any]) -> bool:
    """A many-to-one relationship's change as its foreign key values (False: not one)."""
    prop = state.mapper.relationships[key]
    if prop.direction is not MANYTOONE or prop.secondary is not None:
        return False
    target = state.dict.get(key)
    target_state = inspect(target) if target is not None else None
    if target_state is not None and target_state.key is None:
        return False  # a new object: its key comes from a flush
    for local, remote in prop.local_remote_pairs:
        local_key = state.mapper.get_property_by_column(local).key
        if target_state is None:
            values[local_key] = None
        else:
            values[local_key] = target_state.dict[
                target_state.mapper.get_property_by_column(remote).key
            ]
    return True


def _keep(state: InstanceState[Any], values: dict[str, Any]) -> None:
    """The values about to be written, on the object (a foreign key from a relationship, a
    default); SQL expressions are expired after the write instead."""
    for key, value in values.items():
        if not isinstance(value, ClauseElement):
            state.dict[key] = value


def _insert(
    connection: Connection, shape: Shape, state: InstanceState[Any], values: dict[str, Any]
) -> None:
    """INSERT a new object's row; its primary key and defaults go on the object."""
    for key, default in shape.defaults.items():
        if key not in values:
            values[key] = _value(default)
    if shape.version is not None:
        values.setdefault(shape.version, 1)
    _keep(state, values)
    result = connection.execute(shape.insert, {shape.names[k]: v for k, v in values.items()})
    for key, value in zip(shape.pk, result.inserted_primary_key or (), strict=False):
        state.dict[key] = value


def _update(
    connection: Connection, shape: Shape, state: InstanceState[Any], values: dict[str, Any]
) -> None:
    """UPDATE the changed columns of a loaded object, version-checked if its mapper has a
    version column (another writer first: ``StaleDataError``)."""
    committed = state.committed_state
    for key, onupdate in shape.onupdates.items():
        if key not in values:
            values[key] = _value(onupdate)
    params = {_PK + key: committed.get(key, state.dict.get(key)) for key in shape.pk}
    if shape.version is not None:
        current: int = (
            committed[shape.version] if shape.version in committed else state.dict[shape.version]
        )
        params[_VERSION] = current
        values[shape.version] = current + 1
    _keep(state, values)
    statement = shape.update
    sql = {k: v for k, v in values.items() if isinstance(v, ClauseElement)}
    if sql:
        statement = statement.values({shape.names[k]: v for k, v in sql.items()})
    for key, value in values.items():
        if key not in sql:
            params[shape.names[key]] = value
    result = connection.execute(statement, params)
    if shape.version is not None and result.rowcount != 1:
        raise StaleDataError(
            f"UPDATE statement on table '{shape.table.name}' expected to update 1 row(s); "
            f"{result.rowcount} were matched."
        )
