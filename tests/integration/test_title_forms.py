"""The declarant's 我的申报 pages, 附件, the 评审表 PDF, the 人员管理 pages and the title
menus (issue 10), driven through the pages and the HTTP API."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from tests.conftest import DEMO_PASSWORD
from tests.files import blank_pdf, pdf_with_javascript, png
from tests.integration.onboarding_helpers import onboard
from tests.integration.title_helpers import (
    NEW_PASSWORD,
    UNIT,
    add_declarant,
    add_reviewer,
    approved_plan,
    declare,
    first_login,
    id_number,
    submit,
)

OTHER_UNIT = "410181002"  # not in the tree below: a unit outside the first one's subtree


def _web(app, username: str, password: str = NEW_PASSWORD):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client


def _version(web, declaration_id: int) -> int:
    page = web.get(f"/title/mine/{declaration_id}").get_data(as_text=True)
    return int(re.search(r'name="version" value="(\d+)"', page).group(1))


def _form(version: int, **extra: str) -> dict[str, str]:
    """Every section of the page filled in, as a browser posts it (rows by index)."""
    return {
        "version": str(version),
        "series": "health",
        "specialty": "心内科",
        "level": "intermediate",
        "current_title": "医师",
        "current_title_date": "2019-07-01",
        "basic-name": "王医生",
        "basic-gender": "男",
        "basic-phone": "13912345678",
        "education-0-school": "郑州大学",
        "education-0-degree": "本科",
        "education-0-year": "2012",
        "experience-0-start": "2012-07",
        "experience-0-unit": "巩义市人民医院",
        "achievements-0-name": "新技术引进",
        "papers-0-title": "论文甲",
        "papers-0-journal": "中华内科杂志",
        "papers-0-year": "2021",
        "papers-3-title": "论文乙",  # a row added in the browser (indexes need not follow)
        "papers-4-title": "",  # a blank row: dropped
        "training-0-year": "2023",
        "training-0-content": "继续医学教育",
        "appraisals-0-year": "2023",
        "appraisals-0-result": "优秀",
        **extra,
    }


def _upload(web, declaration_id: int, content: bytes, name: str, kind: str = "diploma"):
    return web.post(
        f"/title/mine/{declaration_id}/attachments",
        data={"kind": kind, "label": "毕业证", "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_a_declarant_fills_every_section_uploads_saves_and_submits(app, api):
    declarant = add_declarant(api, name="王医生")
    approved_plan(api, UNIT)
    web = _web(app, declarant)
    assert "我的申报" in web.get("/title/mine").get_data(as_text=True)

    created = web.post(
        "/title/mine/new",
        data={"series": "health", "specialty": "内科", "level": "intermediate"},
    )
    assert created.status_code == 302
    declaration_id = int(created.headers["Location"].rsplit("/", 1)[-1])
    page = web.get(f"/title/mine/{declaration_id}").get_data(as_text=True)
    for label in ("基本信息", "学历", "资历", "业绩成果", "论文", "继续教育", "考核", "附件"):
        assert label in page
    assert "title-form.js" in page and "data-add-row" in page

    uploaded = _upload(web, declaration_id, blank_pdf(), "毕业证.pdf")
    assert uploaded.status_code == 302
    image = _upload(web, declaration_id, png(), "证书.png", kind="title_cert")
    assert image.status_code == 302

    saved = web.post(f"/title/mine/{declaration_id}", data=_form(_version(web, declaration_id)))
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    detail = api.get(f"/api/title/declarations/{declaration_id}", as_=declarant).get_json()
    sections = detail["sections"]
    assert [p["title"] for p in sections["papers"]] == ["论文甲", "论文乙"]
    assert sections["education"][0]["school"] == "郑州大学"
    assert sections["basic"]["gender"] == "男"
    assert {a["kind"] for a in sections["attachments"]} == {"diploma", "title_cert"}
    assert detail["declaration"]["specialty"] == "心内科"

    submitted = web.post(
        f"/title/mine/{declaration_id}",
        data=_form(_version(web, declaration_id), action="submit"),
    )
    assert submitted.status_code == 302 and submitted.headers["Location"].endswith("/title/mine")
    status = web.get("/title/mine").get_data(as_text=True)
    assert "审查中" in status and "郑州市" in status and "打印评审表" in status
    assert "提交职称申报" in status  # 操作历史
    locked = _upload(web, declaration_id, blank_pdf(), "late.pdf")
    assert locked.status_code == 409


def test_form_messages_are_chinese_and_field_level(app, api):
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    web = _web(app, declarant)
    version = _version(web, declaration_id)
    bad = web.post(
        f"/title/mine/{declaration_id}",
        data=_form(version, **{"papers-0-title": "", "education-0-year": "12", "specialty": ""}),
    )
    text = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "论文第1行·论文题目：请填写论文题目" in text
    assert "学历第1行·毕业年份：毕业年份应为四位年份" in text
    assert "中华内科杂志" in text  # what was typed is shown again
    assert (
        api.get(f"/api/title/declarations/{declaration_id}", as_=declarant).get_json()[
            "declaration"
        ]["version"]
        == version
    )  # nothing saved

    no_plan = add_declarant(api, unit=UNIT, name="无计划")
    other_id = declare(api, no_plan, with_plan=False, series="engineering")
    other = _web(app, no_plan)
    refused = other.post(
        f"/title/mine/{other_id}",
        data=_form(_version(other, other_id), series="engineering", action="submit"),
    )
    assert refused.status_code == 422 and "超计划申报" in refused.get_data(as_text=True)


def test_a_stale_version_is_refused_with_a_refresh_message(app, api):
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    web = _web(app, declarant)
    version = _version(web, declaration_id)
    changed = api.client.patch(
        f"/api/title/declarations/{declaration_id}",
        json={"specialty": "外科", "version": version},
        headers=api._headers(declarant),
    )
    assert changed.status_code == 200
    stale = web.post(f"/title/mine/{declaration_id}", data=_form(version))
    assert stale.status_code == 409 and "已被修改，请刷新" in stale.get_data(as_text=True)


def test_hostile_uploads_are_refused(app, api):
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    web = _web(app, declarant)
    scripted = _upload(web, declaration_id, pdf_with_javascript("open"), "x.pdf")
    assert 400 <= scripted.status_code < 500
    fake = api.client.post(
        f"/api/title/declarations/{declaration_id}/attachments",
        data={"kind": "paper", "file": (io.BytesIO(b"<script>alert(1)</script>"), "a.pdf")},
        headers=api._headers(declarant),
    )
    assert fake.status_code == 422 and "file" in fake.get_json()["fields"]
    kind = api.client.post(
        f"/api/title/declarations/{declaration_id}/attachments",
        data={"kind": "virus", "file": (io.BytesIO(blank_pdf()), "a.pdf")},
        headers=api._headers(declarant),
    )
    assert kind.status_code == 422 and "kind" in str(kind.get_json())
    listed = api.get(f"/api/title/declarations/{declaration_id}", as_=declarant).get_json()
    assert listed["sections"]["attachments"] == []


def _attach(api, declarant: str, declaration_id: int) -> int:
    response = api.client.post(
        f"/api/title/declarations/{declaration_id}/attachments",
        data={"kind": "diploma", "label": "毕业证", "file": (io.BytesIO(blank_pdf()), "d.pdf")},
        headers=api._headers(declarant),
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_attachment_downloads_follow_the_attachments_section(app, api):
    limited = add_reviewer(api, UNIT, "handler", sections=["basic", "papers"])
    full = add_reviewer(api, UNIT, "leader")
    declarant = add_declarant(api)
    declaration_id = declare(api, declarant)
    attachment_id = _attach(api, declarant, declaration_id)
    submit(api, declarant, declaration_id)
    path = f"/api/title/declarations/{declaration_id}/attachments/{attachment_id}"

    own = api.get(path, as_=declarant)
    assert own.status_code == 200 and own.mimetype == "application/pdf"
    assert api.get(path, as_=full).status_code == 200
    hidden = api.get(path, as_=limited)
    assert hidden.status_code == 403 and "附件" in hidden.get_json()["message"]
    outsider = add_reviewer(api, OTHER_UNIT, "handler")
    assert api.get(path, as_=outsider).status_code == 404
    gone = api.client.delete(path, headers=api._headers(declarant))
    assert gone.status_code == 409  # submitted: no more changes


def test_the_review_form_pdf_follows_the_readers_permissions(app, api):
    limited = add_reviewer(api, UNIT, "handler", sections=["papers"])
    full = add_reviewer(api, UNIT, "leader")
    declarant = add_declarant(api, name="孙大夫")
    declaration_id = declare(api, declarant)
    submit(api, declarant, declaration_id)
    path = f"/api/title/declarations/{declaration_id}/review-form"

    def text_of(response) -> str:
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert response.mimetype == "application/pdf"
        reader = PdfReader(io.BytesIO(response.get_data()))
        return "".join(page.extract_text() for page in reader.pages).replace("\x00", "")

    own = text_of(api.get(path, as_=declarant))
    assert "孙大夫" in own and "卫生" in own and "郑州大学" in own and declarant in own
    leader = text_of(api.get(path, as_=full))
    assert "郑州大学" in leader and declarant in leader  # 基本信息 granted: full ID number
    handler = text_of(api.get(path, as_=limited))
    assert "论文一" in handler and "郑州大学" not in handler and declarant not in handler
    outsider = add_reviewer(api, OTHER_UNIT, "handler")
    assert api.get(path, as_=outsider).status_code == 404

    from sqlalchemy import select

    from app.extensions import db
    from app.models import AuditEvent

    with app.app_context():
        exports = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "review_form_export")
        ).all()
        assert len(exports) == 2  # the two staff prints; the declarant's own is not an export


def test_an_org_admin_manages_declarants_and_reviewer_roles_from_the_pages(app, api):
    web = _web(app, UNIT, DEMO_PASSWORD)
    number = id_number()
    added = web.post(
        "/title/people/declarants", data={"id_number": number, "name": "钱护士", "phone": ""}
    )
    assert added.status_code == 302
    page = web.get("/title/people/declarants").get_data(as_text=True)
    assert "钱护士" in page and number not in page and number[-4:] in page
    assert "初始密码为证件号后6位" in page
    bad = web.post("/title/people/declarants", data={"id_number": "123", "name": "x"})
    assert bad.status_code == 422
    first_login(api, number, number[-6:].upper())

    reviewer = add_reviewer(api, UNIT, "handler")
    user_id = next(
        r["id"]
        for r in api.get("/api/title/reviewers", as_=UNIT).get_json()
        if r["username"] == reviewer
    )
    set_role = web.post(
        f"/title/people/reviewers/{user_id}",
        data={"role": "leader", "series": ["health", "engineering"], "sections": ["basic"]},
    )
    assert set_role.status_code == 302
    roles = web.get("/title/people/reviewers").get_data(as_text=True)
    assert "负责人" in roles and "工程" in roles
    disabled = web.post(f"/title/people/reviewers/{user_id}/active", data={"active": "0"})
    assert disabled.status_code == 302
    assert "已停用" in web.get("/title/people/reviewers").get_data(as_text=True)

    other = _web(app, OTHER_UNIT, DEMO_PASSWORD)
    foreign = other.post(
        f"/title/people/reviewers/{user_id}",
        data={"role": "handler", "series": ["health"], "sections": ["basic"]},
        follow_redirects=True,
    )
    assert "审查人员不存在" in foreign.get_data(as_text=True)
    granted = api.get("/api/title/reviewers", as_=UNIT).get_json()
    mine = next(r for r in granted if r["id"] == user_id)
    assert mine["title"]["role"] == "leader"  # the other org changed nothing


def test_status_query_and_interview_notice_pages(app, api):
    from tests.integration.title_helpers import CITY, review_staff

    staff = review_staff(api, orgs=("410181001001", "410181001", "410181", CITY))
    declarant = add_declarant(api, name="周医生")
    declaration_id = declare(api, declarant)
    submit(api, declarant, declaration_id)
    for org in ("410181001001", "410181001", "410181"):
        for role in ("handler", "leader"):
            task = api.get("/api/title/tasks", as_=staff[org][role]).get_json()["items"][0]
            done = api.post(
                f"/api/title/tasks/{task['task']['id']}/complete",
                as_=staff[org][role],
                json={"action": "pass", "comment": ""},
            )
            assert done.status_code == 200
    web = _web(app, staff[CITY]["handler"])
    listing = web.get("/title/people/declarations?status=under_review").get_data(as_text=True)
    assert "周医生" in listing and declarant not in listing and "郑州市" in listing
    empty = web.get("/title/people/declarations?series=engineering").get_data(as_text=True)
    assert "周医生" not in empty
    posted = web.post(
        f"/title/people/declarations/{declaration_id}/interview",
        data={"notice": "12月20日面试", "place": "郑州市人社局"},
    )
    assert posted.status_code == 302
    mine = _web(app, declarant).get("/title/mine").get_data(as_text=True)
    assert "12月20日面试" in mine and "郑州市人社局" in mine
    unit_admin = _web(app, UNIT, DEMO_PASSWORD)
    refused = unit_admin.post(
        f"/title/people/declarations/{declaration_id}/interview",
        data={"notice": "改", "place": "改"},
    )
    assert refused.status_code == 403


def test_menus_show_the_title_entries_by_role(app, api):
    declarant = add_declarant(api)
    page = _web(app, declarant).get("/title/mine").get_data(as_text=True)
    assert "我的申报" in page and "申报状态" in page and "打印评审表" in page
    handler = add_reviewer(api, UNIT, "handler")
    menu = _web(app, handler).get("/title/tasks").get_data(as_text=True)
    assert "经办人审查" in menu and "负责人审查" not in menu and "审查人员角色分配" not in menu
    # the admin of an org created for the title platform (given its 证书打印单位名称) has the
    # title platform's admin entries; the exam unit's admin has the exam's menu (issue 19)
    created = api.post(
        "/api/orgs",
        as_="410181",
        json={"code": "410181003", "name": "巩义市第二人民医院", "level": "unit",
              "parent_code": "410181", "cert_print_name": "巩义市第二人民医院"},
    )
    assert created.status_code == 201, created.get_json()
    onboard(api, "410181003", "410181")
    title_admin = _menu(_web(app, "410181003").get("/title/people/reviewers"))
    exam_admin = _menu(_web(app, UNIT, DEMO_PASSWORD).get("/title/people/reviewers"))
    for label in ("审查人员角色分配", "单位人员管理", "申报人员状态查询", "单位变动人员管理"):
        assert label in title_admin and label not in exam_admin
    assert _web(app, declarant).get("/title/people/reviewers").status_code == 403


def _menu(page) -> str:
    return re.search(r'<nav class="menu">.*?</nav>', page.get_data(as_text=True), re.S).group(0)
