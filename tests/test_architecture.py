"""Promises about the code's shape that are easy to break by accident."""

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


LAYERS = ["i18n", "modules", "certificates", "storage", "application", "web", "cli", "ui"]
PROJECT = {*LAYERS, "settings", "course_app", "i18n"}
# What each part of the house may import from the project (entry points `__main__.py` aside).
ALLOWED = {
    "i18n": {"i18n"},  # the texts: used by every layer, uses none
    "modules": {"modules", "i18n"},  # the course engine: pure, tested directly
    "certificates": {"certificates", "i18n"},  # diplomas' PDF, seal, credential: pure
    "storage": {"storage", "modules", "certificates"},  # persists the core's records, nothing else
    "application": {"application", "storage", "modules", "certificates", "settings", "i18n"},
    "web": {"web", "application", "certificates", "i18n"},  # routes: call services
    "cli": {"cli", "application", "modules", "certificates", "i18n"},
    "ui": {"ui", "application", "modules", "certificates", "settings", "i18n"},  # pages: never storage
}


def imports(path: Path) -> set[str]:
    """The top-level names of everything `path` imports (relative imports: its own package)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add(path.relative_to(ROOT).parts[0] if node.level else (node.module or "").split(".")[0])
    return found - {"__future__"}


def sources(package: str) -> list[Path]:
    return [p for p in (ROOT / package).rglob("*.py") if p.name != "__main__.py"]


@pytest.mark.parametrize("package", LAYERS)
def test_each_layer_imports_only_what_it_may(package: str):
    for path in sources(package):
        assert imports(path) & PROJECT <= ALLOWED[package], path


@pytest.mark.parametrize("package", LAYERS)
def test_only_the_pages_use_streamlit(package: str):
    if package != "ui":
        for path in sources(package):
            assert "streamlit" not in imports(path), path


@pytest.mark.parametrize("package", LAYERS)
def test_only_storage_speaks_sql(package: str):
    if package != "storage":
        for path in sources(package):
            assert not imports(path) & {"sqlalchemy", "alembic", "psycopg"}, path


def test_the_entry_points_are_thin():
    """`python -m modules|certificates|storage` and `course_app.py` only hand over to the CLI or
    the app; the work is done behind them."""
    for package in ("modules", "certificates", "storage"):
        assert imports(ROOT / package / "__main__.py") == {"sys", "cli"}
    assert imports(ROOT / "course_app.py") == {"pathlib", "streamlit", "application", "web"}
    assert Path(ROOT / "course_app.py").read_text(encoding="utf-8").count("\n") < 30


def contrast(foreground: str, background: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_theme_colour_has_enough_contrast_for_text_and_controls():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    primary = config["theme"]["primaryColor"]
    assert contrast(primary, "#ffffff") >= 4.5  # WCAG 1.4.3 (text) and 1.4.11 (controls, 3:1)


def test_usage_statistics_are_not_sent():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
