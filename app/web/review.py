"""Reviewer pages (admins and reviewers): inbox per queue, review records with 退回重新申报,
the application query with its rosters, laid out like the seed's 报名管理 menu.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from app.api.schemas import TrailOut
from app.downloads import trail_pdf_response
from app.extensions import db
from app.schemas import (
    CommentSchema,
    InboxQuerySchema,
    ListQuerySchema,
    RecordsQuerySchema,
    TrailQuerySchema,
)
from app.services import listing, review, trail
from app.services.applications import application_detail
from app.services.errors import ServiceError
from app.web.common import FormError, load_form, load_query, me, reviewers_only, safe_next
from app.web.menu import ROSTERS, queue_title

bp = Blueprint("review", __name__)
bp.before_request(reviewers_only)
RECORD_TITLES = {
    "pass": "审核通过",
    "reject": "审核不通过",
    "return": "审核退回",
    "onsite": "转现场审核",
}


@bp.get("/review/inbox")
def inbox():
    filters = load_query(InboxQuerySchema())
    page = review.inbox(db.session, me(), filters)
    return render_template(
        "review/inbox.html",
        page=page,
        filters=filters,
        title=queue_title(filters["queue"], me().level),
    )


@bp.get("/review/records")
def records():
    filters = load_query(RecordsQuerySchema())
    page = review.records(db.session, me(), filters)
    return render_template(
        "review/records.html", page=page, filters=filters, title=RECORD_TITLES[filters["action"]]
    )


@bp.post("/review/applications/<id:application_id>/reapply")
def reapply(application_id: int):
    """退回重新申报 from 审核不通过: the applicant may edit and submit again this year."""
    try:
        data = load_form(CommentSchema(), request.form)
        application = review.reapply(db.session, me(), application_id, data["comment"])
    except (FormError, ServiceError) as error:
        flash(error.fields.get("comment", error.message), "error")
    else:
        flash(f"已将{application.name}的报名退回重新申报", "success")
    return redirect(url_for("review.records", action="reject"))


@bp.post("/review/applications/<id:application_id>/comments")
def comment(application_id: int):
    """一般备注, from the task page or the application detail; back to where it came from."""
    back = safe_next(
        request.form.get("next"), url_for("review.application", application_id=application_id)
    )
    try:
        data = load_form(CommentSchema(), request.form)
        review.add_comment(db.session, me(), application_id, data["comment"])
    except (FormError, ServiceError) as error:
        flash(error.fields.get("comment", error.message), "error")
    else:
        flash("备注已添加", "success")
    return redirect(back)


@bp.get("/applications")
def applications():
    """报名信息查询, and with ``roster`` the 名册 (终审通过 / 现场审核 / 破格通过)."""
    filters = load_query(ListQuerySchema())
    page = listing.search_applications(db.session, me(), filters)
    title = ROSTERS.get(filters["roster"] or "", "报名信息查询")
    return render_template("review/applications.html", page=page, filters=filters, title=title)


@bp.get("/applications/<id:application_id>/audit-trail")
def audit_trail(application_id: int) -> Response:
    """审计记录 download from the history: the PDF, or with format=json the verifiable file."""
    query = load_query(TrailQuerySchema())
    document = trail.export(db.session, me(), application_id)
    if query["format"] == "pdf":
        return trail_pdf_response(document)
    name = f"audit-trail-{application_id}.json"
    return Response(
        json.dumps(TrailOut().dump(document), ensure_ascii=False, indent=1),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/applications/<id:application_id>")
def application(application_id: int):
    return render_template(
        "review/application.html",
        application=application_detail(db.session, me(), application_id),
    )
