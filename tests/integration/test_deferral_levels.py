"""容缺后补 by level as seed 000 writes it: the county may mark at its 高级技师审核 (3.1.1.3); the
level that marked supplies and confirms (1.1.1.2, 2.1.3, 3.1.3); 县区及以上 recheck the
confirmation (无异议, 后补复核意见, 取消确认), the city and province included; a rejection ends
the open deferral. Through the API and the pages, on both databases.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ProcessDefinition, WorkflowInstance
from app.platform.services.deployments import parsed
from tests.conftest import SUBMISSION_KINDS
from tests.integration.helpers import (
    COUNTY,
    SUPERVISING,
    UNIT,
    act,
    application,
    only_task,
    upload,
)
from tests.integration.test_grade1_materials import SENIOR_FORM
from workflows import step

CITY, OTHER_COUNTY = "410100", "410122"


def senior_application(applicant_factory, *, materials: bool) -> int:
    """A submitted grade-1 application at the unit, with or without the materials a pass
    needs (salary sheet, evidence under 2025, 2023 and 2022)."""
    applicant = applicant_factory(UNIT)
    app_id = applicant.apply(**SENIOR_FORM)["id"]
    for kind in (*SUBMISSION_KINDS, *(("salary_sheet",) if materials else ())):
        assert applicant.upload(kind).status_code == 201
    for year in (2025, 2023, 2022) if materials else ():
        assert (
            upload(
                applicant.api, applicant.id_number, app_id, "appraisal_evidence", year
            ).status_code
            == 201
        )
    assert applicant.submit().status_code == 200
    return app_id


def review_file(api, org: str, app_id: int, kind: str):
    return upload(api, org, app_id, kind, path="review-files")


def mark(api, org: str, app_id: int, remark: str = "工资表原件后补"):
    assert review_file(api, org, app_id, "commitment_letter").status_code == 201
    return api.post(f"/api/applications/{app_id}/deferral", as_=org, json={"remark": remark})


def deferred_case(api, org: str = COUNTY) -> dict:
    (case,) = api.get("/api/deferred", as_=org).get_json()["items"]
    return case


def cancel(api, who: str, app_id: int, comment: str | None = "材料未补齐，误点了确认"):
    body = {} if comment is None else {"comment": comment}
    return api.post(f"/api/applications/{app_id}/deferral/cancel-confirmation", as_=who, json=body)


def total(api, org: str, queue: str) -> int:
    return api.get(f"/api/tasks?queue={queue}", as_=org).get_json()["total"]


# ------------------------------------------------------------------ marking and supplying


def test_county_marks_at_its_senior_review_and_supplies_itself(api, applicant_factory):
    app_id = senior_application(applicant_factory, materials=True)
    for org in (UNIT, SUPERVISING):
        assert act(api, org, "pass", queue="senior").status_code == 200
    marked = mark(api, COUNTY, app_id)
    assert marked.status_code == 200 and marked.get_json()["deferred"] is True
    assert only_task(api, COUNTY, "deferred")["name"] == "补充材料并确认"
    assert total(api, UNIT, "deferred") == 0
    assert review_file(api, UNIT, app_id, "deferred_material").status_code == 409
    assert review_file(api, COUNTY, app_id, "deferred_material").status_code == 201
    assert act(api, COUNTY, "confirm", queue="deferred").status_code == 200
    case = deferred_case(api)
    assert (case["marked_by"], case["stage"]) == ("county", "待县区复核")
    assert only_task(api, COUNTY, "deferred_review")["name"] == "容缺后补复核"


def test_county_task_page_offers_the_marking(client, api, applicant_factory):
    senior_application(applicant_factory, materials=True)
    for org in (UNIT, SUPERVISING):
        act(api, org, "pass", queue="senior")
    task = only_task(api, COUNTY, "senior")
    client.post("/login", data={"username": COUNTY, "password": "Demo@2026"})
    page = client.get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    assert "标记容缺后补" in page and "上传单位盖章承诺书" in page


def test_supervising_unit_supplies_and_confirms_what_it_marked(api, applicant_factory):
    app_id = senior_application(applicant_factory, materials=True)
    act(api, UNIT, "pass", queue="senior")
    assert mark(api, SUPERVISING, app_id).status_code == 200
    assert total(api, UNIT, "deferred") == 0
    assert review_file(api, SUPERVISING, app_id, "deferred_material").status_code == 201
    assert act(api, SUPERVISING, "confirm", queue="deferred").status_code == 200
    act(api, COUNTY, "opinion", "工资表未盖章", queue="deferred_review")
    again = only_task(api, SUPERVISING, "deferred")
    assert again["context"]["deferred_opinion"] == "工资表未盖章"
    act(api, SUPERVISING, "confirm", queue="deferred")
    act(api, COUNTY, "no_objection", queue="deferred_review")
    case = deferred_case(api)
    assert (case["marked_by"], case["stage"]) == ("supervising_unit", "已完成（无异议）")
    assert [s["by_org"] for s in case["steps"]] == [
        "巩义市卫生健康委员会",
        "巩义市",
        "巩义市卫生健康委员会",
        "巩义市",
    ]


# ------------------------------------------------------------------ 取消确认 by 县区及以上


def confirmed_by_the_unit(api, applicant_factory) -> int:
    app_id = senior_application(applicant_factory, materials=False)
    assert mark(api, UNIT, app_id).status_code == 200
    assert review_file(api, UNIT, app_id, "deferred_material").status_code == 201
    assert act(api, UNIT, "confirm", queue="deferred").status_code == 200
    return app_id


def test_city_cancels_a_confirmation(api, applicant_factory):
    app_id = confirmed_by_the_unit(api, applicant_factory)
    assert cancel(api, UNIT, app_id).status_code == 403  # below the county
    assert cancel(api, OTHER_COUNTY, app_id).status_code == 404  # not in its scope
    no_reason = cancel(api, CITY, app_id, comment=" ")
    assert no_reason.status_code == 422 and "comment" in no_reason.get_json()["fields"]
    assert cancel(api, CITY, app_id).status_code == 200
    assert cancel(api, CITY, app_id).status_code == 409  # nothing confirmed any more
    supply = only_task(api, UNIT, "deferred")
    assert supply["context"]["deferred_opinion"] == "材料未补齐，误点了确认"
    assert total(api, COUNTY, "deferred_review") == 0
    assert review_file(api, UNIT, app_id, "deferred_material").status_code == 201  # reopened
    event = api.get(f"/api/applications/{app_id}/history", as_=COUNTY).get_json()[-2]
    assert (event["action"], event["org"], event["actor"]) == (
        "cancel_confirm",
        "郑州市",
        "郑州市管理员",
    )
    step_row = deferred_case(api, CITY)["steps"][1]
    assert (step_row["action"], step_row["by_org"]) == ("cancel_confirm", "郑州市")


def test_county_cancels_through_the_same_rule(api, applicant_factory):
    app_id = confirmed_by_the_unit(api, applicant_factory)
    assert cancel(api, COUNTY, app_id).status_code == 200
    assert only_task(api, UNIT, "deferred")["name"] == "补充材料并确认"


def test_city_cancels_from_the_deferred_page(client, api, applicant_factory):
    app_id = confirmed_by_the_unit(api, applicant_factory)
    client.post("/login", data={"username": CITY, "password": "Demo@2026"})
    page = client.get("/review/deferred").get_data(as_text=True)
    action = f"/review/applications/{app_id}/deferral/recheck"
    assert action in page and "取消确认" in page
    empty = client.post(action, data={"action": "cancel_confirm", "comment": ""}, follow_redirects=True)
    assert "取消补传确认须填写意见或原因" in empty.get_data(as_text=True)
    done = client.post(
        action, data={"action": "cancel_confirm", "comment": "误点确认"}, follow_redirects=True
    )
    assert "已取消补传确认" in done.get_data(as_text=True)
    assert only_task(api, UNIT, "deferred")["context"]["deferred_opinion"] == "误点确认"
    after = client.get("/review/deferred").get_data(as_text=True)
    assert action not in after


# ------------------------------------------------------------------ 复核 by 县区及以上


def recheck(api, who: str, app_id: int, action: str, comment: str = ""):
    return api.post(
        f"/api/applications/{app_id}/deferral/recheck",
        as_=who,
        json={"action": action, "comment": comment},
    )


def test_the_city_rechecks_with_no_objection(api, applicant_factory):
    app_id = confirmed_by_the_unit(api, applicant_factory)
    assert recheck(api, UNIT, app_id, "no_objection").status_code == 403  # below the county
    assert recheck(api, OTHER_COUNTY, app_id, "no_objection").status_code == 404  # out of scope
    assert recheck(api, CITY, app_id, "pass").status_code == 422  # not an action of the recheck

    done = recheck(api, CITY, app_id, "no_objection")

    assert done.status_code == 200, done.get_json()
    assert total(api, COUNTY, "deferred_review") == 0
    case = deferred_case(api, CITY)
    assert case["stage"] == "已完成（无异议）"
    assert (case["steps"][-1]["action"], case["steps"][-1]["by_org"]) == ("no_objection", "郑州市")
    assert recheck(api, CITY, app_id, "no_objection").status_code == 409  # nothing left to do


def test_the_province_gives_a_recheck_opinion_back_to_the_supplying_level(api, applicant_factory):
    app_id = confirmed_by_the_unit(api, applicant_factory)
    no_reason = recheck(api, "410000", app_id, "opinion")
    assert no_reason.status_code == 422 and "comment" in no_reason.get_json()["fields"]

    assert recheck(api, "410000", app_id, "opinion", "工资表未加盖公章").status_code == 200

    supply = only_task(api, UNIT, "deferred")
    assert supply["context"]["deferred_opinion"] == "工资表未加盖公章"
    event = api.get(f"/api/applications/{app_id}/history", as_=COUNTY).get_json()[-1]
    assert (event["action"], event["org"]) == ("opinion", "河南省")
    # supplied and confirmed again, the county still rechecks from its own inbox
    assert act(api, UNIT, "confirm", queue="deferred").status_code == 200
    assert act(api, COUNTY, "no_objection", queue="deferred_review").status_code == 200


def test_the_city_rechecks_from_the_deferred_page(client, api, applicant_factory):
    app_id = confirmed_by_the_unit(api, applicant_factory)
    client.post("/login", data={"username": CITY, "password": "Demo@2026"})
    page = client.get("/review/deferred").get_data(as_text=True)
    assert "无异议" in page and "后补复核意见" in page
    action = f"/review/applications/{app_id}/deferral/recheck"

    done = client.post(action, data={"action": "no_objection"}, follow_redirects=True)

    assert "已复核：无异议" in done.get_data(as_text=True)
    assert deferred_case(api, CITY)["stage"] == "已完成（无异议）"
    assert action not in client.get("/review/deferred").get_data(as_text=True)


# ------------------------------------------------------------------ a rejection ends it


def deferral_ended(app, app_id: int) -> bool:
    """The deferral's engine state: completed, with nothing left to do."""
    with app.app_context():
        instance = db.session.scalars(
            select(WorkflowInstance)
            .join(ProcessDefinition)
            .where(
                WorkflowInstance.application_id == app_id,
                ProcessDefinition.process_id == "deferred_materials",
            )
        ).one()
        waiting = step.ready_tasks(parsed(instance.definition), instance.state)
        return instance.completed and waiting == []


def assert_ended(app, api, app_id: int, org: str, queue: str) -> None:
    assert application(api, app_id)["status"] == "rejected"
    assert total(api, org, queue) == 0
    assert deferral_ended(app, app_id)
    assert deferred_case(api)["stage"] == "已终止（审核不通过）"
    events = api.get(f"/api/applications/{app_id}/history", as_=COUNTY).get_json()
    ended = events[-1]
    assert ended["action"] == "process_ended" and "容缺后补" in ended["comment"]
    assert events[-2]["action"] in ("reject", "reopen_reject")


@pytest.mark.parametrize("level", [SUPERVISING, COUNTY])
def test_a_rejection_ends_the_units_deferral(app, api, applicant_factory, level):
    app_id = senior_application(applicant_factory, materials=False)
    assert mark(api, UNIT, app_id).status_code == 200
    for org in (UNIT, SUPERVISING, COUNTY):
        if org == level:
            break
        assert act(api, org, "pass", queue="senior").status_code == 200  # excused by 容缺后补
    assert act(api, level, "reject", "不符合报考条件", queue="senior").status_code == 200
    assert_ended(app, api, app_id, UNIT, "deferred")
    assert review_file(api, UNIT, app_id, "deferred_material").status_code == 409


def test_a_reopening_reject_ends_the_countys_recheck_and_a_reapplication_may_defer_again(
    app, api, applicant_factory
):
    app_id = confirmed_by_the_unit(api, applicant_factory)
    for org in (UNIT, SUPERVISING, COUNTY):
        act(api, org, "pass", queue="senior")
    assert application(api, app_id)["status"] == "approved"
    api.post("/api/rechecks", as_=CITY, json={"application_ids": [app_id]})
    act(api, CITY, "opinion", "优秀年度材料存疑", queue="city_recheck")
    act(api, COUNTY, "reopen_reject", "核实后不符合条件", queue="recheck_response")
    assert_ended(app, api, app_id, COUNTY, "deferred_review")
    assert cancel(api, CITY, app_id).status_code == 409

    back = api.post(f"/api/applications/{app_id}/reapply", as_=COUNTY, json={"comment": "可重报"})
    assert back.status_code == 200
    detail = application(api, app_id)
    applicant = detail["id_number"]
    api.login(applicant, "Secret123")
    assert api.post(f"/api/applications/{app_id}/submit", as_=applicant).status_code == 200
    again = api.post(f"/api/applications/{app_id}/deferral", as_=UNIT, json={"remark": "再次后补"})
    assert again.status_code == 200
    assert deferred_case(api)["stage"] == "待补充材料"
