"""个人信息: what a user sees of their own account and the contact data they keep up to date
(the password is changed through ``auth.change_password``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.platform.models.users import User
from app.platform.services.errors import Invalid
from app.platform.services.transaction import committing
from handlers.vocabulary import Role


def update_contact(session: Session, user: User, phone: str | None) -> None:
    """Save the user's own phone number. An admin may log in with it, so no two active
    admins share one (the login would be ambiguous)."""
    if phone and user.is_admin and _admin_phone_taken(session, user, phone):
        message = "该手机号已被其他管理员账号使用"
        raise Invalid(message, {"phone": message})
    with committing(session):
        user.phone = phone


def _admin_phone_taken(session: Session, user: User, phone: str) -> bool:
    others = select(func.count(User.id)).where(
        User.phone == phone, User.role == Role.ADMIN, User.active, User.id != user.id
    )
    return bool(session.scalar(others))
