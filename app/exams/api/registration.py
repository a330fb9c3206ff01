"""An applicant registers in the API (``POST /api/applicants/register``), on the platform's
``api_auth`` blueprint: public, before any account exists."""

from __future__ import annotations

from app.exams.schemas.applications import RegistrationSchema
from app.exams.services import applications
from app.extensions import db
from app.platform.api.auth import blp
from app.platform.api.blueprint import PUBLIC
from app.platform.schemas.admin import UserOut


@blp.post("/applicants/register")
@blp.access(PUBLIC)
@blp.arguments(RegistrationSchema)
@blp.response(201, UserOut)
def register(data: dict):
    """Applicant self-registration; the applicant then logs in with the ID number."""
    return applications.register_applicant(db.session(), data)
