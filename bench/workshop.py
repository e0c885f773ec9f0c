"""A workshop day: N learners on their phones at the same minute, driven through the real
server over Streamlit's websocket protocol (as a browser drives it), next to a one-button
Streamlit app measured the same way in the same run.

    python bench/workshop.py --learners 150 [--ramp 10] [--think 2 5] [--module spelregels]
    python bench/workshop.py --learners 60 --url http://127.0.0.1:8080 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1/test   # a deployment (no CPU/RSS figures)

Each learner opens the join link of a workshop (first load), starts with their name, saves
their code and goes to the modules, reads the module's lessons, opens the quiz, answers every question one
at a time (a scenario choice by choice), reviews and submits, with think times in between.
Printed: p50/p95/p99 per step, first-load times, errors, server CPU per interaction, RSS per
idle session, the same for the trivial app, and whether the goals are met.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx2 as httpx
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from modules.catalog import load_course  # noqa: E402
from settings import Settings  # noqa: E402
from storage import workshops  # noqa: E402
from storage.db import Database  # noqa: E402

GOALS = {
    "interaction p95 (ms)": 250,
    "first load p95 (ms)": 1000,
    "errors": 0,
    "RSS per idle session (MB)": 3,
}
TRIVIAL = """
import streamlit as st
st.session_state.clicks = st.session_state.get("clicks", 0) + st.button("Klik", key="b")
st.write(f"Geklikt: {st.session_state.clicks}")
"""
EARLY = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


# --- the protocol --------------------------------------------------------------------------


@dataclass
class Widget:
    kind: str  # the element type: button, radio, checkbox, selectbox, text_input, ...
    id: str
    proto: Any

    @property
    def key(self) -> str:
        """The key the app gave it ("$$ID-<hash>-<key>"; "None" for a widget without one)."""
        return self.id.split("-", 2)[2]


@dataclass
class Screen:
    """What one script run drew: its widgets, its texts, and any exception it showed."""

    widgets: list[Widget] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    def widget(self, key: str) -> Widget:
        return next(w for w in self.widgets if w.key == key)

    def has(self, key: str) -> bool:
        return any(w.key == key for w in self.widgets)

    def labelled(self, kind: str, label: str) -> Widget:
        return next(w for w in self.widgets if w.kind == kind and w.proto.label == label)


class Session:
    """One browser tab's websocket: a rerun is a BackMsg, answered by ForwardMsgs until the run ends."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.socket: Any = None
        self.page = ""
        self.query = ""

    async def open(self, page: str = "", query: str = "") -> Screen:
        address = f"{self.base_url}/{page}" + (f"?{query}" if query else "")
        (await http_client().get(address)).raise_for_status()  # the page, as a browser loads it first
        ws_url = self.base_url.replace("http", "ws", 1) + "/_stcore/stream"
        self.socket = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None)
        return await self.go(page, query)

    async def go(self, page: str, query: str = "") -> Screen:
        self.page, self.query = page, query
        return await self.run([])

    async def click(self, key: str, *values: WidgetState) -> Screen:
        return await self.run([*values, WidgetState(id=self.widget_id(key), trigger_value=True)])

    async def run(self, states: list[WidgetState]) -> Screen:
        message = BackMsg()
        message.rerun_script.page_name = self.page
        message.rerun_script.query_string = self.query
        message.rerun_script.widget_states.widgets.extend(states)
        await self.socket.send(message.SerializeToString())
        screen = Screen()
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.socket.recv(), timeout=60))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                _read_element(forward.delta.new_element, screen)
            elif kind == "page_info_changed":  # st.switch_page or st.query_params: follow it
                self.query = forward.page_info_changed.query_string
            elif kind == "script_finished" and forward.script_finished != EARLY:
                self.screen = screen
                return screen
            elif kind == "script_finished":
                screen = Screen()  # a rerun follows (st.rerun, st.switch_page)

    def widget_id(self, key: str) -> str:
        return self.screen.widget(key).id

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


_HTTP: dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}


def http_client() -> httpx.AsyncClient:
    """One HTTP client for the whole crowd: making one costs the driver ~25 ms of CPU (its TLS
    context), which 300 arrivals in 10 s would take from the cores the server runs on."""
    loop = asyncio.get_running_loop()
    if loop not in _HTTP:
        _HTTP[loop] = httpx.AsyncClient(limits=httpx.Limits(max_connections=None))
    return _HTTP[loop]


async def close_http_client() -> None:
    client = _HTTP.pop(asyncio.get_running_loop(), None)
    if client is not None:
        await client.aclose()


def _read_element(element: Any, screen: Screen) -> None:
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    if kind == "exception":
        screen.exceptions.append(f"{proto.type}: {proto.message}")
    elif hasattr(proto, "id") and proto.id.startswith("$$ID-"):
        screen.widgets.append(Widget(kind, proto.id, proto))
    for text_field in ("body", "text"):
        if isinstance(getattr(proto, text_field, None), str):
            screen.texts.append(getattr(proto, text_field))


def choose(widget: Widget, rng: random.Random) -> WidgetState:
    """A radio or select box set to one of its options (they carry the option's label)."""
    return WidgetState(id=widget.id, string_value=rng.choice(list(widget.proto.options)))


# --- the journeys --------------------------------------------------------------------------


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    @contextmanager
    def timed(self, step: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.times[step].append(time.perf_counter() - start)

    def interactions(self) -> list[float]:
        return [t for step, values in self.times.items() if step != "first load" for t in values]


async def learner(
    number: int, base_url: str, workshop: str, module: str, args: Any, results: Results
) -> Session:
    rng = random.Random(number)

    async def think() -> None:
        await asyncio.sleep(rng.uniform(*args.think))

    async def step(name: str, action: Any) -> Screen:
        with results.timed(name):
            screen: Screen = await action
        if screen.exceptions:
            raise RuntimeError(f"{name}: {screen.exceptions[0]}")
        return screen

    session = Session(base_url)
    await step("first load", session.open("", f"workshop={workshop}"))
    await think()
    name = session.screen.labelled("text_input", "Je naam zoals die op je diploma moet staan")
    submit = next(w for w in session.screen.widgets if w.key.startswith("FormSubmitter:start_form"))
    await step(
        "join the workshop",
        session.run(
            [
                WidgetState(id=name.id, string_value=f"Deelnemer {number}"),
                WidgetState(id=submit.id, trigger_value=True),
            ]
        ),
    )
    await think()
    await step("to the modules", session.click("code_saved"))
    await think()
    for lesson in range(1, args.lessons + 1):  # the quiz opens once the lessons were read
        await step("read a lesson", session.go("les", f"module={module}&lesson={lesson}"))
        await think()
    await step("open the quiz", session.go("quiz", f"module={module}"))
    screen = await step("start the quiz", session.click("start_quiz"))
    while not screen.has("submit_attempt"):
        await think()
        screen = await answer_question(screen, session, step, rng, think)
    await think()
    await step("submit", session.click("submit_attempt"))
    return session


async def answer_question(
    screen: Screen, session: Session, step: Any, rng: random.Random, think: Any
) -> Screen:
    """Answer the question on the screen the way its widgets ask, then go to the next one."""
    answers = [w for w in screen.widgets if w.key.startswith("answer:")]
    scenario = [w for w in answers if w.kind == "radio" and w.key.count(":") == 3]
    while scenario:  # a branching scenario: one choice at a time, each saved at once
        node = scenario[0].key.split(":")[3]
        choice = choose(scenario[0], rng)
        screen = await step(
            "scenario choice", session.click(scenario[0].key.replace(f":{node}", f":choose:{node}"), choice)
        )
        await think()  # the learner reads what their choice led to
        scenario = [
            w
            for w in screen.widgets
            if w.key.startswith("answer:") and w.kind == "radio" and w.key.count(":") == 3
        ]
    states = []
    for widget in answers:
        if widget.kind in ("radio", "selectbox") and widget.key.count(":") == 2 + (
            widget.kind == "selectbox"
        ):
            states.append(choose(widget, rng))  # single choice, or one pair of a matching question
        elif widget.kind == "checkbox":
            states.append(WidgetState(id=widget.id, bool_value=rng.random() < 0.5))
    return await step("answer and next", session.click("next_question", *states))


async def clicker(number: int, base_url: str, clicks: int, args: Any, results: Results) -> Session:
    """The trivial app: load it, then click its button now and then."""
    rng = random.Random(number)
    session = Session(base_url)
    with results.timed("first load"):
        await session.open()
    for _ in range(clicks):
        await asyncio.sleep(rng.uniform(*args.think))
        with results.timed("click"):
            screen = await session.click("b")
        if screen.exceptions:
            raise RuntimeError(screen.exceptions[0])
    return session


async def crowd(count: int, ramp: float, start: Any, results: Results) -> list[Session]:
    """`count` users arriving spread over `ramp` seconds; failures are counted, not raised."""

    async def one(i: int) -> Session | None:
        await asyncio.sleep(ramp * i / max(count, 1))
        try:
            return await start(i)
        except Exception as exc:  # every failure is a figure of this benchmark
            results.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return None

    sessions = await asyncio.gather(*(one(i) for i in range(count)))
    return [s for s in sessions if s is not None]


# --- servers and measurements --------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stolen_seconds() -> float:
    """CPU time the hypervisor gave to other machines (the "steal" column of /proc/stat): on a
    shared host the same run can differ from one hour to the next, and this says why."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    return int(fields[8]) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Served:
    url: str
    pids: Any  # () -> the server processes' ids (replicas may restart)


@contextmanager
def served(script: Path, replicas: int, env: dict[str, str]) -> Iterator[Served]:
    """`script` served as the README says: one `streamlit run`, or replicas behind nginx
    (`deploy/replicas.sh`), in this checkout's folder so its server settings apply."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run_dir = tempfile.TemporaryDirectory(prefix="bench-run-", ignore_cleanup_errors=True)
    run = Path(run_dir.name)
    if replicas == 1:
        command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.address", "127.0.0.1"]
        command += ["--server.port", str(port), "--server.headless", "true"]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        pids: Any = lambda: [process.pid]  # noqa: E731
    else:
        first = port + 1
        env = {**env, "RUN_DIR": str(run), "FIRST_PORT": str(first), "APP_SCRIPT": str(script)}
        command = ["bash", "deploy/replicas.sh", str(replicas), str(port)]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, start_new_session=True
        )
        pids = lambda: [int(p.read_text()) for p in sorted(run.glob("replica-*.pid"))]  # noqa: E731
    url = f"http://127.0.0.1:{port}"
    try:
        backends = (
            [url] if replicas == 1 else [f"http://127.0.0.1:{first + i}" for i in range(replicas)] + [url]
        )
        for address in backends:
            for _ in range(600):
                with suppress(httpx.HTTPError):
                    if httpx.get(f"{address}/_stcore/health", timeout=1).text == "ok":
                        break
                time.sleep(0.1)
        yield Served(url, pids)
    finally:
        if replicas == 1:
            process.terminate()
        else:
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        run_dir.cleanup()


def measure(server: Served | None, run: Any, warm_up: Any) -> tuple[Results, dict[str, float]]:
    """Run a crowd on a server that has served one user before (as on a workshop day: the pages
    are loaded and the app is built); CPU per interaction and RSS per idle session when the
    server is ours (summed over its processes)."""
    results = Results()
    figures: dict[str, float] = {}
    cpu = (lambda: sum(cpu_seconds(p) for p in server.pids())) if server else (lambda: 0.0)
    rss = (lambda: sum(rss_mb(p) for p in server.pids())) if server else (lambda: 0.0)
    before_cpu = before_rss = 0.0
    started, driver_cpu, stolen = time.monotonic(), time.process_time(), stolen_seconds()

    async def everything() -> None:
        nonlocal before_cpu, before_rss
        for _ in range(4):  # with replicas, each warm-up may land on another one
            await (await warm_up(Results())).close()
        before_cpu, before_rss = cpu(), rss()
        sessions = await run(results)
        await asyncio.sleep(2)  # idle, still connected
        figures["idle sessions"] = len(sessions)
        if server:  # what the sessions hold beyond a warmed-up server's own heap
            figures["server RSS, crowd idle (MB)"] = rss()
            figures["RSS per idle session (MB)"] = (rss() - before_rss) / max(len(sessions), 1)
        for session in sessions:
            await session.close()
        await close_http_client()

    asyncio.run(everything())
    figures["wall time (s)"] = time.monotonic() - started
    figures["load driver CPU (s)"] = time.process_time() - driver_cpu
    figures["CPU stolen by the host (s)"] = stolen_seconds() - stolen
    if server:
        figures["server CPU (s)"] = cpu() - before_cpu
        interactions = len(results.interactions()) + len(results.times["first load"])
        figures["CPU per interaction (ms)"] = 1000 * figures["server CPU (s)"] / max(interactions, 1)
    return results, figures


def server_env(data: Path, database_url: str | None = None) -> dict[str, str]:
    """The environment the served app gets: this one without the app's own settings, and a
    database in `data` (or `database_url`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STREAMLIT_", "COURSE_", "DATABASE_"))}
    return env | {"COURSE_DATA_DIR": str(data)} | ({"DATABASE_URL": database_url} if database_url else {})


def new_workshop(env: dict[str, str]) -> str:
    """A workshop in the database the served app will use; its join code."""
    database = Database(Settings.load(environ=env, secrets={}).database_url)
    code = workshops.create(database, "Workshop (benchmark)", date.today(), by="bench@example.nl").code
    database.dispose()
    return code


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def report(title: str, results: Results, figures: dict[str, float]) -> dict[str, float]:
    print(f"\n{title}")
    print(f"  {'step':<20} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for step, values in results.times.items():
        print(
            f"  {step:<20} {len(values):>6} {pct(values, 50):>8.0f} {pct(values, 95):>8.0f} {pct(values, 99):>8.0f}"
        )
    every = results.interactions()
    print(
        f"  {'every interaction':<20} {len(every):>6} {pct(every, 50):>8.0f} {pct(every, 95):>8.0f} {pct(every, 99):>8.0f}"
    )
    for name, value in figures.items():
        print(f"  {name}: {value:.1f}")
    print(f"  errors: {len(results.errors)}" + (f" (first: {results.errors[0]})" if results.errors else ""))
    return {
        "interaction p95 (ms)": pct(every, 95),
        "first load p95 (ms)": pct(results.times["first load"], 95),
        "errors": len(results.errors),
        **figures,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=150)
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the learners arrive")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 5.0), help="think time range (s)")
    parser.add_argument("--module", default="spelregels")
    parser.add_argument("--url", help="an app already running (e.g. replicas behind nginx)")
    parser.add_argument(
        "--database-url", help="the database (default: a fresh SQLite file); with --url: its database"
    )
    parser.add_argument("--no-trivial", action="store_true", help="skip the one-button app")
    parser.add_argument(
        "--replicas",
        type=int,
        default=os.cpu_count() or 1,
        help="app processes behind nginx (default: one per core)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-workshop-", ignore_cleanup_errors=True) as data:
        run_benchmark(args, Path(data))


def run_benchmark(args: argparse.Namespace, data: Path) -> None:
    """The app, then the trivial app, each under the same crowd; `data` holds the app's
    database and the trivial app's script."""
    content = Settings.load().content_dir  # the course the served app runs (COURSE_CONTENT_DIR)
    args.lessons = len(load_course(content).module(args.module).in_language("nl").lessons)

    env = server_env(data, args.database_url)
    code = new_workshop(env)

    def run_app(url: str, server: Served | None) -> dict[str, float]:
        async def go(results: Results) -> list[Session]:
            return await crowd(
                args.learners, args.ramp, lambda i: learner(i, url, code, args.module, args, results), results
            )

        def warm_up(results: Results) -> Any:
            quick = argparse.Namespace(think=(0.0, 0.0), lessons=args.lessons)
            return learner(-1, url, code, args.module, quick, results)

        results, figures = measure(server, go, warm_up)
        where = f"{args.replicas} replica(s)" if server else url
        return report(f"this app, {args.learners} learners ({where})", results, figures)

    if args.url:
        figures = run_app(args.url, None)
    else:
        with served(ROOT / "course_app.py", args.replicas, env) as app_server:
            figures = run_app(app_server.url, app_server)
    if not args.no_trivial:
        trivial = data / "trivial.py"
        trivial.write_text(TRIVIAL, encoding="utf-8")
        with served(trivial, args.replicas, env) as trivial_server:

            async def go(results: Results) -> list[Session]:
                return await crowd(
                    args.learners,
                    args.ramp,
                    lambda i: clicker(i, trivial_server.url, 20, args, results),
                    results,
                )

            trivial_results, trivial_figures = measure(
                trivial_server, go, lambda r: clicker(-1, trivial_server.url, 1, args, r)
            )
            report(
                f"trivial one-button app, {args.learners} users ({args.replicas} replica(s))",
                trivial_results,
                trivial_figures,
            )
    print("\ngoals for this app:")
    for name, goal in GOALS.items():
        value = figures.get(name)
        verdict = "n/a" if value is None else ("met" if value <= goal else "NOT met")
        print(f"  {name} <= {goal}: {'' if value is None else f'{value:.1f}'} {verdict}")


if __name__ == "__main__":
    main()
