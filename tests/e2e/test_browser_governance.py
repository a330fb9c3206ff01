"""流程管理 through a real browser: policy staff change the auto-review threshold 5 → 4 years in
the DMN table, see the change in words, deploy it with a note and find the new version in the
library; the BPMN modeler offers the 审核属性 as choices and round-trips every spiffworkflow
element; reviewers get no process pages and policy staff no review pages.

Set UPDATE_SCREENSHOTS=1 to refresh docs/screenshots/ (the README's pictures) from this run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import DEMO_PASSWORD, login, screenshot

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
NOTE = "自动审核年限由 5 年调整为 4 年"


@pytest.fixture(autouse=True)
def no_script_errors(page: Page) -> Iterator[None]:
    """Every page of these journeys runs under the CSP without a violation or a script error."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert problems == []


def open_draft_of(page: Page, file: str) -> None:
    """流程库 → 编辑 on the file's row: a new draft from the latest version, in the modeler."""
    page.goto("/governance/library")
    page.locator(f"tr[data-file='{file}']").get_by_role("button", name="编辑").click()
    expect(page).to_have_url(re.compile(r"/governance/drafts/\d+$"))
    expect(page.locator("#gov")).to_have_attribute("data-ready", "1")
    expect(page.locator("#draft-file")).to_have_text(file)


def set_cell(page: Page, element_id: str, text: str) -> None:
    """Replace the text of one decision-table cell (dmn-js: a content-editable editor)."""
    cell = page.locator(f"td[data-element-id='{element_id}'] [contenteditable=true]")
    cell.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.locator("#draft-file").click()  # leave the cell so dmn-js commits the edit
    expect(page.locator(f"td[data-element-id='{element_id}']")).to_have_text(text)


def test_policy_user_changes_a_dmn_threshold_and_deploys_it(page: Page, shots) -> None:
    login(page, "policy", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/governance/library"))
    expect(page.locator(".menu")).to_contain_text("流程管理")
    expect(page.locator(".menu")).not_to_contain_text("本级审核中")
    row = page.locator("tr[data-file='auto_years.dmn']")
    expect(row).to_contain_text("#1")
    expect(row).to_contain_text("registration v1")  # the process versions using it
    expect(row).to_contain_text("DMN")
    expect(page.locator("tr[data-process='registration']")).to_contain_text("v1")
    expect(page.locator("tr[data-file='registration.bpmn']")).to_contain_text("BPMN")
    screenshot(page, shots, "library.png")

    open_draft_of(page, "auto_years.dmn")
    set_cell(page, "rule_auto_years_1_in", ">= 4")
    set_cell(page, "rule_auto_years_2_in", "< 4")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#notice")).to_have_text("草稿已保存")
    expect(page.locator("#draft-version")).to_have_text("草稿版本 2")

    page.get_by_role("button", name="差异").click()
    side = page.locator("#modeler-side")
    expect(side).to_contain_text("与已发布版本的差异")
    expect(side.locator(".diff-item-changed").first).to_contain_text("修改")
    expect(side).to_contain_text(">= 4")
    expect(page.locator("td.diff-changed, tr.diff-changed").first).to_be_visible()

    page.get_by_role("button", name="校验").click()
    expect(side).to_contain_text("校验通过")

    page.get_by_role("button", name="模拟").click()
    expect(side).to_contain_text("模拟结果")
    expect(side.locator(".report-totals")).to_contain_text("模拟的申请")
    expect(side.locator(".report-levels")).to_contain_text("县区")
    side.scroll_into_view_if_needed()
    screenshot(page, shots, "simulation.png")

    page.get_by_role("button", name="发布").click()
    dialog = page.locator("#deploy-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="确认发布").click()  # without the required note
    expect(dialog.locator("#deploy-errors")).to_contain_text("说明")  # by its label, not "note"
    dialog.locator("#deploy-note").fill(NOTE)
    dialog.get_by_role("button", name="确认发布").click()

    expect(page).to_have_url(re.compile(r"/governance/library\?deployed=2"))
    expect(page.locator(".alert-success")).to_contain_text("#2")
    row = page.locator("tr[data-file='auto_years.dmn']")
    expect(row).to_contain_text("#2")
    expect(row).to_contain_text("registration v2")
    expect(row).to_contain_text(NOTE)
    expect(row).to_contain_text("河南省政策管理员")
    row.get_by_role("button", name="修订历史").click()
    history = page.locator("tr[data-history-of='auto_years.dmn']")
    expect(history).to_contain_text("#1")
    expect(history).to_contain_text("#2")
    expect(page.locator("#library-deployments")).to_contain_text(NOTE)
    process = page.locator("tr[data-process='registration']")
    expect(process).to_contain_text("v2")  # the DMN table it reads changed
    expect(page.locator("tr[data-process='recheck']")).to_contain_text("v1")  # it reads none
    process.get_by_role("button", name="版本历史").click()
    expect(page.locator("tr[data-history-of='registration']")).to_contain_text("v1")

    # the running applications move onto the new version: dry run first, then for real
    page.get_by_role("link", name="实例迁移").click()
    page.select_option("select[name=process_id]", "registration")
    page.fill("input[name=from_number]", "1")
    page.get_by_role("button", name="预演").click()
    rows = page.locator("#migration-rows tr")
    expect(rows.first).to_contain_text("可迁移")
    expect(page.locator("#migration-title")).to_have_text("预演结果（尚未迁移）")
    movable = page.locator("#migration-rows input[name=instance_ids]:checked").count()
    assert movable > 0
    screenshot(page, shots, "migration.png")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="执行迁移").click()
    expect(page.locator("#migration-title")).to_have_text("迁移结果")
    expect(page.locator("#notice")).to_have_text(f"已迁移 {movable} 个实例")
    expect(rows.first).to_contain_text("已迁移")


def test_bpmn_modeler_offers_the_review_properties_as_choices(page: Page, shots) -> None:
    login(page, "policy", DEMO_PASSWORD)
    open_draft_of(page, "manual_review.bpmn")
    page.locator(".djs-element[data-element-id='review_unit']").click(position={"x": 20, "y": 20})
    group = page.locator("[data-group-id='group-review']")
    expect(group).to_contain_text("审核属性")
    group.locator(".bio-properties-panel-group-header").click()
    queue = group.locator("select[name='review-queue']")
    expect(queue).to_have_value("manual")
    expect(queue.locator("option")).to_contain_text(["自动审核（auto）"])
    expect(group.locator("input[name='review-actions-pass']")).to_be_checked()
    expect(group.locator("input[name='review-actions-resubmit']")).not_to_be_checked()
    # comment_required offers only the actions the task has
    expect(group.locator("input[name='review-comment_required-return']")).to_be_checked()
    expect(group.locator("input[name='review-comment_required-resubmit']")).to_have_count(0)
    screenshot(page, shots, "modeler.png")

    queue.select_option("auto")
    group.locator("input[name='review-actions-return']").uncheck()
    page.get_by_role("button", name="差异").click()
    side = page.locator("#modeler-side")
    expect(side).to_contain_text("review_unit")
    expect(side).to_contain_text("queue")
    expect(page.locator(".djs-element.diff-changed[data-element-id='review_unit']")).to_have_count(
        1
    )
    page.get_by_role("button", name="校验").click()
    expect(side).to_contain_text("校验")

    page.get_by_role("link", name="草稿", exact=True).click()
    draft = page.locator("#draft-rows tr", has_text="manual_review.bpmn").first
    expect(draft).to_contain_text("河南省政策管理员")
    draft_id = draft.get_attribute("data-draft-id")
    page.once("dialog", lambda dialog: dialog.accept())
    draft.get_by_role("button", name="删除").click()
    expect(page.locator("#notice")).to_have_text("草稿已删除")
    expect(page.locator(f"#draft-rows tr[data-draft-id='{draft_id}']")).to_have_count(0)


def test_problems_are_listed_marked_on_the_canvas_and_block_the_deploy(page: Page) -> None:
    login(page, "policy", DEMO_PASSWORD)
    token = page.locator("#gov").get_attribute("data-api-token")
    auth = {"Authorization": f"Bearer {token}"}
    latest = page.request.get("/api/definitions/files/registration.bpmn", headers=auth).json()
    broken = latest["content"].replace(
        "<bpmn:script>status = 'approved'</bpmn:script>",
        "<bpmn:script>status = __import__('os')</bpmn:script>",
    )
    assert broken != latest["content"]
    created = page.request.post(
        "/api/drafts", headers=auth, data={"file": "registration.bpmn", "content": broken}
    )
    assert created.status == 201, created.text()
    page.goto(f"/governance/drafts/{created.json()['id']}")
    expect(page.locator("#gov")).to_have_attribute("data-ready", "1")

    page.get_by_role("button", name="校验").click()
    side = page.locator("#modeler-side")
    expect(side).to_contain_text("校验结果")
    expect(side.locator(".problem").first).to_contain_text("registration.bpmn")
    expect(page.locator(".djs-element.has-problem").first).to_be_visible()
    expect(page.locator(".problem-badge").first).to_be_visible()
    side.locator(".problem.clickable").first.click()

    page.get_by_role("button", name="发布").click()
    page.locator("#deploy-note").fill("不应发布")
    page.get_by_role("button", name="确认发布").click()
    errors = page.locator("#deploy-errors")
    expect(errors.locator(".problem").first).to_contain_text("registration.bpmn")
    expect(page).to_have_url(re.compile(r"/governance/drafts/\d+$"))


def test_a_stale_save_says_someone_else_changed_the_draft(page: Page) -> None:
    login(page, "policy", DEMO_PASSWORD)
    open_draft_of(page, "auto_years.dmn")
    draft_id = page.url.rsplit("/", 1)[1]
    token = page.locator("#gov").get_attribute("data-api-token")
    auth = {"Authorization": f"Bearer {token}"}
    draft = page.request.get(f"/api/drafts/{draft_id}", headers=auth).json()
    renamed = draft["content"].replace('name="现等级', 'name="（他人修改）现等级', 1)
    assert renamed != draft["content"]
    bumped = page.request.put(
        f"/api/drafts/{draft_id}",
        headers=auth,
        data={"content": renamed, "version": draft["version"]},
    )
    assert bumped.ok, bumped.text()
    set_cell(page, "rule_auto_years_1_in", ">= 3")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#notice")).to_contain_text("已被他人修改")


def spiff_parts(xml: str) -> list[tuple[str, str, str]]:
    """Every spiffworkflow element, script and condition with the element that holds it."""
    root = ET.fromstring(xml)
    parts = []
    for holder in root.iter():
        holder_id = holder.get("id", "")
        for child in holder:
            tag = child.tag
            if tag == f"{BPMN}extensionElements":
                for ext in child.iter():
                    if ext.tag.startswith(SPIFF):
                        attrs = ",".join(f"{k}={v}" for k, v in sorted(ext.attrib.items()))
                        parts.append((holder_id, ext.tag, f"{attrs}|{(ext.text or '').strip()}"))
            elif tag in (f"{BPMN}script", f"{BPMN}conditionExpression"):
                parts.append((holder_id, tag, (child.text or "").strip()))
    return sorted(parts)


def test_saving_an_untouched_diagram_keeps_every_spiffworkflow_element(page: Page) -> None:
    """The modeler's moddle extension round-trips the properties, decision references,
    scripts and conditions of every shipped diagram unchanged."""
    login(page, "policy", DEMO_PASSWORD)
    open_draft_of(page, "registration.bpmn")
    for path in sorted((ROOT / "bpmn").glob("*.bpmn")):
        original = path.read_text(encoding="utf-8")
        saved = page.evaluate(
            """async (xml) => {
                const box = document.createElement("div");
                const panel = document.createElement("div");
                document.body.append(box, panel);
                const vocabulary = {queues: [], statuses: [], actions: [], context: [],
                                    properties: [], decisions: []};
                const modeler = window.ReviewBpmn.createBpmnModeler(box, panel, vocabulary);
                await modeler.importXML(xml);
                const { xml: out } = await modeler.saveXML({ format: true });
                modeler.destroy();
                box.remove();
                panel.remove();
                return out;
            }""",
            original,
        )
        before = spiff_parts(original)
        assert before, path.name
        assert spiff_parts(saved) == before, path.name


def test_reviewer_has_no_process_pages(page: Page) -> None:
    login(page, "410181", DEMO_PASSWORD)
    expect(page.locator(".home-tiles")).to_be_visible()  # 首页
    expect(page.locator(".menu")).not_to_contain_text("流程管理")
    for path in ("/governance/drafts/1", "/governance/library", "/governance/migrations"):
        response = page.goto(path)
        assert response is not None and response.status == 403, path


def test_policy_user_cannot_open_the_review_inbox(page: Page) -> None:
    login(page, "policy", DEMO_PASSWORD)
    response = page.goto("/review/inbox")
    assert response is not None and response.status == 403


def test_province_admin_reads_the_library_without_edit(page: Page) -> None:
    login(page, "410000", DEMO_PASSWORD)
    page.get_by_role("link", name="流程库").click()
    row = page.locator("tr[data-file='manual_review.bpmn']")
    expect(row).to_contain_text("BPMN")
    expect(row.get_by_role("button", name="编辑")).to_have_count(0)
    with page.expect_download() as download:
        row.get_by_role("button", name="导出").click()
    assert download.value.suggested_filename == "manual_review.bpmn"
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert 'id="review_unit"' in exported
    row.get_by_role("link", name="查看").click()
    expect(page.locator("#gov")).to_have_attribute("data-ready", "1")
    expect(
        page.locator("#viewer-canvas .djs-element[data-element-id='review_unit']")
    ).to_have_count(1)
