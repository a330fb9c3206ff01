"""Helpers for org onboarding through the HTTP API: a new org's admin replaces the initial
000000, fills in and submits its information, and its superior approves it."""

from __future__ import annotations

from tests.integration.title_helpers import first_login

INFO = {
    "cert_print_name": "巩义市第二人民医院",
    "contact_name": "张联系",
    "contact_phone": "13912345678",
    "contact_email": "hr@example.cn",
    "address": "巩义市新华路1号",
    "series": ["health"],
}


def initial_password(api) -> str:
    return api.client.application.config["ORG_INITIAL_PASSWORD"]


def onboard(api, code: str, superior: str) -> None:
    """The new org ``code`` (just created under ``superior``) ends approved, its admin logged
    in with its own password."""
    first_login(api, code, initial_password(api))
    version = api.get("/api/onboarding", as_=code).get_json()["version"]
    filled = api.patch("/api/onboarding", as_=code, json={**INFO, "version": version})
    assert filled.status_code == 200, filled.get_json()
    submitted = api.post("/api/onboarding/submit", as_=code, json={})
    assert submitted.status_code == 200, submitted.get_json()
    decided = api.post(
        f"/api/onboarding/orgs/{code}/decision", as_=superior, json={"action": "pass"}
    )
    assert decided.status_code == 200, decided.get_json()
