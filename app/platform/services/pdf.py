"""The one place PDFs get their CJK font (audit trail, rosters).

fpdf2 reads TrueType/OpenType collections (.ttc) directly, so Debian's fonts-noto-cjk (Noto
Sans CJK SC, face 2 of NotoSansCJK-Regular.ttc) is used as installed and only the glyphs used
are embedded. PDF_FONT / PDF_FONT_INDEX choose another font.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from app.platform.services.errors import Unavailable

CJK = "cjk"


def add_cjk_font(pdf: FPDF, font: Path, font_index: int) -> None:
    """Register the CJK font as ``CJK``; a missing font file is a 503, not a server error."""
    if not font.is_file():
        raise Unavailable(f"未找到中文字体文件 {font}，无法生成 PDF（请安装 fonts-noto-cjk）")
    pdf.add_font(CJK, "", str(font), collection_font_number=font_index)
