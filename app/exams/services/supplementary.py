"""补报 corrections (seed 3.1.7): a county admin fixes or removes a wrong 补报 entry.

An entry may be corrected (ID number, name, phone, unit) while its person has not submitted an
application: their login is the ID number, and a draft they started takes the corrected name,
ID number and unit with it. It may be deleted while nothing was written under it (no
application, nothing on the audit trail by it); otherwise it can only be corrected. Both are
recorded on the audit trail's system chain, with the values before and after.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.platform.models.audit import AuditEvent
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services import audit
from app.platform.services.admin import check_id_number, require_admin
from app.platform.services.auth import hash_password
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.scope import get_org_in_scope
from app.platform.services.transaction import committing
from handlers.initial_passwords import SUPPLEMENTARY, InitialPasswords
from handlers.vocabulary import Lane, Role

TAKEN = "该身份证号已注册"


def update_supplementary(session: Session, admin: User, user_id: int, data: dict[str, Any]) -> User:
    """Correct the entry (an ID number left out keeps the current one); refused (409) once
    its person has submitted an application."""
    user = _entry(session, admin, user_id)
    id_number = data.get("id_number") or user.username
    applications = _applications(session, user)
    if any(a.submitted_at is not None for a in applications):
        raise Conflict("该人员已提交报名，不能再修改补报信息")
    org = get_org_in_scope(session, admin, data["org_code"])
    if org.level != Lane.UNIT:
        raise Invalid("请选择基层单位", {"org_code": "请选择基层单位"})
    check_id_number(id_number)
    if id_number != user.username and _taken(session, id_number):
        raise Conflict(TAKEN, {"id_number": TAKEN})
    before = _described(user)
    with committing(session, TAKEN):
        if id_number != user.username:
            user.token_version += 1  # the old login name no longer signs anyone in
        user.username = user.id_number = id_number
        user.name, user.phone, user.org_id = data["name"], data.get("phone"), org.id
        for draft in applications:
            draft.id_number, draft.name, draft.org_id = user.id_number, user.name, org.id
        session.flush()
        session.refresh(user, ["org"])
        details = {"before": before, "after": _described(user)}
        audit.record_system(
            session, admin, "update_supplementary", subject=f"user:{user.id}", details=details
        )
    return user


def delete_supplementary(session: Session, admin: User, user_id: int) -> None:
    """Remove an entry nothing was written under (409 otherwise: correct it instead)."""
    user = _entry(session, admin, user_id)
    if _applications(session, user) or session.scalar(
        select(exists().where(AuditEvent.actor_id == user.id))
    ):
        raise Conflict("该人员已填写报名信息，不能删除，可修改其补报信息")
    details = _described(user)
    with committing(session):
        audit.record_system(
            session, admin, "delete_supplementary", subject=f"user:{user.id}", details=details
        )
        session.delete(user)


def submitted_ids(session: Session, users: list[User]) -> set[int]:
    """Which of the listed people have submitted an application (their entry is final)."""
    ids = [user.id for user in users]
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Application.applicant_id).where(
                Application.applicant_id.in_(ids), Application.submitted_at.is_not(None)
            )
        )
    )


def _entry(session: Session, admin: User, user_id: int) -> User:
    """A 补报 account of the county admin's subtree (404 for anything else)."""
    require_admin(admin)
    if admin.level != Lane.COUNTY:
        raise Forbidden("仅县区管理员可以管理补报人员")
    user = session.get(User, user_id)
    if user is None or not user.supplementary or not admin.org.contains(user.org):
        raise NotFound("补报人员不存在")
    return user


def _applications(session: Session, user: User) -> list[Application]:
    return list(session.scalars(select(Application).filter_by(applicant_id=user.id)))


def _taken(session: Session, id_number: str) -> bool:
    return bool(
        session.scalar(
            select(exists().where((User.username == id_number) | (User.id_number == id_number)))
        )
    )


def _described(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "name": user.name,
        "phone": user.phone,
        "org": user.org.name,
    }


def create_supplementary(
    session: Session, admin: User, data: dict[str, Any], passwords: InitialPasswords
) -> User:
    """补报: a county admin creates an applicant account for someone without a social-security
    record; they log in with the ID number and must change the 补报 initial password.
    """
    require_admin(admin)
    if admin.level != Lane.COUNTY:
        raise Forbidden("仅县区管理员可以补报")
    org = get_org_in_scope(session, admin, data["org_code"])
    if org.level != Lane.UNIT:
        raise Invalid("请选择基层单位", {"org_code": "请选择基层单位"})
    check_id_number(data["id_number"])
    if session.scalar(select(exists().where(User.username == data["id_number"]))):
        raise Conflict("该身份证号已注册", {"id_number": "该身份证号已注册"})
    user = User(
        username=data["id_number"],
        id_number=data["id_number"],
        name=data["name"],
        phone=data.get("phone"),
        role=Role.APPLICANT,
        org_id=org.id,
        password_hash=hash_password(passwords.password(SUPPLEMENTARY)),
        supplementary=True,
        created_by_id=admin.id,
    )
    with committing(session, "该身份证号已注册", {"id_number": "该身份证号已注册"}):
        session.add(user)
    return user


def list_supplementary(session: Session, admin: User) -> list[User]:
    require_admin(admin)
    return list(
        session.scalars(
            select(User)
            .join(Org, User.org_id == Org.id)
            .where(User.supplementary, Org.path.startswith(admin.org.path, autoescape=True))
            .order_by(User.created_at.desc(), User.id.desc())
        )
    )
