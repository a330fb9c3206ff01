"""How a stored upload (or a generated audit trail, roster, ticket or list export) is sent
back: the type we recorded, never a guess, and headers that keep a file inert even if it were
not what its type says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from flask import Response, current_app, send_file

from app.models import TitleAttachment, Upload
from app.services import exports, roster_pdf, spreadsheets, ticket_pdf, trail_pdf
from app.services.errors import NotFound
from app.services.exports import Roster
from app.services.spreadsheets import XLSX
from app.services.ticket_export import TicketSheet
from app.services.ticket_printing import PrintedTicket
from handlers.clock import format_date

# Images open in a sandbox that may load nothing but themselves. Chrome and Safari refuse to
# run their PDF viewer in a sandboxed document, so PDFs (rebuilt by pypdf, scripts refused)
# get the same policy without ``sandbox``; both viewers need inline styles for their frame.
_IMAGE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
_PDF_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


@dataclass(frozen=True)
class StoredPdf:
    """A stored PDF that is not an application's ``Upload`` row (a title plan's attachment),
    served the same way."""

    stored_name: str
    original_name: str
    content_type: str = "application/pdf"


def upload_response(row: Upload | TitleAttachment | StoredPdf, upload_dir: Path) -> Response:
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


def roster_response(roster: Roster, file_format: str) -> Response:
    """A roster (exports.roster) as its printable PDF or as Excel."""
    stem = f"{roster.title}-{format_date(roster.day)}"
    if file_format == "pdf":
        config = current_app.config
        body = roster_pdf.render(roster, config["PDF_FONT"], config["PDF_FONT_INDEX"])
        return export_response(body, "application/pdf", f"{stem}.pdf")
    return export_response(exports.roster_xlsx(roster), XLSX, f"{stem}.xlsx")


def job_file_response(path: Path, name: str) -> Response:
    """A background job's file (jobs.result_file) as an attachment, never cached."""
    response = send_file(path, as_attachment=True, download_name=name, max_age=0)
    response.headers["Content-Security-Policy"] = _PDF_POLICY
    response.headers["Cache-Control"] = "private, no-store"
    return response


def export_job_params(query: dict[str, Any]) -> dict[str, Any]:
    """A roster export's request as a job's JSON params: the filters, ticked ids, format."""
    filters = {k: v for k, v in query.items() if k not in ("ids", "format")}
    return {"filters": filters, "ids": query.get("ids"), "format": query["format"]}


def tickets_pdf_response(printed: list[PrintedTicket]) -> Response:
    """Printed admission tickets (ticket_pdf.render) as an attachment: one ticket is named by
    its number, a batch by its size."""
    config = current_app.config
    body = ticket_pdf.render(printed, config["PDF_FONT"], config["PDF_FONT_INDEX"])
    name = (
        f"ticket-{printed[0].ticket.number}.pdf" if len(printed) == 1 else f"tickets-{len(printed)}.pdf"
    )
    return export_response(body, "application/pdf", name)


def ticket_sheet_response(sheet: TicketSheet) -> Response:
    """The 准考证 list export (ticket_export.sheet) as Excel."""
    body = spreadsheets.xlsx_bytes(sheet.title, sheet.headers, sheet.rows)
    return xlsx_response(body, sheet.file_name)
