"""System management (seed 2.3 / 3.3): an admin manages the orgs and accounts below it.

What the products keep of an org or an account (an org with applications cannot go, an
account that reviewed can only be deactivated, reviews waiting at an org whose last reviewer
left move on) they registered as ``AccountHooks`` (``app.platform.registry``), which the
views hand in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.platform.models.audit import AuditEvent
from app.platform.models.orgs import Org
from app.platform.models.users import STAFF_ROLES, User
from app.platform.models.workflow import Task
from app.platform.registry import AccountHooks
from app.platform.services import audit
from app.platform.services.auth import hash_password
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.scope import acting_org_id, get_org_in_scope
from app.platform.services.transaction import committing
from handlers.idcard import id_number_problem
from handlers.initial_passwords import (
    ORG_ADMIN,
    STAFF,
    InitialPasswords,
    kind_of,
)
from handlers.orgtree import child_level_problem
from handlers.vocabulary import Lane, Role


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise Forbidden("仅管理员可以操作")


def create_org(
    session: Session,
    admin: User,
    data: dict[str, Any],
    passwords: InitialPasswords,
    hooks: AccountHooks,
) -> Org:
    """Add a subordinate org and its admin account (login = org code), which starts on the
    org admin's initial password (handlers/initial_passwords.py, the seed's 000000) and must
    change it at first login, whichever platform the org is for.

    The org starts approved, unless a product holds it back (``hooks.org_created``): the
    title platform keeps an org given its 证书打印单位名称 (seed 004) pending until the
    superior approves its information (单位信息维护). An exam-registration org (seed 000 has
    no onboarding) is approved at once."""
    require_admin(admin)
    parent = get_org_in_scope(session, admin, data["parent_code"])
    problem = child_level_problem(parent.level, data["level"])
    if problem:
        raise Invalid(problem, {"level": problem})
    if session.scalar(select(exists().where(Org.code == data["code"]))) or session.scalar(
        select(exists().where(User.username == data["code"]))
    ):
        raise Conflict("单位编码已存在", {"code": "单位编码已存在"})
    org = Org(
        code=data["code"],
        name=data["name"],
        level=data["level"],
        parent_id=parent.id,
        path=f"{parent.path}{data['code']}/",
        cert_print_name=data.get("cert_print_name"),
        onboarding_status="approved",
    )
    for created in hooks.org_created:
        created(org)
    with committing(session, "单位编码已存在", {"code": "单位编码已存在"}):
        session.add(org)
        session.flush()
        session.add(
            User(
                username=org.code,
                name=f"{org.name}管理员",
                phone=data.get("admin_phone"),
                role=Role.ADMIN,
                org_id=org.id,
                password_hash=hash_password(passwords.password(ORG_ADMIN)),
            )
        )
    return org


def update_org(session: Session, admin: User, code: str, data: dict[str, Any]) -> Org:
    require_admin(admin)
    org = _subordinate_org(session, admin, code)
    org_admin = session.scalars(select(User).filter_by(org_id=org.id, username=org.code)).first()
    with committing(session):
        org.name = data["name"]
        if data.get("cert_print_name"):
            org.cert_print_name = data["cert_print_name"]
        if org_admin is not None and "admin_phone" in data:
            org_admin.phone = data["admin_phone"]
    return org


def org_admin_account(session: Session, admin: User, code: str) -> User:
    """The admin account (login = org code) of a subordinate org; 404 outside the subtree."""
    require_admin(admin)
    org = _subordinate_org(session, admin, code)
    account = session.scalars(select(User).filter_by(org_id=org.id, username=org.code)).first()
    if account is None:
        raise NotFound("该单位没有管理员账号")
    return account


def update_org_admin(session: Session, admin: User, code: str, data: dict[str, Any]) -> User:
    """编辑信息: a superior edits a subordinate org's admin (name, phone) and its e-mail
    (kept on the org as its contact e-mail: accounts have no e-mail of their own)."""
    account = org_admin_account(session, admin, code)
    with committing(session):
        for key in ("name", "phone"):
            if key in data:
                setattr(account, key, data[key])
        org = account.org
        if "email" in data:
            org.contact_email = data["email"]
        audit.record_subject(
            session,
            f"org:{org.id}",
            admin,
            "org_admin_update",
            details={"username": account.username, "fields": sorted(data)},
        )
    return account


def init_org_password(
    session: Session, admin: User, code: str, passwords: InitialPasswords
) -> User:
    """初始化密码: a subordinate org's admin back to its initial password (the seed's 000000),
    to be changed at next login; its sessions and tokens end (``token_version``)."""
    account = org_admin_account(session, admin, code)
    with committing(session):
        _back_to_initial(account, passwords)
        audit.record_subject(
            session,
            f"org:{account.org_id}",
            admin,
            "org_password_init",
            details={"username": account.username},
        )
        _account_event(session, admin, "reset_password", account)
    return account


def delete_org(session: Session, admin: User, code: str, hooks: AccountHooks) -> None:
    """Only an empty org goes: no child orgs, nothing a product keeps of it (applications),
    no applicants or declarants, no account with history."""
    require_admin(admin)
    org = _subordinate_org(session, admin, code)
    if session.scalar(select(exists().where(Org.parent_id == org.id))):
        raise Conflict("该单位下还有下级单位，不能删除")
    for in_use in hooks.org_in_use:
        message = in_use(session, org)
        if message:
            raise Conflict(message)
    users = list(session.scalars(select(User).filter_by(org_id=org.id)))
    if any(u.is_applicant for u in users):
        raise Conflict("该单位下还有报考人员，不能删除")
    if any(u.is_declarant for u in users):
        raise Conflict("该单位下还有职称申报人，不能删除")
    if any(_has_history(session, u, hooks) for u in users):
        raise Conflict("该单位的账号已有操作记录，不能删除")
    with committing(session, "该单位刚被他人修改，请刷新后重试"):
        for user in users:
            session.delete(user)
        session.delete(org)


def list_users(session: Session, admin: User, org_code: str | None = None) -> list[User]:
    """Admin and reviewer accounts in the admin's subtree (applicants are not managed here)."""
    require_admin(admin)
    query = (
        select(User)
        .join(Org, User.org_id == Org.id)
        .where(
            Org.path.startswith(admin.org.path, autoescape=True),
            User.role.in_((Role.ADMIN, *STAFF_ROLES)),
        )
        .order_by(Org.path, User.role, User.username)
    )
    if org_code:
        query = query.where(Org.code == org_code)
    return list(session.scalars(query))


def create_user(
    session: Session, admin: User, data: dict[str, Any], passwords: InitialPasswords
) -> User:
    """A reviewer account for an org in the admin's subtree, or (a province admin only) a
    policy account at the province, which edits the diagrams and reviews nothing. It starts
    on the staff's initial password, to change at first login."""
    require_admin(admin)
    org = get_org_in_scope(session, admin, data["org_code"])
    role = data.get("role", Role.REVIEWER)
    if role == Role.POLICY and (admin.level != Lane.PROVINCE or org.level != Lane.PROVINCE):
        raise Invalid("政策管理员只能由省级管理员在省级单位创建", {"role": "只能创建审核员"})
    if session.scalar(select(exists().where(User.username == data["username"]))):
        raise Conflict("账号已存在", {"username": "账号已存在"})
    user = User(
        username=data["username"],
        name=data["name"],
        phone=data.get("phone"),
        role=role,
        org_id=org.id,
        password_hash=hash_password(passwords.password(STAFF)),
        approved=org.level != Lane.COUNTY,  # county reviewers wait for the city (seed 3.3.3)
        created_by_id=admin.id,
    )
    with committing(session, "账号已存在", {"username": "账号已存在"}):
        session.add(user)
    return user


def approve_user(session: Session, admin: User, user_id: int) -> User:
    """The city admin lets a new county reviewer log in; a 直管县's reviewer is approved by
    the province, which stands in for the city it lacks."""
    user = _managed_user(session, admin, user_id)
    if acting_org_id(session, user.org, "city") != admin.org_id:
        raise Forbidden("县区审核员由地市管理员审批（直管县由省级管理员审批）")
    with committing(session):
        user.approved = True
        _account_event(session, admin, "approve_user", user)
    return user


def update_user(
    session: Session, admin: User, user_id: int, data: dict[str, Any], hooks: AccountHooks
) -> User:
    """Name, phone, active. Deactivating an org's last reviewer moves the reviews waiting
    there on (``hooks.left``: the exam's ``reroute``): nobody would ever open them."""
    user = _managed_user(session, admin, user_id)
    was_active = user.active
    with committing(session):
        user.name, user.phone, user.active = data["name"], data.get("phone"), data["active"]
        if not user.active:
            user.token_version += 1
        if was_active and not user.active:
            _account_event(session, admin, "deactivate_user", user)
    if was_active and not user.active:
        _left(session, admin, user.org, hooks)
    return user


def delete_user(session: Session, admin: User, user_id: int, hooks: AccountHooks) -> None:
    """Only an account without history goes; if it was its org's last reviewer, the reviews
    waiting there move on (``hooks.left``)."""
    user = _managed_user(session, admin, user_id)
    if user.is_admin:
        raise Conflict("单位管理员账号随单位删除，不能单独删除")
    if _has_history(session, user, hooks):
        raise Conflict("该账号已有操作记录，不能删除，请改为停用")
    org = user.org
    with committing(session):
        session.delete(user)
    _left(session, admin, org, hooks)


def reset_password(
    session: Session, admin: User, user_id: int, passwords: InitialPasswords
) -> User:
    """Back to the initial password of the account's kind (an org's admin: as 初始化密码), to
    be changed at next login; old tokens stop working."""
    user = _managed_user(session, admin, user_id)
    with committing(session):
        _back_to_initial(user, passwords)
        _account_event(session, admin, "reset_password", user)
    return user


def _back_to_initial(user: User, passwords: InitialPasswords) -> None:
    """The account's kind's initial password, a forced change, every session and token ended."""
    kind = kind_of(user.role, user.supplementary)
    user.password_hash = hash_password(passwords.password(kind, user.id_number))
    user.must_change_password = True
    user.token_version += 1


def _account_event(session: Session, admin: User, action: str, user: User) -> None:
    """An account change on the system chain, about ``user:<id>``; login name and name are
    copied into the details so the trail reads the same after the account is renamed."""
    details = {"username": user.username, "name": user.name, "org": user.org.name}
    audit.record_system(session, admin, action, subject=f"user:{user.id}", details=details)


def _left(session: Session, admin: User, org: Org, hooks: AccountHooks) -> None:
    """An account stopped working at ``org``: what the products do about it."""
    for left in hooks.left:
        left(session, admin, org)


def _has_history(session: Session, user: User, hooks: AccountHooks) -> bool:
    """Whether anything the audit trail keeps points at this account: such an account can
    only be deactivated, never deleted, or history would lose who did what."""
    references = (
        AuditEvent.actor_id,
        Task.completed_by_id,
        *hooks.history,
        User.created_by_id,
    )
    return any(session.scalar(select(exists().where(col == user.id))) for col in references)


def _subordinate_org(session: Session, admin: User, code: str) -> Org:
    org = get_org_in_scope(session, admin, code)
    if org.id == admin.org_id:
        raise Forbidden("不能修改或删除本单位，请联系上级管理员")
    return org


def _managed_user(session: Session, admin: User, user_id: int) -> User:
    """A user in the admin's subtree other than the admin; applicants and title declarants
    (managed by their unit on the title platform) excluded."""
    require_admin(admin)
    user = session.get(User, user_id)
    if user is None or user.is_person or not admin.org.contains(user.org):
        raise NotFound("用户不存在")
    if user.id == admin.id:
        raise Forbidden("不能管理自己的账号，请在个人信息中修改")
    return user


def check_id_number(id_number: str) -> None:
    """A new account's ID number must be a real one (birth date, check character)."""
    problem = id_number_problem(id_number)
    if problem:
        raise Invalid(problem, {"id_number": problem})
