"""Migration a3c88950a851 on a database the races already hurt: the duplicates a
check-then-insert let through are resolved (the row furthest along kept, the others closed
or re-filed), then the "one open X" indexes are built. On SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.conftest import empty_database

ROOT = Path(__file__).resolve().parent.parent.parent
BEFORE = "c7e1f3a5b9d4"
DECLARANT, EXPERT_APPLICANT = "410181198604120035", "410181197805120061"
DUPLICATES = (
    # A second open declaration of the demo declarant (whose first is under review).
    """INSERT INTO title_declarations (declarant_id, org_id, series, specialty, level,
           sections, status, version, created_at, updated_at)
       SELECT declarant_id, org_id, series, specialty, level, sections, 'draft', 1,
           created_at, updated_at
       FROM title_declarations""",
    # A second open expert application of the demo applicant.
    """INSERT INTO title_experts (user_id, org_id, name, series, specialty, title,
           title_level, phone, status, active, version, created_at, updated_at)
       SELECT user_id, org_id, name, series, specialty, title, title_level, phone,
           'draft', false, 1, created_at, updated_at
       FROM title_experts WHERE status = 'under_review'""",
    # Two pending transfer requests of one person.
    """INSERT INTO title_transfers (person_id, from_org_id, to_org_id, requested_by_id,
           status, moved_declarations, version, created_at)
       SELECT u.id, u.org_id, o.id, a.id, 'under_review', 0, 1, u.created_at
       FROM users u, orgs o, users a, (SELECT 1 AS n UNION ALL SELECT 2) twice
       WHERE u.username = :declarant AND o.code = '410181002' AND a.username = '410181002'""",
    # A second ID-card photo of one application, uploaded later.
    """INSERT INTO uploads (application_id, kind, stored_name, content_type, size, sha256,
           original_name, uploaded_by_id, created_at)
       SELECT application_id, kind, 'dup' || stored_name, content_type, size, sha256,
           original_name, uploaded_by_id, created_at
       FROM uploads WHERE kind = 'id_photo' AND id = (SELECT min(id) FROM uploads)""",
)


def _flask(url: str, tmp_path: Path, *command: str) -> None:
    env = {"DATABASE_URL": url, "UPLOAD_DIR": str(tmp_path / "up"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", *command],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_duplicates_are_resolved_before_the_indexes_are_built(database_url, tmp_path):
    with empty_database(database_url, tmp_path, "races") as url:
        # The demo is seeded by today's code at the head, then the schema is taken back to
        # before the indexes (every later migration's downgrade keeps the data).
        _flask(url, tmp_path, "db", "upgrade")
        _flask(url, tmp_path, "seed-demo", "--with-titles")
        _flask(url, tmp_path, "db", "downgrade", BEFORE)
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        try:
            with engine.begin() as conn:
                for statement in DUPLICATES:
                    conn.execute(text(statement), {"declarant": DECLARANT})
            _flask(url, tmp_path, "db", "upgrade")
            with engine.connect() as conn:
                _check(conn)
        finally:
            engine.dispose()


def _check(conn) -> None:
    declarations = conn.execute(
        text("SELECT id, status, return_reason, version FROM title_declarations ORDER BY id")
    ).all()
    kept, closed = declarations
    assert kept.status == "under_review"
    assert (closed.status, closed.version) == ("rejected", 2)
    assert closed.return_reason == f"重复提交，系统已关闭（保留编号 {kept.id}）"
    experts = conn.execute(
        text(
            "SELECT e.status FROM title_experts e JOIN users u ON u.id = e.user_id "
            "WHERE u.username = :who ORDER BY e.id"
        ),
        {"who": EXPERT_APPLICANT},
    ).scalars()
    assert list(experts) == ["under_review", "rejected"]
    transfers = conn.execute(text("SELECT status FROM title_transfers ORDER BY id")).scalars()
    assert list(transfers) == ["under_review", "rejected"]
    photos = conn.execute(
        text(
            "SELECT kind, stored_name FROM uploads WHERE application_id = "
            "(SELECT application_id FROM uploads WHERE stored_name LIKE 'dup%') ORDER BY id"
        )
    ).all()
    kinds = [(kind, name.startswith("dup")) for kind, name in photos]
    assert ("other", False) in kinds and ("id_photo", True) in kinds
    assert [kind for kind, _ in kinds].count("id_photo") == 1
