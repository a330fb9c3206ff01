"""System management: subordinate orgs and reviewer accounts (admins only); the exam adds
its 补报 operations to this blueprint (``app.exams.api.supplementary``)."""

from __future__ import annotations

from typing import Any

from app.extensions import db
from app.platform.api.blueprint import Blueprint, current_api_user
from app.platform.context import initial_passwords, registry
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.schemas.admin import (
    OrgAdminIn,
    OrgAdminOut,
    OrgSchema,
    OrgTreeOut,
    OrgUpdateSchema,
    UserOut,
    UserSchema,
    UserUpdateSchema,
)
from app.platform.services import admin
from app.platform.services.scope import orgs_in_scope

blp = Blueprint("api_admin", __name__, description="系统管理")


@blp.get("/orgs")
@blp.response(200, OrgTreeOut(many=True))
def list_orgs() -> list[Org]:
    """My org and every org below it."""
    user = current_api_user()
    admin.require_admin(user)
    return orgs_in_scope(db.session(), user)


@blp.post("/orgs")
@blp.arguments(OrgSchema)
@blp.response(201, OrgTreeOut)
def create_org(data: dict[str, Any]) -> Org:
    """Add a subordinate org; its admin account's login is the org code and starts on the
    org admin's initial password (ORG_INITIAL_PASSWORD, 000000), to change at first login.
    Besides the plain chain, a county may sit under the province (直管县), a supervising unit
    under the province (省直主管部门) or a city (市直主管部门), and a unit under a city (市直单位).
    With ``cert_print_name`` (a title-platform org) the org is pending until this org approves
    its information; without, it is approved at once."""
    return admin.create_org(
        db.session(), current_api_user(), data, initial_passwords(), registry().accounts
    )


@blp.patch("/orgs/<org_code:code>")
@blp.arguments(OrgUpdateSchema)
@blp.response(200, OrgTreeOut)
def update_org(data: dict[str, Any], code: str) -> Org:
    return admin.update_org(db.session(), current_api_user(), code, data)


@blp.delete("/orgs/<org_code:code>")
@blp.response(204)
def delete_org(code: str) -> None:
    admin.delete_org(db.session(), current_api_user(), code, registry().accounts)


@blp.patch("/orgs/<org_code:code>/admin")
@blp.arguments(OrgAdminIn)
@blp.response(200, OrgAdminOut)
def update_org_admin(data: dict[str, Any], code: str) -> User:
    """编辑信息: a subordinate org's admin contact data (name, phone, e-mail)."""
    return admin.update_org_admin(db.session(), current_api_user(), code, data)


@blp.post("/orgs/<org_code:code>/admin/init-password")
@blp.response(200, OrgAdminOut)
def init_org_password(code: str) -> User:
    """初始化密码: the subordinate org's admin back to the org admin's initial password
    (ORG_INITIAL_PASSWORD, 000000), to change at next login."""
    return admin.init_org_password(db.session(), current_api_user(), code, initial_passwords())


@blp.get("/users")
@blp.response(200, UserOut(many=True))
def list_users() -> list[User]:
    return admin.list_users(db.session(), current_api_user())


@blp.post("/users")
@blp.arguments(UserSchema)
@blp.response(201, UserOut)
def create_user(data: dict[str, Any]) -> User:
    """Add a reviewer account at an org in my subtree; it starts on the staff's initial
    password (DEFAULT_PASSWORD), to change at first login."""
    return admin.create_user(db.session(), current_api_user(), data, initial_passwords())


@blp.patch("/users/<id:user_id>")
@blp.arguments(UserUpdateSchema)
@blp.response(200, UserOut)
def update_user(data: dict[str, Any], user_id: int) -> User:
    return admin.update_user(db.session(), current_api_user(), user_id, data, registry().accounts)


@blp.delete("/users/<id:user_id>")
@blp.response(204)
def delete_user(user_id: int) -> None:
    admin.delete_user(db.session(), current_api_user(), user_id, registry().accounts)


@blp.post("/users/<id:user_id>/reset-password")
@blp.response(200, UserOut)
def reset_password(user_id: int) -> User:
    """Reset to the initial password of the account's kind (an org's admin: 000000; a
    reviewer: DEFAULT_PASSWORD); the user must change it at next login."""
    return admin.reset_password(db.session(), current_api_user(), user_id, initial_passwords())


@blp.post("/users/<id:user_id>/approve")
@blp.response(200, UserOut)
def approve_user(user_id: int) -> User:
    """City admin approves a new county reviewer, who may then log in."""
    return admin.approve_user(db.session(), current_api_user(), user_id)
