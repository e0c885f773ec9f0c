"""Safe YAML reading: hostile files are refused with a position, never a traceback."""

import pytest

from modules.yamlsafe import MAX_BYTES, MAX_DEPTH, YamlProblem, load_located


def problem(text: str | bytes) -> YamlProblem:
    with pytest.raises(YamlProblem) as caught:
        load_located(text)
    return caught.value


def test_positions_of_values_and_keys_are_one_based():
    doc = load_located("id: demo\nlessons:\n  - id: one\n    title: Een\n")
    assert doc.data == {"id": "demo", "lessons": [{"id": "one", "title": "Een"}]}
    assert (doc.positions[("lessons", 0, "title")].line, doc.positions[("lessons", 0, "title")].column) == (
        4,
        12,
    )
    assert doc.key_positions[("lessons",)].line == 2
    assert doc.position_of(("lessons", 0, "missing")).line == 3


def test_line_of_a_snippet_inside_a_block_scalar():
    doc = load_located("body: |\n  eerste regel\n  tweede <b>regel</b>\n")
    position = doc.position_in_text(("body",), "<b>")
    assert (position.line, position.column) == (3, 10)


def test_billion_laughs_is_refused_at_the_first_anchor():
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    found = problem(bomb)
    assert found.code == "yaml_alias"
    assert found.position.line == 1


def test_merge_keys_are_refused():
    assert problem("base: {a: 1}\nother:\n  <<: {b: 2}\n").code == "yaml_alias"


def test_python_tags_are_refused():
    found = problem("x: !!python/object/apply:os.system ['echo hi']\n")
    assert found.code in ("yaml_syntax", "yaml_tag")


def test_custom_tags_are_refused():
    assert problem("x: !secret value\n").code in ("yaml_syntax", "yaml_tag")


def test_size_limit():
    assert problem("a: " + "x" * MAX_BYTES).code == "yaml_too_large"


def test_depth_limit():
    nested = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5)
    assert problem(nested).code == "yaml_too_deep"


def test_extreme_nesting_does_not_crash():
    assert problem("[" * 100_000).code in ("yaml_too_deep", "yaml_too_large", "yaml_syntax")


def test_duplicate_keys_are_reported_at_the_second_key():
    found = problem("id: a\ntitle: x\nid: b\n")
    assert (found.code, found.position.line, found.params["key"]) == ("yaml_duplicate_key", 3, "id")


def test_syntax_error_has_a_line_number():
    found = problem("id: a\ntitle: [unclosed\nsummary: x\n")
    assert found.code == "yaml_syntax"
    assert found.position.line >= 2


def test_not_utf8():
    found = problem("id: a\ntitle: caf\xe9\n".encode("latin-1"))
    assert (found.code, found.position.line) == ("yaml_encoding", 2)


def test_empty_file():
    assert problem("# only a comment\n").code == "yaml_empty"
