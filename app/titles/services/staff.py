"""An org admin's people on the title platform (seed 004, 人员管理): the unit's declarants
(单位人员管理) and its reviewers' title role and permissions (审查人员角色分配).

An admin manages the people of its own org only: another org's declarant or reviewer does
not exist for it (404), whatever the tree says, because a declarant's unit is the one that
vouches for them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.platform.models.users import User
from app.platform.services import audit
from app.platform.services.admin import check_id_number, require_admin
from app.platform.services.auth import hash_password
from app.platform.services.errors import Conflict, NotFound
from app.platform.services.transaction import committing
from app.titles.models.declarations import TitleDeclaration, TitleReviewer
from handlers.idcard import mask
from handlers.initial_passwords import DECLARANT as DECLARANT_KIND
from handlers.initial_passwords import InitialPasswords
from handlers.vocabulary import REVIEWING_ROLES, Role

DECLARANT = Role.DECLARANT
TITLE_STAFF_ROLES = REVIEWING_ROLES
"""Accounts that may be given a title role: the org's reviewers, and its admin (a small
unit's admin often is its own 经办人)."""


def list_declarants(session: Session, admin: User) -> list[User]:
    require_admin(admin)
    return list(
        session.scalars(
            select(User)
            .where(User.org_id == admin.org_id, User.role == DECLARANT)
            .order_by(User.created_at, User.id)
        )
    )


def create_declarant(
    session: Session, admin: User, data: dict[str, Any], passwords: InitialPasswords
) -> User:
    """A declarant of the admin's org. They log in with the ID number and start on the
    declarant's initial password (the seed's last six characters of it, X upper-case), to be
    changed at the first login."""
    require_admin(admin)
    check_id_number(data["id_number"])
    if session.scalar(select(exists().where(User.username == data["id_number"]))):
        raise Conflict("该证件号已注册", {"id_number": "该证件号已注册"})
    user = User(
        username=data["id_number"],
        id_number=data["id_number"],
        name=data["name"],
        phone=data.get("phone"),
        role=DECLARANT,
        org_id=admin.org_id,
        password_hash=hash_password(passwords.password(DECLARANT_KIND, data["id_number"])),
        must_change_password=True,
        created_by_id=admin.id,
    )
    with committing(session, "该证件号已注册", {"id_number": "该证件号已注册"}):
        session.add(user)
        session.flush()
        _event(session, admin, "declarant_create", user)
    return user


def update_declarant(session: Session, admin: User, user_id: int, data: dict[str, Any]) -> User:
    user = _declarant(session, admin, user_id)
    with committing(session):
        user.name = data["name"]
        if "phone" in data:
            user.phone = data["phone"]
        _event(session, admin, "declarant_update", user)
    return user


def delete_declarant(session: Session, admin: User, user_id: int) -> None:
    """Only a declarant who never declared goes; one with a declaration keeps its history."""
    user = _declarant(session, admin, user_id)
    if session.scalar(select(exists().where(TitleDeclaration.declarant_id == user.id))):
        raise Conflict("该申报人已有职称申报，不能删除")
    with committing(session):
        _event(session, admin, "declarant_delete", user)
        session.delete(user)


def list_reviewers(session: Session, admin: User) -> list[tuple[User, TitleReviewer | None]]:
    """The org's accounts that may review titles, each with its title role (None: not set)."""
    require_admin(admin)
    rows = session.execute(
        select(User, TitleReviewer)
        .outerjoin(TitleReviewer, TitleReviewer.user_id == User.id)
        .where(User.org_id == admin.org_id, User.role.in_(TITLE_STAFF_ROLES))
        .order_by(User.role, User.username)
    )
    return [(user, reviewer) for user, reviewer in rows]


def set_reviewer(
    session: Session, admin: User, user_id: int, data: dict[str, Any]
) -> TitleReviewer:
    """设置角色 and 设置角色审查权限: the account's role (handler / leader) and the series
    and sections it reviews, replacing what it had."""
    require_admin(admin)
    user = session.get(User, user_id)
    if user is None or user.org_id != admin.org_id or user.role not in TITLE_STAFF_ROLES:
        raise NotFound("审查人员不存在")
    reviewer = session.get(TitleReviewer, user.id) or TitleReviewer(user_id=user.id)
    with committing(session):
        reviewer.role = data["role"]
        reviewer.series = sorted(set(data["series"]))
        reviewer.sections = sorted(set(data["sections"]))
        session.add(reviewer)
        details = {
            "username": user.username,
            "role": reviewer.role,
            "series": reviewer.series,
            "sections": reviewer.sections,
        }
        audit.record_system(
            session, admin, "title_permissions", subject=f"user:{user.id}", details=details
        )
    return reviewer


def _declarant(session: Session, admin: User, user_id: int) -> User:
    require_admin(admin)
    user = session.get(User, user_id)
    if user is None or user.role != DECLARANT or user.org_id != admin.org_id:
        raise NotFound("申报人不存在")
    return user


def _event(session: Session, admin: User, action: str, user: User) -> None:
    """On the system chain, about ``user:<id>``; the ID number masked, as in every list."""
    details = {"username": mask(user.username), "name": user.name, "org": admin.org.name}
    audit.record_system(session, admin, action, subject=f"user:{user.id}", details=details)
