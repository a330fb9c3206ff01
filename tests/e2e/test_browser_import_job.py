"""A large import in a real browser: the province admin uploads a 往年合格库 file above
IMPORT_INLINE_ROWS, lands on the progress page (导入进度), and when the worker has run the job
jobs.js, polling, shows the report: the counts and the refused row.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from app import create_app
from app.extensions import db
from app.platform.services import jobs
from handlers.idcard import check_digit
from tests.conftest import FAST_PASSWORD_HASH
from tests.e2e.conftest import demo_copy, serving
from tests.e2e.pages import DEMO_PASSWORD, login

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def small_imports(tmp_path_factory, demo_template) -> Iterator[tuple]:
    tmp = tmp_path_factory.mktemp("import-job")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": demo_copy(demo_template, tmp),
            "UPLOAD_DIR": tmp / "uploads",
            "JOB_DIR": tmp / "jobs",
            "EXAM_YEAR": 2026,
            "PASSWORD_HASH": FAST_PASSWORD_HASH,
            "IMPORT_INLINE_ROWS": 3,
        }
    )
    with serving(app) as url:
        yield app, url
    with app.app_context():
        db.engine.dispose()


def test_a_large_import_shows_progress_then_its_report(browser, small_imports) -> None:
    app, url = small_imports
    context = browser.new_context(base_url=url, locale="zh-CN")
    context.set_default_timeout(15_000)
    page: Page = context.new_page()
    login(page, "410000", DEMO_PASSWORD)
    page.goto("/admin/qualified")
    lines = ["身份证号,姓名,工种,等级,取证年份"]
    for i in range(4):
        first17 = f"41018119850101{i:03d}"
        lines.append(f"{first17}{check_digit(first17)},合格{i},护理员,四级,2019")
    lines.append("123,坏,护理员,四级,2019")
    page.set_input_files(
        "input[name=file]",
        {"name": "q.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()},
    )
    page.get_by_role("button", name="导入").click()
    expect(page.locator("[data-job-state]")).to_have_text("排队中")
    expect(page.locator("[data-job-count]")).to_have_text("0 / 5")
    expect(page.locator("[data-job-report]")).to_be_hidden()
    with app.app_context():
        assert jobs.run_pending(db.session, jobs.JobConfig.from_config(app.config)) == 1
        db.session.remove()
    expect(page.locator("[data-job-summary]")).to_have_text(
        "导入完成：新增 4 条，更新 0 条，错误 1 条"
    )
    expect(page.locator("[data-job-state]")).to_have_text("已完成")
    expect(page.locator("[data-job-errors] tbody tr")).to_have_count(1)
    expect(page.locator("[data-job-errors]")).to_contain_text("第6行")
    context.close()
