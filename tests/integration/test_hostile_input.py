"""Input no one should send, answered 4xx with the field named and nothing written (issue 7,
item 5): NUL bytes, lone surrogates, ids and pages beyond any row, non-ASCII digits."""

import json

import pytest

from tests.conftest import VALID_FORM
from tests.integration.helpers import COUNTY, UNIT, act

NUL = "a\x00b"
SURROGATE = "\ud800"


def _raw_json(api, path: str, body: dict, as_: str | None = None):
    """Send ``body`` as JSON text with \\u escapes, as a hostile client would (a lone surrogate
    cannot even be encoded as UTF-8)."""
    return api.post(
        path, as_=as_, data=json.dumps(body, ensure_ascii=True), content_type="application/json"
    )


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_login_with_bad_characters_is_422(api, bad):
    response = _raw_json(api, "/api/auth/login", {"username": bad, "password": "x"})
    assert response.status_code == 422
    assert "username" in response.get_json()["fields"]


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_registration_with_bad_name_writes_nothing(api, bad):
    body = {
        "id_number": "11010519491231002X",
        "name": bad,
        "phone": "13912345678",
        "password": "Secret123",
        "org_code": UNIT,
    }
    response = _raw_json(api, "/api/applicants/register", body)
    assert response.status_code == 422 and "name" in response.get_json()["fields"]
    login = api.client.post(
        "/api/auth/login", json={"username": body["id_number"], "password": "Secret123"}
    )
    assert login.status_code == 401


@pytest.mark.parametrize("bad", [NUL, SURROGATE])
def test_form_comment_and_query_refuse_bad_characters(api, applicant_factory, bad):
    applicant = applicant_factory(UNIT)
    form = _raw_json(
        api, "/api/applications", {**VALID_FORM, "current_trade": bad}, as_=applicant.id_number
    )
    assert form.status_code == 422 and "current_trade" in form.get_json()["fields"]
    assert api.get("/api/applications", as_=applicant.id_number).get_json()["total"] == 0

    applicant.apply_and_submit()
    app_id = applicant.application_id
    before = api.get(f"/api/applications/{app_id}/history", as_=UNIT).get_json()
    comment = _raw_json(api, f"/api/applications/{app_id}/comments", {"comment": bad}, as_=UNIT)
    assert comment.status_code == 422 and "comment" in comment.get_json()["fields"]
    task = api.get("/api/tasks", as_=UNIT).get_json()["items"][0]
    done = _raw_json(
        api, f"/api/tasks/{task['id']}/complete", {"action": "return", "comment": bad}, as_=UNIT
    )
    assert done.status_code == 422 and "comment" in done.get_json()["fields"]
    assert api.get(f"/api/applications/{app_id}/history", as_=UNIT).get_json() == before

    if bad == SURROGATE:
        return  # a query string is bytes: it decodes as UTF-8 with replacement, never to one
    for name in ("q", "unit", "status", "declared_trade"):
        for path in ("/api/tasks", "/api/applications"):
            response = api.get(path, as_=UNIT, query_string={name: bad})
            assert response.status_code == 422, (path, name)
            assert name in response.get_json()["fields"]


def test_ids_beyond_the_database_range_are_404_or_422(api, applicant_factory):
    applicant_factory(UNIT).apply_and_submit()
    for path in (
        "/api/applications/2147483648",
        "/api/tasks/" + str(10**20),
        "/api/uploads/99999999999",
        "/api/applications/0",
    ):
        assert api.get(path, as_=COUNTY).status_code == 404, path
    bulk = api.post(
        "/api/tasks/bulk-complete", as_=COUNTY, json={"task_ids": [2**31], "action": "pass"}
    )
    assert bulk.status_code == 422 and "task_ids" in str(bulk.get_json()["fields"])
    recheck = api.post("/api/rechecks", as_="410100", json={"application_ids": [2**31]})
    assert recheck.status_code == 422


@pytest.mark.parametrize("page", [str(10**18), "0", "-1", "²", "1e3"])
def test_pages_out_of_range_are_422(api, page):
    for path in ("/api/tasks", "/api/applications", "/api/tasks/records", "/api/deferred"):
        response = api.get(path, as_=COUNTY, query_string={"page": page})
        assert response.status_code == 422, (path, page)
        assert "page" in response.get_json()["fields"]


def test_json_types_are_strict(api, applicant_factory):
    """A schema says integer and boolean: "3", 3.0 as text, true as a number or "yes" as a
    boolean are refused, so the document and the service agree."""
    applicant = applicant_factory(UNIT)
    for field, value in (
        ("declared_grade", "3"),
        ("declared_grade", True),
        ("prohibited", "no"),
        ("prohibited", 0),
        ("current_grade_year", 10**30),
    ):
        response = api.post(
            "/api/applications", json={**VALID_FORM, field: value}, as_=applicant.id_number
        )
        assert response.status_code == 422 and field in response.get_json()["fields"], field


def test_non_ascii_digits_in_page_forms_name_the_field(app, client, applicant_factory):
    applicant = applicant_factory(UNIT)
    client.post("/login", data={"username": applicant.id_number, "password": "Secret123"})
    form = {k: str(v) for k, v in VALID_FORM.items() if k != "prohibited"}
    response = client.post("/me/form", data={**form, "prohibited": "no", "current_grade": "²"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "现岗位等级" in page and "应为整数" in page


def test_page_login_with_nul_is_a_form_error(client):
    response = client.post("/login", data={"username": NUL, "password": "x"})
    assert response.status_code == 422
    assert "控制字符" in response.get_data(as_text=True)


def test_bulk_reports_every_item(api, applicant_factory):
    """Each item of a bulk call is its own transaction and its own result: stale, foreign
    and unknown ids are reported next to the ones that went through."""
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    task_id = api.get("/api/tasks", as_=UNIT).get_json()["items"][0]["id"]
    response = api.post(
        "/api/tasks/bulk-complete",
        as_=UNIT,
        json={"task_ids": [task_id, task_id, 999999], "action": "pass"},
    )
    assert response.status_code == 200
    assert [(r["task_id"], r["status"]) for r in response.get_json()] == [
        (task_id, 200),
        (task_id, 409),
        (999999, 404),
    ]
    assert act(api, "410181001", "pass").status_code == 200


@pytest.mark.parametrize("target", ["/\\evil.example", "//evil.example", "/\t/evil.example"])
def test_login_never_redirects_off_site(client, target):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "410181", "password": "Demo@2026"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")
