"""Applicants' and reviewers' material files of an application: who may add which kind when,
the one photo of each kind, the stamped ID photo; stored through the platform's
``FileStore`` and checked by content (``app.platform.services.uploads``)."""

from __future__ import annotations

import hashlib
import secrets

from PIL import Image
from sqlalchemy.orm import Session

from app.exams.models.applications import (
    APPLICANT_UPLOAD_KINDS,
    REVIEWER_UPLOAD_KINDS,
    SINGLE_FILE_KINDS,
    UPLOAD_KINDS,
    Application,
    Upload,
)
from app.exams.services.applications import own_editable
from app.exams.services.review import waiting_at_org
from app.exams.services.scope import get_application
from app.platform.models.users import User
from app.platform.services import audit
from app.platform.services.errors import Conflict, Forbidden, Invalid, NotFound
from app.platform.services.transaction import committing
from app.platform.services.uploads import FileStore, IncomingFile, checked_file
from handlers.exams.senior import evidence_year_problem
from handlers.exams.stamp import stamp_id_number
from handlers.files import (
    DOCUMENT_TYPES,
    PHOTO_TYPES,
    CleanFile,
    display_name,
)
from handlers.vocabulary import Lane

STAMPED_KIND = "id_photo_stamped"


PHOTO_KINDS = SINGLE_FILE_KINDS


def get_upload(session: Session, user: User, upload_id: int) -> Upload:
    """A stored file, for users who may see its application (404 otherwise)."""
    row = session.get(Upload, upload_id)
    if row is None:
        raise NotFound("文件不存在")
    get_application(session, user, row.application_id)
    return row


def add_upload(
    session: Session,
    user: User,
    application_id: int,
    kind: str,
    file: IncomingFile,
    store: FileStore,
) -> Upload:
    """Store one file for the applicant's own editable application. Photos replace the
    previous photo of the same kind; other kinds accumulate.
    """
    if kind not in APPLICANT_UPLOAD_KINDS:
        raise Invalid("不支持的材料类型", {"kind": _one_of(APPLICANT_UPLOAD_KINDS)})
    application = own_editable(session, user, application_id)
    return _store(session, user, application, kind, file, store)


def add_review_upload(
    session: Session,
    user: User,
    application_id: int,
    kind: str,
    file: IncomingFile,
    store: FileStore,
) -> Upload:
    """Files reviewers add (seed 高级技师审核 and 容缺后补): at unit or supervising-unit grade-1
    review the salary sheet, appraisal evidence and the sealed commitment letter; the deferred
    materials while the unit's 补充材料并确认 task is open; and the county's evidence for a
    破格申报 it entered itself.
    """
    if kind not in REVIEWER_UPLOAD_KINDS:
        raise Invalid("不支持的材料类型", {"kind": _one_of(REVIEWER_UPLOAD_KINDS)})
    if not user.is_reviewer:
        raise Forbidden("仅审核人员可以上传该材料")
    application = get_application(session, user, application_id)
    problem = _review_upload_problem(session, user, application, kind)
    if problem:
        raise Conflict(problem)
    return _store(session, user, application, kind, file, store)


def stamp_id_photo(session: Session, user: User, application_id: int, store: FileStore) -> Upload:
    """添加身份证号: a copy of the applicant's ID-card photo with their ID number stamped on
    it, kept as its own upload kind (a new stamp replaces the previous one). The original
    file and its row are left exactly as they are. Reviewers whose scope holds the
    application only.
    """
    if not user.is_reviewer:
        raise Forbidden("仅审核人员可以添加身份证号")
    application = get_application(session, user, application_id)
    original = next((u for u in application.uploads if u.kind == "id_photo"), None)
    if original is None:
        raise Conflict("尚未上传身份证照片，不能添加身份证号")
    try:
        content = (store.directory / original.stored_name).read_bytes()
        stamped = stamp_id_number(content, application.id_number)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise Conflict("身份证照片无法读取，请联系报考人员重新上传") from error
    name = f"{application.id_number}-{UPLOAD_KINDS[STAMPED_KIND]}.{original.stored_name.rsplit('.', 1)[-1]}"
    return _store(session, user, application, STAMPED_KIND, IncomingFile(name, stamped), store)


def _review_upload_problem(
    session: Session, user: User, application: Application, kind: str
) -> str | None:
    if kind == "exceptional_evidence":
        if user.level == Lane.COUNTY and application.declared_by_county:
            return None
        return "仅县区代为破格申报的报名可由县区上传证明材料"
    supplying = _waiting_here(session, application, user, "deferred")
    if kind == "deferred_material":
        return (
            None if supplying else "当前不在补充材料环节，不能上传（如已确认，请联系县区取消确认）"
        )
    if supplying or _waiting_here(session, application, user, "senior"):
        return None
    return "仅在本级高级技师审核或补充材料环节可以上传该材料"


def _waiting_here(session: Session, application: Application, user: User, queue: str) -> bool:
    return waiting_at_org(session, application.id, user.org_id, queue) is not None


def _store(
    session: Session,
    user: User,
    application: Application,
    kind: str,
    file: IncomingFile,
    store: FileStore,
) -> Upload:
    """Keep the cleaned file and its row, audit event and replaced photo together: the new
    file is removed again if the transaction fails, old files only once it has committed.
    """
    _check_year(application, kind, file.year)
    cleaned = _cleaned(kind, file.content, store.max_bytes)
    stored_name = f"{secrets.token_hex(16)}.{cleaned.extension}"
    store.directory.mkdir(parents=True, exist_ok=True)
    path = store.directory / stored_name
    path.write_bytes(cleaned.content)
    try:
        with committing(session):
            replaced = _replace_single(session, application, kind)
            upload = _new_upload(user, kind, file, stored_name, cleaned)
            application.uploads.append(upload)
            label = UPLOAD_KINDS[kind] + (f"（{file.year}年度）" if file.year else "")
            audit.record(session, application, user, "upload", comment=label)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    for old in replaced:
        (store.directory / old.stored_name).unlink(missing_ok=True)
    return upload


def _check_year(application: Application, kind: str, year: int | None) -> None:
    """Appraisal evidence, and only it, names a year; that year must be one the application's
    five-year table marks 优秀 or 优秀共产党员 (seed: 优秀材料必须上传至对应的优秀年度下方)."""
    if (kind == "appraisal_evidence") != (year is not None):
        raise Invalid(
            "优秀年度考核材料须注明年度", {"year": "仅优秀年度考核材料填写年度，且必须填写"}
        )
    if year is not None:
        problem = evidence_year_problem(year, application.appraisals or [], application.year)
        if problem:
            raise Invalid(problem, {"year": problem})


def _cleaned(kind: str, content: bytes, max_bytes: int) -> CleanFile:
    """The file as we will keep it: within the size limit, of a type this kind allows, and
    re-written by its parser (see handlers.files); Invalid on ``file`` otherwise.
    """
    allowed = PHOTO_TYPES if kind in PHOTO_KINDS else DOCUMENT_TYPES
    return checked_file(content, allowed, max_bytes)


def _replace_single(session: Session, application: Application, kind: str) -> list[Upload]:
    """Remove the previous file of a single-file kind, and flush: the old row must be gone
    before the new one is inserted (``uq_uploads_single_kind``; a flush inserts before it
    deletes). Two uploads of one photo at the same moment: the index lets one commit, the
    other answers 409."""
    replaced = [u for u in application.uploads if u.kind == kind and kind in SINGLE_FILE_KINDS]
    for old in replaced:
        application.uploads.remove(old)
    if replaced:
        session.flush()
    return replaced


def _new_upload(
    user: User, kind: str, file: IncomingFile, stored_name: str, cleaned: CleanFile
) -> Upload:
    """Size and digest are of what is stored; the client's name is display only."""
    return Upload(
        kind=kind,
        stored_name=stored_name,
        content_type=cleaned.content_type,
        size=len(cleaned.content),
        sha256=hashlib.sha256(cleaned.content).hexdigest(),
        original_name=display_name(file.filename),
        uploaded_by_id=user.id,
        year=file.year,
    )


def _one_of(kinds: tuple[str, ...]) -> str:
    """The kinds a request may name, as a person reads them."""
    return f"应为{'、'.join(UPLOAD_KINDS[kind] for kind in kinds)}之一"
