"""Every message a person reads names a field by its label (身份证照片, 申报工种), never by the
key programs use (id_photo, declared_trade): the API's message and field messages, and the
banners over the pages' forms."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from marshmallow import Schema

from app import PRODUCTS, platform
from app.platform.registry import assemble
from app.platform.schemas.labels import field_label as label_of
from tests.integration.helpers import UNIT
from tests.integration.title_helpers import NEW_PASSWORD, add_declarant
from tests.integration.title_helpers import UNIT as TITLE_UNIT

IDENTIFIER = re.compile(r"[a-z]+_[a-z_]+|\b(?:id|photo|kind|series|level|specialty|version)\b")
"""What a key looks like inside a Chinese sentence: snake_case, or a one-word key."""


def assert_readable(body: dict) -> None:
    texts = [body["message"], *body.get("fields", {}).values()]
    for text in texts:
        assert not IDENTIFIER.search(text), text


def error_banner(page: str) -> str:
    return re.search(r'class="alert alert-error"[^>]*>(.*?)</div>', page, re.S).group(1)


FIELD_LABELS = assemble([platform.register, *(p.register for p in PRODUCTS)]).field_labels
"""Every label the platform and the products registered."""


def field_label(path: str) -> str:
    return label_of(path, FIELD_LABELS)


def input_schemas():
    modules = []
    for area in ("platform", "exams", "titles", "governance"):
        for layer in ("schemas", "api"):
            package = importlib.import_module(f"app.{area}.{layer}")
            modules += [
                importlib.import_module(f"{package.__name__}.{m.name}")
                for m in pkgutil.iter_modules(package.__path__)
            ]
    for module in modules:
        for name, cls in vars(module).items():
            if (
                inspect.isclass(cls)
                and issubclass(cls, Schema)
                and cls.__module__ == module.__name__
                and not name.endswith("Out")
            ):
                yield f"{module.__name__}.{name}", cls


def test_every_input_field_has_a_label():
    unlabelled = {
        f"{where}.{key}"
        for where, cls in input_schemas()
        for key, field in ((f.data_key or n, f) for n, f in cls().fields.items())
        if not field.dump_only and key not in FIELD_LABELS
    }
    assert not unlabelled


def test_nested_paths_are_named_by_their_labels():
    assert field_label("appraisals.1.grade") == "近5年年度考核第2项·等级"
    assert field_label("_schema") == ""
    assert field_label("no_such_key") == ""


def test_an_incomplete_submission_names_the_missing_materials(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    response = applicant.submit()
    assert response.status_code == 422
    body = response.get_json()
    message = body["message"]
    assert message.startswith("报名信息不完整：请上传身份证照片；请上传个人照片（2寸大头照）；")
    assert "学历证书" in message and "工勤岗位等级证书" in message
    assert_readable(body)


def test_an_empty_application_names_each_field_by_its_label(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    response = api.post("/api/applications", json={}, as_=applicant.id_number)
    assert response.status_code == 422
    body = response.get_json()
    assert any(body["message"] == f"{FIELD_LABELS[k]}：{v}" for k, v in body["fields"].items())
    assert_readable(body)
    wrong_kind = api.post(
        "/api/applications",
        json={"gender": "x", "declared_grade": 9},
        as_=applicant.id_number,
    )
    assert_readable(wrong_kind.get_json())


def test_a_wrong_material_kind_is_refused_in_words(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    assert_readable(applicant.upload("passport").get_json())


def test_the_applicant_page_banner_names_fields_by_label(app, applicant_factory):
    applicant = applicant_factory(UNIT)
    client = app.test_client()
    client.post("/login", data={"username": applicant.id_number, "password": "Secret123"})
    page = client.post("/me/form", data={"declared_grade": "9"}).get_data(as_text=True)
    banner = error_banner(page)
    assert "申报等级" in banner
    assert not IDENTIFIER.search(banner), banner
    assert client.post("/me/form", data=_valid_page_form()).status_code == 302
    page = client.post("/me/submit", follow_redirects=True).get_data(as_text=True)
    assert error_banner(page).startswith("报名信息不完整：请上传身份证照片；请上传个人照片")


def _valid_page_form() -> dict[str, str]:
    return {
        "gender": "male",
        "phone": "13912345678",
        "birth_month": "1990-01",
        "education": "大专",
        "work_start": "2012-07",
        "current_grade": "4",
        "current_trade": "护理员",
        "current_grade_year": "2019",
        "declared_trade": "护理员",
        "declared_grade": "3",
        "prohibited": "no",
    }


def test_the_title_declaration_names_fields_by_label(app, api):
    declarant = add_declarant(api, TITLE_UNIT)
    empty = api.post("/api/title/declarations", json={}, as_=declarant)
    assert empty.status_code == 422
    assert_readable(empty.get_json())
    client = app.test_client()
    client.post("/login", data={"username": declarant, "password": NEW_PASSWORD})
    banner = error_banner(client.post("/title/mine/new", data={}).get_data(as_text=True))
    assert "系列" in banner
    assert not IDENTIFIER.search(banner), banner
