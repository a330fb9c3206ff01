"""Storing applicants' material files on disk, checked by content and size."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Application, Task, Upload, User
from app.models.applications import APPLICANT_UPLOAD_KINDS, REVIEWER_UPLOAD_KINDS, UPLOAD_KINDS
from app.services import audit
from app.services.applications import own_editable
from app.services.errors import Conflict, Forbidden, Invalid
from app.services.scope import get_application
from handlers.files import sniff

SINGLE_FILE_KINDS = ("id_photo", "photo")
PHOTO_KINDS = ("id_photo", "photo")


def add_upload(
    session: Session,
    user: User,
    application_id: int,
    kind: str,
    filename: str,
    content: bytes,
    upload_dir: Path,
    max_bytes: int,
    year: int | None = None,
) -> Upload:
    """Store one file for the applicant's own editable application. Photos replace the
    previous photo of the same kind; other kinds accumulate. Appraisal evidence belongs to
    one excellent year of the grade-1 table, so it names the year.
    """
    if kind not in APPLICANT_UPLOAD_KINDS:
        raise Invalid("不支持的材料类型", {"kind": f"应为{'、'.join(APPLICANT_UPLOAD_KINDS)}之一"})
    if (kind == "appraisal_evidence") != (year is not None):
        raise Invalid(
            "优秀年度考核材料须注明年度", {"year": "仅优秀年度考核材料填写年度，且必须填写"}
        )
    application = own_editable(session, user, application_id)
    return _store(session, user, application, kind, filename, content, upload_dir, max_bytes, year)


def add_review_upload(
    session: Session,
    user: User,
    application_id: int,
    kind: str,
    filename: str,
    content: bytes,
    upload_dir: Path,
    max_bytes: int,
) -> Upload:
    """Files reviewers add: the unit's sealed commitment letter when marking 容缺后补, and the
    deferred materials themselves while the unit's 补充材料并确认 task is open.
    """
    if kind not in REVIEWER_UPLOAD_KINDS:
        raise Invalid("不支持的材料类型", {"kind": f"应为{'、'.join(REVIEWER_UPLOAD_KINDS)}之一"})
    if not user.is_reviewer or user.level not in ("unit", "supervising_unit"):
        raise Forbidden("仅单位或主管单位可以上传该材料")
    application = get_application(session, user, application_id)
    if kind == "deferred_material" and not _supply_open(session, application, user):
        raise Conflict("当前不在补充材料环节，不能上传（如已确认，请联系县区取消确认）")
    return _store(session, user, application, kind, filename, content, upload_dir, max_bytes, None)


def _supply_open(session: Session, application: Application, user: User) -> bool:
    return (
        session.scalars(
            select(Task).filter_by(
                application_id=application.id,
                state="ready",
                queue="deferred",
                candidate_org_id=user.org_id,
            )
        ).first()
        is not None
    )


def _store(
    session: Session,
    user: User,
    application: Application,
    kind: str,
    filename: str,
    content: bytes,
    upload_dir: Path,
    max_bytes: int,
    year: int | None,
) -> Upload:
    if not content:
        raise Invalid("文件为空", {"file": "请选择文件"})
    if len(content) > max_bytes:
        raise Invalid("文件过大", {"file": f"文件不能超过{max_bytes // (1024 * 1024)}MB"})
    sniffed = sniff(content)
    if sniffed is None or (kind in PHOTO_KINDS and sniffed[1] == "pdf"):
        allowed = "JPEG或PNG图片" if kind in PHOTO_KINDS else "JPEG、PNG图片或PDF文件"
        raise Invalid("文件类型不支持", {"file": f"仅支持{allowed}"})
    content_type, extension = sniffed
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    upload_dir.mkdir(parents=True, exist_ok=True)
    (upload_dir / stored_name).write_bytes(content)
    replaced = [u for u in application.uploads if u.kind == kind and kind in SINGLE_FILE_KINDS]
    for old in replaced:
        application.uploads.remove(old)
    upload = Upload(
        kind=kind,
        stored_name=stored_name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=Path(filename or "file").name[-120:],
        uploaded_by_id=user.id,
        year=year,
    )
    application.uploads.append(upload)
    label = UPLOAD_KINDS[kind] + (f"（{year}年度）" if year else "")
    audit.record(session, application, user, "upload", comment=label)
    session.commit()
    for old in replaced:  # only once the new row is committed
        (upload_dir / old.stored_name).unlink(missing_ok=True)
    return upload
