"""Uploaded files kept on disk, checked by content and size: where they go (``FileStore``)
and what any uploaded file of ours must be (``checked_file``). What a product stores (an
application's materials, a declaration's attachments) is its own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.platform.services.errors import Invalid
from handlers.files import (
    CleanFile,
    FileRejected,
    clean_file,
    size_message,
)


class FileTooLarge(Invalid):
    """Over the byte limit: the same 413 the API answers when the whole body is too large."""

    code = "file_too_large"
    status = 413


@dataclass(frozen=True)
class IncomingFile:
    """A file as a client sent it. The name is for display only; ``year`` ties appraisal
    evidence to one year of the grade-1 table.
    """

    filename: str
    content: bytes
    year: int | None = None


@dataclass(frozen=True)
class FileStore:
    """Where files go and how big they may be."""

    directory: Path
    max_bytes: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> FileStore:
        return cls(Path(config["UPLOAD_DIR"]), config["MAX_UPLOAD_BYTES"])


def checked_file(content: bytes, allowed: frozenset[str], max_bytes: int) -> CleanFile:
    """Any uploaded file of ours (application materials, title attachments): not empty,
    within ``max_bytes``, of an ``allowed`` type by content and rewritten by its parser;
    Invalid (413 when too large) on ``file`` otherwise."""
    if not content:
        raise Invalid("文件为空", {"file": "请选择文件"})
    if len(content) > max_bytes:
        raise FileTooLarge(size_message(max_bytes), {"file": size_message(max_bytes)})
    try:
        return clean_file(content, allowed)
    except FileRejected as error:
        raise Invalid(str(error), {"file": str(error)}) from error
