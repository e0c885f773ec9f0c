"""Reading a content folder: modules, translations and the course's module list."""

from pathlib import Path

import pytest

from modules.catalog import ContentError, check_content, check_module, load_course, read_folder

from .conftest import FIXTURE_CONTENT, ROOT


def fixture_files() -> dict[str, bytes]:
    return read_folder(FIXTURE_CONTENT)


def test_fixture_course_loads_in_order():
    course = load_course(FIXTURE_CONTENT)
    assert course.module_ids == ["mini"]
    assert course.about("nl").title == "Testcursus"
    assert course.about("en").title == "Testcursus"  # falls back to Dutch


def test_builtin_course_is_valid():
    course = load_course(ROOT / "content")
    assert course.about("nl").modules == course.module_ids
    assert "en" in course.info


def english_copy(files: dict[str, bytes], edit=lambda text: text) -> dict[str, bytes]:
    dutch = files["mini/module.nl.yaml"].decode()
    return {
        **files,
        "mini/module.en.yaml": edit(dutch.replace("Titel van de module", "Module title")).encode(),
    }


def test_translation_with_same_structure_is_accepted():
    course, problems = check_content(english_copy(fixture_files()))
    assert problems == []
    assert course.module("mini").in_language("en").title == "Module title"
    assert course.module("mini").in_language("de").title == "Titel van de module"


def test_translation_with_other_answers_is_refused():
    files = english_copy(fixture_files(), lambda t: t.replace("points: 2", "points: 3"))
    _, problems = check_content(files)
    assert [p.code for p in problems] == ["translation_mismatch"]
    assert problems[0].file == "mini/module.en.yaml"
    assert "vraag-4" in problems[0].message()


def test_translation_without_dutch_is_refused():
    files = fixture_files()
    files["mini/module.en.yaml"] = files.pop("mini/module.nl.yaml")
    _, problems = check_content(files)
    assert {p.code for p in problems} == {"translation_without_dutch"}


def test_course_naming_a_missing_module():
    files = fixture_files()
    files["course.nl.yaml"] += b"  - bestaat-niet\n"
    last_line = len(files["course.nl.yaml"].splitlines())  # the line just added
    _, problems = check_content(files)
    assert [(p.code, p.line) for p in problems] == [("course_unknown_module", last_line)]


def test_two_modules_with_one_id():
    files = fixture_files()
    files["kopie/module.nl.yaml"] = files["mini/module.nl.yaml"]
    _, problems = check_content(files)
    assert [p.code for p in problems] == ["duplicate_module"]


def test_images_must_exist_in_the_module_folder():
    files = fixture_files()
    files["mini/module.nl.yaml"] = files["mini/module.nl.yaml"].replace(
        b"Wat er gebeurde, en wat je ervan leert.", b"![Een foto](images/foto.png)"
    )
    _, problems = check_content(files)
    assert [p.code for p in problems] == ["image_missing"]
    files["mini/images/foto.png"] = b"\x89PNG"
    course, problems = check_content(files)
    assert problems == [] and course.module("mini").image("images/foto.png") == b"\x89PNG"


def test_digest_changes_with_the_content():
    a, _ = check_module({"module.nl.yaml": fixture_files()["mini/module.nl.yaml"]})
    changed = fixture_files()["mini/module.nl.yaml"].replace(b"Titel van de les", b"Andere titel")
    b, _ = check_module({"module.nl.yaml": changed})
    assert a.digest != b.digest


def test_load_course_raises_with_all_problems(tmp_path: Path):
    (tmp_path / "course.nl.yaml").write_text("id: x\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(tmp_path)
    assert {p.code for p in caught.value.problems} == {"missing_key"}
