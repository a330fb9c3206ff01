"""专家审查 pages: a declarant fills 专家申报 (refused below 副高级) and submits it; the unit's
handler finds it in 专家审查 (badge in the menu) and returns it with the reason the page
insists on; 专家库 lists the pool; a city committee draws experts on 抽取专家."""

from __future__ import annotations

from tests.integration.expert_helpers import pool_expert
from tests.integration.test_title_pages import _web
from tests.integration.title_helpers import CITY, UNIT, add_declarant, add_reviewer

FORM = {
    "name": "李专家",
    "series": "health",
    "specialty": "神经内科",
    "title": "副主任医师",
    "title_level": "deputy_senior",
    "phone": "13912345678",
    "summary": "",
}


def test_an_application_from_the_form_to_the_handlers_return(app, api):
    handler = add_reviewer(api, UNIT, "handler")
    declarant = add_declarant(api)
    web = _web(app, declarant)
    page = web.get("/title/expert").get_data(as_text=True)
    assert "专家申报" in page and "副高级及以上" in page
    low = web.post("/title/expert", data={**FORM, "title_level": "intermediate"})
    assert low.status_code == 422 and "副高级" in low.get_data(as_text=True)
    assert web.post("/title/expert", data=FORM).status_code == 302
    saved = web.get("/title/expert").get_data(as_text=True)
    assert "未提交" in saved and "神经内科" in saved
    expert_id = api.get("/api/title/experts", as_=declarant).get_json()["items"][0]["id"]
    assert web.post(f"/title/expert/{expert_id}/submit").status_code == 302
    assert "审查中" in web.get("/title/expert").get_data(as_text=True)

    staff = _web(app, handler)
    inbox = staff.get("/title/expert-tasks").get_data(as_text=True)
    assert "李专家" in inbox and "退回修改" in inbox and 'class="menu-count">1<' in inbox
    task_id = api.get("/api/title/expert-tasks", as_=handler).get_json()["items"][0]["task"]["id"]
    missing = staff.post(f"/title/expert-tasks/{task_id}", data={"action": "return"})
    assert missing.status_code == 422 and "须填写原因" in missing.get_data(as_text=True)
    done = staff.post(
        f"/title/expert-tasks/{task_id}", data={"action": "return", "comment": "补充评审经历"}
    )
    assert done.status_code == 302
    back = web.get("/title/expert").get_data(as_text=True)
    assert "已退回" in back and "补充评审经历" in back and "提交审查" in back
    assert staff.get("/title/expert").status_code == 403
    assert web.get("/title/expert-pool").status_code == 403


def test_pool_and_draw_pages(app, api):
    pool_expert(api, UNIT, specialty="骨科")
    pool_expert(api, "410122001", specialty="骨科")
    city = add_reviewer(api, CITY, "leader")
    unit = add_reviewer(api, UNIT, "handler")
    web = _web(app, city)
    listed = web.get("/title/expert-pool?series=health&specialty=骨").get_data(as_text=True)
    assert "共 2 名专家" in listed and "中牟县人民医院" in listed and "抽取专家" in listed
    drawn = web.post("/title/expert-draws", data={"series": "health", "count": "2"})
    assert drawn.status_code == 200 and "抽取结果" in drawn.get_data(as_text=True)
    too_many = web.post("/title/expert-draws", data={"series": "health", "count": "3"})
    assert too_many.status_code == 422 and "不足抽取人数" in too_many.get_data(as_text=True)
    assert "抽取记录" in web.get("/title/expert-draws").get_data(as_text=True)
    below = _web(app, unit)
    assert "抽取专家" not in below.get("/title/expert-pool").get_data(as_text=True)
    refused = below.post("/title/expert-draws", data={"series": "health", "count": "1"})
    assert refused.status_code == 403 and "仅评委会" in refused.get_data(as_text=True)
    unknown = web.post(
        "/title/expert-draws", data={"series": "health", "count": "1", "declaration_id": "999"}
    )
    assert unknown.status_code == 422 and "职称申报不存在" in unknown.get_data(as_text=True)
