"""A live server with the demo data once per module, a real chromium once per process.

Deliberately independent of the top-level ``app`` fixture: that one is parametrised over
SQLite and PostgreSQL, and a browser run per backend would only repeat the same UI checks.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.exams.services.applications import Settings
from app.exams.services.demo import seed_demo
from app.extensions import db
from app.platform.services.uploads import FileStore
from app.titles.services.demo import seed_title_plans
from tests.conftest import FAST_PASSWORD_HASH

CHROMIUM = Path("/usr/bin/chromium")
DEMO_FILE = "b.sqlite3"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """The demo data seeded once per test process: a SQLite file and its uploads, which each
    module copies (seeding takes seconds; a copy, milliseconds)."""
    tmp = tmp_path_factory.mktemp("demo-template")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/{DEMO_FILE}",
            "UPLOAD_DIR": tmp / "uploads",
            "EXAM_YEAR": 2026,
            "PASSWORD_HASH": FAST_PASSWORD_HASH,
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo_data(app)
        db.engine.dispose()
    return tmp


def demo_copy(template: Path, tmp: Path) -> str:
    """A fresh copy of the seeded demo data in ``tmp`` (the database and ``tmp/uploads``); its
    database URI. SQLite's backup copies a consistent database, whatever is still in its WAL."""
    with (
        closing(sqlite3.connect(template / DEMO_FILE)) as source,
        closing(sqlite3.connect(tmp / DEMO_FILE)) as target,
    ):
        source.backup(target)
    shutil.copytree(template / "uploads", tmp / "uploads", dirs_exist_ok=True)
    return f"sqlite:///{tmp}/{DEMO_FILE}"


@pytest.fixture(scope="module")
def live_url(tmp_path_factory, demo_template) -> Iterator[str]:
    """A live server on this module's own copy of the demo data."""
    tmp = tmp_path_factory.mktemp("browser")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": demo_copy(demo_template, tmp),
            "UPLOAD_DIR": tmp / "uploads",
            "EXAM_YEAR": 2026,
            "PASSWORD_HASH": FAST_PASSWORD_HASH,
        }
    )
    with serving(app) as url:
        yield url
    with app.app_context():
        db.engine.dispose()


def seed_demo_data(app) -> None:
    """The demo orgs, accounts and applications, as `make run` seeds them (app context)."""
    seed_demo(
        db.session,
        Settings.from_config(app.config, date.today()),
        FileStore.from_config(app.config),
    )
    seed_title_plans(db.session)  # the quota declarations are submitted against
    db.session.remove()


@contextmanager
def serving(app) -> Iterator[str]:
    """``app`` on a free local port in a thread, for clients outside the test process. The
    request log stays quiet: thousands of lines per run would bury a failure's report."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """One chromium per test process (starting one takes a second or two); every test gets
    its own context, so no cookie or storage crosses from one test to another."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-gpu",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, live_url):
    """A fresh context (no cookies) per test, at a console-sized viewport."""
    context = browser.new_context(
        base_url=live_url, viewport={"width": 1440, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Screenshots for people to look at, kept with pytest's other temporary files (it prunes
    old runs) rather than littering /tmp."""
    return tmp_path_factory.mktemp("shots")
