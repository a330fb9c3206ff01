"""Side processes beside the review: the 容缺后补 list, 市级复核 / 省级标记 records, and the
city's or province's page to start a re-review of approved applications.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from app.exams.menu import RECHECK_TITLES, queue_title
from app.exams.schemas.applications import ListQuerySchema
from app.exams.schemas.casework import RecheckQuerySchema, RecheckStartSchema
from app.exams.schemas.review import TaskActionSchema
from app.exams.services import deferral, rechecks
from app.extensions import db
from app.platform.services import seasons
from app.platform.web.common import (
    as_int,
    form_ids,
    load_form,
    load_query,
    me,
    require_level,
    reviewers_only,
)
from app.platform.web.errors import first_field, on_error
from handlers.exams.materials import may_recheck
from handlers.exams.vocabulary import RECHECK_QUEUES
from handlers.vocabulary import LEVEL_LABELS

bp = Blueprint("casework", __name__, url_prefix="/review")
bp.before_request(reviewers_only)
RECHECK_LEVELS = tuple(RECHECK_QUEUES)


@bp.get("/deferred")
def deferred():
    """容缺后补: every deferred application in scope with its stage and steps so far."""
    filters = seasons.with_season(db.session(), load_query(ListQuerySchema()))
    page = deferral.deferred_cases(db.session(), me(), filters)
    return render_template(
        "casework/deferred.html",
        page=page,
        filters=filters,
        can_recheck=may_recheck(me().level),
        level_labels=LEVEL_LABELS,
        title="容缺后补",
    )


RECHECK_DONE = {
    "no_objection": "已复核：无异议",
    "opinion": "已提出后补复核意见，材料退回补充",
    "cancel_confirm": "已取消补传确认，材料退回补充",
}


@bp.post("/applications/<id:application_id>/deferral/recheck")
@on_error(redirect_to="casework.deferred")
def recheck(application_id: int):
    """容缺后补复核 from the 容缺后补 list (县区及以上): 无异议, 后补复核意见 or 取消确认 (the
    last two with the reason), as the API's recheck."""
    form = {key: value for key, value in request.form.items() if value.strip()}
    data = load_form(TaskActionSchema(), form)
    deferral.recheck(db.session(), me(), application_id, data["action"], data["comment"])
    flash(RECHECK_DONE.get(data["action"], "已处理"), "success")
    return redirect(url_for("casework.deferred"))


@bp.get("/rechecks")
def recheck_records():
    """市级复核记录 (by=city) / 省级标记记录 (by=province): opinions and how they were resolved."""
    by = load_query(RecheckQuerySchema())["by"]
    records = rechecks.recheck_records(db.session(), me(), by)
    return render_template(
        "casework/rechecks.html", records=records, by=by, title=RECHECK_TITLES[by]
    )


@bp.get("/rechecks/new")
def new_recheck():
    """Pick approved applications, or sample a percentage of them, for 市级复核 / 省级标记."""
    require_level(*RECHECK_LEVELS)
    filters = seasons.with_season(db.session(), load_query(ListQuerySchema()))
    page = rechecks.candidates(db.session(), me(), filters)
    return render_template(
        "casework/recheck_new.html", page=page, filters=filters, title=_start_title()
    )


@bp.post("/rechecks")
@on_error(redirect_to="casework.new_recheck", message=first_field)
def start_recheck():
    require_level(*RECHECK_LEVELS)
    ids = form_ids("application_ids")
    percent = request.form.get("sample_percent", "").strip()
    raw: dict[str, list[int | str] | int | str] = {"application_ids": ids} if ids else {}
    if percent:
        raw["sample_percent"] = as_int(percent)
    data = load_form(RecheckStartSchema(), raw)
    started = rechecks.start_rechecks(
        db.session(),
        me(),
        current_app.config["BPMN_DIR"],
        application_ids=data["application_ids"],
        sample_percent=data["sample_percent"],
    )
    if not started:
        flash("没有可发起复核的终审通过报名", "error")
        return redirect(url_for("casework.new_recheck"))
    queue = RECHECK_QUEUES[me().level]
    flash(f"已发起{len(started)}条{queue_title(queue, me().level)}", "success")
    return redirect(url_for("review.inbox", queue=queue))


def _start_title() -> str:
    return "发起" + queue_title(RECHECK_QUEUES[me().level], me().level)
