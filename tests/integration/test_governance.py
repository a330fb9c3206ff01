"""Process governance through the API: the library, drafts checked and compared, deploys
that new applications start on while running ones stay, and who may do what (issue 8)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Deployment, WorkflowInstance
from tests.integration.helpers import COUNTY, UNIT, only_task

PROVINCE, CITY = "410000", "410100"
POLICY = "policy01"
POLICY_PASSWORD = "Zhengce@2026x"
WITHOUT_SUPERVISING_UNIT = "410181002"


def make_policy_user(app, api, username: str = POLICY) -> str:
    """A province admin creates a policy account, which replaces its initial password."""
    created = api.post(
        "/api/users",
        as_=PROVINCE,
        json={"username": username, "name": "政策", "org_code": PROVINCE, "role": "policy"},
    )
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["role"] == "policy"
    initial = app.config["DEFAULT_PASSWORD"]
    api.login(username, initial)
    changed = api.post(
        "/api/auth/password",
        as_=username,
        json={"old_password": initial, "new_password": POLICY_PASSWORD},
    )
    assert changed.status_code == 204, changed.get_json()
    api.login(username, POLICY_PASSWORD)
    return username


@pytest.fixture()
def policy(app, api) -> str:
    return make_policy_user(app, api)


def library_file(api, name: str, as_: str = POLICY) -> str:
    response = api.get(f"/api/definitions/files/{name}", as_=as_)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["content"]


def draft(api, name: str, content: str) -> dict:
    response = api.post("/api/drafts", as_=POLICY, json={"file": name, "content": content})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


FOUR_YEARS = (("&gt;= 5", "&gt;= 4"), ("&lt; 5", "&lt; 4"))


def four_years(text: str) -> str:
    for old, new in FOUR_YEARS:
        text = text.replace(old, new)
    return text


def test_library_lists_files_versions_and_deployments(api, policy):
    body = api.get("/api/definitions", as_=POLICY).get_json()
    files = {f["file"]: f for f in body["files"]}
    assert files["registration.bpmn"]["kind"] == "bpmn"
    assert "registration" in files["registration.bpmn"]["element_ids"]
    assert files["auto_years.dmn"]["element_ids"] == ["auto_years"]
    assert [v["number"] for v in files["auto_years.dmn"]["versions"]] == [1]
    assert body["deployments"][0]["note"] == "初始版本（bpmn/ 目录）"
    vocabulary = api.get("/api/definitions/vocabulary", as_=POLICY).get_json()
    assert {"key": "auto", "label": "自动审核"} in vocabulary["queues"]
    assert api.get("/api/definitions", as_=CITY).status_code == 200  # admins read it
    assert api.get("/api/definitions", as_=COUNTY).status_code == 403


def test_a_draft_is_compared_in_words_and_deployed_as_a_new_version(
    app, api, policy, applicant_factory
):
    running = applicant_factory(WITHOUT_SUPERVISING_UNIT)
    running.apply_and_submit()
    created = draft(api, "auto_years.dmn", four_years(library_file(api, "auto_years.dmn")))
    assert created["base_deployment"] == 1
    changes = api.get(f"/api/drafts/{created['id']}/diff", as_=POLICY).get_json()["changes"]
    assert {
        "element_id": "rule_auto_years_1_in",
        "element_name": "rule_auto_years_1_in",
        "element_type": "inputEntry",
        "change": "changed",
        "properties": [{"name": "text", "before": ">= 5", "after": ">= 4"}],
    } in changes
    assert api.get(f"/api/drafts/{created['id']}/problems", as_=POLICY).get_json() == {
        "problems": []
    }

    no_note = api.post(f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={})
    assert no_note.status_code == 422 and "note" in no_note.get_json()["fields"]
    deployed = api.post(
        f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={"note": "年限改为4年"}
    )
    assert deployed.status_code == 201, deployed.get_json()
    assert deployed.get_json()["deployment"]["number"] == 2
    assert deployed.get_json()["deployment"]["changed"] == ["auto_years.dmn"]
    assert api.get(f"/api/drafts/{created['id']}", as_=POLICY).status_code == 404  # consumed

    library = api.get("/api/definitions", as_=POLICY).get_json()
    years = next(f for f in library["files"] if f["file"] == "auto_years.dmn")
    assert [(v["number"], v["deployment"], v["note"]) for v in years["versions"]] == [
        (1, 1, "初始版本（bpmn/ 目录）"),
        (2, 2, "年限改为4年"),
    ]
    assert (years["versions"][0]["running"], years["versions"][1]["running"]) == (1, 0)
    assert "&gt;= 4" in library_file(api, "auto_years.dmn")
    assert "&gt;= 5" in api.get(
        "/api/definitions/files/auto_years.dmn?deployment=1", as_=POLICY
    ).get_json()["content"]

    # a new application starts on deployment 2, the running one stays on 1 and completes
    newer = applicant_factory(WITHOUT_SUPERVISING_UNIT)
    newer.apply_and_submit()
    with app.app_context():
        numbers = {
            i.application_id: i.definition.deployment.number if i.definition.deployment else None
            for i in db.session.scalars(select(WorkflowInstance))
        }
    assert numbers == {running.application_id: 1, newer.application_id: 2}
    tasks = api.get("/api/tasks", as_=WITHOUT_SUPERVISING_UNIT).get_json()["items"]
    for task in tasks:
        passed = api.post(
            f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_=WITHOUT_SUPERVISING_UNIT
        )
        assert passed.status_code == 200
    county = api.get("/api/tasks", as_=COUNTY).get_json()["items"]
    task = next(t for t in county if t["application_id"] == running.application_id)
    passed = api.post(f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_=COUNTY)
    assert passed.status_code == 200, passed.get_json()
    assert api.get(f"/api/applications/{running.application_id}", as_=COUNTY).get_json()[
        "status"
    ] == "approved"


@pytest.mark.parametrize(
    ("file", "old", "new", "named"),
    [
        (  # code the sandbox refuses
            "registration.bpmn",
            "<bpmn:script>status = 'approved'</bpmn:script>",
            "<bpmn:script>while True: pass</bpmn:script>",
            "set_approved",
        ),
        (  # a call activity whose process does not exist
            "registration.bpmn",
            'calledElement="manual_review"',
            'calledElement="no_such_review"',
            "registration",
        ),
    ],
)
def test_an_invalid_draft_is_refused_at_deploy_naming_the_element(
    app, api, policy, file, old, new, named
):
    text = library_file(api, file)
    assert old in text
    created = draft(api, file, text.replace(old, new))
    problems = api.get(f"/api/drafts/{created['id']}/problems", as_=POLICY).get_json()["problems"]
    assert problems and any(named in p["message"] or named == p["element_id"] for p in problems)
    refused = api.post(f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={"note": "坏"})
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["error"] == "validation_error" and body["problems"] == problems
    assert named in body["message"]
    with app.app_context():
        assert db.session.scalars(select(Deployment.number)).all() == [1]


def test_drafts_refuse_what_is_not_a_diagram_of_their_kind_and_stale_saves(api, policy):
    bpmn = library_file(api, "registration.bpmn")
    for name, content in (
        ("auto_years.dmn", bpmn),
        ("registration.bpmn", "<not-xml"),
        ("registration.bpmn", '<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>'),
    ):
        response = api.post("/api/drafts", as_=POLICY, json={"file": name, "content": content})
        assert response.status_code == 422, response.get_json()
        assert "content" in response.get_json()["fields"]
    created = draft(api, "registration.bpmn", bpmn)
    path = f"/api/drafts/{created['id']}"
    saved = api.client.put(
        path,
        json={"content": bpmn + "\n", "version": created["version"]},
        headers={"Authorization": f"Bearer {api.tokens[POLICY]}"},
    )
    assert saved.status_code == 200 and saved.get_json()["version"] == created["version"] + 1
    stale = api.client.put(
        path,
        json={"content": bpmn, "version": created["version"]},
        headers={"Authorization": f"Bearer {api.tokens[POLICY]}"},
    )
    assert stale.status_code == 409
    assert [d["id"] for d in api.get("/api/drafts", as_=POLICY).get_json()] == [created["id"]]
    assert api.delete(path, as_=POLICY).status_code == 204


def test_policy_staff_review_nothing_and_reviewers_change_no_diagram(
    app, api, policy, applicant_factory
):
    applicant_factory(UNIT).apply_and_submit()
    task = only_task(api, UNIT)
    assert api.get("/api/tasks", as_=POLICY).status_code == 403
    assert api.get(f"/api/tasks/{task['id']}", as_=POLICY).status_code in (403, 404)
    assert (
        api.post(f"/api/tasks/{task['id']}/complete", json={"action": "pass"}, as_=POLICY)
    ).status_code in (403, 404)
    text = library_file(api, "auto_years.dmn")
    created = draft(api, "auto_years.dmn", four_years(text))
    for admin in (PROVINCE, CITY, COUNTY, UNIT):
        assert (
            api.post("/api/drafts", as_=admin, json={"file": "auto_years.dmn", "content": text})
        ).status_code == 403
        assert (
            api.post(f"/api/drafts/{created['id']}/deploy", as_=admin, json={"note": "x"})
        ).status_code == 403
    county_try = api.post(
        "/api/users",
        as_=CITY,
        json={"username": "policy02", "name": "政策", "org_code": CITY, "role": "policy"},
    )
    assert county_try.status_code == 422 and "role" in county_try.get_json()["fields"]
