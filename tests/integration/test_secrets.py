"""No forgeable credentials: the built-in default key is gone and weak keys stop the service
(issue 7, item 2).
"""

import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import User
from app.platform.services.auth import hash_password
from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import UNIT

OLD_DEFAULT = "dev-only-secret-change-me"
STRONG_KEY = "Yq3vL0m9-8oFz_2aPkR7sT5uW1xC4bN6dE0gH3jK"
ROOT = Path(__file__).resolve().parent.parent.parent


def forged_token(user: User) -> str:
    return URLSafeTimedSerializer(OLD_DEFAULT, salt="api-token").dumps(
        [user.id, user.token_version]
    )


def forged_session_cookies(user: User) -> list[str]:
    """Flask-Login session cookies signed with the old key, old and new id formats."""
    forger = Flask("forger")
    forger.secret_key = OLD_DEFAULT
    serializer = SecureCookieSessionInterface().get_signing_serializer(forger)
    return [
        serializer.dumps({"_user_id": user_id, "_fresh": True})
        for user_id in (str(user.id), f"{user.id}:{user.token_version}")
    ]


def test_credentials_forged_with_the_old_default_are_refused(app, make_app, tmp_path):
    served = make_app()  # no SECRET_KEY, not TESTING: as `make run` starts it
    with app.app_context():
        province = db.session.scalars(select(User).filter_by(username="410000")).one()
    client = served.test_client()
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {forged_token(province)}"})
    assert me.status_code == 401
    for cookie in forged_session_cookies(province):
        browser = served.test_client()
        browser.set_cookie("session", cookie)
        home = browser.get("/")
        assert home.status_code == 302 and "/login" in home.headers["Location"]
    # the generated key is private to the server's user and kept for the next start
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    token = client.post(
        "/api/auth/login", json={"username": UNIT, "password": DEMO_PASSWORD}
    ).get_json()["token"]
    restarted = make_app().test_client()
    again = restarted.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"SECRET_KEY": OLD_DEFAULT}, "placeholder"),
        ({"SECRET_KEY": "changeme"}, "placeholder"),
        ({"SECRET_KEY": "x7Hq2-short-key-9"}, "shorter than 32"),
        ({"SECRET_KEY": None, "APP_ENV": "production"}, "not set"),
    ],
)
def test_the_service_refuses_to_start_with_a_weak_or_missing_key(overrides, reason):
    with pytest.raises(RuntimeError, match="SECRET_KEY") as refused:
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", **overrides})
    message = str(refused.value)
    assert reason in message and "export SECRET_KEY=" in message


def test_only_tests_and_debug_may_use_a_weak_key_while_production_accepts_a_strong_one():
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k"})
    for overrides in ({"TESTING": True}, {"DEBUG": True}):
        app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k", **overrides})
        assert app.secret_key == "k"
    production = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": STRONG_KEY, "APP_ENV": "production"}
    )
    assert production.secret_key == STRONG_KEY


def test_production_hashes_passwords_with_scrypt_only():
    """The suite's cheap hash is a test app's setting; production refuses it, and an app
    that sets nothing stores scrypt hashes."""
    with pytest.raises(RuntimeError, match="PASSWORD_HASH"):
        create_app(
            {
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "SECRET_KEY": STRONG_KEY,
                "APP_ENV": "production",
                "PASSWORD_HASH": "pbkdf2:sha256:1000",
            }
        )
    plain = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": STRONG_KEY})
    with plain.app_context():
        assert hash_password("Strong@2026x").startswith("scrypt:")


def test_session_cookie_secure_follows_the_environment(tmp_path):
    """Cookie settings are read from the environment when the process starts."""
    probe = "from app import create_app; print(create_app().config['SESSION_COOKIE_SECURE'])"
    base = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "sqlite://",
        "SECRET_KEY": STRONG_KEY,
        "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
    }
    cases = [
        ({}, "False"),
        ({"SESSION_COOKIE_SECURE": "1"}, "True"),
        ({"APP_ENV": "production"}, "True"),
        ({"APP_ENV": "production", "SESSION_COOKIE_SECURE": "off"}, "False"),
    ]
    for env, expected in cases:
        done = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.stdout.strip() == expected, (env, done.stderr)


def test_production_marks_the_session_cookie_secure(make_app):
    served = make_app(APP_ENV="production", SECRET_KEY=STRONG_KEY, WTF_CSRF_ENABLED=False)
    response = served.test_client().post(
        "/login", data={"username": UNIT, "password": DEMO_PASSWORD}
    )
    assert "; Secure" in response.headers["Set-Cookie"]
