"""JSON API under /api (token auth), documented at /api/openapi.json by flask-smorest: the
blueprints the platform and the products registered, in that order."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from app.extensions import csrf
from app.platform.converters import CONVERTERS, openapi_schema
from app.platform.registry import Registry
from app.platform.schemas.common import ErrorOut


class ReviewApi(Api):
    """flask-smorest Api whose errors go through ``app.platform.errors`` like the rest of the
    app, and
    whose document describes those errors as they are (``ErrorOut``), as every operation's
    default response."""

    ERROR_SCHEMA = ErrorOut

    def _register_error_handlers(self) -> None:
        pass


def init_app(app: Flask, registry: Registry) -> None:
    api = ReviewApi(app)
    for converter in CONVERTERS.values():
        api.register_converter(converter, openapi_schema)
    for blueprint in registry.apis:
        csrf.exempt(blueprint)  # bearer tokens, never cookies: nothing to forge
        api.register_blueprint(blueprint, url_prefix="/api")
