"""The privacy statement and the accessibility statement: public pages rendered on the
server from Markdown files in `content/pages/` that the organisation edits (`privacy.nl.md`,
`toegankelijkheid.en.md`, ...), with its own name, contact and retention periods filled in.

Raw HTML in those files is shown as text, not rendered: they come from an editor, not from us.
"""

from __future__ import annotations

import html
from pathlib import Path
from string import Template

from markdown_it import MarkdownIt
from starlette.requests import Request
from starlette.responses import Response

from application import CourseApp
from i18n import translate

from .verify import SECURITY_HEADERS, language_of

PAGE = Template((Path(__file__).parent / "templates" / "statement.html").read_text(encoding="utf-8"))
PAGES_DIR = Path(__file__).resolve().parent.parent / "content" / "pages"
STATEMENTS = {
    "privacy": "privacy",
    "toegankelijkheid": "toegankelijkheid",
    "accessibility": "toegankelijkheid",
}
MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


def statement_page(request: Request, app: CourseApp) -> Response:
    name = STATEMENTS[request.url.path.strip("/")]
    lang = language_of(request)
    text = (PAGES_DIR / f"{name}.{lang}.md").read_text(encoding="utf-8")
    body = MARKDOWN.render(fill_in(text, app, lang))
    title = translate(lang, f"statement.{name}")
    site = f"{translate(lang, 'app.title')} – {app.diplomas.issuer_name}"
    links = " ".join(
        f'<a href="/{path}?lang={lang}">{html.escape(translate(lang, f"statement.{page}"))}</a>'
        for path, page in (("privacy", "privacy"), ("toegankelijkheid", "toegankelijkheid"))
    )
    page = PAGE.substitute(
        lang=lang,
        title=html.escape(f"{title} – {app.diplomas.issuer_name}"),
        site_name=html.escape(site),
        home=html.escape(app.settings.public_base_url + "/"),
        body=body,
        nav_label=html.escape(translate(lang, "statement.nav")),
        links=links,
    )
    headers = {**SECURITY_HEADERS, "Content-Language": lang, "Vary": "Accept-Language"}
    return Response(page, media_type="text/html; charset=utf-8", headers=headers)


def fill_in(text: str, app: CourseApp, lang: str) -> str:
    """The statement with the organisation's own facts in its `{placeholders}`."""
    s = app.settings
    organisation = app.diplomas.issuer_name
    facts = {
        "organisation": organisation,
        "contact": s.privacy_contact or translate(lang, "statement.no_contact", organisation=organisation),
        "retain_learners_months": str(s.retain_learners_months),
        "retain_audit_years": str(s.retain_audit_years),
        "retain_failed_logins_days": str(s.retain_failed_logins_days),
        "retain_sent_messages_days": str(s.retain_sent_messages_days),
    }
    for key, value in facts.items():
        text = text.replace("{" + key + "}", value)
    return text
