"""One configuration class read from the environment; tests pass overrides to create_app."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'review.sqlite3'}")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-secret-change-me")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BPMN_DIR = Path(os.environ.get("BPMN_DIR", ROOT / "bpmn"))
    UPLOAD_DIR = Path(os.environ.get("UPLOAD_DIR", INSTANCE / "uploads"))
    MAX_UPLOAD_BYTES = int(os.environ.get("MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES + 64 * 1024
    DEFAULT_PASSWORD = os.environ.get("DEFAULT_PASSWORD", "Henan@123")
    TOKEN_MAX_AGE = int(os.environ.get("TOKEN_MAX_AGE", 12 * 3600))
    EXAM_YEAR = int(os.environ["EXAM_YEAR"]) if "EXAM_YEAR" in os.environ else None
    PAGE_SIZE = 20

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
