"""Login, password changes, API tokens and the end of sessions.

Every web session and API token carries the user's ``token_version``; bumping it (logout,
password change, reset, deactivation) ends all of them at once.
"""

from __future__ import annotations

import secrets
from functools import cache

from flask import current_app, has_app_context
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import case, or_, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.config import DEFAULT_PASSWORD_HASH
from app.platform.models.users import User
from app.platform.services.errors import AuthFailed, Invalid
from app.platform.services.throttle import LoginThrottle
from app.platform.services.transaction import committing
from handlers.passwords import password_problem
from handlers.vocabulary import Role

_TOKEN_SALT = "api-token"


def hash_password(password: str) -> str:
    """A salted hash by the app's PASSWORD_HASH method (scrypt unless a test app chose a
    cheaper one); verification reads the method from the stored hash."""
    method = current_app.config["PASSWORD_HASH"] if has_app_context() else DEFAULT_PASSWORD_HASH
    return generate_password_hash(password, method=method)


@cache
def _dummy_hash() -> str:
    """What unknown and inactive accounts are checked against, so they cost the same hash
    verification as a real one and answer no faster.
    """
    return hash_password(secrets.token_urlsafe(16))


def authenticate(
    session: Session, username: str, password: str, throttle: LoginThrottle, address: str
) -> User:
    """The active user for these credentials. Admins may also log in with their phone.

    Refused before any checking while the name or the address is throttled; otherwise
    exactly one password hash is verified, whether or not the account exists.
    """
    throttle.check(username, address)
    user = _login_account(session, username.strip())
    valid = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    if user is None or not valid:
        throttle.failed(username, address)
        raise AuthFailed("账号或密码错误")
    throttle.succeeded(username)
    if not user.approved:
        raise AuthFailed("账号待地市管理员审批，审批通过后方可登录")
    return user


def _login_account(session: Session, name: str) -> User | None:
    """The active account logging in as ``name``: its username, else an admin's phone."""
    return session.scalars(
        select(User)
        .where(
            User.active,
            or_(User.username == name, (User.phone == name) & (User.role == Role.ADMIN)),
        )
        .order_by(case((User.username == name, 0), else_=1), User.id)
        .limit(1)
    ).first()


def change_password(session: Session, user: User, old_password: str, new_password: str) -> None:
    """Replace the user's password; every session and token issued before stops working."""
    if not check_password_hash(user.password_hash, old_password):
        raise Invalid("原密码错误", {"old_password": "原密码错误"})
    problem = password_problem(new_password, [user.username, user.id_number])
    if problem is None and new_password == old_password:
        problem = "新密码不能与原密码相同"
    if problem:
        raise Invalid(problem, {"new_password": problem})
    with committing(session):
        user.password_hash = hash_password(new_password)
        user.must_change_password = False
        user.token_version += 1


def end_sessions(session: Session, user: User) -> None:
    """Log the user out everywhere: every session cookie and API token stops working."""
    with committing(session):
        user.token_version += 1


def user_for_session(session: Session, session_id: str) -> User | None:
    """The user a web session was opened for (``User.get_id()``), or None once that session
    has ended: the user logged out, changed password, was reset or deactivated.
    """
    try:
        user_id, version = (int(part) for part in session_id.split(":"))
    except ValueError:  # a session from before versions were stored in it
        return None
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.token_version != version:
        return None
    return user


def issue_token(user: User, secret: str) -> str:
    return URLSafeTimedSerializer(secret, salt=_TOKEN_SALT).dumps([user.id, user.token_version])


def user_for_token(session: Session, token: str, secret: str, max_age: int) -> User:
    """The user a bearer token was issued to, if it is unexpired and not revoked."""
    try:
        user_id, token_version = URLSafeTimedSerializer(secret, salt=_TOKEN_SALT).loads(
            token, max_age=max_age
        )
    except SignatureExpired as exc:
        raise AuthFailed("登录已过期，请重新登录") from exc
    except (BadSignature, ValueError, TypeError) as exc:
        raise AuthFailed("无效的登录凭证") from exc
    user = session.get(User, user_id)
    if user is None or not user.is_active or user.token_version != token_version:
        raise AuthFailed("无效的登录凭证")
    return user
