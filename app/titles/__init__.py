"""The professional-title platform (职称管理服务平台, seed 004). Declarants file declarations
that climb the review chain (经办人 then 负责人 at every org) up to the committee; units plan
their declarations, new orgs are onboarded, people transfer, experts are pooled and drawn.
What it adds to the platform is listed in ``register``.
"""

from __future__ import annotations

from flask import Blueprint

from app.platform.registry import AccountHooks, DemoSeed, Product, Registry
from app.titles import (
    api,
    menu,
    models,  # noqa: F401  (maps the title platform's tables)
    web,
)
from app.titles.schemas.labels import FIELD_LABELS
from app.titles.services import demo, onboarding

KEY = "titles"
TEMPLATES = Blueprint("titles_templates", __name__, template_folder="templates")
PRODUCT = Product(
    KEY,
    works_in=menu.works_in_titles,
    name="河南省职称管理服务平台",
    short_name="职称管理服务平台",
    home=web.home,
)


def register(registry: Registry) -> None:
    registry.products.append(PRODUCT)
    registry.add_pages(TEMPLATES, *web.BLUEPRINTS, product=KEY)
    registry.apis += api.BLUEPRINTS
    registry.sections += menu.SECTIONS
    registry.entries += menu.ENTRIES
    registry.template_globals.update(web.TEMPLATE_GLOBALS)
    registry.add_labels(FIELD_LABELS)
    registry.demo_seeds.append(
        DemoSeed(
            KEY,
            demo.seed,
            optional=True,
            help="also the title platform's demo: handlers, leaders and a waiting declaration",
        )
    )
    registry.add_account_hooks(
        AccountHooks(org_created=(onboarding.hold_new_org,), gates=(onboarding.gate_message,))
    )
