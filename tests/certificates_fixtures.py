"""Helpers shared by the diploma tests (`test_diplomas.py`, `test_verify_routes.py`).

Not a conftest: the test modules import what they use from here.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from application import AttemptState, CourseApp, DiplomaRecord
from modules.catalog import load_course
from settings import Settings
from storage import learners

from .conftest import FIXTURE_CONTENT, settings_for, skip_or_fail

COURSE = load_course(FIXTURE_CONTENT)
MODULE = COURSE.module("mini").in_language("nl")
BASE_URL = "https://diploma.example.org"
PASSPHRASE = "een wachtzin voor de sleutels in de tests"
RIGHT = {"vraag-1": 0, "vraag-2": [0, 1], "vraag-3": [0, 1, 2], "vraag-4": [0]}
WRONG = {"vraag-1": 2, "vraag-2": [2], "vraag-3": [1, 2, 0], "vraag-4": [1]}
# The learner of the shared diploma, typed in decomposed form (NFD): e + U+0308, C + U+0327.
NFD_NAME = "Zoe\u0308 C\u0327elik-\u00d8nstad"
NFC_NAME = "Zo\u00eb \u00c7elik-\u00d8nstad"

# Debian package of each command-line tool the tests use.
TOOLS = {
    "zbarimg": "zbar-tools",
    "pdfsig": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfdetach": "poppler-utils",
    "pdftotext": "poppler-utils",
    "certutil": "libnss3-tools",
}


def require_tool(name: str) -> str:
    """The path of a Debian tool; skip when missing, but fail when REQUIRE_BROWSER=1 (CI)."""
    path = shutil.which(name)
    if path:
        return path
    skip_or_fail(f"{name} is not installed (apt-get install {TOOLS.get(name, name)})", "REQUIRE_BROWSER")


def run_tool(*args: str | Path, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    require_tool(str(args[0]))
    return subprocess.run([str(a) for a in args], input=input, capture_output=True, timeout=60)


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    """The fixture course with an SQLite file in `data_dir`, published at `BASE_URL`."""
    return settings_for(data_dir, public_base_url=BASE_URL, key_passphrase=PASSPHRASE, **overrides)


def take_quiz(app: CourseApp, learner_id: int, answers: dict[str, Any]) -> AttemptState:
    attempt = app.learning.start_attempt(learner_id, "mini")
    for i, question_id in enumerate(attempt.plan.question_ids):
        app.learning.save_answer(attempt.id, learner_id, question_id, answers[question_id], i + 1)
    return app.learning.submit(attempt.id, learner_id)


def passed_learner(app: CourseApp, name: str) -> int:
    info, _ = learners.register(app.db, name)
    assert take_quiz(app, info.id, RIGHT).passed
    return info.id


def issue_new(app: CourseApp, name: str, **kwargs: Any) -> DiplomaRecord:
    """A fresh learner who passed the course, and their diploma."""
    return app.diplomas.issue(passed_learner(app, name), **kwargs)


# --- editing PDFs after sealing -----------------------------------------------------------


def incremental_update(pdf: bytes, change: Callable[[IncrementalPdfFileWriter], None]) -> bytes:
    """The PDF with one incremental update appended (the signed bytes stay as they were)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    change(writer)
    output = io.BytesIO()
    writer.write(output)
    data = output.getvalue()
    assert data.startswith(pdf) and len(data) > len(pdf)  # really appended, not rewritten
    return data


def set_language(language: str) -> Callable[[IncrementalPdfFileWriter], None]:
    def change(writer: IncrementalPdfFileWriter) -> None:
        writer.root["/Lang"] = generic.pdf_string(language)
        writer.update_root()

    return change


def add_note(text: str) -> Callable[[IncrementalPdfFileWriter], None]:
    """A sticky-note annotation on page 1."""

    def change(writer: IncrementalPdfFileWriter) -> None:
        page_ref = writer.root["/Pages"].raw_get("/Kids")[0]
        page = page_ref.get_object()
        note = writer.add_object(
            generic.DictionaryObject(
                {
                    generic.NameObject("/Type"): generic.NameObject("/Annot"),
                    generic.NameObject("/Subtype"): generic.NameObject("/Text"),
                    generic.NameObject("/Rect"): generic.ArrayObject(
                        [generic.FloatObject(v) for v in (100, 100, 120, 120)]
                    ),
                    generic.NameObject("/Contents"): generic.pdf_string(text),
                }
            )
        )
        page[generic.NameObject("/Annots")] = generic.ArrayObject([note])
        writer.update_container(page)

    return change


def replace_embedded_credential(data: bytes) -> Callable[[IncrementalPdfFileWriter], None]:
    """Point the existing `credential.json` file specification at a new embedded stream."""
    from pyhanko.pdf_utils import embed

    def change(writer: IncrementalPdfFileWriter) -> None:
        names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for index in range(0, len(names), 2):
            if str(names[index]) == "credential.json":
                spec = names[index + 1].get_object()
                stream = embed.EmbeddedFileObject.from_file_data(
                    writer, data, mime_type="application/ld+json"
                )
                spec["/EF"] = generic.DictionaryObject({generic.NameObject("/F"): writer.add_object(stream)})
                writer.update_container(spec)
                return
        raise AssertionError("no credential.json in the PDF")

    return change


# --- reading HTML -------------------------------------------------------------------------


class PageParser(HTMLParser):
    """What the tests look at in a verification page: meta tags, links, lang, scripts, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.meta_properties: dict[str, list[str]] = {}
        self.meta_names: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.tags: list[str] = []
        self.title = ""
        self.text: list[str] = []
        self.classes: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if "class" in values:
            self.classes.extend(values["class"].split())
        if tag == "html":
            self.html_lang = values.get("lang")
        elif tag == "meta" and "property" in values:
            self.meta_properties.setdefault(values["property"], []).append(values.get("content", ""))
        elif tag == "meta" and "name" in values:
            self.meta_names[values["name"]] = values.get("content", "")
        elif tag == "link" and "rel" in values:
            self.links[values["rel"]] = values.get("href", "")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif data.strip():
            self.text.append(data.strip())

    def og(self, prop: str) -> str:
        """The one value of an OpenGraph property (fails when missing or repeated)."""
        values = self.meta_properties.get(prop, [])
        assert len(values) == 1, f"{prop}: {values}"
        return values[0]

    @property
    def body_text(self) -> str:
        return " ".join(self.text)


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser
