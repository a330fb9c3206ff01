"""专家审查 pages (seed 004): the declarant's 专家申报 (form, status, 提交), the reviewers'
专家审查 (通过 / 退回修改 / 未通过 with a reason), 专家库 (search) and 抽取专家 (city and
province committees: form, result, past draws). Thin: every rule is in
app/titles/services/experts.py and expert_pool.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for

from app.extensions import db
from app.platform.services.errors import Conflict, Invalid, NotFound
from app.platform.web.common import (
    FormError,
    load_form,
    load_query,
    me,
    require_login,
    require_role,
)
from app.platform.web.errors import on_error
from app.titles.schemas.declarations import DeclarationQuery, InboxQuery, TitleActionIn
from app.titles.schemas.experts import DrawIn, ExpertIn, ExpertUpdateIn, PoolQuery
from app.titles.services import declarations, expert_pool, experts
from app.titles.web.labels import TITLE_LABELS
from handlers.titles.vocabulary import EXPERT_STATUS_LABELS, TASK_ACTION_LABELS, TITLE_LEVEL_LABELS
from handlers.vocabulary import REVIEWING_ROLES, Role, Status

bp = Blueprint("experts", __name__)
bp.before_request(require_login)
STAFF = REVIEWING_ROLES
EXPERT_LEVEL_CHOICES = {key: TITLE_LEVEL_LABELS[key] for key in ("deputy_senior", "senior")}
TITLE_ACTION_NAMES = {**TASK_ACTION_LABELS, "return": "退回修改", "reject": "未通过"}


@bp.context_processor
def labels() -> dict:
    return {
        **TITLE_LABELS,
        "EXPERT_LEVELS": EXPERT_LEVEL_CHOICES,
        "EXPERT_STATUSES": EXPERT_STATUS_LABELS,
        "ACTIONS": TITLE_ACTION_NAMES,
    }


@bp.route("/title/expert", methods=["GET", "POST"])
@on_error(render=lambda error: _mine_page(_latest(), request.form, error.fields, 422))
def mine():
    """专家申报: my latest application (form while it is a draft or returned) and 提交."""
    require_role(Role.DECLARANT)
    current = _latest()
    if request.method == "GET":
        return _mine_page(current, _form_of(current), {}, 200)
    data = _filled(request.form)
    if current is None or current.status == Status.REJECTED:
        experts.create_application(db.session(), me(), load_form(ExpertIn(), data))
    else:
        data = load_form(ExpertUpdateIn(), data)
        experts.update_application(db.session(), me(), current.id, data)
    flash("专家申报已保存（未提交）", "success")
    return redirect(url_for("experts.mine"))


@bp.post("/title/expert/<id:expert_id>/submit")
@on_error(redirect_to="experts.mine")
def submit(expert_id: int):
    require_role(Role.DECLARANT)
    experts.submit_application(db.session(), me(), expert_id, current_app.config["BPMN_DIR"])
    flash("专家申报已提交，等待单位审查", "success")
    return redirect(url_for("experts.mine"))


@bp.get("/title/expert-tasks")
def inbox():
    """专家审查: applications waiting for my title role at my org."""
    require_role(*STAFF)
    page = experts.inbox(db.session(), me(), load_query(InboxQuery()))
    return _inbox_page(page, {}, 200)


@bp.post("/title/expert-tasks/<id:task_id>")
@on_error(
    render=lambda error, task_id: _inbox_page(
        experts.inbox(db.session(), me(), {}), {task_id: error.fields}, 422
    )
)
@on_error(redirect_to="experts.inbox", catch=(Conflict,))
def complete(task_id: int):
    """通过 / 退回修改 / 未通过 from the list: a missing reason comes back with the message;
    a task someone else decided meanwhile, the list again."""
    require_role(*STAFF)
    data = load_form(TitleActionIn(), request.form)
    experts.complete_task(db.session(), me(), task_id, data["action"], data["comment"])
    flash(f"已{TITLE_ACTION_NAMES[data['action']]}：专家申报", "success")
    return redirect(url_for("experts.inbox"))


@bp.get("/title/expert-pool")
def pool():
    """专家库: approved experts of my subtree, by series and specialty."""
    require_role(*STAFF)
    filters = load_query(PoolQuery())
    page = expert_pool.search(db.session(), me(), filters)
    return render_template("titles/expert_pool.html", page=page, filters=filters, title="专家库")


@bp.route("/title/expert-draws", methods=["GET", "POST"])
@on_error(  # a refusal (403) is the error page
    render=lambda error: _draws_page(None, error.fields, 422), catch=(FormError, Invalid, NotFound)
)
def draws():
    """抽取专家: the form with its 回避 picker (declarations found by the declarant's name or
    ID number, ``?q=``), the experts just drawn (phones masked) and the past draws."""
    require_role(*STAFF)
    drawn = None
    if request.method == "POST":
        data = load_form(DrawIn(), _filled(request.form, numbers=("count", "declaration_id")))
        drawn = expert_pool.draw(db.session(), me(), data)
        flash(f"已抽取专家{drawn.count}人", "success")
    return _draws_page(drawn, {}, 200)


def _draws_page(drawn: Any, errors: dict[str, str], status: int) -> tuple[str, int]:
    search = load_query(DeclarationQuery())
    candidates = (
        declarations.list_declarations(db.session(), me(), {**search, "per_page": 20}).items
        if search.get("q")
        else []
    )
    past = expert_pool.list_draws(db.session(), me(), {"per_page": 20})
    form = request.form if request.method == "POST" else {"count": 5}
    return (
        render_template(
            "titles/expert_draws.html",
            drawn=drawn,
            past=past,
            form=form,
            q=search.get("q") or "",
            candidates=candidates,
            errors=errors,
            title="抽取专家",
        ),
        status,
    )


@bp.get("/title/expert-draws/<id:draw_id>")
def draw_contacts(draw_id: int):
    """A draw with its experts' full phone numbers, for the committee that drew them; the
    view is audited (403 for anyone else)."""
    require_role(*STAFF)
    record = expert_pool.draw_contacts(db.session(), me(), draw_id)
    return render_template(
        "titles/expert_draw_contacts.html", draw=record, title="抽取专家联系方式"
    )


def _filled(form: Any, numbers: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields the user filled in; ``numbers`` as integers where they read as one (the
    JSON schema is strict), left as text otherwise for the schema to refuse."""
    data: dict[str, Any] = {key: value for key, value in form.items() if value.strip()}
    for name in numbers:
        if name in data and data[name].strip().isdigit():
            data[name] = int(data[name])
    return data


def _latest() -> Any:
    """My latest expert application, or None."""
    latest = experts.list_applications(db.session(), me(), {"per_page": 1}).items
    return latest[0] if latest else None


def _form_of(expert: Any) -> dict[str, Any]:
    if expert is None or expert.status == Status.REJECTED:
        return {"name": me().name, "title_level": "deputy_senior"}
    return {name: getattr(expert, name) or "" for name in experts.FORM_FIELDS}


def _mine_page(expert: Any, form: Any, errors: dict, status: int):
    return (
        render_template(
            "titles/expert_mine.html", expert=expert, form=form, errors=errors, title="专家申报"
        ),
        status,
    )


def _inbox_page(page: Any, errors: dict, status: int):
    return (
        render_template("titles/expert_tasks.html", page=page, errors=errors, title="专家审查"),
        status,
    )
