"""Errors a person meets read in Chinese and say what to fix (issue 7, item 10); API errors
keep one body and the headers HTTP asks for."""

import pytest

from tests.conftest import VALID_FORM
from tests.integration.helpers import UNIT

ENGLISH = ("Not Found", "Method Not Allowed", "Bad Request", "Request Entity Too Large", "CSRF")


def _page_text(response) -> str:
    text = response.get_data(as_text=True)
    assert not any(word in text for word in ENGLISH), text
    return text


def test_unknown_page_and_wrong_method_answer_in_chinese(client):
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "页面不存在" in _page_text(missing)
    wrong = client.put("/login")
    assert wrong.status_code == 405 and "不支持" in _page_text(wrong)
    assert set(wrong.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_api_routing_errors_keep_the_error_body_and_allow_header(api):
    missing = api.get("/api/no-such-thing", as_=UNIT)
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "not_found" and not missing.get_json()["message"].isascii()
    wrong = api.client.delete("/api/tasks")
    assert wrong.status_code == 405 and wrong.headers["Allow"]
    assert set(wrong.get_json()) == {"error", "message"}


def test_missing_csrf_token_asks_to_reload(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/login", data={"username": UNIT, "password": "x"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400 and "页面已过期" in _page_text(response)


def test_too_large_body_on_a_page_answers_in_chinese(app, client):
    body = {"username": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1), "password": "x"}
    response = client.post("/login", data=body)
    assert response.status_code == 413 and "过大" in _page_text(response)


def test_unauthorized_api_answer_names_the_scheme(client):
    response = client.get("/api/tasks")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("missing", ["declared_trade", "phone"])
def test_form_banner_names_each_field_in_error(client, applicant_factory, missing):
    applicant = applicant_factory(UNIT)
    client.post("/login", data={"username": applicant.id_number, "password": "Secret123"})
    form = {k: str(v) for k, v in VALID_FORM.items() if k not in ("prohibited", missing)}
    response = client.post("/me/form", data={**form, "prohibited": "no"})
    assert response.status_code == 422
    label = {"declared_trade": "申报工种", "phone": "手机号"}[missing]
    assert f"填写有误：{label}：必填项" in response.get_data(as_text=True)


def test_pages_declare_a_favicon_that_exists(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert client.get("/favicon.ico").headers["Location"].endswith("/static/favicon.svg")
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()
