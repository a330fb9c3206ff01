"""Uploads through the API and the pages: refused by content with nothing written, stored
cleaned, served inert, and a body over the size limit answered in Chinese (both databases).
"""

from __future__ import annotations

import hashlib
import io
from urllib.parse import quote

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.files import (
    blank_pdf,
    encrypted_pdf,
    huge_png,
    jpeg_with_exif,
    pdf_with_attachment,
    pdf_with_javascript,
    pdf_with_launch,
    png,
)
from tests.integration.helpers import UNIT

TOO_LARGE = "文件过大：单个文件不能超过5MB"
BAD_FILES = {
    "pdf-header-then-exe": ("other", b"%PDF-1.7\nMZ\x90\x00" + bytes(range(256)) * 8),
    "pdf-javascript": ("other", pdf_with_javascript("open_action")),
    "pdf-launch": ("other", pdf_with_launch()),
    "pdf-attachment": ("other", pdf_with_attachment()),
    "pdf-encrypted": ("other", encrypted_pdf()),
    "huge-png": ("id_photo", huge_png(20000, 20000)),
}


def test_uploads_are_checked_by_content(api, applicant_factory):
    """Moved from test_validation (a real PDF now): type by content, name display-only."""
    applicant = applicant_factory(UNIT)
    applicant.apply()
    fake = applicant.upload("id_photo", b"<html>not an image</html>", "photo.png")
    assert fake.status_code == 422 and "file" in fake.get_json()["fields"]
    pdf_photo = applicant.upload("photo", blank_pdf(), "a.pdf")
    assert pdf_photo.status_code == 422
    pdf_cert = applicant.upload("education_cert", blank_pdf(), "../../etc/x.pdf")
    assert pdf_cert.status_code == 201
    body = pdf_cert.get_json()
    assert body["content_type"] == "application/pdf" and body["original_name"] == "x.pdf"
    unknown = applicant.upload("selfie")
    assert unknown.status_code == 422 and "kind" in unknown.get_json()["fields"]
    download = api.get(f"/api/uploads/{body['id']}", as_=applicant.id_number)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    download.close()
    assert api.get(f"/api/uploads/{body['id']}", as_="410122").status_code == 404


def _stored(app) -> set[str]:
    directory = app.config["UPLOAD_DIR"]
    return {path.name for path in directory.iterdir()} if directory.exists() else set()


def _page_client(app, username: str, password: str = DEMO_PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.text
    return client


@pytest.mark.parametrize(("kind", "content"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_422_naming_file_and_nothing_is_written(
    app, api, applicant_factory, kind, content
):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    files_before = _stored(app)
    response = applicant.upload(kind, content, "upload.bin")
    assert response.status_code == 422, response.get_json()
    assert response.get_json()["fields"]["file"]
    detail = api.get(f"/api/applications/{applicant.application_id}", as_=UNIT).get_json()
    assert detail["uploads"] == []
    history = api.get(f"/api/applications/{applicant.application_id}/history", as_=UNIT)
    assert [e["action"] for e in history.get_json() if e["action"] == "upload"] == []
    assert _stored(app) == files_before


def test_refusals_name_the_problem(applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    huge = applicant.upload("id_photo", huge_png(20000, 20000), "big.png").get_json()
    assert "4000万像素" in huge["fields"]["file"]
    script = applicant.upload("other", pdf_with_javascript("names"), "a.pdf").get_json()
    assert "脚本（JavaScript）" in script["fields"]["file"]
    gif = applicant.upload("photo", b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "a.gif").get_json()
    assert gif["fields"]["file"] == "仅支持JPEG或PNG图片"


def test_png_with_html_is_stored_cleaned_and_served_inert(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    response = applicant.upload(
        "id_photo", png() + b"<html><script>alert(1)</script>", "证件照.png"
    )
    assert response.status_code == 201, response.get_json()
    upload = response.get_json()
    assert (upload["content_type"], upload["original_name"]) == ("image/png", "证件照.png")
    page = _page_client(app, applicant.id_number, "Secret123")
    for client, path, headers in (
        (api.client, f"/api/uploads/{upload['id']}", api._headers(applicant.id_number)),
        (page, f"/files/{upload['id']}", {}),
    ):
        download = client.get(path, headers=headers)
        assert download.status_code == 200
        body = download.get_data()
        assert b"<html" not in body and b"<script" not in body
        assert len(body) == upload["size"]
        assert download.mimetype == "image/png"
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in download.headers["Content-Security-Policy"]
        assert "default-src 'none'" in download.headers["Content-Security-Policy"]
        assert download.headers["Cache-Control"] == "private, no-store"
        disposition = download.headers["Content-Disposition"]
        assert disposition.startswith("inline") and quote("证件照.png") in disposition
        download.close()
    assert api.get(f"/api/uploads/{upload['id']}", as_="410122").status_code == 404


def test_pdf_is_stored_rewritten_with_its_digest(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    original = blank_pdf() + b"\n<html>junk after the end</html>"
    response = applicant.upload("education_cert", original, "../../etc/学历.pdf")
    assert response.status_code == 201, response.get_json()
    upload = response.get_json()
    assert (upload["content_type"], upload["original_name"]) == ("application/pdf", "学历.pdf")
    download = api.get(f"/api/uploads/{upload['id']}", as_=UNIT)
    body = download.get_data()
    download.close()
    assert body.startswith(b"%PDF") and b"<html" not in body and len(body) == upload["size"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in download.headers["Content-Security-Policy"]
    from app.models import Upload

    with app.app_context():
        from app.extensions import db

        row = db.session.get(Upload, upload["id"])
        assert row.sha256 == hashlib.sha256(body).hexdigest()
        assert (app.config["UPLOAD_DIR"] / row.stored_name).read_bytes() == body


def test_new_photo_replaces_the_old_one_cleaned_and_documents_accumulate(
    app, api, applicant_factory
):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    first = applicant.upload("photo", png(color=(1, 2, 3))).get_json()
    files_with_first = _stored(app)
    photo = jpeg_with_exif(size=(40, 20), orientation=6)
    second = applicant.upload("photo", photo, "me.jpg").get_json()
    for _ in range(2):
        assert applicant.upload("other", blank_pdf(), "a.pdf").status_code == 201
    detail = api.get(f"/api/applications/{applicant.application_id}", as_=UNIT).get_json()
    assert sorted(u["kind"] for u in detail["uploads"]) == ["other", "other", "photo"]
    assert [u["id"] for u in detail["uploads"] if u["kind"] == "photo"] == [second["id"]]
    # The old row is deleted before the new one is inserted (one photo per kind, an index):
    # SQLite may hand the new row the freed id, so the old id serves the new photo or nothing.
    old = api.get(f"/api/uploads/{first['id']}", as_=UNIT)
    assert old.status_code == 404 or first["id"] == second["id"]
    old.close()
    assert files_with_first - _stored(app)  # the replaced photo's file is gone
    download = api.get(f"/api/uploads/{second['id']}", as_=UNIT)
    assert download.mimetype == "image/jpeg" and b"Exif" not in download.get_data()
    download.close()


def test_file_name_is_kept_printable(applicant_factory):
    """A NUL in the name was a 500 on PostgreSQL; a right-to-left override disguised .exe."""
    applicant = applicant_factory(UNIT)
    applicant.apply()
    nul = applicant.upload("other", None, "a\x00b.png")
    assert nul.status_code == 201 and nul.get_json()["original_name"] == "ab.png"
    rlo = applicant.upload("other", None, "x\u202egnp.png")
    assert rlo.get_json()["original_name"] == "xgnp.png"


def test_missing_stored_file_is_404_not_500(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    upload = applicant.upload("photo").get_json()
    for name in _stored(app):
        (app.config["UPLOAD_DIR"] / name).unlink()
    response = api.get(f"/api/uploads/{upload['id']}", as_=UNIT)
    assert response.status_code == 404 and response.get_json()["error"] == "not_found"


@pytest.mark.parametrize("extra", [10, 200 * 1024], ids=["just-over-file-limit", "over-body-limit"])
def test_api_upload_over_the_limit_is_413_naming_file(app, applicant_factory, extra):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    big = b"%PDF-1.4" + b"0" * (app.config["MAX_UPLOAD_BYTES"] + extra)
    response = applicant.upload("other", big, "big.pdf")
    assert response.status_code == 413
    body = response.get_json()
    assert body["error"] == "file_too_large" and body["fields"] == {"file": TOO_LARGE}


def _too_large_body(app, **fields) -> dict:
    big = io.BytesIO(b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1024))
    return {**fields, "file": (big, "big.pdf")}


def test_page_upload_over_the_limit_goes_back_to_my_page_with_the_message(app, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    page = _page_client(app, applicant.id_number, "Secret123")
    response = page.post("/me/files", data=_too_large_body(app, kind="other"))
    assert response.status_code == 302 and response.location == "/me"
    followed = page.get(response.location)
    assert followed.status_code == 200 and TOO_LARGE in followed.text


@pytest.mark.parametrize(
    ("referrer", "back"),
    [
        ("http://localhost/review/tasks/7?tab=files", "/review/tasks/7?tab=files"),
        ("http://evil.example/review/tasks/7", "/review/inbox"),
        (None, "/review/inbox"),
    ],
    ids=["same-site", "other-site", "none"],
)
def test_reviewer_upload_over_the_limit_goes_back_to_a_same_site_page(
    app, applicant_factory, referrer, back
):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    page = _page_client(app, UNIT)
    response = page.post(
        f"/review/applications/{applicant.application_id}/review-files",
        data=_too_large_body(app, kind="commitment_letter", next="/review/inbox"),
        headers={"Referer": referrer} if referrer else {},
    )
    assert response.status_code == 302 and response.location == back
    followed = page.get("/review/inbox")
    assert TOO_LARGE in followed.text


def test_too_large_body_elsewhere_is_a_chinese_413(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    padding = "0" * app.config["MAX_CONTENT_LENGTH"]
    response = api.post("/api/applications", json={"phone": padding}, as_=applicant.id_number)
    assert response.status_code == 413
    assert response.get_json() == {"error": "request_too_large", "message": "提交的内容过大"}
    page = app.test_client().post("/login", data={"username": padding, "password": "x"})
    assert page.status_code == 413 and "提交的内容过大" in page.text
