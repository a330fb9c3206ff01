"""Title review with permissions split by section (seed 004: "领导审查根据设置的权限显示申报人的
对应信息，全部信息审查成功后，资料将会到达上一级"): a level's 经办人 or 负责人 step passes a
declaration only when every section has been reviewed there by someone permitted to see it.
Each reviewer marks the sections it reviewed; the one who passes reviews its own by passing."""

from __future__ import annotations

from tests.integration import title_helpers as t

FIRST_HALF = ["basic", "education", "experience", "achievements"]
SECOND_HALF = ["papers", "training", "appraisals", "attachments"]


def split_handlers(api) -> tuple[str, str]:
    """Two 经办人 of the unit, each permitted half of the sections."""
    first = t.add_reviewer(api, t.UNIT, "handler", sections=FIRST_HALF, username="handler_a")
    second = t.add_reviewer(api, t.UNIT, "handler", sections=SECOND_HALF, username="handler_b")
    return first, second


def submitted(api) -> int:
    declarant = t.add_declarant(api)
    declaration_id = t.declare(api, declarant)
    t.submit(api, declarant, declaration_id)
    return declaration_id


def mark(api, reviewer: str, task_id: int, sections: list[str]):
    return api.post(
        f"/api/title/tasks/{task_id}/sections", json={"sections": sections}, as_=reviewer
    )


def test_a_handler_cannot_pass_sections_nobody_permitted_has_reviewed(api):
    first, second = split_handlers(api)
    leader = t.add_reviewer(api, t.UNIT, "leader")
    submitted(api)
    task = t.only_task(api, first)

    refused = t.act(api, first, "pass")
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["message"] == "以下板块尚未经有权限的审查人员审查通过：论文、继续教育、考核、附件"
    assert "sections" in body["fields"]

    marked = mark(api, second, task["id"], SECOND_HALF)
    assert marked.status_code == 200, marked.get_json()
    reviewed = {s["key"]: s["reviewed_by"] for s in marked.get_json()}
    assert reviewed["papers"] == [f"handler{t.UNIT}"] and reviewed["basic"] == []
    assert t.act(api, first, "pass").status_code == 200
    detail = api.get(f"/api/title/tasks/{task['id']}", as_=first).get_json()
    assert all(s["reviewed_by"] for s in detail["section_reviews"])
    assert t.only_task(api, leader)["name"] == "负责人审查"


def test_a_reviewer_marks_only_the_sections_it_may_see(api):
    first, second = split_handlers(api)
    submitted(api)
    task = t.only_task(api, first)
    refused = mark(api, second, task["id"], ["papers", "basic"])
    assert refused.status_code == 403
    assert "基本信息" in refused.get_json()["message"]


def test_the_leader_step_needs_every_section_reviewed_again(api):
    t.add_reviewer(api, t.UNIT, "handler")  # every section: passes alone, as before
    lead_a = t.add_reviewer(api, t.UNIT, "leader", sections=FIRST_HALF, username="leader_a")
    lead_b = t.add_reviewer(api, t.UNIT, "leader", sections=SECOND_HALF, username="leader_b")
    submitted(api)
    assert t.act(api, f"th{t.UNIT}", "pass").status_code == 200

    task = t.only_task(api, lead_a)
    assert t.act(api, lead_a, "pass").status_code == 422
    assert mark(api, lead_b, task["id"], SECOND_HALF).status_code == 200
    assert t.act(api, lead_a, "pass").status_code == 200  # on to the supervising unit


def test_a_review_stops_counting_when_its_reviewer_loses_the_permission(api):
    first, second = split_handlers(api)
    submitted(api)
    task = t.only_task(api, first)
    assert mark(api, second, task["id"], SECOND_HALF).status_code == 200
    users = api.get("/api/users", as_=t.UNIT).get_json()
    second_id = next(u["id"] for u in users if u["username"] == second)
    narrowed = t.put(
        api,
        f"/api/title/reviewers/{second_id}",
        {"role": "handler", "series": ["health"], "sections": ["papers"]},
        as_=t.UNIT,
    )
    assert narrowed.status_code == 200, narrowed.get_json()

    refused = t.act(api, first, "pass")
    assert refused.status_code == 422
    assert refused.get_json()["message"].endswith("继续教育、考核、附件")


def test_the_task_page_shows_each_section_and_records_a_review(api, client):
    first, second = split_handlers(api)
    submitted(api)
    task = t.only_task(api, first)
    client.post("/login", data={"username": second, "password": t.NEW_PASSWORD})
    page = client.get(f"/title/tasks/{task['id']}").get_data(as_text=True)
    assert "板块审查" in page and 'value="papers"' in page and 'value="basic"' not in page

    done = client.post(f"/title/tasks/{task['id']}/sections", data={"sections": SECOND_HALF})
    assert done.status_code == 302
    history = api.get(
        f"/api/title/declarations/{task['declaration_id']}/history", as_=t.UNIT
    ).get_json()
    assert [e["action"] for e in history][-1] == "title_section_review"
    assert t.act(api, first, "pass").status_code == 200
