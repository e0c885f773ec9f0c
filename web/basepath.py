"""Tell Streamlit's page where the server lives, so a deep link needs no guessing.

Opened at `/trainer-results`, Streamlit's page does not know whether the app is served at `/`
or under `/trainer-results/`: it tries `/trainer-results/_stcore/health` first (a 404 in the
console of every deep link) before `/_stcore/health`. Streamlit reads the answer from
`window.__streamlit.BACKEND_BASE_URL` when a host sets it; this middleware adds a script file
that sets it to the app's own path to the page Streamlit serves, before Streamlit's own code.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SCRIPT_PATH = "/assets/streamlit-base.js"
_TAG = f'<script src="{SCRIPT_PATH}"></script>'.encode()
_MARK = b"<head>"


def base_script(path: str) -> str:
    """The script: the app's address, from this page's origin and the app's base path."""
    base = path.rstrip("/") + "/"
    return (
        "window.__streamlit = Object.assign({}, window.__streamlit,"
        f" {{BACKEND_BASE_URL: window.location.origin + {base!r}}});\n"
    )


def base_script_response(path: str) -> Response:
    return Response(
        base_script(path), media_type="text/javascript", headers={"Cache-Control": "public, max-age=3600"}
    )


class BasePathHint:
    """Adds the script to Streamlit's HTML page (its index.html, served for every page path)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if "text/html" in headers.get("accept", ""):  # a page load: take the page uncompressed (8 kB)
            scope = dict(scope)
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        start: Message | None = None
        chunks: list[bytes] = []

        async def catch(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                answer = MutableHeaders(scope=message)
                plain = "content-encoding" not in answer
                if plain and answer.get("content-type", "").startswith("text/html"):
                    start = message  # hold it until the whole page is here
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            if b"<title>Streamlit</title>" in body:  # Streamlit's own page, not one of the app's
                body = body.replace(_MARK, _MARK + _TAG, 1)
            length = MutableHeaders(scope=start)
            if "content-length" in length:
                length["content-length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, catch)
