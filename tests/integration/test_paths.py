"""Every review path end to end through the HTTP API on a real database (issue: all paths)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.exams.services.qualified import import_rows
from app.extensions import db
from tests.conftest import SUBMISSION_KINDS, png_bytes
from tests.integration.helpers import (
    COUNTY,
    SUPERVISING,
    UNIT,
    act,
    application,
    deploy_edited,
    only_task,
    upload,
)

CITY, PROVINCE = "410100", "410000"
ROOT = Path(__file__).resolve().parent.parent.parent


def qualify(app, applicant, trade="护理员", grade=4, cert_year=2019) -> None:
    """Put the applicant's current grade in the previous-years qualified database."""
    with app.app_context():
        report = import_rows(
            db.session,
            [
                {
                    "id_number": applicant.id_number,
                    "name": applicant.name,
                    "trade": trade,
                    "grade": str(grade),
                    "cert_year": str(cert_year),
                }
            ],
        )
        assert report.created == 1, report


def review_file(api, org, application_id, kind, content=None):
    return upload(api, org, application_id, kind, path="review-files", content=content)


# ------------------------------------------------------------------ auto review (DMN)


def test_auto_review_queue_and_bulk_pass(app, api, applicant_factory):
    first, second = applicant_factory(UNIT), applicant_factory("410181002")
    for applicant in (first, second):
        qualify(app, applicant)
        applicant.apply_and_submit()
    for org in (UNIT, SUPERVISING, "410181002"):
        act(api, org, "pass")
    assert api.get("/api/tasks?queue=manual", as_=COUNTY).get_json()["total"] == 0
    auto = api.get("/api/tasks?queue=auto", as_=COUNTY).get_json()
    assert auto["total"] == 2
    assert all(set(t["context"].values()) == {True} for t in auto["items"])
    ids = [t["id"] for t in auto["items"]]
    results = api.post(
        "/api/tasks/bulk-complete", as_=COUNTY, json={"task_ids": [*ids, ids[0]], "action": "pass"}
    ).get_json()
    assert [(r["task_id"], r["ok"], r["status"]) for r in results] == [
        (ids[0], True, 200),
        (ids[1], True, 200),
        (ids[0], False, 409),
    ]
    for applicant in (first, second):
        assert application(api, applicant.application_id)["status"] == "approved"


def test_failed_conditions_go_to_manual_review_and_are_shown(app, api, applicant_factory):
    applicant = applicant_factory("410181002")
    qualify(app, applicant, cert_year=2023)  # current grade held 3 years only
    applicant.apply_and_submit(current_grade_year=2023)
    act(api, "410181002", "pass")
    task = only_task(api, COUNTY, "manual")
    assert task["name"] == "县区人工审核"
    assert [k for k, ok in task["context"].items() if not ok] == ["auto_years"]
    assert api.get("/api/tasks?queue=auto", as_=COUNTY).get_json()["total"] == 0


def test_deploying_an_edited_dmn_table_changes_auto_review_without_code(
    app, api, applicant_factory
):
    deploy_edited(app, ("auto_years.dmn", "&gt;= 5", "&gt;= 4"), ("auto_years.dmn", "&lt; 5", "&lt; 4"))
    applicant = applicant_factory("410181002")
    qualify(app, applicant, cert_year=2022)  # 4 years before the 2026 exam
    applicant.apply_and_submit(current_grade_year=2022)
    act(api, "410181002", "pass")
    assert only_task(api, COUNTY, "auto")["context"]["auto_years"] is True


# ------------------------------------------------------------------ grade 1 + deferred materials

APPRAISALS = [
    {"year": 2025, "grade": "优秀", "party_excellent": False},
    {"year": 2024, "grade": "合格", "party_excellent": False},
    {"year": 2023, "grade": "基本合格", "party_excellent": False},
    {"year": 2022, "grade": "合格", "party_excellent": False},
    {"year": 2021, "grade": "合格", "party_excellent": False},
]
SENIOR_FORM = {
    "current_grade": 2,
    "declared_grade": 1,
    "qualifying_conditions": ["appraisal"],
    "appraisals": APPRAISALS,
}


def supply_senior_materials(api, org, application_id) -> None:
    """What a pass at 高级技师审核 needs for SENIOR_FORM: the salary sheet, and evidence under
    its one excellent year (2025)."""
    assert review_file(api, org, application_id, "salary_sheet").status_code == 201
    evidence = upload(api, org, application_id, "appraisal_evidence", 2025, path="review-files")
    assert evidence.status_code == 201


def test_senior_path_shows_the_rule_and_which_years_fail(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply(**SENIOR_FORM)
    evidence = api.post(
        f"/api/applications/{applicant.application_id}/files",
        as_=applicant.id_number,
        data={
            "kind": "appraisal_evidence",
            "year": "2025",
            "file": (io.BytesIO(png_bytes()), "2025.png"),
        },
        content_type="multipart/form-data",
    )
    assert evidence.status_code == 201 and evidence.get_json()["year"] == 2025
    for kind in (*SUBMISSION_KINDS, "salary_sheet"):
        applicant.upload(kind)
    assert applicant.submit().status_code == 200
    for org in (UNIT, SUPERVISING, COUNTY):
        task = only_task(api, org, "senior")
        assert task["context"]["senior_rule_ok"] is False
        assert task["context"]["senior_failed_years"] == [2023]
        assert any("仅1年" in p for p in task["context"]["senior_problems"])
        assert act(api, org, "pass").status_code == 200
    assert application(api, applicant.application_id)["status"] == "approved"


def test_senior_return_and_resubmit_reenters_at_the_unit(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit(**SENIOR_FORM)
    supply_senior_materials(api, UNIT, applicant.application_id)
    act(api, UNIT, "pass", queue="senior")
    assert act(api, SUPERVISING, "return", "补充优秀年度材料", queue="senior").status_code == 200
    fixed = [{**a, "grade": "优秀"} if a["year"] == 2023 else a for a in APPRAISALS]
    edit = api.patch(
        f"/api/applications/{applicant.application_id}",
        as_=applicant.id_number,
        json={"appraisals": fixed},
    )
    assert edit.status_code == 200
    assert applicant.submit().status_code == 200
    task = only_task(api, UNIT, "senior")
    assert task["context"] == {
        "senior_rule_ok": True,
        "senior_failed_years": [],
        "senior_problems": [],
    }


def test_senior_form_needs_a_condition(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    response = api.post(
        "/api/applications",
        as_=applicant.id_number,
        json={**_form(), "current_grade": 2, "declared_grade": 1},
    )
    assert response.status_code == 422
    assert "qualifying_conditions" in response.get_json()["fields"]


def _form():
    from tests.conftest import VALID_FORM

    return dict(VALID_FORM)


def _supplementary_form():
    """The form of the 补报 applicant 11010519491231002X: born 1949-12-31, a woman."""
    return {**_form(), "gender": "female", "birth_month": "1949-12"}


def test_deferred_materials_loop_until_no_objection(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit(**SENIOR_FORM)
    app_id = applicant.application_id
    no_letter = api.post(
        f"/api/applications/{app_id}/deferral", as_=UNIT, json={"remark": "工资表后补"}
    )
    assert no_letter.status_code == 422 and "commitment_letter" in no_letter.get_json()["fields"]
    assert review_file(api, UNIT, app_id, "commitment_letter").status_code == 201
    early = review_file(api, UNIT, app_id, "deferred_material")
    assert early.status_code == 409  # nothing to supply before the deferral
    marked = api.post(
        f"/api/applications/{app_id}/deferral", as_=UNIT, json={"remark": "工资表后补"}
    )
    assert marked.status_code == 200 and marked.get_json()["deferred"] is True
    assert api.post(
        f"/api/applications/{app_id}/deferral", as_=UNIT, json={"remark": "again"}
    ).status_code in (403, 409)
    # review goes on: the main path is not held up by the deferral
    for org in (UNIT, SUPERVISING, COUNTY):
        assert act(api, org, "pass", queue="senior").status_code == 200
    assert application(api, app_id)["status"] == "approved"
    # the unit supplies and confirms; the county rechecks even after final approval
    assert review_file(api, UNIT, app_id, "deferred_material").status_code == 201
    assert act(api, UNIT, "confirm", queue="deferred").status_code == 200
    assert review_file(api, UNIT, app_id, "deferred_material").status_code == 409  # confirmed
    no_text = act(api, COUNTY, "opinion", queue="deferred_review")
    assert no_text.status_code == 422 and "comment" in no_text.get_json()["fields"]
    assert act(api, COUNTY, "opinion", "工资表未盖章", queue="deferred_review").status_code == 200
    supply = only_task(api, UNIT, "deferred")
    assert supply["context"]["deferred_opinion"] == "工资表未盖章"
    act(api, UNIT, "confirm", queue="deferred")
    assert (
        act(api, COUNTY, "cancel_confirm", "误点确认", queue="deferred_review").status_code == 200
    )
    assert review_file(api, UNIT, app_id, "deferred_material").status_code == 201  # reopened
    act(api, UNIT, "confirm", queue="deferred")
    assert act(api, COUNTY, "no_objection", queue="deferred_review").status_code == 200
    assert application(api, app_id)["status"] == "approved"  # untouched by the side process
    case = api.get("/api/deferred", as_=COUNTY).get_json()["items"][0]
    assert case["stage"] == "已完成（无异议）" and case["remark"] == "工资表后补"
    assert [(s["name"], s["action"]) for s in case["steps"]] == [
        ("补充材料并确认", "confirm"),
        ("容缺后补复核", "opinion"),
        ("补充材料并确认", "confirm"),
        ("容缺后补复核", "cancel_confirm"),
        ("补充材料并确认", "confirm"),
        ("容缺后补复核", "no_objection"),
    ]
    assert case["steps"][0]["by"] == "巩义市人民医院管理员" and case["steps"][0]["completed_at"]
    assert api.get("/api/deferred", as_="410122").get_json()["total"] == 0


# ------------------------------------------------------------------ on-site


def test_onsite_approval_lands_in_the_onsite_roster_and_return_loops(api, applicant_factory):
    passed, returned = applicant_factory(UNIT), applicant_factory(UNIT)
    for applicant in (passed, returned):
        applicant.apply_and_submit()
    tasks = api.get("/api/tasks", as_=UNIT).get_json()["items"]
    for task in tasks:
        api.post(f"/api/tasks/{task['id']}/complete", as_=UNIT, json={"action": "onsite"})
    onsite = api.get("/api/tasks?queue=onsite", as_=COUNTY).get_json()
    assert onsite["total"] == 2
    by_app = {t["application_id"]: t["id"] for t in onsite["items"]}
    api.post(
        f"/api/tasks/{by_app[passed.application_id]}/complete", as_=COUNTY, json={"action": "pass"}
    )
    api.post(
        f"/api/tasks/{by_app[returned.application_id]}/complete",
        as_=COUNTY,
        json={"action": "return", "comment": "请补充现场材料"},
    )
    detail = application(api, passed.application_id)
    assert detail["status"] == "approved" and detail["onsite_approved"] is True
    roster = api.get("/api/applications?roster=onsite", as_=COUNTY).get_json()
    assert [a["id"] for a in roster["items"]] == [passed.application_id]
    assert returned.submit().status_code == 200
    assert application(api, returned.application_id)["waiting_at"]["org_code"] == UNIT


# ------------------------------------------------------------------ exceptional


def test_exceptional_goes_to_county_then_city_and_its_roster(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply(exceptional=True, exceptional_reason="一线岗位连续工作20年")
    for kind in (*SUBMISSION_KINDS, "exceptional_evidence"):
        assert applicant.upload(kind).status_code == 201
    applicant.submit()
    act(api, UNIT, "pass")
    act(api, SUPERVISING, "pass")
    assert only_task(api, COUNTY, "exceptional")["name"] == "破格人员审核"
    act(api, COUNTY, "pass", queue="exceptional")
    assert act(api, CITY, "return", "证明材料不全", queue="exceptional").status_code == 200
    assert applicant.submit().status_code == 200
    for org in (UNIT, SUPERVISING):
        act(api, org, "pass")
    act(api, COUNTY, "pass", queue="exceptional")
    act(api, CITY, "pass", queue="exceptional")
    detail = application(api, applicant.application_id)
    assert detail["status"] == "approved" and detail["exceptional_approved"] is True
    roster = api.get("/api/applications?roster=exceptional", as_=COUNTY).get_json()
    assert [a["id"] for a in roster["items"]] == [applicant.application_id]


def test_exceptional_needs_a_reason(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    response = api.post(
        "/api/applications", as_=applicant.id_number, json={**_form(), "exceptional": True}
    )
    assert response.status_code == 422 and "exceptional_reason" in response.get_json()["fields"]


def test_county_enters_an_exceptional_declaration_for_a_supplementary_applicant(app, api):
    created = api.post(
        "/api/supplementary",
        as_=COUNTY,
        json={"id_number": "11010519491231002X", "name": "补报人员", "org_code": "410181002"},
    )
    assert created.status_code == 201 and created.get_json()["must_change_password"] is True
    listed = api.get("/api/supplementary", as_=COUNTY).get_json()
    assert [u["name"] for u in listed] == ["补报人员"] and listed[0]["created_at"]
    assert (
        api.post(
            "/api/supplementary",
            as_=UNIT,
            json={"id_number": "410181199003150014", "name": "x", "org_code": UNIT},
        ).status_code
        == 403
    )
    assert (
        api.post(
            "/api/supplementary",
            as_="410122",
            json={"id_number": "410181199003150014", "name": "x", "org_code": UNIT},
        ).status_code
        == 404
    )
    declared = api.post(
        "/api/exceptional-declarations",
        as_=COUNTY,
        json={
            **_supplementary_form(),
            "id_number": "11010519491231002x",
            "exceptional_reason": "抗洪一线",
        },
    )
    assert declared.status_code == 201, declared.get_json()
    body = declared.get_json()
    assert body["exceptional"] and body["declared_by_county"] and body["status"] == "under_review"
    assert only_task(api, COUNTY, "exceptional")["application_id"] == body["id"]
    login = api.post(
        "/api/auth/login",
        json={"username": "11010519491231002X", "password": app.config["DEFAULT_PASSWORD"]},
    )
    assert login.get_json()["must_change_password"] is True


# ------------------------------------------------------------------ city re-review / province


def approved_application(api, applicant_factory, unit="410181002"):
    applicant = applicant_factory(unit)
    applicant.apply_and_submit()
    act(api, unit, "pass")
    act(api, COUNTY, "pass")
    return applicant


def test_city_opinion_reopened_by_the_county_returns_to_the_applicant(api, applicant_factory):
    applicant = approved_application(api, applicant_factory)
    app_id = applicant.application_id
    candidates = api.get("/api/rechecks/candidates", as_=CITY).get_json()
    assert [a["id"] for a in candidates["items"]] == [app_id]
    started = api.post("/api/rechecks", as_=CITY, json={"sample_percent": 100})
    assert started.status_code == 201 and started.get_json()["started"] == [app_id]
    again = api.post("/api/rechecks", as_=CITY, json={"application_ids": [app_id]})
    assert again.status_code == 409  # already under re-review
    assert api.get("/api/rechecks/candidates", as_=CITY).get_json()["total"] == 0
    assert api.post("/api/rechecks", as_=COUNTY, json={"sample_percent": 10}).status_code == 403
    no_text = act(api, CITY, "opinion", queue="city_recheck")
    assert no_text.status_code == 422
    act(api, CITY, "opinion", "工作年限与档案不符", queue="city_recheck")
    response = only_task(api, COUNTY, "recheck_response")
    assert response["context"] == {"by": "city", "recheck_opinion": "工作年限与档案不符"}
    act(api, COUNTY, "reopen_return", "请核实参加工作时间", queue="recheck_response")
    detail = api.get(f"/api/applications/{app_id}", as_=applicant.id_number).get_json()
    assert detail["status"] == "returned" and detail["return_reason"] == "请核实参加工作时间"
    records = api.get("/api/rechecks?by=city", as_="410181002").get_json()
    assert [(r["opinion"]["comment"], r["response"]["action"]) for r in records] == [
        ("工作年限与档案不符", "reopen_return")
    ]
    assert api.get("/api/rechecks?by=city", as_="410122").get_json() == []
    edit = api.patch(
        f"/api/applications/{app_id}", as_=applicant.id_number, json={"work_start": "2013-07"}
    )
    assert edit.status_code == 200
    assert applicant.submit().status_code == 200  # a fresh review process
    assert application(api, app_id)["waiting_at"]["org_code"] == "410181002"


@pytest.mark.parametrize(
    ("response", "status"), [("confirm", "approved"), ("reopen_reject", "rejected")]
)
def test_province_marking(api, applicant_factory, response, status):
    applicant = approved_application(api, applicant_factory)
    other = approved_application(api, applicant_factory)
    api.post(
        "/api/rechecks",
        as_=PROVINCE,
        json={"application_ids": [applicant.application_id, other.application_id]},
    )
    tasks = {
        t["application_id"]: t["id"]
        for t in api.get("/api/tasks?queue=province_mark", as_=PROVINCE).get_json()["items"]
    }
    api.post(
        f"/api/tasks/{tasks[other.application_id]}/complete",
        as_=PROVINCE,
        json={"action": "no_opinion"},
    )
    api.post(
        f"/api/tasks/{tasks[applicant.application_id]}/complete",
        as_=PROVINCE,
        json={"action": "opinion", "comment": "证书编号无法核验"},
    )
    act(api, COUNTY, response, "已核实", queue="recheck_response")
    assert application(api, applicant.application_id)["status"] == status
    assert application(api, other.application_id)["status"] == "approved"
    records = api.get("/api/rechecks?by=province", as_=COUNTY).get_json()
    assert [r["application"]["id"] for r in records] == [applicant.application_id]
    assert api.get("/api/rechecks?by=city", as_=COUNTY).get_json() == []


# ------------------------------------------------------------------ re-application


def test_rejected_application_sent_back_for_reapplication(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    act(api, UNIT, "reject", "未满足条件")
    rejected = api.get("/api/tasks/records?action=reject", as_=UNIT).get_json()["items"]
    app_id = rejected[0]["application_id"]
    assert (
        api.post(
            f"/api/applications/{app_id}/reapply", as_="410122", json={"comment": "x"}
        ).status_code
        == 404
    )
    back = api.post(
        f"/api/applications/{app_id}/reapply", as_=UNIT, json={"comment": "可补充证书后重新申报"}
    )
    assert back.status_code == 200 and back.get_json()["status"] == "returned"
    assert (
        api.post(
            f"/api/applications/{app_id}/reapply", as_=UNIT, json={"comment": "again"}
        ).status_code
        == 409
    )
    assert applicant.upload("grade_cert").status_code == 201
    assert applicant.submit().status_code == 200
    assert application(api, app_id)["waiting_at"]["org_code"] == UNIT
    history = [
        e["action"] for e in api.get(f"/api/applications/{app_id}/history", as_=UNIT).get_json()
    ]
    assert history[-4:] == ["reject", "reapply", "upload", "resubmit"]


def test_reviewer_uploads_follow_the_review_stage(api, applicant_factory):
    senior, ordinary = applicant_factory(UNIT), applicant_factory(UNIT)
    senior.apply_and_submit(**SENIOR_FORM)
    ordinary.apply_and_submit()
    assert review_file(api, UNIT, senior.application_id, "salary_sheet").status_code == 201
    evidence = upload(
        api, UNIT, senior.application_id, "appraisal_evidence", 2025, path="review-files"
    )
    assert evidence.status_code == 201 and evidence.get_json()["year"] == 2025
    no_year = review_file(api, UNIT, senior.application_id, "appraisal_evidence")
    assert no_year.status_code == 422 and "year" in no_year.get_json()["fields"]
    assert review_file(api, UNIT, ordinary.application_id, "salary_sheet").status_code == 409
    assert (
        review_file(api, SUPERVISING, senior.application_id, "salary_sheet").status_code == 409
    )  # not its turn yet
    assert review_file(api, UNIT, senior.application_id, "id_photo").status_code == 422
    assert (
        review_file(api, senior.id_number, senior.application_id, "salary_sheet").status_code == 403
    )


def test_county_attaches_evidence_only_to_its_own_declarations(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit(exceptional=True, exceptional_reason="一线")
    assert (
        review_file(api, COUNTY, applicant.application_id, "exceptional_evidence").status_code
        == 409
    )
    api.post(
        "/api/supplementary",
        as_=COUNTY,
        json={"id_number": "11010519491231002X", "name": "补报人员", "org_code": "410181002"},
    )
    declared = api.post(
        "/api/exceptional-declarations",
        as_=COUNTY,
        json={
            **_supplementary_form(),
            "id_number": "11010519491231002X",
            "exceptional_reason": "抗洪一线",
        },
    )
    assert (
        review_file(api, COUNTY, declared.get_json()["id"], "exceptional_evidence").status_code
        == 201
    )
