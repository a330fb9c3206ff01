"""流程审计 over the API on both databases: the instance view of an application on its diagrams,
instance search with its filters, and the stuck-task list per org; who may use them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import Task, WorkflowInstance
from app.platform.models.base import utcnow
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act

PROVINCE, CITY = "410000", "410100"


def _at_county(api, applicant_factory) -> int:
    """An application reviewed unit -> supervising unit, now waiting at the county."""
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    assert act(api, UNIT, "pass", queue="manual").status_code == 200
    assert act(api, SUPERVISING, "pass", queue="manual").status_code == 200
    return applicant.application_id


def _age(app, application_id: int, days: int) -> None:
    """Pretend the application's instances and tasks began ``days`` days ago."""
    then = utcnow() - timedelta(days=days)
    with app.app_context():
        db.session.execute(
            update(WorkflowInstance)
            .where(WorkflowInstance.application_id == application_id)
            .values(created_at=then)
        )
        db.session.execute(
            update(Task).where(Task.application_id == application_id).values(created_at=then)
        )
        db.session.commit()


def _other_city_admin(api, app) -> str:
    created = api.post(
        "/api/orgs",
        as_=PROVINCE,
        json={"code": "410300", "name": "洛阳市", "level": "city", "parent_code": PROVINCE},
    )
    assert created.status_code == 201, created.get_json()
    api.login("410300", app.config["ORG_INITIAL_PASSWORD"])
    changed = api.post(
        "/api/auth/password",
        as_="410300",
        json={"old_password": app.config["ORG_INITIAL_PASSWORD"], "new_password": "Lyang@2026x"},
    )
    assert changed.status_code == 204
    api.login("410300", "Lyang@2026x")
    return "410300"


def test_instance_view_shows_the_path_taken_and_the_waiting_task(api, applicant_factory):
    application_id = _at_county(api, applicant_factory)
    response = api.get(f"/api/applications/{application_id}/instances", as_=PROVINCE)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    (instance,) = body["instances"]
    assert (instance["process_id"], instance["completed"]) == ("registration", False)
    assert instance["version_label"] == f"v{instance['number']}"
    main, manual = instance["diagrams"]
    assert (main["process_id"], manual["process_id"]) == ("registration", "manual_review")
    assert main["file"] == "registration.bpmn" and 'id="registration"' in main["xml"]
    assert 'id="manual_review"' in manual["xml"]
    assert main["elements"]["call_manual"]["state"] == "waiting"
    elements = manual["elements"]
    assert elements["review_unit"]["state"] == "completed"
    assert elements["review_supervising"]["state"] == "completed"
    assert elements["review_county"]["state"] == "waiting"
    assert elements["review_county"]["lane_label"] == "县区"
    assert "f_start" in manual["flows"] and "f_manual" in main["flows"]

    tasks = {t["spec_id"]: t for t in instance["tasks"]}
    assert tasks["review_unit"]["who"] and tasks["review_unit"]["action_label"] == "通过"
    assert tasks["review_unit"]["org_name"] == "巩义市人民医院"
    assert tasks["review_unit"]["duration_seconds"] >= 0
    assert tasks["review_county"]["state"] == "ready" and tasks["review_county"]["who"] is None
    assert {t["process_id"] for t in instance["tasks"]} == {"manual_review"}

    steps = [s for s in instance["data_steps"] if s["element_id"] == "review_unit"]
    assert steps[0]["data"]["action"] == "pass" and "action" in steps[0]["changed"]
    assert [e["action"] for e in body["events"]][-3:] == ["submit", "pass", "pass"]
    assert "*" in body["application"]["id_number"]


def test_side_process_is_listed_after_the_main_one(api, applicant_factory):
    applicant = applicant_factory("410122001")
    applicant.apply_and_submit()
    for org in ("410122001", "410122"):
        assert act(api, org, "pass", queue="manual").status_code == 200
    started = api.post(
        "/api/rechecks", as_=CITY, json={"application_ids": [applicant.application_id]}
    )
    assert started.status_code == 201, started.get_json()
    body = api.get(f"/api/applications/{applicant.application_id}/instances", as_=CITY).get_json()
    assert [i["process_id"] for i in body["instances"]] == ["registration", "recheck"]
    main, side = body["instances"]
    assert main["completed"] and main["diagrams"][0]["elements"]["end_approved"]["state"] == "completed"
    waiting = [k for k, e in side["diagrams"][0]["elements"].items() if e["state"] == "waiting"]
    assert len(waiting) == 1 and side["tasks"][0]["org_name"] == "郑州市"


def test_who_may_audit(api, app, applicant_factory):
    application_id = _at_county(api, applicant_factory)
    path = f"/api/applications/{application_id}/instances"
    for admin in (PROVINCE, CITY, COUNTY):
        assert api.get(path, as_=admin).status_code == 200
    for lower in (UNIT, SUPERVISING):
        assert api.get(path, as_=lower).status_code == 403
        assert api.get("/api/instances", as_=lower).status_code == 403
        assert api.get("/api/instances/stuck", as_=lower).status_code == 403
    stranger = _other_city_admin(api, app)
    assert api.get(path, as_=stranger).status_code == 404
    assert api.get("/api/instances", as_=stranger).get_json()["total"] == 0
    assert api.get("/api/instances/stuck?days=0", as_=stranger).get_json()["orgs"] == []


def test_search_filters(api, app, applicant_factory):
    at_county = _at_county(api, applicant_factory)
    waiting_unit = applicant_factory(UNIT)
    waiting_unit.apply_and_submit()
    approved = applicant_factory("410122001")
    approved.apply_and_submit()
    for org in ("410122001", "410122"):
        assert act(api, org, "pass", queue="manual").status_code == 200
    _age(app, waiting_unit.application_id, 10)

    def ids(query: str = "") -> set[int]:
        response = api.get(f"/api/instances?{query}", as_=PROVINCE)
        assert response.status_code == 200, response.get_json()
        return {row["application"]["id"] for row in response.get_json()["items"]}

    everything = {waiting_unit.application_id, at_county, approved.application_id}
    assert ids() == everything
    assert ids("status=approved") == {approved.application_id}
    assert ids("state=completed") == {approved.application_id}
    assert ids("level=county") == {at_county}
    assert ids("level=unit") == {waiting_unit.application_id}
    assert ids(f"waiting_org={COUNTY}") == {at_county}
    assert ids("org=410122") == {approved.application_id}
    assert ids("started_days=7") == ids("waiting_days=7") == {waiting_unit.application_id}
    assert ids("process_id=registration") == everything
    assert ids("process_id=recheck") == set()
    row = api.get(f"/api/instances?q={waiting_unit.name}", as_=PROVINCE).get_json()["items"][0]
    assert row["age_days"] == 10 and row["waiting"]["days"] == 10
    assert row["waiting"]["level_label"] == "单位" and row["waiting"]["org_name"] == "巩义市人民医院"
    assert ids(f"version={row['version'][:6]}") == everything
    assert ids(f"definition_id={row['definition_id']}") == everything
    assert ids("version=ffff0000") == set()
    assert ids("number=1") == everything and ids("number=2") == set()
    assert ids("status=approved&level=county") == set()
    assert api.get("/api/instances", as_=CITY).get_json()["total"] == 3
    assert api.get("/api/instances", as_="410122").get_json()["total"] == 1


@pytest.mark.parametrize("bad", ["level=mars", "days=-1", "per_page=0"])
def test_stuck_refuses_bad_filters(api, bad):
    response = api.get(f"/api/instances/stuck?{bad}", as_=PROVINCE)
    assert response.status_code == 422 and response.get_json()["error"] == "validation_error"


def test_stuck_list_counts_per_org(api, app, applicant_factory):
    old_unit = applicant_factory(UNIT)
    old_unit.apply_and_submit()
    fresh_unit = applicant_factory(UNIT)
    fresh_unit.apply_and_submit()
    county = applicant_factory("410181002")  # no supervising unit: unit -> county
    county.apply_and_submit()
    assert act(api, "410181002", "pass", queue="manual").status_code == 200
    _age(app, old_unit.application_id, 9)
    _age(app, county.application_id, 30)

    body = api.get("/api/instances/stuck?days=7", as_=PROVINCE).get_json()
    assert body["days"] == 7 and body["total"] == 2
    counts = {(o["org_name"], o["level_label"]): o["count"] for o in body["orgs"]}
    assert counts == {("巩义市人民医院", "单位"): 1, ("巩义市", "县区"): 1}
    assert [i["application"]["id"] for i in body["items"]] == [
        county.application_id,
        old_unit.application_id,
    ]
    assert body["items"][0]["days"] == 30

    everything = api.get("/api/instances/stuck?days=0", as_=PROVINCE).get_json()
    assert {(o["org_code"], o["count"]) for o in everything["orgs"]} == {(UNIT, 2), (COUNTY, 1)}
    only_county = api.get("/api/instances/stuck?days=0&level=county", as_=CITY).get_json()
    assert [o["org_code"] for o in only_county["orgs"]] == [COUNTY]
    assert api.get("/api/instances/stuck?days=0", as_="410122").get_json()["total"] == 0


def test_finished_call_activity_leaves_the_live_state_but_not_the_view(
    api, app, applicant_factory
):
    """Once 二至五级审核 (call_manual) has finished, the state a step reads and writes no longer
    carries its sub-process; the instance view still shows every step taken inside it."""
    application_id = _at_county(api, applicant_factory)
    with app.app_context():
        (before,) = db.session.scalars(
            select(WorkflowInstance).filter_by(application_id=application_id)
        ).all()
        assert len(before.state["subprocesses"]) == 1 and before.finished_subprocesses is None
    assert act(api, COUNTY, "pass", queue="manual").status_code == 200

    with app.app_context():
        (after,) = db.session.scalars(
            select(WorkflowInstance).filter_by(application_id=application_id)
        ).all()
        assert after.state["subprocesses"] == {}
        (finished,) = after.finished_subprocesses.values()
        assert finished["spec"] == "manual_review"
    response = api.get(f"/api/applications/{application_id}/instances", as_=PROVINCE)
    assert response.status_code == 200, response.get_json()
    (instance,) = response.get_json()["instances"]
    main, manual = instance["diagrams"]
    assert main["elements"]["call_manual"]["state"] == "completed"
    elements = manual["elements"]
    for spec_id in ("review_unit", "review_supervising", "review_county"):
        assert elements[spec_id]["state"] == "completed", spec_id
    assert {t["spec_id"] for t in instance["tasks"]} >= {"review_unit", "review_county"}


def test_each_round_of_a_call_activity_is_kept_apart(api, app, applicant_factory):
    """A return sends the application through 二至五级审核 again: each finished round is
    appended to the finished sub-processes (none overwrites another) and the view shows both."""
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    assert act(api, UNIT, "return", "照片不清晰").status_code == 200
    assert applicant.submit().status_code == 200
    for org in (UNIT, SUPERVISING, COUNTY):
        assert act(api, org, "pass", queue="manual").status_code == 200

    with app.app_context():
        (row,) = db.session.scalars(
            select(WorkflowInstance).filter_by(application_id=applicant.application_id)
        ).all()
        assert row.completed and row.state["subprocesses"] == {}
        rounds = row.finished_subprocesses.values()
        assert [sp["spec"] for sp in rounds] == ["manual_review", "manual_review"]
    response = api.get(f"/api/applications/{applicant.application_id}/instances", as_=PROVINCE)
    assert response.status_code == 200, response.get_json()
    (instance,) = response.get_json()["instances"]
    reviewed = [t["action"] for t in instance["tasks"] if t["spec_id"] == "review_unit"]
    assert sorted(reviewed) == ["pass", "return"]


def _sub_process_steps(api, application_id: int) -> dict[tuple[str, str], dict]:
    """The data after each step of 二至五级审核 (manual_review) in the instance view, by
    (element, time of the step)."""
    response = api.get(f"/api/applications/{application_id}/instances", as_=PROVINCE)
    assert response.status_code == 200, response.get_json()
    (instance,) = response.get_json()["instances"]
    return {
        (step["element_id"], step["at"]): step["data"]
        for step in instance["data_steps"]
        if step["process_id"] == "manual_review"
    }


def test_a_finished_call_activity_keeps_the_data_after_each_of_its_steps(
    api, app, applicant_factory
):
    """The data after each step inside 二至五级审核 reads the same once the call activity has
    finished (its sub-process moved to ``finished_subprocesses``) as while it ran. Each task
    stores only its change from its parent: restoring a child before its parent (the
    finished part is appended through JSONB on PostgreSQL, which orders keys its own way)
    read every change against nothing."""
    application_id = _at_county(api, applicant_factory)
    running = _sub_process_steps(api, application_id)
    assert {element for element, _ in running} >= {"review_unit", "review_supervising"}
    assert act(api, COUNTY, "pass", queue="manual").status_code == 200

    finished = _sub_process_steps(api, application_id)
    assert {key: finished[key] for key in running} == running
    (county,) = [data for (element, _), data in finished.items() if element == "review_county"]
    assert county["action"] == "pass" and county.keys() >= running_unit_keys(running)


def running_unit_keys(steps: dict[tuple[str, str], dict]) -> set[str]:
    """The keys the data held after 单位审核, which every later step still holds."""
    (unit,) = [data for (element, _), data in steps.items() if element == "review_unit"]
    return set(unit)
