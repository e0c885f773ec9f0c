"""The module format: the contract between trainers' YAML files and the engine.

Field names here are the keys trainers write; `docs/content-format.md` documents
them. Structural rules live in these models; rules that need the whole module
(ids that must exist, reachable endings, ...) live in `validation.py`. Each kind of
question brings its own model (`modules/questions/`); the quiz takes any of them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .fields import Country, Identifier, PostCard, ShortText, Strict, Text
from .questions import Question

DEFAULT_PASS_THRESHOLD = 0.8


class Source(Strict):
    id: Identifier
    title: ShortText
    url: Annotated[str, Field(pattern=r"^https://\S+$")] | None = None
    file: ShortText | None = None
    note: ShortText | None = None
    country: Country | None = None


class Lesson(Strict):
    id: Identifier
    title: ShortText
    body: Text
    posts: Annotated[list[PostCard], Field(max_length=10)] = []  # shown after the body
    country: Country | None = None  # only for learners of this country


class Case(Strict):
    title: ShortText
    body: Text
    source: Identifier | None = None
    posts: Annotated[list[PostCard], Field(max_length=10)] = []
    country: Country | None = None


class Practice(Strict):
    """An ungraded exercise: rewrite a weak post or reply, compare with a model answer and
    tick a self-check list."""

    id: Identifier
    title: ShortText
    task: Text
    post: PostCard  # the weak post (or thread, the weak reply last) to rewrite
    model_answer: Text
    self_check: Annotated[list[ShortText], Field(min_length=2, max_length=10)]


class Quiz(Strict):
    draw: Annotated[int, Field(ge=1, le=100)]
    pass_threshold: Annotated[float, Field(gt=0.0, le=1.0)] = DEFAULT_PASS_THRESHOLD
    questions: Annotated[list[Question], Field(min_length=1, max_length=200)]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


class Module(Strict):
    id: Identifier
    title: ShortText
    summary: Text
    estimated_minutes: Annotated[int, Field(ge=1, le=600)]
    objectives: Annotated[list[ShortText], Field(min_length=1)]
    lessons: Annotated[list[Lesson], Field(min_length=1)]
    cases: list[Case] = []
    checklist: list[ShortText] = []
    sources: Annotated[list[Source], Field(min_length=1)]
    quiz: Quiz
    practice: Practice | None = None


class CourseInfo(Strict):
    """`course.<lang>.yaml`: what the course is and the order of its modules."""

    id: Identifier
    # Raise when the course changes so much that earlier diplomas stand for something else;
    # a learner gets one diploma per course version.
    version: Annotated[int, Field(ge=1)] = 1
    title: ShortText
    tagline: ShortText
    intro: Text
    organisation: ShortText
    modules: Annotated[list[Identifier], Field(min_length=1)]
    sources: list[Source] = []
    # A module's quiz opens once its lessons were opened (a trainer may let a workshop test
    # out); false lets everyone take a quiz at any time.
    quiz_after_lessons: bool = True


class Principle(Strict):
    id: Identifier
    title: ShortText
    text: Text


class Principles(Strict):
    """`principles.<lang>.yaml`: the course's canonical rules, which questions cite by id."""

    principles: Annotated[list[Principle], Field(min_length=1, max_length=200)]
