"""Application factory: the composition root. It reads the configuration, binds the
extensions, then builds the app from what the platform and each product in ``PRODUCTS``
register (``app.platform.registry``): pages, API, commands, menus, job kinds and hooks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from app import exams, governance, platform, titles
from app.config import Config, finalize
from app.extensions import csrf, db, limiter, login_manager, migrate
from app.platform import api, cli, errors, security, web
from app.platform.converters import CONVERTERS
from app.platform.registry import assemble
from app.platform.services.throttle import LoginThrottle

MIGRATIONS = Path(__file__).parent / "migrations"
PRODUCTS = (exams, titles, governance)
"""The products of this house, in the order their menus, names and API tags come."""


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, template_folder=None)  # each package brings its own templates
    app.config.from_object(Config)
    app.config.update(overrides or {})
    finalize(app.config)  # refuses to start with a forgeable SECRET_KEY
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.url_map.converters.update(CONVERTERS)
    _trust_proxies(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    login_manager.init_app(app)
    security.init_app(app)  # before CSRF: an import's larger body limit applies to its form
    csrf.init_app(app)
    limiter.init_app(app)
    app.extensions["login_throttle"] = LoginThrottle.from_config(limiter.limiter, app.config)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)

    registry = assemble([platform.register, *(product.register for product in PRODUCTS)])
    app.extensions["registry"] = registry
    app.config["JOB_RUNNERS"] = registry.job_runners
    api.init_app(app, registry)
    web.init_app(app, registry)
    errors.init_app(app)
    cli.init_app(app, registry)
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_FIX reverse proxies, take the client address and scheme from their
    X-Forwarded-* headers (the login throttle counts per address, HSTS needs https).
    """
    hops = app.config["PROXY_FIX"]
    if hops:
        # Flask's documented way to add WSGI middleware, though it types wsgi_app as a method
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on, WAL so readers never block the single writer, and a busy wait
    so concurrent writers queue instead of failing at once.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
