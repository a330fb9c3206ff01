"""The inbox and the application query (报名信息查询) use indexes, not a scan of the big
tables, on both databases: the statements explained are the ones the services run (the
page's rows and its total, compiled from the real ``Select``), over a few thousand rows the
planner has statistics for, so a dropped index or a query that stops matching one fails
here.

On PostgreSQL the plan comes from ``EXPLAIN (FORMAT JSON)`` and no node may be a ``Seq Scan``
of ``tasks`` or ``applications`` (no ``enable_seqscan`` tricks: the planner chooses freely
after ANALYZE). On SQLite, ``EXPLAIN QUERY PLAN`` may not ``SCAN`` either table without an
index.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Select, insert, select, text

from app.exams.services import listing as exam_listing
from app.exams.services import review
from app.extensions import db
from app.models import Application, Org, ProcessDefinition, Task, User, WorkflowInstance
from app.platform.models.base import utcnow
from app.platform.services import listing, seasons
from tests.integration.helpers import COUNTY, UNIT, VACUUM_OFTEN, vacuum_settings

BIG_TABLES = ("tasks", "applications")
COUNTIES = 16
UNITS_PER_COUNTY = 8
APPLICATIONS = 10_000
"""Enough rows that reading a whole table costs the planner more than an index does for one
org's share (under 1/100 of them), as at province size."""


@pytest.fixture()
def province(app) -> Iterator[None]:
    """The demo tree plus ``COUNTIES`` counties of ``UNITS_PER_COUNTY`` units, and
    ``APPLICATIONS`` submitted applications spread over every unit, each with its instance,
    two completed tasks and one ready task at one of the orgs, analysed."""
    with app.app_context():
        session = db.session
        city = session.scalars(select(Org).filter_by(code="410100")).one()
        counties = session.scalars(
            insert(Org).returning(Org),
            [
                {
                    "code": f"4101{90 + c:02d}",
                    "name": f"测试县{c}",
                    "level": "county",
                    "parent_id": city.id,
                    "path": f"{city.path}4101{90 + c:02d}/",
                }
                for c in range(COUNTIES)
            ],
        ).all()
        session.execute(
            insert(Org),
            [
                {
                    "code": f"{county.code}{u:03d}",
                    "name": f"{county.name}单位{u}",
                    "level": "unit",
                    "parent_id": county.id,
                    "path": f"{county.path}{county.code}{u:03d}/",
                }
                for county in counties
                for u in range(1, UNITS_PER_COUNTY + 1)
            ],
        )
        units = session.scalars(select(Org.id).where(Org.level == "unit").order_by(Org.id)).all()
        orgs = session.scalars(select(Org.id).order_by(Org.id)).all()
        definition = ProcessDefinition(process_id="plan", version="plan", name="plan", sources={})
        session.add(definition)
        season = seasons.for_registration(session, seasons.EXAM, 2026)
        session.flush()
        user_ids = session.scalars(
            insert(User).returning(User.id),
            [
                {
                    "username": f"plan{i:05d}",
                    "name": f"申报人{i}",
                    "role": "applicant",
                    "org_id": units[i % len(units)],
                    "password_hash": "x",
                }
                for i in range(APPLICATIONS)
            ],
        ).all()
        application_ids = session.scalars(
            insert(Application).returning(Application.id),
            [
                {
                    "applicant_id": user_id,
                    "org_id": units[i % len(units)],
                    "season_id": season.id,
                    "year": 2026,
                    "status": "under_review",
                    "name": f"申报人{i}",
                    "id_number": f"41018119900101{i:04d}",
                    "declared_trade": "护理员",
                    "declared_grade": 3 + i % 3,
                }
                for i, user_id in enumerate(user_ids)
            ],
        ).all()
        instance_ids = session.scalars(
            insert(WorkflowInstance).returning(WorkflowInstance.id),
            [
                {"application_id": a, "definition_id": definition.id, "state": {}}
                for a in application_ids
            ],
        ).all()
        start = utcnow() - timedelta(days=30)
        session.execute(
            insert(Task),
            [
                {
                    "instance_id": instance_id,
                    "application_id": application_id,
                    "engine_task_id": f"{i:08d}-{n}",
                    "spec_id": "review",
                    "name": "审核",
                    "queue": "manual",
                    "actions": "pass,reject",
                    "candidate_org_id": orgs[(i + n) % len(orgs)],
                    "state": "ready" if n == 2 else "completed",
                    "action": None if n == 2 else "pass",
                    "created_at": start + timedelta(minutes=i, seconds=n),
                }
                for i, (application_id, instance_id) in enumerate(
                    zip(application_ids, instance_ids, strict=True)
                )
                for n in range(3)
            ],
        )
        session.commit()
        _analyze()
        yield
        db.session.remove()


def _analyze() -> None:
    """Statistics as a live database has them: on PostgreSQL what autovacuum leaves
    (VACUUM ANALYZE, which also marks the pages all-visible, so a count may read an index
    alone), on SQLite ANALYZE."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _user(username: str) -> User:
    return db.session.scalars(select(User).filter_by(username=username)).one()


def _explain(prefix: str, statement: Select) -> list[Any]:
    """Rows of ``prefix`` + the statement as the driver receives it, with its parameters."""
    compiled = statement.compile(dialect=db.engine.dialect)
    params: Any = compiled.params
    if compiled.positiontup is not None:
        params = tuple(compiled.params[name] for name in compiled.positiontup)
    connection = db.session.connection()
    return connection.exec_driver_sql(f"{prefix} {compiled}", params).all()


def _postgres_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _postgres_nodes(child)


def _scans(statement: Select) -> tuple[list[str], list[str]]:
    """(full scans of a big table, index uses) in the plan of ``statement``."""
    if db.engine.dialect.name == "postgresql":
        raw = _explain("EXPLAIN (FORMAT JSON)", statement)[0][0]
        plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
        nodes = list(_postgres_nodes(plan))
        full = [
            f"Seq Scan on {node['Relation Name']}"
            for node in nodes
            if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in BIG_TABLES
        ]
        indexed = [node["Index Name"] for node in nodes if "Index Name" in node]
        indexed += [
            node["Index Name"]
            for node in nodes
            if node["Node Type"] == "Bitmap Index Scan" and "Index Name" in node
        ]
        return full, indexed
    rows = _explain("EXPLAIN QUERY PLAN", statement)
    details = [row[-1] for row in rows]
    full = [
        d
        for d in details
        if any(d == f"SCAN {t}" or d.startswith(f"SCAN {t} ") for t in BIG_TABLES)
        and "INDEX" not in d
    ]
    return full, [d for d in details if "INDEX" in d]


def _assert_indexed(query: Select, filters: dict[str, Any]) -> None:
    """Neither statement of a page of ``query`` reads a big table without an index."""
    _assert_statements_indexed(
        listing.page_statements(query, {"page": 1, "per_page": 20, **filters})
    )


def _assert_statements_indexed(
    statements: tuple[Select, Select], ordered_scan: str = ""
) -> tuple[list[str], list[str]]:
    """Neither statement (total, rows) reads a big table without an index, except
    ``ordered_scan`` where SQLite's plan for the rows is allowed to be its LIMIT scan; returns
    the indexes each used."""
    used = []
    for statement, allowed in zip(statements, ("", ordered_scan), strict=True):
        full, indexed = _scans(statement)
        if allowed in full:
            full.remove(allowed)
        else:
            assert indexed, str(statement)
        assert not full, (full, str(statement))
        used.append(indexed)
    return used[0], used[1]


INBOX_FILTERS = ({}, {"queue": "manual"}, {"declared_grade": 4})
QUERY_FILTERS = (
    {},
    {"status": "under_review"},
    {"declared_grade": 4},
    {"q": "申报人1234"},
    {"q": "01011234"},
)


def test_the_inbox_and_the_application_query_read_through_indexes(app, province):
    with app.app_context():
        reviewer, county = _user(UNIT), _user(COUNTY)
        assert review.inbox(db.session, reviewer, {"page": 1, "per_page": 20}).total > 20
        season = seasons.current(db.session, seasons.EXAM)
        for filters in (*INBOX_FILTERS, {"season": season.id}):
            _assert_indexed(review.inbox_query(reviewer, filters), filters)
        page = exam_listing.search_applications(db.session, county, {"page": 1, "per_page": 20})
        assert 20 < page.total < APPLICATIONS / 20  # one county's share, not the province
        # The page's ids come from an inner select; SQLite (no statistics on LIKE) walks
        # applications newest first there and stops at the page's 20th row of the subtree;
        # its total uses ix_applications_org_id. Documented in docs/performance-log.md.
        chosen = {"season": season.id}  # a page names its season; the API may leave it out
        for filters in (*QUERY_FILTERS, *({**f, **chosen} for f in QUERY_FILTERS)):
            statements = exam_listing.search_statements(
                county, {"page": 1, "per_page": 20, **filters}
            )
            total, _ = _assert_statements_indexed(statements, "SCAN applications")
            if db.engine.dialect.name == "postgresql" and filters.get("q"):
                # a name or ID number search reads the rows that match, not the subtree's
                assert any(name.endswith("_trgm") for name in total), total


def test_on_postgresql_the_counted_tables_are_vacuumed_every_thousand_changes(app):
    """The counts above are index-only scans only while the visibility map is fresh: the
    schema ``create_all`` makes (tests, bench seeds) sets autovacuum's fixed threshold on the
    two tables a step changes, as migration c7e1f3a5b9d4 does."""
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("autovacuum is PostgreSQL's")
    settings = vacuum_settings(app.config["SQLALCHEMY_DATABASE_URI"])
    assert settings == {"tasks": VACUUM_OFTEN, "applications": VACUUM_OFTEN}


def test_a_search_page_is_its_slice_of_the_newest_first_list(app, province):
    """The page's ids are picked before its rows are read: pages still partition the
    county's applications newest first, with and without a search term."""
    with app.app_context():
        county = _user(COUNTY)
        for filters in ({}, {"q": "申报人1"}):
            every = [a.id for a in db.session.scalars(exam_listing.search_query(county, filters))]
            assert every == sorted(every, reverse=True)
            assert len(every) > 10
            for number in (1, 2, 3):
                page = exam_listing.search_applications(
                    db.session, county, {"page": number, "per_page": 5, **filters}
                )
                assert page.total == len(every)
                assert [a.id for a in page.items] == every[(number - 1) * 5 : number * 5]
                assert all("申报人1" in a.name for a in page.items if filters)
