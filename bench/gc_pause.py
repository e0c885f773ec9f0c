"""What `gc.freeze()` at start-up (web/lifespan.py) buys: the time of a full collection over
this app's heap (Streamlit, pandas, pyHanko, SQLAlchemy, the parsed course), before and after
freezing what start-up made. Python's collector runs a full collection now and then on its
own; every session waits while it walks the heap.

    python bench/gc_pause.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import streamlit  # noqa: E402, F401  (the server's own heap)

from application import create_app  # noqa: E402
from settings import Settings  # noqa: E402


def full_collections(repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    app = create_app(Settings.load(environ={"COURSE_DATA_DIR": tempfile.mkdtemp()}, secrets={}))
    app.catalog.live()  # the parsed course, as after the first page
    objects = len(gc.get_objects())
    before = full_collections(args.repeat)
    gc.freeze()
    after = full_collections(args.repeat)
    print(f"objects tracked by the collector after start-up: {objects:,}")
    print(
        f"full collection, median of {args.repeat}: {statistics.median(before):.1f} ms before gc.freeze(), "
        f"{statistics.median(after) * 1000:.0f} µs after"
    )
    app.close()


if __name__ == "__main__":
    main()
