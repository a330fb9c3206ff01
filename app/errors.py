"""One error mapping for the whole app: JSON under /api, a Chinese page elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.services.errors import ServiceError
from app.web.common import safe_next
from handlers.files import size_message

TITLES = {
    400: "请求有误",
    401: "请先登录",
    403: "没有权限",
    404: "页面不存在",
    409: "操作冲突",
    413: "文件过大",
    422: "填写有误",
    500: "系统错误",
}
API_UPLOADS = frozenset({"api_applications.upload", "api_applications.review_upload"})
TOO_LARGE_BODY = "提交的内容过大"


def init_app(app: Flask) -> None:
    app.register_error_handler(ServiceError, _service_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RequestEntityTooLarge, _too_large)


def json_error(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> tuple[Response, int]:
    body: dict = {"error": code, "message": message}
    if fields:
        body["fields"] = fields
    return jsonify(body), status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _service_error(error: ServiceError):
    if _wants_json():
        return json_error(error.status, error.code, error.message, error.fields)
    return render_template(
        "error.html", title=TITLES.get(error.status, "错误"), message=error.message
    ), error.status


def _http_error(error: HTTPException):
    status = error.code or 500
    if not _wants_json():
        return render_template(
            "error.html", title=TITLES.get(status, "错误"), message=error.description
        ), status
    messages = (getattr(error, "data", None) or {}).get("messages")
    if messages:
        fields = _flatten(messages)
        first = next(iter(fields.items()), ("", "输入有误"))
        return json_error(status, "validation_error", f"{first[0]}: {first[1]}", fields)
    return json_error(
        status, (error.name or "error").lower().replace(" ", "_"), error.description or ""
    )


def _too_large(_error: RequestEntityTooLarge):
    """A body over MAX_CONTENT_LENGTH cannot be read, not even its form fields. An API upload
    names ``file``; an upload form goes back to its page with the limit flashed, so the user
    keeps the page instead of an error (the review task page is known only from the Referer).
    """
    message = size_message(current_app.config["MAX_UPLOAD_BYTES"])
    if request.endpoint in API_UPLOADS:
        return json_error(413, "file_too_large", message, {"file": message})
    if _wants_json():
        return json_error(413, "request_too_large", TOO_LARGE_BODY)
    if request.endpoint == "applicant.upload_files":
        back = url_for("applicant.me_page")
    elif request.endpoint == "tasks.review_upload":
        back = _same_site_referrer() or url_for("review.inbox")
    else:
        return render_template("error.html", title=TITLES[413], message=TOO_LARGE_BODY), 413
    flash(message, "error")
    return redirect(back)


def _same_site_referrer() -> str | None:
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host or referrer.scheme not in ("http", "https"):
        return None
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path, "") or None


def _flatten(messages: dict) -> dict[str, str]:
    """webargs nests messages by location then field: keep field -> first message."""
    fields: dict[str, str] = {}
    for location, per_location in messages.items():
        if not isinstance(per_location, dict):  # e.g. a body that is not JSON at all
            per_location = {location: per_location}
        for field, errors in per_location.items():
            fields[field] = errors[0] if isinstance(errors, list) else str(errors)
    return fields
