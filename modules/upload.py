"""Reading an uploaded module (one YAML file, or a ZIP of a module folder) safely into memory.

Nothing is extracted to disk. A ZIP is read member by member with limits on the upload's
size, the number of files, each file's unpacked size and the total (against ZIP bombs),
and paths that leave the module folder are refused. Images are opened with Pillow (PNG,
JPEG or WebP only, a pixel limit against decompression bombs) and re-encoded, so what is
stored is a clean image. The result is the same `files` mapping the validator and the
catalog use for folders on disk.
"""

from __future__ import annotations

import io
import pickle
import resource
import sys
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from PIL import Image

from .catalog import ModuleBundle, check_module
from .files import YAML_SUFFIXES, is_image, is_yaml
from .validation import Problem

MAX_UPLOAD = 20 * 1024 * 1024
MAX_FILES = 200
MAX_FILE = 5 * 1024 * 1024
MAX_TOTAL = 50 * 1024 * 1024
MAX_PIXELS = 4096 * 4096  # per image
MAX_TOTAL_PIXELS = 48_000_000  # all images of a module together: a few dozen lesson images
MAX_YAML_FILES = 10  # a module in its languages and country variants
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WEBP"}
UPLOAD_SUFFIXES = (*YAML_SUFFIXES, ".zip")


@dataclass
class UploadResult:
    bundle: ModuleBundle | None
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.bundle is not None and not self.problems


def read_upload(name: str, data: bytes) -> UploadResult:
    """Validate an uploaded module; `bundle` is set only when everything is right."""
    if len(data) > MAX_UPLOAD:
        return UploadResult(None, [Problem(name, 1, 1, "upload_too_large", {"limit_mb": MAX_UPLOAD >> 20})])
    if name.lower().endswith(".zip"):
        files, problems = _read_zip(name, data)
    elif is_yaml(name):
        files, problems = {PurePosixPath(name).name: data}, []
    else:
        return UploadResult(None, [Problem(name, 1, 1, "upload_type")])
    if problems:
        return UploadResult(None, problems)
    files, problems = _clean_images(name, files)
    if problems:
        return UploadResult(None, problems)
    bundle, problems = check_module(files)
    return UploadResult(bundle, problems, files)


def _read_zip(name: str, data: bytes) -> tuple[dict[str, bytes], list[Problem]]:
    def problem(code: str, **params: object) -> tuple[dict[str, bytes], list[Problem]]:
        return {}, [Problem(name, 1, 1, code, dict(params))]

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except zipfile.BadZipFile:
        return problem("zip_broken")
    if len(members) > MAX_FILES:
        return problem("zip_too_many_files", limit=MAX_FILES)
    if sum(is_yaml(m.filename) for m in members) > MAX_YAML_FILES:
        return problem("zip_too_many_yaml_files", limit=MAX_YAML_FILES)
    prefix = _common_folder([m.filename for m in members])
    files: dict[str, bytes] = {}
    total = 0
    for member in members:
        path = PurePosixPath(member.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in member.filename:
            return problem("zip_bad_path", path=member.filename)
        relative = member.filename[len(prefix) :]
        if relative.startswith("__MACOSX/") or PurePosixPath(relative).name.startswith("."):
            continue
        if not (is_yaml(relative) or is_image(relative)):
            return problem("zip_file_type", path=member.filename)
        content = _read_member(archive, member)
        if content is None:
            return problem("zip_file_too_large", path=member.filename, limit_mb=MAX_FILE >> 20)
        total += len(content)
        if total > MAX_TOTAL:
            return problem("zip_too_large", limit_mb=MAX_TOTAL >> 20)
        files[relative] = content
    return files, []


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes, reading at most MAX_FILE + 1 of them: header sizes can lie."""
    with archive.open(member) as stream:
        content = stream.read(MAX_FILE + 1)
    return None if len(content) > MAX_FILE else content


def _common_folder(names: list[str]) -> str:
    """'mijn-module/' when every file is inside one folder (how ZIPs of a folder look)."""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1 and all("/" in name for name in names):
        return tops.pop() + "/"
    return ""


def _clean_images(name: str, files: dict[str, bytes]) -> tuple[dict[str, bytes], list[Problem]]:
    cleaned: dict[str, bytes] = {}
    total = sum(_pixels(content) for path, content in files.items() if is_image(path))
    if total > MAX_TOTAL_PIXELS:  # counted from the headers, before decoding any image
        return {}, [Problem(name, 1, 1, "images_too_large", {"megapixels": MAX_TOTAL_PIXELS // 1_000_000})]
    for path, content in files.items():
        if not is_image(path):
            cleaned[path] = content
            continue
        image = _reencode(content)
        if image is None:
            return {}, [
                Problem(
                    f"{name}/{path}",
                    1,
                    1,
                    "image_invalid",
                    {"image": path, "megapixels": MAX_PIXELS // 1_000_000},
                )
            ]
        cleaned[path] = image
    return cleaned, []


def _pixels(content: bytes) -> int:
    """An image's size in pixels as its header states it (0 when it is no image we read)."""
    try:
        with Image.open(io.BytesIO(content), formats=list(IMAGE_FORMATS)) as image:
            return int(image.width * image.height)
    except (OSError, ValueError, Image.DecompressionBombError):
        return 0


def _reencode(content: bytes) -> bytes | None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content), formats=list(IMAGE_FORMATS)) as image:
                if image.width * image.height > MAX_PIXELS:
                    return None
                image.load()
                output = io.BytesIO()
                image.save(output, format=IMAGE_FORMATS[image.format or "PNG"])
                return output.getvalue()
        except (OSError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
            return None


def pack_module(module_id: str, files: dict[str, bytes]) -> bytes:
    """A module's files as a ZIP of its folder: the form `read_upload` takes back."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            archive.writestr(f"{module_id}/{path}", files[path])
    return buffer.getvalue()


def _work_limited() -> None:
    """`python -m modules.upload CPU_SECONDS MEMORY_BYTES`: read one pickled (file name, data)
    from stdin under those limits and write the pickled result (see `application.isolation`)."""
    cpu_seconds, memory_bytes = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from modules import upload  # by its name, so the result unpickles as modules.upload's

    file_name, data = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(upload.read_upload(file_name, data)))


if __name__ == "__main__":
    _work_limited()
