"""A rerun's last messages leave at once: Nagle's algorithm off for the server's connections."""

from __future__ import annotations

import gc
import socket


def send_small_writes_at_once() -> int:
    """Switch Nagle's algorithm off on the server's listening sockets; returns how many.

    Streamlit binds its listening socket without naming the protocol, and asyncio switches
    Nagle off only on connections whose socket names TCP, so every connection kept it on. A
    rerun ends in small messages, and Nagle holds each one back until the browser acknowledges
    the one before, which a browser delays (40 ms on Linux and Android, up to 200 ms on Windows).
    Linux gives each accepted connection the listening socket's setting, so once is enough.
    """
    listening = [obj for obj in gc.get_objects() if isinstance(obj, socket.socket) and _listens(obj)]
    for sock in listening:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return len(listening)


def _listens(sock: socket.socket) -> bool:
    try:
        return (
            sock.family in (socket.AF_INET, socket.AF_INET6)
            and sock.type == socket.SOCK_STREAM
            and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1
        )
    except OSError:  # closed
        return False
