"""``writes.write``: a step's rows written with Core statements must leave the database and
the session as the ORM's flush would (issue 19). Orgs serve as the subject: a version
column, Python-side defaults and a many-to-one relationship."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.platform.models.orgs import Org
from app.platform.services import writes


def _org(code: str, parent: Org | None = None) -> Org:
    return Org(code=code, name=f"单位{code}", level="unit", path=f"/{code}", parent=parent)


def test_an_update_is_version_checked_and_leaves_the_object_written(app_context) -> None:
    session = db.session()
    parent = _org("W1")
    child = _org("W2")
    session.add_all([parent, child])
    session.commit()
    child.name, child.parent = "改名单位", parent  # a column and a many-to-one relationship

    assert writes.write(session)

    assert not session.dirty and child.version == 2 and child.parent_id == parent.id
    row = session.execute(
        select(Org.name, Org.parent_id, Org.version).where(Org.id == child.id)
    ).one()
    assert tuple(row) == ("改名单位", parent.id, 2)
    session.commit()


def test_an_update_of_a_row_changed_since_it_was_read_is_stale(app_context) -> None:
    session = db.session()
    org = _org("W3")
    session.add(org)
    session.commit()
    orgs = Org.__table__  # another writer: the session does not see it
    session.execute(update(orgs).where(orgs.c.id == org.id).values(version=orgs.c.version + 1))
    org.name = "迟到的修改"

    with pytest.raises(StaleDataError):
        writes.write(session)
    session.rollback()


def test_an_insert_keeps_the_key_and_defaults_and_a_rollback_forgets_it(app_context) -> None:
    session = db.session()
    org = _org("W4")
    session.add(org)

    assert writes.write(session)

    assert org.id is not None and org.version == 1 and org.series == [] and org.created_at
    assert not session.new and session.get(Org, org.id) is org
    session.rollback()
    assert org not in session
    assert session.scalars(select(Org).where(Org.code == "W4")).first() is None


def test_what_it_cannot_write_is_left_to_the_flush(app_context) -> None:
    session = db.session()
    parent = _org("W5")
    child = _org("W6", parent=parent)  # related to a new object: its key comes from a flush
    session.add_all([parent, child])

    assert not writes.write(session)

    assert child in session.new
    session.commit()
    assert child.parent_id == parent.id
