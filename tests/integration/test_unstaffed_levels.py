"""A level with nobody who can review is skipped, as seed 000 says ("若无主管单位管理员，则直接
进入县区管理员审核列表"; the supervising unit reviews "无单位管理员且已提交的报考人员"), and the
skip shows in 操作历史. Whether a level can review is judged when the review reaches it, and
reviews already waiting at a level move on when its last reviewer is deactivated."""

from __future__ import annotations

import pytest

from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act, only_task


def _account(api, username: str) -> dict:
    users = api.get("/api/users", as_=COUNTY).get_json()
    return next(user for user in users if user["username"] == username)


def deactivate(api, username: str) -> None:
    """The county admin deactivates an account of its subtree through the API."""
    user = _account(api, username)
    response = api.patch(
        f"/api/users/{user['id']}", json={"name": user["name"], "active": False}, as_=COUNTY
    )
    assert response.status_code == 200, response.get_json()


def skips(api, application_id: int) -> list[str]:
    history = api.get(f"/api/applications/{application_id}/history", as_=COUNTY).get_json()
    return [event["comment"] for event in history if event["action"] == "skip"]


def waiting_at(api, application_id: int) -> str:
    body = api.get(f"/api/applications/{application_id}", as_=COUNTY).get_json()
    return body["waiting_at"]["org_code"]


@pytest.mark.parametrize(
    "form", [{}, {"exceptional": True, "exceptional_reason": "一线岗位连续工作20年"}]
)
def test_an_applicant_of_a_unit_without_an_admin_starts_at_the_supervising_unit(
    api, applicant_factory, form
):
    deactivate(api, UNIT)
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit(**form)

    assert only_task(api, SUPERVISING)["application_id"] == applicant.application_id
    assert skips(api, applicant.application_id) == ["跳过：单位无审核人员（巩义市人民医院）"]
    assert act(api, SUPERVISING, "pass").status_code == 200
    assert waiting_at(api, applicant.application_id) == COUNTY


def test_with_neither_unit_level_staffed_the_review_starts_at_the_county(
    api, applicant_factory
):
    deactivate(api, UNIT)
    deactivate(api, SUPERVISING)
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()

    assert waiting_at(api, applicant.application_id) == COUNTY
    assert skips(api, applicant.application_id) == [
        "跳过：单位无审核人员（巩义市人民医院）",
        "跳过：主管单位无审核人员（巩义市卫生健康委员会）",
    ]
    history = api.get(f"/api/applications/{applicant.application_id}/history", as_=COUNTY)
    skip_events = [e for e in history.get_json() if e["action"] == "skip"]
    assert all(e["actor"] == "系统" for e in skip_events)


def test_one_active_reviewer_keeps_the_level_in_the_review(api, applicant_factory):
    created = api.post(
        "/api/users",
        json={"username": "hospital_reviewer", "name": "王审核", "org_code": UNIT},
        as_=COUNTY,
    )
    assert created.status_code == 201, created.get_json()
    deactivate(api, UNIT)  # the admin goes; the reviewer stays
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    assert waiting_at(api, applicant.application_id) == UNIT
    assert skips(api, applicant.application_id) == []

    deactivate(api, "hospital_reviewer")  # now nobody: the waiting review moves on
    assert waiting_at(api, applicant.application_id) == SUPERVISING


def test_a_supervising_unit_whose_admin_left_after_the_submission_is_skipped_when_reached(
    api, applicant_factory
):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    deactivate(api, SUPERVISING)

    assert act(api, UNIT, "pass").status_code == 200
    assert waiting_at(api, applicant.application_id) == COUNTY
    assert skips(api, applicant.application_id) == [
        "跳过：主管单位无审核人员（巩义市卫生健康委员会）"
    ]


def test_reviews_waiting_at_a_level_move_on_when_its_last_reviewer_is_deactivated(
    api, applicant_factory
):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    assert act(api, UNIT, "pass").status_code == 200
    assert waiting_at(api, applicant.application_id) == SUPERVISING

    deactivate(api, SUPERVISING)

    assert only_task(api, COUNTY)["application_id"] == applicant.application_id
    history = api.get(f"/api/applications/{applicant.application_id}/history", as_=COUNTY)
    (skip,) = [e for e in history.get_json() if e["action"] == "skip"]
    assert skip["comment"] == "跳过：主管单位无审核人员（巩义市卫生健康委员会）"
    assert skip["task"]["bpmn_id"] == "review_supervising"
    assert act(api, COUNTY, "pass").status_code == 200
    body = api.get(f"/api/applications/{applicant.application_id}", as_=COUNTY).get_json()
    assert body["status"] == "approved"
