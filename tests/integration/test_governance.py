"""Process governance through the API: the library, drafts checked and compared, deploys
that new applications start on while running ones stay, and who may do what (issue 8)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Deployment, WorkflowInstance
from handlers.idcard import mask
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
    assert [r["deployment"] for r in files["auto_years.dmn"]["revisions"]] == [1]
    processes = {p["process_id"]: p for p in body["processes"]}
    assert processes["registration"]["current"] == 1
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
    assert [(r["deployment"], r["note"]) for r in years["revisions"]] == [
        (1, "初始版本（bpmn/ 目录）"),
        (2, "年限改为4年"),
    ]
    assert [[u["label"] for u in r["used_by"] if u["process_id"] == "registration"]
            for r in years["revisions"]] == [["v1"], ["v2"]]
    registration = next(p for p in library["processes"] if p["process_id"] == "registration")
    assert [(v["label"], v["running"]) for v in registration["versions"]] == [("v1", 1), ("v2", 0)]
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
            "call_manual",
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


def _rename_task(text: str, old_id: str, new_id: str) -> str:
    """Give a task a new id everywhere (flows and drawing too): the old element is gone."""
    return text.replace(f'"{old_id}"', f'"{new_id}"').replace(
        f">{old_id}<", f">{new_id}<"
    ).replace(f'"{old_id}_di"', f'"{new_id}_di"')


def test_migration_moves_compatible_instances_and_refuses_others(app, api, policy, applicant_factory):
    at_unit = applicant_factory(UNIT)
    at_unit.apply_and_submit()
    at_county = applicant_factory(WITHOUT_SUPERVISING_UNIT)
    at_county.apply_and_submit()
    assert act_on(api, WITHOUT_SUPERVISING_UNIT, at_county.application_id, "pass") == 200
    text = library_file(api, "manual_review.bpmn")
    edited = _rename_task(text.replace("县区人工审核", "县级人工审核"), "review_unit", "review_unit_2")
    created = draft(api, "manual_review.bpmn", edited)
    deployed = api.post(f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={"note": "改名"})
    assert deployed.status_code == 201, deployed.get_json()

    def snapshot():
        with app.app_context():
            return [
                (i.id, i.definition_id, i.version) for i in db.session.scalars(
                    select(WorkflowInstance).order_by(WorkflowInstance.id))
            ]

    before = snapshot()
    dry = api.post(
        "/api/migrations", as_=POLICY, json={"process_id": "registration", "dry_run": True}
    )
    assert dry.status_code == 200, dry.get_json()
    outcome = {r["application_id"]: r for r in dry.get_json()}
    assert outcome[at_county.application_id]["outcome"] == "move"
    assert (outcome[at_county.application_id]["from"], outcome[at_county.application_id]["to"]) == (1, 2)
    refused = outcome[at_unit.application_id]
    assert refused["outcome"] == "refuse"
    assert "“单位审核”(review_unit)" in refused["reason"]
    assert refused["waiting"] == [
        {"spec_id": "review_unit", "name": "单位审核", "target_id": "review_unit_2"}
    ]
    assert snapshot() == before  # a dry run writes nothing

    county_task = only_task(api, COUNTY)
    applied = api.post(
        "/api/migrations", as_=POLICY, json={"process_id": "registration", "dry_run": False}
    ).get_json()
    assert [r["outcome"] for r in applied] == ["refuse", "move"]
    moved = only_task(api, COUNTY)
    assert moved["id"] == county_task["id"]  # the same open task row
    assert moved["name"] == "县级人工审核"  # and it now reads as the target version
    history = api.get(f"/api/applications/{at_county.application_id}/history", as_=COUNTY)
    assert "migrate" in history.get_data(as_text=True)
    done = api.post(f"/api/tasks/{moved['id']}/complete", json={"action": "pass"}, as_=COUNTY)
    assert done.status_code == 200, done.get_json()
    assert api.get(f"/api/applications/{at_county.application_id}", as_=COUNTY).get_json()[
        "status"
    ] == "approved"
    assert api.post(
        "/api/migrations", as_=PROVINCE, json={"process_id": "registration", "dry_run": True}
    ).status_code == 403


def act_on(api, org: str, application_id: int, action: str) -> int:
    tasks = api.get("/api/tasks", as_=org).get_json()["items"]
    task = next(t for t in tasks if t["application_id"] == application_id)
    return api.post(
        f"/api/tasks/{task['id']}/complete", json={"action": action}, as_=org
    ).status_code


def table_fingerprint(app) -> dict[str, tuple[int, str]]:
    """Every table: its row count and a hash of all its rows."""
    import hashlib

    with app.app_context():
        found = {}
        for table in db.metadata.sorted_tables:
            rows = db.session.execute(
                select(table).order_by(*table.primary_key.columns)
            ).all()
            digest = hashlib.sha256(repr([tuple(r) for r in rows]).encode()).hexdigest()
            found[table.name] = (len(rows), digest)
        db.session.rollback()
        return found


def test_simulating_five_to_four_years_reports_the_change_and_writes_nothing(
    app, api, policy, applicant_factory
):
    from tests.integration.test_paths import qualify

    four = applicant_factory(WITHOUT_SUPERVISING_UNIT)
    qualify(app, four, cert_year=2022)  # 4 years before 2026: manual today, auto at 4
    four.apply_and_submit(current_grade_year=2022)
    six = applicant_factory(UNIT)
    qualify(app, six, cert_year=2020)  # auto either way
    six.apply_and_submit(current_grade_year=2020)
    applicant_factory(UNIT).apply_with_photos()  # a draft application is not simulated
    created = draft(api, "auto_years.dmn", four_years(library_file(api, "auto_years.dmn")))
    before = table_fingerprint(app)

    response = api.post(f"/api/drafts/{created['id']}/simulate", as_=POLICY, json={})

    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["years"] == [2026, 2025]
    assert (report["total"], report["changed"]) == (2, 1)
    assert (report["auto_instead_of_manual"], report["manual_instead_of_auto"]) == (1, 0)
    [affected] = report["affected"]
    assert affected["application_id"] == four.application_id
    # what shapes the path, never who applied (policy staff see no person's data)
    assert (affected["unit"], affected["declared_grade"]) == ("巩义市北山口镇政府", 3)
    text = response.get_data(as_text=True)
    assert mask(four.id_number) not in text and four.id_number[:6] not in text
    assert four.name not in text
    assert "县区：县区人工审核" in affected["before"] and "县区：自动审核" in affected["after"]
    county = next(level for level in report["levels"] if level["lane"] == "county")
    assert (county["before"], county["after"]) == (2, 2)
    assert table_fingerprint(app) == before
    assert api.post(f"/api/drafts/{created['id']}/simulate", as_=PROVINCE, json={}).status_code == 403


def test_export_and_sync_definitions_from_the_command_line(app, api, policy, tmp_path):
    runner = app.test_cli_runner()
    created = draft(api, "auto_years.dmn", four_years(library_file(api, "auto_years.dmn")))
    api.post(f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={"note": "四年"})
    for number, folder in ((None, tmp_path / "latest"), (1, tmp_path / "first")):
        args = ["export-definitions", str(folder)] + (["--deployment", "1"] if number else [])
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
        with app.app_context():
            from app.platform.services import deployments

            sources = deployments.get(db.session, number).sources
        assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == sources
    assert runner.invoke(args=["export-definitions", str(tmp_path), "--deployment", "9"]).exit_code
    # bpmn/ differs from deployment 2 (the 4-year table): sync deploys it again as #3
    synced = runner.invoke(args=["sync-definitions", "--note", "回到目录版本"])
    assert synced.exit_code == 0 and "deployment 3: 回到目录版本" in synced.output
    again = runner.invoke(args=["sync-definitions"])
    assert "deployment 3" in again.output  # unchanged: nothing new
