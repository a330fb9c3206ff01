"""Login, logout, password change and who-am-I; plus ``current_api_user`` for the others."""

from __future__ import annotations

from flask import Response, current_app, jsonify, request
from flask_smorest import Blueprint

from app.api.schemas import LoginOut, UserOut
from app.extensions import db
from app.models import User
from app.schemas import LoginSchema, PasswordChangeSchema, RegistrationSchema
from app.services import applications
from app.services import auth as auth_service
from app.services.errors import AuthFailed, LoginThrottled, PasswordChangeRequired

blp = Blueprint("api_auth", __name__, description="登录与账号")


def current_api_user() -> User:
    """The user of the request's bearer token; 401 without a valid one, 403 while the
    account still has to replace its initial or reset password.
    """
    user = _token_user()
    if user.must_change_password:
        raise PasswordChangeRequired("首次登录或密码重置后须先修改密码")
    return user


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
@blp.arguments(LoginSchema)
@blp.response(200, LoginOut)
@blp.alt_response(429, description="登录失败次数过多：`retry_after` 秒后再试（另见 Retry-After）")
def login(data: dict):
    """Log in with org code / phone (admins), assigned name (reviewers) or ID number.

    After repeated failures for one account name or from one address every attempt is
    refused with 429 until the window ends, the right password included.
    """
    try:
        user = auth_service.authenticate(
            db.session,
            data["username"],
            data["password"],
            current_app.extensions["login_throttle"],
            request.remote_addr or "",
        )
    except LoginThrottled as error:
        return _throttled(error)
    token = auth_service.issue_token(user, current_app.config["SECRET_KEY"])
    return {"token": token, "must_change_password": user.must_change_password, "user": user}


def _throttled(error: LoginThrottled) -> Response:
    response = jsonify(
        {"error": error.code, "message": error.message, "retry_after": error.retry_after}
    )
    response.status_code = error.status
    response.headers["Retry-After"] = str(error.retry_after)
    return response


@blp.post("/auth/logout")
@blp.response(204)
def logout():
    """Log out everywhere: this token, every other token and every web session of the user."""
    auth_service.end_sessions(db.session, _token_user())


@blp.post("/auth/password")
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
def change_password(data: dict):
    """Change my password; every token issued before stops working."""
    auth_service.change_password(
        db.session, _token_user(), data["old_password"], data["new_password"]
    )


@blp.get("/auth/me")
@blp.response(200, UserOut)
def me():
    return _token_user()


@blp.post("/applicants/register")
@blp.arguments(RegistrationSchema)
@blp.response(201, UserOut)
def register(data: dict):
    """Applicant self-registration; the applicant then logs in with the ID number."""
    return applications.register_applicant(db.session, data)
