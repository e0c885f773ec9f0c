"""The lock file matches the ranges: every requirement of requirements*.txt is pinned in
requirements.lock, with hashes, at a version its range allows (re-run `uv pip compile` when
this fails; the command is at the top of requirements.lock)."""

from __future__ import annotations

import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _ranges(path: Path) -> list[Requirement]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("-r "):
            found += _ranges(path.parent / line[3:].strip())
        elif line:
            found.append(Requirement(line))
    return found


def _pins() -> dict[str, tuple[str, int]]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pins = {}
    for match in re.finditer(
        r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)((?:\s*\\\s*--hash=sha256:[0-9a-f]{64})*)", text, re.M
    ):
        pins[canonicalize_name(match[1])] = (match[2], match[3].count("--hash="))
    return pins


def test_every_requirement_is_pinned_with_hashes_within_its_range():
    pins = _pins()
    problems = []
    for requirement in _ranges(ROOT / "requirements-dev.txt"):
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None:
            problems.append(f"{requirement.name}: not in requirements.lock")
        elif not requirement.specifier.contains(pinned[0], prereleases=True):
            problems.append(f"{requirement.name}: locked {pinned[0]} is outside {requirement.specifier}")
        elif pinned[1] == 0:
            problems.append(f"{requirement.name}: no hash")
    assert not problems, problems
