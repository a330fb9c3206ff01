"""The title platform's first pages: a handler's 首页待办 and decision, the leader's inbox
after it, and a declarant's console (first-login password page and 申报状态)."""

from __future__ import annotations

from tests.integration.title_helpers import (
    ALL_SECTIONS,
    NEW_PASSWORD,
    UNIT,
    add_declarant,
    add_reviewer,
    declare,
    id_number,
    submit,
)


def _web(app, username: str, password: str = NEW_PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def test_a_handler_decides_from_the_home_page_to_do_list(app, api):
    handler = add_reviewer(api, UNIT, "handler", sections=["basic", "papers"])
    leader = add_reviewer(api, UNIT, "leader")
    declarant = add_declarant(api, name="李医生")
    submit(api, declarant, declare(api, declarant))

    web = _web(app, handler)
    page = web.get("/title/tasks").get_data(as_text=True)
    assert "首页待办" in page and "李医生" in page and "内科" in page
    task_id = api.get("/api/title/tasks", as_=handler).get_json()["items"][0]["task"]["id"]
    task_page = web.get(f"/title/tasks/{task_id}").get_data(as_text=True)
    assert "论文一" in task_page and "郑州大学" not in task_page  # 学历 is not permitted
    assert "无权查看的板块" in task_page

    missing = web.post(f"/title/tasks/{task_id}", data={"action": "return", "comment": ""})
    assert missing.status_code == 422 and "须填写原因" in missing.get_data(as_text=True)
    # 学历 and the other sections nobody permitted has reviewed yet: the pass is refused
    refused = web.post(f"/title/tasks/{task_id}", data={"action": "pass", "comment": ""})
    assert refused.status_code == 422 and "尚未经有权限的审查人员审查通过" in refused.get_data(
        as_text=True
    )
    others = [key for key in ALL_SECTIONS if key not in ("basic", "papers")]
    colleague = add_reviewer(api, UNIT, "handler", sections=others, username="handler_b")
    marked = api.post(
        f"/api/title/tasks/{task_id}/sections", json={"sections": others}, as_=colleague
    )
    assert marked.status_code == 200, marked.get_json()
    done = web.post(f"/title/tasks/{task_id}", data={"action": "pass", "comment": ""})
    assert done.status_code == 302 and done.headers["Location"].endswith("/title/tasks")
    assert "暂无待办事项" in web.get("/title/tasks").get_data(as_text=True)
    assert "李医生" in _web(app, leader).get("/title/tasks").get_data(as_text=True)


def test_a_declarant_changes_the_initial_password_then_sees_the_status(app, api):
    number = id_number()
    created = api.post(
        "/api/title/declarants", as_=UNIT, json={"id_number": number, "name": "赵护士"}
    )
    assert created.status_code == 201
    web = _web(app, number, number[-6:])
    forced = web.get("/", follow_redirects=True)
    assert forced.status_code == 200 and "修改密码" in forced.get_data(as_text=True)
    changed = web.post(
        "/password", data={"old_password": number[-6:], "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 302
    api.login(number, NEW_PASSWORD)
    submit(api, number, declare(api, number))
    text = web.get("/", follow_redirects=True).get_data(as_text=True)
    assert "申报状态" in text and "审查中" in text and "郑州市" in text
