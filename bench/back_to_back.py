"""One learner rerunning lesson pages back to back on the real server, next to one user
clicking a one-button Streamlit app back to back: the wall time and server CPU per rerun.

    python bench/back_to_back.py [--reruns 300]

With no think time between reruns, the wall time shows any wait that is not work: before
web/nodelay.py a rerun's last messages waited ~40 ms for the client's delayed ACK, which the
one-button app (Streamlit as it comes) still shows.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workshop import (  # noqa: E402  (the websocket driver and servers of bench/workshop.py)
    ROOT,
    TRIVIAL,
    Results,
    Session,
    close_http_client,
    cpu_seconds,
    learner,
    new_workshop,
    served,
    server_env,
)

from modules.catalog import load_course  # noqa: E402
from settings import Settings  # noqa: E402


async def per_rerun(pid: int, reruns: int, rerun: Callable[[int], Awaitable[Any]]) -> tuple[float, float]:
    """Milliseconds of wall time and of server CPU per call of `rerun`."""
    cpu, wall = cpu_seconds(pid), time.perf_counter()
    for i in range(reruns):
        await rerun(i)
    return 1000 * (time.perf_counter() - wall) / reruns, 1000 * (cpu_seconds(pid) - cpu) / reruns


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reruns", type=int, default=300)
    parser.add_argument("--module", default="spelregels")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-back-to-back-") as data:
        env = server_env(Path(data))
        code = new_workshop(env)
        lessons = len(load_course(Settings.load().content_dir).module(args.module).in_language("nl").lessons)

        with served(ROOT / "course_app.py", 1, env) as server:

            async def lessons_back_to_back() -> tuple[float, float]:
                quick = argparse.Namespace(think=(0.0, 0.0), lessons=lessons)
                session = await learner(1, server.url, code, args.module, quick, Results())
                figures = await per_rerun(
                    server.pids()[0],
                    args.reruns,
                    lambda i: session.go("les", f"module={args.module}&lesson={i % lessons + 1}"),
                )
                await session.close()
                await close_http_client()
                return figures

            app = asyncio.run(lessons_back_to_back())
        trivial = Path(data) / "trivial.py"
        trivial.write_text(TRIVIAL, encoding="utf-8")
        with served(trivial, 1, env) as server:

            async def clicks_back_to_back() -> tuple[float, float]:
                session = Session(server.url)
                await session.open()
                figures = await per_rerun(server.pids()[0], args.reruns, lambda _: session.click("b"))
                await session.close()
                await close_http_client()
                return figures

            one_button = asyncio.run(clicks_back_to_back())
    print(f"{args.reruns} reruns back to back, one process, no think time")
    print(f"  this app, a lesson page:    {app[0]:6.1f} ms wall, {app[1]:5.1f} ms server CPU per rerun")
    print(
        f"  one-button app, its button: {one_button[0]:6.1f} ms wall, {one_button[1]:5.1f} ms server CPU per rerun"
    )


if __name__ == "__main__":
    main()
