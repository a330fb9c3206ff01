"""Shared fixtures: a real database per backend, the app, and API helpers.

Every test that takes ``app`` (or ``client``/``api``) runs once on SQLite and once on
PostgreSQL. PostgreSQL is used whenever 127.0.0.1:5432 answers (override with
TEST_POSTGRES_URL); set REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping when it is
unreachable.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PIL import Image
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from app import create_app
from app.extensions import db

PG_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
# One scratch database per test run, so parallel runs never drop each other's database.
PG_TEST_DB = os.environ.get("TEST_POSTGRES_DB", f"review_test_{os.getpid()}")
DEMO_PASSWORD = "Demo@2026"
# The suite logs in thousands of times: scrypt (~60 ms a hash) would be a third of its run.
FAST_PASSWORD_HASH = "pbkdf2:sha256:1000"
# A test database need not survive a crash: a commit that does not wait for its WAL flush
# (fsync) is several times faster, the more so when parallel runs share the server's disk.
NO_COMMIT_WAIT = 'ALTER DATABASE "{database}" SET synchronous_commit = off'


def postgres_available() -> bool:
    """Whether 127.0.0.1:5432 answers; with REQUIRE_POSTGRES=1 (CI) it must."""
    try:
        psycopg.connect(PG_ADMIN_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            raise
        return False
    return True


@contextmanager
def empty_database(database_url: str, tmp_path: Path, name: str) -> Iterator[str]:
    """A URL of a new, empty database on the same backend as ``database_url`` (for tests
    that run ``flask db upgrade`` themselves); a PostgreSQL one is dropped afterwards."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        return
    scratch = f"review_{name}_{os.getpid()}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{scratch}"')
        conn.execute(NO_COMMIT_WAIT.format(database=scratch))
    try:
        yield database_url.rsplit("/", 1)[0] + f"/{scratch}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def _postgres_url() -> str | None:
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_TEST_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{PG_TEST_DB}"')
            conn.execute(NO_COMMIT_WAIT.format(database=PG_TEST_DB))
    except psycopg.OperationalError:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            raise
        return None
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    return f"{base}/{PG_TEST_DB}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    url = _postgres_url()
    if url is None:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    yield url
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_TEST_DB}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _schema_app(database_url, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "PASSWORD_HASH": FAST_PASSWORD_HASH,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_DIR": tmp_path_factory.mktemp("uploads"),
            "JOB_DIR": tmp_path_factory.mktemp("jobs"),
            "WTF_CSRF_ENABLED": False,
            "EXAM_YEAR": 2026,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        WRITES.watch(db.engine.url.database)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def app(_schema_app):
    """The app with empty tables (fresh per test) and the demo org tree seeded.

    Emptying every table and seeding the org tree again before each test cost most of a
    PostgreSQL test's time (a TRUNCATE of fifty tables is ~0.5 s), so the reset only empties
    the tables written since the last one and puts back the seeded rows of those that had
    them; the result is the state the full reset made (sequences restarted, same org ids),
    checked by a row count of every table before the test runs.
    """
    with _schema_app.app_context():
        WRITES.reset()
    yield _schema_app
    with _schema_app.app_context():
        db.session.remove()


_WRITE = re.compile(
    r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|COPY)\s+\"?(\w+)", re.I
)
# A temporary table (a COPY's staging table) lives and dies inside one transaction.
_DDL = re.compile(r"^\s*(?:CREATE|DROP|ALTER)\s+(?!TEMP)", re.I)


class WriteLog:
    """Which tables of the test database were written since the last reset.

    Every statement any engine of this process sends to the test database (the app's, a
    ``make_app`` app's, a racing thread's, a live server's) passes ``before_cursor_execute``;
    the tables it inserts into, updates, deletes from or truncates are noted. A schema change
    (or ``truncate_all``) marks everything, and the next reset is the full one. The row count
    after a reset catches what a statement could hide (TEST_STRICT_RESET=1 fails the test).
    """

    def __init__(self) -> None:
        self.database: str | None = None
        self.tables: set[str] = set()
        self.everything = True
        self.seeded: frozenset[str] = frozenset()
        self.counts: dict[str, int] | None = None
        self.sequences: dict[str, list[str]] = {}
        self.snapshot: dict[str, list[dict[str, Any]]] = {}
        self.positions: dict[str, str] = {}

    def watch(self, database: str | None) -> None:
        """Note writes to ``database`` (the session's test database) from now on."""
        self.database = database
        self.tables = set()
        self.everything = True
        self.counts = None
        self.sequences = {}

    def note(self, conn: Connection, cursor: Any, statement: str, *_: Any) -> None:
        """``before_cursor_execute``: note the tables ``statement`` writes."""
        if self.database is None or conn.engine.url.database != self.database:
            return
        if _DDL.match(statement):
            self.everything = True
        self.tables.update(name.lower() for name in _WRITE.findall(statement))

    def reset(self) -> None:
        """Bring the database back to the seeded state (in an app context)."""
        from app.exams.services.demo import seed_orgs

        names = {t.name for t in db.metadata.sorted_tables}
        if self.counts is None:  # first use in this session: learn what seeding writes
            truncate_all()
            self.tables = set()
            seed_orgs(db.session)
            self.seeded = frozenset(self.tables & names)
            self.sequences = _owned_sequences()
            self._remember_seed()
            self.counts = _row_counts()
            self.tables, self.everything = set(), False
            return
        dirty = self.tables & names
        # TEST_FULL_RESET=1: the full reset before every test, as it was (a PostgreSQL table
        # emptied by DELETE may, once vacuumed, return new rows out of insertion order to a
        # query without ORDER BY; a TRUNCATEd one does not)
        full = os.environ.get("TEST_FULL_RESET") == "1"
        if not self.everything and not full and self._emptied(dirty):
            counts = _row_counts()
            if counts == self.counts:
                self.tables = set()
                return
            # A write the statement log missed: healed below, and refused where asked.
            missed = {t for t, n in counts.items() if n != self.counts.get(t)}
            assert os.environ.get("TEST_STRICT_RESET") != "1", f"unnoticed writes to {missed}"
        truncate_all()
        self.tables = set()
        seed_orgs(db.session)
        self.tables, self.everything = set(), False
        assert _row_counts() == self.counts, "the seeded state changed within a session"

    def _emptied(self, dirty: set[str]) -> bool:
        """Empty the ``dirty`` tables, and put back the seeded rows of those that had them
        (from the copy taken after the first seed: one INSERT per table, where seeding again
        costs a statement per org); False if that could not be done table by table (the full
        reset then follows)."""
        if not dirty:
            return True
        restored = self._restored(dirty & self.seeded)
        tables = [t for t in reversed(db.metadata.sorted_tables) if t.name in dirty | restored]
        try:
            for table in tables:
                db.session.execute(table.delete())
            for table in reversed(tables):
                if table.name in restored:
                    db.session.execute(table.insert(), self.snapshot[table.name])
            calls = [
                f"setval('{sequence}', {self.positions.get(sequence, '1, false')})"
                for t in tables
                for sequence in self.sequences.get(t.name, [])
            ]
            if calls:
                db.session.execute(text(f"SELECT {', '.join(calls)}"))
            db.session.commit()
        except DBAPIError:
            db.session.rollback()
            return False
        return True

    def _restored(self, written: set[str]) -> set[str]:
        """The seeded tables to put back: those written, and those whose seeded rows refer to
        one of those (deleting a referenced row would otherwise fail)."""
        restored = set(written)
        for table in db.metadata.sorted_tables:  # referenced tables come first
            if table.name in self.seeded and any(
                key.column.table.name in restored for key in table.foreign_keys
            ):
                restored.add(table.name)
        return restored

    def _remember_seed(self) -> None:
        """The seeded rows of every seeded table, and where its sequences stood."""
        self.snapshot = {
            table.name: [
                dict(row._mapping)
                for row in db.session.execute(table.select().order_by(*table.primary_key.columns))
            ]
            for table in db.metadata.sorted_tables
            if table.name in self.seeded
        }
        self.positions = {}
        for table in self.seeded:
            for sequence in self.sequences.get(table, []):
                value, called = db.session.execute(
                    text(f"SELECT last_value, is_called FROM {sequence}")
                ).one()
                self.positions[sequence] = f"{value}, {'true' if called else 'false'}"
        db.session.commit()


def _owned_sequences() -> dict[str, list[str]]:
    """PostgreSQL: the sequences each table's serial or identity columns own."""
    if db.engine.dialect.name != "postgresql":
        return {}
    rows = db.session.execute(
        text(
            "SELECT t.relname, s.relname FROM pg_class s "
            "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
            "JOIN pg_class t ON t.oid = d.refobjid "
            "WHERE s.relkind = 'S' AND t.relkind IN ('r', 'p')"
        )
    ).all()
    owned: dict[str, list[str]] = {}
    for table, sequence in rows:
        owned.setdefault(table, []).append(sequence)
    return owned


def _row_counts() -> dict[str, int]:
    """The number of rows of every table, in one query."""
    tables = db.metadata.sorted_tables
    query = " UNION ALL ".join(
        f"SELECT '{t.name}', count(*) FROM {db.engine.dialect.identifier_preparer.quote(t.name)}"
        for t in tables
    )
    counts = {name: count for name, count in db.session.execute(text(query))}
    db.session.commit()
    return counts


WRITES = WriteLog()
event.listen(Engine, "before_cursor_execute", WRITES.note)


def truncate_all() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()
    WRITES.everything = True  # whoever truncated seeds what they need; the next reset is full


@pytest.fixture()
def client(app):
    return app.test_client()


class Api:
    """Thin JSON client: ``api.login(user)`` then ``api.post(path, json, as_=user)``."""

    def __init__(self, client) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        response = self.client.post(
            "/api/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.get_json()
        self.tokens[username] = response.get_json()["token"]
        return self.tokens[username]

    def _headers(self, as_: str | None) -> dict[str, str]:
        if as_ is None:
            return {}
        if as_ not in self.tokens:
            self.login(as_)
        return {"Authorization": f"Bearer {self.tokens[as_]}"}

    def get(self, path: str, as_: str | None = None, **kw):
        return self.client.get(path, headers=self._headers(as_), **kw)

    def post(self, path: str, json=None, as_: str | None = None, **kw):
        return self.client.post(path, json=json, headers=self._headers(as_), **kw)

    def patch(self, path: str, json=None, as_: str | None = None):
        return self.client.patch(path, json=json, headers=self._headers(as_))

    def delete(self, path: str, as_: str | None = None):
        return self.client.delete(path, headers=self._headers(as_))


@pytest.fixture()
def api(client) -> Api:
    return Api(client)


def png_bytes(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), color).save(buffer, format="PNG")
    return buffer.getvalue()


# Gender and birth month as the ``Applicant`` factory's ID numbers state them (born 1990-01-01,
# odd sequence digit: male); the service refuses a form that disagrees with the ID number.
VALID_FORM = {
    "gender": "male",
    "phone": "13912345678",
    "birth_month": "1990-01",
    "education": "大专",
    "work_start": "2012-07",
    "current_grade": 4,
    "current_trade": "护理员",
    "current_grade_year": 2019,
    "declared_trade": "护理员",
    "declared_grade": 3,
    "prohibited": False,
}


SUBMISSION_KINDS = ("id_photo", "photo", "education_cert", "grade_cert")
"""One upload of each kind a submission requires (handlers/exams/required_documents.py): the two
photos, the 学历证书 (or the salary sheet instead) and the current grade's certificate."""


class Applicant:
    """Registers an applicant under ``unit`` and drives their application through the API."""

    counter = 0

    def __init__(self, api: Api, unit: str, name: str = "测试") -> None:
        from handlers.idcard import check_digit

        Applicant.counter += 1
        first17 = f"41018119900101{(2 * Applicant.counter + 1) % 1000:03d}"  # odd: male
        self.id_number = first17 + check_digit(first17)
        self.api = api
        self.name = f"{name}{Applicant.counter}"
        response = api.post(
            "/api/applicants/register",
            json={
                "id_number": self.id_number,
                "name": self.name,
                "phone": "13912345678",
                "password": "Secret123",
                "org_code": unit,
            },
        )
        assert response.status_code == 201, response.get_json()
        api.login(self.id_number, "Secret123")
        self.application_id: int | None = None

    def apply(self, **overrides) -> dict:
        response = self.api.post(
            "/api/applications", json={**VALID_FORM, **overrides}, as_=self.id_number
        )
        assert response.status_code == 201, response.get_json()
        self.application_id = response.get_json()["id"]
        return response.get_json()

    def upload(self, kind: str, content: bytes | None = None, filename: str = "a.png"):
        return self.api.post(
            f"/api/applications/{self.application_id}/files",
            as_=self.id_number,
            data={"kind": kind, "file": (io.BytesIO(content or png_bytes()), filename)},
            content_type="multipart/form-data",
        )

    def submit(self):
        return self.api.post(f"/api/applications/{self.application_id}/submit", as_=self.id_number)

    def apply_with_photos(self, **overrides) -> None:
        """A complete draft, ready to submit: the form and every material it requires."""
        self.apply(**overrides)
        for kind in SUBMISSION_KINDS:
            assert self.upload(kind).status_code == 201

    def apply_and_submit(self, **overrides) -> dict:
        self.apply_with_photos(**overrides)
        response = self.submit()
        assert response.status_code == 200, response.get_json()
        return response.get_json()


@pytest.fixture()
def applicant_factory(api):
    return lambda unit="410181001001", **kw: Applicant(api, unit, **kw)


def bpmn_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "bpmn"
