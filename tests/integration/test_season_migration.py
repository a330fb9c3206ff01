"""Migration 24315948def9 on a database that already holds applications of two years: one
exam season per year (the latest open, earlier ones closed), each application in its year's
season, names given their pinyin sort keys; on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tests.conftest import empty_database

ROOT = Path(__file__).resolve().parents[2]
BEFORE = "c7e1f3a5b9d4"


def _flask(url: str, tmp_path: Path, *args: str) -> None:
    env = {"DATABASE_URL": url, "UPLOAD_DIR": str(tmp_path / "up"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr


def _filler(column: sa.Column) -> Any:
    """A value for a NOT NULL column the test does not care about."""
    kind = column.type.python_type if not isinstance(column.type, sa.JSON) else list
    return {int: 1, str: "x", bool: False, datetime: datetime(2026, 1, 1), list: "[]"}[kind]


def _insert(conn: sa.Connection, table: sa.Table, values: dict[str, Any]) -> int:
    row = {
        c.name: _filler(c)
        for c in table.columns
        if not c.nullable and not c.primary_key and c.server_default is None
    }
    return conn.execute(table.insert().values({**row, **values})).inserted_primary_key[0]


def test_existing_applications_get_seasons_and_sort_keys(database_url, tmp_path):
    with empty_database(database_url, tmp_path, "seasons") as url:
        _flask(url, tmp_path, "db", "upgrade", BEFORE)
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        meta = sa.MetaData()
        meta.reflect(engine, only=("orgs", "users", "applications", "history_registrations"))
        orgs, users, applications = (meta.tables[n] for n in ("orgs", "users", "applications"))
        with engine.begin() as conn:
            org = _insert(conn, orgs, {"code": "410000", "path": "/410000/", "level": "province"})
            for n, (year, name) in enumerate([(2025, "张伟"), (2026, "张伟"), (2026, "李娜")]):
                user = _insert(conn, users, {"username": f"u{n}", "name": name, "org_id": org})
                _insert(conn, applications, {
                    "applicant_id": user, "org_id": org, "year": year, "name": name,
                    "id_number": f"id{n}", "status": "approved",
                })
            _insert(conn, meta.tables["history_registrations"], {
                "org_id": org, "exam_year": 2020, "name": "王强", "id_number": "h1", "trade": "电工",
            })
        engine.dispose()
        _flask(url, tmp_path, "db", "upgrade")
        engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        with engine.connect() as conn:
            seasons = conn.execute(sa.text(
                "SELECT id, product, year, name, status, closed_at IS NULL FROM seasons ORDER BY year"
            )).all()
            rows = conn.execute(sa.text(
                "SELECT a.year, s.year, a.name_sort FROM applications a "
                "JOIN seasons s ON a.season_id = s.id ORDER BY a.id"
            )).all()
            history = conn.execute(sa.text("SELECT name_sort FROM history_registrations")).all()
        engine.dispose()
    assert [s[1:] for s in seasons] == [
        ("exam", 2025, "2025年度", "closed", False),
        ("exam", 2026, "2026年度", "open", True),
    ]
    assert rows == [(2025, 2025, "zhang1wei3"), (2026, 2026, "zhang1wei3"), (2026, 2026, "li3na4")]
    assert history == [("wang2qiang2",)]
