"""Engine errors: a constant that can only fail is refused at 校验 and deploy, naming its
element; a failure only the data reveals is recorded as an incident (in its own
transaction, the step's having rolled back), listed for policy staff and auditors with the
element, the message, how often, first and last seen, and retried after a fix is deployed:
the instance moved onto the new version and the failed decision run again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Deployment, Incident
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act, only_task
from tests.integration.test_governance import POLICY, draft, library_file, make_policy_user

PROVINCE, CITY = "410000", "410100"
CONDITION = '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">has_supervising_unit<'
# Over the step's integer limit for every declared grade: only the data tells, so it deploys.
FAILING = (
    '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
    "has_supervising_unit and 10 ** (declared_grade * 5000) &gt; 0<"
)


@pytest.fixture()
def policy(app, api) -> str:
    return make_policy_user(app, api)


def deploy(api, file: str, content: str, note: str):
    created = draft(api, file, content)
    return api.post(f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={"note": note})


def test_a_constant_that_explodes_at_run_time_is_refused_at_check_and_deploy(app, api, policy):
    text = library_file(api, "registration.bpmn")
    script = "<bpmn:script>status = 'approved'</bpmn:script>"
    assert script in text
    edited = text.replace(script, "<bpmn:script>status = 'approved'\nx = 9 ** 9 ** 9</bpmn:script>")
    created = draft(api, "registration.bpmn", edited)
    problems = api.get(f"/api/drafts/{created['id']}/problems", as_=POLICY).get_json()["problems"]
    (problem,) = problems
    assert (problem["element_id"], problem["rule"]) == ("set_approved", "code")
    assert "9 ** 9 ** 9" in problem["message"] and "line 2" in problem["message"]
    refused = api.post(f"/api/drafts/{created['id']}/deploy", as_=POLICY, json={"note": "坏"})
    assert refused.status_code == 422
    assert "set_approved" in refused.get_json()["message"]
    with app.app_context():
        assert db.session.scalars(select(Deployment.number)).all() == [1]


def test_a_failing_step_is_listed_as_an_incident_and_retried_after_a_fix(
    app, api, policy, applicant_factory
):
    manual = library_file(api, "manual_review.bpmn")
    assert CONDITION in manual
    assert (
        deploy(api, "manual_review.bpmn", manual.replace(CONDITION, FAILING), "坏").status_code
        == 201
    )
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    task = only_task(api, UNIT)
    for _ in range(2):
        failed = api.post(
            f"/api/tasks/{task['id']}/complete",
            json={"action": "pass", "comment": "同意"},
            as_=UNIT,
        )
        assert failed.status_code == 422
        assert failed.get_json()["error"] == "workflow_error"
    assert only_task(api, UNIT)["id"] == task["id"]  # the step wrote nothing

    listed = api.get("/api/incidents", as_=POLICY)
    assert listed.status_code == 200, listed.get_json()
    (incident,) = listed.get_json()["items"]
    assert incident["application_id"] == applicant.application_id
    assert (incident["process_id"], incident["version_label"]) == ("registration", "v2")
    assert incident["element_id"] == "gw_has_supervising"
    assert "脚本超出运行限制" in incident["message"]
    assert incident["count"] == 2 and incident["open"] and incident["can_retry"]
    assert incident["first_seen"] <= incident["last_seen"]
    assert (incident["task_name"], incident["action"]) == ("单位审核", "pass")
    assert "name" not in incident and "id_number" not in incident  # no personal data
    for admin in (PROVINCE, CITY, COUNTY):  # auditors see their subtree's
        assert api.get("/api/incidents", as_=admin).get_json()["total"] == 1, admin
    assert api.get("/api/incidents", as_=UNIT).status_code == 403
    retry = f"/api/incidents/{incident['id']}/retry"
    assert api.post(retry, as_=PROVINCE, json={}).status_code == 403

    again = api.post(retry, as_=POLICY, json={"migrate": True})  # nothing fixed yet
    assert again.status_code == 422
    assert api.get("/api/incidents", as_=POLICY).get_json()["items"][0]["count"] == 3

    assert deploy(api, "manual_review.bpmn", manual, "修复").status_code == 201
    retried = api.post(retry, as_=POLICY, json={"migrate": True})
    assert retried.status_code == 200, retried.get_json()
    assert only_task(api, SUPERVISING)["application_id"] == applicant.application_id
    assert api.get("/api/incidents", as_=POLICY).get_json()["total"] == 0
    (closed,) = api.get("/api/incidents?state=all", as_=POLICY).get_json()["items"]
    assert not closed["open"] and closed["retried_by"] == "政策"
    history = api.get(f"/api/applications/{applicant.application_id}/history", as_=COUNTY)
    actions = [(e["action"], e["actor"]) for e in history.get_json()]
    assert actions[-2][0] == "migrate"
    (decision,) = [e for e in history.get_json() if e["action"] == "pass"]
    # the fix restored v1's files, so the latest deployment runs v1 again: moved back onto it
    assert decision["definition"]["label"] == "v1" and decision["comment"] == "同意"
    assert decision["details"]["retry"]["by"] == "政策"
    assert api.post(retry, as_=POLICY, json={}).status_code == 409  # it has moved on
    assert act(api, SUPERVISING, "pass").status_code == 200


def test_the_failure_is_recorded_though_the_step_rolled_back(app, api, policy, applicant_factory):
    """The incident row is committed on its own: the failed step left no trace but it."""
    manual = library_file(api, "manual_review.bpmn")
    assert (
        deploy(api, "manual_review.bpmn", manual.replace(CONDITION, FAILING), "坏").status_code
        == 201
    )
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    with app.app_context():
        assert db.session.scalars(select(Incident)).all() == []
    assert act(api, UNIT, "pass").status_code == 422
    with app.app_context():
        (row,) = db.session.scalars(select(Incident)).all()
        assert (row.count, row.action, row.instance.version) == (1, "pass", row.instance_version)


def test_the_incident_page_is_for_policy_staff_and_auditors(app) -> None:
    from tests.integration.test_governance_pages import web_login

    for user, menu in (("policy", True), (PROVINCE, True), (COUNTY, True)):
        client = web_login(app, user)
        page = client.get("/governance/incidents")
        assert page.status_code == 200, user
        assert (">故障实例<" in client.get("/governance/incidents").get_data(as_text=True)) == menu
    assert web_login(app, UNIT).get("/governance/incidents").status_code == 403
