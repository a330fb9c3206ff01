"""The materials the seed requires of every submission (资料上传): 学历证书 or the latest
工资变动审批表, and the certificate of the grade held now; refused at submit and resubmit with
422 naming each missing one by its Chinese label, and listed on the applicant's page."""

from __future__ import annotations

from sqlalchemy import delete

from app.extensions import db
from app.models import Upload
from tests.integration.helpers import UNIT, act

EDUCATION = "学历证书原件照片，或个人档案中的最近工资变动审批表"
GRADE_FOUR = "四级（中级工）工勤岗位等级证书原件照片"


def drafted(applicant_factory, *kinds: str, **form):
    applicant = applicant_factory(UNIT)
    applicant.apply(**form)
    for kind in kinds:
        assert applicant.upload(kind).status_code == 201
    return applicant


def test_a_submission_without_the_education_proof_and_grade_certificate_is_refused(
    api, applicant_factory
):
    applicant = drafted(applicant_factory, "id_photo", "photo")

    refused = applicant.submit()

    assert refused.status_code == 422
    body = refused.get_json()
    assert set(body["fields"]) == {"education_cert", "grade_cert"}
    assert EDUCATION in body["fields"]["education_cert"] and EDUCATION in body["message"]
    assert body["fields"]["grade_cert"] == f"请上传{GRADE_FOUR}" and GRADE_FOUR in body["message"]
    assert "education_cert" not in body["message"]  # labels, never internal names
    assert api.get("/api/tasks", as_=UNIT).get_json()["total"] == 0


def test_the_certificate_named_is_the_grade_held_now(applicant_factory):
    applicant = drafted(
        applicant_factory, "id_photo", "photo", "education_cert", current_grade=3, declared_grade=2
    )
    refused = applicant.submit().get_json()
    assert refused["fields"] == {"grade_cert": "请上传三级（高级工）工勤岗位等级证书原件照片"}


def test_the_salary_sheet_stands_in_for_the_education_certificate(applicant_factory):
    applicant = drafted(applicant_factory, "id_photo", "photo", "salary_sheet", "grade_cert")
    assert applicant.submit().status_code == 200


def test_a_resubmission_is_checked_again(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    assert act(api, UNIT, "return", "请补充材料").status_code == 200
    with app.app_context():  # kept from before the rule: no certificate of the current grade
        db.session.execute(
            delete(Upload).where(
                Upload.application_id == applicant.application_id, Upload.kind == "grade_cert"
            )
        )
        db.session.commit()

    refused = applicant.submit()

    assert refused.status_code == 422 and set(refused.get_json()["fields"]) == {"grade_cert"}
    assert applicant.upload("grade_cert").status_code == 201
    assert applicant.submit().status_code == 200


def test_the_applicant_page_lists_what_is_required_and_what_is_missing(
    client, api, applicant_factory
):
    applicant = drafted(applicant_factory, "id_photo", "photo", "education_cert")
    client.post("/login", data={"username": applicant.id_number, "password": "Secret123"})

    page = client.get("/me").get_data(as_text=True)

    assert f"✗ 未上传：须上传{GRADE_FOUR}" in page
    assert f"✓ 已上传：须上传{EDUCATION}" in page
    assert 'name="salary_sheet"' in page  # either one may be uploaded, whatever the grade
    answer = client.post("/me/submit", follow_redirects=True).get_data(as_text=True)
    assert f"请上传{GRADE_FOUR}" in answer
