"""Login, logout, password change and who-am-I; the exam adds applicant self-registration to
this blueprint (``app.exams.api.registration``)."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from app.extensions import db
from app.platform.api.blueprint import PENDING_PASSWORD, PUBLIC, Blueprint, current_api_user
from app.platform.models.users import User
from app.platform.schemas.accounts import LoginOut, LoginSchema, PasswordChangeSchema
from app.platform.schemas.admin import UserOut
from app.platform.services import auth as auth_service

blp = Blueprint("api_auth", __name__, description="登录与账号", personal_data=False)


@blp.post("/auth/login")
@blp.access(PUBLIC)
@blp.arguments(LoginSchema)
@blp.response(200, LoginOut)
@blp.alt_response(429, description="登录失败次数过多：`retry_after` 秒后再试（另见 Retry-After）")
def login(data: dict[str, Any]) -> dict[str, Any]:
    """Log in with org code / phone (admins), assigned name (reviewers) or ID number.

    After repeated failures for one account name or from one address every attempt is
    refused with 429 until the window ends, the right password included.
    """
    user = auth_service.authenticate(
        db.session(),
        data["username"],
        data["password"],
        current_app.extensions["login_throttle"],
        request.remote_addr or "",
    )
    token = auth_service.issue_token(user, current_app.config["SECRET_KEY"])
    return {"token": token, "must_change_password": user.must_change_password, "user": user}


@blp.post("/auth/logout")
@blp.access(PENDING_PASSWORD)
@blp.response(204)
def logout() -> None:
    """Log out everywhere: this token, every other token and every web session of the user."""
    auth_service.end_sessions(db.session(), current_api_user())


@blp.post("/auth/password")
@blp.access(PENDING_PASSWORD)
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(data: dict[str, Any]) -> None:
    """Change my password; every token issued before stops working."""
    auth_service.change_password(
        db.session(), current_api_user(), data["old_password"], data["new_password"]
    )


@blp.get("/auth/me")
@blp.access(PENDING_PASSWORD)
@blp.response(200, UserOut)
def me() -> User:
    return current_api_user()
