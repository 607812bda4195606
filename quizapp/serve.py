"""`quizapp serve`: the same Textual app in students' browsers via textual-serve (imported only here).

Each student opens `http://HOST:PORT/?student=NAME&code=CLASSCODE`. A right code and a valid name get
the page with a one-time ticket; the page's websocket (`/ws/<ticket>`) starts one quizapp process for
that student. A wrong or missing code gets a plain refusal and starts nothing. Nothing is loaded from
outside the network: the page uses the font bundled with textual-serve.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import logging
import secrets
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from quizapp.core.store import InvalidNameError, check_name, name_key

log = logging.getLogger("quizapp.serve")

TEMPLATES = Path(__file__).resolve().parent / "ui" / "web"
"""Our page template: textual-serve's, with the bundled font instead of a web font."""
TICKET_SECONDS = 120
"""How long a page's ticket stays valid before its websocket must connect."""


def refusal_page(title: str, message: str, status: int) -> web.Response:
    """A plain page that says why the quiz was not started."""
    body = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>quizapp</title></head>"
        f"<body><h1>{html.escape(title)}</h1><p>{html.escape(message)}</p></body></html>"
    )
    return web.Response(text=body, status=status, content_type="text/html")


@dataclass
class ClassRoom:
    """Who is connected: tickets waiting for their websocket, and one live session per student."""

    code: str
    """The class code students must give."""
    max_sessions: int
    """The most live sessions at once."""
    tickets: dict[str, tuple[str, float]] = field(default_factory=dict)
    """Ticket -> (student name, expiry time)."""
    live: dict[str, AppService] = field(default_factory=dict)
    """Student key (case-folded name) -> the running app."""

    def issue(self, student: str) -> str:
        """A one-time ticket for `student`'s websocket."""
        now = time.monotonic()
        self.tickets = {t: v for t, v in self.tickets.items() if v[1] > now}
        ticket = secrets.token_urlsafe(16)
        self.tickets[ticket] = (student, now + TICKET_SECONDS)
        return ticket

    def redeem(self, ticket: str) -> str | None:
        """The student a ticket was issued to, once; None if unknown or expired."""
        entry = self.tickets.pop(ticket, None)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]


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
        """Builds the shell command that runs quizapp for one student."""
        self.room = room
        """Codes, tickets and live sessions."""

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
        services = list(self.room.live.values())
        self.room.live.clear()
        if services:
            await asyncio.wait(
                [asyncio.ensure_future(service.stop()) for service in services], timeout=10
            )

    async def on_startup(self, app: web.Application) -> None:
        self.console.print(f"Serving quizapp on {self.public_url}")
        self.console.print(f"Class code: [bold]{self.room.code}[/bold]")
        self.console.print(
            f"Students open: {self.public_url}/?student=THEIR-NAME&code={self.room.code}"
        )
        self.console.print("Press Ctrl+C to stop.")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """Check the code and name; render the page with a ticket, or refuse without starting anything."""
        code = request.query.get("code", "")
        if not secrets.compare_digest(code.encode(), self.room.code.encode()):
            return refusal_page(
                "Wrong or missing class code",
                "Ask your teacher for the class code and open the address they gave you, "
                "ending in ?student=YOUR-NAME&code=CLASSCODE.",
                403,
            )
        try:
            student = check_name(request.query.get("student", ""))
        except InvalidNameError as error:
            return refusal_page("That name cannot be used", f"The student name: {error}.", 400)
        if (
            name_key(student) not in self.room.live
            and len(self.room.live) >= self.room.max_sessions
        ):
            return refusal_page(
                "The class is full",
                f"{self.room.max_sessions} students are already connected; ask your teacher.",
                503,
            )
        ticket = self.room.issue(student)
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
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start (or take over) the student's one live session for a valid ticket."""
        student = self.room.redeem(request.match_info["ticket"])
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        if student is None:
            await websocket.close(code=4003, message=b"invalid or expired ticket")
            return websocket
        width = to_int(request.query.get("width", ""), 80)
        height = to_int(request.query.get("height", ""), 24)
        key = name_key(student)
        previous = self.room.live.pop(key, None)
        if previous is not None:
            # A reload: close the old session first so the profile's lock is free to resume.
            await previous.stop()

        async def close() -> None:
            await websocket.close()

        service = AppService(
            self.command_for(student),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        self.room.live[key] = service
        try:
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one student's failure must not stop the class
            log.exception(error)
        finally:
            if self.room.live.get(key) is service:
                del self.room.live[key]
        return websocket


def student_command(
    *, questions_dir: Path, seeds_dir: Path, profiles_dir: Path, pack: Path | None
) -> Callable[[str], str]:
    """A function giving the shell command that runs quizapp for one student."""
    base = [
        sys.executable,
        "-m",
        "quizapp",
        "--questions",
        str(questions_dir),
        "--seeds",
        str(seeds_dir),
        "--profiles",
        str(profiles_dir),
    ]
    if pack is not None:
        base += ["--pack", str(pack.resolve())]

    def command(student: str) -> str:
        return shlex.join([*base, "--profile", student])

    return command


def build_server(
    args: argparse.Namespace, questions_dir: Path, seeds_dir: Path, profiles_dir: Path
) -> ClassServer:
    """The server for `quizapp serve`'s arguments."""
    room = ClassRoom(code=args.code or secrets.token_hex(3), max_sessions=args.max_sessions)
    return ClassServer(
        command_for=student_command(
            questions_dir=questions_dir.resolve(),
            seeds_dir=seeds_dir.resolve(),
            profiles_dir=profiles_dir.resolve(),
            pack=args.pack,
        ),
        room=room,
        host=args.host,
        port=args.port,
        title="quizapp",
        public_url=args.public_url,
    )


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
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"Note: serving beyond this machine on {args.host}, as asked.", file=sys.stderr)
    profiles_dir.mkdir(parents=True, exist_ok=True)
    server = build_server(args, questions_dir, seeds_dir, profiles_dir)
    try:
        server.serve()
    except OSError as error:
        print(
            f"quizapp serve: cannot listen on {args.host}:{args.port}: {error.strerror}",
            file=sys.stderr,
        )
        return 1
    return 0
