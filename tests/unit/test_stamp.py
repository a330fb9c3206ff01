"""The ID-number stamp drawn on an ID-card photo (handlers.exams.stamp)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from handlers.exams.stamp import BAND_SHARE, stamp_id_number

ID = "41018119900315001X"


def _image(size: tuple[int, int], fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 140, 160)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(("size", "fmt"), [((856, 540), "JPEG"), ((320, 200), "PNG"), ((30, 40), "PNG")])
def test_band_with_the_number_at_the_bottom_same_size_and_format(size, fmt):
    stamped = Image.open(io.BytesIO(stamp_id_number(_image(size, fmt), ID)))
    assert stamped.format == fmt and stamped.size == size
    gray = stamped.convert("L")
    width, height = size
    band_top = height - max(int(height * BAND_SHARE), 16)
    above = [gray.getpixel((x, y)) for x in range(0, width, 3) for y in range(0, band_top - 2, 3)]
    band = [gray.getpixel((x, y)) for x in range(width) for y in range(band_top + 1, height)]
    assert max(above) - min(above) <= 4  # nothing drawn above the band (JPEG noise aside)
    assert min(band) < min(above)  # the band darkens the card, semi-transparent: not black
    assert min(band) > 0
    if width > 100:
        assert max(band) > 230  # white digits, legible on the band


def test_digits_scale_with_the_image():
    def white_rows(size):
        gray = Image.open(io.BytesIO(stamp_id_number(_image(size, "PNG"), ID))).convert("L")
        return sum(
            1 for y in range(size[1]) if any(gray.getpixel((x, y)) > 230 for x in range(size[0]))
        )

    assert white_rows((1712, 1080)) > 1.6 * white_rows((856, 540))
