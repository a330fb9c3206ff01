"""How a stored upload (or a generated audit trail) is sent back: the type we recorded, never a guess, and headers that
keep a file inert even if it were not what its type says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, current_app, send_file

from app.models import Upload
from app.services import trail_pdf
from app.services.errors import NotFound
from app.services.spreadsheets import XLSX_MIMETYPE

# Images open in a sandbox that may load nothing but themselves. Chrome and Safari refuse to
# run their PDF viewer in a sandboxed document, so PDFs (rebuilt by pypdf, scripts refused)
# get the same policy without ``sandbox``; both viewers need inline styles for their frame.
_IMAGE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
_PDF_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def upload_response(row: Upload, upload_dir: Path) -> Response:
    """The file inline (the task page shows images and opens PDFs) under its original name
    (RFC 6266, UTF-8 names included), never cached: personal documents. ``nosniff`` comes
    with every response (``app.security``); the stricter CSP here replaces the pages' one.
    """
    path = upload_dir / row.stored_name
    if not path.is_file():  # removed by an operator: nothing to serve, not a server error
        raise NotFound("文件不存在")
    response = send_file(
        path,
        mimetype=row.content_type,
        download_name=row.original_name,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = (
        _PDF_POLICY if row.content_type == "application/pdf" else _IMAGE_POLICY
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def trail_pdf_response(document: dict[str, Any]) -> Response:
    """An application's printable audit trail (trail_pdf.render) as an attachment; the font
    comes from PDF_FONT / PDF_FONT_INDEX."""
    config = current_app.config
    body = trail_pdf.render(document, config["PDF_FONT"], config["PDF_FONT_INDEX"])
    name = f"audit-trail-{document['application']['id']}.pdf"
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Content-Security-Policy"] = _PDF_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(body: bytes, name: str) -> Response:
    """A generated Excel file (exports, templates) as an attachment named ``name`` (ASCII),
    never cached: it holds personal data of the caller's scope."""
    response = Response(body, mimetype=XLSX_MIMETYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
