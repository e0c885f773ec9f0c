"""One-click unsubscribe from refresher mails, without signing in.

    GET  /unsubscribe?token=...   a page with one button (a GET changes nothing: mail scanners
                                  open links to check them)
    POST /unsubscribe?token=...   unsubscribes: the button, or the mail program itself (RFC 8058,
                                  body "List-Unsubscribe=One-Click")

Both languages on one page: the link does not say which language the learner reads.
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from application.mail import MailService
from i18n import translate

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
}
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
)


def _page(key: str, token: str | None, status: int) -> Response:
    parts = []
    for lang in ("nl", "en"):
        parts.append(
            f'<section lang="{lang}"><h1>{html.escape(translate(lang, f"unsubscribe.{key}.title"))}</h1>'
        )
        parts.append(f"<p>{html.escape(translate(lang, f'unsubscribe.{key}.text'))}</p>")
        if token is not None:
            action = f"/unsubscribe?token={html.escape(token, quote=True)}"
            label = html.escape(translate(lang, "unsubscribe.button"))
            parts.append(
                f'<form method="post" action="{action}"><button type="submit">{label}</button></form>'
            )
        parts.append("</section>")
    body = (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(translate('nl', f'unsubscribe.{key}.title'))}</title>"
        f"<style>{STYLE}</style></head><body>{''.join(parts)}</body></html>"
    )
    return HTMLResponse(body, status_code=status, headers=HEADERS)


def unsubscribe_page(request: Request, mail: MailService) -> Response:
    token = request.query_params.get("token", "")
    if not mail.is_unsubscribe_link(token):
        return _page("unknown", None, 404)
    return _page("confirm", token, 200)


async def unsubscribe(request: Request, mail: MailService) -> Response:
    token = request.query_params.get("token", "")
    if not mail.unsubscribe(token):
        return _page("unknown", None, 404)
    return _page("done", None, 200)
