"""Benchmark of the review service on a real database (not a test).

    python bench/bench_review.py [-n 1000]                          # SQLite, temp file
    python bench/bench_review.py --database-url postgresql://postgres@127.0.0.1:5432/review_bench

Seeds the demo org tree, creates N applicants with complete applications through the services,
then measures over HTTP (Flask test client, bearer token): one review step, the county inbox with
N open tasks (plain and filtered), the whole submit -> 3 passes chain, and compares the step with
the engine alone (workflows.step in memory). Prints JSON and a Markdown table and writes
bench/results/latest-<backend>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

import psycopg
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import select, text

from app import create_app
from app.exams.services import applications, engine, uploads
from app.exams.services.applications import Settings
from app.exams.services.demo import DEMO_PASSWORD, seed_orgs
from app.extensions import db
from app.models import Application, Org, Task, User
from app.platform.services import engine as platform_engine
from app.platform.services.auth import hash_password
from app.platform.services.uploads import FileStore, IncomingFile
from handlers.exams.applicant import stated_by_id_number
from handlers.idcard import check_digit
from workflows import definitions, step

RESULTS = Path(__file__).resolve().parent / "results"
UNIT, SUPERVISING, COUNTY = "410181001001", "410181001", "410181"
PROCESS_ID = engine.MAIN_PROCESS
# What app.exams.services.facts computes for a complete grade 2-5 application with no qualified-DB
# match: the path every benchmark application takes (unit -> supervising unit -> county).
FACTS = {
    "has_unit_reviewer": True,
    "has_supervising_unit": True,
    "declared_grade": 3,
    "exceptional": False,
    "declared_by_county": False,
    "qualified_match": False,
    "by_certificate": True,
    "grade_step": 1,
    "years_since_grade": 7,
    "senior_rule_ok": False,
    "senior_failed_years": [],
    "senior_problems": [],
}
# engine.md: SpiffWorkflow 3.2 in memory, and the spiff-arena backend on the same chain
REFERENCE = {"engine_complete_us": 164.0, "peer_complete_ms": 52.0, "peer_inbox_ms": 29.0}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def stats_ms(samples: list[float]) -> dict[str, float]:
    """Median and p95 (nearest rank, as in spiff_baseline.py) in milliseconds."""
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1e3, 3),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1e3, 3),
    }


def timed(calls: Iterator[Callable[[], Any]]) -> tuple[list[float], float]:
    """Per-call durations and the wall time of the whole loop."""
    samples, begin = [], perf_counter()
    for call in calls:
        t0 = perf_counter()
        call()
        samples.append(perf_counter() - t0)
    return samples, perf_counter() - begin


# --- database and app -------------------------------------------------------------------


def recreate_postgres(url: str, admin_url: str) -> str:
    """Drop and create the scratch database named in ``url``; the SQLAlchemy URL for it."""
    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return "postgresql+psycopg://" + url.split("://", 1)[1]


def drop_postgres(url: str, admin_url: str) -> None:
    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_app(database_uri: str, workdir: Path) -> Flask:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "UPLOAD_DIR": workdir / "uploads",
            "EXAM_YEAR": date.today().year,
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_orgs(db.session)
        platform_engine.sync_definitions(db.session, app.config["BPMN_DIR"])
        db.session.commit()
    return app


# --- data set ---------------------------------------------------------------------------


def id_number(i: int) -> str:
    born = date(1975, 1, 1) + timedelta(days=i // 500)
    first17 = f"410181{born:%Y%m%d}{i % 500 + 100:03d}"
    return first17 + check_digit(first17)


def applicant_name(i: int) -> str:
    return f"{SURNAMES[i % len(SURNAMES)]}考生{i:05d}"


def form(number: str, i: int) -> dict[str, Any]:
    return {
        **stated_by_id_number(number),  # gender and birth month
        "phone": "13800000000",
        "education": "大专",
        "work_start": "2008-09",
        "current_grade": 5,
        "current_trade": "护理员",
        "current_grade_year": 2018,
        "declared_trade": "护理员",
        "declared_grade": 2 + i % 4,
        "prohibited": False,
    }


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), (70, 130, 180)).save(buffer, format="PNG")
    return buffer.getvalue()


def create_drafts(app: Flask, count: int) -> list[int]:
    """``count`` applicants at the unit with a complete, not yet submitted application.
    Users are inserted with one precomputed hash (scrypt per user would dominate setup).
    """
    settings = Settings.from_config(app.config, date.today())
    store = FileStore.from_config(app.config)
    content, password_hash = png(), hash_password(DEMO_PASSWORD)
    with app.app_context():
        unit = db.session.scalars(select(Org).filter_by(code=UNIT)).one()
        users = []
        for i in range(count):
            number = id_number(i)
            users.append(
                User(
                    username=number,
                    id_number=number,
                    name=applicant_name(i),
                    phone="13800000000",
                    role="applicant",
                    org_id=unit.id,
                    password_hash=password_hash,
                    must_change_password=False,
                )
            )
        db.session.add_all(users)
        db.session.commit()
        user_ids = [user.id for user in users]
        db.session.expunge_all()  # keep the identity map small: commits expire all of it
        ids = []
        for i, user_id in enumerate(user_ids):
            user = db.session.get(User, user_id)
            application = applications.create_application(
                db.session, user, form(user.id_number, i), settings
            )
            for kind in ("id_photo", "photo", "education_cert", "grade_cert"):  # all required
                uploads.add_upload(
                    db.session,
                    user,
                    application.id,
                    kind,
                    IncomingFile(f"{kind}.png", content),
                    store,
                )
            ids.append(application.id)
            db.session.expunge_all()
        return ids


# --- measurements -----------------------------------------------------------------------


def submit_all(app: Flask, application_ids: list[int]) -> tuple[list[float], float]:
    """Submit every application through the service (starts the process instance)."""
    settings = Settings.from_config(app.config, date.today())
    with app.app_context():
        owners = dict(db.session.execute(select(Application.id, Application.applicant_id)).all())

        def submit(application_id: int) -> Callable[[], Any]:
            def call() -> None:
                user = db.session.get(User, owners[application_id])
                applications.submit(db.session, user, application_id, settings)
                db.session.expunge_all()

            return call

        return timed(submit(a) for a in application_ids)


def analyze(app: Flask) -> None:
    """Refresh planner statistics, as autovacuum would have done on a live database: the
    tables were empty a minute ago and PostgreSQL's default guesses pick poor inbox plans.
    """
    with app.app_context():
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def login(client: FlaskClient, username: str) -> dict[str, str]:
    response = client.post(
        "/api/auth/login", json={"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def ready_task_ids(app: Flask, org_code: str) -> list[int]:
    with app.app_context():
        org = db.session.scalars(select(Org).filter_by(code=org_code)).one()
        return list(
            db.session.scalars(
                select(Task.id).filter_by(candidate_org_id=org.id, state="ready").order_by(Task.id)
            )
        )


def pass_level(app: Flask, client: FlaskClient, org_code: str) -> tuple[list[float], float]:
    """POST /api/tasks/<id>/complete {action: pass} for every task waiting at ``org_code``."""
    headers = login(client, org_code)
    task_ids = ready_task_ids(app, org_code)

    def complete(task_id: int) -> Callable[[], Any]:
        def call() -> None:
            response = client.post(
                f"/api/tasks/{task_id}/complete",
                headers=headers,
                json={"action": "pass", "comment": "bench"},
            )
            assert response.status_code == 200, response.get_json()

        return call

    return timed(complete(t) for t in task_ids)


def inbox(client: FlaskClient, query: str, requests: int, expect_min: int) -> dict[str, Any]:
    headers = login(client, COUNTY)
    first = client.get(f"/api/tasks?{query}", headers=headers).get_json()
    assert first["total"] >= expect_min, (query, first["total"])

    def get() -> None:
        response = client.get(f"/api/tasks?{query}", headers=headers)
        assert response.status_code == 200

    samples, _ = timed(get for _ in range(requests))
    return {"query": query, "total": first["total"], **stats_ms(samples)}


def engine_only(bpmn_dir: Path, count: int) -> dict[str, Any]:
    """The same chain through workflows.step alone: start + 3 completes, each complete
    restoring the spec-less state and dumping it again, no database, no HTTP.
    """
    sources = definitions.read_sources(bpmn_dir)
    definition = definitions.load(PROCESS_ID, definitions.sources_for(PROCESS_ID, sources))
    starts, completes = [], []
    begin = perf_counter()
    for _ in range(count):
        t0 = perf_counter()
        result = step.start(definition, FACTS)
        starts.append(perf_counter() - t0)
        for _level in range(3):
            t0 = perf_counter()
            result = step.complete(
                definition, result.state, result.ready[0].id, {"action": "pass", "comment": "bench"}
            )
            completes.append(perf_counter() - t0)
        assert result.completed and result.data["status"] == "approved"
    elapsed = perf_counter() - begin
    return {
        "start": stats_ms(starts),
        "complete": stats_ms(completes),
        "chains_per_s": round(count / elapsed, 1),
    }


def run(database_uri: str, count: int, inbox_requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="review-bench-") as tmp:
        workdir = Path(tmp)
        uri = database_uri or f"sqlite:///{workdir / 'bench.sqlite3'}"
        app = make_app(uri, workdir)
        client = app.test_client()
        t0 = perf_counter()
        application_ids = create_drafts(app, count)
        setup_s = perf_counter() - t0
        submit, submit_wall = submit_all(app, application_ids)
        analyze(app)
        unit, unit_wall = pass_level(app, client, UNIT)
        supervising, supervising_wall = pass_level(app, client, SUPERVISING)
        analyze(app)
        name = applicant_name(count // 2)
        inboxes = [
            inbox(client, "per_page=20", inbox_requests, count),
            inbox(client, f"per_page=20&q={name}", inbox_requests, 1),
            inbox(client, "per_page=20&declared_grade=3", inbox_requests, 1),
        ]
        county, county_wall = pass_level(app, client, COUNTY)
        assert len(ready_task_ids(app, COUNTY)) == 0
        with app.app_context():
            dialect = db.engine.dialect.name
            db.session.remove()
            db.engine.dispose()
    chain_s = submit_wall + unit_wall + supervising_wall + county_wall
    return {
        "backend": dialect,
        "setup_s": round(setup_s, 1),
        "submit": stats_ms(submit),
        "step_unit": stats_ms(unit),
        "step_supervising": stats_ms(supervising),
        "step_county": stats_ms(county),
        "inbox": inboxes,
        "chain_applications_per_s": round(count / chain_s, 1),
        "chain_ms_per_application": round(chain_s / count * 1e3, 2),
    }


# --- report -----------------------------------------------------------------------------


def environment(count: int) -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            cpu = next(
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return {
        "when": datetime.now().isoformat(timespec="seconds"),
        "n": count,
        "python": platform.python_version(),
        "cpu": cpu,
        "nproc": os.cpu_count(),
    }


def markdown(result: dict[str, Any]) -> str:
    svc, eng = result["service"], result["engine_only"]
    eng_us = eng["complete"]["median_ms"] * 1e3
    plain, by_name, by_grade = svc["inbox"]

    def ms(block: dict[str, Any]) -> str:
        return f"{block['median_ms']:.2f} / {block['p95_ms']:.2f} ms"

    rows = [
        (
            "Review step, unit level (`POST /api/tasks/<id>/complete`), median / p95",
            ms(svc["step_unit"]),
            f"{REFERENCE['peer_complete_ms']:.0f} ms",
        ),
        ("Review step, supervising unit level, median / p95", ms(svc["step_supervising"]), ""),
        ("Review step, county level, median / p95", ms(svc["step_county"]), ""),
        (
            f"Inbox page (`per_page=20`), {plain['total']} open tasks at the county",
            ms(plain),
            f"{REFERENCE['peer_inbox_ms']:.0f} ms (1,000 open)",
        ),
        (f"Inbox page, `q=<name>` ({by_name['total']} match)", ms(by_name), ""),
        (f"Inbox page, `declared_grade=3` ({by_grade['total']} match)", ms(by_grade), ""),
        ("Submit (service, starts the instance), median / p95", ms(svc["submit"]), ""),
        ("Full chain submit -> 3 passes", f"{svc['chain_applications_per_s']} applications/s", ""),
        (
            "Engine only: complete one user task (workflows.step, state round trip)",
            f"{eng_us:.0f} µs",
            f"{REFERENCE['engine_complete_us']:.0f} µs (engine.md)",
        ),
        ("Engine only: whole chain in memory", f"{eng['chains_per_s']} chains/s", ""),
        (
            "Service step / engine-only complete (median ratio)",
            f"{result['step_to_engine_ratio']}x",
            "",
        ),
    ]
    lines = [
        f"### {svc['backend']}, N={result['env']['n']}",
        "",
        "| measure | this service | reference (spiff-arena peer / engine.md) |",
        "|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-n",
        "--count",
        type=int,
        default=1000,
        help="applications to create and review (default 1000)",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL of a scratch database (dropped and recreated); "
        "default: SQLite in a temp file",
    )
    parser.add_argument(
        "--admin-url",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="maintenance database used to create/drop the scratch database",
    )
    parser.add_argument("--inbox-requests", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    return parser.parse_args(argv)


@contextmanager
def scratch_database(args: argparse.Namespace) -> Iterator[str]:
    if not args.database_url:
        yield ""
        return
    uri = recreate_postgres(args.database_url, args.admin_url)
    try:
        yield uri
    finally:
        if not args.keep:
            drop_postgres(args.database_url, args.admin_url)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    begin = time.monotonic()
    with scratch_database(args) as uri:
        service = run(uri, args.count, args.inbox_requests)
    engine_result = engine_only(Path(__file__).resolve().parent.parent / "bpmn", args.count)
    ratio = service["step_unit"]["median_ms"] / engine_result["complete"]["median_ms"]
    result = {
        "env": environment(args.count),
        "service": service,
        "engine_only": engine_result,
        "step_to_engine_ratio": round(ratio, 1),
        "reference": REFERENCE,
        "runtime_s": round(time.monotonic() - begin, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"latest-{service['backend']}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1, ensure_ascii=False))
    print()
    print(markdown(result))
    print(f"\nwritten to {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
