"""附件 of a title declaration (seed 004): files the declarant uploads while the declaration
is a draft or returned, read by whoever may read the declaration's 附件 section.

Files go through the one upload check (``uploads.checked_file``: type by content, PDFs
rebuilt by pypdf, images re-encoded by Pillow, the size limit); the file is written before
the row and removed again if the transaction fails; a deleted row's file goes once the
deletion has committed.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy.orm import Session

from app.platform.models.users import User
from app.platform.services.errors import NotFound
from app.platform.services.transaction import committing
from app.platform.services.uploads import FileStore, IncomingFile, checked_file
from app.titles.models.declarations import TitleAttachment
from app.titles.services import declarations
from app.titles.services.declarations import ATTACHMENTS
from handlers.files import DOCUMENT_TYPES, display_name
from handlers.titles.vocabulary import TITLE_ATTACHMENT_KINDS

STALE = "申报已被修改，请刷新后重试"


def add_attachment(
    session: Session,
    user: User,
    declaration_id: int,
    kind: str,
    label: str | None,
    file: IncomingFile,
    store: FileStore,
) -> TitleAttachment:
    """Store one PDF, JPG or PNG on the declarant's own editable declaration."""
    declaration = declarations.own_editable(session, user, declaration_id)
    cleaned = checked_file(file.content, DOCUMENT_TYPES, store.max_bytes)
    stored_name = f"{secrets.token_hex(16)}.{cleaned.extension}"
    store.directory.mkdir(parents=True, exist_ok=True)
    path = store.directory / stored_name
    path.write_bytes(cleaned.content)
    row = TitleAttachment(
        kind=kind,
        label=label or None,
        stored_name=stored_name,
        content_type=cleaned.content_type,
        size=len(cleaned.content),
        sha256=hashlib.sha256(cleaned.content).hexdigest(),
        original_name=display_name(file.filename),
        uploaded_by_id=user.id,
    )
    try:
        with committing(session, STALE):
            declaration.attachments.append(row)
            session.flush()
            declarations.record_event(
                session, declaration, user, "title_attach", details=_details(row)
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return row


def get_attachment(
    session: Session, user: User, declaration_id: int, attachment_id: int
) -> TitleAttachment:
    """A file for whoever may read the 附件 section: 404 outside scope, 403 without the
    section (or the series)."""
    declarations.section(session, user, declaration_id, ATTACHMENTS)
    row = session.get(TitleAttachment, attachment_id)
    if row is None or row.declaration_id != declaration_id:
        raise NotFound("附件不存在")
    return row


def delete_attachment(
    session: Session, user: User, declaration_id: int, attachment_id: int, store: FileStore
) -> None:
    """Only the declarant, only while draft or returned."""
    declaration = declarations.own_editable(session, user, declaration_id)
    row = next((a for a in declaration.attachments if a.id == attachment_id), None)
    if row is None:
        raise NotFound("附件不存在")
    with committing(session, STALE):
        declaration.attachments.remove(row)
        session.delete(row)
        declarations.record_event(session, declaration, user, "title_detach", details=_details(row))
    (store.directory / row.stored_name).unlink(missing_ok=True)


def _details(row: TitleAttachment) -> dict[str, str | int]:
    return {
        "kind": TITLE_ATTACHMENT_KINDS.get(row.kind, row.kind),
        "name": row.original_name,
        "sha256": row.sha256,
    }
