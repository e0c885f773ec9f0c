"""Uploaded modules are read in memory with limits; anything wrong is named and nothing is kept."""

import io
import zipfile

from PIL import Image

from modules import upload
from modules.upload import read_upload

from .conftest import FIXTURE_CONTENT

MODULE = (FIXTURE_CONTENT / "mini" / "module.nl.yaml").read_bytes()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def png(width: int = 20, height: int = 10) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_valid_yaml_file():
    result = read_upload("module.nl.yaml", MODULE)
    assert result.ok and result.bundle.id == "mini"


def test_a_valid_zip_of_a_module_folder_with_an_image():
    text = MODULE.replace(b"Wat er gebeurde, en wat je ervan leert.", b"![Een grafiek](images/g.png)")
    result = read_upload("mini.zip", zip_of({"mini/module.nl.yaml": text, "mini/images/g.png": png()}))
    assert result.ok, [p.format() for p in result.problems]
    assert result.bundle.image("images/g.png").startswith(b"\x89PNG")


def test_a_broken_module_names_the_line():
    result = read_upload("module.nl.yaml", MODULE.replace(b"draw: 3 ", b"draw: 9 "))
    assert result.bundle is None
    assert [(p.code, p.line) for p in result.problems] == [
        ("draw_too_large", MODULE.decode()[: MODULE.decode().index("draw: 3")].count("\n") + 1)
    ]


def test_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(upload, "MAX_FILE", 1024 * 1024)
    bomb = zip_of({"mini/module.nl.yaml": MODULE, "mini/images/huge.png": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000  # 20 MB of zeros packs into a few KB
    result = read_upload("bomb.zip", bomb)
    assert [p.code for p in result.problems] == ["zip_file_too_large"]


def test_paths_outside_the_module_are_refused():
    result = read_upload("evil.zip", zip_of({"mini/module.nl.yaml": MODULE, "../../etc/passwd.yaml": b"x"}))
    assert [p.code for p in result.problems] == ["zip_bad_path"]
    assert "../../etc/passwd.yaml" in result.problems[0].message()


def test_too_many_files_and_foreign_file_types():
    many = {f"mini/images/{i}.png": b"" for i in range(upload.MAX_FILES + 1)}
    assert [p.code for p in read_upload("many.zip", zip_of(many)).problems] == ["zip_too_many_files"]
    script = zip_of({"mini/module.nl.yaml": MODULE, "mini/run.sh": b"rm -rf /"})
    assert [p.code for p in read_upload("x.zip", script).problems] == ["zip_file_type"]


def test_oversized_and_fake_images_are_refused(monkeypatch):
    monkeypatch.setattr(upload, "MAX_PIXELS", 100 * 100)
    text = MODULE.replace(b"Wat er gebeurde, en wat je ervan leert.", b"![Een grafiek](images/g.png)")
    big = read_upload("m.zip", zip_of({"mini/module.nl.yaml": text, "mini/images/g.png": png(200, 200)}))
    assert [p.code for p in big.problems] == ["image_invalid"]
    fake = read_upload("m.zip", zip_of({"mini/module.nl.yaml": text, "mini/images/g.png": b"<svg/>"}))
    assert [p.code for p in fake.problems] == ["image_invalid"]


def test_script_and_javascript_links_in_markdown_are_refused():
    text = MODULE.replace(b"Gewone tekst in **Markdown**.", b"Tekst <script>alert(1)</script>.")
    text = text.replace(b"(https://www.example.org/handreiking)", b"(javascript:alert(1))")
    codes = sorted(p.code for p in read_upload("module.nl.yaml", text).problems)
    assert codes == ["html_not_allowed", "link_not_https"]


def test_other_file_types_are_refused():
    assert [p.code for p in read_upload("module.docx", b"PK").problems] == ["upload_type"]
    assert [p.code for p in read_upload("x.zip", b"not a zip").problems] == ["zip_broken"]
