"""Country variants, post cards and the practice exercise in the module format: validated
with file, line and field in the trainer's language, and applied per country."""

from pathlib import Path

from modules.catalog import check_module
from modules.fields import initials_of
from modules.model import Module
from modules.validation import validate_text
from modules.variants import for_country

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = (ROOT / "docs" / "module-template.nl.yaml").read_text(encoding="utf-8")

LESSON_WITH_VARIANTS = """
  - id: regels
    title: Welke regels gelden?
    body: |
      Voor iedereen: je bent ook online ambtenaar.
    variants:
      nederland:
        body: |
          In Nederland: de Ambtenarenwet en de gedragscode van je organisatie.
      vlaanderen:
        title: Welke regels gelden in Vlaanderen?
        body: |
          In Vlaanderen: de deontologische code van de Vlaamse overheid.
  - id: alleen-vlaanderen
    country: vlaanderen
    title: Spreekrecht
    body: |
      Alleen voor Vlaamse deelnemers.
    posts:
      - author: Stad Gent
        time: 2 u
        text: "Vanaf maandag is de Korenmarkt afgesloten. <b>Lees meer</b>"
        likes: 12
        replies:
          - author: Jan Peeters
            text: Eindelijk!
"""


def with_lessons(extra: str, text: str = TEMPLATE) -> str:
    return text.replace("\ncases:", extra + "\ncases:", 1)


def checked(text: str):
    return validate_text("module.nl.yaml", text)


def line_of(text: str, snippet: str) -> int:
    return text[: text.index(snippet)].count("\n") + 1


def test_variants_are_valid_and_applied_per_country():
    text = with_lessons(LESSON_WITH_VARIANTS).replace("<b>Lees meer</b>", "Lees meer")
    result = checked(text)
    assert result.ok, [p.format() for p in result.problems]
    module = result.model
    assert isinstance(module, Module)
    dutch = for_country(module, "nederland")
    flemish = for_country(module, "vlaanderen")
    assert [lesson.id for lesson in dutch.lessons] == ["eerste-les", "regels"]
    assert [lesson.id for lesson in flemish.lessons] == ["eerste-les", "regels", "alleen-vlaanderen"]
    assert (
        dutch.lessons[1].body.startswith("In Nederland") and dutch.lessons[1].title == "Welke regels gelden?"
    )
    assert flemish.lessons[1].title == "Welke regels gelden in Vlaanderen?"
    assert not flemish.lessons[1].variants
    # The shared element stays as written for whoever has no country yet.
    assert module.lessons[1].body.startswith("Voor iedereen")


def test_variant_may_not_change_what_grading_depends_on():
    text = TEMPLATE.replace(
        "          correct: true\n          feedback: Waarom dit het beste is, met het principe erachter.",
        "          correct: true\n          feedback: Waarom dit het beste is, met het principe erachter.\n"
        "          variants:\n            vlaanderen:\n              correct: false",
        1,
    )
    problems = checked(text).problems
    assert [p.code for p in problems] == ["variant_fixed_key"]
    assert problems[0].line == line_of(text, "correct: false")
    assert "quiz.questions[1].options[1].variants.vlaanderen.correct" in problems[0].message("nl")
    assert "voor elk land gelijk" in problems[0].message("nl")
    assert "the same in every country" in problems[0].message("en")


def test_variant_of_a_field_the_element_lacks():
    text = with_lessons(
        LESSON_WITH_VARIANTS.replace("        title: Welke regels gelden in Vlaanderen?", "        tittle: x")
    )
    problems = checked(text.replace("<b>Lees meer</b>", "x")).problems
    assert [p.code for p in problems] == ["variant_key_not_shared"]
    assert problems[0].line == line_of(text, "tittle: x")


def test_variant_text_goes_through_the_same_checks():
    text = with_lessons(LESSON_WITH_VARIANTS).replace(
        "In Vlaanderen: de deontologische code", "In Vlaanderen: <script>x</script> de code"
    )
    problems = checked(text).problems
    assert {p.code for p in problems} == {"html_not_allowed"}
    assert line_of(text, "<script>") in {p.line for p in problems}
    too_long = with_lessons(LESSON_WITH_VARIANTS.replace("in Vlaanderen?", "x" * 400)).replace(
        "<b>Lees meer</b>", ""
    )
    problems = checked(too_long).problems
    assert [p.code for p in problems] == ["type:string_too_long"]
    assert problems[0].line == line_of(too_long, "x" * 10)


def test_unknown_country_is_named():
    text = with_lessons(
        LESSON_WITH_VARIANTS.replace("      vlaanderen:\n        title", "      belgie:\n        title")
    )
    problems = checked(text.replace("<b>Lees meer</b>", "")).problems
    assert problems and all("vlaanderen" in p.message("nl") for p in problems if p.code == "bad_choice")


def test_post_card_refuses_html_and_a_missing_image():
    text = with_lessons(LESSON_WITH_VARIANTS)
    assert [p.code for p in checked(text).problems] == ["html_not_allowed"]
    with_image = text.replace("<b>Lees meer</b>", "Lees meer").replace(
        "        likes: 12", "        image: images/korenmarkt.png\n        likes: 12"
    )
    codes = [
        p.code for p in validate_text("module.nl.yaml", with_image, image_exists=lambda p: False).problems
    ]
    assert sorted(codes) == ["image_missing", "image_no_alt"]


def test_draw_per_country():
    text = TEMPLATE.replace(
        "      kind: single              # één beste antwoord",
        "      kind: single\n      country: vlaanderen",
        1,
    )
    draw = text[text.index("draw:") :].split("\n")[0]
    pool = text.count("    - id: vraag-")
    text = text.replace(draw, f"draw: {pool}")
    problems = checked(text).problems
    assert [p.code for p in problems] == ["draw_too_large_country"]
    assert "nederland" in problems[0].message("nl")


PRACTICE = """
practice:
  id: herschrijf
  title: Herschrijf dit bericht
  task: Schrijf het bericht opnieuw, kort en in gewone taal.
  post:
    author: Gemeente Voorbeeld
    text: Middels dit schrijven informeren wij u omtrent de werkzaamheden.
  model_answer: Vanaf maandag werken we aan de Dorpsstraat.
  self_check:
    - Staat het belangrijkste vooraan?
    - Is het in gewone taal?
"""


def test_practice_exercise_and_a_translation_without_it():
    dutch = TEMPLATE + PRACTICE
    result = checked(dutch)
    assert result.ok, [p.format() for p in result.problems]
    assert result.model.practice.post.avatar == "GV"
    bundle, problems = check_module({"module.nl.yaml": dutch.encode(), "module.en.yaml": TEMPLATE.encode()})
    assert bundle is None and [p.code for p in problems] == ["translation_mismatch"]
    assert problems[0].file == "module.en.yaml" and "practice" in problems[0].message("en")
    short = PRACTICE.replace("    - Is het in gewone taal?\n", "")
    problems = checked(TEMPLATE + short).problems
    assert [p.code for p in problems] == ["type:too_short"]


def test_initials():
    assert initials_of("Gemeente Zaanstad") == "GZ"
    assert initials_of("@politie_utrecht") == "P"
    assert initials_of("Stad Antwerpen – Team Mobiliteit") == "SM"


def test_a_cited_principle_must_exist_in_the_course_list():
    from modules.catalog import check_content

    course = (ROOT / "tests" / "fixtures" / "content" / "course.nl.yaml").read_bytes()
    principles = (
        b"principles:\n  - id: herstel-zichtbaar\n    title: Herstel zichtbaar\n    text: Niet wissen.\n"
    )
    cited = TEMPLATE.replace("id: mijn-module", "id: mini").replace(
        "      kind: single              # één beste antwoord\n",
        "      kind: single              # één beste antwoord\n      principle: herstel-zichtbar\n",
    )
    files = {
        "course.nl.yaml": course,
        "principles.nl.yaml": principles,
        "mini/module.nl.yaml": cited.encode(),
    }
    course_model, problems = check_content(files)
    assert course_model is None and [p.code for p in problems] == ["unknown_principle"]
    assert problems[0].file == "mini/module.nl.yaml" and problems[0].line == line_of(
        cited, "principle: herstel"
    )
    assert "'herstel-zichtbar'" in problems[0].message("nl") and "herstel-zichtbaar" in problems[0].message(
        "en"
    )
    fixed = cited.replace("herstel-zichtbar\n", "herstel-zichtbaar\n")
    course_model, problems = check_content({**files, "mini/module.nl.yaml": fixed.encode()})
    assert problems == [] and course_model.principles["nl"].principles[0].id == "herstel-zichtbaar"


def test_attempts_are_drawn_from_the_learners_country_only():
    from modules.attempts import draw_attempt

    flemish_only = TEMPLATE.replace(
        "      kind: single              # één beste antwoord\n",
        "      kind: single              # één beste antwoord\n      country: vlaanderen\n",
    )
    module = checked(flemish_only).model
    assert isinstance(module, Module)
    for seed in range(30):
        dutch = draw_attempt(for_country(module, "nederland").quiz, seed)
        assert "vraag-1" not in dutch.question_ids
    drawn = {
        q
        for seed in range(30)
        for q in draw_attempt(for_country(module, "vlaanderen").quiz, seed).question_ids
    }
    assert "vraag-1" in drawn


def test_a_translation_varies_the_same_texts():
    dutch = with_lessons(LESSON_WITH_VARIANTS).replace("<b>Lees meer</b>", "Lees meer")
    english = dutch.replace("        title: Welke regels gelden in Vlaanderen?\n", "")
    bundle, problems = check_module({"module.nl.yaml": dutch.encode(), "module.en.yaml": english.encode()})
    assert bundle is None and [p.code for p in problems] == ["translation_mismatch"]
    assert problems[0].file == "module.en.yaml" and "variants.vlaanderen.title" in problems[0].message("en")
    bundle, problems = check_module({"module.nl.yaml": dutch.encode(), "module.en.yaml": dutch.encode()})
    assert problems == [] and bundle is not None
