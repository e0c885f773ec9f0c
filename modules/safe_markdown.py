"""Course Markdown made inert before it is shown: the second guard after validation.

Validation refuses raw HTML and links that are not https (or mailto, or a #fragment). Text
that reaches a page by another way (a content folder edited on the server, a version stored
before a rule existed) still must not run anything: tags are escaped so they show as text,
and a link with any other target keeps only its words.
"""

from __future__ import annotations

import re

SAFE_LINK_PREFIXES = ("https://", "mailto:", "#")
_TAG = re.compile(r"<(?=/?[a-zA-Z!?])")  # where CommonMark sees an HTML tag, comment or autolink
_LINK = re.compile(
    r"(?<!!)\[(?P<label>[^\]]*)\]\(\s*(?P<target>(?:[^()\s]|\([^()\s]*\))*)"
    r"(?:\s+\"[^\"]*\")?\s*\)"
)


def inert(text: str) -> str:
    """`text` with HTML shown as text and only safe link targets left as links."""

    def link(match: re.Match[str]) -> str:
        target = match.group("target").strip()
        return match.group(0) if target.lower().startswith(SAFE_LINK_PREFIXES) else match.group("label")

    return _LINK.sub(link, _TAG.sub("&lt;", text))
