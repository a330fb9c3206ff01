"""Org-subtree scoping. Every read of a product's records goes through a subtree from here
(the exam's applications through ``app.exams.services.scope``), so a county admin can never
see another county's data: out-of-scope rows simply do not exist (404).

Above the subtree sits the role's data boundary: policy staff (流程管理 only) see no person's
data at all, whatever their org (``require_personal_data``, 403).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.errors import Forbidden, NotFound
from handlers.routing import resolve_lane

PERSONAL_DATA_DENIED = "政策管理员仅负责流程管理，无权查看报考人员、申报人或专家的信息"


def require_personal_data(user: User) -> None:
    """Refuse a role whose work is the process, not the people (``User.reads_personal_data``).

    The API's authentication and the pages' guard call it before every view that is not
    process governance, so a view added later is closed to such a role until it is declared
    free of personal data."""
    if not user.reads_personal_data:
        raise Forbidden(PERSONAL_DATA_DENIED)


PLACE_LEVELS = frozenset({"city", "county"})
"""The levels that name where a unit is (市, 县区), before the unit's own name."""


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


def place_name(session: Session, org: Org) -> str:
    """An org as the seed's 单位信息 writes it, with its 市 and 县区 before it (郑州市 巩义市
    巩义市北山口镇政府): the province and any supervising unit between are left out."""
    codes = [code for code in org.path.split("/") if code]
    rows = sorted(
        session.scalars(select(Org).where(Org.code.in_(codes))), key=lambda r: len(r.path)
    )
    shown = [row.name for row in rows if row.level in PLACE_LEVELS and row.id != org.id]
    return " ".join([*shown, org.name])


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
