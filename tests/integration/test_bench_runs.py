"""The province benchmarks run end to end at a tiny size, so they cannot rot (no timing is
asserted): bench/seed_province.py from its command line on SQLite, and bench/review_load.py
seeding PostgreSQL itself and driving one gunicorn worker for a few seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import PG_ADMIN_URL, postgres_available

ROOT = Path(__file__).resolve().parents[2]


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_seed_province_command_writes_its_manifest(tmp_path):
    done = run_script(
        "bench/seed_province.py", "-n", "120", "--qualified", "300", "--results", str(tmp_path)
    )

    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((tmp_path / "province-sqlite.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["applications"] == 120
    assert manifest["counts"]["qualified_records"] == 300
    assert manifest["largest_queue"]["ready_tasks"] > 0
    assert manifest["reviewers"]["county"]
    assert (tmp_path / "province.sqlite3").exists()


@pytest.mark.skipif(not postgres_available(), reason="review_load runs against PostgreSQL")
def test_review_load_drives_gunicorn_without_errors(tmp_path):
    name = f"review_load_test_{os.getpid()}"
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        done = run_script(
            "bench/review_load.py", "--seed", "300", "--workers", "1", "--clients", "2",
            "--duration", "3", "--database-url", url, "--admin-url", PG_ADMIN_URL,
            "--results", str(tmp_path),
        )  # fmt: skip
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    assert (tmp_path / "province-postgresql.json").exists()
    report = json.loads((tmp_path / "load-postgresql.json").read_text(encoding="utf-8"))
    [run] = report["runs"]
    assert run["workers"] == 1 and run["errors"] == 0
    assert run["steps"] > 0
    assert run["calls"]["inbox_20"]["n"] > 0 and run["calls"]["query"]["n"] > 0
    assert run["rss_kb"]["start"] and run["rss_kb"]["end"]
    assert run["mix"] == "full"
    assert run["cpu"]["workers_s"] > 0 and run["cpu"]["postgres_s"] > 0
    assert 0 < run["cpu"]["machine_busy"] <= 1
