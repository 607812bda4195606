"""A class quiz's rules under `quizapp serve`, at the protocol level (the real server, a student as
an aiohttp client reading the screen): the lobby and the teacher's start, results held back
until the class ends and then shown by themselves."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import real_utc_now
from test_serve import (
    CODE,
    HOST,
    PACK,
    REPO,
    START_SECONDS,
    ServeProcess,
    ServerFactory,
    Terminal,
    browser,
    free_port,
    open_page,
    open_student,
    wait_answers,
    wait_until,
)

from quizapp.core.classcontrol import ControlStore
from quizapp.core.presence import read_waiting

TWO_QUESTIONS = (
    'id = "two-step"\ntitle = "Two steps"\norder = "fixed"\nshuffle_choices = false\n'
    'questions = ["duty-backend-frontend-split", "duty-restaurant-analogy-kitchen"]\n'
)
"""A class pack of two single-choice questions, in order (the rules are added per test)."""


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


def two_question_pack(folder: Path, rules: str) -> Path:
    """The two-question pack with `rules` (TOML lines) in a file of its own."""
    path = folder / "two-step.toml"
    path.write_text(TWO_QUESTIONS + rules, encoding="utf-8")
    return path


async def test_browser_students_wait_in_the_lobby_until_the_teacher_starts(
    serve: ServerFactory,
    tmp_path: Path,
) -> None:
    """Without --start-now a student sees the lobby (and is noted as waiting, no attempt made);
    once the teacher starts, the first question comes by itself."""
    server = serve("--lobby")
    async with browser() as session:
        ann = await open_student(session, server, "Ann", needle="Waiting for your teacher")
        await wait_until(lambda: read_waiting(server.profiles / "ann") is not None, "noted")
        assert not (server.profiles / "ann" / "attempts").exists()
        ControlStore(server.profiles).start_quiz("backend-roles-class", real_utc_now())
        await ann.wait_for("Question 1 of")
        await ann.press("1")
        await wait_answers(server, "ann", 1)
        await ann.ws.close()


@pytest.mark.parametrize("key", ["1"])
async def test_results_are_held_back_until_the_class_ends_then_appear(
    serve: ServerFactory,
    tmp_path: Path,
    key: str,
) -> None:
    """The first to finish reads "Submitted" and no score while a classmate is still answering;
    when the teacher ends the quiz the results appear on the page by themselves."""
    pack = two_question_pack(tmp_path, 'start = "immediate"\nfeedback = "end"\n')
    server = serve("--pack", str(pack))
    async with browser() as ann_browser, browser() as bob_browser:
        ann = await open_student(ann_browser, server, "Ann")
        bob = await open_student(bob_browser, server, "Bob")
        for number in (1, 2):
            mark = len(ann.text)
            await ann.press(key)
            await ann.wait_for("Answer saved", since=mark)
            await ann.press("n")
            if number == 1:
                await ann.wait_for("Question 2 of", since=mark)
        await ann.wait_for("Submitted: your results come when the class ends.")
        shown = len(ann.text)
        assert "You scored" not in ann.text
        ControlStore(server.profiles).end_quiz("two-step", real_utc_now())
        await ann.wait_for("You scored", since=shown)
        await bob.wait_for("ended")  # Bob's quiz closes too, his answers kept
        await ann.ws.close()
        await bob.ws.close()


async def test_a_page_for_a_joined_name_loaded_and_never_connected_binds_nothing(
    serve: ServerFactory,
) -> None:
    """Loading a classmate's link (never connecting) leaves the name free for its owner."""
    server = serve()
    async with browser() as preview, browser() as owner:
        await open_page(preview, server, "Cara")
        cara = await open_student(owner, server, "Cara")
        assert isinstance(cara, Terminal)
        await cara.ws.close()


class ServeInTerminal(ServeProcess):
    """`quizapp serve` in a pseudo-terminal, so it shows the teacher's live view while the web
    server runs in a forked process of its own (as in a real lesson): what the view shows is
    read from the bytes it writes to the terminal."""

    def __init__(self, folder: Path, *extra: str) -> None:
        super().__init__(folder, *extra)
        self.screen = bytearray()
        """Everything the live view wrote to the terminal so far."""
        self._leader = -1
        self._reader: threading.Thread | None = None

    def start(self) -> ServeInTerminal:
        import fcntl
        import pty
        import struct
        import termios

        self.port = free_port()
        self._leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
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
            "--start-now",
        ]
        env = {**os.environ, "QUIZAPP_PROFILES": str(self.profiles), "TERM": "xterm-256color"}
        env.pop("ACCESSIBLE", None)
        self.proc = subprocess.Popen(
            command,
            cwd=self.log.parent,
            env=env,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            start_new_session=True,
        )
        os.close(follower)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline and self.proc.poll() is None:
            with contextlib.suppress(OSError):
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return self
            time.sleep(0.05)
        raise AssertionError(f"the server never listened:\n{self.screen[-2000:]!r}")

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.screen += chunk

    def stop(self, grace: float = 3.0) -> None:
        super().stop(grace)
        with contextlib.suppress(OSError):
            os.close(self._leader)
        if self._reader is not None:
            self._reader.join(timeout=5)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal (Linux)")
async def test_the_live_view_shows_a_closed_tab_as_left_within_10_seconds(
    tmp_path: Path,
) -> None:
    """`quizapp serve` in a terminal: the live view runs apart from the forked web server, yet a
    student answering is counted as answering and, within 10 s of their tab closing, as left
    (the server writes who is connected to the class folder; the view reads it)."""
    server = ServeInTerminal(tmp_path)
    try:
        server.start()
        async with browser() as session:
            await wait_until(lambda: b"joined" in server.screen, "the live view is drawn")
            ann = await open_student(session, server, "Ann")
            await ann.press("1")
            await wait_answers(server, "ann", 1)
            await wait_until(lambda: b"1 answering" in server.screen, "Ann shown answering")
            mark = len(server.screen)
            closed_at = time.monotonic()
            await ann.ws.close()
            await wait_until(
                lambda: b"1 left" in server.screen[mark:], "Ann shown as left", timeout=10
            )
            assert time.monotonic() - closed_at < 10
    finally:
        server.stop()
