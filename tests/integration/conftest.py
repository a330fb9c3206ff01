"""Fixtures for tests that need an app configured differently from the shared one."""

from __future__ import annotations

import pytest

from app import create_app
from app.extensions import db


@pytest.fixture()
def make_app(app, tmp_path):
    """``make_app(**config)``: another app on the shared test database (orgs seeded), with its
    own generated-key file, not TESTING unless asked: started as ``make run`` starts it.
    """
    made = []

    def make(**overrides):
        other = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "UPLOAD_DIR": tmp_path / "uploads",
                "SECRET_KEY_FILE": tmp_path / "secret_key",
                "EXAM_YEAR": 2026,
                **overrides,
            }
        )
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture()
def app_context(app):
    """Tests that write rows through the app's session do it in the app's own context."""
    with app.app_context():
        yield
        db.session.remove()
