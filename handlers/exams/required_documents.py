"""Which materials an applicant's submission needs (seed 000, 资料上传 of 报名信息审核):

- the two photos of the form: 身份证照片 and 个人照片 (2寸大头照);
- "1、需上传学历证书原件照片，或个人档案中的最近工资变动审批表（显示学历信息，单位、主管部门加盖
  公章）原件照片": either one;
- "2、需上传三级（高级工）工勤岗位等级证书原件照片": the certificate of the grade the applicant holds
  now (现岗位等级, the seed's sample holds 三级), which every form states.

The applicant's page marks them, and submit and resubmit refuse a form without them, naming
each missing one. A county's 破格申报 on an applicant's behalf is exempt: the county attaches
its own evidence (app/platform/services/uploads.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from handlers.exams.applicant import GRADE_LABELS


@dataclass(frozen=True)
class Requirement:
    """One required item: ``field`` names it in a 422 (an upload kind), any one of ``kinds``
    satisfies it, ``label`` is what the page and the message call it."""

    field: str
    kinds: tuple[str, ...]
    label: str

    def met_by(self, uploaded: set[str]) -> bool:
        return not uploaded.isdisjoint(self.kinds)


PHOTOS = (
    Requirement("id_photo", ("id_photo",), "身份证照片"),
    Requirement("photo", ("photo",), "个人照片（2寸大头照）"),
)
EDUCATION = Requirement(
    "education_cert",
    ("education_cert", "salary_sheet"),
    "学历证书原件照片，或个人档案中的最近工资变动审批表（显示学历信息，单位、主管部门加盖公章）原件照片",
)


def grade_certificate(current_grade: int | None) -> Requirement:
    """The certificate of the grade held now, named by that grade when the form states it."""
    grade = GRADE_LABELS.get(current_grade or 0, "现岗位等级")
    return Requirement("grade_cert", ("grade_cert",), f"{grade}工勤岗位等级证书原件照片")


def required_documents(form: Mapping[str, Any]) -> tuple[Requirement, ...]:
    """Everything a submission of ``form`` needs, in the order the page lists it."""
    if form.get("declared_by_county"):
        return ()
    return (*PHOTOS, EDUCATION, grade_certificate(form.get("current_grade")))


def missing_documents(form: Mapping[str, Any], uploaded: Iterable[str]) -> dict[str, str]:
    """{field: 请上传<label>} for every required item none of whose kinds is uploaded."""
    kinds = set(uploaded)
    return {
        item.field: f"请上传{item.label}"
        for item in required_documents(form)
        if not item.met_by(kinds)
    }
