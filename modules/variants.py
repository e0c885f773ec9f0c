"""Country variants: one module for learners in the Netherlands and in Flanders.

An element is shared unless it says otherwise, in one of two ways:

- `country: vlaanderen` on a lesson, case, source or question: only learners of that
  country see it;
- `variants:` on any element (lesson, case, question, option, step, post card, ...): per
  country, the texts that differ. A variant replaces only texts the shared element has,
  with a text of the same form, so ids, answers, points and scenario graphs are the same in
  every country and grading never depends on the country.

`variant_problems` checks that rule on the raw YAML data (for messages with a line number),
`resolve_data` applies variants to raw data (so the variant texts go through the same field
checks as the shared ones), and `for_country` applies them to a validated module.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from pydantic import BaseModel

from .fields import COUNTRIES
from .yamlsafe import Path

# Keys a variant may never replace: what grading, links between elements and the choice of
# country depend on. Everything else a variant may replace is text.
FIXED_KEYS = frozenset(
    {
        "id",
        "kind",
        "next",
        "start",
        "correct",
        "credit",
        "points",
        "ending",
        "source",
        "country",
        "principle",
        "variants",
        "draw",
        "pass_threshold",
        "estimated_minutes",
        "likes",
        "comments",
        "shares",
    }
)

M = TypeVar("M", bound=BaseModel)


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def variant_problems(data: Any, path: Path = ()) -> Iterator[tuple[Path, str, dict[str, Any]]]:
    """(path, message code, params) for every variant that does not match its element."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield from variant_problems(item, (*path, i))
        return
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if key != "variants":
            yield from variant_problems(value, (*path, key))
    variants = data.get("variants")
    if variants is None:
        return
    if not isinstance(variants, dict):
        yield (*path, "variants"), "variant_not_mapping", {}
        return
    for country, fields in variants.items():
        where = (*path, "variants", country)
        if country not in COUNTRIES:
            continue  # the model reports an unknown country with the allowed names
        if not isinstance(fields, dict) or not fields:
            yield where, "variant_not_mapping", {}
            continue
        for key, text in fields.items():
            yield from _field_problems(data, key, text, (*where, key))


def _field_problems(
    shared: dict[str, Any], key: Any, text: Any, at: Path
) -> Iterator[tuple[Path, str, dict[str, Any]]]:
    if key in FIXED_KEYS:
        yield at, "variant_fixed_key", {"key": key}
    elif key not in shared:
        yield at, "variant_key_not_shared", {"key": key}
    elif isinstance(shared[key], str):
        if not isinstance(text, str):
            yield at, "variant_not_text", {"key": key}
    elif _is_text_list(shared[key]):
        if not _is_text_list(text):
            yield at, "variant_not_text_list", {"key": key}
    else:  # a list of elements or an element: their own `variants:` say what differs
        yield at, "variant_not_text", {"key": key}


def resolve_data(data: Any, country: str, path: Path = ()) -> tuple[Any, dict[Path, Path]]:
    """Raw data as learners of `country` get it (texts only; no element is left out, so paths
    stay the same), and for each replaced text the path of the variant it came from."""
    moved: dict[Path, Path] = {}
    return _resolve(data, country, path, moved), moved


def _resolve(data: Any, country: str, path: Path, moved: dict[Path, Path]) -> Any:
    if isinstance(data, list):
        return [_resolve(item, country, (*path, i), moved) for i, item in enumerate(data)]
    if not isinstance(data, dict):
        return data
    result = {k: _resolve(v, country, (*path, k), moved) for k, v in data.items() if k != "variants"}
    variants = data.get("variants")
    fields = variants.get(country) if isinstance(variants, dict) else None
    if isinstance(fields, dict):
        for key, text in fields.items():
            if key in result and key not in FIXED_KEYS:
                result[key] = text
                moved[(*path, key)] = (*path, "variants", country, key)
    return result


def for_country(element: M, country: str) -> M:
    """A validated element (a module, a question, ...) as learners of `country` get it:
    variant texts applied, elements of the other country left out."""
    updates: dict[str, Any] = {}
    for name in type(element).model_fields:
        value = getattr(element, name)
        resolved = _resolve_value(value, country)
        if resolved is not value:
            updates[name] = resolved
    variants: dict[str, dict[str, Any]] = getattr(element, "variants", {})
    if variants:
        for key, text in variants.get(country, {}).items():
            updates[key] = text.strip() if isinstance(text, str) else [t.strip() for t in text]
        updates["variants"] = {}
    return element.model_copy(update=updates) if updates else element


def _resolve_value(value: Any, country: str) -> Any:
    if isinstance(value, BaseModel):
        return for_country(value, country)
    if isinstance(value, list) and any(isinstance(item, BaseModel) for item in value):
        kept = [
            for_country(item, country) for item in value if getattr(item, "country", None) in (None, country)
        ]
        return (
            kept
            if len(kept) != len(value) or any(a is not b for a, b in zip(kept, value, strict=True))
            else value
        )
    return value


def has_variants(data: Any) -> bool:
    """Whether raw data holds any `variants:` or `country:` (then each country is checked)."""
    if isinstance(data, dict):
        return "variants" in data or "country" in data or any(has_variants(v) for v in data.values())
    if isinstance(data, list):
        return any(has_variants(v) for v in data)
    return False


def variant_fields(data: Any, path: Path = ()) -> set[tuple[Path, str, str]]:
    """(element path, country, field) of every text a variant replaces: a translation must
    vary the same texts, so each country reads the same course in every language."""
    found: set[tuple[Path, str, str]] = set()
    if isinstance(data, list):
        for i, item in enumerate(data):
            found |= variant_fields(item, (*path, i))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key != "variants":
                found |= variant_fields(value, (*path, key))
        variants = data.get("variants")
        if isinstance(variants, dict):
            for country, fields in variants.items():
                if isinstance(fields, dict):
                    found |= {(path, str(country), str(key)) for key in fields}
    return found
