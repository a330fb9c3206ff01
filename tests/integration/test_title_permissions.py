"""Reviewer roles and permissions on the title platform: a reviewer's inbox holds only its
role's tasks in its series, the task detail only its sections, and a hidden section is
refused through the API; two reviewers completing one task at once: one wins, one gets 409."""

from __future__ import annotations

import threading

from app.platform.services import cases
from tests.integration.title_helpers import (
    SUPERVISING,
    UNIT,
    add_declarant,
    add_reviewer,
    declare,
    inbox,
    only_task,
    submit,
)


def test_a_handler_sees_only_its_series_and_not_the_leaders_tasks(app, api):
    health = add_reviewer(api, UNIT, "handler", series=("health",))
    engineering = add_reviewer(api, UNIT, "leader", series=("engineering",))
    nurse, engineer = add_declarant(api, name="护士"), add_declarant(api, name="工程师")
    submit(api, nurse, declare(api, nurse))
    submit(api, engineer, declare(api, engineer, series="engineering", specialty="土木"))

    (item,) = inbox(api, health)
    assert item["declaration"]["series"] == "health"
    assert item["task"]["candidate_role"] == "handler"
    assert item["task"]["actions"] == ["pass", "return", "reject"]
    assert inbox(api, engineering) == []  # the engineering task waits for a handler
    other_series = next(t["id"] for t in _all_unit_tasks(app) if t["series"] == "engineering")
    refused = api.post(
        f"/api/title/tasks/{other_series}/complete", json={"action": "pass"}, as_=health
    )
    assert refused.status_code == 403 and "工程" in refused.get_json()["message"]
    detail = api.get(f"/api/title/tasks/{other_series}", as_=health)
    assert detail.status_code == 403


def _all_unit_tasks(app) -> list[dict]:
    from app.extensions import db
    from app.models import CaseTask

    with app.app_context():
        rows = db.session.query(CaseTask).filter_by(state="ready").all()
        return [{"id": r.id, "series": r.series, "role": r.candidate_role} for r in rows]


def test_task_detail_shows_only_permitted_sections_and_a_hidden_one_is_refused(app, api):
    handler = add_reviewer(api, UNIT, "handler", sections=["basic", "education"])
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    submit(api, declarant, declaration_id)
    task = only_task(api, handler)

    detail = api.get(f"/api/title/tasks/{task['id']}", as_=handler).get_json()
    shown = detail["declaration"]
    assert set(shown["sections"]) == {"basic", "education"}
    assert shown["sections"]["education"][0]["school"] == "郑州大学"
    assert "papers" in shown["hidden_sections"]

    base = f"/api/title/declarations/{declaration_id}/sections"
    assert api.get(f"{base}/basic", as_=handler).get_json()["content"]["name"] == "申报人"
    hidden = api.get(f"{base}/papers", as_=handler)
    assert hidden.status_code == 403
    assert hidden.get_json()["message"] == "您没有查看“论文”板块的权限"
    assert api.get(f"{base}/nonsense", as_=handler).status_code == 404
    assert api.get(f"{base}/papers", as_=declarant).status_code == 200  # the declarant's own


def test_another_orgs_declaration_does_not_exist_for_a_reviewer(app, api):
    from tests.integration.test_authorization_matrix import FOREIGN_ORGS, PROVINCE

    for org in FOREIGN_ORGS:
        assert api.post("/api/orgs", as_=PROVINCE, json=org).status_code == 201
    foreign_unit = FOREIGN_ORGS[-1]["code"]
    from tests.integration.title_helpers import first_login

    first_login(api, foreign_unit, app.config["ORG_INITIAL_PASSWORD"])
    stranger = add_declarant(api, unit=foreign_unit)
    declaration_id = declare(api, stranger)
    submit(api, stranger, declaration_id)
    handler = add_reviewer(api, UNIT, "handler")
    base = f"/api/title/declarations/{declaration_id}"
    assert api.get(base, as_=handler).status_code == 404
    assert api.get(f"{base}/sections/basic", as_=handler).status_code == 404
    assert api.get(base, as_=UNIT).status_code == 404
    foreign_task = only_task(api, add_reviewer(api, foreign_unit, "handler"))
    assert api.get(f"/api/title/tasks/{foreign_task['id']}", as_=handler).status_code == 404
    done = api.post(
        f"/api/title/tasks/{foreign_task['id']}/complete", json={"action": "pass"}, as_=handler
    )
    assert done.status_code == 404


def test_an_account_without_a_title_role_has_no_inbox(app, api):
    response = api.get("/api/title/tasks", as_=SUPERVISING)
    assert response.status_code == 403
    assert "审查角色" in response.get_json()["message"]


def test_two_simultaneous_completions_one_wins_the_other_gets_409(app, api, monkeypatch):
    first = add_reviewer(api, UNIT, "handler")
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    submit(api, declarant, declaration_id)
    task_id = only_task(api, first)["id"]
    token = api.tokens[first]

    # Both requests load the same instance version before either commits.
    barrier = threading.Barrier(2, timeout=20)
    real_step = cases.step.complete

    def step_then_wait(*args, **kwargs):
        result = real_step(*args, **kwargs)
        barrier.wait()
        return result

    monkeypatch.setattr(cases.step, "complete", step_then_wait)
    responses = []

    def complete(action: str) -> None:
        client = app.test_client()
        responses.append(
            client.post(
                f"/api/title/tasks/{task_id}/complete",
                json={"action": action, "comment": "意见"},
                headers={"Authorization": f"Bearer {token}"},
            )
        )

    threads = [threading.Thread(target=complete, args=(a,)) for a in ("pass", "reject")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    monkeypatch.undo()

    assert sorted(r.status_code for r in responses) == [200, 409]
    winner = next(r for r in responses if r.status_code == 200).get_json()["action"]
    status = api.get(f"/api/title/declarations/{declaration_id}", as_=declarant).get_json()
    assert status["declaration"]["status"] == {"pass": "under_review", "reject": "rejected"}[winner]
    from app.extensions import db
    from app.models import AuditEvent

    with app.app_context():
        decisions = (
            db.session.query(AuditEvent.action)
            .filter(AuditEvent.chain == f"title:{declaration_id}")
            .filter(AuditEvent.action.in_(("pass", "reject")))
            .all()
        )
    assert [a for (a,) in decisions] == [winner]
