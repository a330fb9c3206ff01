"""Storing applicants' material files on disk, checked by content and size."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from sqlalchemy.orm import Session

from app.models import Upload, User
from app.models.applications import UPLOAD_KINDS
from app.services import audit
from app.services.applications import own_editable
from app.services.errors import Invalid
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
) -> Upload:
    """Store one file for the applicant's own editable application. Photos replace the
    previous photo of the same kind; other kinds accumulate.
    """
    if kind not in UPLOAD_KINDS:
        raise Invalid("不支持的材料类型", {"kind": f"应为{'、'.join(UPLOAD_KINDS)}之一"})
    application = own_editable(session, user, application_id)
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
    )
    application.uploads.append(upload)
    audit.record(session, application, user, "upload", comment=UPLOAD_KINDS[kind])
    session.commit()
    for old in replaced:  # only once the new row is committed
        (upload_dir / old.stored_name).unlink(missing_ok=True)
    return upload
