"""Validation messages in Dutch and English, written for trainers, not programmers.

Each message says what is wrong and how to fix it. The texts are `problem.<code>` in
`i18n/<lang>.yaml`; those about one kind of question are that kind's own
(`modules/questions/`). Placeholders come from the problem's params; `field` is always
available (e.g. `quiz.questions[3].options`).
"""

from __future__ import annotations

from typing import Any

import i18n


def render(code: str, lang: str, params: dict[str, Any]) -> str:
    """The message for a problem's `code` in `lang`, its placeholders filled from `params`."""
    template = i18n.template(lang, f"problem.{code}")
    if template is None:
        return f"{code} ({params.get('field', '')})"
    try:
        return template.format(**params)
    except (KeyError, IndexError):  # a placeholder the problem has no value for: say it as written
        return template
