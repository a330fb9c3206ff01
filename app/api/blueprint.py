"""What every API module builds on: the Blueprint class (with a multipart location that reads
form fields and files together, so an upload is one documented schema) and the access marks the
authentication hook reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import flask_smorest
from flask import Request
from marshmallow import RAISE, Schema
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

View = TypeVar("View", bound=Callable[..., Any])

PUBLIC = "public"
"""No token: login and self-registration."""
PENDING_PASSWORD = "pending_password"
"""A token whose account must still replace its initial password may call it."""


class Parser(FlaskParser):
    """webargs' Flask parser plus ``multipart``: form fields and files of one request."""

    __location_map__ = {**FlaskParser.__location_map__, "multipart": "load_multipart"}
    DEFAULT_UNKNOWN_BY_LOCATION = {
        **FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
        "multipart": RAISE,
    }

    def load_multipart(self, req: Request, schema: Schema) -> Any:
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = Parser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }

    def access(self, level: str) -> Callable[[View], View]:
        """Mark a view ``PUBLIC`` (also documented with no security) or ``PENDING_PASSWORD``.
        Views without a mark need a token of an account in good standing."""

        def mark(view: View) -> View:
            view.access = level  # type: ignore[attr-defined]
            return self.doc(security=[])(view) if level == PUBLIC else view

        return mark
