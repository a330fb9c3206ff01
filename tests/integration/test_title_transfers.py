"""单位变动人员管理 through HTTP on both databases: a unit asks for a declarant by ID number,
the old unit's admin refuses (nothing moves) or agrees (person and declarations move, a
running declaration keeps its case); no one else sees or acts on the request."""

from __future__ import annotations

from app.extensions import db
from app.models import AuditEvent, TitleDeclaration, User
from tests.integration.expert_helpers import apply, expert
from tests.integration.title_helpers import (
    COUNTY,
    PROVINCE,
    UNIT,
    act,
    add_declarant,
    add_reviewer,
    approved_plan,
    declaration,
    declare,
    submit,
)

NEW_UNIT = "410181002"  # 巩义市北山口镇政府, another unit of the same county (demo data)


def _org_of(app, id_number: str) -> str:
    with app.app_context():
        return db.session.query(User).filter_by(id_number=id_number).one().org.code


def _ask(api, number: str, note: str = "已调入本单位") -> dict:
    asked = api.post("/api/title/transfers", as_=NEW_UNIT, json={"id_number": number, "note": note})
    assert asked.status_code == 201, asked.get_json()
    return asked.get_json()


def test_refused_transfer_moves_nothing(app, api):
    person = add_declarant(api, name="调动人")
    declaration_id = declare(api, person)
    transfer = _ask(api, person)
    assert transfer["status"] == "under_review" and transfer["from_org"]["code"] == UNIT
    again = api.post("/api/title/transfers", as_=NEW_UNIT, json={"id_number": person})
    assert again.status_code == 409
    decision = f"/api/title/transfers/{transfer['id']}/decision"
    assert api.post(decision, as_=NEW_UNIT, json={"action": "pass"}).status_code == 403
    no_reason = api.post(decision, as_=UNIT, json={"action": "reject"})
    assert no_reason.status_code == 422 and "comment" in no_reason.get_json()["fields"]
    refused = api.post(decision, as_=UNIT, json={"action": "reject", "comment": "尚未办理调动"})
    assert refused.status_code == 200, refused.get_json()
    assert refused.get_json()["status"] == "rejected"
    assert refused.get_json()["reason"] == "尚未办理调动"
    assert api.post(decision, as_=UNIT, json={"action": "pass"}).status_code == 409
    assert _org_of(app, person) == UNIT
    with app.app_context():
        assert db.session.get(TitleDeclaration, declaration_id).org.code == UNIT
    outgoing = api.get("/api/title/transfers?direction=out", as_=UNIT).get_json()
    assert [t["id"] for t in outgoing] == [transfer["id"]]
    assert api.get("/api/title/transfers?direction=in", as_=UNIT).get_json() == []


def test_agreed_transfer_moves_person_and_running_declaration(app, api):
    handler = add_reviewer(api, UNIT, "handler")
    person = add_declarant(api, name="调动人")
    declaration_id = declare(api, person)
    submit(api, person, declaration_id)
    transfer = _ask(api, person)
    decision = f"/api/title/transfers/{transfer['id']}/decision"
    # While the old unit itself reviews the declaration the transfer cannot be agreed.
    busy = api.post(decision, as_=UNIT, json={"action": "pass"})
    assert busy.status_code == 409 and "审查中" in busy.get_json()["message"]
    assert act(api, handler, "return", "请补充论文").status_code == 200

    agreed = api.post(decision, as_=UNIT, json={"action": "pass"})
    assert agreed.status_code == 200, agreed.get_json()
    body = agreed.get_json()
    assert body["status"] == "approved" and body["moved_declarations"] == 1
    assert _org_of(app, person) == NEW_UNIT

    # The returned declaration is not lost: resubmitted, it starts at the new unit.
    mine = declaration(api, person, declaration_id)["declaration"]
    assert mine["status"] == "returned"
    approved_plan(api, NEW_UNIT)  # the quota is the new unit's now
    resubmitted = submit(api, person, declaration_id)
    assert resubmitted["waiting_org"]["code"] == NEW_UNIT
    names = [d["name"] for d in api.get("/api/title/declarants", as_=NEW_UNIT).get_json()]
    assert names == ["调动人"]
    assert api.get("/api/title/declarants", as_=UNIT).get_json() == []
    with app.app_context():
        person_id = db.session.query(User.id).filter_by(id_number=person).scalar()
        chains = {
            chain: [a for (a,) in db.session.query(AuditEvent.action).filter_by(chain=chain)]
            for chain in (f"transfer:{transfer['id']}", f"user:{person_id}")
        }
    assert chains[f"transfer:{transfer['id']}"] == ["transfer_request", "pass"]
    assert chains[f"user:{person_id}"] == ["transfer_in"]


def test_another_county_cannot_see_or_act(app, api):
    person = add_declarant(api, name="调动人")
    transfer = _ask(api, person)
    other = "410122"  # 中牟县, another county of the same city
    path = f"/api/title/transfers/{transfer['id']}"
    assert api.get(path, as_=other).status_code == 404
    assert api.post(f"{path}/decision", as_=other, json={"action": "pass"}).status_code == 404
    assert api.get("/api/title/transfers", as_=other).get_json() == []
    assert api.get(path, as_=COUNTY).status_code == 200  # both orgs are in the county
    assert api.get(path, as_=PROVINCE).status_code == 200
    # The county sees it but only the old unit's admin decides.
    assert api.post(f"{path}/decision", as_=COUNTY, json={"action": "pass"}).status_code == 403
    unknown = api.post(
        "/api/title/transfers", as_=NEW_UNIT, json={"id_number": "41018119900101001X"}
    )
    assert unknown.status_code in (404, 422)
    own = api.post("/api/title/transfers", as_=UNIT, json={"id_number": person})
    assert own.status_code == 422 and "id_number" in own.get_json()["fields"]


def test_an_expert_moves_with_the_person(app, api):
    """Recusal compares a draw's declarant unit with the expert's unit now: an agreed
    transfer moves the person's expert entry, and its chain records it."""
    person = add_declarant(api, name="调动专家")
    expert_id = apply(api, person)["id"]
    transfer = _ask(api, person)
    agreed = api.post(f"/api/title/transfers/{transfer['id']}/decision", as_=UNIT, json={"action": "pass"})
    assert agreed.status_code == 200, agreed.get_json()
    assert expert(api, person, expert_id)["org"]["code"] == NEW_UNIT
    with app.app_context():
        actions = [a for (a,) in db.session.query(AuditEvent.action).filter_by(chain=f"expert:{expert_id}").order_by(AuditEvent.seq)]
    assert actions[-1] == "transfer_in"
