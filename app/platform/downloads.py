"""How a stored upload (or a generated file: an export, a job's result) is sent back: the type
we recorded, never a guess, and headers that keep a file inert even if it were not what its
type says. The exam's own files (trail, roster, tickets) are sent by ``app.exams.downloads``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from flask import Response, send_file

from app.platform.services.errors import NotFound
from app.platform.services.spreadsheets import XLSX

# Images open in a sandbox that may load nothing but themselves. Chrome and Safari refuse to
# run their PDF viewer in a sandboxed document, so PDFs (rebuilt by pypdf, scripts refused)
# get the same policy without ``sandbox``; both viewers need inline styles for their frame.
_IMAGE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
_PDF_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


class StoredFile(Protocol):
    """A stored file as it is served: an application's upload, a declaration's attachment,
    a plan's PDF."""

    stored_name: str
    original_name: str
    content_type: str


@dataclass(frozen=True)
class StoredPdf:
    """A stored PDF that is not an application's ``Upload`` row (a title plan's attachment),
    served the same way."""

    stored_name: str
    original_name: str
    content_type: str = "application/pdf"


def upload_response(row: StoredFile, upload_dir: Path) -> Response:
    """The file inline (the task page shows images and opens PDFs) under its original name
    (RFC 6266, UTF-8 names included), never cached: personal documents. ``nosniff`` comes
    with every response (``app.platform.security``); the stricter CSP here replaces the pages' one.
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


def export_response(body: bytes, mimetype: str, name: str) -> Response:
    """A generated export as an attachment, never cached (names and ID numbers). ``name``
    may be Chinese: RFC 6266 ``filename*`` carries it, ``filename`` an ASCII fallback."""
    suffix = name.rsplit(".", 1)[-1]
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"export.{suffix}\"; filename*=UTF-8''{quote(name)}"
    )
    response.headers["Content-Security-Policy"] = _PDF_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(body: bytes, name: str) -> Response:
    """A generated Excel file (statistics, templates) as an attachment."""
    return export_response(body, XLSX, name)


def job_file_response(path: Path, name: str) -> Response:
    """A background job's file (jobs.result_file) as an attachment, never cached."""
    response = send_file(path, as_attachment=True, download_name=name, max_age=0)
    response.headers["Content-Security-Policy"] = _PDF_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response
