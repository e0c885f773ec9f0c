"""The server's connections send small messages at once (web/nodelay.py)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import closing, contextmanager

from web.nodelay import send_small_writes_at_once


@contextmanager
def listening() -> Iterator[socket.socket]:
    """A listening socket made as Streamlit makes its own (no protocol named)."""
    with closing(socket.socket(family=socket.AF_INET)) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server


def accepted_nodelay(server: socket.socket) -> int:
    with closing(socket.create_connection(server.getsockname())):
        connection, _ = server.accept()
        with closing(connection):
            return connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_connections_of_a_socket_without_a_named_protocol_keep_nagle_on():
    with listening() as server:
        assert server.proto == 0  # why asyncio leaves these connections alone
        assert accepted_nodelay(server) == 0


def test_after_start_up_every_accepted_connection_has_nagle_off():
    with listening() as server:
        assert send_small_writes_at_once() >= 1
        assert accepted_nodelay(server) == 1


def test_closed_and_connected_sockets_are_left_alone():
    with listening() as server, closing(socket.create_connection(server.getsockname())) as client:
        dead = socket.socket()
        dead.close()
        send_small_writes_at_once()
        assert client.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # not listening
