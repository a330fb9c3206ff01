"""Helpers every web blueprint shares: the current user as a model, form loading that turns
marshmallow and service errors into per-field Chinese messages, and safe redirects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from marshmallow import Schema, ValidationError
from werkzeug.wrappers import Response as BaseResponse

from app.extensions import login_manager
from app.platform.context import registry
from app.platform.models.users import User
from app.platform.schemas.labels import named_all
from app.platform.services.errors import Invalid
from handlers.vocabulary import REVIEWING_ROLES


class FormError(Exception):
    """A form that did not validate: a headline plus ``fields`` for the template."""

    def __init__(self, message: str, fields: dict[str, str]) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields


def me() -> User:
    """Services take a real ``User``, not Flask-Login's proxy. Only views behind a login
    guard call it: an anonymous visitor here is a missing guard, said as such."""
    user = current_user._get_current_object()
    if not isinstance(user, User):
        raise RuntimeError("me() needs a signed-in user: the view lacks a login guard")
    return user


def require_login() -> ResponseReturnValue | None:
    """Blueprint guard: the login page for anonymous visitors, nothing otherwise."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def require_role(*roles: str) -> None:
    if current_user.role not in roles:
        abort(403, "您的账号没有访问该页面的权限")


def require_level(*levels: str) -> None:
    """Pages only some org levels have (e.g. 补报 for counties); services check again."""
    if current_user.org.level not in levels:
        abort(403, "本级单位没有该功能")


def reviewers_only() -> ResponseReturnValue | None:
    """Blueprint guard for the review console: admins and reviewers, logged in."""
    redirect_to_login = require_login()
    if redirect_to_login is not None:
        return redirect_to_login
    require_role(*REVIEWING_ROLES)
    return None


def load_form(schema: Schema, data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate with the shared schema; unknown keys (csrf_token, buttons) are dropped."""
    known = {key: value for key, value in data.items() if key in schema.fields}
    try:
        loaded: dict[str, Any] = schema.load(known)
        return loaded
    except ValidationError as error:
        fields = {name: _first(msgs) for name, msgs in normalized_messages(error).items()}
        raise FormError(form_error_message(fields), fields) from error


def form_error_message(fields: Mapping[str, str]) -> str:
    """The banner over a form: every field in error, by the name the page gives it."""
    return "填写有误：" + (named_all(fields, registry().field_labels) or "请检查输入")


def load_query(schema: Schema) -> dict[str, Any]:
    """List filters from the query string; blanks are ignored and bad values reset to
    defaults with a notice, so a mistyped filter never breaks the page.
    """
    args = {key: value for key, value in request.args.items() if value.strip()}
    loaded: dict[str, Any]
    try:
        loaded = schema.load({k: v for k, v in args.items() if k in schema.fields})
    except ValidationError:
        flash("筛选条件有误，已显示全部数据", "error")
        loaded = schema.load({})
    return loaded


def load_export_query(schema: Schema) -> dict[str, Any]:
    """An export's filters, read strictly: unlike a page (which falls back to everything), a
    file with other rows than the page listed would mislead, so a bad filter is a 422."""
    args: dict[str, Any] = {
        k: v for k, v in request.args.items() if v.strip() and k in schema.fields
    }
    ticked = [v for v in request.args.getlist("ids") if v.strip()]
    if ticked and "ids" in schema.fields:
        args["ids"] = ticked
    try:
        loaded: dict[str, Any] = schema.load(args)
        return loaded
    except ValidationError as error:
        fields = {k: str(v) for k, v in normalized_messages(error).items()}
        raise Invalid("导出条件有误", fields) from error


def as_int(value: str) -> int | str:
    """A form value as the integer it spells in ASCII digits, else unchanged, so the schema
    names the field ("应为整数") instead of ``int()`` failing on "²" or "１２"."""
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() else value


def form_ids(name: str) -> list[int | str]:
    """Every value of a multi-valued form field (ticked rows), as ids where they are ids."""
    return [as_int(value) for value in request.form.getlist(name) if value.strip()]


def safe_next(target: str | None, default: str) -> str:
    """Only same-site paths: an open redirect after login would be a phishing aid. Browsers
    read a backslash as a slash (``/\\evil.example``) and drop tabs and newlines, so neither
    may appear."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    ):
        return target
    return default


def same_site_referrer() -> str | None:
    """The page a request was sent from, when it is one of ours (path and query only)."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or referrer.scheme not in ("http", "https"):
        return None
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path, "") or None


def login_redirect(message: str = "请先登录") -> BaseResponse:
    """The login page for a visitor without a session, coming back afterwards. A form sent
    after the session ended (a POST) comes back to the page it was sent from, not to the
    POST-only address: the reviewer lands on the task again, where form.js restores the
    opinion they had typed."""
    get = request.method == "GET"
    back = request.full_path.rstrip("?") if get else same_site_referrer()
    flash(message, "error")
    return redirect(url_for("auth.login", next=back or None))


def normalized_messages(error: ValidationError) -> dict[str, Any]:
    """A validation error's messages keyed by field (``_schema`` for whole-schema ones)."""
    messages: dict[str, Any] = error.normalized_messages()  # type: ignore[no-untyped-call]  # marshmallow 4 leaves it unannotated
    return messages


def _first(messages: Any) -> str:
    if isinstance(messages, list):
        return str(messages[0])
    if isinstance(messages, dict):
        return _first(next(iter(messages.values())))
    return str(messages)
