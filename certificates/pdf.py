"""Drawing the diploma: A4 landscape, embedded DejaVu fonts (all European names), and a
vector QR code to the verification page. Sealing happens afterwards (`sealing.py`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import qrcode
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from i18n import long_date, translate

# Binary streams instead of ASCII85: smaller files, and no time spent encoding.
rl_config.useA85 = 0

FONTS = Path(__file__).with_name("fonts")
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
INK = HexColor("#1b1b1b")
ACCENT = HexColor("#154273")
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
QR_SIZE = 32 * mm  # scans from print at arm's length; at least 25 mm


@dataclass(frozen=True)
class DiplomaContent:
    name: str
    course_title: str
    modules: list[str]
    issued_at: datetime
    issuer_name: str
    code: str
    verify_url: str
    language: str
    logo: Path | None = None


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def render(content: DiplomaContent) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    lang = content.language
    canvas.setTitle(f"{translate(lang, 'certificate.diploma')} – {content.name}")
    canvas.setAuthor(content.issuer_name)
    canvas.setSubject(content.course_title)
    canvas.setCreator(content.issuer_name)
    _frame(canvas)
    _header(canvas, content)
    _body(canvas, content)
    _footer(canvas, content)
    _qr(canvas, content.verify_url, PAGE_WIDTH - 22 * mm - QR_SIZE, 24 * mm)
    canvas.setFont(REGULAR, 8)
    canvas.drawCentredString(PAGE_WIDTH - 22 * mm - QR_SIZE / 2, 19 * mm, translate(lang, "certificate.scan"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(10 * mm, 10 * mm, PAGE_WIDTH - 20 * mm, PAGE_HEIGHT - 20 * mm)
    canvas.setLineWidth(0.75)
    canvas.rect(13 * mm, 13 * mm, PAGE_WIDTH - 26 * mm, PAGE_HEIGHT - 26 * mm)


def _header(canvas: Canvas, content: DiplomaContent) -> None:
    top = PAGE_HEIGHT - 24 * mm
    if content.logo and content.logo.exists():
        canvas.drawImage(
            str(content.logo),
            22 * mm,
            top - 14 * mm,
            height=16 * mm,
            width=48 * mm,
            preserveAspectRatio=True,
            anchor="sw",
            mask="auto",
        )
    else:
        canvas.setFillColor(ACCENT)
        canvas.setFont(BOLD, 12)
        canvas.drawString(22 * mm, top - 4 * mm, content.issuer_name)
    canvas.setFillColor(ACCENT)
    canvas.setFont(BOLD, 40)
    canvas.drawCentredString(
        PAGE_WIDTH / 2, top - 26 * mm, translate(content.language, "certificate.diploma").upper()
    )


def _body(canvas: Canvas, content: DiplomaContent) -> None:
    lang, centre = content.language, PAGE_WIDTH / 2
    canvas.setFillColor(INK)
    canvas.setFont(REGULAR, 13)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 66 * mm, translate(lang, "certificate.awarded_to"))
    size = _fitting_size(content.name, BOLD, 34, PAGE_WIDTH - 70 * mm)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 82 * mm, content.name)
    canvas.setFont(REGULAR, 13)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 94 * mm, translate(lang, "certificate.for_completing"))
    size = _fitting_size(content.course_title, BOLD, 18, PAGE_WIDTH - 70 * mm)
    canvas.setFont(BOLD, size)
    canvas.setFillColor(ACCENT)
    canvas.drawCentredString(centre, PAGE_HEIGHT - 104 * mm, content.course_title)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 10)
    canvas.drawString(22 * mm, PAGE_HEIGHT - 118 * mm, translate(lang, "certificate.modules"))
    canvas.setFont(REGULAR, 9.5)
    half = (len(content.modules) + 1) // 2
    for index, title in enumerate(content.modules):
        column, row = divmod(index, half)
        x = 22 * mm + column * (PAGE_WIDTH - 44 * mm - QR_SIZE) / 2
        canvas.drawString(x, PAGE_HEIGHT - (125 + 5.5 * row) * mm, f"✓  {title}")


def _footer(canvas: Canvas, content: DiplomaContent) -> None:
    lang, x = content.language, 22 * mm
    lines = [
        (translate(lang, "certificate.date"), long_date(content.issued_at, lang)),
        (translate(lang, "certificate.issuer"), content.issuer_name),
        (translate(lang, "certificate.code"), content.code),
        (translate(lang, "certificate.verify_at"), content.verify_url),
    ]
    for row, (label, value) in enumerate(lines):
        y = 42 * mm - row * 6 * mm
        canvas.setFont(BOLD, 9)
        canvas.drawString(x, y, f"{label}:")
        canvas.setFont(REGULAR, 9)
        canvas.drawString(x + 56 * mm, y, value)


def _fitting_size(value: str, font: str, largest: float, width: float) -> float:
    size = largest
    while size > 10 and pdfmetrics.stringWidth(value, font, size) > width:
        size -= 1
    return size


def _qr(canvas: Canvas, url: str, x: float, y: float) -> None:
    """The QR code as one vector path: each run of dark modules in a row is one rectangle."""
    # A fixed mask: every mask is valid and scans; scoring all eight cost 4 ms per diploma.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=0)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = QR_SIZE / len(matrix)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + QR_SIZE - (row_index + 1) * cell
        start = None
        for column, dark in enumerate([*row, False]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                path.rect(x + start * cell, top, (column - start) * cell, cell)
                start = None
    canvas.setFillColor(INK)
    canvas.drawPath(path, stroke=0, fill=1)
