"""Command line: `python -m modules validate PATH... [--lang en]`.

Exit 0 when every file is valid; otherwise 1, with one `PATH:LINE:COLUMN: message`
line per problem.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from modules.catalog import check_content, read_folder
from modules.files import is_image, is_yaml
from modules.validation import Problem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m modules", description="Course content tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check module and course files")
    validate.add_argument("paths", nargs="+", metavar="PATH", help="a file or a folder")
    validate.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the messages")
    args = parser.parse_args(argv)

    problems: list[Problem] = []
    for raw in args.paths:
        problems.extend(validate_path(Path(raw)))
    for problem in problems:
        print(problem.format(args.lang))
    if problems:
        print(_summary(len(problems), args.lang), file=sys.stderr)
        return 1
    return 0


def validate_path(path: Path) -> list[Problem]:
    """Problems in a content folder, or in one file checked together with its folder."""
    if path.is_dir():
        files = read_folder(path)
        if not any(is_yaml(name) for name in files):
            return [Problem(str(path), 1, 1, "no_files")]
        _, problems = check_content(files, prefix=_prefix(path))
        return problems
    if not path.is_file():
        return [Problem(str(path), 1, 1, "not_found")]
    # A single file is checked with its Dutch sibling and images, so translation
    # checks and image references work; only this file's problems are reported.
    folder = path.parent
    files = {path.name: path.read_bytes()}
    for sibling in folder.iterdir():
        if sibling.name.startswith(path.name.split(".")[0] + ".nl."):
            files.setdefault(sibling.name, sibling.read_bytes())
    for image in folder.rglob("*"):
        if image.is_file() and is_image(image.name):
            files[image.relative_to(folder).as_posix()] = b""
    _, problems = check_content(files, prefix=_prefix(folder))
    own_name = str(path) if str(folder) != "." else path.name
    return [p for p in problems if p.file == own_name and p.code != "course_unknown_module"]


def _summary(count: int, lang: str) -> str:
    if lang == "en":
        return f"{count} problem{'s' if count != 1 else ''} found"
    return f"{count} {'probleem' if count == 1 else 'problemen'} gevonden"


def _prefix(folder: Path) -> str:
    text = folder.as_posix()
    return "" if text == "." else text.rstrip("/") + "/"
