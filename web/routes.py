"""HTTP routes of the app, as Starlette routes mounted next to the UI by `course_app.py`.

No Streamlit imports: each handler asks the application for a service, calls it and returns
a response, so the routes are tested with Starlette's TestClient and an app of the test's own.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from application import CourseApp
from application.catalog import Catalog
from application.diplomas import DiplomaService
from web.unsubscribe import unsubscribe, unsubscribe_page

from . import statements, verify

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
    ]
