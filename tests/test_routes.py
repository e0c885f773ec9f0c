"""HTTP routes served next to the UI, tested with Starlette's TestClient."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from application import CourseApp, create_app, current_app
from web.routes import routes

from .conftest import FIXTURE_CONTENT, settings_for


@pytest.fixture
def content_with_image(tmp_path: Path) -> Path:
    for source in FIXTURE_CONTENT.rglob("*"):
        target = tmp_path / source.relative_to(FIXTURE_CONTENT)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    module = tmp_path / "mini" / "module.nl.yaml"
    module.write_text(
        module.read_text().replace(
            "Wat er gebeurde, en wat je ervan leert.", "![Een grafiek](images/grafiek.png)"
        )
    )
    (tmp_path / "mini" / "images").mkdir()
    (tmp_path / "mini" / "images" / "grafiek.png").write_bytes(b"\x89PNG\r\n\x1a\n fake")
    return tmp_path


@pytest.fixture
def app(content_with_image: Path) -> Iterator[CourseApp]:
    app = create_app(settings_for(content_with_image / "data", content_dir=content_with_image))
    yield app
    app.close()


def client_of(app: CourseApp) -> TestClient:
    return TestClient(Starlette(routes=routes(lambda: app)))


def test_module_images_are_served_with_long_caching(app: CourseApp):
    bundle = app.catalog.builtin.module("mini")
    client = client_of(app)
    response = client.get(f"/course-media/mini/{bundle.digest}/images/grafiek.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert "immutable" in response.headers["cache-control"]
    assert response.content.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "path",
    [
        "/course-media/mini/{digest}/images/bestaat-niet.png",
        "/course-media/mini/oude-versie/images/grafiek.png",
        "/course-media/onbekend/{digest}/images/grafiek.png",
        "/course-media/mini/{digest}/module.nl.yaml",
        "/course-media/mini/{digest}/../course.nl.yaml",
    ],
)
def test_anything_else_is_not_found(app: CourseApp, path: str):
    bundle = app.catalog.builtin.module("mini")
    client = client_of(app)
    assert client.get(path.format(digest=bundle.digest)).status_code == 404


def test_images_of_an_uploaded_version_are_served_by_every_replica(app: CourseApp, content_with_image: Path):
    """An upload's images live in the database, so any process serves them (also unpublished,
    for the trainer's preview)."""
    import io

    from PIL import Image

    from .test_upload import zip_of

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, format="PNG")
    module = (
        (content_with_image / "mini" / "module.nl.yaml")
        .read_bytes()
        .replace(b"images/grafiek.png", b"images/nieuw.png")
    )
    data = zip_of({"mini/module.nl.yaml": module, "mini/images/nieuw.png": buffer.getvalue()})
    uploaded = app.authoring.upload("mini.zip", data, by="t@x.nl").result.bundle
    other_replica = create_app(app.settings)  # knows the upload from the database alone
    client = client_of(other_replica)
    response = client.get(f"/course-media/mini/{uploaded.digest}/images/nieuw.png")
    assert response.status_code == 200 and response.content == uploaded.image("images/nieuw.png")
    assert client.get(f"/course-media/mini/{uploaded.digest}/images/grafiek.png").status_code == 404
    other_replica.close()


def test_the_app_object_serves_the_routes_and_streamlit(app: CourseApp, server: TestClient):
    with current_app.serving(app):
        client = server
        assert client.get("/_stcore/health").text == "ok"
        assert client.get("/course-media/x/y/z.png").status_code == 404
