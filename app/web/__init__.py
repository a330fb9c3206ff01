"""Server-rendered pages (zh-CN): one blueprint per area, session login via Flask-Login."""

from __future__ import annotations

from flask import Flask

from app.extensions import db, login_manager
from app.models import User


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))
