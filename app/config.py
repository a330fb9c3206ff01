"""One configuration class read from the environment; tests pass overrides to create_app."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"

MIN_SECRET_LENGTH = 32
DEFAULT_PASSWORD_HASH = "scrypt"
# Keys that have been published somewhere (our own old default first): anyone can sign with them.
KNOWN_PLACEHOLDERS = frozenset(
    {
        "dev-only-secret-change-me",
        "change-me",
        "changeme",
        "secret",
        "secret-key",
        "secret_key",
        "your-secret-key",
        "your_secret_key",
        "replace-me",
        "dev",
        "development",
        "test",
    }
)
HOW_TO_SET = (
    "Set SECRET_KEY in the environment to a random value of at least "
    f"{MIN_SECRET_LENGTH} characters, e.g. "
    "export SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')\""
)


class ConfigError(RuntimeError):
    """The service must not start with this configuration."""


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'review.sqlite3'}")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _flag(name: str) -> bool | None:
    """A yes/no setting, or None when unset (finalize() then picks the default)."""
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")


class Config:
    APP_ENV = os.environ.get("APP_ENV", "development")  # or "production"
    # No default: production must set it; development generates one into SECRET_KEY_FILE.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SECRET_KEY_FILE = Path(os.environ.get("SECRET_KEY_FILE", INSTANCE / "secret_key"))
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BPMN_DIR = Path(os.environ.get("BPMN_DIR", ROOT / "bpmn"))
    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE / "uploads"))
    # Files the background jobs produce (large exports), served only to the job's owner.
    JOB_DIR = Path(os.environ.get("JOB_DIR", INSTANCE / "jobs"))
    # A list export above this many rows becomes a background job (progress bar, download).
    EXPORT_JOB_THRESHOLD = int(os.environ.get("EXPORT_JOB_THRESHOLD", 5000))
    # An import of more data rows than this becomes a background job (progress, report).
    IMPORT_INLINE_ROWS = int(os.environ.get("IMPORT_INLINE_ROWS", 2000))
    # A ticket print batch above this many tickets is rendered by a background job.
    TICKET_INLINE_BATCH = int(os.environ.get("TICKET_INLINE_BATCH", 50))
    # The worker looks for queued jobs this often; a running job whose heartbeat is older
    # than JOB_STALE_SECONDS lost its worker and is queued again when a worker starts.
    JOB_POLL_SECONDS = float(os.environ.get("JOB_POLL_SECONDS", 2))
    JOB_STALE_SECONDS = int(os.environ.get("JOB_STALE_SECONDS", 120))
    MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES + 64 * 1024
    # A spreadsheet import (往年合格库, history, trades, staff roster) may be a province's
    # whole result sheet: 100k rows are ~10 MB of CSV, so these endpoints take up to this.
    MAX_IMPORT_BYTES = int(os.environ.get("MAX_IMPORT_BYTES", 64 * 1024 * 1024))
    # werkzeug's password hash method. Production keeps scrypt (refused otherwise); the test
    # suite logs in thousands of times and configures a cheap one on its own apps.
    PASSWORD_HASH = DEFAULT_PASSWORD_HASH
    # Initial passwords, one per kind of account (handlers/initial_passwords.py states the
    # rule); each logs in once and must then be replaced by one the password policy accepts.
    # Reviewers and policy staff (用户管理, 重置密码):
    DEFAULT_PASSWORD = os.environ.get("DEFAULT_PASSWORD", "Henan@123")
    # An org's admin (添加单位, 初始化密码, 重置密码), the seed's 六个 0:
    ORG_INITIAL_PASSWORD = os.environ.get("ORG_INITIAL_PASSWORD", "000000")
    # A county's 补报 applicant; unset: DEFAULT_PASSWORD.
    SUPPLEMENTARY_INITIAL_PASSWORD = os.environ.get("SUPPLEMENTARY_INITIAL_PASSWORD") or None
    # A title declarant; unset: the seed's last six characters of the ID number, X upper-case.
    DECLARANT_INITIAL_PASSWORD = os.environ.get("DECLARANT_INITIAL_PASSWORD") or None
    TOKEN_MAX_AGE = int(os.environ.get("TOKEN_MAX_AGE", 12 * 3600))
    EXAM_YEAR = int(os.environ["EXAM_YEAR"]) if "EXAM_YEAR" in os.environ else None
    PAGE_SIZE = 20
    # A CJK font for the printable audit trail: a .ttf/.otf, or a .ttc with PDF_FONT_INDEX
    # naming the face (2 = Noto Sans CJK SC in Debian's fonts-noto-cjk).
    PDF_FONT = Path(
        os.environ.get("PDF_FONT", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    )
    PDF_FONT_INDEX = int(os.environ.get("PDF_FONT_INDEX", 2))

    # Failed logins allowed per window (limits' notation), counted per typed account name
    # and per client address; "database://" keeps the counters in our own database.
    LOGIN_ACCOUNT_LIMIT = os.environ.get("LOGIN_ACCOUNT_LIMIT", "5 per 15 minutes")
    LOGIN_ADDRESS_LIMIT = os.environ.get("LOGIN_ADDRESS_LIMIT", "20 per 15 minutes")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or "database://"
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_FIX = int(os.environ.get("PROXY_FIX", 0))

    API_TITLE = "河南省工考报名审核服务 API"
    API_VERSION = "1.0"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
    }
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")  # default: on in production
    PERMANENT_SESSION_LIFETIME = timedelta(hours=float(os.environ.get("SESSION_HOURS", 8)))
    # A session lasts SESSION_HOURS from login, not from the last click: no Set-Cookie on
    # every response (static files included), which would also revive a cookie the browser
    # has just dropped.
    SESSION_REFRESH_EACH_REQUEST = False


def finalize(config: dict[str, Any]) -> None:
    """Settings whose default depends on others (after the overrides are applied)."""
    if config["APP_ENV"] not in ("development", "production"):
        raise ConfigError(f"APP_ENV must be development or production, not {config['APP_ENV']!r}.")
    if config["APP_ENV"] == "production" and config["PASSWORD_HASH"] != DEFAULT_PASSWORD_HASH:
        raise ConfigError(f"PASSWORD_HASH must be {DEFAULT_PASSWORD_HASH} in production.")
    _check_initial_passwords(config)
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = config["APP_ENV"] == "production"
    config["SECRET_KEY"] = secret_key(config)


INITIAL_PASSWORD_KEYS = (
    "DEFAULT_PASSWORD",
    "ORG_INITIAL_PASSWORD",
    "SUPPLEMENTARY_INITIAL_PASSWORD",
    "DECLARANT_INITIAL_PASSWORD",
)
LOGIN_PASSWORD_MAX = 128  # app.platform.schemas.accounts.PASSWORD_MAX: what the login form takes


def _check_initial_passwords(config: Mapping[str, Any]) -> None:
    """An initial password must be one the login accepts, or the accounts it is given to
    could never log in to change it."""
    for key in INITIAL_PASSWORD_KEYS:
        value = config.get(key)
        if key in ("DEFAULT_PASSWORD", "ORG_INITIAL_PASSWORD") and not value:
            raise ConfigError(f"{key} must not be empty.")
        if value and (len(value) > LOGIN_PASSWORD_MAX or not value.isprintable()):
            raise ConfigError(f"{key} must be 1 to {LOGIN_PASSWORD_MAX} printable characters.")


def secret_key(config: Mapping[str, Any]) -> str:
    """The key that signs sessions, CSRF and API tokens; refuses a forgeable one.

    Production must set SECRET_KEY. Elsewhere an unset key is generated once into
    SECRET_KEY_FILE (tests get a throwaway one). Outside TESTING and DEBUG a placeholder or
    short key stops the service, because anyone knowing it can sign in as anybody.
    """
    key = config.get("SECRET_KEY")
    if not key:
        if config["APP_ENV"] == "production":
            raise ConfigError(f"SECRET_KEY is not set and APP_ENV=production. {HOW_TO_SET}.")
        if config.get("TESTING"):
            return secrets.token_urlsafe(48)
        return _key_from_file(Path(config["SECRET_KEY_FILE"]))
    if not (config.get("TESTING") or config.get("DEBUG")):
        _refuse_weak(key)
    return key


def _refuse_weak(key: str) -> None:
    if key.strip().lower() in KNOWN_PLACEHOLDERS:
        raise ConfigError(f"SECRET_KEY is a published placeholder. {HOW_TO_SET}.")
    if len(key) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"SECRET_KEY is shorter than {MIN_SECRET_LENGTH} characters. {HOW_TO_SET}."
        )


def _key_from_file(path: Path) -> str:
    """The key stored at ``path``, created on first use. Created under a temporary name and
    hard-linked into place, which fails if the file exists: workers starting together all end
    up reading the one key that won, never a half-written file.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another worker won the race: use its key
        finally:
            temporary.unlink()
    key = path.read_text().strip()
    if len(key) < MIN_SECRET_LENGTH:
        raise ConfigError(f"{path} holds no usable key: delete it to have a new one generated.")
    return key
