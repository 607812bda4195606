"""`quizapp serve`: the same Textual app in students' browsers via textual-serve (imported only here).

Each student opens `http://HOST:PORT/?student=NAME&code=CLASSCODE`. A right code and a valid name get
the page with a one-time ticket; the page's websocket (`/ws/<ticket>`) starts one quizapp process for
that student. A wrong or missing code gets a plain refusal and starts nothing. Nothing is loaded from
outside the network: the page uses the font bundled with textual-serve.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import html
import json
import logging
import os
import secrets
import shlex
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from quizapp.classcode import (
    MIN_CODE_BITS,
    WARN_CODE_BITS,
    WRONG_PER_NAME,
    WrongCodeGuard,
    code_bits,
    free_tries_for,
    new_code,
)
from quizapp.core.formats import utc_now
from quizapp.core.store import InvalidNameError, check_name, name_key
from quizapp.launch import DIE_WITH_PARENT, StudentSetup, set_parent_death_signal
from quizapp.serve_guard import (
    ConnectionGuard,
    SafeLogFilter,
    connection_limits,
    flush_repeats,
    loop_exception_handler,
    raise_open_file_limit,
)
from quizapp.zygote import Zygote, fork_available

if TYPE_CHECKING:
    from quizapp.core.packs import Pack

log = logging.getLogger("quizapp.serve")

TEMPLATES = Path(__file__).resolve().parent / "ui" / "web"
"""Our page template: textual-serve's, with the bundled font instead of a web font."""
TICKET_SECONDS = 15
"""How long a page's ticket stays valid before its websocket must connect (single use)."""
TICKET_GRACE_SECONDS = 2.0
"""An unused ticket this old may give its place to a new page when the class is full: a browser
connects its websocket within a second of loading the page, a flood of page loads never does."""
HEARTBEAT_SECONDS = 5.0
"""How often the server pings each page: a page that stops answering (a closed laptop, a lost
network) is closed within 1.5 times this, so the roster shows "left" within 10 s."""
MIN_COLUMNS, MAX_COLUMNS = 20, 300
"""A browser's terminal width is clamped to this range: a 3000-column terminal costs 100+ MB."""
MIN_ROWS, MAX_ROWS = 10, 120
"""A browser's terminal height is clamped to this range."""
MAX_MESSAGE_BYTES = 64 * 1024
"""The largest websocket message a browser may send (keys and resizes are tiny)."""
KEEPALIVE_SECONDS = 15.0
"""An idle keep-alive connection (between two requests) is closed after this long."""
BACKLOG = 512
"""Connections the kernel queues before the server accepts them (a class joining at once)."""
MAX_NOTE_CHARACTERS = 300
"""A log line sent to the teacher's live view is cut to this length."""
STOP_GRACE_SECONDS = 5.0
"""How long a student's quizapp gets to save and quit after its socket closes before it is killed."""
ERROR_LOG = "serve-errors.log"
ERROR_LOG_CAP = 1024 * 1024
"""Past this size the error log is moved aside (to `serve-errors.log.1`) before the next student starts."""
"""The file in the class folder where students' quizapps write their errors (for the teacher)."""
SEAT_COOKIE = "quizapp_seat_"
"""The cookie that ties a student's name to the browser whose page connected first (one per name)."""
NAME_TAKEN = (
    "{name} has already joined from another browser. If that is you and your device "
    "stopped working, ask your teacher to release your name."
)
"""What a second browser for a joined name is told."""
SEAT_TAKEN_REASON = b"That name has already joined from another browser: ask your teacher."
"""The websocket close reason when another browser's page bound the seat first (the page shows it;
at most 123 bytes, ASCII)."""


def seat_cookie(student: str) -> str:
    """The seat cookie's name for one student (a digest: cookie names cannot hold every letter)."""
    return SEAT_COOKIE + hashlib.sha256(name_key(student).encode()).hexdigest()[:16]


def refusal_page(title: str, message: str, status: int) -> web.Response:
    """A plain page that says why the quiz was not started."""
    body = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>quizapp</title></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></body></html>"
    )
    return web.Response(text=body, status=status, content_type="text/html")


@dataclass
class SeatState:
    """One student's seat: the browser whose page connected first as them, and whether it is there."""

    name: str
    """The name as the student typed it."""
    token: str
    """The seat token of that browser (kept in its cookie)."""
    connected: bool = False
    """Whether a page of theirs is connected now."""
    since: datetime = field(default_factory=utc_now)
    """When it connected or closed."""


@dataclass
class ClassRoom:
    """Who is connected: tickets waiting for their websocket, and one live session per student.

    A seat is bound when a page's websocket CONNECTS, not when the page loads: a page that loads
    but never connects (a closed tab, a link preview, a classmate opening the link with your name)
    binds nothing.
    """

    code: str
    """The class code students must give."""
    max_sessions: int
    """The most live sessions at once."""
    tickets: dict[str, tuple[str, str, float]] = field(default_factory=dict)
    """Ticket -> (student name, the page's seat token, expiry time)."""
    live: dict[str, AppService] = field(default_factory=dict)
    """Student key (case-folded name) -> the running app."""
    seats: dict[str, SeatState] = field(default_factory=dict)
    """Student key -> the seat bound by the first page that connected as that student."""
    ticket_sources: dict[str, tuple[str, float]] = field(default_factory=dict)
    """Ticket -> (the address that loaded its page, when)."""
    clock: Callable[[], float] = time.monotonic
    """The time source for tickets and limits; tests pass their own."""
    guard: WrongCodeGuard = field(init=False)
    """Limits wrong class codes per address and name (see `WrongCodeGuard`)."""

    def __post_init__(self) -> None:
        self.guard = WrongCodeGuard(self.clock, free_tries_for(self.max_sessions))

    def holds_seat(self, student: str, cookies: Mapping[str, str]) -> bool:
        """Whether the browser with these cookies holds `student`'s seat (it gave the right code
        when it joined: a reload of a joined student); False for a name that is not allowed."""
        try:
            held = self.seats.get(name_key(student))
            token = cookies.get(seat_cookie(student))
        except InvalidNameError:
            return False
        return (
            held is not None
            and token is not None
            and secrets.compare_digest(token.encode(), held.token.encode())
        )

    def _drop_expired(self) -> None:
        now = self.clock()
        self.tickets = {t: v for t, v in self.tickets.items() if v[2] > now}
        self.ticket_sources = {
            t: source for t, source in self.ticket_sources.items() if t in self.tickets
        }

    def make_room_for(self, student: str) -> bool:
        """Whether `student` may have a page: room under the cap, or made by dropping an unused
        ticket older than `TICKET_GRACE_SECONDS` (the oldest of the address holding the most).

        So page loads that never connect (a flood, link previews) cannot keep the class full.
        """
        now = self.clock()
        while not self.has_room_for(student):
            stale = [
                (ticket, address, issued)
                for ticket, (address, issued) in self.ticket_sources.items()
                if now - issued >= TICKET_GRACE_SECONDS
            ]
            if not stale:
                return False
            held: dict[str, int] = {}
            for address, _ in self.ticket_sources.values():
                held[address] = held.get(address, 0) + 1
            ticket, _, _ = min(stale, key=lambda item: (-held[item[1]], item[2]))
            self._drop_ticket(ticket)
        return True

    def _drop_ticket(self, ticket: str) -> None:
        self.tickets.pop(ticket, None)
        self.ticket_sources.pop(ticket, None)

    def sessions_in_use(self, except_key: str | None = None) -> int:
        """Live sessions plus tickets not yet redeemed (each will become a session), one per student."""
        self._drop_expired()
        keys = set(self.live) | {name_key(student) for student, _, _ in self.tickets.values()}
        keys.discard(except_key or "")
        return len(keys)

    def has_room_for(self, student: str) -> bool:
        """Whether `student` may start a session without passing the cap (their own one is reused)."""
        return self.sessions_in_use(except_key=name_key(student)) < self.max_sessions

    def seat_token(self, student: str, token: str | None) -> str | None:
        """The seat token this browser should use for `student`, or None when the seat is bound to
        another browser. Nothing is bound here: only a connecting page binds (`bind`)."""
        held = self.seats.get(name_key(student))
        if held is None:
            return token or secrets.token_urlsafe(16)
        if token is not None and secrets.compare_digest(token.encode(), held.token.encode()):
            return token
        return None

    def bind(self, student: str, token: str) -> bool:
        """Bind `student`'s seat to the browser with `token` as its page connects; False when
        another browser's page connected first (until the teacher releases the student)."""
        key = name_key(student)
        held = self.seats.get(key)
        if held is None:
            self.seats[key] = SeatState(student, token, connected=True)
            return True
        if not secrets.compare_digest(token.encode(), held.token.encode()):
            return False
        held.connected, held.since = True, utc_now()
        return True

    def left(self, student: str, token: str) -> None:
        """A page of `student`'s closed: the seat stays theirs, shown as left."""
        held = self.seats.get(name_key(student))
        if held is not None and held.token == token:
            held.connected, held.since = False, utc_now()

    def issue(self, student: str, address: str = "?", *, token: str = "") -> str:
        """A one-time ticket for `student`'s websocket from the page with seat `token`, loaded
        from `address`, valid for `TICKET_SECONDS`.

        One address holds at most `max_sessions` unused tickets (a whole class behind one NAT
        loading at once): past that its oldest unused ticket is dropped.
        """
        self._drop_expired()
        mine = sorted(
            (issued, ticket)
            for ticket, (source, issued) in self.ticket_sources.items()
            if source == address
        )
        for _, ticket in mine[: max(0, len(mine) - self.max_sessions + 1)]:
            self._drop_ticket(ticket)
        ticket = secrets.token_urlsafe(16)
        now = self.clock()
        self.tickets[ticket] = (student, token, now + TICKET_SECONDS)
        self.ticket_sources[ticket] = (address, now)
        return ticket

    def release(self, student: str) -> bool:
        """Free a student's seat (their device died) so the next browser to connect gets it."""
        return self.seats.pop(name_key(student), None) is not None

    def redeem(self, ticket: str) -> tuple[str, str] | None:
        """The student and seat token a ticket was issued for, once; None if unknown or expired."""
        entry = self.tickets.pop(ticket, None)
        self.ticket_sources.pop(ticket, None)
        if entry is None or entry[2] < self.clock():
            return None
        return entry[0], entry[1]


WRITE_CHECK_SECONDS = 5.0
"""How long a check that the class folder can be written holds before it is made again."""


def folder_write_problem(folder: Path) -> str | None:
    """Why nothing can be saved in `folder` (read-only, full, gone), or None when a file can be
    written there: tried for real, with a small file created and removed."""
    probe = folder / f".quizapp-write-check-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"ok")
        finally:
            os.close(fd)
        os.unlink(probe)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(probe)
        return error.strerror or type(error).__name__
    return None


@dataclass
class WriteCheck:
    """Whether the class folder can be written, checked at most every `WRITE_CHECK_SECONDS`; a
    change is logged once (the teacher's view shows it), not at every page load."""

    folder: Path
    clock: Callable[[], float] = time.monotonic
    problem: str | None = None
    """Why the folder cannot be written, as of the last check (None: it can)."""
    checked_at: float | None = None

    def current(self) -> str | None:
        """The folder's problem now (checked again when the last check is old)."""
        now = self.clock()
        if self.checked_at is None or now - self.checked_at >= WRITE_CHECK_SECONDS:
            problem = folder_write_problem(self.folder)
            if problem != self.problem:
                if problem is None:
                    log.warning("The class folder %s can be written again.", self.folder)
                else:
                    log.error(
                        "The class folder %s cannot be written (%s): no student can start or "
                        "save answers until it can.",
                        self.folder,
                        problem,
                    )
            self.problem, self.checked_at = problem, now
        return self.problem


def clamp_size(width: int, height: int) -> tuple[int, int]:
    """A browser's terminal size within the bounds a student's process may use."""
    return (
        min(MAX_COLUMNS, max(MIN_COLUMNS, width)),
        min(MAX_ROWS, max(MIN_ROWS, height)),
    )


class ClassServer(Server):
    """textual-serve's server with a class code, per-student processes and a session cap."""

    def __init__(
        self,
        *,
        command_for: Callable[[str], str],
        room: ClassRoom,
        host: str,
        port: int,
        title: str,
        public_url: str | None,
        zygote: Zygote | None = None,
        class_folder: Path | None = None,
        pack_id: str | None = None,
        pack: Pack | None = None,
    ) -> None:
        super().__init__(
            command="quizapp",
            host=host,
            port=port,
            title=title,
            public_url=public_url,
            templates_path=TEMPLATES,
        )
        self.command_for = command_for
        """Builds the shell command that runs quizapp for one student (when not forking)."""
        self.room = room
        """Codes, tickets and live sessions."""
        self.zygote = zygote
        """The pre-loaded helper that forks students' quizapps (None: a fresh Python each)."""
        self.class_folder = class_folder
        """The class's profiles folder, where the teacher's control file is."""
        self.error_log = (class_folder or Path.cwd()) / ERROR_LOG
        """Students' quizapps write their errors here, not to the teacher's terminal."""
        self.write_check = WriteCheck(class_folder or Path.cwd())
        """Whether students' answers can be saved in the class folder now."""
        self.pack_id = pack_id
        """The pack served, whose controls apply (None when serving without a pack)."""
        self.pack = pack
        """The pack's rules (its lobby, attempts, clock), for late joiners."""
        self._control_task: asyncio.Future[None] | None = None
        self._fork_lock = asyncio.Lock()
        self.safe_log = SafeLogFilter(room.code)
        """Keeps the class code and tracebacks out of every log line, and counts repeats."""
        self.guard: ConnectionGuard | None = None
        """Counts connections by address once serving (see `quizapp.serve_guard`)."""

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{ticket}", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_shutdown(self, app: web.Application) -> None:
        """Stop every student's quizapp at once, so Ctrl+C does not wait for websocket timeouts."""
        if self._control_task is not None:
            self._control_task.cancel()
        if self.class_folder is not None:
            from quizapp.core.presence import SEATS_FILE

            with contextlib.suppress(OSError):
                (self.class_folder / SEATS_FILE).unlink()  # no server, no seats
        services = list(self.room.live.values())
        self.room.live.clear()
        if services:
            await asyncio.wait(
                [asyncio.ensure_future(service.stop()) for service in services], timeout=10
            )

    async def follow_controls(self, folder: Path, pack_id: str) -> None:
        """Apply the teacher's releases from the class control file, once a second, while serving.

        A released student's seat is freed and their live session (on a device that died, say) is
        stopped, so the next browser to join under that name gets a fresh seat and resumes.
        """
        from quizapp.core.classcontrol import ControlError, ControlStore

        store = ControlStore(folder)

        def releases() -> dict[str, datetime]:
            try:
                students = store.load().for_pack(pack_id).students
            except ControlError:
                return {}
            return {key: c.released for key, c in students.items() if c.released is not None}

        from quizapp.core.presence import RENEW_SECONDS

        handled = releases()  # releases from before this server started have nothing to free
        renewed = 0.0
        while True:
            await asyncio.sleep(1.0)
            for key, released in releases().items():
                if handled.get(key) == released:
                    continue
                handled[key] = released
                self.room.seats.pop(key, None)
                service = self.room.live.pop(key, None)
                if service is not None:
                    await stop_or_kill(service)
                renewed = 0.0
            if time.monotonic() - renewed >= RENEW_SECONDS:
                self.note_seats()
                renewed = time.monotonic()

    async def on_startup(self, app: web.Application) -> None:
        if self.class_folder is not None and self.pack_id is not None:
            self._control_task = asyncio.ensure_future(
                self.follow_controls(self.class_folder, self.pack_id)
            )
        self.console.print(f"Serving quizapp on {self.public_url}")
        self.console.print(f"Class code: [bold]{self.room.code}[/bold]")
        self.console.print(
            f"Students open {self.public_url}/ and type the class code and their name "
            f"(or open {self.public_url}/?student=THEIR-NAME&code={self.room.code})"
        )
        self.console.print("Press Ctrl+C to stop.")

    def join_page(
        self, request: web.Request, status: int = 200, error: str = "", name: str = ""
    ) -> web.Response:
        """The join page at the bare address: a class code box and a name box (and why the last
        try was refused, if it was)."""
        context = {"title": self.title, "error": error, "name": name}
        response = aiohttp_jinja2.render_template("join.html", request, context, status=status)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The join page, or (with a code and a name, from the form or a link) the student's page
        with a one-time ticket; a refusal starts nothing, writes nothing and binds no seat."""
        if "code" not in request.query and "student" not in request.query:
            return self.join_page(request)
        address = request.remote or "?"
        typed = request.query.get("student", "")
        name_for_limits = typed.strip().casefold()[:80]
        refused = self.room.guard.refusal(address, name_for_limits)
        if refused == "address" and self.room.holds_seat(typed, request.cookies):
            refused = (
                None  # a joined student's reload: guesses from the same network never hold it up
            )
        if refused is not None:
            if refused == "name":
                message = (
                    f"Too many wrong class codes for this name. Wait a minute, then try again "
                    f"(after {WRONG_PER_NAME} wrong codes a name waits; classmates do not)."
                )
            else:
                message = (
                    "Too many wrong class codes from your network just now: wait a few seconds."
                )
            response = self.join_page(request, 429, message, typed)
            response.headers["Retry-After"] = str(
                self.room.guard.retry_after(address, name_for_limits)
            )
            return response
        code = request.query.get("code", "").strip()
        if not secrets.compare_digest(code.encode(), self.room.code.encode()):
            delay = self.room.guard.note_wrong(address, name_for_limits)
            if delay > 0:
                # Past the address's free tries: answer slowly, a few at a time (see the guard).
                self.room.guard.hold(address)
                try:
                    await asyncio.sleep(delay)
                finally:
                    self.room.guard.release(address)
            return self.join_page(
                request,
                403,
                "Wrong or missing class code: check it with your teacher (four words joined "
                "by hyphens).",
                typed,
            )
        try:
            student = check_name(typed)
        except InvalidNameError as error:
            return self.join_page(request, 400, f"That name cannot be used: {error}.", typed)
        # The one wait of this handler comes before the class's room is counted: from the count
        # to the ticket nothing awaits, or pages loading at once could all pass the count.
        if await self._quiz_has_ended_for(student):
            return refusal_page(
                "The quiz has ended",
                "This class quiz has ended, so it cannot be taken any more. Ask your teacher.",
                410,
            )
        if not self.room.make_room_for(student):
            return refusal_page(
                "The class is full",
                f"{self.room.max_sessions} students are already connected; ask your teacher.",
                503,
            )
        if problem := self.write_check.current():
            return refusal_page(
                "Your answers cannot be saved right now",
                "The class folder on your teacher's computer cannot be written "
                f"({problem}), so the quiz was not started. Tell your teacher, and open this "
                "page again once they have fixed it.",
                503,
            )
        token = self.room.seat_token(student, request.cookies.get(seat_cookie(student)))
        if token is None:
            return refusal_page("That name is already taken", NAME_TAKEN.format(name=student), 409)
        ticket = self.room.issue(student, address, token=token)
        router = request.app.router
        static_url = f"{self.public_url}{router['static'].url_for(filename='/')}".rstrip("/") + "/"
        ws_url = f"{self.public_url}{router['websocket'].url_for(ticket=ticket)}"
        ws_url = ("wss:" if self.public_url.startswith("https") else "ws:") + ws_url.split(":", 1)[
            1
        ]
        context: dict[str, Any] = {
            "font_size": 16,
            "app_websocket_url": ws_url,
            "config": {"static": {"url": static_url}},
            "application": {"name": f"quizapp: {student}"},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.set_cookie(seat_cookie(student), token, httponly=True, samesite="Strict")
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _quiz_has_ended_for(self, student: str) -> bool:
        """Whether the class quiz closed before this student ever took it (a late joiner): they
        are told so, and no quizapp starts (so no attempt is made)."""
        if self.pack is None or self.class_folder is None:
            return False
        folder, pack = self.class_folder, self.pack

        def ended() -> bool:
            from quizapp.core.classgate import class_entry
            from quizapp.core.classreading import (
                closed_for_class,
                load_pack_control,
                pack_attempts,
            )
            from quizapp.core.store import ProfileStore

            now = utc_now()
            control = load_pack_control(folder, pack.id)
            closed = closed_for_class(folder, pack, control, now)
            if closed is None:
                return False
            key = name_key(student)
            store = ProfileStore(folder)
            attempts = (
                pack_attempts(store, folder / key, pack.id) if (folder / key).is_dir() else []
            )
            return class_entry(pack, control, key, attempts, now, closed).kind == "ended"

        return await asyncio.get_running_loop().run_in_executor(None, ended)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Bind the student's seat now that their page connects, and start (or take over) their
        one live session, for a valid ticket."""
        redeemed = self.room.redeem(request.match_info["ticket"])
        websocket = web.WebSocketResponse(
            heartbeat=HEARTBEAT_SECONDS, max_msg_size=MAX_MESSAGE_BYTES
        )
        await websocket.prepare(request)
        if redeemed is None:
            await websocket.close(code=4003, message=b"invalid or expired ticket")
            return websocket
        student, token = redeemed
        key = name_key(student)
        if key not in self.room.live and len(self.room.live) >= self.room.max_sessions:
            # The page's cap counted tickets too; this holds even for a crafted websocket.
            await websocket.close(code=4029, message=b"the class is full")
            return websocket
        if not self.room.bind(student, token):
            # Another browser's page connected first as this student: nothing starts.
            await websocket.close(code=4009, message=SEAT_TAKEN_REASON)
            return websocket
        width, height = clamp_size(
            to_int(request.query.get("width", ""), 80), to_int(request.query.get("height", ""), 24)
        )
        keep_error_log_small(self.error_log)
        previous = self.room.live.pop(key, None)
        if previous is not None:
            # A reload: close the old session first so the profile's lock is free to resume.
            await previous.stop()

        async def close() -> None:
            await websocket.close()

        service: AppService
        if self.zygote is not None:
            service = ForkedAppService(
                self.zygote,
                self._fork_lock,
                student,
                self.error_log,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
            )
        else:
            service = AppService(
                self.command_for(student),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
            )
        self.room.live[key] = service
        self.note_seats()
        try:
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await stop_or_kill(service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one student's failure must not stop the class
            log.error("session of a student ended with an error: %s", type(error).__name__)
        finally:
            if self.room.live.get(key) is service:
                del self.room.live[key]
                self.room.left(student, token)
                self.note_seats()
        return websocket

    def note_seats(self) -> None:
        """Write who holds a seat and who is connected, for the teacher's live view (which may run
        in another terminal); a failed write is retried at the next renewal."""
        if self.class_folder is None or self.pack_id is None:
            return
        from quizapp.core.presence import Seat, Seats, write_seats

        seats = Seats(
            self.pack_id,
            utc_now(),
            {
                key: Seat(seat.name, seat.connected and key in self.room.live, seat.since)
                for key, seat in self.room.seats.items()
            },
        )
        try:
            write_seats(self.class_folder, seats)
        except OSError:
            pass  # a read-only class folder is reported elsewhere; the class goes on

    def connected_students(self) -> int:
        """How many students have a page connected now."""
        return len(self.room.live)

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """Relay a browser's messages to its quizapp; malformed ones are dropped, sizes are clamped."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], envelope[1]
            except (ValueError, TypeError, IndexError, KeyError, RecursionError):
                # RecursionError: JSON nested thousands deep fits in one small message.
                continue
            if kind == "stdin" and isinstance(data, str):
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = clamp_size(
                    to_int(str(data.get("width", "")), 80), to_int(str(data.get("height", "")), 24)
                )
                await app_service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            elif kind == "focus":
                await app_service.focus()

    def initialize_logging(self, handler: logging.Handler | None = None) -> None:
        """Log plainly through `handler` (default: stderr): one line per record, never a traceback,
        never the class code, repeats counted (see `quizapp.serve_guard.SafeLogFilter`)."""
        handler = handler or logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.addFilter(self.safe_log)
        logging.basicConfig(level="INFO", handlers=[handler], force=True)
        logging.getLogger("aiohttp.access").disabled = True

    def _refused(self, address: str) -> None:
        # No address in the line: a crowd from thousands of addresses is then one line a period.
        log.warning("refused connections: too many open at once from one address or in all")

    async def serve_until_stopped(self, listener: socket.socket, stop_signals: list[int]) -> None:
        """Serve on `listener` (bound already) until one of `stop_signals`; then stop every student.

        Connections go through the guard (`quizapp.serve_guard`): counted per address, closed
        when they send no request head in time, shed for room before any student is.
        """
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for signal_number in stop_signals:
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signal_number, stop.set)
        loop.set_exception_handler(loop_exception_handler(log))
        runner = web.AppRunner(
            await self._make_app(),
            access_log=None,
            handle_signals=False,
            keepalive_timeout=KEEPALIVE_SECONDS,
        )
        await runner.setup()
        handlers = runner.server
        assert handlers is not None  # set by setup()
        per_address, total = connection_limits(raise_open_file_limit(), self.room.max_sessions)
        self.guard = ConnectionGuard(per_address, total)
        listening = await loop.create_server(
            self.guard.factory(handlers, self._refused), sock=listener, backlog=BACKLOG
        )
        repeats = asyncio.ensure_future(flush_repeats(log, self.safe_log))
        try:
            await stop.wait()
        finally:
            repeats.cancel()
            listening.close()
            await runner.cleanup()

    def serve_on(self, listener: socket.socket, stop_signals: list[int]) -> None:
        """Serve on `listener` in a new event loop until one of `stop_signals`."""
        self.debug = False
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self.serve_until_stopped(listener, stop_signals))
        finally:
            loop.close()


def bind_listener(host: str, port: int) -> socket.socket:
    """The server's listening socket, bound and listening now (a port in use is said at once,
    before any process is started)."""
    family, kind, protocol, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    listener = socket.socket(family, kind, protocol)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
        listener.listen(BACKLOG)
    except OSError:
        listener.close()
        raise
    listener.setblocking(False)
    return listener


class ForkedProcess:
    """What AppService needs of a process, for a student's quizapp forked by the pre-loaded helper."""

    def __init__(
        self,
        pid: int,
        stdin: asyncio.StreamWriter,
        stdout: asyncio.StreamReader,
        stderr: asyncio.StreamReader,
    ) -> None:
        self.pid = pid
        """The student's quizapp (a child of the helper, not of the server)."""
        self.stdin = stdin
        """Its standard input: keys and resizes."""
        self.stdout = stdout
        """Its standard output: the screen, in textual-serve's packets."""
        self.stderr = stderr
        """Its standard error."""

    @property
    def returncode(self) -> int | None:
        """None while the process runs; 0 once it is gone (the helper collects its status)."""
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return 0
        return None

    def kill(self) -> None:
        """Kill it at once."""
        os.kill(self.pid, signal.SIGKILL)

    async def wait(self) -> int:
        """Wait until it is gone."""
        while self.returncode is None:
            await asyncio.sleep(0.02)
        return 0


async def _read_pipe(loop: asyncio.AbstractEventLoop, fd: int) -> asyncio.StreamReader:
    """An asyncio reader on the parent's end of a pipe."""
    reader = asyncio.StreamReader(limit=2**22, loop=loop)
    protocol = asyncio.StreamReaderProtocol(reader, loop=loop)
    await loop.connect_read_pipe(lambda: protocol, os.fdopen(fd, "rb", 0))
    return reader


class ForkedAppService(AppService):
    """textual-serve's AppService, starting the student's quizapp by fork from the pre-loaded helper."""

    def __init__(
        self, zygote: Zygote, lock: asyncio.Lock, student: str, error_log: Path, **options: Any
    ) -> None:
        super().__init__("", **options)
        self.error_log = error_log
        """Where the student's quizapp writes its errors."""
        self.zygote = zygote
        """The pre-loaded helper that forks students."""
        self.lock = lock
        """One request to the helper at a time."""
        self.student = student
        """Whose quizapp this is."""

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        loop = asyncio.get_running_loop()
        stdin_read, stdin_write = os.pipe()
        stdout_read, stdout_write = os.pipe()
        stderr_read, stderr_write = os.pipe()
        # The student's errors go to the class's error log, never to the teacher's terminal
        # (Textual prints a crash with its local variables); AppService reads an empty stderr.
        os.close(stderr_write)
        stderr_write = os.open(self.error_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        env = {"COLUMNS": str(width), "ROWS": str(height)}
        try:
            async with self.lock:
                pid = await loop.run_in_executor(
                    None,
                    self.zygote.spawn,
                    self.student,
                    env,
                    [stdin_read, stdout_write, stderr_write],
                )
        finally:
            for fd in (stdin_read, stdout_write, stderr_write):
                os.close(fd)
        # asyncio's public stream protocol (its never-fed reader is unused) gives `drain()` its
        # flow control; asyncio's own pipes use a private class for that.
        writer_transport, writer_protocol = await loop.connect_write_pipe(
            lambda: asyncio.StreamReaderProtocol(asyncio.StreamReader(loop=loop), loop=loop),
            os.fdopen(stdin_write, "wb", 0),
        )
        stdin = asyncio.StreamWriter(writer_transport, writer_protocol, None, loop)
        readers = [await _read_pipe(loop, fd) for fd in (stdout_read, stderr_read)]
        process = ForkedProcess(pid, stdin, readers[0], readers[1])
        self._process = process  # type: ignore[assignment]
        self._stdin = stdin
        return process


class PipeLogHandler(logging.Handler):
    """Writes each log line to a pipe the teacher's live view reads; drops lines rather than ever
    block the server when the view is slow to read."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        os.set_blocking(fd, False)
        self.fd = fd

    def emit(self, record: logging.LogRecord) -> None:
        line = self.format(record).replace("\n", " ")[:MAX_NOTE_CHARACTERS] + "\n"
        with contextlib.suppress(OSError):  # full (the view is busy) or closed (it quit)
            os.write(self.fd, line.encode("utf-8", "replace"))


def _run_server_process(server: ClassServer, listener: socket.socket, notes: int) -> None:
    """In the web server's own process (forked for the live view): serve until the view stops it.

    Its log goes to the live view through `notes`; nothing it prints reaches the teacher's
    terminal, which the view owns.
    """
    code = 1
    try:
        set_parent_death_signal(signal.SIGTERM)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the view decides when the server stops
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.close(devnull)
        server.initialize_logging(PipeLogHandler(notes))
        server.serve_on(listener, [signal.SIGTERM, signal.SIGHUP])
        code = 0
    finally:
        os._exit(code)


def _read_notes(fd: int, deliver: Callable[[str], object]) -> None:
    """In a thread of the live view's process: hand each line the server logs to `deliver`."""
    with open(fd, "rb", buffering=0) as pipe:
        pending = b""
        while chunk := pipe.read(4096):
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                deliver(line.decode("utf-8", "replace"))


def _stop_server_process(pid: int) -> None:
    """Ask the web server's process to stop (it stops every student first), then make sure."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
            time.sleep(0.05)
            continue
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _serve_with_live_view(
    server: ClassServer,
    args: argparse.Namespace,
    questions_dir: Path,
    seeds_dir: Path,
    profiles_dir: Path,
    listener: socket.socket,
) -> int:
    """Serve while the teacher's terminal shows the live view of the class (quit it to stop).

    The web server runs in a process of its own, forked here before any thread starts: the view
    (and its reads of the class folder) never shares an event loop or the GIL with the server,
    so nothing the view does holds up a student's key. They share the class folder (the control
    file carries the teacher's controls) and a pipe of the server's log lines, shown in the view.
    """
    notes_read, notes_write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(notes_read)
        _run_server_process(server, listener, notes_write)
    os.close(notes_write)
    listener.close()
    try:
        from quizapp.core.loader import load_checked_bank
        from quizapp.core.packs import load_pack
        from quizapp.ui.watch_app import WatchApp

        bank = load_checked_bank(questions_dir, seeds_dir)
        pack, _ = load_pack(args.pack, bank)
        assert pack is not None  # checked before serving
        address = f"{server.public_url}/ with the class code {server.room.code}"

        async def read_notes() -> None:
            threading.Thread(
                target=_read_notes, args=(notes_read, app.server_note), daemon=True
            ).start()

        app = WatchApp(
            folder=profiles_dir,
            bank=bank,
            pack_id=pack.id,
            pack_title=f"{pack.title} · students open {address}",
            on_start=read_notes,
            pack=pack,
            stops_server=True,
        )
        app.run()
    finally:
        _stop_server_process(pid)
    return 0


async def stop_or_kill(service: AppService) -> None:
    """Ask a student's quizapp to quit (its answers are already saved); kill it after a short grace."""
    try:
        await asyncio.wait_for(service.stop(), STOP_GRACE_SECONDS)
    except TimeoutError:
        process = getattr(service, "_process", None)
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def keep_error_log_small(path: Path) -> None:
    """Move the class's error log aside once it passes `ERROR_LOG_CAP`, keeping one older file.

    A student's quizapp that crashes in a loop must not fill the class folder's disk.
    """
    try:
        if path.stat().st_size > ERROR_LOG_CAP:
            os.replace(path, path.with_name(path.name + ".1"))
    except OSError:
        pass  # no log yet, or it cannot be moved: students still start


def student_setup(
    *, questions_dir: Path, seeds_dir: Path, profiles_dir: Path, pack: Path | None
) -> StudentSetup:
    """What every student of the class shares, with every path resolved."""
    return StudentSetup(
        questions_dir.resolve(),
        seeds_dir.resolve(),
        profiles_dir.resolve(),
        pack.resolve() if pack is not None else None,
    )


def student_command(setup: StudentSetup) -> Callable[[str], str]:
    """A function giving the shell command that runs quizapp for one student (no fork helper)."""
    base = [sys.executable, "-m", "quizapp", *setup.argv()]
    error_log = shlex.quote(str(setup.profiles_dir / ERROR_LOG))

    def command(student: str) -> str:
        # `exec`: the quizapp is the server's own child, so it can die with the server.
        # `--profile=NAME`: a name starting with "-" stays a value, not an option.
        # Errors to the class's log: a crash printed with its local variables stays off screen.
        return "exec " + shlex.join([*base, f"--profile={student}"]) + f" 2>>{error_log}"

    return command


def build_server(
    args: argparse.Namespace,
    questions_dir: Path,
    seeds_dir: Path,
    profiles_dir: Path,
    zygote: Zygote | None = None,
) -> ClassServer:
    """The server for `quizapp serve`'s arguments."""
    room = ClassRoom(code=args.code or new_code(), max_sessions=args.max_sessions)
    pack_id = None
    pack: Pack | None = None
    if args.pack is not None:
        from quizapp.core.loader import load_model_file
        from quizapp.core.packs import Pack

        pack, _ = load_model_file(args.pack, Pack)
        pack_id = pack.id if pack is not None else None
    return ClassServer(
        zygote=zygote,
        class_folder=profiles_dir.resolve(),
        pack_id=pack_id,
        pack=pack,
        command_for=student_command(
            student_setup(
                questions_dir=questions_dir,
                seeds_dir=seeds_dir,
                profiles_dir=profiles_dir,
                pack=args.pack,
            )
        ),
        room=room,
        host=args.host,
        port=args.port,
        title="quizapp",
        public_url=args.public_url,
    )


def start_class_now(profiles_dir: Path, pack_path: Path) -> str | None:
    """Start the pack's class quiz now (`--start-now`), unless it was started already; return why
    it could not be (a damaged control file), or None."""
    from quizapp.core.classcontrol import ControlError, ControlStore
    from quizapp.core.loader import load_model_file
    from quizapp.core.packs import Pack

    pack, _ = load_model_file(pack_path, Pack)
    if pack is None:
        return f"{pack_path} cannot be read"
    try:
        ControlStore(profiles_dir).start_quiz(pack.id, utc_now())
    except ControlError as error:
        return f"{error.problem}; remove or fix it, or replace it from `quizapp watch`"
    except OSError as error:
        return f"the class control file cannot be written ({error.strerror})"
    return None


def run_serve(
    args: argparse.Namespace, questions_dir: Path, seeds_dir: Path, profiles_dir: Path
) -> int:
    """Run `quizapp serve` until Ctrl+C; return the exit code."""
    if args.pack is not None:
        from quizapp.core.loader import load_bank
        from quizapp.core.packs import load_pack

        bank, _, problems = load_bank(questions_dir, seeds_dir)
        _, pack_problems = load_pack(args.pack, bank)
        problems = [*problems, *pack_problems]
        if problems:
            print("quizapp serve: cannot start:", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
    if args.max_sessions < 1:
        print("quizapp serve: --max-sessions must be at least 1", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print("quizapp serve: --port must be from 0 to 65535 (e.g. 8000)", file=sys.stderr)
        return 2
    if args.code is not None:
        bits = code_bits(args.code)
        if bits < MIN_CODE_BITS:
            print(
                f"quizapp serve: the class code {args.code!r} is too easy to guess; use four "
                f"short words such as {new_code()!r}, or leave --code out for a random one",
                file=sys.stderr,
            )
            return 2
        if bits < WARN_CODE_BITS:
            print(
                "Warning: this class code is fairly easy to guess; wrong tries are limited to "
                f"{WRONG_PER_NAME} a minute per name and answered slowly past "
                f"{free_tries_for(args.max_sessions)} a minute per address.",
                file=sys.stderr,
            )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"Note: serving beyond this machine on {args.host}, as asked.", file=sys.stderr)
    profiles_dir.mkdir(parents=True, exist_ok=True)
    if getattr(args, "start_now", False) and args.pack is not None:
        if (why := start_class_now(profiles_dir, args.pack)) is not None:
            print(f"quizapp serve: cannot start the quiz: {why}", file=sys.stderr)
            return 1
    os.environ[DIE_WITH_PARENT] = "1"  # inherited by every student's quizapp
    zygote: Zygote | None = None
    if getattr(args, "fork", True) and fork_available():
        # Before the web server starts any thread: the helper is forked from a single thread.
        zygote = Zygote(
            student_setup(
                questions_dir=questions_dir,
                seeds_dir=seeds_dir,
                profiles_dir=profiles_dir,
                pack=args.pack,
            )
        )
        print(
            f"Students' quizapps start by fork from a pre-loaded helper (pid {zygote.pid}).",
            file=sys.stderr,
        )
    else:
        print(
            "Students' quizapps start as fresh Python processes (fork is not available here, "
            "or --no-fork): joining is slower.",
            file=sys.stderr,
        )
    server = build_server(args, questions_dir, seeds_dir, profiles_dir, zygote)
    try:
        try:
            listener = bind_listener(args.host, args.port)
        except OSError as error:
            reason = error.strerror or str(error)
            print(
                f"quizapp serve: cannot listen on {args.host}:{args.port}: {reason}",
                file=sys.stderr,
            )
            return 1
        if server.pack_id is not None and getattr(args, "watch", True) and sys.stdout.isatty():
            return _serve_with_live_view(
                server, args, questions_dir, seeds_dir, profiles_dir, listener
            )
        server.initialize_logging()
        server.serve_on(listener, [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
    finally:
        if zygote is not None:
            zygote.close()
    return 0
