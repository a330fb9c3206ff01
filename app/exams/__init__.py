"""The exam registration (工考报名): the registration review of the Henan skill-grade exam
(seed 000). Applicants register, fill in the form, upload their materials and submit; the
application travels the review path its facts select, from the unit up to the province;
tickets, rosters, statistics and the clerk's season follow. What it adds to the platform is
listed in ``register``.
"""

from __future__ import annotations

from flask import Blueprint
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.exams import (
    api,
    cli,
    menu,
    models,  # noqa: F401  (maps the exam's tables)
    web,
)
from app.exams.models.applications import Application, Upload
from app.exams.schemas.labels import FIELD_LABELS
from app.exams.services import demo, export_jobs, importers, reroute
from app.exams.services.subjects import SUBJECTS
from app.exams.web.home import home
from app.platform.models.orgs import Org
from app.platform.registry import AccountHooks, DemoSeed, Product, Registry

KEY = "exams"
TEMPLATES = Blueprint("exams_templates", __name__, template_folder="templates")
PRODUCT = Product(
    KEY,
    works_in=lambda user: user.is_applicant,
    name="河南省工考报名审核系统",
    short_name="工考报名审核",
    home=home,
    takes_unclaimed=lambda user: user.is_reviewer,
)


def _applications_at(session: Session, org: Org) -> str | None:
    if session.scalar(select(exists().where(Application.org_id == org.id))):
        return "该单位已有报名信息，不能删除"
    return None


def register(registry: Registry) -> None:
    registry.products.append(PRODUCT)
    registry.add_pages(TEMPLATES, *web.BLUEPRINTS, product=KEY)
    registry.apis += api.BLUEPRINTS
    registry.commands.append(cli.import_qualified_command)
    registry.sections += menu.SECTIONS
    registry.entries += menu.ENTRIES
    registry.template_globals.update(web.TEMPLATE_GLOBALS)
    registry.template_filters.update(web.TEMPLATE_FILTERS)
    registry.job_runners.update({**export_jobs.RUNNERS, **importers.RUNNERS})
    registry.add_labels(FIELD_LABELS)
    registry.demo_seeds.append(DemoSeed(KEY, demo.seed))
    registry.add_account_hooks(
        AccountHooks(
            org_in_use=(_applications_at,),
            history=(Upload.uploaded_by_id,),
            left=(reroute.skip_if_unstaffed,),
        )
    )
    registry.subjects = SUBJECTS
