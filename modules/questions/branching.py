"""`branching`: a scenario of nodes, where each choice leads to another node and earns points.

Score: the points on the path taken divided by the points on the best path.
Answer: the authored index of the choice taken at each node, from the start.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Sequence
from typing import Annotated, Literal

from pydantic import Field

from ..fields import Identifier, PostCard, QuestionBase, Strict, Text
from ..plan import DrawnQuestion
from ..yamlsafe import Path
from .base import Answer, QuestionKind, Reporter, as_list, is_index_list, permutation


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
    posts: Annotated[list[PostCard], Field(max_length=10)] = []


class BranchingQuestion(QuestionBase):
    kind: Literal["branching"]
    start: Identifier
    nodes: Annotated[list[Node], Field(min_length=2, max_length=60)]

    def node(self, node_id: str) -> Node:
        return self.node_map[node_id]

    @property
    def node_map(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}


def walk_path(question: BranchingQuestion, choices: Sequence[int]) -> tuple[list[str], float]:
    """The node ids visited and the points earned by taking `choices` from the start."""
    nodes = question.node_map
    current = nodes[question.start]
    visited, points = [current.id], 0.0
    for index in choices:
        if current.ending or not 0 <= index < len(current.choices):
            break
        choice = current.choices[index]
        points += choice.points
        current = nodes[choice.next]
        visited.append(current.id)
    return visited, points


def path_is_complete(question: BranchingQuestion, choices: Sequence[int]) -> bool:
    visited, _ = walk_path(question, choices)
    return question.node(visited[-1]).ending


def best_path_points(question: BranchingQuestion) -> float:
    """Points on the best path through an (acyclic) scenario."""
    nodes = question.node_map
    memo: dict[str, float] = {}

    def best(node_id: str) -> float:
        if node_id not in memo:
            node = nodes[node_id]
            memo[node_id] = max((c.points + best(c.next) for c in node.choices), default=0.0)
        return memo[node_id]

    return best(question.start)


def score_branching(question: BranchingQuestion, choices: Sequence[int]) -> float:
    best = best_path_points(question)
    if best <= 0:
        return 0.0
    _, points = walk_path(question, choices)
    return min(1.0, points / best)


class BranchingKind(QuestionKind[BranchingQuestion]):
    name = "branching"
    model = BranchingQuestion
    item_models = {"nodes": Node, "choices": Choice}
    texts = {
        "nl": {
            "unknown_node": "er is geen knoop met id '{node}' in dit scenario",
            "ending_with_choices": "knoop '{node}' is een einde (ending: true) maar heeft keuzes; haal een van beide weg",
            "node_without_choices": "knoop '{node}' heeft geen keuzes; geef keuzes of markeer hem met 'ending: true'",
            "branching_cycle": "het scenario loopt in een kring via knoop '{node}'; elke keuze moet vooruit leiden",
            "no_ending_reachable": "vanaf knoop '{node}' is geen einde te bereiken",
            "node_unreachable": "knoop '{node}' is vanaf het begin nergens te bereiken",
            "no_endings": "dit scenario heeft geen einde; markeer minstens één knoop met 'ending: true'",
            "branching_no_points": "geen enkele keuze in dit scenario levert punten op; geef de beste keuzes 'points:'",
        },
        "en": {
            "unknown_node": "there is no node with id '{node}' in this scenario",
            "ending_with_choices": "node '{node}' is an ending (ending: true) but has choices; remove one of the two",
            "node_without_choices": "node '{node}' has no choices; add choices or mark it 'ending: true'",
            "branching_cycle": "the scenario loops through node '{node}'; every choice must lead forward",
            "no_ending_reachable": "no ending can be reached from node '{node}'",
            "node_unreachable": "node '{node}' cannot be reached from the start",
            "no_endings": "this scenario has no ending; mark at least one node 'ending: true'",
            "branching_no_points": "no choice in this scenario earns points; give the best choices 'points:'",
        },
    }

    def check(self, question: BranchingQuestion, path: Path, report: Reporter) -> None:
        if not _check_links(question, path, report):
            return  # the graph checks below need every link to exist
        cycle = _find_cycle(question)
        if cycle:
            index = [n.id for n in question.nodes].index(cycle)
            report.add((*path, "nodes", index), "branching_cycle", node=cycle)
            return
        reaches_end = _nodes_reaching_an_ending(question)
        reachable = _reachable(question)
        for i, node in enumerate(question.nodes):
            if node.id not in reaches_end and not node.ending:
                report.add((*path, "nodes", i), "no_ending_reachable", node=node.id)
            if node.id not in reachable:
                report.add((*path, "nodes", i), "node_unreachable", node=node.id)
        if not any(node.ending for node in question.nodes):
            report.add((*path, "nodes"), "no_endings")
        elif best_path_points(question) <= 0:
            report.add((*path, "nodes"), "branching_no_points")

    def shuffle(self, question: BranchingQuestion, rng: random.Random) -> DrawnQuestion:
        orders = {n.id: permutation(len(n.choices), rng) for n in question.nodes if n.choices}
        return DrawnQuestion(question.id, choice_orders=orders)

    def is_complete(self, question: BranchingQuestion, answer: Answer) -> bool:
        return is_index_list(answer) and path_is_complete(question, answer)

    def score(self, question: BranchingQuestion, answer: Answer) -> float:
        return score_branching(question, as_list(answer))

    def answer_key(self, question: BranchingQuestion) -> Hashable:
        return (
            question.start,
            tuple((n.id, n.ending, tuple((c.next, c.points) for c in n.choices)) for n in question.nodes),
        )

    def feedback(self, question: BranchingQuestion) -> list[str]:
        return [c.feedback for n in question.nodes for c in n.choices]


def _check_links(question: BranchingQuestion, path: Path, report: Reporter) -> bool:
    """Unique node ids, a known start, endings without choices and every `next` known;
    False when a link points nowhere."""
    nodes = question.node_map
    seen: set[str] = set()
    for i, node in enumerate(question.nodes):
        if node.id in seen:
            report.add((*path, "nodes", i, "id"), "duplicate_id", id=node.id)
        seen.add(node.id)
    if question.start not in nodes:
        report.add((*path, "start"), "unknown_node", node=question.start)
        return False
    links_known = True
    for i, node in enumerate(question.nodes):
        node_path = (*path, "nodes", i)
        if node.ending and node.choices:
            report.add((*node_path, "choices"), "ending_with_choices", node=node.id)
        if not node.ending and not node.choices:
            report.add(node_path, "node_without_choices", node=node.id)
        for j, choice in enumerate(node.choices):
            if choice.next not in nodes:
                report.add((*node_path, "choices", j, "next"), "unknown_node", node=choice.next)
                links_known = False
    return links_known


def _reachable(question: BranchingQuestion) -> set[str]:
    nodes, seen, stack = question.node_map, set(), [question.start]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(c.next for c in nodes[current].choices)
    return seen


def _nodes_reaching_an_ending(question: BranchingQuestion) -> set[str]:
    good = {n.id for n in question.nodes if n.ending}
    changed = True
    while changed:
        changed = False
        for node in question.nodes:
            if node.id not in good and any(c.next in good for c in node.choices):
                good.add(node.id)
                changed = True
    return good


def _find_cycle(question: BranchingQuestion) -> str | None:
    """The id of a node on a cycle, if the scenario loops (scores need a finite best path)."""
    nodes = question.node_map
    state: dict[str, int] = {}

    def visit(node_id: str) -> str | None:
        state[node_id] = 1
        for choice in nodes[node_id].choices:
            mark = state.get(choice.next, 0)
            if mark == 1:
                return choice.next
            if mark == 0:
                found = visit(choice.next)
                if found:
                    return found
        state[node_id] = 2
        return None

    for node in question.nodes:
        if state.get(node.id, 0) == 0:
            found = visit(node.id)
            if found:
                return found
    return None


KIND = BranchingKind()
