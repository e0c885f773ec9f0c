"""Safe YAML reading that remembers where every value came from.

Trainer files are untrusted input. We compose the YAML into nodes with a loader
that refuses aliases (the "billion laughs" bomb), bound the size and nesting
depth, and build plain Python data ourselves so we can keep each value's line
and column for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
}

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class YamlProblem(Exception):
    """A file that cannot be read as YAML at all."""

    code: str
    position: Position
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class LocatedDocument:
    data: Any
    # Where each value starts; for mapping keys also where the key itself is.
    positions: dict[Path, Position]
    key_positions: dict[Path, Position]
    # Block scalars (`|` or `>`) start their text on the line after the key.
    block_scalars: set[Path] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    # Plain (unquoted) texts followed on their line by "#word": YAML read that as a comment,
    # which silently cut e.g. "schrijf de hashtag als #Wateroverlast" short.
    cut_by_comment: set[Path] = field(default_factory=set)

    def position_of(self, path: Path) -> Position:
        """The closest known position for a path (walks up to the nearest parent)."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), Position(1, 1))

    def position_in_text(self, path: Path, snippet: str) -> Position:
        """Where `snippet` appears inside the text value at `path` (multi-line Markdown)."""
        start = self.position_of(path)
        value = self.value_at(path)
        if not isinstance(value, str) or snippet not in value:
            return start
        line = start.line + value[: value.index(snippet)].count("\n")
        if path in self.block_scalars:
            line += 1
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        column = source.find(snippet)
        return Position(line, column + 1 if column >= 0 else start.column)

    def value_at(self, path: Path) -> object:
        node: object = self.data
        for part in path:
            try:
                node = node[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                return None
        return node


_HASHTAG_COMMENT = re.compile(r"\s+#[^\s#]")


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that rejects anchors/aliases, which trainer files never need, and stops at once
    when the nesting goes deeper than MAX_DEPTH (a hostile file nested 50,000 deep would otherwise
    be read whole first: seconds of CPU per file)."""

    depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML's stubs leave it untyped
        if self.check_event(yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise YamlProblem("yaml_alias", _pos(event.start_mark))
        if self.depth >= MAX_DEPTH + 1:
            raise YamlProblem("yaml_too_deep", _pos(event.start_mark), {"limit": MAX_DEPTH})
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _pos(mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


def load_located(text: str | bytes) -> LocatedDocument:
    """Parse one YAML document into plain data plus positions, or raise YamlProblem."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > MAX_BYTES:
        raise YamlProblem("yaml_too_large", Position(1, 1), {"limit_kb": MAX_BYTES // 1024})
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem("yaml_encoding", Position(line, 1)) from None
    loader = _NoAliasLoader(decoded)
    try:
        root = loader.get_single_node()
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem("yaml_syntax", _pos(mark), {"detail": exc.problem or str(exc)}) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml_syntax", Position(1, 1), {"detail": str(exc)}) from None
    except RecursionError:
        raise YamlProblem("yaml_too_deep", Position(1, 1), {"limit": MAX_DEPTH}) from None
    finally:
        loader.dispose()
    if root is None:
        raise YamlProblem("yaml_empty", Position(1, 1))
    builder = _Builder(loader)
    data = builder.build(root, (), 0)
    lines = decoded.splitlines()
    cut = {
        path
        for path, (line, column) in builder.plain_ends.items()
        if line < len(lines) and _HASHTAG_COMMENT.match(lines[line], column)
    }
    return LocatedDocument(data, builder.positions, builder.key_positions, builder.block_scalars, lines, cut)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader) -> None:
        self._constructor = loader
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.block_scalars: set[Path] = set()
        self.plain_ends: dict[Path, tuple[int, int]] = {}  # 0-based line and column

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise YamlProblem("yaml_too_deep", _pos(node.start_mark), {"limit": MAX_DEPTH})
        self.positions[path] = _pos(node.start_mark)
        if node.tag not in _PLAIN_TAGS:
            raise YamlProblem("yaml_tag", _pos(node.start_mark), {"tag": node.tag})
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        style = getattr(node, "style", None)  # a scalar's: how it was written
        if style in ("|", ">"):
            self.block_scalars.add(path)
        elif style is None and node.tag.endswith(":str"):
            self.plain_ends[path] = (node.end_mark.line, node.end_mark.column)
        return self._constructor.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem("yaml_alias", _pos(key_node.start_mark))
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("yaml_key", _pos(key_node.start_mark))
            key = str(key_node.value)
            if key in result:
                raise YamlProblem("yaml_duplicate_key", _pos(key_node.start_mark), {"key": key})
            self.key_positions[(*path, key)] = _pos(key_node.start_mark)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result
