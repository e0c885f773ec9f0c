"""HTTP routes of the app, as Starlette routes mounted next to the UI by `course_app.py`.

No Streamlit imports: each handler asks the application for a service, calls it and returns
a response, so the routes are tested with Starlette's TestClient and an app of the test's own.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from application import CourseApp
from application.catalog import Catalog
from application.diplomas import DiplomaService
from application.sessions import SessionService
from web.unsubscribe import unsubscribe, unsubscribe_page

from . import basepath, statements, verify

AppProvider = Callable[[], CourseApp]  # the process's app (`application.current_app`) or a test's


def course_media(request: Request, catalog: Catalog) -> Response:
    """An image of a module version, at a URL that changes when the module does.

    Any stored version is served (the published one, an earlier one an attempt was taken
    on, or an upload a trainer previews), found by its content digest.
    """
    bundle = catalog.module_with_digest(request.path_params["module_id"], request.path_params["digest"])
    data = bundle.image(request.path_params["path"]) if bundle else None
    if data is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    media_type = mimetypes.guess_type(request.path_params["path"])[0] or "application/octet-stream"
    return Response(
        data,
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff"},
    )


# Sets <html lang> to the page's language (WCAG 3.1.1: Streamlit's page says "en"), as a file of
# this server rather than inline code, so the content security policy can forbid inline scripts.
HTML_LANG_JS = "document.documentElement.lang = document.currentScript.dataset.lang || 'nl';\n"


def html_lang_script(request: Request) -> Response:
    return Response(
        HTML_LANG_JS, media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"}
    )


# Swaps the page's one-time claim for the session cookie, keeps the cookie fresh on every page
# load, or ends it on sign-out. A file of this server, like html-lang.js (no inline script).
SESSION_JS = """(() => {
  const data = document.currentScript.dataset;
  const send = (path, body) => fetch(path, {method: 'POST', body: body || '', credentials: 'same-origin',
                                            headers: {'Content-Type': 'text/plain'}});
  if (data.claim) send('/session/claim', data.claim);
  else if (data.end) send('/session/end');
  else send('/session/refresh');
})();
"""


# Opens a page part at its top with the focus on its heading (a result after "Inleveren": the
# browser would otherwise stay scrolled where the button was, past the score). The heading is
# found by its text; it may be drawn a moment after this script runs.
FOCUS_JS = """(() => {
  const wanted = document.currentScript.dataset.heading;
  let tries = 0;
  const go = () => {
    const heading = [...document.querySelectorAll('[data-testid="stMain"] h1, [data-testid="stMain"] h2,'
                                                + ' [data-testid="stMain"] h3')]
      .find(h => h.textContent.trim() === wanted);
    if (!heading) { if (tries++ < 50) setTimeout(go, 50); return; }
    document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"],'
                              + ' [data-testid="stAppScrollToBottomContainer"]')
      .forEach(e => { e.scrollTop = 0; });
    window.scrollTo(0, 0);
    heading.setAttribute('tabindex', '-1');
    heading.focus({preventScroll: true});
  };
  go();
})();
"""


# Streamlit draws the sections of its phone menu as <ul><div><header/><li/>...</div></ul>, which
# is no list (axe: list, listitem). Keep the markup, say what it is: the outer <ul> is only a
# container, each section's <div> the list of its pages.
# And a table wider than a phone (a name with a very long "word") scrolls sideways: its scroll
# box must then be reachable with the keyboard (axe: scrollable-region-focusable).
NAV_LISTS_JS = """(() => {
  const fix = () => {
    document.querySelectorAll('[data-testid="stSidebarNavItems"]').forEach(ul => {
      const sections = [...ul.children].filter(child => child.tagName === 'DIV');
      if (!sections.length || ul.getAttribute('role') === 'none') return;
      ul.setAttribute('role', 'none');
      sections.forEach(div => div.setAttribute('role', 'list'));
    });
    // A module not yet translated, shown on a page in another language: its own lang (3.1.2).
    document.querySelectorAll('[class*="st-key-content-"][class*="-lang-"]').forEach(block => {
      const found = /-lang-([a-z]{2})(?![a-z])/.exec(block.className);
      if (found && block.lang !== found[1]) block.lang = found[1];
    });
    document.querySelectorAll('[data-testid="stTable"] > div').forEach(box => {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute('tabindex')) box.setAttribute('tabindex', '0');
    });
  };
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
})();
"""


def nav_lists_script(request: Request) -> Response:
    return Response(
        NAV_LISTS_JS, media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"}
    )


def focus_script(request: Request) -> Response:
    return Response(FOCUS_JS, media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"})


def session_script(request: Request) -> Response:
    return Response(
        SESSION_JS, media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"}
    )


def _with_cookie(response: Response, service: SessionService, token: str) -> Response:
    spec = service.cookie
    response.set_cookie(
        spec.name,
        token,
        max_age=spec.max_age,
        path=spec.path,
        secure=spec.secure,
        httponly=spec.httponly,
        samesite=spec.samesite,  # type: ignore[arg-type]
    )
    return response


def _without_cookie(response: Response, service: SessionService) -> Response:
    spec = service.cookie
    response.delete_cookie(
        spec.name,
        path=spec.path,
        secure=spec.secure,
        httponly=spec.httponly,
        samesite=spec.samesite,  # type: ignore[arg-type]
    )
    return response


async def session_claim(request: Request, service: SessionService) -> Response:
    """The page's one-time claim in the body; answers with the session cookie."""
    claim = (await request.body())[:200].decode("ascii", "replace").strip()
    token = await run_in_threadpool(service.redeem, claim) if claim else None
    if token is None:
        return Response(status_code=403)
    return _with_cookie(Response(status_code=204, headers={"Cache-Control": "no-store"}), service, token)


async def session_refresh(request: Request, service: SessionService) -> Response:
    """Another 30 days for a live session cookie; an ended one is removed."""
    token = request.cookies.get(service.cookie.name, "")
    if not token:
        return Response(status_code=204)
    found = await run_in_threadpool(service.learner, token)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    return _with_cookie(response, service, token) if found else _without_cookie(response, service)


async def session_end(request: Request, service: SessionService) -> Response:
    """Sign out on this device: the session ends and the cookie goes."""
    token = request.cookies.get(service.cookie.name, "")
    if token:
        await run_in_threadpool(service.end, token)
    return _without_cookie(Response(status_code=204, headers={"Cache-Control": "no-store"}), service)


def routes(app: AppProvider) -> list[Route]:
    """The routes, each handler given the service it needs from the app at request time."""

    def with_diplomas(view: Callable[[Request, DiplomaService], Response]) -> Callable[[Request], Response]:
        return lambda request: view(request, app().diplomas)

    async def one_click(request: Request) -> Response:
        return await unsubscribe(request, app().mail)

    def media(request: Request) -> Response:
        return course_media(request, app().catalog)

    def statement(request: Request) -> Response:
        return statements.statement_page(request, app())

    def streamlit_base(request: Request) -> Response:
        return basepath.base_script_response(urlsplit(app().settings.public_base_url).path)

    def with_sessions(view: Callable[[Request, SessionService], Awaitable[Response]]) -> Callable[..., Any]:
        async def handle(request: Request) -> Response:
            return await view(request, app().sessions)

        return handle

    return [
        Route("/course-media/{module_id}/{digest}/{path:path}", media, methods=["GET"]),
        # The suffixed forms first: "{code}" alone would also match "CODE.json".
        Route("/verify/{code}.json", with_diplomas(verify.verify_json), methods=["GET"]),
        Route("/verify/{code}.png", with_diplomas(verify.verify_image), methods=["GET"]),
        Route("/verify/{code}", with_diplomas(verify.verify_page), methods=["GET"]),
        Route("/issuer.json", with_diplomas(verify.issuer_json), methods=["GET"]),
        Route("/issuer.pem", with_diplomas(verify.issuer_certificate), methods=["GET"]),
        Route("/issuer", with_diplomas(verify.issuer_page), methods=["GET"]),
        Route("/healthz", verify.health, methods=["GET"]),
        *(Route(f"/{path}", statement, methods=["GET"]) for path in statements.STATEMENTS),
        Route("/unsubscribe", lambda request: unsubscribe_page(request, app().mail), methods=["GET"]),
        Route("/unsubscribe", one_click, methods=["POST"]),
        Route("/assets/html-lang.js", html_lang_script, methods=["GET"]),
        Route("/assets/session.js", session_script, methods=["GET"]),
        Route(basepath.SCRIPT_PATH, streamlit_base, methods=["GET"]),
        Route("/assets/focus.js", focus_script, methods=["GET"]),
        Route("/assets/nav-lists.js", nav_lists_script, methods=["GET"]),
        Route("/session/claim", with_sessions(session_claim), methods=["POST"]),
        Route("/session/refresh", with_sessions(session_refresh), methods=["POST"]),
        Route("/session/end", with_sessions(session_end), methods=["POST"]),
    ]
