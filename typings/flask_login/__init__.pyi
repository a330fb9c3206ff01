# The part of Flask-Login 0.6 this project uses: the library ships no types.
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from flask import Flask
from flask.typing import ResponseReturnValue

_F = TypeVar("_F", bound=Callable[..., Any])
_Loader = TypeVar("_Loader", bound=Callable[[str], Any])
_Handler = TypeVar("_Handler", bound=Callable[[], ResponseReturnValue])

class UserMixin:
    @property
    def is_active(self) -> bool: ...
    @property
    def is_authenticated(self) -> bool: ...
    @property
    def is_anonymous(self) -> bool: ...
    def get_id(self) -> str: ...

class LoginManager:
    login_view: str | None
    def __init__(self, app: Flask | None = None, add_context_processor: bool = True) -> None: ...
    def init_app(self, app: Flask, add_context_processor: bool = True) -> None: ...
    def unauthorized(self) -> ResponseReturnValue: ...
    def user_loader(self, callback: _Loader) -> _Loader: ...
    def unauthorized_handler(self, callback: _Handler) -> _Handler: ...

# The loaded user (what the user_loader returned) or an anonymous user, per request.
current_user: Any

def login_user(
    user: Any,
    remember: bool = False,
    duration: timedelta | None = None,
    force: bool = False,
    fresh: bool = True,
) -> bool: ...
def logout_user() -> bool: ...
def login_required(func: _F) -> _F: ...
