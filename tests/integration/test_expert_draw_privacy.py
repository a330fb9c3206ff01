"""抽取专家: the committee recuses a declaration it finds by the declarant's name or ID number
(a picker, not an internal 申报编号), and the drawn experts' phone numbers are masked in every
list (138****1234); the committee that drew reads them in full on the draw's contacts view,
and each such view is audited."""

from __future__ import annotations

from tests.integration.expert_helpers import pool_expert
from tests.integration.test_title_pages import _web
from tests.integration.title_helpers import (
    CITY,
    PROVINCE,
    UNIT,
    add_declarant,
    add_reviewer,
    declare,
    submit,
)

OTHER_UNIT = "410122001"


def _pool(api) -> None:
    for unit in (UNIT, OTHER_UNIT, OTHER_UNIT):
        pool_expert(api, unit)


def test_phones_are_masked_in_lists_and_full_on_the_audited_contacts_view(api):
    _pool(api)
    city = add_reviewer(api, CITY, "leader")
    drawn = api.post("/api/title/expert-draws", json={"series": "health", "count": 2}, as_=city)
    assert drawn.status_code == 201, drawn.get_json()
    assert {e["phone"] for e in drawn.get_json()["experts"]} == {"139****0000"}
    pool = api.get("/api/title/expert-pool", as_=city).get_json()["items"]
    assert {e["phone"] for e in pool} == {"139****0000"}
    draw_id = drawn.get_json()["id"]
    listed = api.get(f"/api/title/expert-draws/{draw_id}", as_=city).get_json()
    assert {e["phone"] for e in listed["experts"]} == {"139****0000"}

    contacts = api.get(f"/api/title/expert-draws/{draw_id}/contacts", as_=city)
    assert contacts.status_code == 200, contacts.get_json()
    assert {e["phone"] for e in contacts.get_json()["experts"]} == {"13900000000"}

    province = add_reviewer(api, PROVINCE, "leader")  # sees the draw, not the numbers
    assert api.get(f"/api/title/expert-draws/{draw_id}", as_=province).status_code == 200
    refused = api.get(f"/api/title/expert-draws/{draw_id}/contacts", as_=province)
    assert refused.status_code == 403

    with api.client.application.app_context():
        from sqlalchemy import select

        from app.extensions import db
        from app.models import AuditEvent

        views = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.chain == f"expert_draw:{draw_id}",
                AuditEvent.action == "expert_contacts_view",
            )
        ).all()
        assert [(v.actor_name, v.details["draw_id"]) for v in views] == [
            (f"leader{CITY}", draw_id)
        ]


def test_the_committee_finds_the_declaration_to_recuse_by_name_or_id_number(app, api):
    _pool(api)
    city = add_reviewer(api, CITY, "leader")
    declarant = add_declarant(api, name="孙医生")
    declaration_id = declare(api, declarant)
    submit(api, declarant, declaration_id)

    for q in ("孙医", declarant[-6:]):
        found = api.get(f"/api/title/declarations?q={q}", as_=city).get_json()["items"]
        assert [d["id"] for d in found] == [declaration_id]
    assert api.get("/api/title/declarations?q=没有此人", as_=city).get_json()["total"] == 0

    web = _web(app, city)
    page = web.get("/title/expert-draws?q=孙医生").get_data(as_text=True)
    assert "孙医生" in page and f'value="{declaration_id}"' in page
    assert declarant not in page  # the ID number is masked in the picker
    drawn = web.post(
        "/title/expert-draws?q=孙医生",
        data={"series": "health", "count": "2", "declaration_id": str(declaration_id)},
    )
    body = drawn.get_data(as_text=True)
    assert drawn.status_code == 200 and "已回避巩义市人民医院" in body
    assert "139****0000" in body and "13900000000" not in body
    draw_id = api.get("/api/title/expert-draws", as_=city).get_json()["items"][0]["id"]
    contacts = web.get(f"/title/expert-draws/{draw_id}").get_data(as_text=True)
    assert "13900000000" in contacts and "本次查看已记录" in contacts
