"""The grades 2-5 manual path end to end through the HTTP API on a real database."""

import pytest

from tests.integration.helpers import COUNTY, LEVEL_ORGS, SUPERVISING, UNIT, act, application


def test_pass_at_every_level_is_final_approval(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    submitted = applicant.apply_and_submit()
    assert submitted["status"] == "under_review"
    for org in LEVEL_ORGS:
        assert application(api, applicant.application_id)["waiting_at"]["org_code"] == org
        response = act(api, org, "pass", "材料齐全")
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["state"] == "completed"
    final = application(api, applicant.application_id)
    assert final["status"] == "approved" and final["waiting_at"] is None
    assert all(api.get("/api/tasks", as_=org).get_json()["total"] == 0 for org in LEVEL_ORGS)


def test_unit_without_supervising_unit_goes_straight_to_county(api, applicant_factory):
    applicant = applicant_factory("410181002")
    applicant.apply_and_submit()
    assert act(api, "410181002", "pass").status_code == 200
    assert application(api, applicant.application_id)["waiting_at"]["org_code"] == COUNTY
    assert act(api, COUNTY, "pass").status_code == 200
    assert application(api, applicant.application_id)["status"] == "approved"


@pytest.mark.parametrize("level", range(3))
def test_reject_at_each_level_ends_for_this_year(api, applicant_factory, level):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    for org in LEVEL_ORGS[:level]:
        act(api, org, "pass")
    assert act(api, LEVEL_ORGS[level], "reject", "不符合报考条件").status_code == 200
    assert application(api, applicant.application_id)["status"] == "rejected"
    assert applicant.submit().status_code == 409  # nothing to resubmit
    edit = api.patch(
        f"/api/applications/{applicant.application_id}",
        json={"current_trade": "电工"},
        as_=applicant.id_number,
    )
    assert edit.status_code == 409
    rejected = api.get("/api/tasks/records?action=reject", as_=LEVEL_ORGS[level]).get_json()
    assert [t["application_id"] for t in rejected["items"]] == [applicant.application_id]


@pytest.mark.parametrize("level", range(3))
def test_return_resubmit_and_review_again_from_the_unit(api, applicant_factory, level):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    for org in LEVEL_ORGS[:level]:
        act(api, org, "pass")
    assert act(api, LEVEL_ORGS[level], "return", "照片不清晰").status_code == 200
    returned = api.get(
        f"/api/applications/{applicant.application_id}", as_=applicant.id_number
    ).get_json()
    assert returned["status"] == "returned"
    assert returned["return_reason"] == "照片不清晰"
    assert returned["waiting_at"]["task"] == "修改并重新提交"
    edit = api.patch(
        f"/api/applications/{applicant.application_id}",
        json={"current_trade": "养老护理员"},
        as_=applicant.id_number,
    )
    assert edit.status_code == 200 and edit.get_json()["current_trade"] == "养老护理员"
    assert applicant.upload("photo").status_code == 201
    resubmitted = applicant.submit()
    assert resubmitted.status_code == 200
    assert resubmitted.get_json()["status"] == "under_review"
    assert resubmitted.get_json()["return_reason"] is None
    assert application(api, applicant.application_id)["waiting_at"]["org_code"] == UNIT
    for org in LEVEL_ORGS:
        assert act(api, org, "pass").status_code == 200
    assert application(api, applicant.application_id)["status"] == "approved"
    returns = api.get("/api/tasks/records?action=return", as_=LEVEL_ORGS[level]).get_json()
    assert returns["items"][0]["comment"] == "照片不清晰"


def test_return_requires_a_reason(api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    response = act(api, UNIT, "return", "   ")
    assert response.status_code == 422
    assert "comment" in response.get_json()["fields"]


@pytest.mark.parametrize("level", range(3))
@pytest.mark.parametrize(
    ("outcome", "status"), [("pass", "approved"), ("reject", "rejected"), ("return", "returned")]
)
def test_onsite_transfer_from_each_level(api, applicant_factory, level, outcome, status):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    for org in LEVEL_ORGS[:level]:
        act(api, org, "pass")
    assert act(api, LEVEL_ORGS[level], "onsite", "需现场核验").status_code == 200
    waiting = application(api, applicant.application_id)
    assert waiting["status"] == "onsite"
    assert waiting["waiting_at"] == {"org_code": COUNTY, "org_name": "巩义市", "task": "现场审核"}
    assert api.get("/api/tasks?queue=manual", as_=COUNTY).get_json()["total"] == 0
    response = act(api, COUNTY, outcome, "现场核验意见", queue="onsite")
    assert response.status_code == 200, response.get_json()
    assert application(api, applicant.application_id)["status"] == status


def test_action_not_offered_by_the_task_is_refused(api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    act(api, UNIT, "onsite")
    response = act(api, COUNTY, "onsite", queue="onsite")
    assert response.status_code == 422 and "action" in response.get_json()["fields"]


def test_unknown_action_is_a_validation_error(api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    response = act(api, UNIT, "approve")
    assert response.status_code == 422
    assert response.get_json()["fields"]["action"]


def test_only_the_waiting_org_may_act(api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    task_id = api.get("/api/tasks", as_=UNIT).get_json()["items"][0]["id"]
    # the county sees it (its subtree) but it is not the county's turn
    assert api.get(f"/api/tasks/{task_id}", as_=COUNTY).status_code == 200
    response = api.post(f"/api/tasks/{task_id}/complete", json={"action": "pass"}, as_=COUNTY)
    assert response.status_code == 403
    assert (
        api.post(
            f"/api/tasks/{task_id}/complete", json={"action": "pass"}, as_=SUPERVISING
        ).status_code
        == 403
    )


def test_completed_task_gives_409(api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    task_id = api.get("/api/tasks", as_=UNIT).get_json()["items"][0]["id"]
    assert (
        api.post(f"/api/tasks/{task_id}/complete", json={"action": "pass"}, as_=UNIT).status_code
        == 200
    )
    again = api.post(f"/api/tasks/{task_id}/complete", json={"action": "pass"}, as_=UNIT)
    assert again.status_code == 409 and again.get_json()["error"] == "conflict"
