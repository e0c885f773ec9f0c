"""HTTP routes served next to the UI, tested with Starlette's TestClient."""

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from modules.catalog import cached_course
from web.routes import ROUTES


@pytest.fixture
def content_with_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from .conftest import FIXTURE_CONTENT

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
    monkeypatch.setenv("COURSE_CONTENT_DIR", str(tmp_path))
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path


def test_module_images_are_served_with_long_caching(content_with_image: Path):
    bundle = cached_course(str(content_with_image)).module("mini")
    client = TestClient(Starlette(routes=ROUTES))
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
def test_anything_else_is_not_found(content_with_image: Path, path: str):
    bundle = cached_course(str(content_with_image)).module("mini")
    client = TestClient(Starlette(routes=ROUTES))
    assert client.get(path.format(digest=bundle.digest)).status_code == 404


def test_images_of_an_uploaded_version_are_served_by_every_replica(content_with_image: Path):
    """An upload's images live in the database, so any process serves them (also unpublished,
    for the trainer's preview)."""
    import io

    from PIL import Image

    from modules.upload import read_upload
    from settings import Settings
    from storage.db import shared_database
    from storage.versions import save_version

    from .test_upload import zip_of

    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "teal").save(buffer, format="PNG")
    module = (
        (content_with_image / "mini" / "module.nl.yaml")
        .read_bytes()
        .replace(b"images/grafiek.png", b"images/nieuw.png")
    )
    uploaded = read_upload(
        "mini.zip", zip_of({"mini/module.nl.yaml": module, "mini/images/nieuw.png": buffer.getvalue()})
    ).bundle
    save_version(shared_database(Settings.load().database_url), uploaded, source="upload", by="t@x.nl")
    client = TestClient(Starlette(routes=ROUTES))
    response = client.get(f"/course-media/mini/{uploaded.digest}/images/nieuw.png")
    assert response.status_code == 200 and response.content == uploaded.image("images/nieuw.png")
    assert client.get(f"/course-media/mini/{uploaded.digest}/images/grafiek.png").status_code == 404


def test_the_app_object_serves_the_routes_and_streamlit(app_env: Path):
    import course_app

    with TestClient(course_app.app) as client:
        assert client.get("/_stcore/health").text == "ok"
        assert client.get("/course-media/x/y/z.png").status_code == 404
