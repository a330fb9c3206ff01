"""申报计划 pages (seed 004, 三、申报计划): 单位管理 › 申报计划 (list, new / edit / delete /
上报, 详情 with 审批记录), 申报计划审查 (通过 / 撤回 with a reason) and 申报计划统计 (table
and Excel export). Thin: every rule is in app/titles/services/plans.py, plan_review.py and
plan_quota.py."""

from __future__ import annotations

from typing import Any, cast

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from app.extensions import db
from app.platform.downloads import StoredFile, StoredPdf, upload_response, xlsx_response
from app.platform.services import seasons
from app.platform.services.errors import Conflict
from app.platform.services.uploads import FileStore, IncomingFile
from app.platform.web.common import (
    load_form,
    load_query,
    me,
    require_login,
    require_role,
)
from app.platform.web.errors import on_error
from app.titles.schemas.declarations import InboxQuery
from app.titles.schemas.plans import PlanActionIn, PlanFormIn, PlanQuery, PlanStatsQuery
from app.titles.services import plan_quota, plan_review, plans
from app.titles.web.labels import TITLE_LABELS
from handlers import clock
from handlers.titles.vocabulary import TASK_ACTION_LABELS, TITLE_PLAN_STATUS_LABELS
from handlers.vocabulary import REVIEWING_ROLES

bp = Blueprint("title_plans", __name__)
bp.before_request(require_login)
STAFF = REVIEWING_ROLES


@bp.context_processor
def labels() -> dict:
    return {
        **TITLE_LABELS,
        "PLAN_STATUSES": TITLE_PLAN_STATUS_LABELS,
        "ACTIONS": TASK_ACTION_LABELS,
    }


@bp.get("/title/plans")
def index():
    """单位管理 › 申报计划: the subtree's plans; the unit's own drafts can be changed here."""
    require_role(*STAFF)
    filters = load_query(PlanQuery())
    page = plans.list_plans(db.session(), me(), filters)
    return render_template("titles/plans.html", page=page, filters=filters, title="申报计划")


@bp.route("/title/plans/new", methods=["GET", "POST"])
@on_error(render=lambda error: _form_page(None, request.form, error.fields, 422))
def new():
    require_role(*STAFF)
    if request.method == "GET":
        # the title platform's current season (年度管理) names the year plans are written for
        year = seasons.current_year(db.session(), seasons.TITLE, clock.today().year)
        return _form_page(None, {"year": year}, {}, 200)
    plan = plans.create_plan(db.session(), me(), load_form(PlanFormIn(), request.form))
    flash("申报计划已保存（未提交）", "success")
    return redirect(url_for("title_plans.show", plan_id=plan.id))


@bp.route("/title/plans/<id:plan_id>/edit", methods=["GET", "POST"])
def edit(plan_id: int):
    require_role(*STAFF)
    plan = plans.get_plan(db.session(), me(), plan_id)
    if request.method == "GET":
        return _form_page(plan, {**plan.counts, "year": plan.year, "series": plan.series}, {}, 200)
    return _update(plan=plan, plan_id=plan_id)


@on_error(render=lambda error, plan, plan_id: _form_page(plan, request.form, error.fields, 422))
def _update(plan: Any, plan_id: int) -> Any:
    """The edit form sent: a plan that is not found is the error page (``edit``), a refused
    change the form again."""
    data = load_form(PlanFormIn(), request.form)
    plans.update_plan(db.session(), me(), plan_id, data)
    flash("申报计划已修改", "success")
    return redirect(url_for("title_plans.show", plan_id=plan_id))


@bp.get("/title/plans/<id:plan_id>")
def show(plan_id: int):
    """详情 with 审批记录."""
    require_role(*STAFF)
    plan = plans.get_plan(db.session(), me(), plan_id)
    records = plans.records(db.session(), me(), plan_id)
    return render_template(
        "titles/plan.html", plan=plan, records=records, title=f"申报计划（{plan.year}年）"
    )


@bp.post("/title/plans/<id:plan_id>/submit")
@on_error(redirect_to=lambda plan_id: url_for("title_plans.show", plan_id=plan_id))
def submit(plan_id: int):
    require_role(*STAFF)
    plans.submit_plan(db.session(), me(), plan_id, current_app.config["BPMN_DIR"])
    flash("申报计划已上报", "success")
    return redirect(url_for("title_plans.show", plan_id=plan_id))


@bp.post("/title/plans/<id:plan_id>/attachment")
@on_error(redirect_to=lambda plan_id: url_for("title_plans.show", plan_id=plan_id))
def attach(plan_id: int):
    """Upload (or replace) the plan's signed PDF from the 详情 page."""
    require_role(*STAFF)
    file = request.files.get("file")
    content = file.read(current_app.config["MAX_UPLOAD_BYTES"] + 1) if file else b""
    plans.attach_pdf(
        db.session(),
        me(),
        plan_id,
        IncomingFile(file.filename or "" if file else "", content),
        FileStore.from_config(current_app.config),
    )
    flash("附件已上传", "success")
    return redirect(url_for("title_plans.show", plan_id=plan_id))


@bp.get("/title/plans/<id:plan_id>/attachment")
def attachment(plan_id: int):
    require_role(*STAFF)
    stored = StoredPdf(*plans.attachment_names(db.session(), me(), plan_id))
    # cast: the platform's StoredFile protocol declares settable attributes, which a frozen
    # StoredPdf (read-only) does not match though upload_response only reads them
    return upload_response(cast(StoredFile, stored), current_app.config["UPLOAD_DIR"])


@bp.post("/title/plans/<id:plan_id>/delete")
@on_error(redirect_to=lambda plan_id: url_for("title_plans.show", plan_id=plan_id))
def delete(plan_id: int):
    require_role(*STAFF)
    plans.delete_plan(db.session(), me(), plan_id)
    flash("申报计划已删除", "success")
    return redirect(url_for("title_plans.index"))


@bp.get("/title/plan-tasks")
def inbox():
    """申报计划审查: the plans waiting for my role at my org."""
    require_role(*STAFF)
    filters = load_query(InboxQuery())
    page = plan_review.inbox(db.session(), me(), filters)
    return render_template(
        "titles/plan_tasks.html", page=page, filters=filters, errors={}, title="申报计划审查"
    )


@bp.post("/title/plan-tasks/<id:task_id>")
@on_error(render=lambda error, task_id: _tasks_page({task_id: error.fields}))
@on_error(redirect_to="title_plans.inbox", catch=(Conflict,))
def complete(task_id: int):
    """通过 / 撤回 from the list: a missing reason comes back with the list and the message;
    a task someone else decided meanwhile, the list again."""
    require_role(*STAFF)
    data = load_form(PlanActionIn(), request.form)
    plan_review.complete_task(db.session(), me(), task_id, data["action"], data["comment"])
    flash(f"已{TASK_ACTION_LABELS[data['action']]}：申报计划", "success")
    return redirect(url_for("title_plans.inbox"))


def _tasks_page(errors: dict[int, dict[str, str]]) -> tuple[str, int]:
    """申报计划审查 again, the refused row's fields in error."""
    page = plan_review.inbox(db.session(), me(), {})
    return (
        render_template(
            "titles/plan_tasks.html", page=page, filters={}, errors=errors, title="申报计划审查"
        ),
        422,
    )


@bp.get("/title/plan-statistics")
def statistics():
    """申报计划统计 of a node of my subtree, with its Excel export."""
    require_role(*STAFF)
    query = load_query(PlanStatsQuery())
    if query.pop("format") == "xlsx":
        body = plan_quota.export(db.session(), me(), query)
        return xlsx_response(body, "title-plan-statistics.xlsx")
    rows = plan_quota.statistics(db.session(), me(), query)
    return render_template(
        "titles/plan_statistics.html", rows=rows, query=query, title="申报计划统计"
    )


def _form_page(plan, form, errors: dict, status: int):
    return (
        render_template(
            "titles/plan_form.html",
            plan=plan,
            form=form,
            errors=errors,
            title="修改申报计划" if plan else "新增申报计划",
        ),
        status,
    )
