"""Promises about the code's shape that are easy to break by accident."""

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("package", ["modules", "storage", "certificates", "web"])
def test_the_core_never_imports_streamlit(package: str):
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            )
            assert not any(n == "streamlit" or n.startswith("streamlit.") for n in names), path


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
