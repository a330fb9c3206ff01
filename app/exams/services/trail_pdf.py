"""The printable audit trail of one application: A4, a title, one block per event with its
hashes in small monospace, page numbers; the same data as the JSON export.

CJK text uses the font of app/platform/services/pdf.py. Hashes are ASCII and use the PDF core font
Courier (nothing to embed).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.platform.services.pdf import CJK, add_cjk_font
from handlers.clock import format_time
from handlers.exams.vocabulary import STATUS_LABELS

MONO = "Courier"
LINE = 5.0
HASH_LINE = 3.4


class TrailPdf(FPDF):
    """A4 portrait with the page number in every footer."""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(CJK, size=8)
        self.cell(0, 6, f"第 {self.page_no()} / {{nb}} 页", align="C")


def render(document: dict[str, Any], font: Path, font_index: int) -> bytes:
    """The PDF of an exported trail (trail.export's document)."""
    pdf = TrailPdf(format="A4")
    add_cjk_font(pdf, font, font_index)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_title(f"审计记录 {document['chain']}")
    pdf.add_page()
    _heading(pdf, document)
    for event in document["events"]:
        _event(pdf, event)
    _how_to_verify(pdf, document)
    return bytes(pdf.output())


def _heading(pdf: FPDF, document: dict[str, Any]) -> None:
    application = document["application"]
    pdf.set_font(CJK, size=16)
    pdf.cell(0, 10, "报名审核审计记录", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="C")
    pdf.set_font(CJK, size=10)
    lines = [
        f"报考人员：{application['name']}（{application['id_number']}）  单位：{application['org']}",
        f"年度：{application['year']}  当前状态：{STATUS_LABELS.get(application['status'], '')}"
        f"  记录链：{document['chain']}  共 {len(document['events'])} 条",
        f"导出时间：{_beijing(document['exported_at'])}（北京时间）  导出人：{document['exported_by']}",
    ]
    for line in lines:
        pdf.multi_cell(0, LINE, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _event(pdf: FPDF, event: dict[str, Any]) -> None:
    """One event: number, time, who, what, status change, comment; then its two hashes."""
    pdf.set_draw_color(200, 200, 200)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1)
    pdf.set_font(CJK, size=9)
    who = " · ".join(part for part in (event["actor_name"], event["org_name"]) if part)
    head = f"#{event['seq']}  {_beijing(event['at'])}  {who}  {event['action_label']}"
    if event["task_name"]:
        head += f"  [{event['task_name']}]"
    if event["definition_label"]:
        head += f"  流程版本 {event['definition_label']}"
    pdf.multi_cell(0, LINE, head, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if event["status_from"] != event["status_to"]:
        change = (
            f"状态：{STATUS_LABELS.get(event['status_from'] or '', '')} → "
            f"{STATUS_LABELS.get(event['status_to'] or '', '')}"
        )
        pdf.multi_cell(0, LINE, change, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if event["comment"]:
        pdf.multi_cell(0, LINE, f"意见：{event['comment']}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(MONO, size=6.5)
    pdf.multi_cell(0, HASH_LINE, f"prev {event['prev_hash']}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(0, HASH_LINE, f"hash {event['hash']}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _beijing(at: str) -> str:
    """A time of the document (as hashed: naive UTC with microseconds) as a person reads it;
    the JSON export keeps the exact value."""
    return format_time(datetime.fromisoformat(at))


def _how_to_verify(pdf: FPDF, document: dict[str, Any]) -> None:
    pdf.ln(3)
    pdf.set_font(CJK, size=8)
    note = (
        "校验方法：导出 JSON（?format=json）包含每条记录参与哈希的全部字段；"
        "使用 flask --app wsgi audit-verify --file <文件> 或 handlers/audit_chain.py 可离线校验。"
    )
    pdf.multi_cell(0, 4, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(MONO, size=6.5)
    pdf.multi_cell(0, HASH_LINE, document["how_to_verify"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
