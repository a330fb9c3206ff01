"""What an uploaded file really is, judged by its bytes, never by its name or declared type."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
PDF = ("application/pdf", "pdf")


def sniff(content: bytes) -> tuple[str, str] | None:
    """(content type, extension) for a JPEG, PNG or PDF file; None for anything else."""
    if content.startswith(b"%PDF-"):
        return PDF
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = IMAGE_FORMATS.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return kind
