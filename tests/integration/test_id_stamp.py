"""添加身份证号 (issue 9 item 6): a reviewer stamps the applicant's ID number onto the ID-card
photo; the stamped copy is a new upload, the original stays byte for byte."""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import COUNTY, UNIT

OTHER_COUNTY = "410122"


def _card(size=(428, 270)) -> bytes:
    """A plain ID-card-sized JPEG, light like a card."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 215, 230)).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def _submitted(applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    assert applicant.upload("id_photo", _card(), "card.jpg").status_code == 201
    for kind in ("photo", "education_cert", "grade_cert"):
        assert applicant.upload(kind).status_code == 201
    assert applicant.submit().status_code == 200
    return applicant


def _uploads(api, applicant, as_=COUNTY) -> dict[str, dict]:
    body = api.get(f"/api/applications/{applicant.application_id}", as_=as_).get_json()
    return {u["kind"]: u for u in body["uploads"]}


def _download(api, upload_id: int, as_=COUNTY) -> bytes:
    response = api.get(f"/api/uploads/{upload_id}", as_=as_)
    assert response.status_code == 200
    return response.data


def test_stamp_is_a_new_file_and_the_original_is_unchanged(api, applicant_factory):
    applicant = _submitted(applicant_factory)
    original = _uploads(api, applicant)["id_photo"]
    before = hashlib.sha256(_download(api, original["id"])).hexdigest()

    response = api.post(f"/api/applications/{applicant.application_id}/id-photo/stamp", as_=UNIT)
    assert response.status_code == 201, response.get_json()
    stamped = response.get_json()
    assert stamped["kind"] == "id_photo_stamped"

    after = _uploads(api, applicant)
    assert after["id_photo"]["id"] == original["id"]
    assert hashlib.sha256(_download(api, original["id"])).hexdigest() == before
    content = _download(api, stamped["id"])
    assert hashlib.sha256(content).hexdigest() != before
    image = Image.open(io.BytesIO(content)).convert("L")
    assert image.size == (428, 270)
    # the band darkens the bottom, the top (where the card is read) is untouched
    assert image.getpixel((10, 265)) < 150 < image.getpixel((10, 10))
    # a second stamp replaces the first instead of piling up copies
    again = api.post(f"/api/applications/{applicant.application_id}/id-photo/stamp", as_=COUNTY)
    assert again.status_code == 201
    kinds = [u["kind"] for u in api.get(
        f"/api/applications/{applicant.application_id}", as_=COUNTY
    ).get_json()["uploads"]]
    assert kinds.count("id_photo_stamped") == 1


def test_only_reviewers_in_scope_may_stamp(api, applicant_factory):
    applicant = _submitted(applicant_factory)
    path = f"/api/applications/{applicant.application_id}/id-photo/stamp"
    assert api.post(path, as_=OTHER_COUNTY).status_code == 404
    assert api.post(path, as_=applicant.id_number).status_code == 403
    assert api.post(path).status_code == 401
    assert "id_photo_stamped" not in _uploads(api, applicant)


def test_no_id_photo_no_stamp(api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    response = api.post(
        f"/api/applications/{applicant.application_id}/id-photo/stamp", as_=COUNTY
    )
    assert response.status_code == 409


def test_one_click_on_the_task_page(api, client, applicant_factory):
    applicant = _submitted(applicant_factory)
    task = api.get("/api/tasks", as_=UNIT).get_json()["items"][0]
    client.post("/login", data={"username": UNIT, "password": DEMO_PASSWORD})
    page = client.get(f"/review/tasks/{task['id']}").get_data(as_text=True)
    assert "添加身份证号" in page
    response = client.post(
        f"/review/applications/{applicant.application_id}/stamp-id-photo",
        data={"next": f"/review/tasks/{task['id']}"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "已在身份证照片上添加身份证号" in text and "身份证照片（已添加身份证号）" in text
