"""Grade 1 (高级技师审核) materials as seed 000 states them (issue 7, item 8): "审核人员需要上传
工资表…按年度考核优秀申报，审核人员还需上传报考人员优秀年度考核结果…且优秀材料必须上传至对应的优秀
年度下方. 这些材料可先容缺". Through the API and the task page, on both databases.
"""

from __future__ import annotations

import io

from tests.conftest import png_bytes
from tests.integration.helpers import UNIT

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


def upload(api, who: str, application_id: int, kind: str, year: int | None = None, path="files"):
    data = {"kind": kind, "file": (io.BytesIO(png_bytes()), f"{kind}.png")}
    if year is not None:
        data["year"] = str(year)
    return api.post(
        f"/api/applications/{application_id}/{path}",
        as_=who,
        data=data,
        content_type="multipart/form-data",
    )


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
