"""Login, password change and who-am-I; plus the authentication hook every API blueprint runs."""

from __future__ import annotations

from flask import current_app, g, request

from app.api.blueprint import PENDING_PASSWORD, PUBLIC, Blueprint
from app.api.schemas import LoginOut, UserOut
from app.extensions import db
from app.models import User
from app.schemas import LoginSchema, PasswordChangeSchema, RegistrationSchema
from app.services import applications
from app.services import auth as auth_service
from app.services.errors import AuthFailed, PasswordChangeRequired

blp = Blueprint("api_auth", __name__, description="登录与账号")


def authenticate() -> None:
    """Run before every API view, ahead of argument parsing: a request without a valid token
    is 401 whatever its body, so validation never tells an anonymous caller anything. An
    account that must still replace its initial password may only change it (403 otherwise).
    """
    view = current_app.view_functions.get(request.endpoint or "")
    access = getattr(view, "access", None)
    if view is None or access == PUBLIC:
        return
    user = _token_user()
    if user.must_change_password and access != PENDING_PASSWORD:
        raise PasswordChangeRequired("首次登录或密码重置后须先修改密码")
    g.api_user = user


def current_api_user() -> User:
    """The caller, as ``authenticate`` established it."""
    return g.api_user


def _token_user() -> User:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise AuthFailed("请先登录")
    return auth_service.user_for_token(
        db.session,
        header.removeprefix("Bearer ").strip(),
        current_app.config["SECRET_KEY"],
        current_app.config["TOKEN_MAX_AGE"],
    )


@blp.post("/auth/login")
@blp.access(PUBLIC)
@blp.arguments(LoginSchema)
@blp.response(200, LoginOut)
def login(data: dict):
    """Log in with org code / phone (admins), assigned name (reviewers) or ID number."""
    user = auth_service.authenticate(db.session, data["username"], data["password"])
    token = auth_service.issue_token(user, current_app.config["SECRET_KEY"])
    return {"token": token, "must_change_password": user.must_change_password, "user": user}


@blp.post("/auth/password")
@blp.access(PENDING_PASSWORD)
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(data: dict):
    """Change my password; every token issued before stops working."""
    auth_service.change_password(
        db.session, current_api_user(), data["old_password"], data["new_password"]
    )


@blp.get("/auth/me")
@blp.access(PENDING_PASSWORD)
@blp.response(200, UserOut)
def me():
    return current_api_user()


@blp.post("/applicants/register")
@blp.access(PUBLIC)
@blp.arguments(RegistrationSchema)
@blp.response(201, UserOut)
def register(data: dict):
    """Applicant self-registration; the applicant then logs in with the ID number."""
    return applications.register_applicant(db.session, data)
