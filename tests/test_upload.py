"""Uploaded modules are read in memory with limits; anything wrong is named and nothing is kept."""

import io
import zipfile

import pytest
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


# --- hostile uploads cost a worker, not the server ----------------------------------------


DEEP = b"id: x\nquiz: " + b"[" * 60_000 + b"]" * 60_000  # a 120 kB file nested 60,000 deep


def test_a_zip_of_many_yaml_files_is_refused_before_any_is_read():
    files = {f"m/f{i}.nl.yaml": DEEP for i in range(199)}
    assert [p.code for p in read_upload("m.zip", zip_of(files)).problems] == ["zip_too_many_yaml_files"]


def test_deep_nesting_stops_at_the_limit_without_reading_the_rest():
    import time

    from modules.yamlsafe import YamlProblem, load_located

    start = time.process_time()
    with pytest.raises(YamlProblem) as deep:
        load_located(DEEP)
    assert deep.value.code == "yaml_too_deep" and deep.value.position.line == 2
    assert time.process_time() - start < 2  # the whole file would take seconds


def test_images_are_counted_together_before_any_is_decoded(monkeypatch):
    monkeypatch.setattr(upload, "MAX_TOTAL_PIXELS", 3 * 200 * 200)
    text = MODULE.replace(b"Wat er gebeurde, en wat je ervan leert.", b"![Een grafiek](images/g0.png)")
    images = {f"mini/images/g{i}.png": png(200, 200) for i in range(4)}
    result = read_upload("m.zip", zip_of({"mini/module.nl.yaml": text, **images}))
    assert [p.code for p in result.problems] == ["images_too_large"]


def test_an_upload_past_its_cpu_limit_is_stopped_and_the_server_does_not_pay(monkeypatch):
    import time

    from application import isolation

    monkeypatch.setattr(isolation, "CPU_SECONDS", 1)
    heaviest = b"id: x\nquiz: " + b"[" * 125_000 + b"]" * 125_000  # just under the 256 kB a file may be
    files = {f"m/f{i}.nl.yaml": heaviest for i in range(upload.MAX_YAML_FILES)}  # seconds of CPU in all
    start = time.process_time()
    result = isolation.read_upload_limited("m.zip", zip_of(files))
    assert time.process_time() - start < 0.5  # the server's own CPU: the worker did the work
    assert [p.code for p in result.problems] == ["upload_too_costly"] and result.bundle is None


def test_a_valid_upload_comes_back_from_the_worker_whole():
    from application.isolation import read_upload_limited

    result = read_upload_limited("module.nl.yaml", MODULE)
    assert (
        result.ok
        and result.bundle.id == "mini"
        and result.files == read_upload("module.nl.yaml", MODULE).files
    )
