"""Flask extensions, created unbound at import and bound in create_app."""

from __future__ import annotations

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


# Request-scoped sessions: objects stay readable after the command commits, so rendering the
# response does not reload every row it touches.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# No route limits of its own: the login throttle drives its strategy (``limiter.limiter``);
# storage from RATELIMIT_STORAGE_URI.
limiter = Limiter(key_func=get_remote_address)
