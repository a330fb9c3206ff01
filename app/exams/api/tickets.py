"""准考证管理: exam sessions (province and city admins), assignment, the ticket list and
printing (admins of the subtree, and applicants their own ticket within the window)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from app.exams.context import settings
from app.exams.downloads import ticket_sheet_response, tickets_pdf_response
from app.exams.schemas.tickets import (
    ExamSessionOut,
    ExamSessionRevisionSchema,
    ExamSessionSchema,
    PrintWindowSchema,
    TicketAssignSchema,
    TicketExportSchema,
    TicketOut,
    TicketPageOut,
    TicketPrintOut,
    TicketPrintSchema,
    TicketQuerySchema,
)
from app.exams.services import (
    exam_sessions,
    ticket_assignment,
    ticket_batches,
    ticket_printing,
    tickets,
)
from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.models.jobs import Job
from app.platform.schemas.jobs import JobOut
from app.platform.services.spreadsheets import XLSX
from handlers.clock import as_stored

blp = Blueprint("api_tickets", __name__, description="准考证管理")

PDF = {
    "200": {
        "description": "The tickets as a PDF, two per A4 page",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}
QUEUED = {
    "description": "Too many for one response: the background job making the file",
    "content": {"application/json": {"schema": JobOut}},
}
BATCH_PDF = {**PDF, "202": QUEUED}
EXPORT = {
    "200": {
        "description": "The filtered 准考证 list as Excel (full ID numbers; audited)",
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
    },
    "202": QUEUED,
}


@blp.get("/exam-sessions")
@blp.response(200, ExamSessionOut(many=True))
def sessions():
    """Exam sessions defined in my subtree or above it."""
    return exam_sessions.list_sessions(db.session(), current_api_user())


@blp.post("/exam-sessions")
@blp.arguments(ExamSessionSchema)
@blp.response(201, ExamSessionOut)
def create_session(data: dict):
    """A new exam session of my org (province and city admins), for this exam year."""
    return exam_sessions.create_session(
        db.session(), current_api_user(), {**data, "year": settings().year}
    )


@blp.put("/exam-sessions/<id:session_id>/print-window")
@blp.arguments(PrintWindowSchema)
@blp.response(200, ExamSessionOut)
def set_print_window(data: dict, session_id: int):
    """开放打印准考证 from ``opens_at`` to ``closes_at`` (times without an offset are Beijing
    time); printing is refused outside it."""
    return exam_sessions.set_print_window(
        db.session(),
        current_api_user(),
        session_id,
        as_stored(data["opens_at"]),
        as_stored(data["closes_at"]),
    )


@blp.patch("/exam-sessions/<id:session_id>")
@blp.arguments(ExamSessionRevisionSchema)
@blp.response(200, ExamSessionOut)
def revise_session(changes: dict, session_id: int):
    """修改考试场次: date, time, site, address or notes (province and city admins of the
    session's org or above). Tickets printed before the change read 待升级 (是否升级打印)
    until printed again."""
    return exam_sessions.revise_session(db.session(), current_api_user(), session_id, changes)


@blp.post("/tickets/assign")
@blp.arguments(TicketAssignSchema)
@blp.response(201, TicketOut(many=True))
def assign(data: dict):
    """编排: the chosen approved applications, or (no ``application_ids``) every approved one of
    the session's trade and grade in my subtree without a ticket, get a ticket number and seat."""
    return ticket_assignment.assign(
        db.session(), current_api_user(), data["session_id"], data["application_ids"]
    )


@blp.get("/tickets")
@blp.arguments(TicketQuerySchema, location="query")
@blp.response(200, TicketPageOut)
def ticket_list(filters: dict):
    """准考证管理 list of my subtree, by ticket number, with 打印情况."""
    return tickets.list_tickets(db.session(), current_api_user(), filters)


@blp.get("/tickets/export")
@blp.arguments(TicketExportSchema, location="query")
@blp.doc(responses=EXPORT)
def export(filters: dict) -> Any:
    """导出Excel of the 准考证 list with its filters, every matching row of my subtree, with the
    seed's columns and full ID numbers (each export is audited). Above EXPORT_JOB_THRESHOLD
    rows: 202 and a background job to follow at /api/jobs/<id>."""
    limit = current_app.config["EXPORT_JOB_THRESHOLD"]
    made = ticket_batches.export_or_queue(db.session(), current_api_user(), filters, limit)
    return _queued(made) if isinstance(made, Job) else ticket_sheet_response(made)


@blp.post("/tickets/print")
@blp.arguments(TicketPrintSchema)
@blp.doc(responses=BATCH_PDF)
def print_batch(data: dict) -> Any:
    """批量打印: the tickets of these applications in one PDF; every print is recorded. Refused
    (409, naming the window) if any ticket's printing window is not open. More than
    TICKET_INLINE_BATCH tickets: 202 and a background job (checked again when it runs)."""
    printed = ticket_batches.print_or_queue(
        db.session(),
        current_api_user(),
        data["application_ids"],
        current_app.config["UPLOAD_DIR"],
        current_app.config["TICKET_INLINE_BATCH"],
    )
    return _queued(printed) if isinstance(printed, Job) else tickets_pdf_response(printed)


@blp.get("/applications/<id:application_id>/ticket")
@blp.response(200, TicketOut)
def ticket(application_id: int):
    """An application's ticket (an applicant: their own)."""
    return tickets.ticket_of(db.session(), current_api_user(), application_id)


@blp.post("/applications/<id:application_id>/ticket/print")
@blp.doc(responses=PDF)
def print_one(application_id: int) -> Response:
    """打印准考证: the application's ticket as a PDF (an applicant: their own), within the
    printing window only; the print is recorded."""
    return _pdf([application_id])


@blp.get("/applications/<id:application_id>/ticket/prints")
@blp.response(200, TicketPrintOut(many=True))
def prints(application_id: int):
    """打印历史 of the application's ticket: who printed it and when."""
    return tickets.print_history(db.session(), current_api_user(), application_id)


def _pdf(application_ids: list[int]) -> Response:
    printed = ticket_printing.print_tickets(
        db.session(), current_api_user(), application_ids, current_app.config["UPLOAD_DIR"]
    )
    return tickets_pdf_response(printed)


def _queued(job: Job) -> tuple[dict, int, dict[str, str]]:
    return JobOut().dump(job), 202, {"Location": f"/api/jobs/{job.id}"}
