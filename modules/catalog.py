"""A course read from a set of content files: modules with their translations.

Content is handled as a mapping of relative path -> bytes, so the same code
checks a folder on disk, a ZIP read into memory, or files kept in the database.
Layout:

    course.nl.yaml, course.en.yaml          the course: title, intro, module order
    <module>/module.nl.yaml                 a module (Dutch is required)
    <module>/module.en.yaml                 its translation
    <module>/images/...                     images the lessons use
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .files import is_image, is_yaml
from .model import CourseInfo, Module, Principles
from .questions import Question, kind_of
from .validation import Checked, Problem, validate_text
from .variants import for_country, variant_fields

DEFAULT_LANGUAGE = "nl"
ContentFiles = Mapping[str, bytes]


@dataclass(frozen=True)
class ModuleBundle:
    """One module in all the languages it is written in."""

    id: str
    folder: str
    translations: dict[str, Module]
    digest: str
    files: dict[str, bytes] = field(repr=False)  # paths relative to the module folder

    def in_language(self, lang: str, country: str | None = None) -> Module:
        """The module in `lang` (Dutch when not translated); with a country, as learners of
        that country get it (see `modules.variants`)."""
        module = self.translations.get(lang) or self.translations[DEFAULT_LANGUAGE]
        return module if country is None else _for_country(module, country)

    def image(self, relative: str) -> bytes | None:
        return self.files.get(relative) if is_image(relative) else None


_resolved: dict[tuple[int, str], tuple[Module, Module]] = {}


def _for_country(module: Module, country: str) -> Module:
    # Modules never change once loaded; each language and country is resolved once. The
    # entry keeps the module itself, so its id() cannot be reused by another module.
    key = (id(module), country)
    found = _resolved.get(key)
    if found is None or found[0] is not module:
        found = _resolved[key] = (module, for_country(module, country))
    return found[1]


@dataclass(frozen=True)
class Course:
    info: dict[str, CourseInfo]
    modules: tuple[ModuleBundle, ...]
    principles: dict[str, Principles] = field(default_factory=dict)

    def about(self, lang: str) -> CourseInfo:
        return self.info.get(lang) or self.info[DEFAULT_LANGUAGE]

    def module(self, module_id: str) -> ModuleBundle:
        for bundle in self.modules:
            if bundle.id == module_id:
                return bundle
        raise KeyError(module_id)

    @property
    def module_ids(self) -> list[str]:
        return [m.id for m in self.modules]


class ContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.format("en") for p in problems))
        self.problems = problems


def read_folder(root: str | Path) -> dict[str, bytes]:
    """All YAML and image files under `root`, keyed by POSIX path relative to it."""
    root = Path(root)
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and (is_yaml(path.name) or is_image(path.name)):
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def check_content(files: ContentFiles, prefix: str = "") -> tuple[Course | None, list[Problem]]:
    """Validate every file, the translations against Dutch, and the course's module list.

    `prefix` is put before file names in problems (e.g. the folder given on the CLI).
    """
    checked = _check_files(files, prefix)
    problems = [p for c in checked.values() for p in c.problems]
    bundles = _bundle_modules(files, checked, problems)
    courses = {c.lang: c for c in checked.values() if c.kind == "course" and c.ok}
    # Modules that exist but have problems of their own are not also "unknown" to the course.
    named = {
        c.document.data.get("id")
        for c in checked.values()
        if c.kind == "module" and c.document and isinstance(c.document.data, dict)
    }
    for course_file in courses.values():
        info = course_file.model
        assert isinstance(info, CourseInfo) and course_file.document is not None
        for i, module_id in enumerate(info.modules):
            if module_id not in named:
                pos = course_file.document.position_of(("modules", i))
                problems.append(
                    Problem(
                        course_file.file, pos.line, pos.column, "course_unknown_module", {"module": module_id}
                    )
                )
    principles = {c.lang: c.model for c in checked.values() if c.kind == "principles" and c.ok and c.lang}
    problems.extend(_check_citations(principles, checked))  # type: ignore[arg-type]
    if problems:
        return None, sorted(problems, key=lambda p: (p.file, p.line, p.column))
    if DEFAULT_LANGUAGE not in courses:
        return None, []
    info_by_lang = {lang: c.model for lang, c in courses.items()}
    order = info_by_lang[DEFAULT_LANGUAGE].modules  # type: ignore[union-attr]
    course = Course(info_by_lang, tuple(bundles[m] for m in order), principles)  # type: ignore[arg-type]
    return course, []


def citation_problems(files: ContentFiles, principles: dict[str, Principles]) -> list[Problem]:
    """For an uploaded module (already valid): every principle its questions cite is one of
    the course's (none to check when the course lists no principles)."""
    return _check_citations(principles, _check_files(files, ""))


def _check_citations(principles: dict[str, Principles], checked: dict[str, Checked]) -> list[Problem]:
    """Every principle a question cites is in the course's list (when the course has one)."""
    dutch = principles.get(DEFAULT_LANGUAGE)
    if dutch is None:
        return []
    known = [p.id for p in dutch.principles]
    problems = []
    for result in checked.values():
        if result.kind != "module" or not isinstance(result.model, Module) or result.document is None:
            continue
        for i, question in enumerate(result.model.quiz.questions):
            if question.principle is not None and question.principle not in known:
                path = ("quiz", "questions", i, "principle")
                pos = result.document.position_of(path)
                params = {
                    "principle": question.principle,
                    "known": ", ".join(known),
                    "field": f"quiz.questions[{i + 1}].principle",
                }
                problems.append(Problem(result.file, pos.line, pos.column, "unknown_principle", params))
    for lang, other in principles.items():
        if lang != DEFAULT_LANGUAGE and [p.id for p in other.principles] != known:
            checked_file = next(c for c in checked.values() if c.kind == "principles" and c.lang == lang)
            detail = "principle ids"
            problems.append(
                Problem(
                    checked_file.file, 1, 1, "translation_mismatch", {"field": "principles", "detail": detail}
                )
            )
    return problems


def check_module(files: ContentFiles, prefix: str = "") -> tuple[ModuleBundle | None, list[Problem]]:
    """Validate the files of one module (paths relative to the module's folder)."""
    checked = _check_files(files, prefix)
    problems = [p for c in checked.values() for p in c.problems]
    bundles = _bundle_modules(files, checked, problems)
    if not problems and len(bundles) != 1:
        problems.append(Problem(prefix or "module", 1, 1, "no_files"))
    if problems:
        return None, sorted(problems, key=lambda p: (p.file, p.line, p.column))
    return next(iter(bundles.values())), []


def _check_files(files: ContentFiles, prefix: str) -> dict[str, Checked]:
    return {
        path: validate_text(prefix + path, data, image_exists=_image_lookup(files, path))
        for path, data in files.items()
        if is_yaml(path)
    }


def load_course(root: str | Path) -> Course:
    """Load and validate a content folder; raise ContentError listing every problem."""
    course, problems = check_content(read_folder(root))
    if problems or course is None:
        raise ContentError(problems or [Problem(str(root), 1, 1, "no_files")])
    return course


def _image_lookup(files: ContentFiles, yaml_path: str):  # type: ignore[no-untyped-def]
    folder = PurePosixPath(yaml_path).parent

    def exists(relative: str) -> bool:
        return (folder / relative).as_posix().removeprefix("./") in files

    return exists


def _bundle_modules(
    files: ContentFiles, checked: dict[str, Checked], problems: list[Problem]
) -> dict[str, ModuleBundle]:
    groups: dict[tuple[str, str], dict[str, tuple[str, Checked]]] = {}
    for path, result in checked.items():
        if result.kind == "module" and result.lang is not None:
            p = PurePosixPath(path)
            groups.setdefault((p.parent.as_posix(), p.name.split(".")[0]), {})[result.lang] = (path, result)
    bundles: dict[str, ModuleBundle] = {}
    owners: dict[str, str] = {}
    for (folder, stem), by_lang in sorted(groups.items()):
        results = {lang: result for lang, (_, result) in by_lang.items()}
        dutch = results.get(DEFAULT_LANGUAGE)
        for lang, result in results.items():
            if dutch is None:
                problems.append(Problem(result.file, 1, 1, "translation_without_dutch"))
            elif lang != DEFAULT_LANGUAGE and dutch.ok and result.ok:
                problems.extend(_compare_translation(dutch, result))
        if dutch is None or not all(r.ok for r in results.values()):
            continue
        module = dutch.model
        assert isinstance(module, Module)
        if module.id in owners:
            pos = dutch.document.key_positions[("id",)]  # type: ignore[union-attr]
            problems.append(
                Problem(
                    dutch.file,
                    pos.line,
                    pos.column,
                    "duplicate_module",
                    {"id": module.id, "other": owners[module.id]},
                )
            )
            continue
        owners[module.id] = dutch.file
        if folder == ".":  # a module given as loose files: its YAML and any images
            own_files = {k: v for k, v in files.items() if k.split(".")[0] == stem or not is_yaml(k)}
        else:
            base = folder + "/"
            own_files = {k[len(base) :]: v for k, v in files.items() if k.startswith(base)}
        translations = {lang: r.model for lang, r in results.items()}
        bundles[module.id] = ModuleBundle(
            module.id,
            folder,
            translations,  # type: ignore[arg-type]
            _digest(own_files),
            own_files,
        )
    return bundles


def _digest(files: Mapping[str, bytes]) -> str:
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()[:16]


def _compare_translation(dutch: Checked, other: Checked) -> list[Problem]:
    """A translation must have the same structure: same ids, answers and scenario graph."""
    a, b = dutch.model, other.model
    assert isinstance(a, Module) and isinstance(b, Module)
    differences: list[tuple[tuple[str | int, ...], str]] = []
    if a.id != b.id:
        differences.append((("id",), f"id '{b.id}' ≠ '{a.id}'"))
    if [x.id for x in a.lessons] != [x.id for x in b.lessons]:
        differences.append((("lessons",), "lesson ids"))
    if (a.quiz.draw, a.quiz.pass_threshold) != (b.quiz.draw, b.quiz.pass_threshold):
        differences.append((("quiz",), "draw / pass_threshold"))
    if [x.country for x in a.lessons] != [x.country for x in b.lessons]:
        differences.append((("lessons",), "country"))
    if (a.practice is None) != (b.practice is None) or (
        a.practice
        and b.practice
        and (a.practice.id, len(a.practice.self_check)) != (b.practice.id, len(b.practice.self_check))
    ):
        differences.append((("practice",), "practice: id / self_check"))
    if [q.id for q in a.quiz.questions] != [q.id for q in b.quiz.questions]:
        differences.append((("quiz", "questions"), "question ids"))
    else:
        for i, (qa, qb) in enumerate(zip(a.quiz.questions, b.quiz.questions, strict=True)):
            if _answer_key(qa) != _answer_key(qb):
                differences.append((("quiz", "questions", i), f"'{qa.id}': answers/structure"))
    assert dutch.document is not None and other.document is not None
    missing = variant_fields(dutch.document.data) ^ variant_fields(other.document.data)
    for path, country, key in sorted(missing, key=str)[:5]:  # the first few say enough
        differences.append((path, f"variants.{country}.{key}"))
    problems = []
    for path, detail in differences:
        pos = other.document.position_of(path)
        problems.append(
            Problem(
                other.file,
                pos.line,
                pos.column,
                "translation_mismatch",
                {"field": ".".join(map(str, path)), "detail": detail},
            )
        )
    return problems


def _answer_key(question: Question) -> object:
    """What grading depends on, without any text (and who gets the question)."""
    return (question.kind, question.country, question.principle, kind_of(question).answer_key(question))
