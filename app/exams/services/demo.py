"""Demo data: the org tree named in the foundation issue, one admin per org, and a few
applicants with applications at different review stages so every inbox has something in it.
Idempotent: running it again changes nothing.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.exams.services import applications, review, trades, uploads
from app.exams.services.applications import Settings
from app.exams.services.qualified import import_rows
from app.platform.models.orgs import Org
from app.platform.models.users import User
from app.platform.models.workflow import Task
from app.platform.services import deployments
from app.platform.services.demo import DEMO_PASSWORD, demo_password_hash
from app.platform.services.transaction import committing
from app.platform.services.uploads import FileStore, IncomingFile
from handlers import clock
from handlers.exams.applicant import stated_by_id_number
from handlers.exams.required_documents import required_documents
from handlers.exams.senior import appraisal_years, evidence_years
from handlers.vocabulary import Role, TaskState

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
# The policy staff account of the demo (流程管理): edits, checks and deploys the diagrams.
DEMO_POLICY_USER = (Role.POLICY, "河南省政策管理员", "410000")


@dataclass(frozen=True)
class DemoApplicant:
    """One demo applicant (ID numbers carry valid check digits) and how far review has got:
    ``stage`` is the lane it should wait at, or "done" to run the path to its end.
    """

    id_number: str
    name: str
    unit: str
    trade: str
    grade: int
    stage: str
    extra: dict = field(default_factory=dict)
    qualified: bool = False  # in the previous-years qualified database -> auto-review


# The five-year table of the grade-1 demo applicant, newest year first (the years are the five
# before the exam year): two 优秀 years and one 优秀共产党员 year.
APPRAISAL_GRADES = (
    ("优秀", False),
    ("合格", True),
    ("合格", False),
    ("优秀", False),
    ("合格", False),
)
DEMO_APPLICANTS = (
    DemoApplicant("410181199003150014", "张伟", "410181001001", "护理员", 3, "unit"),
    DemoApplicant("410181198807200027", "李娜", "410181001001", "护理员", 2, "supervising_unit"),
    DemoApplicant("41018119850512003X", "王强", "410181002", "电工", 4, "unit"),
    DemoApplicant("410181199211080049", "赵敏", "410181002", "收银员", 3, "county"),
    DemoApplicant("410122199101010015", "刘洋", "410122001", "护理员", 3, "unit"),
    DemoApplicant(
        "410181197902030025",
        "陈静",
        "410181002",
        "护理员",
        1,
        "unit",
        {"qualifying_conditions": ["appraisal"]},
    ),
    DemoApplicant("410122198306150033", "孙磊", "410122001", "电工", 3, "county", qualified=True),
    DemoApplicant(
        "410122198709090047",
        "周芳",
        "410122001",
        "护理员",
        3,
        "county",
        {"exceptional": True, "exceptional_reason": "长期在一线岗位工作，技能突出"},
    ),
    DemoApplicant("410122199204120057", "吴刚", "410122001", "收银员", 3, "done", qualified=True),
)


def seed(session: Session, config: Mapping[str, Any], _password_hash: str) -> None:
    """The exam's part of ``flask seed-demo`` (its ``DemoSeed``)."""
    seed_demo(session, Settings.from_config(config, clock.today()), FileStore.from_config(config))


def seed_demo(session: Session, settings: Settings, store: FileStore) -> None:
    seed_orgs(session)
    with committing(session):  # a fresh install's deployment #1; never redeploys bpmn/
        deployments.ensure_initial(session, settings.bpmn_dir)
    for demo in DEMO_APPLICANTS:
        if session.scalars(select(User).filter_by(username=demo.id_number)).first():
            continue
        applicant = applications.register_applicant(
            session,
            {
                "id_number": demo.id_number,
                "name": demo.name,
                "phone": "13800000000",
                "password": DEMO_PASSWORD,
                "org_code": demo.unit,
            },
        )
        form = _form(demo, settings.year)
        if demo.qualified:
            import_rows(
                session,
                [
                    {
                        "id_number": demo.id_number,
                        "name": demo.name,
                        "trade": demo.trade,
                        "grade": str(form["current_grade"]),
                        "cert_year": str(form["current_grade_year"]),
                    }
                ],
            )
        application = applications.create_application(session, applicant, form, settings)
        for kind, year in _materials(form, settings.year):
            incoming = IncomingFile(f"{kind}.png", _png(), year)
            uploads.add_upload(session, applicant, application.id, kind, incoming, store)
        applications.submit(session, applicant, application.id, settings)
        _advance_to(session, application.id, demo.stage)


def seed_orgs(session: Session) -> None:
    """The org tree, the policy account and the reference lists every org works with."""
    with committing(session):
        _add_orgs(session)
        _add_policy_user(session)
    trades.seed_catalogue(session)


def _add_orgs(session: Session) -> None:
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
                    role=Role.ADMIN,
                    org_id=org.id,
                    password_hash=demo_password_hash(),
                    must_change_password=False,
                )
            )
        orgs[code] = org


def _add_policy_user(session: Session) -> None:
    username, name, org_code = DEMO_POLICY_USER
    if session.scalars(select(User).filter_by(username=username)).first():
        return
    org = session.scalars(select(Org).filter_by(code=org_code)).one()
    session.add(
        User(
            username=username,
            name=name,
            role=Role.POLICY,
            org_id=org.id,
            password_hash=demo_password_hash(),
            must_change_password=False,
        )
    )


def _advance_to(session: Session, application_id: int, stage: str) -> None:
    """Pass the application level by level until it waits at ``stage`` (or ends)."""
    for _ in range(5):
        task = session.scalars(
            select(Task).filter_by(application_id=application_id, state=TaskState.READY)
        ).first()
        if task is None or task.lane == stage:
            return
        reviewer = session.scalars(
            select(User).filter_by(org_id=task.candidate_org_id, role=Role.ADMIN)
        ).first()
        if reviewer is None:
            raise LookupError(f"演示数据：单位 {task.candidate_org_id} 没有管理员")
        review.complete_task(session, reviewer, task.id, "pass", "演示数据：审核通过")


def _form(demo: DemoApplicant, exam_year: int) -> dict:
    trade, grade = demo.trade, demo.grade
    extra = dict(demo.extra)
    if "appraisal" in extra.get("qualifying_conditions", []):
        extra["appraisals"] = _appraisals(exam_year)
    return {
        **stated_by_id_number(demo.id_number),  # gender and birth month
        "phone": "13800000000",
        "education": "大专",
        "work_start": "2010-09",
        "current_grade": grade + 1 if grade < 5 else 5,
        "current_trade": trade,
        "current_grade_year": 2018,
        "declared_trade": trade,
        "declared_grade": grade,
        "prohibited": False,
        **extra,
    }


def _appraisals(exam_year: int) -> list[dict]:
    years = appraisal_years(exam_year)
    return [
        {"year": year, "grade": result, "party_excellent": party}
        for year, (result, party) in zip(years, APPRAISAL_GRADES, strict=True)
    ]


def _materials(form: dict, exam_year: int) -> list[tuple[str, int | None]]:
    """What every submission needs (handlers/exams/required_documents.py: the photos, the 学历证书,
    the current grade's certificate) and, for grade 1, what a 高级技师审核 pass needs (salary
    sheet, evidence under each excellent year), so a reviewer can pass the demo applicant."""
    files: list[tuple[str, int | None]] = [(r.kinds[0], None) for r in required_documents(form)]
    if form["declared_grade"] == 1:
        files.append(("salary_sheet", None))
        files += [("appraisal_evidence", y) for y in evidence_years(form["appraisals"], exam_year)]
    return files


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (70, 130, 180)).save(buffer, format="PNG")
    return buffer.getvalue()
