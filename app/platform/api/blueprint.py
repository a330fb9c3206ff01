"""What every API module builds on: the Blueprint class, which authenticates the caller before
anything else and has a multipart location (form fields and files of one request, so an upload
is one documented schema), and the access marks its authentication reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import flask_smorest
from flask import Request, current_app, g, request
from marshmallow import RAISE, Schema
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from app.extensions import db
from app.platform.context import registry
from app.platform.models.users import User
from app.platform.services import auth as auth_service
from app.platform.services import scope
from app.platform.services.errors import AuthFailed, OrgNotApproved, PasswordChangeRequired

View = TypeVar("View", bound=Callable[..., Any])

PUBLIC = "public"
"""No token: login and self-registration."""
PENDING_PASSWORD = "pending_password"
"""A token whose account must still replace its initial password may call it."""
ONBOARDING = "onboarding"
"""An account whose org a product's gate holds back (the title platform's 单位信息维护 until
approved: ``AccountHooks.gates``) may call it."""


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

    def __init__(self, *args: Any, personal_data: bool = True, **kwargs: Any) -> None:
        """``personal_data=False`` declares that no view of the blueprint reads a person's
        data (login, process governance): the only ones policy staff may call."""
        super().__init__(*args, **kwargs)
        self.personal_data = personal_data
        self.before_request(authenticate)

    def access(self, level: str) -> Callable[[View], View]:
        """Mark a view ``PUBLIC`` (also documented with no security) or ``PENDING_PASSWORD``.
        Views without a mark need a token of an account in good standing."""

        def mark(view: View) -> View:
            view.access = level  # type: ignore[attr-defined]
            return self.doc(security=[])(view) if level == PUBLIC else view

        return mark


def authenticate() -> None:
    """Run before every API view, ahead of argument parsing: a request without a valid token
    is 401 whatever its body, so validation never tells an anonymous caller anything. An
    account that must still replace its initial password may only change it (403 otherwise);
    an account of an org not yet approved (单位信息维护) may only reach the views marked
    ``ONBOARDING`` or ``PENDING_PASSWORD`` (403 ``org_not_approved`` otherwise). A role that
    reads no personal data reaches only blueprints declared free of it (403 otherwise).
    """
    view = current_app.view_functions.get(request.endpoint or "")
    access = getattr(view, "access", None)
    if view is None or access == PUBLIC:
        return
    user = _token_user()
    if user.must_change_password and access != PENDING_PASSWORD:
        raise PasswordChangeRequired("首次登录或密码重置后须先修改密码")
    not_approved = next(filter(None, (gate(user) for gate in registry().accounts.gates)), None)
    if not_approved and access not in (PENDING_PASSWORD, ONBOARDING):
        raise OrgNotApproved(not_approved)
    if getattr(current_app.blueprints.get(request.blueprint or ""), "personal_data", True):
        scope.require_personal_data(user)
    g.api_user = user


def current_api_user() -> User:
    """The caller, as ``authenticate`` established it."""
    user: User = g.api_user
    return user


def _token_user() -> User:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise AuthFailed("请先登录")
    return auth_service.user_for_token(
        db.session(),
        header.removeprefix("Bearer ").strip(),
        current_app.config["SECRET_KEY"],
        current_app.config["TOKEN_MAX_AGE"],
    )
