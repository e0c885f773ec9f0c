"""Finding the parts a package is made of: every module of it (but `base` and private ones)
that defines a given name. The question kinds and their renderers are found so: a new kind
is a new file, and nothing else lists the kinds."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Any


def each_defined(package_path: Iterable[str], package_name: str, attribute: str) -> list[Any]:
    """`attribute` of each module in the package, in the (stable) order of the module names.
    A module without it is a mistake, and fails loudly."""
    found = []
    for module_info in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
        if module_info.name != "base" and not module_info.name.startswith("_"):
            found.append(getattr(importlib.import_module(f"{package_name}.{module_info.name}"), attribute))
    return found
