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

from typing import Any

from sqlalchemy import Table, insert, inspect, update
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.interfaces import MANYTOONE
from sqlalchemy.orm.state import InstanceState
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.schema import Column, ColumnDefault

Plan = tuple[InstanceState[Any], dict[str, Any]]


def write(session: Session) -> bool:
    """Write the session's pending changes with Core statements (see the module docstring);
    False, having written nothing, when any of them needs the ORM's flush."""
    if session.deleted:
        return False
    updates: list[Plan] = []
    inserts: list[Plan] = []
    for obj in session.dirty:
        state = inspect(obj)
        values = _values(state)
        if values is None:
            return False
        updates.append((state, values))
    for obj in session.new:
        state = inspect(obj)
        values = _values(state)
        if values is None:
            return False
        inserts.append((state, values))
    if updates:
        tables = _table(updates[0][0].mapper).metadata.sorted_tables
        order = {table: i for i, table in enumerate(tables)}
        updates.sort(key=lambda plan: (order.get(_table(plan[0].mapper), 0), _pk(plan[0])))
    for state, values in updates:
        if values:
            _update(session, state, values)
        else:
            state._commit_all(state.dict, session.identity_map)
    for state, values in inserts:
        _insert(session, state, values)
    return True


def _pk(state: InstanceState[Any]) -> tuple[Any, ...]:
    return state.key[1] if state.key is not None else ()


def _values(state: InstanceState[Any]) -> dict[str, Any] | None:
    """The column values to write, by attribute key (None: the ORM must write it)."""
    mapper: Mapper[Any] = state.mapper
    if mapper.inherits is not None or mapper.polymorphic_on is not None:
        return None
    values: dict[str, Any] = {}
    for prop in mapper.relationships:
        history = state.attrs[prop.key].history
        if not history.added and not history.deleted:
            continue
        if prop.direction is not MANYTOONE or prop.secondary is not None:
            return None
        target = history.added[0] if history.added else None
        target_state = inspect(target) if target is not None else None
        if target_state is not None and target_state.key is None:
            return None  # a new object: its key comes from a flush
        for local, remote in prop.local_remote_pairs:
            key = mapper.get_property_by_column(local).key
            values[key] = (
                None
                if target_state is None
                else target_state.dict[target_state.mapper.get_property_by_column(remote).key]
            )
    for column_prop in mapper.column_attrs:
        changed = state.attrs[column_prop.key].history.added
        if changed and column_prop.key not in values:
            values[column_prop.key] = changed[0]
    return values


def _table(mapper: Mapper[Any]) -> Table:
    table = mapper.local_table
    assert isinstance(table, Table)  # _values refused inheritance mappings
    return table


def _column(mapper: Mapper[Any], key: str) -> Column[Any]:
    column = mapper.columns[key]
    assert isinstance(column, Column)
    return column


def _python_default(default: Any) -> tuple[bool, Any]:
    """A Python-side default's value (scalar, or callable: SQLAlchemy wraps it to take the
    execution context); (False, None) for none, a server-side or a SQL one."""
    if not isinstance(default, ColumnDefault):
        return False, None
    if default.is_callable:
        return True, default.arg(None)
    if default.is_scalar:
        return True, default.arg
    return False, None


def _keep(state: InstanceState[Any], values: dict[str, Any]) -> None:
    """The values about to be written, on the object (a foreign key from a relationship, a
    default); SQL expressions are expired after the write instead."""
    for key, value in values.items():
        if not isinstance(value, ClauseElement):
            state.dict[key] = value


def _insert(session: Session, state: InstanceState[Any], values: dict[str, Any]) -> None:
    """INSERT a new object's row, then make it persistent as a flush would (primary key and
    defaults on the object, nothing left to write)."""
    mapper: Mapper[Any] = state.mapper
    obj = state.obj()
    for prop in mapper.column_attrs:
        if prop.key not in values and prop.key not in state.dict:
            found, value = _python_default(_column(mapper, prop.key).default)
            if found:
                values[prop.key] = value
    if mapper.version_id_col is not None:
        values.setdefault(mapper.get_property_by_column(mapper.version_id_col).key, 1)
    _keep(state, values)
    table = _table(mapper)
    row = {_column(mapper, key).name: value for key, value in values.items()}
    result = session.connection().execute(insert(table), row)
    for column, value in zip(mapper.primary_key, result.inserted_primary_key or (), strict=False):
        state.dict[mapper.get_property_by_column(column).key] = value
    session.expunge(obj)
    make_transient_to_detached(obj)
    session.add(obj)  # persistent: keyed, attached, nothing pending


def _update(session: Session, state: InstanceState[Any], values: dict[str, Any]) -> None:
    """UPDATE the changed columns of a loaded object (version-checked if its mapper has a
    version column), then mark them written; a column given as SQL is expired instead."""
    mapper: Mapper[Any] = state.mapper
    committed = {**state.dict, **state.committed_state}
    for prop in mapper.column_attrs:
        if prop.key not in values:
            found, value = _python_default(_column(mapper, prop.key).onupdate)
            if found:
                values[prop.key] = value
    where = [
        column == committed[mapper.get_property_by_column(column).key]
        for column in mapper.primary_key
    ]
    version = mapper.version_id_col
    if version is not None:
        key = mapper.get_property_by_column(version).key
        where.append(version == committed[key])
        values[key] = committed[key] + 1
    _keep(state, values)
    table = _table(mapper)
    row = {_column(mapper, key).name: value for key, value in values.items()}
    result = session.connection().execute(update(table).where(*where).values(row))
    if version is not None and result.rowcount != 1:
        raise StaleDataError(
            f"UPDATE statement on table '{table.name}' expected to update 1 row(s); "
            f"{result.rowcount} were matched."
        )
    expressions = [key for key, value in values.items() if isinstance(value, ClauseElement)]
    state._commit_all(state.dict, session.identity_map)
    if expressions:
        session.expire(state.obj(), expressions)
