"""Bad input: 4xx with a JSON body naming the field, and nothing half-written."""

from tests.conftest import VALID_FORM
from tests.integration.helpers import UNIT


def test_bad_id_number_is_422_naming_the_field(api):
    response = api.post(
        "/api/applicants/register",
        json={
            "id_number": "410181199003150015",
            "name": "张三",
            "phone": "13912345678",
            "password": "Secret123",
            "org_code": UNIT,
        },
    )
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "validation_error" and "校验位" in body["fields"]["id_number"]


def test_registration_rejects_unknown_unit_weak_password_and_duplicates(api, applicant_factory):
    base = {
        "id_number": "11010519491231002X",
        "name": "张三",
        "phone": "13912345678",
        "password": "Secret123",
        "org_code": UNIT,
    }
    weak = api.post("/api/applicants/register", json={**base, "password": "123"})
    assert weak.status_code == 422 and "password" in weak.get_json()["fields"]
    county = api.post("/api/applicants/register", json={**base, "org_code": "410181"})
    assert county.status_code == 422 and "org_code" in county.get_json()["fields"]
    assert api.post("/api/applicants/register", json=base).status_code == 201
    again = api.post("/api/applicants/register", json=base)
    assert again.status_code == 409 and "id_number" in again.get_json()["fields"]


def test_missing_required_field_is_422_naming_it(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    form = {k: v for k, v in VALID_FORM.items() if k != "declared_trade"}
    response = api.post("/api/applications", json=form, as_=applicant.id_number)
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"declared_trade": "必填项"}
    assert api.get("/api/applications", as_=applicant.id_number).get_json()["total"] == 0


def test_type_and_range_errors_name_each_field(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    response = api.post(
        "/api/applications",
        as_=applicant.id_number,
        json={
            **VALID_FORM,
            "gender": "x",
            "birth_month": "1990-13",
            "declared_grade": 7,
            "education": "博士后",
            "phone": "123",
        },
    )
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {
        "gender",
        "birth_month",
        "declared_grade",
        "education",
        "phone",
    }


def test_cross_field_rule(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    response = api.post(
        "/api/applications",
        as_=applicant.id_number,
        json={**VALID_FORM, "current_grade": 3, "declared_grade": 4},
    )
    assert response.status_code == 422 and "declared_grade" in response.get_json()["fields"]


def test_submit_without_photos_names_the_missing_uploads(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    response = applicant.submit()
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"id_photo", "photo", "education_cert", "grade_cert"}
    assert applicant.upload("id_photo").status_code == 201
    response = applicant.submit()
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"photo", "education_cert", "grade_cert"}
    detail = api.get(
        f"/api/applications/{applicant.application_id}", as_=applicant.id_number
    ).get_json()
    assert detail["status"] == "draft"
    assert api.get("/api/tasks", as_=UNIT).get_json()["total"] == 0


def test_malformed_json_is_400(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    response = api.post(
        "/api/applications",
        as_=applicant.id_number,
        data="{not json",
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    assert response.get_json()["error"]
