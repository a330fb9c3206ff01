"""Login, password change, who-am-I and applicant self-registration."""

from __future__ import annotations

from flask import current_app

from app.api.blueprint import PENDING_PASSWORD, PUBLIC, Blueprint, current_api_user
from app.api.schemas import LoginOut, UserOut
from app.extensions import db
from app.schemas import LoginSchema, PasswordChangeSchema, RegistrationSchema
from app.services import applications
from app.services import auth as auth_service

blp = Blueprint("api_auth", __name__, description="登录与账号")


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
