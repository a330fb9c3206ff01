"""How the exam's generated files are sent back: an application's audit trail as PDF, a roster
(PDF or Excel), printed admission tickets and the 准考证 list, through the platform's
``app.platform.downloads``."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from app.exams.services import exports, roster_pdf, ticket_pdf, trail_pdf
from app.exams.services.exports import Roster
from app.exams.services.ticket_export import TicketSheet
from app.exams.services.ticket_printing import PrintedTicket
from app.platform.downloads import _PDF_POLICY, export_response, xlsx_response
from app.platform.services import spreadsheets
from app.platform.services.spreadsheets import XLSX
from handlers.clock import format_date


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


def roster_response(roster: Roster, file_format: str) -> Response:
    """A roster (exports.roster) as its printable PDF or as Excel."""
    stem = f"{roster.title}-{format_date(roster.day)}"
    if file_format == "pdf":
        config = current_app.config
        body = roster_pdf.render(roster, config["PDF_FONT"], config["PDF_FONT_INDEX"])
        return export_response(body, "application/pdf", f"{stem}.pdf")
    return export_response(exports.roster_xlsx(roster), XLSX, f"{stem}.xlsx")


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
        f"ticket-{printed[0].ticket.number}.pdf"
        if len(printed) == 1
        else f"tickets-{len(printed)}.pdf"
    )
    return export_response(body, "application/pdf", name)


def ticket_sheet_response(sheet: TicketSheet) -> Response:
    """The 准考证 list export (ticket_export.sheet) as Excel."""
    body = spreadsheets.xlsx_bytes(sheet.title, sheet.headers, sheet.rows)
    return xlsx_response(body, sheet.file_name)
