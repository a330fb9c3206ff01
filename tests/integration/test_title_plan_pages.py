"""申报计划 pages: a handler writes and 上报 a plan, the unit's leader finds it in 首页待办 and
申报计划审查 and withdraws it with the reason the page insists on; 详情 shows 审批记录;
申报计划统计 shows and exports the approved plans."""

from __future__ import annotations

import io

from app.platform.models.base import utcnow
from tests.files import blank_pdf
from tests.integration.test_title_pages import _web
from tests.integration.title_helpers import CITY, UNIT, add_reviewer, approved_plan

YEAR = utcnow().year


def test_a_plan_from_the_form_to_the_leaders_withdrawal(app, api):
    handler = add_reviewer(api, UNIT, "handler")
    leader = add_reviewer(api, UNIT, "leader")
    web = _web(app, handler)
    assert "新增申报计划" in web.get("/title/plans").get_data(as_text=True)
    bad = web.post("/title/plans/new", data={"year": "", "series": "health"})
    assert bad.status_code == 422 and "填写有误" in bad.get_data(as_text=True)
    form = {"year": str(YEAR), "series": "health", "junior": "3", "intermediate": "2"}
    created = web.post("/title/plans/new", data=form)
    assert created.status_code == 302
    plan_path = created.headers["Location"]
    plan_id = int(plan_path.rsplit("/", 1)[-1])
    detail = web.get(plan_path).get_data(as_text=True)
    assert "未提交" in detail and "上报" in detail and "尚未上报" in detail
    edited = web.post(f"/title/plans/{plan_id}/edit", data={**form, "junior": "4"})
    assert edited.status_code == 302
    assert web.post(f"/title/plans/{plan_id}/submit").status_code == 302
    assert "已提交" in web.get(plan_path).get_data(as_text=True)

    boss = _web(app, leader)
    home = boss.get("/title/tasks").get_data(as_text=True)
    assert "待审查的申报计划" in home and "巩义市人民医院" in home
    task_id = api.get("/api/title/plan-tasks", as_=leader).get_json()["items"][0]["task"]["id"]
    pending = boss.get("/title/plan-tasks").get_data(as_text=True)
    assert f"plan-task-{task_id}" in pending and "撤回" in pending
    missing = boss.post(f"/title/plan-tasks/{task_id}", data={"action": "withdraw"})
    assert missing.status_code == 422 and "撤回须填写原因" in missing.get_data(as_text=True)
    done = boss.post(
        f"/title/plan-tasks/{task_id}", data={"action": "withdraw", "comment": "请补充附件"}
    )
    assert done.status_code == 302
    records = web.get(plan_path).get_data(as_text=True)
    assert "审批记录" in records and "请补充附件" in records and "负责人" in records
    assert "未提交" in records


def test_statistics_page_and_its_export(app, api):
    approved_plan(api, UNIT, places=0, junior=7, senior=1)
    handler = add_reviewer(api, CITY, "handler")
    web = _web(app, handler)
    page = web.get(f"/title/plan-statistics?year={YEAR}").get_data(as_text=True)
    assert "巩义市人民医院" in page and "合计" in page
    export = web.get(f"/title/plan-statistics?org_code={UNIT}&format=xlsx")
    assert export.status_code == 200 and export.mimetype.endswith("spreadsheetml.sheet")


def test_the_pdf_is_uploaded_from_the_detail_page(app, api):
    handler = add_reviewer(api, UNIT, "handler")
    web = _web(app, handler)
    form = {"year": str(YEAR), "series": "health", "junior": "1"}
    plan_path = web.post("/title/plans/new", data=form).headers["Location"]
    not_pdf = web.post(f"{plan_path}/attachment", data={"file": (io.BytesIO(b"abc"), "a.pdf")})
    assert not_pdf.status_code == 302
    assert "未上传" in web.get(plan_path).get_data(as_text=True)
    stored = web.post(
        f"{plan_path}/attachment", data={"file": (io.BytesIO(blank_pdf()), "计划.pdf")}
    )
    assert stored.status_code == 302
    detail = web.get(plan_path).get_data(as_text=True)
    assert "计划.pdf" in detail
    served = web.get(f"{plan_path}/attachment")
    assert served.status_code == 200 and served.data.startswith(b"%PDF")
