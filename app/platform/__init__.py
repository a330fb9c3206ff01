"""The platform: what every product builds on and none owns. Accounts and login, the org tree
and its scoping, the audit chain, the engine's bridges (definitions and deployments, instances
and task rows, incidents), seasons, background jobs, uploads and downloads, errors and the one
commit idiom, field types, the registry products register with, the menu that shows what they
registered. It imports no product (``tests/unit/test_layering.py``, ``app/README.md``).
"""

from __future__ import annotations

from flask import Blueprint

from app.platform import (
    menu,
    models,  # noqa: F401  (maps the platform's tables)
)
from app.platform.api import admin as admin_api
from app.platform.api import auth as auth_api
from app.platform.api import jobs as jobs_api
from app.platform.api import seasons as seasons_api
from app.platform.registry import Registry
from app.platform.schemas.labels import FIELD_LABELS
from app.platform.services import ratelimit  # noqa: F401  (the database:// limits storage)
from app.platform.web import admin, auth, profile, seasons

TEMPLATES = Blueprint("platform_templates", __name__, template_folder="templates")


def register(registry: Registry) -> None:
    registry.add_pages(TEMPLATES, auth.bp, admin.bp, seasons.bp, profile.bp)
    registry.pages_without_personal_data.add(auth.bp.name)
    registry.apis += [auth_api.blp, admin_api.blp, jobs_api.blp, seasons_api.blp]
    registry.sections += menu.SECTIONS
    registry.entries += menu.ENTRIES
    registry.add_labels(FIELD_LABELS)
