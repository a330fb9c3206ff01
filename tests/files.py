"""Sample upload files, good and hostile, built in memory (nothing written to /tmp)."""

from __future__ import annotations

import io
import os
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject


def png(size: tuple[int, int] = (30, 40), color=(200, 30, 30), noisy: bool = False) -> bytes:
    """A real PNG; ``noisy`` fills it with random pixels so it does not compress away."""
    if noisy:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (1-bit greyscale) followed by a tiny
    compressed stream: a few hundred bytes that would decode to hundreds of megabytes.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 10_000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def jpeg_with_exif(size: tuple[int, int], orientation: int) -> bytes:
    """A JPEG whose EXIF says how to turn it and names a camera (metadata to be dropped)."""
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x0110] = "Secret Camera"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def blank_pdf(pages: int = 1) -> bytes:
    """Blank A4 pages (none is a valid PDF too, but not a document to keep), with an author in the document information."""
    writer = _writer(pages)
    writer.add_metadata({"/Author": "Zhang Wei"})
    return _write(writer)


def encrypted_pdf() -> bytes:
    writer = _writer(1)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    return _write(writer)


def pdf_with_javascript(where: str) -> bytes:
    """A script run on open, either as the catalog's OpenAction or in its JavaScript names."""
    writer = _writer(1)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('x')"),
        }
    )
    if where == "open_action":
        writer.root_object[NameObject("/OpenAction")] = action
    else:
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("x"), action])}
        )
        writer.root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): tree}
        )
    return _write(writer)


def pdf_with_launch() -> bytes:
    """A page that launches a program when it opens (its additional actions)."""
    writer = _writer(1)
    launch = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): launch})
    return _write(writer)


def pdf_with_attachment() -> bytes:
    writer = _writer(1)
    writer.add_attachment("setup.exe", b"MZ\x90\x00" * 10)
    return _write(writer)


def _writer(pages: int) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    return writer


def _write(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
