"""The password policy applies where people choose a password: self-registration and
password change, through the API and the pages (issue 7, item 3).
"""

import pytest

from handlers.idcard import check_digit
from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import UNIT

WEAK = ["password1", "abc12345", "aaaaaaa1"]
ID_FIRST17 = "41018119900101777"
ID_NUMBER = ID_FIRST17 + check_digit(ID_FIRST17)


def registration(password):
    return {
        "id_number": ID_NUMBER,
        "name": "测试",
        "phone": "13912345678",
        "password": password,
        "org_code": UNIT,
    }


@pytest.mark.parametrize("password", [*WEAK, f"Aa#{ID_NUMBER}"])
def test_registration_refuses_weak_passwords_naming_the_field(api, password):
    response = api.post("/api/applicants/register", json=registration(password))
    assert response.status_code == 422
    fields = response.get_json()["fields"]
    assert set(fields) == {"password"}
    page = api.client.post("/register", data=registration(password))
    assert page.status_code == 422 and fields["password"] in page.get_data(as_text=True)
    assert (
        api.post("/api/auth/login", json={"username": ID_NUMBER, "password": password}).status_code
        == 401
    )


@pytest.mark.parametrize("password", [*WEAK, "Admin@123", f"X{UNIT}!a"])
def test_password_change_refuses_weak_passwords_naming_the_field(api, password):
    change = {"old_password": DEMO_PASSWORD, "new_password": password}
    response = api.post("/api/auth/password", json=change, as_=UNIT)
    assert response.status_code == 422
    assert set(response.get_json()["fields"]) == {"new_password"}
    assert api.get("/api/auth/me", as_=UNIT).status_code == 200  # nothing changed


def test_the_web_password_form_names_the_field(app):
    browser = app.test_client()
    browser.post("/login", data={"username": UNIT, "password": DEMO_PASSWORD})
    page = browser.post(
        "/password", data={"old_password": DEMO_PASSWORD, "new_password": "abc12345"}
    )
    assert page.status_code == 422
    assert "至少三类" in page.get_data(as_text=True)
