"""A unit's declarants (单位人员管理) and their declarations, through HTTP on both databases."""

from __future__ import annotations

from tests.integration.title_helpers import (
    NEW_PASSWORD,
    SUPERVISING,
    UNIT,
    add_declarant,
    add_reviewer,
    declare,
    id_number,
    put,
)

OTHER_UNIT = "410122001"  # 中牟县人民医院


def test_initial_password_is_the_last_six_of_the_id_number_and_must_be_changed(app, api):
    number = id_number(check="X")
    created = api.post(
        "/api/title/declarants", as_=UNIT, json={"id_number": number.lower(), "name": "王芳"}
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["must_change_password"] is True
    assert body["username"] == f"{number[:3]}*****{number[-4:]}"  # masked in every answer

    lower = api.client.post(
        "/api/auth/login", json={"username": number, "password": number[-6:].lower()}
    )
    assert lower.status_code == 401
    login = api.client.post("/api/auth/login", json={"username": number, "password": number[-6:]})
    assert login.status_code == 200 and login.get_json()["must_change_password"] is True
    token = {"Authorization": f"Bearer {login.get_json()['token']}"}
    blocked = api.client.get("/api/title/declarations", headers=token)
    assert blocked.status_code == 403
    assert blocked.get_json()["error"] == "password_change_required"
    changed = api.client.post(
        "/api/auth/password",
        headers=token,
        json={"old_password": number[-6:], "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204
    api.login(number, NEW_PASSWORD)
    assert api.get("/api/title/declarations", as_=number).get_json()["total"] == 0


def test_another_units_admin_cannot_touch_our_declarants(app, api):
    declarant = add_declarant(api)
    ours = api.get("/api/title/declarants", as_=UNIT).get_json()
    (row,) = ours
    assert row["name"] == "申报人"
    path = f"/api/title/declarants/{row['id']}"
    for stranger in (OTHER_UNIT, SUPERVISING):
        assert api.get("/api/title/declarants", as_=stranger).get_json() == []
        assert api.patch(path, as_=stranger, json={"name": "改名"}).status_code == 404
        assert api.delete(path, as_=stranger).status_code == 404
    assert (
        api.post(
            "/api/title/declarants", as_=declarant, json={"id_number": id_number(), "name": "x"}
        ).status_code
        == 403
    )
    renamed = api.patch(path, as_=UNIT, json={"name": "改名", "phone": "13800000000"})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "改名"


def test_a_declarant_who_declared_cannot_be_removed(app, api):
    idle, busy = add_declarant(api, name="甲"), add_declarant(api, name="乙")
    declare(api, busy)
    rows = {r["name"]: r["id"] for r in api.get("/api/title/declarants", as_=UNIT).get_json()}
    assert api.delete(f"/api/title/declarants/{rows['乙']}", as_=UNIT).status_code == 409
    assert api.delete(f"/api/title/declarants/{rows['甲']}", as_=UNIT).status_code == 204
    again = api.client.post("/api/auth/login", json={"username": idle, "password": NEW_PASSWORD})
    assert again.status_code == 401


def test_a_declaration_is_edited_with_its_version_and_one_is_open_at_a_time(app, api):
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    second = api.post(
        "/api/title/declarations",
        as_=declarant,
        json={"series": "health", "specialty": "外科", "level": "junior"},
    )
    assert second.status_code == 409
    path = f"/api/title/declarations/{declaration_id}"
    version = api.get(path, as_=declarant).get_json()["declaration"]["version"]
    first = api.patch(path, as_=declarant, json={"specialty": "心内科", "version": version})
    assert first.status_code == 200 and first.get_json()["specialty"] == "心内科"
    stale = api.patch(path, as_=declarant, json={"specialty": "外科", "version": version})
    assert stale.status_code == 409
    detail = api.get(path, as_=declarant).get_json()
    assert detail["declaration"]["specialty"] == "心内科"
    assert detail["sections"]["papers"][0]["title"] == "论文一"
    assert detail["hidden_sections"] == []


def test_bad_input_names_the_field(app, api):
    declarant = add_declarant(api)
    cases = [
        ({"series": "cooking", "specialty": "x", "level": "junior"}, "series"),
        ({"series": "health", "specialty": "x", "level": "master"}, "level"),
        (
            {"series": "health", "specialty": "x", "level": "junior", "sections": {"diary": {}}},
            "sections",
        ),
        (
            {
                "series": "health",
                "specialty": "x",
                "level": "junior",
                "sections": {"basic": "text"},
            },
            "sections",
        ),
        (
            {
                "series": "health",
                "specialty": "x",
                "level": "junior",
                "sections": {"basic": [[[[["deep"]]]]]},
            },
            "sections",
        ),
    ]
    for body, field in cases:
        response = api.post("/api/title/declarations", as_=declarant, json=body)
        assert response.status_code == 422, (body, response.get_json())
        assert any(key.startswith(field) for key in response.get_json()["fields"]), (
            response.get_json()
        )


def test_only_the_orgs_admin_sets_title_roles(app, api):
    reviewer = add_reviewer(api, UNIT, "handler")
    rows = api.get("/api/title/reviewers", as_=UNIT).get_json()
    row = next(r for r in rows if r["username"] == reviewer)
    assert row["title"]["role"] == "handler" and row["title"]["role_label"] == "经办人"
    body = {"role": "leader", "series": ["health"], "sections": ["basic"]}
    assert put(api, f"/api/title/reviewers/{row['id']}", body, as_=OTHER_UNIT).status_code == 404
    assert put(api, f"/api/title/reviewers/{row['id']}", body, as_=reviewer).status_code == 403
    bad = put(api, f"/api/title/reviewers/{row['id']}", {**body, "role": "boss"}, as_=UNIT)
    assert bad.status_code == 422 and "role" in bad.get_json()["fields"]
    assert put(api, f"/api/title/reviewers/{row['id']}", body, as_=UNIT).status_code == 200
