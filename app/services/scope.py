"""Org-subtree scoping. Every read of applications and tasks goes through here, so a county
admin can never see another county's data: out-of-scope rows simply do not exist (404).
"""

from __future__ import annotations

from sqlalchemy import Select, false, select
from sqlalchemy.orm import Session

from app.models import Application, Org, User
from app.services.errors import NotFound
from handlers.routing import resolve_lane


def applications_query(user: User) -> Select:
    """Applications the user may see: their own for applicants, none for title declarants
    (people of the title platform, not staff of their org), their org subtree otherwise."""
    query = select(Application)
    if user.role == "applicant":
        return query.where(Application.applicant_id == user.id)
    if user.role == "declarant":
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


def org_chain(session: Session, org: Org) -> dict[str, int]:
    """{level: org id} from ``org`` up to the province. One query: the materialised path
    already names every ancestor. (Review routing reads it with who can review at each org:
    ``staffing.staffed_chain``.)
    """
    codes = [code for code in org.path.split("/") if code]
    return dict(session.execute(select(Org.level, Org.id).where(Org.code.in_(codes))).all())


def acting_org_id(session: Session, org: Org, level: str) -> int | None:
    """The org that acts as ``level`` (county or above) for ``org``: its ancestor of that
    level, or the org above standing in for a level the tree lacks (the province for a
    直管县's city; ``handlers.routing.resolve_lane``)."""
    return resolve_lane(level, org_chain(session, org))


def orgs_in_scope(session: Session, user: User) -> list[Org]:
    """The user's org and everything below it, in tree order."""
    return list(
        session.scalars(
            select(Org)
            .where(Org.path.startswith(user.org.path, autoescape=True))
            .order_by(Org.path)
        )
    )


def get_org_in_scope(session: Session, user: User, code: str) -> Org:
    org = session.scalars(select(Org).where(Org.code == code)).first()
    if org is None or not user.org.contains(org):
        raise NotFound("单位不存在", {"org_code": "单位不存在"})
    return org
