"""准考证管理 pages: the ticket list of the user's subtree with printing (one or the ticked
rows; a large batch becomes a background job), its Excel export and 打印历史; for province and
city admins the exam sessions (考场设置), their revision, printing window and 编排; for
applicants, printing their own ticket (from 报名信息).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from app.exams.context import settings
from app.exams.downloads import ticket_sheet_response, tickets_pdf_response
from app.exams.schemas.tickets import (
    ExamSessionRevisionSchema,
    ExamSessionSchema,
    PrintWindowSchema,
    TicketExportSchema,
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
from app.platform.models.jobs import Job
from app.platform.web.common import (
    as_int,
    form_ids,
    load_export_query,
    load_form,
    load_query,
    me,
    require_level,
    require_login,
    require_role,
)
from app.platform.web.errors import on_error
from handlers.clock import as_stored, format_date
from handlers.vocabulary import REVIEWING_ROLES, Role

bp = Blueprint("tickets", __name__, url_prefix="/tickets")
bp.before_request(require_login)
STAFF = REVIEWING_ROLES


@bp.get("")
def index():
    """The seed's list (序号 … 操作) with filters, ticked-row printing and per-row actions."""
    require_role(*STAFF)
    filters = tickets.season_filters(db.session(), load_query(TicketQuerySchema()))
    page = tickets.list_tickets(db.session(), me(), filters)
    sessions = exam_sessions.list_sessions(db.session(), me())
    export_args = {
        k: v for k, v in filters.items() if v is not None and k not in ("page", "per_page")
    }
    return render_template(
        "tickets/index.html",
        page=page,
        filters=filters,
        sessions=sessions,
        export_args=export_args,
        title="准考证管理",
    )


@bp.get("/export")
def export() -> ResponseReturnValue:
    """导出Excel of the list with its filters (every page); a large one becomes a job."""
    require_role(*STAFF)
    filters = load_export_query(TicketExportSchema())
    limit = current_app.config["EXPORT_JOB_THRESHOLD"]
    made = ticket_batches.export_or_queue(db.session(), me(), filters, limit)
    if isinstance(made, Job):
        return redirect(url_for("review.job", job_id=made.id))
    return ticket_sheet_response(made)


@bp.post("/print")
@on_error(redirect_to="tickets.index")
def print_selected() -> ResponseReturnValue:
    """打印 of one row or the ticked rows: the PDF, the job page of a large batch, or back to
    the list saying why not."""
    require_role(*STAFF)
    ids = [i for i in form_ids("application_ids") if isinstance(i, int)]
    printed = ticket_batches.print_or_queue(
        db.session(),
        me(),
        ids,
        current_app.config["UPLOAD_DIR"],
        current_app.config["TICKET_INLINE_BATCH"],
    )
    if isinstance(printed, Job):
        return redirect(url_for("review.job", job_id=printed.id))
    return tickets_pdf_response(printed)


@bp.get("/<id:application_id>/prints")
def prints(application_id: int):
    """打印历史 of one ticket."""
    require_role(*STAFF)
    ticket = tickets.ticket_of(db.session(), me(), application_id)
    return render_template("tickets/prints.html", ticket=ticket, title="打印历史")


@bp.post("/mine/<id:application_id>/print")
@on_error(redirect_to="applicant.me_page")
def print_mine(application_id: int) -> ResponseReturnValue:
    """An applicant prints their own ticket within the printing window; outside it, back to
    报名信息 saying why not."""
    require_role(Role.APPLICANT)
    printed = ticket_printing.print_tickets(
        db.session(), me(), [application_id], current_app.config["UPLOAD_DIR"]
    )
    return tickets_pdf_response(printed)


@bp.get("/sessions")
def sessions():
    """考场设置: sessions of this org and below, the form for a new one."""
    _managers_only()
    return _render_sessions(form={}, errors={}, status=200)


@bp.post("/sessions")
@on_error(render=lambda error: _render_sessions(form=_filled(), errors=error.fields, status=422))
def create_session():
    _managers_only()
    raw = {
        key: as_int(value) if key in ("grade", "rooms", "seats_per_room") else value
        for key, value in _filled().items()
    }
    data = load_form(ExamSessionSchema(), raw)
    exam = exam_sessions.create_session(db.session(), me(), {**data, "year": settings().year})
    flash(f"已添加考试场次：{exam.trade} {format_date(exam.exam_date)} {exam.site}", "success")
    return redirect(url_for("tickets.session_page", session_id=exam.id))


@bp.get("/sessions/<id:session_id>")
def session_page(session_id: int):
    """One session: its printing window and 编排 (candidates without a ticket)."""
    _managers_only()
    exam = exam_sessions.get_session(db.session(), me(), session_id)
    candidates = ticket_assignment.unassigned(db.session(), me(), session_id)
    assigned = tickets.list_tickets(db.session(), me(), {"session_id": session_id, "per_page": 100})
    return render_template(
        "tickets/session.html",
        exam=exam,
        candidates=candidates,
        assigned=assigned,
        window=exam_sessions.window_state(exam),
        title="考试场次",
    )


@bp.post("/sessions/<id:session_id>/window")
@on_error(redirect_to=lambda session_id: url_for("tickets.session_page", session_id=session_id))
def set_window(session_id: int):
    """开放打印准考证 (the page's datetime-local inputs are Beijing time)."""
    _managers_only()
    data = load_form(PrintWindowSchema(), _filled())
    exam_sessions.set_print_window(
        db.session(),
        me(),
        session_id,
        as_stored(data["opens_at"]),
        as_stored(data["closes_at"]),
    )
    flash("已设置开放打印准考证时间", "success")
    return redirect(url_for("tickets.session_page", session_id=session_id))


@bp.post("/sessions/<id:session_id>/revise")
@on_error(redirect_to=lambda session_id: url_for("tickets.session_page", session_id=session_id))
def revise(session_id: int):
    """修改考试场次 (what the tickets print); printed tickets then read 待升级."""
    _managers_only()
    form = {key: value.strip() for key, value in request.form.items()}
    raw = {k: v or None for k, v in form.items() if v or k in ("address", "notes")}
    data = load_form(ExamSessionRevisionSchema(), raw)
    before = exam_sessions.get_session(db.session(), me(), session_id).revision
    exam = exam_sessions.revise_session(db.session(), me(), session_id, data)
    changed = exam.revision != before
    flash("已修改考试场次，已打印的准考证需重新打印" if changed else "考试场次未改变", "success")
    return redirect(url_for("tickets.session_page", session_id=session_id))


@bp.post("/sessions/<id:session_id>/assign")
@on_error(redirect_to=lambda session_id: url_for("tickets.session_page", session_id=session_id))
def assign(session_id: int):
    """编排 the ticked candidates, or all of them (按报名顺序)."""
    _managers_only()
    chosen = [i for i in form_ids("application_ids") if isinstance(i, int)]
    everyone = request.form.get("all") == "1"
    if not everyone and not chosen:
        flash("请选择要编排的人员", "error")
        return redirect(url_for("tickets.session_page", session_id=session_id))
    done = ticket_assignment.assign(db.session(), me(), session_id, None if everyone else chosen)
    flash(f"已编排{len(done)}人，生成准考证号", "success")
    return redirect(url_for("tickets.session_page", session_id=session_id))


def _filled() -> dict[str, str]:
    """The form's filled fields, trimmed (a blank one is left out, not invalid)."""
    return {key: value.strip() for key, value in request.form.items() if value.strip()}


def _managers_only() -> None:
    require_role(Role.ADMIN)
    require_level(*exam_sessions.MANAGING_LEVELS)


def _render_sessions(form: dict, errors: dict[str, str], status: int) -> tuple[str, int]:
    return (
        render_template(
            "tickets/sessions.html",
            sessions=exam_sessions.list_sessions(db.session(), me()),
            form=form,
            errors=errors,
            window_state=exam_sessions.window_state,
            title="考场设置",
        ),
        status,
    )
