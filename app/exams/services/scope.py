"""Which applications an account may see: their own for applicants, none for title
declarants, their org subtree otherwise; out-of-scope rows simply do not exist (404). The
org scoping itself is the platform's (``app.platform.services.scope``)."""

from __future__ import annotations

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from app.exams.models.applications import Application
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.errors import NotFound


def applications_query(user: User) -> Select:
    """Applications the user may see: their own for applicants, none for title declarants
    (people of the title platform, not staff of their org), their org subtree otherwise."""
    query = select(Application)
    if user.is_applicant:
        return query.where(Application.applicant_id == user.id)
    if user.is_declarant:
        return query.where(false())
    return query.join(Org, Application.org_id == Org.id).where(
        Org.path.startswith(user.org.path, autoescape=True)
    )


def get_application(session: Session, user: User, application_id: int) -> Application:
    application = session.scalars(
        applications_query(user).where(Application.id == application_id)
    ).first()
    if application is None:
        raise NotFound("报名信息不存在")
    return application
