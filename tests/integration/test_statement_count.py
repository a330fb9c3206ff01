"""How many SQL statements a review step and an inbox page cost, over HTTP, so that a change
that brings back a query per step (or per row) fails here rather than in production.

The limits are what the code reaches today (docs/performance.md, docs/performance-log.md), not aspirations:

A review step (POST /api/tasks/<id>/complete as a reviewer with a token) issues 10 statements
on both databases: the token's user (with its org), the task with its application, the
workflow instance with its definition version (its sources deferred: the parsed spec is
cached by the version) and its open task rows in the same statement, the org chain (only
because the next task has to be routed; those org rows also serve the response), the head of
the application's audit chain, then the writes: UPDATE task, UPDATE instance (optimistic
version check), UPDATE application, INSERT next task, INSERT audit event. On PostgreSQL the
head is read by ``audit_chain_head``, which first takes the advisory lock that serialises
appenders to one chain. Round 3 saved two statements (the open task rows were a statement of
their own, and so was the lock on PostgreSQL). Nothing is selected again after the commit to
build the response.

An inbox page issues 3: the token's user, the count and the page (applications joined in
the same statement, every row's unit and parent code without a query per row).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.extensions import db
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT

STEP_STATEMENTS = {"sqlite": 10, "postgresql": 10}
INBOX_STATEMENTS = 3


@contextmanager
def counted(app) -> Iterator[list[str]]:
    """Every statement the app's engine sends to the database inside the block."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _dialect(app) -> str:
    with app.app_context():
        return db.engine.dialect.name


def _ready_task(api, org: str) -> int:
    body = api.get("/api/tasks", as_=org).get_json()
    return body["items"][0]["id"]


@pytest.mark.parametrize("org", [UNIT, SUPERVISING, COUNTY])
def test_a_review_step_over_http_stays_within_its_statement_budget(
    app, api, applicant_factory, org
):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    for earlier in (UNIT, SUPERVISING, COUNTY)[: (UNIT, SUPERVISING, COUNTY).index(org)]:
        task_id = _ready_task(api, earlier)
        response = api.post(f"/api/tasks/{task_id}/complete", json={"action": "pass"}, as_=earlier)
        assert response.status_code == 200, response.get_json()
    task_id = _ready_task(api, org)  # also logs the reviewer in: the token exists already

    with counted(app) as statements:
        response = api.post(
            f"/api/tasks/{task_id}/complete", json={"action": "pass", "comment": "同意"}, as_=org
        )

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["state"] == "completed" and body["action"] == "pass"
    assert body["application"]["unit"]["parent_code"] == SUPERVISING
    listed = "\n".join(statements)
    assert len(statements) <= STEP_STATEMENTS[_dialect(app)], listed


def test_the_response_of_a_step_names_where_the_application_now_waits(app, api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    task_id = _ready_task(api, UNIT)
    body = api.post(f"/api/tasks/{task_id}/complete", json={"action": "pass"}, as_=UNIT).get_json()
    assert body["application"]["waiting_at"]["org_code"] == SUPERVISING
    assert body["application"]["status"] == "under_review"


def test_an_inbox_page_costs_the_same_statements_for_one_row_or_many(app, api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    api.login(UNIT)
    with counted(app) as one_row:
        first = api.get("/api/tasks?per_page=20", as_=UNIT)
    assert first.get_json()["total"] == 1
    for _ in range(4):
        applicant_factory(UNIT).apply_and_submit()
    with counted(app) as five_rows:
        page = api.get("/api/tasks?per_page=20", as_=UNIT)

    assert page.status_code == 200
    items = page.get_json()["items"]
    assert len(items) == 5
    assert {item["application"]["unit"]["parent_code"] for item in items} == {SUPERVISING}
    assert len(five_rows) == len(one_row) <= INBOX_STATEMENTS, "\n".join(five_rows)


def test_an_application_list_page_looks_up_no_org_per_row(app, api, applicant_factory):
    """Rows waiting at different orgs, each showing its unit, the unit's parent and where it
    waits: still the token's user, the total and the page."""
    for _ in range(3):
        applicant_factory(UNIT).apply_and_submit()
    task_id = _ready_task(api, UNIT)
    assert (
        api.post(f"/api/tasks/{task_id}/complete", json={"action": "pass"}, as_=UNIT).status_code
        == 200
    )
    api.login(COUNTY)
    with counted(app) as statements:
        page = api.get("/api/applications?per_page=20", as_=COUNTY)

    assert page.status_code == 200
    waiting = {item["waiting_at"]["org_code"] for item in page.get_json()["items"]}
    assert waiting == {UNIT, SUPERVISING}
    assert len(statements) <= INBOX_STATEMENTS, "\n".join(statements)
