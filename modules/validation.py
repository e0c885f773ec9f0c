"""Check module and course files and report every problem with file, line and column.

`validate_text` is the single entry point used by the CLI, the loader and (later)
the trainer upload: it never raises on bad input, it returns problems.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from . import model as m
from .fields import COUNTRIES, PostCard, QuestionBase, Reply
from .files import IMAGE_SUFFIXES, YAML_SUFFIXES, is_image
from .messages import render
from .model import CourseInfo, Module, Principles
from .questions import KINDS, Question, kind_of
from .variants import has_variants, resolve_data, variant_problems
from .yamlsafe import LocatedDocument, Path, YamlProblem, load_located

LANGUAGES = ("nl", "en")
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^>]*)?/?\s*>|<!--")
_markdown = MarkdownIt("commonmark")
# See every link, so unsafe ones are reported, not skipped (markdown-it's documented way).
_markdown.validateLink = lambda url: True  # type: ignore[method-assign]
_question_adapter: TypeAdapter[Question] = TypeAdapter(Question)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def message(self, lang: str = "nl") -> str:
        return render(self.code, lang, self.params)

    def format(self, lang: str = "nl") -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message(lang)}"


@dataclass
class Checked:
    """The outcome of checking one file: a model when valid, problems otherwise."""

    file: str
    kind: str  # "module", "course" or "principles"
    lang: str | None
    model: Module | CourseInfo | Principles | None
    document: LocatedDocument | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def file_kind(name: str) -> tuple[str, str | None]:
    """('course' | 'principles' | 'module', language) from a file name like `module.nl.yaml`."""
    parts = PurePosixPath(name).name.split(".")
    lang = parts[-2] if len(parts) >= 3 and f".{parts[-1]}" in YAML_SUFFIXES else None
    kind = parts[0] if parts[0] in ("course", "principles") else "module"
    return kind, lang


def validate_text(
    file: str,
    text: str | bytes,
    *,
    image_exists: Callable[[str], bool] | None = None,
) -> Checked:
    """Validate one YAML file. `image_exists` answers whether a relative image path exists."""
    kind, lang = file_kind(file)
    if lang not in LANGUAGES:
        problem = Problem(file, 1, 1, "file_language", {"languages": ", ".join(LANGUAGES)})
        return Checked(file, kind, lang, None, None, [problem])
    try:
        doc = load_located(text)
    except YamlProblem as exc:
        problem = Problem(file, exc.position.line, exc.position.column, exc.code, exc.params)
        return Checked(file, kind, lang, None, None, [problem])

    report = _Reporter(file, doc)
    model_class: type[Module] | type[CourseInfo] | type[Principles] = Module
    if kind == "course":
        model_class = CourseInfo
    elif kind == "principles":
        model_class = Principles
    if not isinstance(doc.data, dict):
        report.add((), "not_a_mapping")
        return Checked(file, kind, lang, None, doc, report.problems)
    try:
        model = model_class.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            report.pydantic_error(error, model_class)
        model = None
    _check_text_fields(doc.data, (), report, image_exists)
    for path in sorted(doc.cut_by_comment, key=str):
        report.add(path, "text_cut_by_comment")
    _check_variants(doc.data, model_class, report)
    if isinstance(model, Module):
        _check_module(model, report, image_exists)
    elif model_class is Module:
        _check_valid_questions(doc.data, report)
        _check_raw_module(doc.data, report)
    problems = sorted(set(report.problems), key=lambda p: (p.line, p.column, p.code))
    return Checked(file, kind, lang, model if not problems else None, doc, problems)


class _Reporter:
    def __init__(self, file: str, doc: LocatedDocument) -> None:
        self.file = file
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: Path, code: str, *, at_key: bool = False, snippet: str = "", **params: Any) -> None:
        # A problem with a whole list or section points at its key ("options:").
        at_key = at_key or isinstance(self.doc.value_at(path), (list, dict))
        pos = self.doc.key_positions.get(path) if at_key else None
        if pos is None:
            pos = self.doc.position_in_text(path, snippet) if snippet else self.doc.position_of(path)
        params.setdefault("field", _field_name(path))
        self.problems.append(Problem(self.file, pos.line, pos.column, code, params))

    def pydantic_error(
        self, error: ErrorDetails, model_class: type[BaseModel], moved: dict[Path, Path] | None = None
    ) -> None:
        path = self._data_path(error["loc"])
        if moved is not None:  # checking a country's texts: only what a variant put there
            if path not in moved:
                return
            path = moved[path]
        kind = error["type"]
        ctx = error.get("ctx", {})
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model_class, self.doc.data, path[:-1])
            guess = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
            code = "unknown_key_suggest" if guess else "unknown_key"
            self.add(
                path,
                code,
                at_key=True,
                key=path[-1],
                suggestion=guess[0] if guess else "",
                allowed=", ".join(sorted(allowed)),
            )
        elif kind == "missing":
            self.add(path[:-1], "missing_key", key=path[-1])
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            self.add(
                (*path, "kind") if kind == "union_tag_invalid" else path,
                "unknown_kind",
                kinds=", ".join(KINDS),
            )
        elif kind == "literal_error":
            self.add(path, "bad_choice", expected=ctx.get("expected", ""))
        else:
            params: dict[str, Any] = {k: str(v) for k, v in ctx.items()}
            self.add(path, f"type:{kind}", **params)

    def _data_path(self, loc: tuple[Any, ...]) -> Path:
        """Pydantic's location without the union tags it inserts (the kinds' names)."""
        path: list[str | int] = []
        node: Any = self.doc.data
        for part in loc:
            if isinstance(node, dict):
                if part not in node and part in KINDS:
                    continue
                path.append(part)
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int):
                path.append(part)
                node = node[part] if part < len(node) else None
            else:
                path.append(part)
                node = None
        return tuple(path)


def _field_name(path: Path) -> str:
    parts: list[str] = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts) or "(bestand)"


def _allowed_keys(model_class: type[BaseModel], data: Any, path: Path) -> list[str]:
    """The keys the model accepts at `path`, to suggest a correction for a typo."""
    by_path: dict[Path, type[BaseModel]] = {
        (): model_class,
        ("quiz",): m.Quiz,
        ("practice",): m.Practice,
        ("practice", "post"): PostCard,
    }
    target = by_path.get(path)
    if target is None and len(path) >= 2:
        parent = path[-2] if isinstance(path[-1], int) else path[-1]
        target = _section_model(parent) or _question_part_model(parent, _question_kind(data, path))
    if target is None:
        return []
    return [name for name in target.model_fields if name != "kind"] + (
        ["kind"] if "kind" in target.model_fields else []
    )


def _section_model(parent: str | int) -> type[BaseModel] | None:
    sections: dict[str, type[BaseModel]] = {
        "lessons": m.Lesson,
        "cases": m.Case,
        "sources": m.Source,
        "posts": PostCard,
        "replies": Reply,
        "principles": m.Principle,
    }
    return sections.get(str(parent))


def _question_part_model(parent: str | int, kind_name: str | None) -> type[BaseModel] | None:
    """A question's model, or the model of an item in one of its lists (e.g. `options`).

    While `kind:` names no kind, the first kind with a list of that name is the best guess.
    """
    kind = KINDS.get(kind_name or "")
    if parent == "questions":
        return kind.model if kind else QuestionBase
    candidates = [kind] if kind else KINDS.values()
    return next((k.item_models[str(parent)] for k in candidates if str(parent) in k.item_models), None)


def _question_kind(data: Any, path: Path) -> str | None:
    if len(path) >= 3 and path[:2] == ("quiz", "questions") and isinstance(path[2], int):
        try:
            found = data["quiz"]["questions"][path[2]].get("kind")
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return found if isinstance(found, str) else None
    return None


def _check_text_fields(
    value: Any, path: Path, report: _Reporter, image_exists: Callable[[str], bool] | None
) -> None:
    """No raw HTML anywhere; Markdown links https only; images local and with alt text."""
    if isinstance(value, dict):
        for key, item in value.items():
            _check_text_fields(item, (*path, key), report, image_exists)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_text_fields(item, (*path, i), report, image_exists)
    elif isinstance(value, str):
        tag = _HTML_TAG.search(value)
        if tag:
            report.add(path, "html_not_allowed", snippet=tag.group(0))
        for kind, target, label in _markdown_targets(value):
            if kind == "link" and not target.startswith(("https://", "mailto:", "#")):
                report.add(path, "link_not_https", snippet=target, url=target)
            elif kind == "image":
                _check_image(path, target, label, report, image_exists)


def _check_image(
    path: Path, target: str, alt: str, report: _Reporter, image_exists: Callable[[str], bool] | None
) -> None:
    if not alt.strip():
        report.add(path, "image_no_alt", snippet=target, image=target)
    if "://" in target or target.startswith(("/", "data:")) or ".." in PurePosixPath(target).parts:
        report.add(path, "image_not_local", snippet=target, image=target)
    elif not is_image(target):
        report.add(path, "image_format", snippet=target, image=target, formats=", ".join(IMAGE_SUFFIXES))
    elif image_exists is not None and not image_exists(target):
        report.add(path, "image_missing", snippet=target, image=target)


def _markdown_targets(text: str) -> list[tuple[str, str, str]]:
    """(kind, url, label) for every link and image in a Markdown text."""
    if "](" not in text and "<" not in text and "[" not in text:
        return []
    found: list[tuple[str, str, str]] = []
    for token in _markdown.parse(text):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(("link", str(child.attrGet("href") or ""), ""))
            elif child.type == "image":
                alt = "".join(c.content for c in child.children or [])
                found.append(("image", str(child.attrGet("src") or ""), alt))
    return found


def _check_variants(data: Any, model_class: type[BaseModel], report: _Reporter) -> None:
    """Variants match their shared element, and each country's texts pass the field checks."""
    if not has_variants(data):
        return
    problems = list(variant_problems(data))
    for path, code, params in problems:
        report.add(path, code, at_key=True, **params)
    if problems:
        return
    for country in COUNTRIES:
        resolved, moved = resolve_data(data, country)
        if not moved:
            continue
        try:
            model_class.model_validate(resolved)
        except ValidationError as exc:
            for error in exc.errors():
                report.pydantic_error(error, model_class, moved)


def _post_cards(value: Any, path: Path) -> list[tuple[Path, PostCard]]:
    """Every post card in a validated module, with its path in the file."""
    if isinstance(value, PostCard):
        return [(path, value)]
    if isinstance(value, BaseModel):
        return [
            found
            for name in type(value).model_fields
            for found in _post_cards(getattr(value, name), (*path, name))
        ]
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _post_cards(item, (*path, i))]
    return []


def _check_module(
    module: Module, report: _Reporter, image_exists: Callable[[str], bool] | None = None
) -> None:
    for path, post in _post_cards(module, ()):
        if post.image is not None:
            _check_image((*path, "image"), post.image, post.image_alt or "", report, image_exists)
        elif post.image_alt is not None:
            report.add((*path, "image_alt"), "post_alt_without_image")
    for country in COUNTRIES:
        pool = [q for q in module.quiz.questions if q.country in (None, country)]
        if module.quiz.draw > len(pool) and len(pool) != len(module.quiz.questions):
            report.add(
                ("quiz", "draw"),
                "draw_too_large_country",
                draw=module.quiz.draw,
                pool=len(pool),
                country=country,
            )
    _check_unique([lesson.id for lesson in module.lessons], ("lessons",), report)
    _check_unique([s.id for s in module.sources], ("sources",), report)
    source_ids = {s.id for s in module.sources}
    for i, case in enumerate(module.cases):
        if case.source and case.source not in source_ids:
            report.add(("cases", i, "source"), "unknown_source", source=case.source)
    quiz = module.quiz
    _check_unique([q.id for q in quiz.questions], ("quiz", "questions"), report)
    if quiz.draw > len(quiz.questions):
        report.add(("quiz", "draw"), "draw_too_large", draw=quiz.draw, pool=len(quiz.questions))
    for i, question in enumerate(quiz.questions):
        _check_question(question, ("quiz", "questions", i), report)


def _check_valid_questions(data: dict[str, Any], report: _Reporter) -> None:
    """Report answer and scenario problems of the questions that are well-formed,
    so a trainer sees them now rather than after fixing the other errors."""
    quiz = data.get("quiz")
    questions = quiz.get("questions") if isinstance(quiz, dict) else None
    if not isinstance(questions, list):
        return
    for i, raw in enumerate(questions):
        try:
            question = _question_adapter.validate_python(raw)
        except ValidationError:
            continue
        _check_question(question, ("quiz", "questions", i), report)


def _check_raw_module(data: dict[str, Any], report: _Reporter) -> None:
    """The module-wide checks of `_check_module` on a module that did not validate as a whole:
    all problems of a file in one pass, not a fourth after the first three are fixed."""

    def items(*path: str) -> list[Any]:
        node: Any = data
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        return node if isinstance(node, list) else []

    def ids(*path: str) -> list[str]:
        return [
            str(x.get("id")) if isinstance(x, dict) and x.get("id") is not None else f"\0{i}"
            for i, x in enumerate(items(*path))
        ]

    for path in (("lessons",), ("sources",), ("quiz", "questions")):
        _check_unique([i for i in ids(*path)], path, report)
    source_ids = set(ids("sources"))
    for i, case in enumerate(items("cases")):
        source = case.get("source") if isinstance(case, dict) else None
        if isinstance(source, str) and source and source not in source_ids:
            report.add(("cases", i, "source"), "unknown_source", source=source)
    quiz = data.get("quiz")
    draw = quiz.get("draw") if isinstance(quiz, dict) else None
    pool = len(items("quiz", "questions"))
    if isinstance(draw, int) and not isinstance(draw, bool) and draw > pool > 0:
        report.add(("quiz", "draw"), "draw_too_large", draw=draw, pool=pool)


def _check_question(question: Question, path: Path, report: _Reporter) -> None:
    kind_of(question).check(question, path, report)


def _check_unique(ids: list[str], path: Path, report: _Reporter) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            report.add((*path, i, "id"), "duplicate_id", id=ident)
        seen.add(ident)
