""""Only one open X" on the title platform, under identical requests sent at the same moment
(a double click, a retrying client): exactly one is created, every other answers 409 with the
reason, on SQLite and PostgreSQL. The rule is the database's (a partial unique index), so it
holds whatever the timing; the requests meet inside the check-then-insert window on purpose.
"""

from __future__ import annotations

from app.titles.services import declarations, experts, transfers
from tests.integration.expert_helpers import EXPERT
from tests.integration.racing import Call, assert_one_wins, at_once, same
from tests.integration.title_helpers import FORM, UNIT, add_declarant

NEW_UNIT = "410181002"  # another unit of the same county (demo data)


def test_four_identical_declarations_at_once_make_one(app, api):
    declarant = add_declarant(api)
    call = Call("POST", "/api/title/declarations", api.tokens[declarant], json=FORM)

    responses = at_once(app, same(call), meet_in=declarations)

    assert_one_wins(responses)
    assert {r.get_json()["message"] for r in responses if r.status_code == 409} == {
        "已有未完成的职称申报，请在原申报上修改或等待审查结果"
    }
    mine = api.get("/api/title/declarations", as_=declarant).get_json()
    assert mine["total"] == 1


def test_four_identical_expert_applications_at_once_make_one(app, api):
    declarant = add_declarant(api)
    call = Call("POST", "/api/title/experts", api.tokens[declarant], json=EXPERT)

    responses = at_once(app, same(call), meet_in=experts)

    assert_one_wins(responses)
    mine = api.get("/api/title/experts", as_=declarant).get_json()
    assert mine["total"] == 1


def test_four_identical_transfer_requests_at_once_make_one(app, api):
    # A first request deploys the library (deployment #1 of a fresh install), so that the
    # race below is about the person, not about who deploys first.
    earlier = add_declarant(api, UNIT)
    first = api.post("/api/title/transfers", as_=NEW_UNIT, json={"id_number": earlier})
    assert first.status_code == 201, first.get_json()
    person = add_declarant(api, UNIT)
    body = {"id_number": person, "note": "已调入本单位"}
    call = Call("POST", "/api/title/transfers", api.tokens[NEW_UNIT], json=body)

    responses = at_once(app, same(call), meet_in=transfers)

    assert_one_wins(responses)
    for response in responses:
        if response.status_code == 409:
            assert response.get_json()["fields"] == {"id_number": "该人员已有待处理的移交申请"}
    incoming = api.get("/api/title/transfers?direction=in", as_=NEW_UNIT).get_json()
    assert len(incoming) == 2  # the earlier person's and one of this person's
