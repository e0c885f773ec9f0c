"""HTTP routes of the app, as Starlette routes mounted by `course_app.py`.

No Streamlit imports: each handler calls the core and returns a response, so
they are tested with Starlette's TestClient alone.
"""

from __future__ import annotations

import mimetypes

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from modules.catalog import cached_course
from settings import Settings

from . import verify


async def course_media(request: Request) -> Response:
    """An image of a built-in module, at a URL that changes when the module does."""
    course = cached_course(str(Settings.load().content_dir))
    try:
        bundle = course.module(request.path_params["module_id"])
    except KeyError:
        return Response("Not found", status_code=404, media_type="text/plain")
    data = bundle.image(request.path_params["path"])
    if data is None or request.path_params["digest"] != bundle.digest:
        return Response("Not found", status_code=404, media_type="text/plain")
    media_type = mimetypes.guess_type(request.path_params["path"])[0] or "application/octet-stream"
    return Response(data, media_type=media_type, headers={
        "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",
    })


ROUTES = [
    Route("/course-media/{module_id}/{digest}/{path:path}", course_media, methods=["GET"]),
    # The suffixed forms first: "{code}" alone would also match "CODE.json".
    Route("/verify/{code}.json", verify.verify_json, methods=["GET"]),
    Route("/verify/{code}.png", verify.verify_image, methods=["GET"]),
    Route("/verify/{code}", verify.verify_page, methods=["GET"]),
    Route("/issuer.json", verify.issuer_json, methods=["GET"]),
    Route("/issuer.pem", verify.issuer_certificate, methods=["GET"]),
    Route("/issuer", verify.issuer_page, methods=["GET"]),
    Route("/healthz", verify.health, methods=["GET"]),
]
