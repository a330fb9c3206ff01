"""信息统计 benchmark: 按工种统计 and 按单位统计 as the province admin over N generated
applications (default 50,000) in 20 counties × 25 units, with their review task rows and a staff
roster of about the same size, on SQLite and, with --database-url, PostgreSQL.

Rows are bulk-inserted (not driven through the review: only the rows the statistics read
matter). Each table is computed ``--repeat`` times through the service; the median and the
worst are reported, with the JSON written to bench/results/statistics-<backend>.json.

    .venv/bin/python bench/bench_statistics.py -n 50000
    .venv/bin/python bench/bench_statistics.py -n 50000 \
        --database-url postgresql://postgres@127.0.0.1:5432/review_bench_stats
"""

from __future__ import annotations

import argparse
import json
import random
import statistics as stats
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from time import perf_counter

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_review import drop_postgres, make_app, recreate_postgres

from app.exams.services import statistics
from app.extensions import db
from app.models import (
    Application,
    Org,
    ProcessDefinition,
    Season,
    StaffRosterEntry,
    Task,
    User,
    WorkflowInstance,
)
from app.platform.services import seasons
from handlers.idcard import check_digit
from handlers.names import sort_key

TRADES = ("护理员", "电工", "焊工", "药剂员", "电工", "汽车驾驶员", "保育员", "绿化工")
COUNTIES, UNITS = 20, 25
YEAR = 2026


def id_number(i: int) -> str:
    first17 = f"41{i // 1000 % 10000:04d}19{80 + i % 20:02d}0101{i % 1000:03d}"
    return first17 + check_digit(first17)


def seed(n: int) -> None:
    """Orgs under 郑州市, N applicants and applications with task rows, and the roster."""
    rng = random.Random(9)
    city = db.session.scalars(select(Org).filter_by(code="410100")).one()
    units: list[int] = []
    for c in range(COUNTIES):
        code = f"4199{c:02d}"
        county = Org(code=code, name=f"县{c}", level="county", parent_id=city.id,
                     path=f"{city.path}{code}/")
        db.session.add(county)
        db.session.flush()
        for u in range(UNITS):
            unit_code = f"{code}{u:03d}"
            unit = Org(code=unit_code, name=f"县{c}单位{u}", level="unit", parent_id=county.id,
                       path=f"{county.path}{unit_code}/")
            db.session.add(unit)
            db.session.flush()
            units.append(unit.id)
    first_user = (db.session.scalar(select(db.func.max(User.id))) or 0) + 1
    db.session.execute(insert(User), [
        {"id": first_user + i, "username": id_number(i), "name": f"考生{i}",
         "id_number": id_number(i), "role": "applicant", "org_id": units[i % len(units)],
         "password_hash": "x", "must_change_password": False}
        for i in range(n)
    ])
    statuses = ["under_review"] * 6 + ["approved"] * 2 + ["rejected", "draft"]
    now = datetime(2026, 3, 1)
    earlier = seasons.for_registration(db.session, seasons.EXAM, YEAR - 1)
    earlier.status = "closed"
    current = Season(product=seasons.EXAM, year=YEAR, name=seasons.season_name(YEAR))
    db.session.add(current)
    db.session.flush()
    applications = []
    for i in range(n):
        season = current if i % 10 else earlier
        applications.append({
            "id": i + 1, "applicant_id": first_user + i, "org_id": units[i % len(units)],
            "season_id": season.id, "year": season.year, "status": rng.choice(statuses),
            "name": f"考生{i}", "name_sort": sort_key(f"考生{i}"), "id_number": id_number(i),
            "declared_trade": rng.choice(TRADES), "declared_grade": rng.randint(1, 5),
            "created_at": now, "updated_at": now,
        })
    db.session.execute(insert(Application), applications)
    definition = ProcessDefinition(process_id="bench", version="1", name="bench", sources={})
    db.session.add(definition)
    db.session.flush()
    instance = WorkflowInstance(application_id=1, definition_id=definition.id, state={})
    db.session.add(instance)
    db.session.flush()
    tasks = []
    for row in applications:
        if row["status"] == "draft":
            continue
        passed = row["status"] != "rejected" or rng.random() < 0.5
        tasks.append({
            "instance_id": instance.id, "application_id": row["id"], "engine_task_id": "t",
            "spec_id": "unit_review", "name": "单位审核", "lane": "unit", "queue": "manual",
            "actions": "pass,reject", "state": "completed",
            "action": "pass" if passed else "reject", "created_at": now,
        })
        if passed:
            tasks.append({**tasks[-1], "spec_id": "county_review", "lane": "county",
                          "state": "ready", "action": None})
    db.session.execute(insert(Task), tasks)
    db.session.execute(insert(StaffRosterEntry), [
        {"org_id": units[i % len(units)], "year": YEAR, "name": f"考生{i}",
         "id_number": id_number(i), "trade": rng.choice(TRADES), "grade": rng.randint(1, 5),
         "imported_at": now}
        for i in range(0, n + n // 5, 1)  # the staff plus a fifth who never registered
    ])
    db.session.commit()


def timed(call, repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        t0 = perf_counter()
        call()
        samples.append((perf_counter() - t0) * 1000)
    return {"median_ms": round(stats.median(samples), 1), "max_ms": round(max(samples), 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        uri = (recreate_postgres(args.database_url, args.admin_url) if args.database_url
               else f"sqlite:///{workdir}/stats.sqlite3")
        app = make_app(uri, workdir)
        backend = "postgresql" if args.database_url else "sqlite"
        try:
            with app.app_context():
                t0 = perf_counter()
                seed(args.n)
                seeded = perf_counter() - t0
                province = db.session.scalars(select(User).filter_by(username="410000")).one()
                season = seasons.current(db.session, seasons.EXAM)
                trades = statistics.by_trade(db.session, province, season)
                units = statistics.by_unit(db.session, province, season)
                result = {
                    "backend": backend,
                    "applications": args.n,
                    "registered_in_year": trades.totals.groups["registered"].total,
                    "units": len(units.rows),
                    "seed_s": round(seeded, 1),
                    "by_trade": timed(lambda: statistics.by_trade(db.session, province, season),
                                      args.repeat),
                    "by_unit": timed(lambda: statistics.by_unit(db.session, province, season),
                                     args.repeat),
                    "xlsx_units": timed(lambda: statistics.by_unit(
                        db.session, province, season).xlsx("按单位统计", "单位名称"), 3),
                }
                db.session.remove()
                db.engine.dispose()
        finally:
            if args.database_url:
                drop_postgres(args.database_url, args.admin_url)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    out = Path(__file__).resolve().parent / "results" / f"statistics-{backend}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
