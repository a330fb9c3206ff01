"""One error mapping for the whole app: JSON under /api, a Chinese page elsewhere.

Every answer that is not a success has the same JSON body, ``{error, message, fields}``
(``ErrorOut`` documents it), whatever raised it: a service rule, schema validation, routing
(404/405), Flask-WTF's CSRF check, a too-large body or an unexpected failure.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Flask,
    Response,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.platform import security
from app.platform.context import registry
from app.platform.schemas.labels import named
from app.platform.services.errors import ServiceError
from app.platform.web.common import login_redirect, same_site_referrer
from handlers.files import size_message

TITLES = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "页面不存在",
    405: "不支持的操作",
    409: "操作冲突",
    413: "文件过大",
    422: "填写有误",
    429: "操作过于频繁",
    500: "系统错误",
}
# What to say when the exception carries only werkzeug's English default text.
MESSAGES = {
    400: "请求格式有误，请刷新页面后重试",
    401: "请先登录",
    403: "没有权限执行该操作",
    404: "请求的页面或数据不存在",
    405: "不支持该请求方式",
    413: "提交的内容过大",
    415: "不支持的内容类型",
    429: "操作过于频繁，请稍后再试",
    500: "系统错误，请稍后重试",
}
CSRF_MESSAGE = "页面已过期，请刷新后重新提交"
PUBLIC_FORMS = frozenset({"auth.login", "auth.register"})
"""Forms sent without a session anyway: a stale one of them is only a page to reload."""
SESSION_ENDED_MESSAGE = "登录已过期，请重新登录后继续（已填写的意见会保留）"
# Response headers of an HTTP error worth keeping (405's Allow, 429's Retry-After).
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")
API_UPLOADS = frozenset({"api_applications.upload", "api_applications.review_upload"})


def init_app(app: Flask) -> None:
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    # An unexpected exception is logged by Flask and reaches _http_error as a 500.


def json_error(
    status: int, code: str, message: str, fields: dict[str, str] | None = None, **extra: Any
) -> tuple[Response, int]:
    body: dict[str, Any] = {"error": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(body | extra), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _service_error(error: ServiceError) -> ResponseReturnValue:
    """A rule said no. A throttled request also says when to come back (body and header);
    a refused deploy lists its problems (``extra``)."""
    retry_after = getattr(error, "retry_after", None)
    extra = dict(getattr(error, "extra", None) or {})
    if retry_after is not None:
        extra["retry_after"] = retry_after
    if not _wants_json():
        response = make_response(_page(error.status, error.message))
    else:
        response, _ = json_error(error.status, error.code, error.message, error.fields, **extra)
        if error.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response, error.status


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    if _session_ended(error):
        return login_redirect(SESSION_ENDED_MESSAGE)
    message = _message(error, status)
    body: str | Response
    if not _wants_json():
        body, status = _page(status, message)
    else:
        fields = _validation_fields(error)
        if fields:
            message = named(*next(iter(fields.items())), registry().field_labels)
        body, status = json_error(status, _code(error), message, fields)
    response = make_response(body)
    for name in KEPT_HEADERS:
        value = dict(error.get_headers()).get(name)
        if value:
            response.headers[name] = value
    return response, status


def _session_ended(error: HTTPException) -> bool:
    """A page's form sent after the session expired: its CSRF token has no session to match.
    Logging in again is the way on, not an error page that loses what was typed."""
    return (
        type(error).__name__ == "CSRFError"
        and not _wants_json()
        and not current_user.is_authenticated
        and request.endpoint not in PUBLIC_FORMS
    )


def _message(error: HTTPException, status: int) -> str:
    """Our Chinese text where the exception carries werkzeug's English default."""
    if type(error).__name__ == "CSRFError":
        return CSRF_MESSAGE
    description = error.description or ""
    if description and description != type(error).description and not description.isascii():
        return description
    return MESSAGES.get(status, TITLES.get(status, "请求无法处理"))


def _code(error: HTTPException) -> str:
    # webargs' 422 (flask_smorest's abort) carries the messages in ``data``
    data = getattr(error, "data", None)
    if data and data.get("messages"):
        return "validation_error"
    return (error.name or "error").lower().replace(" ", "_")


def _validation_fields(error: HTTPException) -> dict[str, str]:
    messages = (getattr(error, "data", None) or {}).get("messages")
    return _flatten(messages) if messages else {}


def _page(status: int, message: str) -> tuple[str, int]:
    return render_template("error.html", title=TITLES.get(status, "错误"), message=message), status


def _too_large(_error: RequestEntityTooLarge) -> ResponseReturnValue:
    """A body over MAX_CONTENT_LENGTH cannot be read, not even its form fields. An API upload
    names ``file``; an upload form goes back to its page with the limit flashed, so the user
    keeps the page instead of an error (the review task page is known only from the Referer).
    """
    message = size_message(security.body_limit())
    if request.endpoint in API_UPLOADS | security.IMPORT_UPLOADS and _wants_json():
        return json_error(413, "file_too_large", message, {"file": message})
    if _wants_json():
        return json_error(413, "request_too_large", MESSAGES[413])
    if request.endpoint == "applicant.upload_files":
        back = url_for("applicant.me_page")
    elif request.endpoint == "tasks.review_upload" or request.endpoint in security.IMPORT_UPLOADS:
        back = same_site_referrer() or url_for("review.inbox")
    else:
        return _page(413, MESSAGES[413])
    flash(message, "error")
    return redirect(back)


def _flatten(messages: dict[str, Any]) -> dict[str, str]:
    """webargs nests messages by location then field: keep field -> first message (nested
    fields become dotted paths, e.g. ``appraisals.0.year``)."""
    fields: dict[str, str] = {}
    for location, per_location in messages.items():
        if not isinstance(per_location, dict):  # e.g. a body that is not JSON at all
            per_location = {location: per_location}
        for field, errors in per_location.items():
            fields.update(_leaves(str(field), errors))
    return fields


def _leaves(path: str, errors: Any) -> dict[str, str]:
    if isinstance(errors, dict):
        found: dict[str, str] = {}
        for key, nested in errors.items():
            found.update(_leaves(f"{path}.{key}", nested))
        return found
    if isinstance(errors, list) and errors and not isinstance(errors[0], str):
        return _leaves(path, errors[0])
    return {path: errors[0] if isinstance(errors, list) and errors else str(errors)}
