"""The 1200x627 preview card that LinkedIn and others show for a verification link.

Drawn directly (not a letterboxed page of the PDF, whose A4 shape does not fit
1.91:1), with the same fonts as the PDF so every European name renders.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from i18n import long_date, translate

from .pdf import FONTS
from .record import DiplomaRecord

WIDTH, HEIGHT = 1200, 627
ACCENT, INK, MUTED, WHITE, RED = "#154273", "#1b1b1b", "#4a4a4a", "#ffffff", "#a4161a"


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _fitted(
    draw: ImageDraw.ImageDraw, value: str, bold: bool, largest: int, width: int
) -> ImageFont.FreeTypeFont:
    size = largest
    while size > 18 and draw.textlength(value, font=_font(bold, size)) > width:
        size -= 2
    return _font(bold, size)


def render_preview(diploma: DiplomaRecord, lang: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 110), fill=ACCENT)
    heading = translate(lang, "card.plain" if diploma.revoked else "card.verified")
    draw.text((60, 34), heading, font=_font(True, 40), fill=WHITE)
    draw.rectangle((0, HEIGHT - 14, WIDTH, HEIGHT), fill=ACCENT)
    name_font = _fitted(draw, diploma.name, True, 76, WIDTH - 120)
    draw.text((60, 170), diploma.name, font=name_font, fill=INK)
    course_font = _fitted(draw, diploma.course_title, True, 42, WIDTH - 120)
    draw.text((60, 290), diploma.course_title, font=course_font, fill=ACCENT)
    issued = translate(
        lang, "card.issued", issuer=diploma.issuer_name, date=long_date(diploma.issued_at, lang)
    )
    draw.text((60, 380), issued, font=_fitted(draw, issued, False, 30, WIDTH - 120), fill=MUTED)
    draw.text((60, 520), diploma.code, font=_font(False, 26), fill=MUTED)
    if diploma.revoked:
        draw.rectangle((WIDTH - 500, 440, WIDTH - 60, 540), outline=RED, width=6)
        draw.text(
            (WIDTH - 280, 490), translate(lang, "card.revoked"), font=_font(True, 44), fill=RED, anchor="mm"
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
