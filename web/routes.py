"""HTTP routes of the app, as Starlette routes mounted by `course_app.py`.

No Streamlit imports: each handler calls the core and returns a response, so
they are tested with Starlette's TestClient alone.
"""

from __future__ import annotations

import mimetypes

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from modules.catalog import ModuleBundle, cached_course
from settings import Settings
from storage.db import shared_database
from storage.publishing import live_course
from storage.versions import module_at_version, version_by_digest

from . import verify


def course_media(request: Request) -> Response:
    """An image of a module version, at a URL that changes when the module does.

    Any stored version is served (the published one, an earlier one an attempt was taken
    on, or an upload a trainer previews), found by its content digest.
    """
    module_id, digest = request.path_params["module_id"], request.path_params["digest"]
    bundle = _bundle_with_digest(module_id, digest)
    data = bundle.image(request.path_params["path"]) if bundle else None
    if data is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    media_type = mimetypes.guess_type(request.path_params["path"])[0] or "application/octet-stream"
    return Response(
        data,
        media_type=media_type,
        headers={
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _bundle_with_digest(module_id: str, digest: str) -> ModuleBundle | None:
    settings = Settings.load()
    db = shared_database(settings.database_url)
    live = live_course(db, cached_course(str(settings.content_dir))).course
    if module_id in live.module_ids and live.module(module_id).digest == digest:
        return live.module(module_id)
    version = version_by_digest(db, module_id, digest)
    return None if version is None else module_at_version(db, module_id, version)


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
