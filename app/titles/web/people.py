"""人员管理 pages of the title platform (seed 004, 二、人员管理): 审查人员角色分配 (an org
admin gives its accounts a title role and the series and sections they review, and
enables or disables them), 单位人员管理 (the unit's declarants) and 申报人员状态查询 (the
subtree's declarations, with the committee's 面试通知). Thin: the rules are in
app/titles/services/staff.py, admin.py and declarations.py.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.extensions import db
from app.platform.context import initial_passwords, registry
from app.platform.services import admin
from app.platform.services.errors import NotFound
from app.platform.web.common import (
    load_form,
    load_query,
    me,
    require_login,
    require_role,
)
from app.platform.web.errors import on_error, status_of
from app.titles.schemas.declarations import (
    DeclarantIn,
    DeclarantUpdateIn,
    DeclarationQuery,
    InterviewIn,
    ReviewerPermissionsIn,
)
from app.titles.services import declarations, staff
from app.titles.web.labels import TITLE_LABELS
from handlers.initial_passwords import DECLARANT
from handlers.vocabulary import REVIEWING_ROLES, Role

bp = Blueprint("title_people", __name__)
bp.before_request(require_login)
STAFF = REVIEWING_ROLES


@bp.context_processor
def labels() -> dict:
    return {
        **TITLE_LABELS,
    }


@bp.get("/title/people/reviewers")
def reviewers():
    """审查人员角色分配: my org's accounts with their title role and permissions."""
    require_role(Role.ADMIN)
    rows = staff.list_reviewers(db.session(), me())
    return render_template("titles/people_reviewers.html", rows=rows, title="审查人员角色分配")


@bp.post("/title/people/reviewers/<id:user_id>")
@on_error(redirect_to="title_people.reviewers")
def set_reviewer(user_id: int):
    """设置角色 / 设置角色审查权限 (one form: the role and the series and sections)."""
    require_role(Role.ADMIN)
    form = {
        "role": request.form.get("role", ""),
        "series": request.form.getlist("series"),
        "sections": request.form.getlist("sections"),
    }
    staff.set_reviewer(db.session(), me(), user_id, load_form(ReviewerPermissionsIn(), form))
    flash("角色与审查权限已保存", "success")
    return redirect(url_for("title_people.reviewers"))


@bp.post("/title/people/reviewers/<id:user_id>/active")
@on_error(redirect_to="title_people.reviewers")
def set_active(user_id: int):
    """启用 / 停用 an account of my org (the 用户管理 rule: a disabled account's sessions end)."""
    require_role(Role.ADMIN)
    active = request.form.get("active") == "1"
    account = next(
        (user for user, _ in staff.list_reviewers(db.session(), me()) if user.id == user_id),
        None,
    )
    if account is None:
        raise NotFound("用户不存在")
    data = {"name": account.name, "phone": account.phone, "active": active}
    admin.update_user(db.session(), me(), user_id, data, registry().accounts)
    flash(f"已{'启用' if active else '停用'} {account.username}", "success")
    return redirect(url_for("title_people.reviewers"))


@bp.route("/title/people/declarants", methods=["GET", "POST"])
@on_error(render=lambda error: _declarants_page(error.fields, status_of(error)))
def declarants():
    """单位人员管理: list and add (the declarant's initial password, the seed's 证件号后6位)."""
    require_role(Role.ADMIN)
    if request.method == "POST":
        data = load_form(DeclarantIn(), _without_blanks())
        person = staff.create_declarant(db.session(), me(), data, initial_passwords())
        told = initial_passwords().told(DECLARANT)
        flash(f"已添加申报人 {person.name}，初始密码为{told}（首次登录须修改）", "success")
        return redirect(url_for("title_people.declarants"))
    return _declarants_page({}, 200)


def _declarants_page(errors: dict[str, str], status: int) -> tuple[str, int]:
    people = staff.list_declarants(db.session(), me())
    form = request.form if request.method == "POST" else {}
    return (
        render_template(
            "titles/people_declarants.html",
            people=people,
            form=form,
            errors=errors,
            title="单位人员管理",
        ),
        status,
    )


@bp.post("/title/people/declarants/<id:declarant_id>/edit")
@on_error(redirect_to="title_people.declarants")
def edit_declarant(declarant_id: int):
    require_role(Role.ADMIN)
    data = load_form(DeclarantUpdateIn(), _without_blanks())
    staff.update_declarant(db.session(), me(), declarant_id, data)
    flash("申报人信息已保存", "success")
    return redirect(url_for("title_people.declarants"))


@bp.post("/title/people/declarants/<id:declarant_id>/delete")
@on_error(redirect_to="title_people.declarants")
def delete_declarant(declarant_id: int):
    require_role(Role.ADMIN)
    staff.delete_declarant(db.session(), me(), declarant_id)
    flash("申报人已删除", "success")
    return redirect(url_for("title_people.declarants"))


@bp.get("/title/people/declarations")
def declarations_page():
    """申报人员状态查询: the subtree's declarations, filtered, paged."""
    require_role(*STAFF)
    filters = load_query(DeclarationQuery())
    page = declarations.list_declarations(db.session(), me(), filters)
    return render_template(
        "titles/people_declarations.html", page=page, filters=filters, title="申报人员状态查询"
    )


@bp.get("/title/people/declarations/<id:declaration_id>")
def declaration(declaration_id: int):
    """A declaration as my permissions show it; the committee's org sets 面试通知 here."""
    require_role(*STAFF)
    return _render_declaration(declaration_id, {}, {}, 200)


@bp.post("/title/people/declarations/<id:declaration_id>/interview")
@on_error(
    render=lambda error, declaration_id: _render_declaration(
        declaration_id, request.form, error.fields, status_of(error)
    )
)
def interview(declaration_id: int):
    require_role(*STAFF)
    data = load_form(InterviewIn(), request.form)
    declarations.set_interview(db.session(), me(), declaration_id, data)
    flash("面试通知已发布", "success")
    return redirect(url_for("title_people.declaration", declaration_id=declaration_id))


def _render_declaration(declaration_id: int, form, errors: dict[str, str], status: int):
    view = declarations.declaration_view(db.session(), me(), declaration_id)
    events = declarations.history(db.session(), me(), declaration_id)
    d = view.declaration
    may_set_interview = d.committee_org_id == me().org_id and d.status not in declarations.EDITABLE
    return (
        render_template(
            "titles/people_declaration.html",
            view=view,
            declaration=d,
            events=events,
            form=form,
            errors=errors,
            may_set_interview=may_set_interview,
            title=f"职称申报详情（{d.declarant.name}）",
        ),
        status,
    )


def _without_blanks() -> dict[str, str]:
    return {key: value.strip() for key, value in request.form.items() if value.strip()}
