"""What every answer of this server carries, and what it refuses, as Starlette middleware on the
`st.App`: so Streamlit's own pages and endpoints, the app's routes and their errors are covered
alike.

- Headers a security officer checks (BIO/ASVS): a content security policy, no framing by other
  sites, no MIME sniffing, a strict referrer policy, HSTS when the app is served over https.
- Streamlit's internal metrics (`/_stcore/metrics`) only for this machine.
- A rate limit per client address on the public routes (`/verify`, `/issuer`), answered with
  429 and `Retry-After`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from importlib import resources

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application import ContentError, CourseApp
from application.limits import LOOPBACK, RateLimiter
from application.limits import client_address as _client_address

from .basepath import BasePathHint

# Requests per client address to the public verification routes: a person checking diplomas
# never comes near it; a script trying codes is slowed to a crawl.
VERIFY_RATE = RateLimiter(per_minute=120, burst=60)


def _inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts in Streamlit's own index.html (its one line of start-up
    code), read from the installed Streamlit so an update cannot break the page silently."""
    page = (resources.files("streamlit") / "static" / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts]


def content_security_policy() -> str:
    """Scripts only from this server (no inline script but Streamlit's own, by hash), styles
    inline as Streamlit draws them, images also as data: URLs (QR codes), nothing framed by or
    posted to another site."""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {' '.join(_inline_script_hashes())}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' blob:",
            "frame-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def client_address(scope: Scope) -> str:
    """Who is asking: the address nginx on this machine forwarded for, else the connection's."""
    direct = (scope.get("client") or ("", 0))[0]
    return _client_address(direct, Headers(scope=scope).get("x-forwarded-for", ""))


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, https: Callable[[], bool]) -> None:
        self.app = app
        self.https = https
        self.headers = {
            "Content-Security-Policy": content_security_policy(),
            "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
            "Cross-Origin-Opener-Policy": "same-origin",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path.startswith("/_stcore/metrics") and client_address(scope) not in LOOPBACK:
            await PlainTextResponse("Not found", status_code=404)(scope, receive, self._with_headers(send))
            return
        if path.startswith(("/verify", "/issuer")):
            wait = VERIFY_RATE.wait(client_address(scope))
            if wait:
                response = PlainTextResponse(
                    "Te veel verzoeken; probeer het later opnieuw. / Too many requests; try again later.",
                    status_code=429,
                    headers={"Retry-After": str(wait)},
                )
                await response(scope, receive, self._with_headers(send))
                return
        await self.app(scope, receive, self._with_headers(send))

    def _with_headers(self, send: Send) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)  # a route's own stricter policy stays
                if self.https():
                    headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
            await send(message)

        return send_with_headers


def middleware(app: Callable[[], CourseApp]) -> list[Middleware]:
    """The middleware for `st.App(middleware=...)`; HSTS follows the app's public address."""

    def https() -> bool:
        try:
            return app().settings.public_base_url.startswith("https://")
        except ContentError:  # the course does not load; the pages say why
            return False

    return [Middleware(SecurityHeaders, https=https), Middleware(BasePathHint)]
