"""Flask extensions, created unbound at import and bound in create_app."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    if TYPE_CHECKING:  # every model maps one table (SQLAlchemy's own type: any FromClause)
        __table__: ClassVar[Table]


# Request-scoped sessions: objects stay readable after the command commits, so rendering the
# response does not reload every row it touches. Services take a ``Session``: views pass
# ``db.session()``, the app context's session that the ``db.session`` proxy stands for.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

# The base of every model. At run time Flask-SQLAlchemy's ``db.Model`` (``Base`` with its
# bind and table-name mixins); to the type checker ``Base`` itself, as a class attribute of
# an instance cannot be a base class there.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# No route limits of its own: the login throttle drives its strategy (``limiter.limiter``);
# storage from RATELIMIT_STORAGE_URI.
limiter = Limiter(key_func=get_remote_address)
