"""Checking what someone uploads in a process of its own, under a CPU-time and a memory limit.

A hostile or broken file (YAML nested thousands deep, images at the pixel limit) then costs
that worker, never the server that serves everyone else: past its limit the worker is stopped,
and the upload is refused with a problem the trainer can read. The worker is a fresh
interpreter (`python -m modules.upload`, which imports no more than it needs), not a fork of
the server: forking a process with running threads can copy a lock that is held.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from modules.upload import UploadResult
from modules.validation import Problem

CPU_SECONDS = 20
MEMORY_BYTES = 2 * 1024**3  # address space: an interpreter with pydantic and Pillow needs ~0.5 GB
_ROOT = Path(__file__).resolve().parent.parent


def read_upload_limited(file_name: str, data: bytes) -> UploadResult:
    """`modules.upload.read_upload`, done by a worker process with CPU and memory limits."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "modules.upload", str(CPU_SECONDS), str(MEMORY_BYTES)],
            input=pickle.dumps((file_name, data)),
            capture_output=True,
            cwd=_ROOT,
            timeout=CPU_SECONDS * 3,
        )
    except subprocess.TimeoutExpired:
        done = None
    if done is None or done.returncode != 0:  # killed at its limit, or out of memory
        return UploadResult(None, [Problem(file_name, 1, 1, "upload_too_costly")])
    result: UploadResult = pickle.loads(done.stdout)  # from our own worker, never from a user
    return result
