"""Process governance (流程管理, 流程审计). Policy staff edit, check, try and deploy the
diagram library, migrate running instances and retry failed ones; auditors read instances on
their diagrams. It has no name of its own: its pages show under the account's product (the
exam's, for policy staff). What it adds to the platform is listed in ``register``.
"""

from __future__ import annotations

from flask import Blueprint, redirect, url_for

from app.governance import (
    api,
    menu,
    models,  # noqa: F401  (maps the drafts table)
    web,
)
from app.governance.schemas.labels import FIELD_LABELS
from app.platform.registry import Product, Registry

KEY = "governance"
TEMPLATES = Blueprint("governance_templates", __name__, template_folder="templates")
PRODUCT = Product(
    KEY,
    works_in=menu.works_in_governance,
    home=lambda _user: redirect(url_for("governance.library")),
)


def register(registry: Registry) -> None:
    registry.products.append(PRODUCT)
    registry.add_pages(TEMPLATES, *web.PAGES, product=KEY)
    registry.add_pages(*web.PAGES_WITHOUT_PERSONAL_DATA, product=KEY, personal_data=False)
    registry.apis += api.BLUEPRINTS
    registry.sections += menu.SECTIONS
    registry.entries += menu.ENTRIES
    registry.template_globals.update(web.TEMPLATE_GLOBALS)
    registry.template_filters.update(web.TEMPLATE_FILTERS)
    registry.add_labels(FIELD_LABELS)
