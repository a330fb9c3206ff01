"""系统管理 (admins only): subordinate orgs with their admin accounts, reviewer and policy
accounts. The exam adds its 工种目录 and 往年合格库 pages to this blueprint
(``app.exams.web.catalogues``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.extensions import db
from app.platform.context import initial_passwords, registry
from app.platform.schemas.admin import (
    OrgAdminIn,
    OrgSchema,
    OrgUpdateSchema,
    UserSchema,
    UserUpdateSchema,
)
from app.platform.services import admin
from app.platform.services.scope import orgs_in_scope
from app.platform.web.common import load_form, me, require_login, require_role
from app.platform.web.errors import on_error
from handlers.initial_passwords import ORG_ADMIN, STAFF, kind_of
from handlers.vocabulary import ORG_ONBOARDING_LABELS, Role

bp = Blueprint("admin", __name__, url_prefix="/admin")
LEVEL_CHOICES = {"city": "市", "county": "县区", "supervising_unit": "主管单位", "unit": "单位"}


@bp.before_request
def admins_only() -> ResponseReturnValue | None:
    redirect_to_login = require_login()
    if redirect_to_login is not None:
        return redirect_to_login
    require_role(Role.ADMIN)
    return None


def _form_without_blanks() -> dict[str, str]:
    """Optional fields (phones) left empty mean "none", not an invalid value."""
    return {key: value.strip() for key, value in request.form.items() if value.strip()}


@bp.get("/orgs")
def orgs() -> ResponseReturnValue:
    return _render_orgs(errors={}, status=200)


@bp.post("/orgs")
@on_error(render=lambda error: _render_orgs(errors=error.fields, status=422))
def create_org() -> ResponseReturnValue:
    data = load_form(OrgSchema(), _form_without_blanks())
    org = admin.create_org(db.session(), me(), data, initial_passwords(), registry().accounts)
    told = initial_passwords().told(ORG_ADMIN)
    note = f"初始密码 {told}（首次登录须修改"
    if org.onboarding_status == "pending":
        note += "，并完善、提交单位信息待本单位审核"
    flash(f"已添加单位“{org.name}”，管理员账号 {org.code}，{note}）", "success")
    return redirect(url_for("admin.orgs"))


@bp.post("/orgs/<org_code:code>/edit")
@on_error(redirect_to="admin.orgs")
def update_org(code: str) -> ResponseReturnValue:
    admin.update_org(db.session(), me(), code, load_form(OrgUpdateSchema(), _form_without_blanks()))
    flash("单位信息已保存", "success")
    return redirect(url_for("admin.orgs"))


@bp.post("/orgs/<org_code:code>/admin")
@on_error(redirect_to="admin.orgs")
def update_org_admin(code: str) -> ResponseReturnValue:
    """编辑信息: a subordinate org's admin name, phone and e-mail."""
    data = load_form(OrgAdminIn(), _form_without_blanks())
    admin.update_org_admin(db.session(), me(), code, data)
    flash("管理员信息已保存", "success")
    return redirect(url_for("admin.orgs"))


@bp.post("/orgs/<org_code:code>/init-password")
@on_error(redirect_to="admin.orgs")
def init_org_password(code: str) -> ResponseReturnValue:
    """初始化密码 of a subordinate org's admin (its initial password, to change at next login)."""
    account = admin.init_org_password(db.session(), me(), code, initial_passwords())
    told = initial_passwords().told(ORG_ADMIN)
    flash(
        f"已将{account.name}（{account.username}）的密码初始化为 {told}，下次登录须修改", "success"
    )
    return redirect(url_for("admin.orgs"))


@bp.post("/orgs/<org_code:code>/delete")
@on_error(redirect_to="admin.orgs")
def delete_org(code: str) -> ResponseReturnValue:
    admin.delete_org(db.session(), me(), code, registry().accounts)
    flash("单位已删除", "success")
    return redirect(url_for("admin.orgs"))


@bp.get("/users")
def users() -> ResponseReturnValue:
    return _render_users(errors={}, status=200)


@bp.post("/users")
@on_error(render=lambda error: _render_users(errors=error.fields, status=422))
def create_user() -> ResponseReturnValue:
    user = admin.create_user(
        db.session(), me(), load_form(UserSchema(), _form_without_blanks()), initial_passwords()
    )
    told = initial_passwords().told(STAFF)
    flash(f"已添加{user.role_label} {user.username}，初始密码 {told}（首次登录须修改）", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<id:user_id>/edit")
@on_error(redirect_to="admin.users")
def update_user(user_id: int) -> ResponseReturnValue:
    data: dict[str, str | bool] = {**_form_without_blanks(), "active": "active" in request.form}
    changes = load_form(UserUpdateSchema(), data)
    admin.update_user(db.session(), me(), user_id, changes, registry().accounts)
    flash("用户信息已保存", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<id:user_id>/delete")
@on_error(redirect_to="admin.users")
def delete_user(user_id: int) -> ResponseReturnValue:
    admin.delete_user(db.session(), me(), user_id, registry().accounts)
    flash("用户已删除", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<id:user_id>/approve")
@on_error(redirect_to="admin.users")
def approve_user(user_id: int) -> ResponseReturnValue:
    """The city admin lets a new county reviewer log in (seed 3.3.3)."""
    user = admin.approve_user(db.session(), me(), user_id)
    flash(f"审核员 {user.username} 已审批，可以登录", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<id:user_id>/reset-password")
@on_error(redirect_to="admin.users")
def reset_password(user_id: int) -> ResponseReturnValue:
    user = admin.reset_password(db.session(), me(), user_id, initial_passwords())
    told = initial_passwords().told(kind_of(user.role))
    flash(f"账号 {user.username} 的密码已重置为初始密码 {told}，请提醒其登录后立即修改", "success")
    return redirect(url_for("admin.users"))


def _render_orgs(errors: dict[str, str], status: int) -> tuple[str, int]:
    # Org admins log in with their org code: their phone is what the edit form shows.
    org_admins = {
        user.username: user for user in admin.list_users(db.session(), me()) if user.is_admin
    }
    admin_phones = {username: user.phone for username, user in org_admins.items()}
    return render_template(
        "admin/orgs.html",
        ONBOARDING=ORG_ONBOARDING_LABELS,
        orgs=orgs_in_scope(db.session(), me()),
        admin_phones=admin_phones,
        org_admins=org_admins,
        root_depth=me().org.path.count("/"),
        levels=LEVEL_CHOICES,
        errors=errors,
        form=request.form,
    ), status


def _render_users(errors: dict[str, str], status: int) -> tuple[str, int]:
    return render_template(
        "admin/users.html",
        users=admin.list_users(db.session(), me()),
        orgs=orgs_in_scope(db.session(), me()),
        errors=errors,
        form=request.form,
    ), status
