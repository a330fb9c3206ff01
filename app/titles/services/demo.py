"""Demo data of the title platform: a 经办人 and a 负责人 (卫生 series, every section) at each org
from 巩义市人民医院 up to 郑州市, and a declarant whose 中级 declaration waits at the hospital's
handler (its unit has an approved 申报计划, without which it would be refused 超计划申报), so
``make run`` shows 首页待办 with something in it; an expert pool across three units and one
expert application waiting at the hospital's handler (专家审查). Idempotent, like ``demo``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.platform.models.base import utcnow
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.services.transaction import committing
from app.titles.models.declarations import TitleReviewer
from app.titles.models.experts import TitleExpert
from app.titles.models.plans import PLAN_LEVELS, TitlePlan
from app.titles.services import declarations, experts
from handlers import clock
from handlers.idcard import check_digit
from handlers.titles.vocabulary import TITLE_SECTION_LABELS
from handlers.vocabulary import Lane, Role, Status

# The review chain of a 中级 卫生 declaration of the hospital: unit -> supervising unit ->
# county -> city (the committee's org).
CHAIN_CODES = ("410181001001", "410181001", "410181", "410100")
ROLES = {"handler": ("jb", "经办人"), "leader": ("fz", "负责人")}
DECLARANT = ("410181198604120035", "陈刚")


def seed(session: Session, config: Mapping[str, Any], password_hash: str) -> None:
    """The title platform's part of ``flask seed-demo --with-titles`` (its ``DemoSeed``)."""
    seed_title_demo(session, password_hash, Path(config["BPMN_DIR"]))


def seed_title_demo(session: Session, password_hash: str, bpmn_dir: Path) -> None:
    seed_title_plans(session)
    for code in CHAIN_CODES:
        org = session.scalars(select(Org).filter_by(code=code)).one()
        for role, (suffix, label) in ROLES.items():
            _reviewer(session, org, f"{code}-{suffix}", f"{org.name}{label}", role, password_hash)
    seed_expert_demo(session, password_hash, bpmn_dir)
    id_number, name = DECLARANT
    if session.scalars(select(User).filter_by(username=id_number)).first():
        return
    unit = session.scalars(select(Org).filter_by(code=CHAIN_CODES[0])).one()
    declarant = User(
        username=id_number,
        id_number=id_number,
        name=name,
        phone="13800000000",
        role=Role.DECLARANT,
        org_id=unit.id,
        password_hash=password_hash,
        must_change_password=False,
    )
    with committing(session):
        session.add(declarant)
    declaration = declarations.create_declaration(
        session,
        declarant,
        {
            "series": "health",
            "specialty": "护理学",
            "level": "intermediate",
            "current_title": "护师",
            "current_title_date": date(2019, 7, 1),
            "sections": {
                "basic": {
                    "name": name,
                    "gender": "男",
                    "birth_date": "1986-04",
                    "political": "群众",
                    "phone": "13800000000",
                    "position": "护理部护士",
                    "work_start": "2009-07",
                },
                "education": [
                    {"school": "郑州大学", "major": "护理学", "degree": "本科 学士", "year": "2009"}
                ],
                "experience": [
                    {"start": "2009-07", "end": "", "unit": unit.name, "post": "护士、护师"}
                ],
                "achievements": [
                    {
                        "name": "老年病区跌倒预防流程",
                        "kind": "技术革新",
                        "year": "2022",
                        "role": "主要完成人",
                    }
                ],
                "papers": [
                    {
                        "title": "老年护理中的跌倒预防",
                        "journal": "护理研究",
                        "year": "2021",
                        "rank": "第一作者",
                    }
                ],
                "training": [{"year": "2023", "content": "继续医学教育（护理）", "hours": "90"}],
                "appraisals": [
                    {"year": "2022", "result": "合格"},
                    {"year": "2023", "result": "优秀"},
                ],
            },
        },
    )
    declarations.submit_declaration(session, declarant, declaration.id, bpmn_dir)


# 专家库: approved 卫生 experts of three units (so 抽取专家 at 郑州市 has a pool to draw from,
# recusing any one unit), and one 副高级 applicant whose expert application waits at the
# hospital's handler (专家审查). (ID number's first 17 digits, name, unit, specialty, title)
POOL_EXPERTS = (
    ("41018119700301001", "周建国", "410181001001", "心血管内科", "主任医师"),
    ("41018119710615002", "吴丽华", "410181001001", "护理学", "主任护师"),
    ("41018119720820003", "郑伟", "410181002", "公共卫生", "副主任医师"),
    ("41012219690210004", "冯敏", "410122001", "心血管内科", "副主任医师"),
    ("41012219730905005", "何静", "410122001", "护理学", "副主任护师"),
)
EXPERT_APPLICANT = ("41018119780512006", "赵敏", "410181001001", "护理学", "副主任护师")


def seed_expert_demo(session: Session, password_hash: str, bpmn_dir: Path) -> None:
    """The expert pool and one application waiting at the hospital's handler; idempotent."""
    for first17, name, unit, specialty, title in POOL_EXPERTS:
        person = _demo_declarant(session, first17, name, unit, password_hash)
        if person is None:
            continue
        level = "senior" if title.startswith("主任") else "deputy_senior"
        with committing(session):
            session.add(
                TitleExpert(
                    user_id=person.id,
                    org_id=person.org_id,
                    name=name,
                    series="health",
                    specialty=specialty,
                    title=title,
                    title_level=level,
                    phone="13800000000",
                    summary=f"从事{specialty}工作二十年，多次参加职称评审。",
                    status=Status.APPROVED,
                    active=True,
                    submitted_at=utcnow(),
                    approved_at=utcnow(),
                )
            )
    first17, name, unit, specialty, title = EXPERT_APPLICANT
    applicant = _demo_declarant(session, first17, name, unit, password_hash)
    if applicant is not None:
        application = experts.create_application(
            session,
            applicant,
            {
                "series": "health",
                "specialty": specialty,
                "title": title,
                "title_level": "deputy_senior",
                "phone": "13800000001",
                "summary": "护理部副主任，参加过市级护理职称评审。",
            },
        )
        experts.submit_application(session, applicant, application.id, bpmn_dir)


def _demo_declarant(
    session: Session, first17: str, name: str, unit_code: str, password_hash: str
) -> User | None:
    """A new declarant of the unit (None if the demo already has them)."""
    id_number = first17 + check_digit(first17)
    if session.scalars(select(User).filter_by(username=id_number)).first():
        return None
    unit = session.scalars(select(Org).filter_by(code=unit_code)).one()
    person = User(
        username=id_number,
        id_number=id_number,
        name=name,
        role=Role.DECLARANT,
        org_id=unit.id,
        password_hash=password_hash,
        must_change_password=False,
    )
    with committing(session):
        session.add(person)
    return person


def _reviewer(
    session: Session, org: Org, username: str, name: str, role: str, password_hash: str
) -> None:
    if session.scalars(select(User).filter_by(username=username)).first():
        return
    user = User(
        username=username,
        name=name,
        role=Role.REVIEWER,
        org_id=org.id,
        password_hash=password_hash,
        must_change_password=False,
    )
    with committing(session):
        session.add(user)
        session.flush()
        session.add(
            TitleReviewer(
                user_id=user.id,
                role=role,
                series=["health"],
                sections=list(TITLE_SECTION_LABELS),
            )
        )


DEMO_PLAN_PLACES = 20


def seed_title_plans(session: Session) -> None:
    """An approved 申报计划 (卫生系列, this year, 20 places a level) for each demo unit, so
    the demo's declarants can submit (a unit without one is refused, see plan_quota). Written
    as approved rows: the demo has no title reviewers to walk them up the tree."""
    year = clock.today().year
    units = session.scalars(select(Org).where(Org.level == Lane.UNIT)).all()
    with committing(session):
        for unit in units:
            exists = session.scalars(
                select(TitlePlan.id).filter_by(org_id=unit.id, year=year, series="health")
            ).first()
            admin = session.scalars(select(User).filter_by(username=unit.code)).first()
            if exists is None and admin is not None:
                places = dict.fromkeys(PLAN_LEVELS, DEMO_PLAN_PLACES)
                session.add(
                    TitlePlan(
                        org_id=unit.id,
                        year=year,
                        series="health",
                        status=Status.APPROVED,
                        created_by_id=admin.id,
                        approved_at=utcnow(),
                        **places,
                    )
                )
