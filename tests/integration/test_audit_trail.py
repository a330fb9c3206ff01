"""Tamper-evident audit trail: hash chains, audit-verify, provenance, more audited actions and
the exported trail (JSON verifiable elsewhere, printable PDF)."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import Application, AuditEvent, User
from app.platform.services import audit
from app.platform.services.errors import Conflict
from app.platform.services.transaction import committing
from handlers.audit_chain import GENESIS, SYSTEM_CHAIN, first_break
from tests.conftest import SUBMISSION_KINDS, empty_database
from tests.integration.helpers import COUNTY, SUPERVISING, UNIT, act, only_task
from tests.integration.test_paths import qualify

CITY = "410100"
ROOT = Path(__file__).resolve().parent.parent.parent


def chain_rows(app, chain: str) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEvent).where(AuditEvent.chain == chain).order_by(AuditEvent.seq)
        ).all()
        db.session.expunge_all()
        return list(rows)


def verify_cli(app, *args: str):
    return app.test_cli_runner().invoke(args=["audit-verify", *args])


def auto_reviewed(app, api, applicant_factory):
    """An application through unit → supervising unit (returned once) → county 自动审核."""
    applicant = applicant_factory(UNIT)
    qualify(app, applicant)
    applicant.apply_and_submit()
    act(api, UNIT, "pass", "同意")
    act(api, SUPERVISING, "return", "请补充说明")
    assert applicant.submit().status_code == 200
    act(api, UNIT, "pass")
    act(api, SUPERVISING, "pass")
    assert act(api, COUNTY, "pass", queue="auto").status_code == 200
    return applicant


def test_a_full_review_path_is_one_intact_chain_with_provenance(app, api, applicant_factory):
    applicant = auto_reviewed(app, api, applicant_factory)
    app_id = applicant.application_id
    rows = chain_rows(app, f"app:{app_id}")
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(rows))
    assert [r.action for r in rows] == [
        *("create", *["upload"] * len(SUBMISSION_KINDS), "submit", "pass", "return"),
        *("resubmit", "pass", "pass", "pass"),
    ]
    result = verify_cli(app)
    assert result.exit_code == 0, result.output
    assert "audit trail intact" in result.output

    history = api.get(f"/api/applications/{app_id}/history", as_=COUNTY).get_json()
    decisions = [e for e in history if e["action"] in ("submit", "pass", "return", "resubmit")]
    assert all(e["definition"]["process_id"] == "registration" for e in decisions)
    assert {e["definition"]["label"] for e in decisions} == {"v1"}  # the first deployed version
    assert history[0]["definition"] is None  # create: no process decided anything
    submit = next(e for e in history if e["action"] == "submit")
    assert submit["details"]["facts"]["qualified_match"] is True
    county = history[-1]
    assert county["task"]["bpmn_id"] == "review_auto"
    assert sorted(county["details"]["dmn"]) == [
        "auto_by_certificate.dmn",
        "auto_not_grade1.dmn",
        "auto_one_level_up.dmn",
        "auto_qualified_match.dmn",
        "auto_years.dmn",
    ]
    assert all(len(digest) == 64 for digest in county["details"]["dmn"].values())
    assert set(county["details"]["results"].values()) == {True}
    assert county["details"]["facts"]["years_since_grade"] == 7
    unit_pass = next(e for e in history if e["action"] == "pass")
    assert unit_pass["details"] is None  # no DMN table prepared the unit's decision


def test_history_page_shows_version_and_the_facts_auto_review_saw(
    app, client, api, applicant_factory
):
    applicant = auto_reviewed(app, api, applicant_factory)
    client.post("/login", data={"username": COUNTY, "password": "Demo@2026"})
    page = client.get(f"/applications/{applicant.application_id}").get_data(as_text=True)
    with app.app_context():
        version = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "submit")
        ).one().definition.label
    assert version == "v1"
    assert f'流程版本 <span class="process-version" title="registration">工考报名审核 {version}</span>' in page
    assert "自动审核依据" in page and "与往年合格库一致" in page and "现等级取得年限" in page
    assert f"/applications/{applicant.application_id}/audit-trail?format=pdf" in page


def test_timestamps_keep_microseconds_and_one_transaction_chains_in_order(
    app, api, applicant_factory
):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    with app.app_context():
        application = db.session.get(Application, applicant.application_id)
        reviewer = db.session.scalars(select(User).filter_by(username=UNIT)).one()
        with committing(db.session):
            first = audit.record(db.session, application, reviewer, "comment", comment="一")
            second = audit.record(db.session, application, reviewer, "comment", comment="二")
        written = [(first.seq, first.at, first.hash), (second.seq, second.at, second.hash)]
        db.session.remove()
    rows = chain_rows(app, f"app:{applicant.application_id}")
    assert [(r.seq, r.at, r.hash) for r in rows[-2:]] == written
    assert rows[-1].prev_hash == rows[-2].hash and rows[-2].seq == rows[-3].seq + 1
    assert any(r.at.microsecond % 1000 for r in rows)  # sub-millisecond precision survived
    assert verify_cli(app, "--application", str(applicant.application_id)).exit_code == 0


def test_unique_chain_position_refuses_a_second_record_with_the_same_seq(
    app, api, applicant_factory
):
    applicant = applicant_factory(UNIT)
    applicant.apply()
    with app.app_context():
        last = chain_rows(app, f"app:{applicant.application_id}")[-1]
        fork = AuditEvent(
            chain=last.chain,
            seq=last.seq,
            prev_hash=last.prev_hash,
            hash=last.hash,
            application_id=last.application_id,
            at=last.at,
            actor_name="fork",
            action="comment",
        )
        with pytest.raises(Conflict), committing(db.session):
            db.session.add(fork)


def test_concurrent_appends_to_one_chain_never_fork_it(app, api, applicant_factory):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    app_id = applicant.application_id
    token = api.login(UNIT)
    answers: list[int] = []

    def comment(n: int) -> None:
        response = app.test_client().post(
            f"/api/applications/{app_id}/comments",
            json={"comment": f"并发备注{n}"},
            headers={"Authorization": f"Bearer {token}"},
        )
        answers.append(response.status_code)

    threads = [threading.Thread(target=comment, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert set(answers) <= {201, 409} and answers.count(201) >= 1
    rows = chain_rows(app, f"app:{app_id}")
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert sum(r.action == "comment" for r in rows) == answers.count(201)
    assert verify_cli(app).exit_code == 0


def test_on_postgresql_appenders_to_one_chain_take_turns_and_none_loses_its_number(
    app, api, applicant_factory
):
    """The chain's lock and head are one statement (audit_chain_head): the head is read after
    the lock is granted, so an appender that waited reads the event it waited for and takes
    the next number; none answers 409. (SQLite's busy writers may still lose.)"""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the chain lock is PostgreSQL's")
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    app_id = applicant.application_id
    token = api.login(UNIT)
    answers: list[int] = []

    def comment(n: int) -> None:
        response = app.test_client().post(
            f"/api/applications/{app_id}/comments",
            json={"comment": f"轮流备注{n}"},
            headers={"Authorization": f"Bearer {token}"},
        )
        answers.append(response.status_code)

    threads = [threading.Thread(target=comment, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [201] * 6
    rows = chain_rows(app, f"app:{app_id}")
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    assert verify_cli(app).exit_code == 0


def test_audit_verify_names_a_record_changed_directly_in_the_database(
    app, api, applicant_factory
):
    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    act(api, UNIT, "pass", "同意")
    assert verify_cli(app).exit_code == 0
    rows = chain_rows(app, f"app:{applicant.application_id}")
    target = next(row for row in rows if row.action == "pass")  # the unit's pass
    with app.app_context():
        # An attacker with database access first removes the append-only triggers.
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events"))
        else:
            db.session.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
        db.session.execute(
            text("UPDATE audit_events SET comment = '不同意' WHERE id = :id"), {"id": target.id}
        )
        db.session.commit()
    result = verify_cli(app)
    assert result.exit_code == 1
    assert f"id={target.id} chain=app:{applicant.application_id} seq={target.seq}" in result.output
    assert "hash mismatch" in result.output


def test_export_json_verifies_outside_and_pdf_carries_the_name(
    app, api, applicant_factory, tmp_path
):
    applicant = auto_reviewed(app, api, applicant_factory)
    path = f"/api/applications/{applicant.application_id}/audit-trail"
    assert api.get(path, as_=applicant.id_number).status_code == 403
    assert api.get(path, as_="410122").status_code == 404  # another county
    assert api.get(path + "?format=xml", as_=COUNTY).status_code == 422
    document = api.get(path, as_=COUNTY).get_json()
    events = document["events"]
    assert len(events) == 8 + len(SUBMISSION_KINDS) and first_break(events) is None
    assert {"chain", "seq", "prev_hash", "hash", "at"} <= set(events[0])
    assert document["application"]["id_number"] != applicant.id_number  # masked
    assert "SHA-256" in document["how_to_verify"]
    exported = tmp_path / "trail.json"
    exported.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert verify_cli(app, "--file", str(exported)).exit_code == 0
    events[3]["comment"] = "插入的意见"
    exported.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    tampered = verify_cli(app, "--file", str(exported))
    assert tampered.exit_code == 1 and "seq=4" in tampered.output

    pdf = api.get(path + "?format=pdf", as_=COUNTY)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.data))
    extracted = "".join(page.extract_text() or "" for page in reader.pages)
    # pypdf reads fpdf2's Identity CMap one byte at a time: drop the NULs it puts between glyphs
    words = "".join(extracted.replace("\x00", "").split())
    assert applicant.name in words
    assert events[-1]["hash"][:32] in words
    assert "第1/" in words  # page numbers


def test_account_changes_and_id_number_views_are_audited(app, api, applicant_factory):
    created = api.post(
        "/api/users", as_=COUNTY, json={"username": "gy_audit1", "name": "审核员甲", "org_code": COUNTY}
    ).get_json()
    user_id = created["id"]
    assert api.post(f"/api/users/{user_id}/approve", as_=CITY).status_code == 200
    assert api.post(f"/api/users/{user_id}/reset-password", as_=COUNTY).status_code == 200
    assert (
        api.patch(f"/api/users/{user_id}", as_=COUNTY, json={"name": "审核员甲", "active": False})
        .status_code
        == 200
    )
    system = chain_rows(app, SYSTEM_CHAIN)
    assert [(e.action, e.subject, e.actor_name) for e in system] == [
        ("approve_user", f"user:{user_id}", "郑州市管理员"),
        ("reset_password", f"user:{user_id}", "巩义市管理员"),
        ("deactivate_user", f"user:{user_id}", "巩义市管理员"),
    ]
    assert system[0].application_id is None and system[0].details["name"] == "审核员甲"

    applicant = applicant_factory(UNIT)
    applicant.apply_and_submit()
    app_id = applicant.application_id
    assert api.get(f"/api/applications/{app_id}", as_=applicant.id_number).status_code == 200
    assert api.get(f"/api/applications/{app_id}", as_=COUNTY).status_code == 200
    assert api.get(f"/api/tasks/{only_task(api, UNIT)['id']}", as_=UNIT).status_code == 200
    views = [e for e in chain_rows(app, f"app:{app_id}") if e.action == "view_id_number"]
    assert [e.org_name for e in views] == ["巩义市", "巩义市人民医院"]
    # 操作历史 lists what was done; the views are in the exported trail
    history = api.get(f"/api/applications/{app_id}/history", as_=COUNTY).get_json()
    assert "view_id_number" not in {e["action"] for e in history}
    trail = api.get(f"/api/applications/{app_id}/audit-trail", as_=COUNTY).get_json()
    labels = [e["action_label"] for e in trail["events"] if e["action"] == "view_id_number"]
    assert labels == ["查看完整身份证号"] * 2
    assert verify_cli(app).exit_code == 0


def test_migration_backfills_chains_and_makes_the_table_append_only(database_url, tmp_path):
    """On a migrated database (not create_all): the seed verifies, UPDATE and DELETE are
    refused by the triggers, and a downgrade + upgrade re-chains the existing rows."""
    with empty_database(database_url, tmp_path, "audit") as url:
        _migrated_checks(url, tmp_path)


def _migrated_checks(url: str, tmp_path) -> None:
    env = {"DATABASE_URL": url, "UPLOAD_DIR": str(tmp_path / "up"), "PATH": "/usr/bin:/bin"}

    def flask(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *command],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )

    for command in (["db", "upgrade"], ["seed-demo"], ["audit-verify"]):
        done = flask(*command)
        assert done.returncode == 0, done.stdout + done.stderr
    assert "audit trail intact" in done.stdout
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        for statement in ("UPDATE audit_events SET comment = 'x'", "DELETE FROM audit_events"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        engine.dispose()
    for command in (["db", "downgrade", "0a74097e7740"], ["db", "upgrade"], ["audit-verify"]):
        done = flask(*command)
        assert done.returncode == 0, done.stdout + done.stderr
    assert "audit trail intact" in done.stdout
