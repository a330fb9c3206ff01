"""Security headers on every response: pages, API, static files and errors.

A header the view set itself (a download's own Content-Security-Policy or Cache-Control) is
left as it is. The CSP admits only our own origin; inline styles and data:/blob: images are
allowed because the bpmn-js modeler needs them.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
IMPORT_UPLOADS = frozenset(
    {
        "admin.import_qualified",
        "admin.import_trades",
        "history.import_file",
        "statistics.import_roster",
        "api_qualified.import_file",
        "api_history.import_file",
        "api_trades.import_trades",
        "api_statistics.import_roster",
    }
)
"""Endpoints that take a whole spreadsheet: their body may reach MAX_IMPORT_BYTES, every other
request stays under MAX_CONTENT_LENGTH (an ID photo or a PDF of materials)."""


def init_app(app: Flask) -> None:
    """Call before CSRF is set up: the body limit must be raised before CSRF reads the form."""
    app.before_request(import_body_limit)
    app.after_request(secure_headers)


def import_body_limit() -> None:
    if request.endpoint in IMPORT_UPLOADS:
        request.max_content_length = current_app.config["MAX_IMPORT_BYTES"]


def body_limit() -> int:
    """The upload limit of this request, as the 413 message states it."""
    key = "MAX_IMPORT_BYTES" if request.endpoint in IMPORT_UPLOADS else "MAX_UPLOAD_BYTES"
    limit: int = current_app.config[key]
    return limit


def secure_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint != "static":  # pages and API answers carry personal data
        response.headers.setdefault("Cache-Control", "no-store")
    return response
