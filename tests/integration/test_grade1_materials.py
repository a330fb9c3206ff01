"""Grade 1 (高级技师审核) materials as seed 000 states them (issue 7, item 8): "审核人员需要上传
工资表…按年度考核优秀申报，审核人员还需上传报考人员优秀年度考核结果…且优秀材料必须上传至对应的优秀
年度下方. 这些材料可先容缺". Through the API and the task page, on both databases.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.exams.services.applications import Settings
from app.exams.services.demo import seed_demo
from app.extensions import db
from app.platform.services.uploads import FileStore
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

# excellent years: 2025 (优秀), 2023 (优秀共产党员), 2022 (优秀)
APPRAISALS = [
    {"year": 2025, "grade": "优秀", "party_excellent": False},
    {"year": 2024, "grade": "合格", "party_excellent": False},
    {"year": 2023, "grade": "合格", "party_excellent": True},
    {"year": 2022, "grade": "优秀", "party_excellent": False},
    {"year": 2021, "grade": "合格", "party_excellent": False},
]
EXCELLENT_YEARS = (2025, 2023, 2022)
SENIOR_FORM = {
    "current_grade": 2,
    "declared_grade": 1,
    "qualifying_conditions": ["appraisal"],
    "appraisals": APPRAISALS,
}


def evidence_years(api, application_id: int) -> list[int]:
    detail = api.get(f"/api/applications/{application_id}", as_=UNIT).get_json()
    return sorted(u["year"] for u in detail["uploads"] if u["kind"] == "appraisal_evidence")


# ------------------------------------------------------------------ evidence per excellent year


def test_applicant_evidence_only_under_an_excellent_year(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    app_id = applicant.apply(**SENIOR_FORM)["id"]
    for year in (2024, 2021, 2019):  # 合格 years, and a year outside the five
        refused = upload(api, applicant.id_number, app_id, "appraisal_evidence", year)
        assert refused.status_code == 422, year
        message = refused.get_json()["fields"]["year"]
        assert f"{year}年" in message and "2025、2023、2022年度" in message
    assert upload(api, applicant.id_number, app_id, "appraisal_evidence", 2023).status_code == 201
    assert evidence_years(api, app_id) == [2023]


def test_reviewer_evidence_only_under_an_excellent_year(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit(**SENIOR_FORM)
    app_id = applicant.application_id
    refused = upload(api, UNIT, app_id, "appraisal_evidence", 2024, path="review-files")
    assert refused.status_code == 422 and "year" in refused.get_json()["fields"]
    assert (
        upload(api, UNIT, app_id, "appraisal_evidence", 2022, path="review-files").status_code
        == 201
    )
    assert evidence_years(api, app_id) == [2022]


def test_no_evidence_without_an_excellent_year(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    plain = [{**row, "grade": "合格", "party_excellent": False} for row in APPRAISALS]
    app_id = applicant.apply(**{**SENIOR_FORM, "appraisals": plain})["id"]
    refused = upload(api, applicant.id_number, app_id, "appraisal_evidence", 2025)
    assert refused.status_code == 422
    assert "没有优秀或优秀共产党员年度" in refused.get_json()["fields"]["year"]
    assert evidence_years(api, app_id) == []


# ------------------------------------------------------------------ a pass needs the materials


def submitted(applicant_factory, form=SENIOR_FORM) -> int:
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit(**form)
    return applicant.application_id


def test_a_pass_needs_the_salary_sheet_and_evidence_of_every_excellent_year(api, applicant_factory):
    app_id = submitted(applicant_factory)
    refused = act(api, UNIT, "pass", queue="senior")
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["fields"] == {
        "salary_sheet": "缺少最近工资审批表",
        "appraisal_evidence": "缺少2025、2023、2022年度优秀材料",
    }
    assert "或先标记容缺后补" in body["message"]
    assert upload(api, UNIT, app_id, "salary_sheet", path="review-files").status_code == 201
    for year in (2025, 2022):
        upload(api, UNIT, app_id, "appraisal_evidence", year, path="review-files")
    still = act(api, UNIT, "pass", queue="senior")
    assert still.status_code == 422
    assert still.get_json()["fields"] == {"appraisal_evidence": "缺少2023年度优秀材料"}
    assert only_task(api, UNIT, "senior")["state"] == "ready"  # nothing was done
    upload(api, UNIT, app_id, "appraisal_evidence", 2023, path="review-files")
    for org in (UNIT, SUPERVISING, COUNTY):
        assert act(api, org, "pass", queue="senior").status_code == 200
    assert application(api, app_id)["status"] == "approved"


@pytest.mark.parametrize(
    ("action", "status"), [("return", "returned"), ("reject", "rejected"), ("onsite", "onsite")]
)
def test_without_the_materials_only_the_pass_is_refused(api, applicant_factory, action, status):
    app_id = submitted(applicant_factory)
    assert act(api, UNIT, "pass", queue="senior").status_code == 422
    assert act(api, UNIT, action, "请补充工资表", queue="senior").status_code == 200
    assert application(api, app_id)["status"] == status


def test_deferral_by_the_unit_stands_in_for_the_materials_at_every_level(
    client, api, applicant_factory
):
    app_id = submitted(applicant_factory)
    assert upload(api, UNIT, app_id, "commitment_letter", path="review-files").status_code == 201
    marked = api.post(f"/api/applications/{app_id}/deferral", as_=UNIT, json={"remark": "后补"})
    assert marked.status_code == 200
    task = only_task(api, UNIT, "senior")
    client.post("/login", data={"username": UNIT, "password": "Demo@2026"})
    page = client.get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    verdicts = page.count('<span class="verdict">容缺后补</span>')
    assert verdicts == 4 and "未上传" not in page  # the salary sheet and three years
    for org in (UNIT, SUPERVISING, COUNTY):
        assert act(api, org, "pass", queue="senior").status_code == 200
    assert application(api, app_id)["status"] == "approved"


def test_a_deferral_above_does_not_excuse_the_unit(api, applicant_factory):
    """Marked by the supervising unit, then returned and edited: the unit's next pass needs the
    new year's evidence all the same (容缺后补 counts at the marking level and above)."""
    applicant = applicant_factory(UNIT)
    applicant.apply(**SENIOR_FORM)
    for kind in (*SUBMISSION_KINDS, "salary_sheet"):
        applicant.upload(kind)
    app_id = applicant.application_id
    for year in EXCELLENT_YEARS:
        upload(api, applicant.id_number, app_id, "appraisal_evidence", year)
    applicant.submit()
    act(api, UNIT, "pass", queue="senior")
    upload(api, SUPERVISING, app_id, "commitment_letter", path="review-files")
    api.post(f"/api/applications/{app_id}/deferral", as_=SUPERVISING, json={"remark": "后补"})
    act(api, SUPERVISING, "return", "2024年度也为优秀，请更正", queue="senior")
    table = [{**row, "grade": "优秀"} if row["year"] == 2024 else row for row in APPRAISALS]
    edit = api.patch(
        f"/api/applications/{app_id}", as_=applicant.id_number, json={"appraisals": table}
    )
    assert edit.status_code == 200 and applicant.submit().status_code == 200
    refused = act(api, UNIT, "pass", queue="senior")
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {"appraisal_evidence": "缺少2024年度优秀材料"}


def test_the_task_page_shows_the_checklist_and_why_pass_is_refused(client, api, applicant_factory):
    app_id = submitted(applicant_factory)
    upload(api, UNIT, app_id, "appraisal_evidence", 2025, path="review-files")
    task = only_task(api, UNIT, "senior")
    client.post("/login", data={"username": UNIT, "password": "Demo@2026"})
    page = client.get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    assert "材料清单" in page
    assert "最近工资审批表" in page and "2023年度优秀材料" in page
    assert page.count("未上传") == 3 and "已上传" in page
    assert "一级申报通过前须上传最近工资审批表、2023年度优秀材料、2022年度优秀材料" in page
    answer = client.post(f"/review/tasks/{task['id']}", data={"action": "pass", "comment": ""})
    assert answer.status_code == 422 and "或先标记容缺后补" in answer.get_data(as_text=True)
    assert only_task(api, UNIT, "senior")["id"] == task["id"]


def test_the_demo_grade1_applicant_has_what_a_pass_needs(app, client, api):
    with app.app_context():
        seed_demo(
            db.session,
            Settings.from_config(app.config, date.today()),
            FileStore.from_config(app.config),
        )
    unit = "410181002"  # 北山口镇政府: 陈静 waits at its 高级技师审核
    task = only_task(api, unit, "senior")
    client.post("/login", data={"username": unit, "password": "Demo@2026"})
    page = client.get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    assert "材料清单" in page and "未上传" not in page and "通过前须上传" not in page
    assert act(api, unit, "pass", queue="senior").status_code == 200
