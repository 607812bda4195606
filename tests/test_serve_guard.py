"""The class server's shedding rules without a server: connection caps, what is shed first, the
open-file limit, and logs that never carry the class code or a traceback."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys

import pytest

from quizapp.serve_guard import (
    IDLE_SHED_SECONDS,
    OTHER,
    PENDING,
    WEBSOCKET,
    ConnectionGuard,
    SafeLogFilter,
    Tracked,
    code_pattern,
    connection_limits,
    loop_exception_handler,
)

CODE = "amber-fox-river-otter"


class Clock:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def connect(guard: ConnectionGuard, address: str, kind: str = PENDING) -> tuple[Tracked, list[str]]:
    """Offer the guard one connection; return it and a list that gets "closed" if it is shed."""
    closed: list[str] = []
    tracked = Tracked(address, guard.clock(), lambda: closed.append("closed"), kind=kind)
    tracked.last_data = guard.clock()
    return tracked, closed


@pytest.mark.parametrize(
    ("open_files", "max_sessions", "per_address", "total"),
    [
        (1024, 40, 320, 640),  # the usual limit: room for the class and for a crowd
        (1024, 1, 32, 952),  # a teacher trying it alone: never below 32 per address
        (160, 4, 32, 64),
        (1 << 20, 40, 320, 20_000),  # a raised limit: capped by memory, not files
        (100, 40, 320, 320),  # tiny limits: a whole class behind one address still fits
    ],
)
def test_connection_caps_fit_a_class_behind_one_address(
    open_files: int, max_sessions: int, per_address: int, total: int
) -> None:
    """Every student's browser (8 connections each) fits behind one address (a school's NAT)."""
    assert connection_limits(open_files, max_sessions) == (per_address, total)


def test_an_address_at_its_cap_sheds_its_oldest_waiting_connection() -> None:
    """The next connection from a full address closes that address's oldest connection that has
    not sent its request yet; other addresses are untouched."""
    clock = Clock()
    guard = ConnectionGuard(per_address=3, total=100, clock=clock)
    other, other_closed = connect(guard, "10.0.0.9")
    assert guard.admit(other)
    opened = []
    for _ in range(3):
        clock.now += 1
        tracked, closed = connect(guard, "10.0.0.1")
        assert guard.admit(tracked)
        opened.append(closed)
    newest, _ = connect(guard, "10.0.0.1")
    assert guard.admit(newest)
    assert opened == [["closed"], [], []] and other_closed == []
    assert guard.count == 4 and len(guard.connections["10.0.0.1"]) == 3


@pytest.mark.parametrize(
    ("kinds", "idle_for", "admitted", "shed"),
    [
        pytest.param([WEBSOCKET, WEBSOCKET], 60.0, False, None, id="students-are-never-shed"),
        pytest.param([WEBSOCKET, OTHER], 60.0, True, 1, id="an-idle-keep-alive-goes"),
        pytest.param([WEBSOCKET, OTHER], 0.5, False, None, id="a-busy-connection-stays"),
        pytest.param([OTHER, PENDING], 60.0, True, 1, id="waiting-goes-before-idle"),
    ],
)
def test_what_is_shed_when_the_server_is_full(
    kinds: list[str], idle_for: float, admitted: bool, shed: int | None
) -> None:
    """Full: a connection waiting for its request goes first, then one idle after a request;
    a websocket (a student) never; with nothing to shed the newcomer is refused."""
    clock = Clock()
    guard = ConnectionGuard(per_address=10, total=2, clock=clock)
    closed_lists = []
    for number, kind in enumerate(kinds):
        tracked, closed = connect(guard, f"10.0.0.{number}", kind)
        assert guard.admit(tracked)
        closed_lists.append(closed)
    clock.now += idle_for
    newcomer, _ = connect(guard, "10.0.1.1")
    assert guard.admit(newcomer) is admitted
    assert [index for index, closed in enumerate(closed_lists) if closed] == (
        [] if shed is None else [shed]
    )
    assert guard.count == 2


def test_idle_shedding_waits_for_quiet() -> None:
    """A connection that finished a request is idle only after IDLE_SHED_SECONDS of silence."""
    clock = Clock()
    guard = ConnectionGuard(per_address=1, total=10, clock=clock)
    first, closed = connect(guard, "10.0.0.1", OTHER)
    assert guard.admit(first)
    clock.now += IDLE_SHED_SECONDS / 2
    assert not guard.admit(connect(guard, "10.0.0.1")[0])
    clock.now += IDLE_SHED_SECONDS
    assert guard.admit(connect(guard, "10.0.0.1")[0]) and closed == ["closed"]


def test_a_closed_connection_frees_its_place() -> None:
    """`forget` (the connection ended) makes room; forgetting twice changes nothing."""
    guard = ConnectionGuard(per_address=1, total=1, clock=Clock())
    tracked, _ = connect(guard, "10.0.0.1", WEBSOCKET)
    assert guard.admit(tracked)
    assert not guard.admit(connect(guard, "10.0.0.2", WEBSOCKET)[0])
    guard.forget(tracked)
    guard.forget(tracked)
    assert guard.count == 0 and guard.connections == {}
    assert guard.admit(connect(guard, "10.0.0.2", WEBSOCKET)[0])


def test_the_soft_open_file_limit_is_raised_to_the_hard_limit() -> None:
    """Started at 256 of 1,024 (say), the server runs with 1,024 (in a child process)."""
    script = (
        "import resource\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "hard = 1024 if hard == resource.RLIM_INFINITY else min(hard, 1024)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))\n"
        "from quizapp.serve_guard import raise_open_file_limit\n"
        "print(raise_open_file_limit(), resource.getrlimit(resource.RLIMIT_NOFILE)[0], hard)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    reported, soft, hard = result.stdout.split()
    assert reported == soft == hard


# ---------------------------------------------------------------- the log


def record(
    message: str, *args: object, name: str = "quizapp.serve", error: BaseException | None = None
) -> logging.LogRecord:
    """A log record as a logger makes it (with an exception, as `log.exception` would)."""
    exc_info = (type(error), error, None) if error is not None else None
    return logging.LogRecord(name, logging.ERROR, __file__, 1, message, args, exc_info)


def formatted(safe: SafeLogFilter, item: logging.LogRecord) -> str | None:
    """What the server's log handler writes for `item` (None when held back)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    if not safe.filter(item):
        return None
    return handler.format(item)


BAD_LINES = [
    f"GET /?student=ann&code={CODE} HTTP/9.9",
    f"GET /?code={CODE}\x00 HTTP/1.1",
    f"GET /?code={CODE.upper()} HTTP/1.1",
    "GET /?code=" + "".join(f"%{ord(c):02X}" for c in CODE) + " HTTP/1.1",
    "GET /?code=" + CODE.replace("o", "%6f") + " HTTP/1.1",
]


@pytest.mark.parametrize("line", BAD_LINES)
def test_a_malformed_request_is_logged_without_its_line(line: str) -> None:
    """aiohttp's "Error handling request" (its exception quotes the raw line) becomes one line
    naming the error's type: no request line, no code, no traceback."""
    from aiohttp.http_exceptions import BadStatusLine

    error = BadStatusLine(line.encode().decode("unicode_escape"))
    safe = SafeLogFilter(CODE)
    text = formatted(
        safe,
        record("Error handling request from %s", "127.0.0.1", name="aiohttp.server", error=error),
    )
    assert text == "a malformed request was refused (BadStatusLine)"


@pytest.mark.parametrize("line", BAD_LINES)
def test_the_code_is_blotted_out_of_any_line(line: str) -> None:
    """Whatever logs a request line (in the message, its arguments or its exception), the code
    is not in the line written, in any case or percent-encoding."""
    safe = SafeLogFilter(CODE)
    for item in (
        record(line),
        record("got %s", line),
        record("failed", error=ValueError(line)),
    ):
        text = formatted(SafeLogFilter(CODE), item) or ""
        assert not code_pattern(CODE).search(text), text
        assert "Traceback" not in text
    assert formatted(safe, record("got %s", line)) is not None


def test_repeated_errors_are_logged_once_then_counted() -> None:
    """The same error 1,000 times in a burst: one line, then one line with the count."""
    clock = Clock()
    safe = SafeLogFilter(CODE, clock=clock, repeat_seconds=10)
    lines = [formatted(safe, record("socket.accept() out of system resource: %s", "EMFILE"))]
    for _ in range(999):
        clock.now += 0.001
        lines.append(
            formatted(safe, record("socket.accept() out of system resource: %s", "EMFILE"))
        )
    assert [line for line in lines if line] == ["socket.accept() out of system resource: EMFILE"]
    clock.now += 10
    assert safe.held_back() == [
        "socket.accept() out of system resource: EMFILE (999 more like it in the last 11 s)"
    ]
    assert safe.held_back() == []


def test_event_loop_errors_are_one_line_without_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """asyncio's own reports (accept failing with too many open files) are one line each."""
    log = logging.getLogger("quizapp.serve.test")
    handle = loop_exception_handler(log)
    with caplog.at_level(logging.ERROR, logger=log.name):
        handle(
            asyncio.new_event_loop(),
            {
                "message": "socket.accept() out of system resource",
                "exception": OSError(24, "Too many open files"),
            },
        )
    assert [item.getMessage() for item in caplog.records] == [
        "socket.accept() out of system resource: Too many open files"
    ]
    assert all(item.exc_info is None for item in caplog.records)


def test_the_log_pipe_to_the_live_view_never_blocks_the_server() -> None:
    """With the view not reading (busy, or gone), the server's log lines are dropped, never
    waited for: 10,000 lines into a full pipe return at once."""
    import os
    import time

    from quizapp.serve import PipeLogHandler

    read_end, write_end = os.pipe()
    handler = PipeLogHandler(write_end)
    handler.setFormatter(logging.Formatter("%(message)s"))
    started = time.monotonic()
    for number in range(10_000):
        handler.emit(record("line %d " + "x" * 200, number))
    assert time.monotonic() - started < 10
    first = os.read(read_end, 65536).split(b"\n")[0]
    assert first.startswith(b"line 0 ")
    os.close(read_end)
    handler.emit(record("after the view quit"))  # a closed pipe: dropped, no error
    os.close(write_end)
