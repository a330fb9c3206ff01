"""The title platform's pages (seed 004): the 首页待办 of handlers and leaders with the task
page where they decide, and a declarant's 申报状态 page. The declaration form is in
title_forms.py, the 人员管理 pages in title_people.py."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.extensions import db
from app.platform.services.errors import Conflict
from app.platform.web.common import FormError, load_form, me, require_login, require_role
from app.platform.web.errors import on_error
from app.titles.schemas.declarations import InboxQuery, SectionsReviewedIn, TitleActionIn
from app.titles.services import declarations, plan_review, review, section_reviews, tasks
from app.titles.web.labels import TITLE_LABELS
from handlers.titles.vocabulary import TASK_ACTION_LABELS
from handlers.vocabulary import REVIEWING_ROLES, Role

bp = Blueprint("titles", __name__)
bp.before_request(require_login)
ACTION_LABELS = {**TASK_ACTION_LABELS, "return": "退回修改", "reject": "未通过"}


@bp.context_processor
def labels() -> dict:
    return {
        **TITLE_LABELS,
        "TITLE_ACTIONS": ACTION_LABELS,
    }


@bp.get("/title/tasks")
def inbox():
    """首页待办 of a handler or leader."""
    require_role(*REVIEWING_ROLES)
    filters = load_form(InboxQuery(), request.args)
    page = review.inbox(db.session(), me(), filters)
    reviewer = tasks.reviewer_of(db.session(), me())
    plans = plan_review.inbox(db.session(), me(), {"page": 1, "per_page": 50})
    return render_template(
        "titles/inbox.html",
        page=page,
        filters=filters,
        reviewer=reviewer,
        plans=plans,
        title="首页待办",
    )


@bp.get("/title/tasks/<id:task_id>")
def show(task_id: int):
    require_role(*REVIEWING_ROLES)
    return _render_task(task_id, errors={}, form={}, status=200)


@bp.post("/title/tasks/<id:task_id>")
@on_error(
    render=lambda error, task_id: _render_task(
        task_id, errors=error.fields, form=request.form, status=422
    )
)
@on_error(redirect_to="titles.inbox", catch=(Conflict,))
def complete(task_id: int):
    """One decision: a missing reason re-shows the page; a task someone else handled first
    goes back to the inbox with the reason."""
    require_role(*REVIEWING_ROLES)
    data = load_form(TitleActionIn(), request.form)
    done = review.complete_task(db.session(), me(), task_id, data["action"], data["comment"])
    flash(f"已{ACTION_LABELS[data['action']]}：{done.name}", "success")
    return redirect(url_for("titles.inbox"))


@bp.post("/title/tasks/<id:task_id>/sections")
@on_error(
    render=lambda error, task_id: _render_task(task_id, errors=error.fields, form={}, status=422),
    catch=(FormError,),
)
@on_error(redirect_to="titles.inbox", catch=(Conflict,))
def review_sections(task_id: int):
    """审查通过 of the ticked sections, so that a reviewer of the org permitted the others can
    pass; a section not permitted is the 403 page, a task decided meanwhile the inbox."""
    require_role(*REVIEWING_ROLES)
    data = load_form(SectionsReviewedIn(), {"sections": request.form.getlist("sections")})
    review.mark_sections(db.session(), me(), task_id, data["sections"])
    flash("已记录所选板块审查通过", "success")
    return redirect(url_for("titles.show", task_id=task_id))


@bp.get("/title/mine")
def mine():
    """申报状态: the declarant's declarations with status, committee and interview."""
    require_role(Role.DECLARANT)
    page = declarations.list_declarations(db.session(), me(), {"page": 1, "per_page": 50})
    latest = page.items[0] if page.items else None
    events = declarations.history(db.session(), me(), latest.id) if latest else []
    return render_template(
        "titles/mine.html", page=page, latest=latest, events=events, title="我的职称申报"
    )


def _render_task(task_id: int, errors: dict, form, status: int):
    task, view = review.task_view(db.session(), me(), task_id)
    return (
        render_template(
            "titles/task.html",
            task=task,
            view=view,
            declaration=view.declaration,
            section_reviews=section_reviews.overview(db.session(), task),
            errors=errors,
            form=form,
            title=task.name,
        ),
        status,
    )
