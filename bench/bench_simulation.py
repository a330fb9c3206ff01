"""Time the what-if simulation (``app.governance.services.simulation``) on the demo data and on N
generated applications: ``python bench/bench_simulation.py -n 2000 [--database-url URL]``.

Generated applications are copies of the demo's submitted ones under new applicants, with
varied grades, certificate years and units, so the facts (and memoized runs) vary as a
season's would. The database is a scratch SQLite file unless a URL is given.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app import create_app
from app.exams.services.applications import Settings
from app.exams.services.demo import seed_demo
from app.extensions import db
from app.governance.context import subjects
from app.governance.services import simulation
from app.models import Application, DiagramDraft, User
from app.platform.services import deployments
from app.platform.services.auth import hash_password
from app.platform.services.uploads import FileStore


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp())
    url = args.database_url or f"sqlite:///{scratch / 'sim.sqlite3'}"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_DIR": scratch / "up", "EXAM_YEAR": 2026,
         "SECRET_KEY_FILE": scratch / "key"}
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_demo(db.session, Settings.from_config(app.config, date.today()),
                  FileStore.from_config(app.config))
        policy, draft_id = _policy_and_draft()
        print(f"demo data: {_time(policy, draft_id)}")
        _generate(args.n)
        print(f"with {args.n} generated: {_time(policy, draft_id)}")


def _time(policy: User, draft_id: int) -> str:
    started = time.perf_counter()
    report = simulation.simulate_draft(db.session, subjects(), policy, draft_id, None, 2026)
    seconds = time.perf_counter() - started
    return (f"{report['total']} applications, {report['changed']} changed, "
            f"{seconds:.2f} s ({seconds / max(report['total'], 1) * 1000:.2f} ms each)")


def _policy_and_draft() -> tuple[User, int]:
    province = db.session.scalars(select(User).filter_by(username="410000")).one()
    policy = User(username="bench_policy", name="政策", role="policy", org_id=province.org_id,
                  password_hash=hash_password("Bench@2026x"), must_change_password=False)
    db.session.add(policy)
    latest = deployments.get(db.session)
    text = latest.sources["auto_years.dmn"].replace("&gt;= 5", "&gt;= 4").replace("&lt; 5", "&lt; 4")
    draft = DiagramDraft(file_name="auto_years.dmn", base_deployment_id=latest.id, content=text,
                         author_name="bench")
    db.session.add(draft)
    db.session.commit()
    return policy, draft.id


def _generate(count: int) -> None:
    templates = list(db.session.scalars(select(Application).where(Application.status != "draft")))
    for i in range(count):
        source = templates[i % len(templates)]
        applicant = User(username=f"bench{i}", name=f"模拟{i}", role="applicant",
                         org_id=source.org_id, password_hash="x")
        db.session.add(applicant)
        db.session.flush()
        columns = {c.key: getattr(source, c.key) for c in Application.__table__.columns
                   if c.key not in ("id", "applicant_id", "version", "year")}
        columns["current_grade_year"] = 2018 + i % 8
        db.session.add(Application(**columns, applicant_id=applicant.id, year=2026 - i % 2))
    db.session.commit()


if __name__ == "__main__":
    main()
