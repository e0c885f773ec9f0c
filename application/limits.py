"""How often one client may try something: a token bucket per key (a client address, an
account), kept in this process's memory.

Each replica counts for itself; behind nginx a browser stays on one replica (sticky
sessions), so a limit holds per person, and an attacker spread over replicas gets at most the
limit times the number of replicas.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def client_address(direct: str, forwarded_for: str = "") -> str:
    """Who is asking: the address nginx on this machine forwarded for (its last hop, the one
    nginx saw), else the connection's own. A forwarded header from anywhere else is ignored:
    anyone can send one."""
    if direct in LOOPBACK and forwarded_for:
        return forwarded_for.split(",")[-1].strip()
    return direct


class RateLimiter:
    """`per_minute` tries per key on average, `burst` of them at once."""

    def __init__(self, *, per_minute: float, burst: int, max_keys: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)
        self._lock = threading.Lock()

    def wait(self, key: str, now: float | None = None) -> int:
        """Take one try for `key`: 0 when allowed, else the seconds to wait (for Retry-After)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, then = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - then) * self.rate)
            allowed = tokens >= 1.0
            self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
            while len(self._buckets) > self.max_keys:  # the least recently seen go first
                self._buckets.popitem(last=False)
        return 0 if allowed else max(1, math.ceil((1.0 - tokens) / self.rate))


@dataclass(frozen=True)
class PageLimits:
    """Tries per client address on the pages. A person never meets them (a workshop room
    behind one NAT address included: the bursts are sized for a room of 150 typing a code
    once); a script guessing resume codes or passwords, or feeding PDFs, is slowed down."""

    login: RateLimiter = field(default_factory=lambda: RateLimiter(per_minute=20, burst=30))
    resume: RateLimiter = field(default_factory=lambda: RateLimiter(per_minute=60, burst=200))
    pdf_check: RateLimiter = field(default_factory=lambda: RateLimiter(per_minute=20, burst=20))
