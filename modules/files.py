"""Which files a course or module consists of: YAML texts and the images lessons show."""

from __future__ import annotations

YAML_SUFFIXES = (".yaml", ".yml")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def is_yaml(name: str) -> bool:
    return name.lower().endswith(YAML_SUFFIXES)


def is_image(name: str) -> bool:
    return name.lower().endswith(IMAGE_SUFFIXES)
