"""The title platform's pages: its blueprints, where its people land, and what its templates
use beside the platform's (the declaration form's fields and how a row reads)."""

from __future__ import annotations

from typing import Any

from flask import redirect, url_for
from flask.typing import ResponseReturnValue

from app.platform.models.users import User
from app.titles.menu import title_role
from app.titles.web import declarations, experts, forms, orgs, people, plans
from handlers.titles.form import BASIC_FIELDS, cell_text, row_columns

BLUEPRINTS = (declarations.bp, forms.bp, people.bp, plans.bp, orgs.bp, experts.bp)
TEMPLATE_GLOBALS: dict[str, Any] = {
    "TITLE_BASIC_FIELDS": BASIC_FIELDS,
    "title_row_columns": row_columns,
    "title_cell": cell_text,
}


def home(user: User) -> ResponseReturnValue:
    """A declarant lands on their declaration's status, staff with a title role on 首页待办,
    the admin of a title org without one on 单位信息维护."""
    if user.is_declarant:
        return redirect(url_for("titles.mine"))
    if title_role(user) is not None:
        return redirect(url_for("titles.inbox"))
    return redirect(url_for("orgs.info"))
