"""Server-rendered pages (zh-CN): the blueprints every product registered, session login via
Flask-Login, and what every template may use: the filters that show times, dates and masked
numbers, the sidebar menu and the product's name (``menu.py``), and the globals products add.
"""

from __future__ import annotations

from flask import Flask

from app.extensions import db, login_manager
from app.platform.context import initial_passwords
from app.platform.models.users import User
from app.platform.registry import Registry
from app.platform.services import auth as auth_service
from app.platform.services.scope import orgs_in_scope, place_name
from app.platform.web import menu
from app.platform.web.common import login_redirect, me
from handlers.clock import format_date, format_date_cn, format_time
from handlers.idcard import mask
from handlers.lexicon import AUDIT_LABELS, STATUS_LABELS
from handlers.phones import mask_phone


def init_app(app: Flask, registry: Registry) -> None:
    login_manager.login_view = "auth.login"
    login_manager.unauthorized_handler(login_redirect)

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        return auth_service.user_for_session(db.session(), session_id)

    for blueprint in registry.pages:
        app.register_blueprint(blueprint)
    app.add_template_filter(format_time, "dt")  # every time a person reads: Beijing time
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_date_cn, "date_cn")
    app.add_template_filter(mask, "mask")
    app.add_template_filter(mask_phone, "mask_phone")
    for name, template_filter in registry.template_filters.items():
        app.add_template_filter(template_filter, name)
    app.jinja_env.globals.update(  # globals, so imported macros see them too
        STATUS_LABELS=STATUS_LABELS,
        ACTION_LABELS=AUDIT_LABELS,
        place_name=lambda org: place_name(db.session(), org),
        initial_password=lambda kind: initial_passwords().told(kind),
        scope_orgs=lambda: orgs_in_scope(db.session(), me()),
        menu_sections=menu.sections,
        brand=menu.brand,
        **registry.template_globals,
    )
