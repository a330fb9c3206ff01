"""Rules of seed 000 on the application form and the rosters (issue 7, item 8): 禁止申报的情形
blocks submission, gender and birth month agree with the ID number, and the rosters follow
the application's current state. Through the API and the pages, on both databases.
"""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Application
from tests.conftest import SUBMISSION_KINDS, VALID_FORM
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act, application

CITY = "410100"
SUPPLEMENTARY = {"id_number": "11010519491231002X", "name": "补报人员", "org_code": "410181002"}
# 11010519491231002X: born 1949-12-31, sequence digit 2 (female)
SUPPLEMENTARY_FORM = {**VALID_FORM, "gender": "female", "birth_month": "1949-12"}


def count_applications(api, as_: str = COUNTY) -> int:
    return api.get("/api/applications", as_=as_).get_json()["total"]


def declare(api, **form):
    api.post("/api/supplementary", as_=COUNTY, json=SUPPLEMENTARY)
    return api.post(
        "/api/exceptional-declarations",
        as_=COUNTY,
        json={
            **SUPPLEMENTARY_FORM,
            "id_number": SUPPLEMENTARY["id_number"],
            "exceptional_reason": "抗洪一线",
            **form,
        },
    )


# ------------------------------------------------------------------ 禁止申报的情形


def test_prohibited_can_be_saved_but_not_submitted(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    saved = applicant.apply(prohibited=True)
    assert saved["prohibited"] is True  # the truthful answer can be kept
    for kind in SUBMISSION_KINDS:
        applicant.upload(kind)
    refused = applicant.submit()
    assert refused.status_code == 422
    body = refused.get_json()
    assert set(body["fields"]) == {"prohibited"} and "禁止申报" in body["message"]
    detail = application(api, applicant.application_id)
    assert detail["status"] == "draft" and detail["submitted_at"] is None
    assert api.get("/api/tasks", as_=UNIT).get_json()["total"] == 0


def test_prohibited_blocks_a_resubmission(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    act(api, UNIT, "return", "请如实填写是否存在禁止申报的情形")
    edit = api.patch(
        f"/api/applications/{applicant.application_id}",
        as_=applicant.id_number,
        json={"prohibited": True},
    )
    assert edit.status_code == 200
    refused = applicant.submit()
    assert refused.status_code == 422 and set(refused.get_json()["fields"]) == {"prohibited"}
    detail = application(api, applicant.application_id)
    assert detail["status"] == "returned" and detail["waiting_at"]["task"] == "修改并重新提交"


def test_county_cannot_declare_exceptional_for_a_prohibited_applicant(api):
    refused = declare(api, prohibited=True)
    assert refused.status_code == 422 and set(refused.get_json()["fields"]) == {"prohibited"}
    assert count_applications(api) == 0


def test_applicant_page_explains_why_it_cannot_be_submitted(client, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply(prohibited=True)
    client.post("/login", data={"username": applicant.id_number, "password": "Secret123"})
    page = client.get("/me").get_data(as_text=True)
    assert "存在禁止申报的情形" in page and "不能提交" in page
    answer = client.post("/me/submit", follow_redirects=True).get_data(as_text=True)
    assert "禁止申报" in answer
    assert application(api, applicant.application_id)["status"] == "draft"


# ------------------------------------------------------------------ gender / birth month


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [("gender", "female", "男"), ("birth_month", "1990-03", "1990-01")],
)
def test_form_must_agree_with_the_id_number(api, applicant_factory, field, value, expected):
    applicant = applicant_factory(UNIT)
    refused = api.post(
        "/api/applications", as_=applicant.id_number, json={**VALID_FORM, field: value}
    )
    assert refused.status_code == 422
    message = refused.get_json()["fields"][field]
    assert "身份证号" in message and expected in message
    assert count_applications(api, as_=applicant.id_number) == 0

    created = applicant.apply()
    patched = api.patch(
        f"/api/applications/{applicant.application_id}",
        as_=applicant.id_number,
        json={field: value},
    )
    assert patched.status_code == 422 and field in patched.get_json()["fields"]
    assert application(api, applicant.application_id)[field] == created[field]


def test_submission_rechecks_a_form_saved_before_the_rule(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    for kind in SUBMISSION_KINDS:
        applicant.upload(kind)
    with app.app_context():
        db.session.get(Application, applicant.application_id).gender = "female"
        db.session.commit()
    refused = applicant.submit()
    assert refused.status_code == 422 and set(refused.get_json()["fields"]) == {"gender"}
    assert application(api, applicant.application_id)["status"] == "draft"


def test_county_declaration_must_agree_with_the_id_number(api):
    refused = declare(api, gender="male", birth_month="1990-01")
    assert refused.status_code == 422
    assert set(refused.get_json()["fields"]) == {"gender", "birth_month"}
    assert count_applications(api) == 0
    assert declare(api).status_code == 201


def test_applicant_page_prefills_and_refuses_a_disagreeing_form(client, applicant_factory):
    applicant = applicant_factory(UNIT)
    client.post("/login", data={"username": applicant.id_number, "password": "Secret123"})
    page = client.get("/me").get_data(as_text=True)
    assert 'name="gender" value="male" checked' in page
    assert 'name="birth_month" value="1990-01"' in page
    form = {k: str(v) for k, v in VALID_FORM.items() if k != "prohibited"}
    answer = client.post("/me/form", data={**form, "prohibited": "no", "gender": "female"})
    assert answer.status_code == 422
    assert "性别与身份证号不符" in answer.get_data(as_text=True)


# ------------------------------------------------------------------ rosters


def onsite_approved(api, applicant_factory) -> int:
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    act(api, UNIT, "onsite")
    act(api, COUNTY, "pass", queue="onsite")
    return applicant.application_id


def exceptional_approved(api, applicant_factory) -> int:
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit(exceptional=True, exceptional_reason="一线岗位连续工作20年")
    for org in (UNIT, SUPERVISING):
        act(api, org, "pass")
    act(api, COUNTY, "pass", queue="exceptional")
    act(api, CITY, "pass", queue="exceptional")
    return applicant.application_id


def reopen(api, application_id: int, action: str) -> None:
    started = api.post("/api/rechecks", as_=CITY, json={"application_ids": [application_id]})
    assert started.status_code == 201
    act(api, CITY, "opinion", "材料存疑", queue="city_recheck")
    assert act(api, COUNTY, action, "复核后重新处理", queue="recheck_response").status_code == 200


def roster(api, name: str) -> list[int]:
    body = api.get(f"/api/applications?roster={name}", as_=COUNTY).get_json()
    return [a["id"] for a in body["items"]]


@pytest.mark.parametrize(
    ("approve", "name", "flag"),
    [
        (onsite_approved, "onsite", "onsite_approved"),
        (exceptional_approved, "exceptional", "exceptional_approved"),
    ],
)
@pytest.mark.parametrize("action", ["reopen_reject", "reopen_return"])
def test_a_reopened_application_leaves_its_roster(
    api, applicant_factory, approve, name, flag, action
):
    app_id = approve(api, applicant_factory)
    assert roster(api, name) == [app_id] and application(api, app_id)[flag] is True
    reopen(api, app_id, action)
    assert roster(api, name) == [] and roster(api, "final") == []
    assert application(api, app_id)[flag] is False


def test_a_reapplication_stays_off_the_roster(api, applicant_factory):
    app_id = onsite_approved(api, applicant_factory)
    reopen(api, app_id, "reopen_reject")
    back = api.post(f"/api/applications/{app_id}/reapply", as_=COUNTY, json={"comment": "可重报"})
    assert back.status_code == 200
    assert roster(api, "onsite") == [] and roster(api, "final") == []
