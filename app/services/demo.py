"""Demo data: the org tree named in the foundation issue, one admin per org, and a few
applicants with applications at different review stages so every inbox has something in it.
Idempotent: running it again changes nothing.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Org, Task, User
from app.services import applications, engine, review, uploads
from app.services.applications import Settings
from app.services.auth import hash_password
from handlers.idcard import gender

DEMO_PASSWORD = "Demo@2026"
DEMO_ORGS = (  # code, name, level, parent code
    ("410000", "河南省", "province", None),
    ("410100", "郑州市", "city", "410000"),
    ("410181", "巩义市", "county", "410100"),
    ("410122", "中牟县", "county", "410100"),
    ("410181001", "巩义市卫生健康委员会", "supervising_unit", "410181"),
    ("410181001001", "巩义市人民医院", "unit", "410181001"),
    ("410181002", "巩义市北山口镇政府", "unit", "410181"),
    ("410122001", "中牟县人民医院", "unit", "410122"),
)
# ID number (valid check digit), name, unit code, declared trade, declared grade, how far to take it
DEMO_APPLICANTS = (
    ("410181199003150014", "张伟", "410181001001", "护理员", 3, "unit"),
    ("410181198807200027", "李娜", "410181001001", "护理员", 2, "supervising_unit"),
    ("41018119850512003X", "王强", "410181002", "电工", 4, "unit"),
    ("410181199211080049", "赵敏", "410181002", "收银员", 3, "county"),
    ("410122199101010015", "刘洋", "410122001", "护理员", 3, "unit"),
)


def seed_demo(session: Session, settings: Settings, upload_dir: Path, max_bytes: int) -> None:
    _seed_orgs(session)
    engine.sync_definitions(session, settings.bpmn_dir)
    session.commit()
    for id_number, name, unit, trade, grade, stage in DEMO_APPLICANTS:
        if session.scalars(select(User).filter_by(username=id_number)).first():
            continue
        applicant = applications.register_applicant(
            session,
            {
                "id_number": id_number,
                "name": name,
                "phone": "13800000000",
                "password": DEMO_PASSWORD,
                "org_code": unit,
            },
        )
        application = applications.create_application(
            session, applicant, _form(id_number, trade, grade), settings
        )
        for kind in ("id_photo", "photo"):
            uploads.add_upload(
                session,
                applicant,
                application.id,
                kind,
                f"{kind}.png",
                _png(),
                upload_dir,
                max_bytes,
            )
        applications.submit(session, applicant, application.id, settings)
        _advance_to(session, application.id, stage)


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    """One salted hash shared by the demo admins: hashing is deliberately slow (scrypt)."""
    return hash_password(DEMO_PASSWORD)


def _seed_orgs(session: Session) -> None:
    orgs: dict[str, Org] = {}
    for code, name, level, parent_code in DEMO_ORGS:
        org = session.scalars(select(Org).filter_by(code=code)).first()
        if org is None:
            parent = orgs.get(parent_code) if parent_code else None
            path = f"{parent.path if parent else '/'}{code}/"
            org = Org(code=code, name=name, level=level, parent_id=parent and parent.id, path=path)
            session.add(org)
            session.flush()
            session.add(
                User(
                    username=code,
                    name=f"{name}管理员",
                    role="admin",
                    org_id=org.id,
                    password_hash=_demo_password_hash(),
                    must_change_password=False,
                )
            )
        orgs[code] = org
    session.commit()


def _advance_to(session: Session, application_id: int, stage: str) -> None:
    """Pass the application level by level until it waits at ``stage``."""
    for _ in range(3):
        task = session.scalars(
            select(Task).filter_by(application_id=application_id, state="ready")
        ).first()
        if task is None or task.lane == stage:
            return
        reviewer = session.scalars(
            select(User).filter_by(org_id=task.candidate_org_id, role="admin")
        ).first()
        review.complete_task(session, reviewer, task.id, "pass", "演示数据：审核通过")


def _form(id_number: str, trade: str, grade: int) -> dict:
    return {
        "gender": gender(id_number),
        "phone": "13800000000",
        "birth_month": "1988-07",
        "education": "大专",
        "work_start": "2010-09",
        "current_grade": grade + 1 if grade < 5 else 5,
        "current_trade": trade,
        "current_grade_year": 2018,
        "declared_trade": trade,
        "declared_grade": grade,
        "prohibited": False,
    }


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (70, 130, 180)).save(buffer, format="PNG")
    return buffer.getvalue()
