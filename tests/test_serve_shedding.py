"""`quizapp serve` sheds what is not a student: idle crowds from many addresses, floods of page
loads, slow request heads, malformed requests (whose lines never reach the log), and a class
folder that cannot be written is said in words. The real server in a subprocess, as in
tests/test_serve.py; clients are raw sockets from several loopback addresses."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from test_serve import (
    CODE,
    HAVE_PROC,
    HOST,
    ServeProcess,
    browser,
    open_student,
)

from quizapp.serve import TICKET_GRACE_SECONDS
from quizapp.serve_guard import REQUEST_HEAD_SECONDS, code_pattern

pytestmark = pytest.mark.skipif(
    not HAVE_PROC or not hasattr(socket, "SO_REUSEADDR"), reason="Linux loopback addresses"
)


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[object]:
    """Start `quizapp serve` with extra arguments and, optionally, an open-file limit."""
    started: list[ServeProcess] = []

    def start(*extra: str, open_files: int | None = None) -> ServeProcess:
        folder = tmp_path / f"server{len(started)}"
        folder.mkdir()
        server = ServeProcess(folder, *extra)
        if open_files is not None:
            server.preexec = lambda: resource.setrlimit(
                resource.RLIMIT_NOFILE, (open_files, open_files)
            )
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def connect_from(server: ServeProcess, address: str) -> socket.socket:
    """A raw connection to the server from one of the loopback addresses."""
    return socket.create_connection((HOST, server.port), timeout=5, source_address=(address, 0))


def closed_by_server(connection: socket.socket, timeout: float) -> float | None:
    """Seconds until the server closed `connection` (None if it did not within `timeout`)."""
    start = time.monotonic()
    connection.settimeout(timeout)
    try:
        while connection.recv(4096):
            pass
    except TimeoutError:
        return None
    except OSError:
        pass  # reset: closed too
    return time.monotonic() - start


def log_lines(server: ServeProcess) -> list[str]:
    return server.tail(1_000_000).splitlines()


MALFORMED = [
    pytest.param(f"GET /?student=ann&code={CODE} HTTP/9.9\r\n\r\n".encode(), id="http-9.9"),
    pytest.param(f"GET /?student=ann&code={CODE}\x00 HTTP/1.1\r\n\r\n".encode(), id="nul-in-url"),
    pytest.param(
        f"GET /?code={CODE} HTTP/1.1\r\nHost: x\x00y\r\n\r\n".encode(), id="nul-in-header"
    ),
    pytest.param(
        f"GET /?code={CODE} HTTP/1.1\r\nX: {'a' * 9000}\r\n\r\n".encode(), id="long-header"
    ),
    pytest.param(f"GET /{'a' * 9000}?code={CODE} HTTP/1.1\r\n\r\n".encode(), id="long-line"),
    pytest.param(f"\x16\x03\x01GET /?code={CODE}\r\n\r\n".encode(), id="tls-hello"),
    pytest.param(
        f"GET /?code={CODE} HTTP/1.1\r\nContent-Length: x{CODE}\r\n\r\n".encode(), id="bad-length"
    ),
    pytest.param(
        f"GET /ws/{CODE}?code={CODE} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\n\r\n".encode(),
        id="websocket-without-key",
    ),
    pytest.param(
        ("GET /?code=" + "".join(f"%{ord(c):02X}" for c in CODE) + " HTTP/7.0\r\n\r\n").encode(),
        id="percent-encoded",
    ),
    pytest.param(f"{CODE.upper()} / HTTP/1.1\r\n\r\n".encode(), id="code-as-method"),
]


async def test_no_request_puts_the_code_in_the_log(start_server) -> None:  # type: ignore[no-untyped-def]
    """Every malformed request above (each holding the code) is refused; the log says so in one
    line each kind, never with the code (in any case or encoding) and never with a traceback."""
    server = start_server()
    for param in MALFORMED:
        [request] = param.values
        with contextlib.closing(connect_from(server, HOST)) as connection:
            connection.sendall(request)
            connection.settimeout(3)
            with contextlib.suppress(OSError):
                connection.recv(4096)  # an answer (400), or the connection closed
    async with browser() as session:  # and a well-formed visit, for comparison
        terminal = await open_student(session, server, "Ann")
        await terminal.ws.close()
    await asyncio.sleep(1.0)
    log = server.tail(1_000_000)
    lines = log.splitlines()
    found = [number for number, line in enumerate(lines) if code_pattern(CODE).search(line)]
    # Only where the teacher is shown the code at start ("Class code: ...", "Students open: ...").
    started = next(number for number, line in enumerate(lines) if "Press Ctrl+C" in line)
    assert len(found) == 2 and max(found) < started, lines
    assert "Traceback" not in log
    assert "a malformed request was refused" in log


async def test_an_idle_crowd_from_many_addresses_does_not_lock_the_class_out(start_server) -> None:  # type: ignore[no-untyped-def]
    """300 connections that never send a request, from ten addresses, against a server limited
    to 200 open files: a student still joins at once, and the log stays a few lines."""
    server = start_server("--max-sessions", "4", open_files=200)
    crowd = []
    try:
        for number in range(300):
            with contextlib.suppress(OSError):
                crowd.append(connect_from(server, f"127.0.0.{2 + number % 10}"))
        async with browser() as session:
            terminal = await open_student(session, server, "Ann")
            await terminal.ws.close()
        assert server.proc is not None
        assert len(os.listdir(f"/proc/{server.proc.pid}/fd")) < 200
    finally:
        for connection in crowd:
            connection.close()
    lines = log_lines(server)
    assert "Traceback" not in server.tail(1_000_000)
    assert len(lines) < 40, lines[-40:]


async def test_a_connection_with_no_request_is_closed_within_seconds(start_server) -> None:  # type: ignore[no-untyped-def]
    """Silent, or sending a request head slowly: closed about REQUEST_HEAD_SECONDS after it
    opened; a whole request on a connection keeps it open for the answer."""
    server = start_server()
    silent = connect_from(server, "127.0.0.3")
    slow = connect_from(server, "127.0.0.4")
    slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the head never ends
    loop = asyncio.get_running_loop()
    waits = await asyncio.gather(
        loop.run_in_executor(None, closed_by_server, silent, REQUEST_HEAD_SECONDS + 5),
        loop.run_in_executor(None, closed_by_server, slow, REQUEST_HEAD_SECONDS + 5),
    )
    silent.close()
    slow.close()
    for waited in waits:
        assert waited is not None and REQUEST_HEAD_SECONDS - 1 < waited < REQUEST_HEAD_SECONDS + 3


async def test_a_flood_of_page_loads_does_not_fill_the_class(start_server) -> None:  # type: ignore[no-untyped-def]
    """60 page loads in a blink from one address (none opening its quiz) fill a class of 3 for
    TICKET_GRACE_SECONDS at most: then a student from elsewhere gets in."""
    server = start_server("--max-sessions", "3")
    connector = aiohttp.TCPConnector(local_addr=("127.0.0.66", 0), limit=8)
    async with aiohttp.ClientSession(connector=connector) as flood:

        async def load(number: int) -> int:
            async with flood.get(server.page_url(f"Bot {number}")) as response:
                await response.read()
                return response.status

        statuses = await asyncio.gather(*(load(number) for number in range(60)))
    assert statuses.count(200) == 3 and statuses.count(503) == 57
    await asyncio.sleep(TICKET_GRACE_SECONDS + 0.2)
    async with browser() as session:
        terminal = await open_student(session, server, "Ann")
        await terminal.ws.close()


async def test_a_class_folder_that_cannot_be_written_is_said_to_students_and_logged_once(
    start_server,  # type: ignore[no-untyped-def]
) -> None:
    """The class folder vanished (or went read-only): a student's page says in words that
    answers cannot be saved, no quiz starts, and the teacher's log says it once."""
    import shutil

    server = start_server()
    shutil.rmtree(server.profiles)
    async with browser() as session:
        for _ in range(3):
            async with session.get(server.page_url("Ann")) as response:
                body = await response.text()
            assert response.status == 503
            assert "cannot be saved" in body and "No such file or directory" in body
            assert "data-session-websocket-url" not in body
    await asyncio.sleep(0.5)
    assert server.tail(100_000).count("cannot be written") == 1
    assert not server.profiles.exists()
