"""What an uploaded file really is, judged and proven by its bytes, never by its name or
declared type.

The first bytes (magic numbers, read by ``filetype``) only say what a file claims to be. The
claim is then proven by parsing the whole file, and what we keep is what the parser wrote back:
an image decoded and re-encoded without metadata, or a PDF rebuilt from its pages. Anything
appended to or hidden in the original (HTML after a PNG, an executable after ``%PDF-``, junk
after ``%%EOF``, a document-level script) does not survive, so a file we serve cannot be more
than the picture or pages the reviewer sees.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import filetype
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, PdfObject

JPEG, PNG, PDF = "jpg", "png", "pdf"
PHOTO_TYPES = frozenset({JPEG, PNG})
DOCUMENT_TYPES = frozenset({JPEG, PNG, PDF})
CONTENT_TYPES = {JPEG: "image/jpeg", PNG: "image/png", PDF: "application/pdf"}
_BY_MIME = {mime: extension for extension, mime in CONTENT_TYPES.items()}
# Pillow's format names for each type; cameras write multi-picture JPEGs (MPO).
_PILLOW_FORMATS = {JPEG: ("JPEG", "MPO"), PNG: ("PNG",)}
# Pillow refuses images far above our pixel limit itself, with a warning first (an error
# where warnings are errors, as in the tests) and an exception at twice its limit.
_PILLOW_BOMBS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
_UNPRINTABLE = {"Cc", "Cf", "Cs"}
_PDF_ACTIVE = {
    "script": "脚本（JavaScript）",
    "launch": "启动外部程序的动作",
    "embedded": "嵌入的附件",
}


class FileRejected(Exception):
    """The file is not one we keep; the message says why, in Chinese, for the uploader."""


@dataclass(frozen=True)
class FileLimits:
    """How large an image or PDF may be once parsed (the byte limit is checked before)."""

    max_pixels: int = 40_000_000
    max_side: int = 10_000
    max_pages: int = 200
    jpeg_quality: int = 90


@dataclass(frozen=True)
class CleanFile:
    """The bytes to store, re-written by the parser, and what they are."""

    content: bytes
    extension: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]


def clean_file(
    content: bytes, allowed: frozenset[str], limits: FileLimits = FileLimits()
) -> CleanFile:
    """The cleaned file if ``content`` is one of the ``allowed`` types and parses as one;
    FileRejected otherwise. Never raises anything else for bad input.
    """
    guess = filetype.guess(content)
    extension = _BY_MIME.get(guess.mime) if guess else None
    if extension is None or extension not in allowed:
        raise FileRejected(allowed_message(allowed))
    if extension == PDF:
        return CleanFile(_rewrite_pdf(content, limits), PDF)
    return CleanFile(_reencode_image(content, extension, limits), extension)


def allowed_message(allowed: frozenset[str]) -> str:
    return "仅支持JPEG、PNG图片或PDF文件" if PDF in allowed else "仅支持JPEG或PNG图片"


def display_name(filename: str, limit: int = 120) -> str:
    """The client's file name, shown to people and never used as a path: its last part after
    either separator, without control, format (e.g. right-to-left override, which makes
    ``x\u202egnp.exe`` read as ``xexe.png``) or surrogate characters, and its last ``limit``
    characters so the extension stays visible.
    """
    last = re.split(r"[\\/]", filename)[-1]
    kept = "".join(ch for ch in last if unicodedata.category(ch) not in _UNPRINTABLE).strip()
    return kept[-limit:] or "file"


def size_message(max_bytes: int) -> str:
    """The one wording of the byte limit (the browser check in form.js says the same)."""
    return f"文件过大：单个文件不能超过{round(max_bytes / 1024 / 1024, 1):g}MB"


def _reencode_image(content: bytes, extension: str, limits: FileLimits) -> bytes:
    """Decode the whole image (only once its header says it is small enough), turn it upright
    as its EXIF orientation says, and encode it again in the same format without metadata.
    """
    try:
        with Image.open(io.BytesIO(content), formats=_PILLOW_FORMATS[extension]) as image:
            _check_dimensions(image.size, limits)
            image.load()
            upright = ImageOps.exif_transpose(image)
        upright.info = {k: v for k, v in upright.info.items() if k == "transparency"}
        buffer = io.BytesIO()
        if extension == JPEG:
            upright.save(buffer, format="JPEG", quality=limits.jpeg_quality)
        else:
            upright.save(buffer, format="PNG")
    except FileRejected:
        raise
    except _PILLOW_BOMBS as error:
        raise FileRejected(_too_large(limits)) from error
    except Exception as error:  # Pillow's decoders raise many types on hostile input
        raise FileRejected("图片文件已损坏或不完整，无法读取") from error
    return buffer.getvalue()


def _check_dimensions(size: tuple[int, int], limits: FileLimits) -> None:
    width, height = size
    if width * height > limits.max_pixels or max(width, height) > limits.max_side:
        raise FileRejected(_too_large(limits))


def _too_large(limits: FileLimits) -> str:
    return (
        f"图片尺寸过大：不能超过{limits.max_pixels // 10_000}万像素，"
        f"且长、宽均不超过{limits.max_side}像素"
    )


def _rewrite_pdf(content: bytes, limits: FileLimits) -> bytes:
    """Parse the PDF, refuse what a viewer could run or open, and write its pages anew."""
    try:
        reader = PdfReader(io.BytesIO(content))
        problem = _pdf_problem(reader, limits)
        if problem is None:
            writer = PdfWriter()
            for page in reader.pages:
                writer.add_page(page)
            buffer = io.BytesIO()
            writer.write(buffer)
    except Exception as error:  # pypdf raises many types on hostile input; none may escape
        raise FileRejected("PDF文件已损坏或无法解析") from error
    if problem is not None:
        raise FileRejected(problem)
    return buffer.getvalue()


def _pdf_problem(reader: PdfReader, limits: FileLimits) -> str | None:
    if reader.is_encrypted:
        return "PDF文件已加密，请上传未加密的文件"
    pages = len(reader.pages)
    if pages == 0:
        return "PDF文件没有页面"
    if pages > limits.max_pages:
        return f"PDF文件页数过多：不能超过{limits.max_pages}页"
    found = {kind for obj in _reachable(reader.trailer.raw_get("/Root")) for kind in _active(obj)}
    if found:
        what = "、".join(label for kind, label in _PDF_ACTIVE.items() if kind in found)
        return f"PDF文件含有{what}，不能上传"
    return None


def _reachable(root: PdfObject) -> Iterator[DictionaryObject]:
    """Every dictionary (streams included) reachable from the document catalog, once each."""
    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject] = [root]
    while stack:
        obj: PdfObject | None = stack.pop()
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                continue
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            yield obj
            stack.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


def _active(obj: DictionaryObject) -> set[str]:
    """Which kinds of active content one dictionary carries: a JavaScript action or name tree,
    a launch action, or an embedded file (attachment, file annotation, embedded go-to).
    """
    kinds = set()
    action = obj.get("/S")
    if "/JS" in obj or "/JavaScript" in obj or action == "/JavaScript":
        kinds.add("script")
    if action == "/Launch":
        kinds.add("launch")
    if {"/EmbeddedFiles", "/EF"} & obj.keys() or action == "/GoToE":
        kinds.add("embedded")
    if obj.get("/Subtype") == "/FileAttachment" or obj.get("/Type") == "/EmbeddedFile":
        kinds.add("embedded")
    return kinds
