"""Which materials a submission needs (seed 000, 资料上传): the photos, the 学历证书 or the
latest 工资变动审批表, and the certificate of the grade held now."""

from __future__ import annotations

from handlers.exams.required_documents import missing_documents, required_documents

EVERYTHING = ("id_photo", "photo", "education_cert", "grade_cert")


def test_every_item_is_named_by_its_label_and_the_current_grade():
    missing = missing_documents({"current_grade": 3}, [])
    assert list(missing) == ["id_photo", "photo", "education_cert", "grade_cert"]
    assert missing["grade_cert"] == "请上传三级（高级工）工勤岗位等级证书原件照片"
    assert "最近工资变动审批表" in missing["education_cert"]


def test_the_salary_sheet_or_the_education_certificate_will_do():
    assert missing_documents({"current_grade": 4}, EVERYTHING) == {}
    with_sheet = ("id_photo", "photo", "salary_sheet", "grade_cert")
    assert missing_documents({"current_grade": 4}, with_sheet) == {}


def test_a_county_declaration_brings_its_own_evidence():
    assert required_documents({"declared_by_county": True}) == ()
