"""添加身份证号: the applicant's ID number stamped onto their ID-card photo, so a printed or
forwarded copy says whose card it is. The original is never changed; this makes a new image.

The front of a second-generation ID card carries the portrait on the right and the printed
number along the bottom, so the stamp is a semi-transparent band across the bottom of the
image with the number on its left, clear of the face. Only digits and X are drawn, so
Pillow's bundled scalable font suffices (no CJK font needed); its size follows the image so
the number stays legible on a phone snapshot and on a scan alike.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

BAND_SHARE = 0.14  # band height as a share of the image height
MIN_FONT_PX = 12
BAND_RGBA = (0, 0, 0, 150)  # black at ~60% opacity: the card stays visible through it
TEXT_RGBA = (255, 255, 255, 255)
FORMATS = {"JPEG": "JPEG", "PNG": "PNG"}


def stamp_id_number(content: bytes, id_number: str) -> bytes:
    """A copy of the image ``content`` (JPEG or PNG, as stored) with ``id_number`` in a band
    at the bottom, in the same format."""
    with Image.open(io.BytesIO(content)) as original:
        kind = FORMATS.get(original.format or "", "PNG")
        base = original.convert("RGBA")
    width, height = base.size
    band = max(int(height * BAND_SHARE), MIN_FONT_PX + 4)
    font = _font_fitting(id_number, int(band * 0.7), int(width * 0.9))
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((0, height - band, width, height), fill=BAND_RGBA)
    left, top, _, bottom = draw.textbbox((0, 0), id_number, font=font)
    y = height - band + (band - (bottom - top)) // 2 - top
    draw.text((max(int(width * 0.04), 2) - left, y), id_number, font=font, fill=TEXT_RGBA)
    stamped = Image.alpha_composite(base, overlay)
    out = io.BytesIO()
    if kind == "JPEG":
        stamped.convert("RGB").save(out, "JPEG", quality=92)
    else:
        stamped.save(out, "PNG")
    return out.getvalue()


def _font_fitting(
    text: str, size: int, max_width: int
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The largest font up to ``size`` pixels whose rendering of ``text`` fits ``max_width``."""
    size = max(size, MIN_FONT_PX)
    font = ImageFont.load_default(size)
    while size > MIN_FONT_PX and font.getlength(text) > max_width:
        size -= 1
        font = ImageFont.load_default(size)
    return font
