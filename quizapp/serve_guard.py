"""What `quizapp serve` sheds that is not a student: idle crowds, floods, and logs that say too much.

- The soft limit of open files is raised to the hard limit at start (1,024 by default: 1,100 idle
  connections locked a class out).
- Every connection is counted by its address. One that sends no complete request head within
  `REQUEST_HEAD_SECONDS` is closed. An address may hold at most `per_address` connections and the
  server at most `total`; when either is full, the oldest connection that is still waiting for its
  request head (or sits idle after a finished request) makes room, and a websocket (a student) is
  never shed.
- Errors that repeat (accept failing while the machine is out of files, malformed requests) are
  logged once, then once per `REPEAT_SECONDS` with how many there were.
- No log line holds the class code, however a request is malformed: aiohttp's report of a bad
  request carries the raw request line, so it is replaced by one line without it, every exception
  is logged by its type alone, and anything that still looks like the code is blotted out.

Uses asyncio's public `Protocol` interface and aiohttp's public `web.Server` factory only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

REQUEST_HEAD_SECONDS = 5.0
"""A connection must send a complete request head within this long (a browser takes milliseconds)."""
IDLE_SHED_SECONDS = 2.0
"""A connection that finished a request and has sent nothing for this long may be shed for room."""
REPEAT_SECONDS = 10.0
"""A repeated error is logged at most once per this long, with its count."""
HEAD_END = (b"\r\n\r\n", b"\n\n")
"""How a request head ends."""
OPEN_FILES_WANTED = 1 << 20
"""The soft open-file limit asked for when the hard limit is unlimited."""
FILES_PER_STUDENT = 8
"""Open files the server holds per student: their websocket, three pipes and some slack."""
FILES_IN_RESERVE = 64
"""Open files kept free for the server itself (logs, the class folder, the fork helper)."""
CONNECTIONS_PER_BROWSER = 8
"""Connections one browser may open at once (page, static files, websocket, keep-alive)."""
MIN_CONNECTIONS_PER_ADDRESS = 32
"""The per-address cap is never below this (a teacher testing from one machine)."""
MAX_CONNECTIONS = 20_000
"""The most connections at once whatever the open-file limit (each costs memory)."""


def raise_open_file_limit() -> int:
    """Raise the soft limit of open files to the hard limit; return the soft limit now in force.

    A server at 1,024 files stopped accepting anyone once idle connections used them up.
    """
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return 8192
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = OPEN_FILES_WANTED if hard == resource.RLIM_INFINITY else hard
    if soft != resource.RLIM_INFINITY and soft < wanted:
        for target in (wanted, 10_240):  # macOS refuses above OPEN_MAX (10,240)
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            except (ValueError, OSError):
                continue
            soft = target
            break
    return OPEN_FILES_WANTED if soft == resource.RLIM_INFINITY else soft


def connection_limits(open_files: int, max_sessions: int) -> tuple[int, int]:
    """(per address, total) connection caps for a class of `max_sessions` and this many files.

    Per address: every student's browser behind one address (a school's NAT) at once. Total: what
    the open files allow once each student's process has its files.
    """
    per_address = max(MIN_CONNECTIONS_PER_ADDRESS, CONNECTIONS_PER_BROWSER * max_sessions)
    total = open_files - FILES_IN_RESERVE - FILES_PER_STUDENT * max_sessions
    total = max(per_address, min(MAX_CONNECTIONS, total))
    return per_address, total


PENDING, WEBSOCKET, OTHER = "pending", "websocket", "other"
"""A connection's kind: no complete request head yet; a websocket (a student); anything else."""


@dataclass(eq=False)
class Tracked:
    """One connection, as the guard sees it."""

    address: str
    """The client's address (without the port)."""
    opened: float
    """When it was accepted (monotonic)."""
    close: Callable[[], None]
    """Closes it at once."""
    kind: str = PENDING
    """PENDING, WEBSOCKET or OTHER."""
    last_data: float = 0.0
    """When it last sent anything."""


@dataclass
class ConnectionGuard:
    """Counts connections by address and decides which to refuse or shed."""

    per_address: int
    """The most connections one address may hold."""
    total: int
    """The most connections the server holds."""
    clock: Callable[[], float] = time.monotonic
    connections: dict[str, list[Tracked]] = field(default_factory=dict)
    """Address -> its connections, oldest first."""
    count: int = 0
    """Connections held."""
    shed: int = 0
    """Connections closed to make room, or refused, since the server started."""

    def admit(self, connection: Tracked) -> bool:
        """Make room for a new connection if need be; False when none can be made (refuse it)."""
        mine = self.connections.get(connection.address, [])
        if len(mine) >= self.per_address and not self._shed_one(mine):
            self.shed += 1
            return False
        if self.count >= self.total and not self._shed_one(self._everyone()):
            self.shed += 1
            return False
        self.connections.setdefault(connection.address, []).append(connection)
        self.count += 1
        return True

    def _everyone(self) -> list[Tracked]:
        return [tracked for group in self.connections.values() for tracked in group]

    def _shed_one(self, candidates: list[Tracked]) -> bool:
        """Close the oldest connection still waiting for its request head, else the one idle the
        longest after a finished request; never a websocket. False when there is none."""
        now = self.clock()
        pending = [tracked for tracked in candidates if tracked.kind == PENDING]
        idle = [
            tracked
            for tracked in candidates
            if tracked.kind == OTHER and now - tracked.last_data >= IDLE_SHED_SECONDS
        ]
        if pending:
            victim = min(pending, key=lambda tracked: tracked.opened)
        elif idle:
            victim = min(idle, key=lambda tracked: tracked.last_data)
        else:
            return False
        self.forget(victim)
        self.shed += 1
        victim.close()
        return True

    def forget(self, connection: Tracked) -> None:
        """The connection is closed (or being closed): stop counting it."""
        group = self.connections.get(connection.address)
        if group is None or connection not in group:
            return
        group.remove(connection)
        self.count -= 1
        if not group:
            del self.connections[connection.address]

    def factory(
        self, make_handler: Callable[[], asyncio.Protocol], on_refused: Callable[[str], None]
    ) -> Callable[[], asyncio.Protocol]:
        """A protocol factory for `loop.create_server`, guarding the handlers `make_handler` makes."""
        return lambda: GuardedProtocol(self, make_handler, on_refused)


class GuardedProtocol(asyncio.Protocol):
    """One connection: counted by the guard, closed if its request head is slow, and otherwise
    handed through to aiohttp's handler unchanged."""

    def __init__(
        self,
        guard: ConnectionGuard,
        make_handler: Callable[[], asyncio.Protocol],
        on_refused: Callable[[str], None],
    ) -> None:
        self.guard = guard
        self.make_handler = make_handler
        self.on_refused = on_refused
        self.inner: asyncio.Protocol | None = None
        self.tracked: Tracked | None = None
        self.transport: asyncio.Transport | None = None
        self._head = b""
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if isinstance(peer, tuple) and peer else str(peer or "?")
        now = self.guard.clock()
        self.tracked = Tracked(address, now, transport.abort, last_data=now)
        if not self.guard.admit(self.tracked):
            self.tracked = None
            self.on_refused(address)
            transport.abort()
            return
        self.inner = self.make_handler()
        self.inner.connection_made(transport)
        loop = asyncio.get_running_loop()
        self._deadline = loop.call_later(REQUEST_HEAD_SECONDS, self._head_too_slow)

    def _head_too_slow(self) -> None:
        self._deadline = None
        if self.tracked is not None and self.tracked.kind == PENDING and self.transport:
            self.guard.shed += 1
            self.transport.abort()

    def data_received(self, data: bytes) -> None:
        tracked = self.tracked
        if tracked is not None:
            tracked.last_data = self.guard.clock()
            if tracked.kind == PENDING:
                self._head = (self._head + data)[-8192:] if len(self._head) < 8192 else self._head
                if any(end in self._head for end in HEAD_END):
                    first_line = self._head.split(b"\n", 1)[0]
                    tracked.kind = WEBSOCKET if first_line.startswith(b"GET /ws/") else OTHER
                    self._head = b""
                    if self._deadline is not None:
                        self._deadline.cancel()
                        self._deadline = None
        if self.inner is not None:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.inner is not None else None

    def connection_lost(self, exc: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        if self.tracked is not None:
            self.guard.forget(self.tracked)
        if self.inner is not None:
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.inner is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.inner is not None:
            self.inner.resume_writing()


# ---------------------------------------------------------------- logging


def code_pattern(code: str) -> re.Pattern[str]:
    """Matches the class code in any case, each letter as itself or percent-encoded."""
    parts = []
    for character in code:
        encoded = "".join(f"%{byte:02x}" for byte in character.encode("utf-8"))
        parts.append(f"(?:{re.escape(character)}|{re.escape(encoded)})")
    return re.compile("".join(parts), re.IGNORECASE)


MALFORMED_REQUEST = "a malformed request was refused (%s)"
"""What a bad request from aiohttp is logged as (never its raw request line)."""


class SafeLogFilter(logging.Filter):
    """Keeps the class code and tracebacks out of the log, and repeats down to a count.

    Attached to the handler that writes the server's log: every record passes through it.
    """

    def __init__(
        self,
        code: str,
        clock: Callable[[], float] = time.monotonic,
        repeat_seconds: float = REPEAT_SECONDS,
    ) -> None:
        super().__init__()
        self.code = code_pattern(code)
        self.clock = clock
        self.repeat_seconds = repeat_seconds
        self._repeats: dict[str, list[Any]] = {}
        """Message -> [when it was last logged, how many were held back since]."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("aiohttp.server") and record.exc_info:
            # "Error handling request": its exception holds the raw request line (the code).
            kind = record.exc_info[1]
            record.msg, record.args = MALFORMED_REQUEST, (type(kind).__name__,)
        elif record.exc_info:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__})"
            record.args = ()
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        message = self.code.sub("[class code]", record.getMessage())
        record.msg, record.args = message, ()
        return self._first_or_due(record, message)

    def _first_or_due(self, record: logging.LogRecord, message: str) -> bool:
        """Whether to log now: the first time, or once `repeat_seconds` passed (with the count)."""
        now = self.clock()
        seen = self._repeats.get(message)
        if seen is None:
            if len(self._repeats) > 1000:  # bound the memory of distinct messages
                self._repeats.clear()
            self._repeats[message] = [now, 0]
            return True
        if now - seen[0] < self.repeat_seconds:
            seen[1] += 1
            return False
        if seen[1]:
            record.msg = f"{message} (and {seen[1]} more like it in the last {now - seen[0]:.0f} s)"
        seen[0], seen[1] = now, 0
        return True

    def held_back(self) -> list[str]:
        """Lines for repeats held back for longer than `repeat_seconds` (and forget them)."""
        now = self.clock()
        lines = []
        for message, seen in self._repeats.items():
            if seen[1] and now - seen[0] >= self.repeat_seconds:
                lines.append(
                    f"{message} ({seen[1]} more like it in the last {now - seen[0]:.0f} s)"
                )
                seen[0], seen[1] = now, 0
        return lines


def loop_exception_handler(log: logging.Logger) -> Callable[[Any, dict[str, Any]], None]:
    """An asyncio exception handler that logs one line per error (no traceback, no local state);
    accept failing while out of files is logged through the repeat filter like any other."""

    def handle(_loop: Any, context: dict[str, Any]) -> None:
        error = context.get("exception")
        message = str(context.get("message") or "an error in the server's event loop")
        if error is not None:
            reason = getattr(error, "strerror", None) or type(error).__name__
            log.error("%s: %s", message, reason)
        else:
            log.error("%s", message)

    return handle


async def flush_repeats(log: logging.Logger, safe: SafeLogFilter) -> None:
    """Log the counts of repeats held back, once per interval, while the server runs."""
    while True:
        await asyncio.sleep(safe.repeat_seconds)
        for line in safe.held_back():
            with contextlib.suppress(Exception):
                log.warning("%s", line)
