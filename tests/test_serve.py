"""`quizapp serve` at the protocol level: the real server in a subprocess, students as aiohttp clients.

Each test starts `python -m quizapp serve` on a free 127.0.0.1 port with a temporary profiles
folder and the sample pack, talks to it the way the browser page does (GET the page, read the
one-time websocket URL, connect with `?width=..&height=..`, send `["stdin", KEY]` frames), and reads
the answers back from the student's attempt file. Every wait is bounded; the server and the student
processes it started are always killed by the fixture, by process group.
"""

from __future__ import annotations

import asyncio
import codecs
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

REPO = Path(__file__).resolve().parents[1]
PACK = REPO / "questions" / "packs" / "backend-roles-class.toml"
HOST = "127.0.0.1"
CODE = "amber-fox-river-otter"
START_SECONDS = 30.0
"""How long the server may take to accept connections."""
WAIT_SECONDS = 20.0
"""How long a page may take to show a question, or an answer to reach the attempt file."""
WS_URL = re.compile(r'data-session-websocket-url="([^"]+)"')
"""Where the page names its websocket."""
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
"""A namespace name in the page's inline logo: an identifier, never fetched."""


def pack_size() -> int:
    """How many questions the sample pack asks (its ids plus its [[select]] counts)."""
    data = tomllib.loads(PACK.read_text(encoding="utf-8"))
    return len(data.get("questions", [])) + sum(rule["count"] for rule in data.get("select", []))


def free_port() -> int:
    """A port nobody listens on right now, on the loopback address."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class ServeProcess:
    """One running `quizapp serve`: its process, address, profiles folder and log."""

    def __init__(self, folder: Path, *extra: str) -> None:
        self.profiles = folder / "profiles"
        """The class's profiles folder."""
        self.log = folder / "serve.log"
        """The server's stdout and stderr."""
        self.port = 0
        """The loopback port it listens on."""
        self.proc: subprocess.Popen[bytes] | None = None
        """The server process (the leader of its own process group)."""
        self.extra = list(extra)
        """Extra `quizapp serve` arguments."""
        self.preexec: Callable[[], None] | None = None
        """Run in the server's process before it starts (to set its limits, say)."""

    @property
    def base(self) -> str:
        """The server's origin."""
        return f"http://{HOST}:{self.port}"

    def page_url(self, student: str | None = "Ann", code: str | None = CODE) -> str:
        """The address a student opens (a None part is left out)."""
        query = []
        if student is not None:
            query.append(f"student={student}")
        if code is not None:
            query.append(f"code={code}")
        return f"{self.base}/?{'&'.join(query)}"

    def start(self) -> ServeProcess:
        """Start the server and wait until it accepts connections (a taken port is retried)."""
        for _ in range(3):
            self.port = free_port()
            command = [
                sys.executable,
                "-m",
                "quizapp",
                "serve",
                "--questions",
                str(REPO / "questions"),
                "--seeds",
                str(REPO / "seeds"),
                "--profiles",
                str(self.profiles),
                "--pack",
                str(PACK),
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--code",
                CODE,
                *(["--start-now"] if "--lobby" not in self.extra else []),
                *[option for option in self.extra if option != "--lobby"],
            ]
            env = {**os.environ, "QUIZAPP_PROFILES": str(self.profiles)}
            with self.log.open("ab") as log:
                self.proc = subprocess.Popen(
                    command,
                    cwd=self.log.parent,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=self.preexec,
                )
            deadline = time.monotonic() + START_SECONDS
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection((HOST, self.port), timeout=0.5).close()
                    return self
                except OSError:
                    time.sleep(0.05)
            if self.proc.poll() is None:
                self.stop()
                raise AssertionError(f"server did not listen in {START_SECONDS} s:\n{self.tail()}")
            if "cannot listen" not in self.tail():
                raise AssertionError(f"server exited with {self.proc.returncode}:\n{self.tail()}")
        raise AssertionError(f"no free port after 3 tries:\n{self.tail()}")

    def tail(self, chars: int = 3000) -> str:
        """The end of the server's log, for failure messages."""
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]
        except OSError:
            return "(no log)"

    def student_pids(self) -> dict[int, str]:
        """The running per-student quizapp processes of this server: pid -> profile folder.

        Students are forked by the server's pre-loaded helper (or, with --no-fork, started with
        `--profile=NAME`); each holds its profile's lock file open, which names its folder.
        """
        found: dict[int, str] = {}
        profiles = str(self.profiles.resolve())
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                links = [
                    os.readlink(f"/proc/{entry}/fd/{fd}") for fd in os.listdir(f"/proc/{entry}/fd")
                ]
            except OSError:
                continue
            for link in links:
                if link.startswith(profiles + "/") and link.endswith("/.lock"):
                    found[int(entry)] = Path(link).parent.name
        return found

    def stop(self, grace: float = 3.0) -> None:
        """Stop the server and every process it started (its process group): TERM, then KILL."""
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None and grace > 0:
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait(timeout=10)
        self.proc = None


ServerFactory = Callable[..., ServeProcess]


def browser() -> aiohttp.ClientSession:
    """One browser: it keeps the server's cookies, as a real one does for 127.0.0.1 (aiohttp's
    default cookie jar refuses cookies from an IP address)."""
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


HAVE_PROC = Path("/proc/self/cmdline").is_file()
"""Student processes are found through /proc (Linux); elsewhere only the files are checked."""


def assert_students(server: ServeProcess, names: list[str]) -> None:
    """Exactly these students have a quizapp process running (checked where /proc exists)."""
    if HAVE_PROC:
        assert sorted(server.student_pids().values()) == sorted(name.casefold() for name in names)


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start `quizapp serve` (with extra arguments) in tmp_path; stopped after the test."""
    started: list[ServeProcess] = []

    def start(*extra: str) -> ServeProcess:
        folder = tmp_path / f"server{len(started)}"
        folder.mkdir()
        server = ServeProcess(folder, *extra)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def refusing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    """One server for the tests that must start nothing: its profiles folder must stay empty."""
    server = ServeProcess(tmp_path_factory.mktemp("refusing"))
    server.start()
    yield server
    server.stop()


class Terminal:
    """One student's websocket and the text the app has drawn on it so far."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        """The websocket, as the browser page holds it."""
        self.text = ""
        """Everything the app sent, decoded (escape sequences included)."""
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    async def wait_for(self, needle: str, *, since: int = 0, timeout: float = WAIT_SECONDS) -> None:
        """Read frames until `needle` appears after offset `since`; fail on close or timeout."""
        deadline = time.monotonic() + timeout
        while needle not in self.text[since:]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{needle!r} not shown in {timeout} s")
            try:
                message = await self.ws.receive(timeout=left)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.text += self._decoder.decode(message.data)
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(
                    f"websocket ended ({message.type!r}, {message.data!r}) before {needle!r}"
                )

    async def wait_closed(self, timeout: float = WAIT_SECONDS) -> aiohttp.WSMessage:
        """Read frames until the server closes the websocket; return the closing message."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"websocket still open after {timeout} s")
            message = await self.ws.receive(timeout=left)
            if message.type == aiohttp.WSMsgType.BINARY:
                self.text += self._decoder.decode(message.data)
            elif message.type != aiohttp.WSMsgType.TEXT:
                return message

    async def press(self, key: str) -> None:
        """Send a key the way the page's terminal does."""
        await self.ws.send_str(json.dumps(["stdin", key]))


async def open_page(
    session: aiohttp.ClientSession, server: ServeProcess, student: str = "Ann"
) -> str:
    """GET a student's page (it must be served) and return its websocket URL."""
    async with session.get(server.page_url(student)) as response:
        body = await response.text()
        assert response.status == 200, body
    found = WS_URL.search(body)
    assert found is not None, body
    return html.unescape(found.group(1))


async def open_student(
    session: aiohttp.ClientSession,
    server: ServeProcess,
    student: str = "Ann",
    needle: str = "Question 1 of",
) -> Terminal:
    """Open a student's page and its websocket (100x30), and wait for `needle` on screen."""
    url = await open_page(session, server, student)
    terminal = Terminal(await session.ws_connect(url + "?width=100&height=30"))
    await terminal.wait_for(needle)
    return terminal


def attempt_answers(server: ServeProcess, key: str) -> list[tuple[Path, list[dict[str, Any]]]]:
    """Each attempt file of the student folder `key`, with its answers."""
    folder = server.profiles / key / "attempts"
    if not folder.is_dir():
        return []
    return [
        (path, tomllib.loads(path.read_text(encoding="utf-8")).get("answers", []))
        for path in sorted(folder.glob("*.toml"))
    ]


async def wait_until(check: Callable[[], bool], what: str, timeout: float = WAIT_SECONDS) -> None:
    """Poll `check` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {what}")
        await asyncio.sleep(0.05)


async def wait_answers(server: ServeProcess, key: str, count: int) -> list[dict[str, Any]]:
    """Wait until the student's one attempt file holds `count` answers; return them."""

    def done() -> bool:
        files = attempt_answers(server, key)
        return len(files) == 1 and len(files[0][1]) == count

    await wait_until(done, f"{key} has one attempt with {count} answer(s)")
    return attempt_answers(server, key)[0][1]


async def answer_and_go_on(terminal: Terminal, key: str, number: int) -> None:
    """Press `key` on the question on screen, then n; wait for question `number` + 1."""
    mark = len(terminal.text)
    await terminal.press(key)
    await terminal.wait_for("Answer saved", since=mark)
    mark = len(terminal.text)
    await terminal.press("n")
    await terminal.wait_for(f"Question {number + 1} of", since=mark)


# ---------------------------------------------------------------- the right code


@pytest.mark.parametrize(
    ("extra", "start"),
    [
        pytest.param((), "by fork from a pre-loaded helper", id="forked"),
        pytest.param(("--no-fork",), "as fresh Python processes", id="fresh-python"),
    ],
)
async def test_right_code_shows_the_first_question(
    serve: ServerFactory, extra: tuple[str, ...], start: str
) -> None:
    """A right code and a valid name start one quizapp for that student, at question 1 of the pack.

    By default students are forked from a pre-loaded helper; `--no-fork` (or a system without fork)
    starts a fresh Python per student, and the server says which.
    """
    server = serve(*extra)
    async with browser() as session:
        terminal = await open_student(session, server, "Ann")
        assert f"Question 1 of {pack_size()}" in terminal.text
        assert (server.profiles / "ann" / "profile.toml").is_file()
        assert_students(server, ["Ann"])
        await terminal.ws.close()
        await wait_until(lambda: not server.student_pids(), "the student's quizapp to end")
    assert start in server.tail()


# ---------------------------------------------------------------- refusals start nothing

REFUSED_CODES = [
    # One name each: they share one server and one address, and a name that sends five wrong
    # codes in a minute waits (the others do not).
    pytest.param(f"student=Ann&code={CODE}x", id="longer"),
    pytest.param(f"student=Bob&code={CODE[:-1]}", id="shorter"),
    pytest.param(f"student=Cy&code={CODE.upper()}", id="other-case"),
    pytest.param("student=Di&code=wrong1", id="wrong"),
    pytest.param("student=Ed&code=", id="empty"),
    pytest.param("student=Flo", id="missing"),
    pytest.param("code=", id="no-name-no-code"),
]


def assert_nothing_started(server: ServeProcess) -> None:
    """No profile folder and no student process exist for this server."""
    assert sorted(p.name for p in server.profiles.iterdir() if p.is_dir()) == []
    assert_students(server, [])


@pytest.mark.parametrize("query", REFUSED_CODES)
async def test_wrong_or_missing_code_is_refused(refusing_server: ServeProcess, query: str) -> None:
    """A wrong or missing code gets a 403 refusal page without a ticket, and starts nothing."""
    async with browser() as session:
        async with session.get(f"{refusing_server.base}/?{query}") as response:
            body = await response.text()
    assert response.status == 403
    assert "Wrong or missing class code" in body and 'role="alert"' in body
    assert "data-session-websocket-url" not in body
    assert CODE not in body  # the form never echoes a code
    await asyncio.sleep(0.2)
    assert_nothing_started(refusing_server)


async def test_the_bare_address_shows_the_join_page(refusing_server: ServeProcess) -> None:
    """The bare address: a form with a labelled code box and name box, for a phone too; no
    ticket, nothing started, nothing loaded from elsewhere."""
    async with browser() as session:
        async with session.get(f"{refusing_server.base}/") as response:
            body = await response.text()
    assert response.status == 200
    assert '<form method="get" action="/"' in body
    assert '<label for="code">' in body and 'id="code"' in body and 'name="code"' in body
    assert '<label for="student">' in body
    assert 'name="viewport"' in body
    assert "data-session-websocket-url" not in body
    assert "http" not in body.split("<body>", 1)[1]
    assert_nothing_started(refusing_server)


REFUSED_NAMES = [
    pytest.param("../x", id="dot-dot-slash"),
    pytest.param("a/b", id="slash"),
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("x" * 41, id="too-long"),
    pytest.param("<script>", id="markup"),
    pytest.param("tab\tname", id="control-char"),
]


@pytest.mark.parametrize("name", REFUSED_NAMES)
async def test_invalid_student_name_is_refused(refusing_server: ServeProcess, name: str) -> None:
    """A right code with a name that cannot be a profile gets 400, escaped, and starts nothing."""
    async with browser() as session:
        url = f"{refusing_server.base}/"
        async with session.get(url, params={"student": name, "code": CODE}) as response:
            body = await response.text()
    assert response.status == 400
    assert "name" in body
    assert "<script>" not in body
    assert "data-session-websocket-url" not in body
    await asyncio.sleep(0.2)
    assert_nothing_started(refusing_server)


async def test_unknown_ticket_is_closed_with_4003(refusing_server: ServeProcess) -> None:
    """A websocket to a ticket the server never issued is closed with 4003 and starts nothing."""
    async with browser() as session:
        ws = await session.ws_connect(f"ws://{HOST}:{refusing_server.port}/ws/not-a-ticket")
        message = await Terminal(ws).wait_closed(timeout=10)
    assert message.type == aiohttp.WSMsgType.CLOSE
    assert message.data == 4003
    assert_nothing_started(refusing_server)


# ---------------------------------------------------------------- the page loads nothing remote

FETCHED = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)["']?\s*\)""")
"""What a browser fetches from a page: src and href attributes and CSS url()."""


async def test_page_uses_only_this_server_and_the_bundled_font(
    refusing_server: ServeProcess,
) -> None:
    """The page names no other host (no web fonts) and its assets, the bundled font included, load."""
    async with browser() as session:
        async with session.get(refusing_server.page_url("Ann")) as response:
            page = await response.text()
        assert response.status == 200
        without_namespaces = page.replace(f'xmlns="{SVG_NAMESPACE}"', "")
        for url in re.findall(r"""(?:https?|wss?)://[^\s"'<>()]+""", without_namespaces):
            assert urlsplit(url).netloc == f"{HOST}:{refusing_server.port}", url
        assert "googleapis" not in page and "gstatic" not in page
        fetched = [a or b for a, b in FETCHED.findall(page)]
        fonts = [url for url in fetched if url.endswith(".ttf")]
        assert fonts, "the page names no bundled font"
        assert any(url.endswith(("css/xterm.css", "js/textual.js")) for url in fetched)
        for url in fetched:
            async with session.get(url) as asset:
                body = await asset.read()
                assert asset.status == 200, url
            if url.endswith(".ttf"):
                assert body[:4] == b"\x00\x01\x00\x00", f"{url} is not a TrueType font"
            if url.endswith((".css", ".js")):
                assert b"googleapis" not in body and b"gstatic" not in body, url
    assert_nothing_started(refusing_server)


# ---------------------------------------------------------------- sessions


async def test_two_students_get_separate_profiles(serve: ServerFactory) -> None:
    """Two students at once each get their own folder and attempt, holding only their own answers."""
    server = serve()
    async with browser() as session:
        ann, bob = await asyncio.gather(
            open_student(session, server, "Ann"), open_student(session, server, "Bob")
        )
        await ann.press("1")
        await answer_and_go_on(bob, "2", 1)
        await bob.press("2")
        ann_answers = await wait_answers(server, "ann", 1)
        bob_answers = await wait_answers(server, "bob", 2)
        assert_students(server, ["Ann", "Bob"])
        await ann.ws.close()
        await bob.ws.close()
    assert sorted(p.name for p in server.profiles.iterdir() if p.is_dir()) == ["ann", "bob"]
    for key, name in (("ann", "Ann"), ("bob", "Bob")):
        profile = tomllib.loads((server.profiles / key / "profile.toml").read_text("utf-8"))
        assert profile["name"] == name
    # Same pack, same first question; keys 1 and 2 are different choices.
    assert ann_answers[0]["question_id"] == bob_answers[0]["question_id"]
    assert ann_answers[0]["response"] != bob_answers[0]["response"]


async def test_ticket_works_only_once(serve: ServerFactory) -> None:
    """A second websocket on a used ticket is closed with 4003; the first session goes on."""
    server = serve()
    async with browser() as session:
        url = await open_page(session, server, "Ann")
        first = Terminal(await session.ws_connect(url + "?width=100&height=30"))
        await first.wait_for("Question 1 of")
        second = Terminal(await session.ws_connect(url + "?width=100&height=30"))
        message = await second.wait_closed(timeout=10)
        assert message.type == aiohttp.WSMsgType.CLOSE
        assert message.data == 4003
        await first.press("1")
        await wait_answers(server, "ann", 1)
        assert_students(server, ["Ann"])
        await first.ws.close()


async def test_reload_resumes_the_same_attempt(serve: ServerFactory) -> None:
    """A reload while the old page is open takes over: same attempt file, answers kept, old page closed."""
    server = serve()
    async with browser() as session:
        old = await open_student(session, server, "Ann")
        await old.press("1")
        first_answers = await wait_answers(server, "ann", 1)
        [(path, _)] = attempt_answers(server, "ann")
        new = await open_student(session, server, "Ann", "Question 2 of")
        assert "open in another quizapp" not in new.text
        closing = await old.wait_closed()
        assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        await new.press("1")
        answers = await wait_answers(server, "ann", 2)
        assert attempt_answers(server, "ann")[0][0] == path
        assert answers[0] == first_answers[0]
        assert_students(server, ["Ann"])
        await new.ws.close()


async def test_max_sessions_refuses_another_student(serve: ServerFactory) -> None:
    """With --max-sessions 1 a second student gets 503 until the first leaves; a reload still works."""
    server = serve("--max-sessions", "1")
    async with browser() as session:
        ann = await open_student(session, server, "Ann")
        async with session.get(server.page_url("Bob")) as response:
            body = await response.text()
        assert response.status == 503
        assert "full" in body
        assert "data-session-websocket-url" not in body
        assert not (server.profiles / "bob").exists()
        await open_page(session, server, "Ann")  # her own reload is not a new session
        await ann.ws.close()

        async def bob_served() -> bool:
            async with session.get(server.page_url("Bob")) as response:
                return response.status == 200

        deadline = time.monotonic() + WAIT_SECONDS
        while not await bob_served():
            assert time.monotonic() < deadline, "the slot was not freed after Ann left"
            await asyncio.sleep(0.1)
        bob = await open_student(session, server, "Bob")
        await bob.ws.close()


# ---------------------------------------------------------------- known bugs


async def test_ctrl_c_stops_promptly_with_a_student_connected(serve: ServerFactory) -> None:
    """Ctrl+C (SIGINT) with a student connected ends the server and the student's quizapp in 5 s."""
    server = serve()
    proc = server.proc
    assert proc is not None
    async with browser() as session:
        ann = await open_student(session, server, "Ann")
        reader: Awaitable[aiohttp.WSMessage] = asyncio.ensure_future(ann.wait_closed(timeout=30))
        os.kill(proc.pid, signal.SIGINT)
        deadline = time.monotonic() + 5
        while proc.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        stopped = proc.poll() is not None
        server.stop(grace=0)
        await asyncio.gather(reader, return_exceptions=True)
    assert stopped, "quizapp serve still running 5 s after Ctrl+C"


async def test_malformed_size_falls_back_to_the_default(serve: ServerFactory) -> None:
    """A websocket with ?width=abc still starts the session (at the default 80x24)."""
    server = serve()
    async with browser() as session:
        url = await open_page(session, server, "Ann")
        terminal = Terminal(await session.ws_connect(url + "?width=abc&height="))
        await terminal.wait_for("Question 1 of", timeout=10)
        await terminal.ws.close()


async def test_malformed_messages_are_dropped_and_the_session_goes_on(serve: ServerFactory) -> None:
    """Not JSON, wrong shapes, wrong types, JSON nested 30,000 deep (60 kB, under the size cap):
    each is dropped; the session stays open and the next key still answers."""
    server = serve()
    async with browser() as session:
        ann = await open_student(session, server, "Ann")
        for bad in (
            "not json",
            "[]",
            "{}",
            "5",
            '"ab"',
            json.dumps(["stdin", 5]),
            json.dumps(["resize", {"width": "1e999", "height": None}]),
            "[" * 30000 + "]" * 30000,
        ):
            await ann.ws.send_str(bad)
        await ann.press("1")
        await wait_answers(server, "ann", 1)
        await ann.ws.close()


# ---------------------------------------------------------------- integrity and limits


async def test_another_browser_cannot_take_over_a_student(serve: ServerFactory) -> None:
    """A second browser (no seat cookie) for a joined name gets 409; the first keeps answering."""
    server = serve()
    async with browser() as first, browser() as intruder:
        ann = await open_student(first, server, "Ann")
        async with intruder.get(server.page_url("Ann")) as response:
            body = await response.text()
        assert response.status == 409
        assert "ask your teacher" in body
        assert "data-session-websocket-url" not in body
        await ann.press("1")
        await wait_answers(server, "ann", 1)
        assert_students(server, ["Ann"])
        await ann.ws.close()


async def test_a_seat_is_bound_when_a_page_connects_not_when_it_loads(
    serve: ServerFactory,
) -> None:
    """Pages that load and never connect (a closed tab, a link preview, a classmate) bind nothing;
    the first page to connect gets the seat and the other is closed with a reason to show."""
    server = serve()
    async with browser() as preview, browser() as ann_browser, browser() as classmate:
        never_connected = await open_page(preview, server, "Ann")
        assert not (server.profiles / "ann").exists()
        url = await open_page(ann_browser, server, "Ann")  # the preview did not take the name
        classmate_url = await open_page(classmate, server, "Ann")
        ann = Terminal(await ann_browser.ws_connect(url + "?width=100&height=30"))
        await ann.wait_for("Question 1 of")
        late = Terminal(await classmate.ws_connect(classmate_url + "?width=100&height=30"))
        closing = await late.wait_closed()
        assert closing.data == 4009 and "ask your teacher" in (closing.extra or "")
        assert never_connected  # its ticket simply expires
        await ann.press("1")
        await wait_answers(server, "ann", 1)
        assert_students(server, ["Ann"])
        await ann.ws.close()


async def test_the_seats_file_shows_who_is_connected_and_who_left(serve: ServerFactory) -> None:
    """Connected once the page connects; within 10 s of a closed page, shown as left (the seat
    stays bound until the teacher releases it)."""
    from conftest import real_utc_now

    from quizapp.core.presence import read_seats

    server = serve()

    def seat(key: str) -> object:
        seats = read_seats(server.profiles, "backend-roles-class", real_utc_now())
        return None if seats is None else seats.seats.get(key)

    async with browser() as session:
        ann = await open_student(session, server, "Ann")
        await wait_until(lambda: getattr(seat("ann"), "connected", None) is True, "Ann connected")
        assert getattr(seat("ann"), "name", None) == "Ann"
        closed_at = time.monotonic()
        await ann.ws.close()
        await wait_until(
            lambda: getattr(seat("ann"), "connected", None) is False, "Ann left", timeout=10
        )
        assert time.monotonic() - closed_at < 10


async def test_a_late_joiner_after_the_end_is_told_and_nothing_starts(
    serve: ServerFactory,
) -> None:
    """Once the teacher ended the quiz, a student who never took it gets "The quiz has ended"
    (410): no process, no profile, no attempt; one who took it may still come back."""
    from datetime import timedelta

    from conftest import real_utc_now

    from quizapp.core.classcontrol import ControlStore

    server = serve()
    async with browser() as ann_browser, browser() as late:
        ann = await open_student(ann_browser, server, "Ann")
        await ann.ws.close()
        ControlStore(server.profiles).end_quiz(
            "backend-roles-class", real_utc_now() - timedelta(seconds=1)
        )
        async with late.get(server.page_url("Zed")) as response:
            body = await response.text()
        assert response.status == 410 and "The quiz has ended" in body
        assert not (server.profiles / "zed").exists()
        await open_page(ann_browser, server, "Ann")  # her results are still hers to see


async def test_wrong_codes_lock_out_one_name_not_the_class_and_are_never_logged(
    serve: ServerFactory,
) -> None:
    """Five wrong codes for Ann from one address, then even her right one gets 429 (with
    Retry-After); Bob behind the same address joins; the log never shows a code."""
    server = serve()
    async with browser() as session:
        for number in range(5):
            async with session.get(server.page_url("Ann", code=f"guess-{number}")) as response:
                assert response.status == 403
        async with session.get(server.page_url("Ann")) as response:
            assert response.status == 429
            assert response.headers.get("Retry-After")
            assert "classmates do not" in await response.text()
    async with browser() as bob:
        await open_page(bob, server, "Bob")
    log = server.tail(100_000)
    assert "guess-" not in log
    assert log.count(CODE) == 2  # printed once for the teacher at start, in two lines


async def test_page_tickets_count_toward_the_cap(serve: ServerFactory) -> None:
    """With --max-sessions 1 an opened page (ticket not yet used) already fills the class."""
    server = serve("--max-sessions", "1")
    async with browser() as ann, browser() as bob:
        await open_page(ann, server, "Ann")
        async with bob.get(server.page_url("Bob")) as response:
            assert response.status == 503


async def test_a_name_starting_with_a_dash_gets_its_own_session(serve: ServerFactory) -> None:
    """`-Ann` is a name, not an option: her quiz starts and her answers land in her own folder."""
    server = serve()
    async with browser() as session:
        terminal = await open_student(session, server, "-Ann")
        await terminal.press("1")
        await wait_answers(server, "-ann", 1)
        await terminal.ws.close()


@pytest.mark.skipif(not HAVE_PROC or not sys.platform.startswith("linux"), reason="Linux only")
async def test_students_die_with_the_server_even_on_sigkill(serve: ServerFactory) -> None:
    """SIGKILL of the server leaves no student process (and so no held profile lock) behind."""
    server = serve()
    async with browser() as session:
        await open_student(session, server, "Ann")
        pids = server.student_pids()
        assert len(pids) == 1
        assert server.proc is not None
        os.kill(server.proc.pid, signal.SIGKILL)
        await wait_until(lambda: not server.student_pids(), "the student process to die")


def refused_serve(profiles: Path, *options: str) -> str:
    """Run `quizapp serve` with `options`; assert it refuses with exit 2 and no traceback; its stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "serve", "--profiles", str(profiles), *options],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def test_weak_class_codes_are_refused(tmp_path: Path) -> None:
    """`--code 1` and `--code blue42` are refused before anything is served, with a stronger example."""
    for weak in ("1", "blue42"):
        assert "too easy to guess" in refused_serve(tmp_path, "--code", weak)


def test_a_port_out_of_range_is_refused_in_one_line(tmp_path: Path) -> None:
    """`--port 99999` or `--port -1`: a usage message, not an OverflowError from bind()."""
    for port in ("99999", "-1"):
        stderr = refused_serve(tmp_path, "--port", port)
        assert "--port must be from 0 to 65535" in stderr
        assert "unexpected" not in stderr


async def test_a_released_student_can_join_from_another_browser(serve: ServerFactory) -> None:
    """After the teacher releases Ann (her device died), a new browser joins as her and resumes."""
    from datetime import UTC, datetime

    from quizapp.core.classcontrol import ControlStore

    server = serve()
    async with browser() as old_device, browser() as new_device:
        ann = await open_student(old_device, server, "Ann")
        await ann.press("1")
        await wait_answers(server, "ann", 1)
        async with new_device.get(server.page_url("Ann")) as response:
            assert response.status == 409
        ControlStore(server.profiles).release(
            "backend-roles-class", "ann", datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
        )

        async def seat_free() -> bool:
            async with new_device.get(server.page_url("Ann")) as response:
                return response.status == 200

        deadline = time.monotonic() + WAIT_SECONDS
        while not await seat_free():
            assert time.monotonic() < deadline, "the seat was not released"
            await asyncio.sleep(0.3)
        resumed = await open_student(new_device, server, "Ann", "Question 2 of")
        await resumed.ws.close()


@pytest.mark.skipif(not HAVE_PROC, reason="the fork helper is for Linux-like systems")
def test_fork_helper_warm_up_answers_in_a_throwaway_folder(tmp_path: Path) -> None:
    """The helper's warm-up quiz reaches its first answer, writes nothing to the class folder
    or the temp folder it leaves, and leaves no thread running (a fork copies only one)."""
    profiles, temp, cache = tmp_path / "class", tmp_path / "tmp", tmp_path / "cache"
    profiles.mkdir()
    temp.mkdir()
    script = (
        "import threading\n"
        "from pathlib import Path\n"
        "from quizapp.launch import StudentSetup, folders\n"
        "from quizapp.zygote import _warm_up\n"
        f"setup = StudentSetup(*folders(None, None), Path('class'), Path({str(PACK)!r}))\n"
        "print(_warm_up(setup), threading.active_count())\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QUIZAPP_PROFILES": str(profiles),
            "QUIZAPP_CACHE": str(cache),
            "TMPDIR": str(temp),
        },
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "1"]
    assert list(profiles.iterdir()) == []
    assert list(temp.iterdir()) == []
