"""The module format: the contract between trainers' YAML files and the engine.

Field names here are the keys trainers write; `docs/content-format.md` documents
them. Structural rules live in these models; rules that need the whole module
(ids that must exist, reachable endings, ...) live in `validation.py`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$")]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
ShortText = Annotated[str, Field(min_length=1, max_length=300)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0)]

DEFAULT_PASS_THRESHOLD = 0.8


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Strict):
    id: Identifier
    title: ShortText
    url: Annotated[str, Field(pattern=r"^https://\S+$")] | None = None
    file: ShortText | None = None
    note: ShortText | None = None


class Lesson(Strict):
    id: Identifier
    title: ShortText
    body: Text


class Case(Strict):
    title: ShortText
    body: Text
    source: Identifier | None = None


class ChoiceOption(Strict):
    """An answer option of a `single` question."""

    text: Text
    feedback: Text
    correct: bool = False
    credit: Fraction | None = None

    @property
    def score(self) -> float:
        if self.correct:
            return 1.0
        return self.credit or 0.0


class MultipleOption(Strict):
    text: Text
    feedback: Text
    correct: bool = False


class Step(Strict):
    text: Text
    feedback: Text


class Choice(Strict):
    text: Text
    next: Identifier
    feedback: Text
    points: Annotated[float, Field(ge=0, le=100)] = 0


class Node(Strict):
    id: Identifier
    text: Text
    ending: bool = False
    choices: list[Choice] = []


class QuestionBase(Strict):
    id: Identifier
    prompt: Text
    scenario: Text | None = None
    explanation: Text | None = None


class SingleQuestion(QuestionBase):
    kind: Literal["single"]
    options: Annotated[list[ChoiceOption], Field(min_length=2, max_length=10)]


class MultipleQuestion(QuestionBase):
    kind: Literal["multiple"]
    options: Annotated[list[MultipleOption], Field(min_length=3, max_length=10)]


class OrderQuestion(QuestionBase):
    kind: Literal["order"]
    steps: Annotated[list[Step], Field(min_length=3, max_length=10)]


class BranchingQuestion(QuestionBase):
    kind: Literal["branching"]
    start: Identifier
    nodes: Annotated[list[Node], Field(min_length=2, max_length=60)]

    def node(self, node_id: str) -> Node:
        return self.node_map[node_id]

    @property
    def node_map(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}


Question = Annotated[
    SingleQuestion | MultipleQuestion | OrderQuestion | BranchingQuestion,
    Field(discriminator="kind"),
]


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
