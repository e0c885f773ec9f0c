"""Diploma costs, in one run:

1. the median time to make one diploma (PDF, QR code, signed credential, PAdES seal),
   next to a bare reportlab one-line PDF (the floor), and their ratio;
2. the time to make 200 diplomas and put them in a ZIP;
3. /verify/<code> requests per second against a bare route (/healthz) of the same server.

    python bench/diplomas.py [--rounds 60] [--seconds 5]
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from application import create_app  # noqa: E402
from application.diplomas import DiplomaService  # noqa: E402
from application.roster import RosterEntry, issue_roster_zip  # noqa: E402
from settings import Settings  # noqa: E402
from storage import learners  # noqa: E402
from storage.inputs import DIPLOMA_CODES  # noqa: E402
from storage.schema import utcnow  # noqa: E402

NAMES = [
    "Zoë Çelik-Ønstad",
    "Łukasz Wiśniewski",
    "Ana-María Núñez",
    "Søren Ærø",
    "Jan de Vries",
    "Fatima El Amrani",
    "Bjørn Ødegård",
    "Ilse Vandenbroucke",
    "Çağla Öztürk",
    "Mihai Țăranu",
]


def floor_pdf() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(100, 100, "Diploma")
    canvas.save()
    return buffer.getvalue()


def timed(function, *args) -> float:  # noqa: ANN001
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def one_diploma(service: DiplomaService, titles: list[str], index: int) -> bytes:
    name = NAMES[index % len(NAMES)]
    return service.make_documents(DIPLOMA_CODES.new(), name, "nl", titles, utcnow())[1]


def requests_per_second(url: str, seconds: float, workers: int = 8) -> float:
    done, stop = [0] * workers, time.perf_counter() + seconds

    def work(slot: int) -> None:
        with httpx.Client() as client:
            while time.perf_counter() < stop:
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                done[slot] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="bench-diplomas-")
    os.environ.update(COURSE_DATA_DIR=data_dir)  # also for the server started below
    os.environ.pop("DATABASE_URL", None)
    app = create_app(Settings.load(secrets={}))
    db, service = app.db, app.diplomas
    titles = [m.in_language("nl").title for m in app.catalog.live().course.modules]

    for i in range(5):  # warm-up: fonts, contexts, keys
        one_diploma(service, titles, i)
        floor_pdf()
    diploma_times, floor_times = [], []
    for i in range(args.rounds):
        diploma_times.append(timed(one_diploma, service, titles, i))
        floor_times.append(timed(floor_pdf))
    diploma_ms = statistics.median(diploma_times) * 1000
    floor_ms = statistics.median(floor_times) * 1000
    print(f"one diploma (PDF + QR + credential + PAdES), median: {diploma_ms:.1f} ms  (n={args.rounds})")
    print(f"floor: bare reportlab one-line PDF, median:        {floor_ms:.2f} ms")
    print(f"ratio: {diploma_ms / floor_ms:.1f}x   (goal: <= 25 ms and <= 40x)")

    roster = [RosterEntry(f"{NAMES[i % len(NAMES)]} {i}") for i in range(200)]
    start = time.perf_counter()
    archive = issue_roster_zip(app, roster)
    bulk = time.perf_counter() - start
    print(
        f"200 diplomas issued into one ZIP ({os.cpu_count()} worker processes): {bulk:.2f} s "
        f"({len(archive) / 1e6:.1f} MB)  (goal: <= 4 s)"
    )

    learner, _ = learners.register(db, NAMES[0])
    code = service.issue(learner.id, require_passed=False).code
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "course_app.py",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        httpx.get(f"{base}/verify/{code}").raise_for_status()  # warm the route and the keys
        rates = {"bare": [], "verify": []}
        for _ in range(2):  # interleaved, so load elsewhere hits both alike
            rates["bare"].append(requests_per_second(f"{base}/healthz", args.seconds / 2))
            rates["verify"].append(requests_per_second(f"{base}/verify/{code}", args.seconds / 2))
        bare, verify = (statistics.mean(rates[k]) for k in ("bare", "verify"))
        print(
            f"/verify/<code>: {verify:.0f} requests/s; bare route /healthz: {bare:.0f} requests/s; "
            f"ratio {verify / bare:.2f}  (goal: >= 0.7)"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
