"""Login, password changes and API tokens."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import User
from app.services.errors import AuthFailed, Invalid
from handlers.passwords import password_problem

_TOKEN_SALT = "api-token"


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def authenticate(session: Session, username: str, password: str) -> User:
    """The active user for these credentials. Admins may also log in with their phone."""
    username = username.strip()
    candidates = session.scalars(
        select(User).where(
            or_(
                User.username == username,
                (User.phone == username) & (User.role == "admin"),
            )
        )
    ).all()
    for user in candidates:
        if user.active and check_password_hash(user.password_hash, password):
            if not user.approved:
                raise AuthFailed("账号待地市管理员审批，审批通过后方可登录")
            return user
    raise AuthFailed("账号或密码错误")


def change_password(session: Session, user: User, old_password: str, new_password: str) -> None:
    if not check_password_hash(user.password_hash, old_password):
        raise Invalid("原密码错误", {"old_password": "原密码错误"})
    problem = password_problem(new_password)
    if problem is None and new_password == old_password:
        problem = "新密码不能与原密码相同"
    if problem:
        raise Invalid(problem, {"new_password": problem})
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    user.token_version += 1
    session.commit()


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
