"""The faster review screen (issue 9, item 9): inbox order and sorting, search by any part of a
name or ID number, a required reason for 不通过, 通过并下一条, messages naming the applicant
and the bulk result naming whom each item concerns."""

from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import COUNTY, UNIT, act, only_task

OTHER_UNIT = "410122001"  # 中牟县人民医院: another county


def submitted(applicant_factory, count: int, unit: str = UNIT, **kw) -> list:
    applicants = [applicant_factory(unit, **kw) for _ in range(count)]
    for applicant in applicants:
        applicant.apply_and_submit()
    return applicants


def inbox_ids(api, query: str = "", as_: str = UNIT) -> list[int]:
    response = api.get(f"/api/tasks{query}", as_=as_)
    assert response.status_code == 200, response.get_json()
    return [task["application_id"] for task in response.get_json()["items"]]


def web_login(app, username: str):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def test_inbox_is_oldest_first_and_sorts_by_whitelisted_columns(api, applicant_factory):
    applicants = submitted(applicant_factory, 3)
    arrival = [a.application_id for a in applicants]
    assert inbox_ids(api) == arrival
    assert inbox_ids(api, "?sort=created_at") == arrival
    assert inbox_ids(api, "?sort=-created_at") == arrival[::-1]
    by_id = [a.application_id for a in sorted(applicants, key=lambda a: a.id_number)]
    assert inbox_ids(api, "?sort=id_number") == by_id
    assert inbox_ids(api, "?sort=-id_number") == by_id[::-1]
    by_name = inbox_ids(api, "?sort=name")
    assert sorted(by_name) == sorted(arrival)
    assert inbox_ids(api, "?sort=-name") == by_name[::-1]
    for key in ("unit", "-unit", "declared_trade", "declared_grade", "-declared_grade"):
        assert sorted(inbox_ids(api, f"?sort={key}")) == sorted(arrival), key
    paged = inbox_ids(api, "?per_page=2&page=1") + inbox_ids(api, "?per_page=2&page=2")
    assert paged == arrival


@pytest.mark.parametrize("sort", ["id", "Application.name", "name;drop", "--name", "+name"])
def test_a_sort_outside_the_whitelist_is_422_naming_sort(api, sort):
    response = api.get("/api/tasks", query_string={"sort": sort}, as_=UNIT)
    assert response.status_code == 422
    assert "sort" in response.get_json()["fields"]


def test_the_sort_choices_are_documented(api):
    spec = api.get("/api/openapi.json").get_json()
    parameters = spec["paths"]["/api/tasks"]["get"]["parameters"]
    sort = next(p for p in parameters if p["name"] == "sort")
    assert sort["schema"]["default"] == "created_at"
    assert {"created_at", "-created_at", "name", "-unit"} <= set(sort["schema"]["enum"])


def test_search_matches_any_part_of_a_name_or_id_number(api, applicant_factory):
    first, second = submitted(applicant_factory, 2, name="欧阳")
    middle = first.id_number[6:12]  # the birth date digits, shared by both
    assert sorted(inbox_ids(api, f"?q={middle}")) == sorted(
        [first.application_id, second.application_id]
    )
    assert inbox_ids(api, f"?q={first.id_number[-6:]}") == [first.application_id]
    assert inbox_ids(api, f"?q={first.id_number[-6:].lower()}") == [first.application_id]
    assert inbox_ids(api, f"?q={first.name[1:]}") == [first.application_id]
    assert inbox_ids(api, "?q=欧阳") == [first.application_id, second.application_id]
    assert inbox_ids(api, "?q=%25") == []  # a LIKE wildcard is a plain character
    listed = api.get(f"/api/applications?q={middle}", as_=COUNTY).get_json()
    assert listed["total"] == 2


def test_search_never_reaches_another_county(api, applicant_factory):
    (elsewhere,) = submitted(applicant_factory, 1, unit=OTHER_UNIT, name="邻县")
    assert inbox_ids(api, f"?q={elsewhere.id_number[-8:]}", as_=UNIT) == []
    listed = api.get(f"/api/applications?q={elsewhere.id_number[-8:]}", as_=COUNTY).get_json()
    assert listed["total"] == 0
    assert api.get("/api/applications?q=邻县", as_=COUNTY).get_json()["total"] == 0


def test_reject_needs_a_reason(api, applicant_factory):
    (applicant,) = submitted(applicant_factory, 1)
    task = only_task(api, UNIT)
    assert "reject" in task["comment_required"]
    for comment in ("", "   "):
        refused = act(api, UNIT, "reject", comment)
        assert refused.status_code == 422
        assert refused.get_json()["fields"] == {"comment": "不通过须填写意见或原因"}
    assert only_task(api, UNIT)["state"] == "ready"  # nothing was done
    assert act(api, UNIT, "reject", "学历不符合报考条件").status_code == 200
    detail = api.get(f"/api/applications/{applicant.application_id}", as_=COUNTY).get_json()
    assert detail["status"] == "rejected"


def test_bulk_reject_without_a_reason_fails_per_item(api, applicant_factory):
    submitted(applicant_factory, 1)
    task = only_task(api, UNIT)
    results = api.post(
        "/api/tasks/bulk-complete", json={"task_ids": [task["id"]], "action": "reject"}, as_=UNIT
    ).get_json()
    assert [(r["ok"], r["status"]) for r in results] == [(False, 422)]


def test_bulk_result_names_the_applicant_with_a_masked_id(api, applicant_factory):
    (mine,) = submitted(applicant_factory, 1, name="赵敏")
    (theirs,) = submitted(applicant_factory, 1, unit=OTHER_UNIT, name="外县")
    task = only_task(api, UNIT)
    other = only_task(api, OTHER_UNIT)
    response = api.post(
        "/api/tasks/bulk-complete",
        json={"task_ids": [task["id"], other["id"], task["id"]], "action": "pass"},
        as_=UNIT,
    )
    results = response.get_json()
    assert results[0] == {
        "task_id": task["id"],
        "ok": True,
        "status": 200,
        "message": "操作成功",
        "name": mine.name,
        "id_number": f"{mine.id_number[:3]}*****{mine.id_number[-4:]}",
    }
    assert (results[1]["status"], results[1]["name"], results[1]["id_number"]) == (404, "", "")
    assert theirs.name not in response.get_data(as_text=True)
    assert (results[2]["ok"], results[2]["status"], results[2]["name"]) == (False, 409, mine.name)


def test_bulk_page_shows_names_and_masked_ids(app, api, applicant_factory):
    (applicant,) = submitted(applicant_factory, 1, name="钱多")
    task = only_task(api, UNIT)
    page = web_login(app, UNIT).post("/review/tasks/bulk", data={"task_ids": [task["id"]]})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert applicant.name in html
    assert f"{applicant.id_number[:3]}*****{applicant.id_number[-4:]}" in html
    assert applicant.id_number not in html


def test_pass_and_next_opens_the_oldest_waiting_task_then_the_inbox(
    app, api, applicant_factory
):
    first, second = submitted(applicant_factory, 2, name="顺序")
    tasks = api.get("/api/tasks", as_=UNIT).get_json()["items"]
    submitted(applicant_factory, 1, unit=OTHER_UNIT)  # waits at another org: never next
    client = web_login(app, UNIT)
    passed = client.post(
        f"/review/tasks/{tasks[0]['id']}?then=next", data={"action": "pass", "comment": ""}
    )
    assert passed.status_code == 302
    assert passed.headers["Location"].endswith(f"/review/tasks/{tasks[1]['id']}")
    shown = client.get(passed.headers["Location"]).get_data(as_text=True)
    assert f"已通过 {first.name}" in shown
    assert "通过并下一条" in shown
    last = client.post(
        f"/review/tasks/{tasks[1]['id']}?then=next", data={"action": "pass", "comment": ""}
    )
    assert last.headers["Location"].endswith("/review/inbox?queue=manual")
    inbox = client.get(last.headers["Location"]).get_data(as_text=True)
    assert f"已通过 {second.name}" in inbox and "本队列已全部审核完毕" in inbox


def test_a_plain_decision_names_the_applicant_and_returns_to_the_inbox(
    app, api, applicant_factory
):
    (applicant,) = submitted(applicant_factory, 1, name="孔明")
    task = only_task(api, UNIT)
    client = web_login(app, UNIT)
    refused = client.post(f"/review/tasks/{task['id']}", data={"action": "reject"})
    assert refused.status_code == 422
    assert "不通过须填写意见或原因" in refused.get_data(as_text=True)
    done = client.post(
        f"/review/tasks/{task['id']}", data={"action": "reject", "comment": "材料不实"}
    )
    assert done.headers["Location"].endswith("/review/inbox?queue=manual")
    assert f"已不通过 {applicant.name}" in client.get(done.headers["Location"]).get_data(
        as_text=True
    )


def test_inbox_page_sorts_jumps_and_pages(app, api, applicant_factory):
    applicants = submitted(applicant_factory, 3, name="翻页")
    client = web_login(app, UNIT)
    html = client.get("/review/inbox?queue=manual&per_page=2&page=2").get_data(as_text=True)
    assert applicants[2].name in html and applicants[0].name not in html
    assert 'name="per_page"' in html and 'name="page"' in html  # page size and jump
    assert "sort=-created_at" in html  # 到达时间 sorted ascending: the next click reverses
    newest = client.get("/review/inbox?queue=manual&sort=-created_at&per_page=1")
    assert applicants[2].name in newest.get_data(as_text=True)
    bogus = client.get("/review/inbox?queue=manual&sort=bogus")  # the page falls back, noted
    assert bogus.status_code == 200 and "筛选条件有误" in bogus.get_data(as_text=True)
