"""Validation of module files: every problem named with line, column and a plain message."""

import subprocess
import sys
from pathlib import Path

import pytest

from modules.validation import validate_text

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = (ROOT / "docs" / "module-template.nl.yaml").read_text(encoding="utf-8")


def line_of(text: str, snippet: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(snippet, index + 1)
    return text[:index].count("\n") + 1


def problems(text: str, name: str = "module.nl.yaml"):
    return validate_text(name, text).problems


def only(text: str):
    found = problems(text)
    assert len(found) == 1, [p.format() for p in found]
    return found[0]


def test_template_is_valid():
    checked = validate_text("module.nl.yaml", TEMPLATE)
    assert checked.ok, [p.format() for p in checked.problems]
    assert checked.model.id == "mijn-module"


def test_example_in_the_format_reference_is_valid():
    doc = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n")[-1].split("```")[0]
    assert validate_text("module.nl.yaml", example).ok


def test_unknown_key_suggests_the_right_one():
    text = TEMPLATE.replace("feedback: Waarom dit het beste is", "feedbak: Waarom dit het beste is")
    found = problems(text)
    codes = {p.code for p in found}
    assert "unknown_key_suggest" in codes and "missing_key" in codes
    typo = next(p for p in found if p.code == "unknown_key_suggest")
    assert typo.line == line_of(text, "feedbak:")
    assert "bedoelde u 'feedback'?" in typo.message("nl")
    assert "did you mean 'feedback'?" in typo.message("en")


def test_unknown_key_without_close_match_lists_allowed_keys():
    text = TEMPLATE.replace("estimated_minutes: 30", "estimated_minutes: 30\nauthor: Piet")
    found = only(text)
    assert found.code == "unknown_key" and found.line == line_of(text, "author:")
    assert "summary" in found.message()


def test_missing_key_points_at_its_parent():
    text = TEMPLATE.replace("    title: Titel van de les\n", "")
    found = only(text)
    assert found.code == "missing_key"
    assert found.line == line_of(text, "  - id: eerste-les")
    assert "'title' ontbreekt in lessons[1]" in found.message()


def test_single_question_without_correct_option():
    text = TEMPLATE.replace(
        "          correct: true\n          feedback: Waarom dit het beste",
        "          feedback: Waarom dit het beste",
    )
    found = only(text)
    assert found.code == "single_no_correct"
    assert found.line == line_of(text, "options:")


def test_single_question_with_two_correct_options():
    text = TEMPLATE.replace(
        "          credit: 0.5           # optioneel: deels goed", "          correct: true"
    )
    found = only(text)
    assert found.code == "single_many_correct"
    assert found.line == line_of(text, "correct: true", 2)


def test_next_naming_no_node():
    text = TEMPLATE.replace("next: slecht-einde", "next: slecht-eind")
    found = only(text)
    assert found.code == "unknown_node" and found.params["node"] == "slecht-eind"
    assert found.line == line_of(text, "next: slecht-eind")


def test_node_from_which_no_ending_can_be_reached():
    text = TEMPLATE.replace(
        "        - id: slecht-einde\n          ending: true\n          text: Hoe het slecht afloopt.\n",
        "        - id: slecht-einde\n          text: Hoe het slecht afloopt.\n          choices:\n"
        "            - text: Nog eens\n              next: doodlopend\n              feedback: Helaas.\n"
        "        - id: doodlopend\n          text: Hier kom je niet meer weg.\n          choices: []\n",
    )
    codes = {(p.code, p.params.get("node")) for p in problems(text)}
    assert ("no_ending_reachable", "slecht-einde") in codes
    assert ("node_without_choices", "doodlopend") in codes


def test_cycle_in_a_scenario():
    text = TEMPLATE.replace("next: slecht-einde", "next: begin")
    assert {p.code for p in problems(text)} >= {"branching_cycle"}


def test_duplicate_question_id():
    text = TEMPLATE.replace("- id: vraag-2", "- id: vraag-1")
    found = only(text)
    assert found.code == "duplicate_id" and found.line == line_of(text, "- id: vraag-1", 2)


def test_missing_feedback_on_an_option():
    text = TEMPLATE.replace("          feedback: Waarom deze stap niet hoort.\n", "")
    found = only(text)
    assert found.code == "missing_key" and found.params["key"] == "feedback"
    assert found.line == line_of(text, "- text: Onjuiste stap")


def test_missing_feedback_on_a_branching_choice():
    text = TEMPLATE.replace("              feedback: Wat er misgaat en waarom.\n", "")
    found = only(text)
    assert found.code == "missing_key" and "choices[2]" in found.message()


def test_draw_larger_than_pool():
    text = TEMPLATE.replace("draw: 3 ", "draw: 9 ")
    found = only(text)
    assert found.code == "draw_too_large" and found.line == line_of(text, "draw: 9")
    assert "er zijn maar 4 vragen" in found.message()


def test_unknown_question_kind():
    text = TEMPLATE.replace("kind: order ", "kind: ordering ")
    found = only(text)
    assert found.code == "unknown_kind" and found.line == line_of(text, "kind: ordering")


def test_wrong_type_is_explained():
    text = TEMPLATE.replace("estimated_minutes: 30", "estimated_minutes: een half uur")
    found = only(text)
    assert found.code == "type:int_parsing" and "geheel getal" in found.message()


def test_raw_html_is_refused_at_its_line():
    text = TEMPLATE.replace("Gewone tekst in **Markdown**.", "Gewone tekst <script>alert(1)</script>.")
    found = only(text)
    assert found.code == "html_not_allowed"
    assert (found.line, found.column) == (line_of(text, "<script>"), 20)


def test_links_must_be_https():
    text = TEMPLATE.replace("(https://www.example.org/handreiking)", "(javascript:alert(1))")
    assert only(text).code == "link_not_https"


def test_images_need_alt_text_and_a_local_file():
    text = TEMPLATE.replace("Een link:", "![](https://tracker.example/pixel.png) Een link:")
    codes = {p.code for p in problems(text)}
    assert codes == {"image_no_alt", "image_not_local"}


def test_scores_out_of_range():
    text = TEMPLATE.replace("credit: 0.5 ", "credit: 1.5 ")
    assert only(text).code == "type:less_than_equal"


def test_file_name_must_carry_a_language():
    assert problems(TEMPLATE, "module.yaml")[0].code == "file_language"


def test_messages_exist_in_both_languages_for_every_code_used():
    from .test_i18n import language_file

    problems = {
        lang: {key for key in language_file(lang) if key.startswith("problem.")} for lang in ("nl", "en")
    }
    assert problems["nl"] == problems["en"] and len(problems["nl"]) > 50


# The command line


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "modules", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def test_cli_exits_0_on_valid_content():
    result = run_cli("validate", "tests/fixtures/content")
    assert result.returncode == 0 and result.stdout == ""


@pytest.fixture
def broken_module(tmp_path: Path) -> Path:
    folder = tmp_path / "kapot"
    folder.mkdir()
    text = TEMPLATE.replace("draw: 3 ", "draw: 9 ").replace("next: slecht-einde", "next: nergens")
    (folder / "module.nl.yaml").write_text(text, encoding="utf-8")
    return folder


def test_cli_prints_one_line_per_problem_and_exits_1(broken_module: Path):
    result = run_cli("validate", str(broken_module))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    text = (broken_module / "module.nl.yaml").read_text()
    assert lines[0] == (
        f"{broken_module}/module.nl.yaml:{line_of(text, 'draw: 9')}:9: "
        "draw is 9, maar er zijn maar 4 vragen; verlaag draw of voeg vragen toe"
    )
    assert lines[1].startswith(f"{broken_module}/module.nl.yaml:{line_of(text, 'next: nergens')}:")
    assert "2 problemen gevonden" in result.stderr


def test_cli_in_english(broken_module: Path):
    result = run_cli("validate", "--lang", "en", str(broken_module / "module.nl.yaml"))
    assert result.returncode == 1
    assert "there is no node with id 'nergens'" in result.stdout


def test_cli_never_shows_a_traceback_for_malformed_yaml(tmp_path: Path):
    bad = tmp_path / "module.nl.yaml"
    bad.write_text("id: x\n  title: [\n", encoding="utf-8")
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(f"{bad}:")


def test_cli_missing_path(tmp_path: Path):
    result = run_cli("validate", str(tmp_path / "nope"))
    assert result.returncode == 1 and "bestaat niet" in result.stdout


def test_a_hashtag_that_yaml_reads_as_a_comment_is_reported():
    text = TEMPLATE.replace("- text: Eerste stap\n", "- text: Schrijf de hashtag als #Wateroverlast\n")
    found = only(text)
    assert found.code == "text_cut_by_comment" and found.line == line_of(text, "#Wateroverlast")
    assert "aanhalingstekens" in found.message()
    quoted = TEMPLATE.replace("- text: Eerste stap\n", '- text: "Schrijf de hashtag als #Wateroverlast"\n')
    assert problems(quoted) == []


def test_all_problems_of_a_file_in_one_pass() -> None:
    """Issue 12 point 13: a schema error no longer hides the module-wide checks (a duplicate
    id, a draw larger than the pool) until it is fixed."""
    from pathlib import Path

    text = (Path(__file__).parent / "fixtures" / "content" / "mini" / "module.nl.yaml").read_text()
    broken = (
        text.replace("  - id: eerste-les\n", "  - id: eerste-les\n    kleur: rood\n", 1)  # unknown key
        .replace("    - id: vraag-2\n", "    - id: vraag-1\n", 1)  # duplicate question id
        .replace("  draw: 3 ", "  draw: 9 ", 1)  # more than the 4 questions
    )
    codes = {p.code for p in validate_text("module.nl.yaml", broken).problems}
    assert {"duplicate_id", "draw_too_large"} <= codes and any(c.startswith("unknown_key") for c in codes), (
        codes
    )
