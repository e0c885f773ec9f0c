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
SOFT = HexColor("#e8eef5")
MUTED = HexColor("#4a4a4a")
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
    module_minutes: list[int] | None = None  # study load per module, in the order of `modules`
    signer_name: str | None = None
    signer_role: str | None = None
    workshop: str | None = None  # the workshop's title, when the learner took part in one


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS / "DejaVuSans-Bold.ttf")))


def render(content: DiplomaContent) -> bytes:
    _register_fonts()
    buffer = io.BytesIO()
    # The embedded font from the start: reportlab would otherwise name Helvetica, not embedded.
    canvas = Canvas(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        pageCompression=1,
        initialFontName=REGULAR,  # type: ignore[arg-type]  # types-reportlab says float; it is a name
        initialFontSize=10,
    )
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
        _mark(canvas, content.issuer_name, 22 * mm, top - 14 * mm)
    canvas.setFillColor(ACCENT)
    canvas.setFont(BOLD, 40)
    canvas.drawCentredString(
        PAGE_WIDTH / 2, top - 26 * mm, translate(content.language, "certificate.diploma").upper()
    )


def _mark(canvas: Canvas, organisation: str, x: float, y: float) -> None:
    """The default mark when the organisation gives no logo: its initials in a ring, and its
    name beside it."""
    radius = 7.5 * mm
    initials = "".join(word[0] for word in organisation.split() if word[:1].isalpha())[:3].upper() or "•"
    canvas.setFillColor(ACCENT)
    canvas.circle(x + radius, y + radius, radius, stroke=0, fill=1)
    canvas.setStrokeColor(SOFT)
    canvas.setLineWidth(1.2)
    canvas.circle(x + radius, y + radius, radius - 1.4 * mm, stroke=1, fill=0)
    canvas.setFillColor(SOFT)
    canvas.setFont(BOLD, _fitting_size(initials, BOLD, 13, radius * 1.3))
    canvas.drawCentredString(x + radius, y + radius - 1.6 * mm, initials)
    canvas.setFillColor(ACCENT)
    canvas.setFont(BOLD, 12)
    canvas.drawString(x + 2 * radius + 4 * mm, y + radius - 1.5 * mm, organisation)


def _hours(minutes: int, lang: str) -> str:
    """A study load as people say it: "ca. 5 uur", "about 5 hours" (half hours for short ones)."""
    hours = round(minutes / 30) / 2 if minutes < 180 else round(minutes / 60)
    shown = f"{hours:g}".replace(".", ",") if lang == "nl" else f"{hours:g}"
    return translate(lang, "certificate.hours", hours=shown)


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
    minutes = content.module_minutes or []
    if minutes:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 10.5)
        canvas.drawCentredString(
            centre,
            PAGE_HEIGHT - 111 * mm,
            translate(lang, "certificate.study_load", load=_hours(sum(minutes), lang)),
        )
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 10)
    canvas.drawString(22 * mm, PAGE_HEIGHT - 120 * mm, translate(lang, "certificate.modules"))
    canvas.setFont(REGULAR, 9.5)
    half = (len(content.modules) + 1) // 2
    for index, title in enumerate(content.modules):
        column, row = divmod(index, half)
        x = 22 * mm + column * (PAGE_WIDTH - 44 * mm - QR_SIZE) / 2
        load = f"  ({_hours(minutes[index], lang)})" if index < len(minutes) else ""
        canvas.drawString(x, PAGE_HEIGHT - (127 + 5.5 * row) * mm, f"✓  {title}{load}")


def _footer(canvas: Canvas, content: DiplomaContent) -> None:
    lang, x = content.language, 22 * mm
    lines = [
        (translate(lang, "certificate.date"), long_date(content.issued_at, lang)),
        *([(translate(lang, "certificate.workshop"), content.workshop)] if content.workshop else []),
        (translate(lang, "certificate.issuer"), content.issuer_name),
        (translate(lang, "certificate.code"), content.code),
        (translate(lang, "certificate.verify_at"), content.verify_url),
    ]
    _signature(canvas, content)
    for row, (label, value) in enumerate(lines):
        y = (42 + 6 * (len(lines) - 4)) * mm - row * 6 * mm
        canvas.setFont(BOLD, 9)
        canvas.drawString(x, y, f"{label}:")
        canvas.setFont(REGULAR, 9)
        canvas.drawString(x + 56 * mm, y, value)


def _signature(canvas: Canvas, content: DiplomaContent) -> None:
    """A signature line with the name and role of the person responsible for the course."""
    if not content.signer_name:
        return
    # Above the footer's lines and left of the QR code, clear of the long verification address.
    width, x = 70 * mm, PAGE_WIDTH - 32 * mm - QR_SIZE - 70 * mm
    y = 62 * mm
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.6)
    canvas.line(x, y, x + width, y)
    canvas.setFillColor(INK)
    canvas.setFont(BOLD, 10)
    canvas.drawString(x, y - 5 * mm, content.signer_name)
    if content.signer_role:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 9)
        canvas.drawString(x, y - 10 * mm, content.signer_role)


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
