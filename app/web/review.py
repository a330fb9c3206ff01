"""Reviewer pages (admins and reviewers): inbox, task review, review records and the
application query, laid out like the seed's 报名管理 menu.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.extensions import db
from app.schemas import (
    CommentSchema,
    InboxQuerySchema,
    ListQuerySchema,
    RecordsQuerySchema,
    TaskActionSchema,
)
from app.services import listing, review
from app.services.errors import Conflict, ServiceError
from app.services.scope import get_application
from app.web.common import (
    FormError,
    load_form,
    load_query,
    me,
    require_login,
    require_role,
    safe_next,
)

bp = Blueprint("review", __name__)
QUEUE_TITLES = {"manual": "人工审核", "onsite": "现场审核"}
RECORD_TITLES = {
    "pass": "审核通过",
    "reject": "审核不通过",
    "return": "审核退回",
    "onsite": "转现场审核",
}


@bp.before_request
def reviewers_only():
    redirect_to_login = require_login()
    if redirect_to_login is not None:
        return redirect_to_login
    require_role("admin", "reviewer")
    return None


@bp.get("/review/inbox")
def inbox():
    filters = load_query(InboxQuerySchema())
    page = review.inbox(db.session, me(), filters)
    title = QUEUE_TITLES.get(filters["queue"] or "", "本级审核中")
    return render_template("review/inbox.html", page=page, filters=filters, title=title)


@bp.get("/review/records")
def records():
    filters = load_query(RecordsQuerySchema())
    page = review.records(db.session, me(), filters)
    return render_template(
        "review/records.html", page=page, filters=filters, title=RECORD_TITLES[filters["action"]]
    )


@bp.get("/review/tasks/<int:task_id>")
def task(task_id: int):
    return _render_task(task_id, errors={}, status=200)


@bp.post("/review/tasks/<int:task_id>")
def complete(task_id: int):
    """One review decision. Form and rule errors re-show the page; a task someone else
    already handled (409) goes back to the inbox with the reason.
    """
    try:
        data = load_form(TaskActionSchema(), request.form)
        done = review.complete_task(db.session, me(), task_id, data["action"], data["comment"])
    except Conflict as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("review.inbox"))
    except (FormError, ServiceError) as error:
        db.session.rollback()
        flash(error.message, "error")
        return _render_task(task_id, errors=error.fields, status=422)
    flash("操作成功", "success")
    return redirect(url_for("review.inbox", queue=done.queue))


@bp.post("/review/applications/<int:application_id>/comments")
def comment(application_id: int):
    """一般备注, from the task page or the application detail; back to where it came from."""
    back = safe_next(
        request.form.get("next"), url_for("review.application", application_id=application_id)
    )
    try:
        data = load_form(CommentSchema(), request.form)
        review.add_comment(db.session, me(), application_id, data["comment"])
    except (FormError, ServiceError) as error:
        db.session.rollback()
        flash(error.fields.get("comment", error.message), "error")
    else:
        flash("备注已添加", "success")
    return redirect(back)


@bp.get("/applications")
def applications():
    filters = load_query(ListQuerySchema())
    page = listing.search_applications(db.session, me(), filters)
    return render_template("review/applications.html", page=page, filters=filters)


@bp.get("/applications/<int:application_id>")
def application(application_id: int):
    return render_template(
        "review/application.html",
        application=get_application(db.session, me(), application_id),
    )


def _render_task(task_id: int, errors: dict[str, str], status: int) -> tuple[str, int]:
    task = review.get_task(db.session, me(), task_id)
    actionable = task.state == "ready" and task.candidate_org_id == me().org_id
    return render_template(
        "review/task.html",
        task=task,
        application=task.application,
        actions=task.allowed_actions if actionable else [],
        errors=errors,
        form=request.form,
    ), status
