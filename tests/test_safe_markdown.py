"""Course Markdown is made inert before it is shown (the guard behind validation)."""

import pytest

from modules.safe_markdown import inert

from .test_pages import open_page, signed_in


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Tekst <script>alert(1)</script>.", "Tekst &lt;script>alert(1)&lt;/script>."),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
        ("<!-- verborgen -->", "&lt;!-- verborgen -->"),
        ("[klik hier](javascript:alert(1))", "klik hier"),
        ("[klik]( JavaScript:alert(document.cookie) )", "klik"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "x"),
        ("[x](http://example.org)", "x"),
        ("<javascript:alert(1)>", "&lt;javascript:alert(1)>"),
    ],
)
def test_unsafe_text_is_made_inert(text: str, shown: str):
    assert inert(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "[de handreiking](https://www.example.org/handreiking_(2024))",
        "[mail ons](mailto:communicatie@gemeente.example)",
        "[verderop](#bronnen)",
        "![Een grafiek](images/grafiek.png)",
        "Als 3 < 5 en **vet** en `code < 1`",
    ],
)
def test_safe_text_is_unchanged(text: str):
    assert inert(text) == text


def test_the_lesson_page_shows_unsafe_text_inert(app, course_app, database):
    """Content edited on the server past validation still reaches the page inert."""
    lesson = course_app.catalog.builtin.module("mini").in_language("nl").lessons[0]
    object.__setattr__(lesson, "body", "Hallo <script>alert(1)</script> [klik](javascript:alert(1))")
    signed_in(app, database)
    open_page(app, "lesson", module="mini", lesson="1")
    assert not app.exception
    assert "Hallo &lt;script>alert(1)&lt;/script> klik" in [m.value for m in app.markdown]
