"""Uploaded files are judged by content and proven by parsing (handlers only, no Flask)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from handlers.files import DOCUMENT_TYPES, PHOTO_TYPES, FileRejected, clean_file, display_name
from tests.files import (
    blank_pdf,
    encrypted_pdf,
    huge_png,
    jpeg_with_exif,
    pdf_with_attachment,
    pdf_with_javascript,
    pdf_with_launch,
    png,
)


def test_pdf_header_followed_by_anything_else_is_refused():
    with pytest.raises(FileRejected, match="PDF文件已损坏或无法解析"):
        clean_file(b"%PDF-1.7\n" + b"MZ\x90\x00" + bytes(range(256)) * 40, DOCUMENT_TYPES)


def test_real_pdf_is_accepted_and_rewritten():
    original = blank_pdf(pages=2)
    cleaned = clean_file(original, DOCUMENT_TYPES)
    assert (cleaned.content_type, cleaned.extension) == ("application/pdf", "pdf")
    assert b"Zhang Wei" in original and b"Zhang Wei" not in cleaned.content
    assert len(PdfReader(io.BytesIO(cleaned.content)).pages) == 2


def test_junk_after_eof_is_not_kept():
    junk = b"\n<html><script>alert(1)</script></html>" + b"MZ" * 100
    cleaned = clean_file(blank_pdf() + junk, DOCUMENT_TYPES)
    assert b"<html" not in cleaned.content and b"MZMZ" not in cleaned.content
    assert cleaned.content.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (pdf_with_javascript("open_action"), "脚本（JavaScript）"),
        (pdf_with_javascript("names"), "脚本（JavaScript）"),
        (pdf_with_launch(), "启动外部程序"),
        (pdf_with_attachment(), "嵌入的附件"),
        (encrypted_pdf(), "已加密"),
        (blank_pdf(pages=0), "没有页面"),
    ],
)
def test_pdf_problems_are_refused_naming_them(content, named):
    with pytest.raises(FileRejected, match=named):
        clean_file(content, DOCUMENT_TYPES)


def test_pdf_page_limit():
    with pytest.raises(FileRejected, match="不能超过200页"):
        clean_file(blank_pdf(pages=201), DOCUMENT_TYPES)


def test_pdf_is_not_a_photo():
    with pytest.raises(FileRejected, match="仅支持JPEG或PNG图片"):
        clean_file(blank_pdf(), PHOTO_TYPES)


def test_png_with_html_appended_is_reencoded_without_it():
    original = png() + b"<html><script>alert(document.cookie)</script></html>"
    cleaned = clean_file(original, PHOTO_TYPES)
    assert (cleaned.content_type, cleaned.extension) == ("image/png", "png")
    assert b"<html" not in cleaned.content and b"<script" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.size == (30, 40) and image.getpixel((0, 0)) == (200, 30, 30)


@pytest.mark.parametrize(
    "size",
    [(20000, 20000), (7000, 7000), (12000, 10)],
    ids=["pillow-bomb", "over-40-megapixels", "side-over-10000"],
)
def test_huge_images_are_refused_before_decoding(size):
    with pytest.raises(FileRejected, match=r"4000万像素.*10000像素"):
        clean_file(huge_png(*size), PHOTO_TYPES)


def test_jpeg_is_turned_upright_and_loses_its_exif():
    original = jpeg_with_exif(size=(40, 20), orientation=6)  # rotated 90° clockwise
    cleaned = clean_file(original, PHOTO_TYPES)
    assert cleaned.content_type == "image/jpeg"
    assert b"Exif" in original and b"Exif" not in cleaned.content
    assert b"Secret Camera" not in cleaned.content
    with Image.open(io.BytesIO(cleaned.content)) as image:
        assert image.size == (20, 40) and not image.getexif()


def test_truncated_png_is_refused():
    original = png(size=(300, 300), noisy=True)
    with pytest.raises(FileRejected, match="损坏或不完整"):
        clean_file(original[: len(original) // 2], PHOTO_TYPES)


@pytest.mark.parametrize(
    "content",
    [
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01;",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00",
        b"",
    ],
    ids=["gif", "svg", "html", "exe", "empty"],
)
def test_other_types_are_refused_naming_the_allowed_ones(content):
    with pytest.raises(FileRejected, match="仅支持JPEG、PNG图片或PDF文件"):
        clean_file(content, DOCUMENT_TYPES)
    with pytest.raises(FileRejected, match="仅支持JPEG或PNG图片"):
        clean_file(content, PHOTO_TYPES)


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGBA", "I;16"])
def test_png_modes_survive_reencoding(mode):
    buffer = io.BytesIO()
    image = Image.new(mode, (8, 6))
    if mode == "P":
        image.info["transparency"] = 0
    image.save(buffer, format="PNG")
    with Image.open(io.BytesIO(clean_file(buffer.getvalue(), PHOTO_TYPES).content)) as cleaned:
        assert (cleaned.mode, cleaned.size) == (mode, (8, 6))
        assert ("transparency" in cleaned.info) == (mode == "P")


def test_cmyk_jpeg_is_kept_as_jpeg():
    buffer = io.BytesIO()
    Image.new("CMYK", (8, 6), (0, 50, 100, 0)).save(buffer, format="JPEG")
    with Image.open(io.BytesIO(clean_file(buffer.getvalue(), PHOTO_TYPES).content)) as cleaned:
        assert (cleaned.format, cleaned.mode) == ("JPEG", "CMYK")


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("../../etc/x.pdf", "x.pdf"),
        ("C:\\Users\\me\\证件照.png", "证件照.png"),
        ("a\x00b\x07.png", "ab.png"),
        ("x\u202egnp.exe", "xgnp.exe"),
        ("\ud800.png", ".png"),
        ("  /  ", "file"),
        ("长" * 200 + ".pdf", "长" * 116 + ".pdf"),
    ],
)
def test_display_name_is_a_printable_last_part(sent, shown):
    assert display_name(sent) == shown
