"""The production command of the README: gunicorn with several workers on PostgreSQL, in
production mode. Workers share what must be shared (the database, the login throttle's
counters) and keep nothing of their own that matters."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from tests.conftest import PG_ADMIN_URL, postgres_available

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
SCRATCH = f"review_gunicorn_{os.getpid()}"


@pytest.fixture(scope="module")
def production_url(tmp_path_factory) -> Iterator[str]:
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{SCRATCH}"')
    port = _free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{SCRATCH}",
        "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([*flask, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


def test_two_workers_serve_the_api_in_production_mode(production_url):
    session = requests.Session()
    login = session.post(
        f"{production_url}/api/auth/login",
        json={"username": "410181", "password": "Demo@2026"},
        timeout=10,
    )
    assert login.status_code == 200
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    for _ in range(10):  # fresh connections, so both workers answer some of them
        inbox = requests.get(f"{production_url}/api/tasks", headers=headers, timeout=10)
        assert inbox.status_code == 200 and inbox.headers["X-Frame-Options"] == "DENY"
    page = requests.get(f"{production_url}/login", timeout=10)
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers


def test_failed_logins_count_across_workers(production_url):
    """Each attempt on a new connection may land on either worker: the counters live in the
    database, so the sixth attempt is refused whichever worker it reaches."""
    codes = [
        requests.post(
            f"{production_url}/api/auth/login",
            json={"username": "410122", "password": "wrong-password-1"},
            timeout=10,
        ).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.stderr.read()}")
        try:  # a worker builds the OpenAPI document on its first request: slow on a busy box
            requests.get(f"{url}/api/openapi.json", timeout=10)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer within 60 s")
