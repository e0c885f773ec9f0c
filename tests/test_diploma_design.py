"""The diploma people share (issue 12): the organisation's mark, what was learned with its
study load, a signature line, the workshop and date, fonts embedded; QR, code and seal kept.
Rendered to PNG (kept in test-artifacts/ to look at)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from application import create_app

from .conftest import ROOT, settings_for


def test_the_diploma_carries_mark_outcomes_signature_and_workshop(tmp_path: Path) -> None:
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) not installed")
    settings = replace(
        settings_for(tmp_path),
        diploma_signer_name="Drs. Marieke de Vries",
        diploma_signer_role="Hoofd Communicatie",
    )
    app = create_app(settings)
    try:
        workshop = app.workshops.open(
            "Workshop sociale media, Utrecht", date(2026, 12, 7), by="anna@example.nl"
        )
        learner, _ = app.learners.start("Zoë Çelik-Ønstad", workshop_code=workshop.code)
        diploma = app.diplomas.issue(learner.id, require_passed=False)
        pdf = tmp_path / "diploma.pdf"
        pdf.write_bytes(app.diplomas.pdf(diploma))
    finally:
        app.close()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    for expected in (
        "Zoë Çelik-Ønstad",
        "Drs. Marieke de Vries",
        "Hoofd Communicatie",
        "Workshop sociale media, Utrecht",
        "Studielast ca.",
        "uur",
        diploma.code,
        "Testorganisatie",  # the default mark and the name beside it
    ):
        assert expected in text, (expected, text)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert all(" yes " in line for line in fonts.splitlines()[2:]), fonts  # every font embedded
    out = ROOT / "test-artifacts" / "diploma-design"
    out.parent.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(out)], check=True)
    assert (out.parent / "diploma-design.png").stat().st_size > 10_000
