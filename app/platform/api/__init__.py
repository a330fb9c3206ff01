"""JSON API under /api (token auth), documented at /api/openapi.json by flask-smorest."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from app.api.schemas import ErrorOut
from app.converters import CONVERTERS, openapi_schema
from app.extensions import csrf


class ReviewApi(Api):
    """flask-smorest Api whose errors go through ``app.errors`` like the rest of the app, and
    whose document describes those errors as they are (``ErrorOut``), as every operation's
    default response."""

    ERROR_SCHEMA = ErrorOut

    def _register_error_handlers(self) -> None:
        pass


def init_app(app: Flask) -> None:
    from app.api import (
        admin,
        applications,
        auth,
        casework,
        definitions,
        experts,
        history,
        incidents,
        instances,
        jobs,
        onboarding,
        qualified,
        seasons,
        statistics,
        tasks,
        tickets,
        title_plans,
        title_transfers,
        titles,
        trades,
    )

    api = ReviewApi(app)
    for converter in CONVERTERS.values():
        api.register_converter(converter, openapi_schema)
    for module in (
        auth,
        applications,
        tasks,
        casework,
        admin,
        instances,
        definitions,
        incidents,
        jobs,
        trades,
        qualified,
        history,
        tickets,
        statistics,
        seasons,
        titles,
        title_plans,
        onboarding,
        title_transfers,
        experts,
    ):
        csrf.exempt(module.blp)  # bearer tokens, never cookies: nothing to forge
        api.register_blueprint(module.blp, url_prefix="/api")
