"""Shared fixtures: a real database per backend, the app, and API helpers.

Every test that takes ``app`` (or ``client``/``api``) runs once on SQLite and once on
PostgreSQL. PostgreSQL is used whenever 127.0.0.1:5432 answers (override with
TEST_POSTGRES_URL); set REQUIRE_POSTGRES=1 (CI does) to fail instead of skipping when it is
unreachable.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from PIL import Image
from sqlalchemy import text

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
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture()
def app(_schema_app):
    """The app with empty tables (fresh per test) and the demo org tree seeded."""
    with _schema_app.app_context():
        truncate_all()
        from app.exams.services.demo import seed_orgs

        seed_orgs(db.session)
    yield _schema_app
    with _schema_app.app_context():
        db.session.remove()


def truncate_all() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


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
