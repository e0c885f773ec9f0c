"""English and Dutch stay apart (issue 12 point 5): decimal comma in Dutch, our own words for
Streamlit's placeholders and upload limits, the format guide on the upload page."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from application import CourseApp
from storage import trainers

from .test_trainers import PASSWORD, log_in, open_page


def test_hours_have_a_decimal_comma_in_dutch(app: AppTest) -> None:
    app.run()
    total = next(c.value for c in app.caption if "uur" in c.value)
    assert re.search(r"ongeveer \d+(,\d)? uur", total) and "." not in total.split("uur")[0], total
    app.query_params["lang"] = "en"
    app.session_state["lang"] = "en"
    app.run()
    total = next(c.value for c in app.caption if "hours" in c.value)
    assert re.search(r"About \d+(\.\d)? hours", total) and "," not in total.split("hours")[0], total


def test_selectboxes_and_uploads_speak_the_page_language(app: AppTest, course_app: CourseApp) -> None:
    trainers.add(course_app.db, "anna@example.nl", PASSWORD)
    open_page(app, "trainer_results")
    log_in(app, "anna@example.nl", PASSWORD)
    assert app.selectbox and all(sb.proto.placeholder == "Kies…" for sb in app.selectbox)
    app.switch_page("views/trainer_upload.py").run()
    assert any(c.value.startswith("YAML-bestanden (.yaml, .yml) of een ZIP") for c in app.caption)
    guide = next(b for b in app.get("download_button") if b.proto.label.startswith("Handleiding"))
    assert guide.proto.label == "Handleiding bij het cursusformaat downloaden"
