"""JSON API under /api (token auth), documented at /api/openapi.json by flask-smorest."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from app.extensions import csrf


class ReviewApi(Api):
    """flask-smorest Api whose errors go through ``app.errors`` like the rest of the app."""

    def _register_error_handlers(self) -> None:
        pass


def init_app(app: Flask) -> None:
    from app.api import admin, applications, auth, casework, tasks

    api = ReviewApi(app)
    for blueprint in (auth.blp, applications.blp, tasks.blp, casework.blp, admin.blp):
        csrf.exempt(blueprint)  # bearer tokens, never cookies: nothing to forge
        api.register_blueprint(blueprint, url_prefix="/api")
