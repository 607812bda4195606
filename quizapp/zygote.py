"""A pre-loaded quizapp that forks one child per browser student, instead of starting a fresh Python.

Starting a student's quizapp from nothing costs a quarter of a CPU-second (0.7 when a whole class
joins at once on two cores): the interpreter, Textual, quizapp and the bank. `quizapp serve` starts
this helper once, before its web server makes any thread. The helper imports all of that, reads the
checked bank, runs one throwaway student's quiz to its first answer (so what a quiz builds and
touches first is built once: see `_warm_up`), freezes what it built out of the garbage
collector's way (so the children share those pages copy-on-write) and waits on a Unix socket.
For each student the server sends the student's name, terminal size and three pipe ends (their
stdin, stdout and stderr); the helper forks a child that makes those pipes its standard streams and
runs quizapp for that student, and answers with the child's pid. Children are reaped as they end;
the helper dies with the server and the children with the helper, even on SIGKILL (Linux). Where
`fork` is missing, the server starts each student with a fresh Python as before, and says so.

When a whole class joins at once, the children take turns to start (`StartTurns`): as many build
their first screen at a time as there are CPUs, first come first served, and the rest wait. Started
all together they would share the CPUs with each other and with the students already answering,
so every key press waited behind a crowd of start-ups. Measured A/B in bench_serve (30 students
answering as each question shows, 2 CPUs): p90 key to answer 570-736 ms -> 60-85 ms. Question 1
came later for the last students (2.2-2.5 s instead of 1.7-1.95), since the answers no longer wait
for the start-ups; one layout per change and the shared parsed CSS (`quizapp.ui.one_layout`,
`quizapp.ui.shared_css`) brought it back under 2 s. Turns beyond the CPU count were slower (3: the
last saw question 1 later and keys took twice as long).
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from quizapp.launch import StudentSetup, set_parent_death_signal

if TYPE_CHECKING:
    from pathlib import Path

    from textual.pilot import Pilot

SHARED_ENVIRONMENT = {
    "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
    "TEXTUAL_FPS": "60",
    "TEXTUAL_COLOR_SYSTEM": "truecolor",
    "TERM_PROGRAM": "textual",
}
"""What textual-serve sets for every app it starts, the same for every student."""
MAX_REQUEST_BYTES = 64 * 1024
"""The largest request the helper reads: a name, a size and a few settings."""
TURN_SECONDS = 2.0
"""A child that has not drawn its first screen this long after its turn began no longer holds up
the queue (a stuck start never blocks the class)."""
CHILD_WAIT_SECONDS = 30.0
"""The longest a child waits for its turn before it starts anyway (the helper never answered)."""
TURN_GRANTED = b"g"
TURN_DONE = b"r"


def start_turns_available() -> int:
    """How many children may start at once: the CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class StartTurns:
    """The children waiting to start, first come first served, at most `limit` starting at once.

    Each child has one end of a socket pair; the helper keeps the other. The helper sends
    `TURN_GRANTED` when the child's turn comes; the child sends `TURN_DONE` once its first screen is
    up. A child that ends (its end closes) or outlasts `TURN_SECONDS` frees its turn too.
    """

    def __init__(
        self,
        limit: int,
        clock: Callable[[], float] = time.monotonic,
        on_close: Callable[[socket.socket], object] = lambda _connection: None,
    ) -> None:
        self.limit = limit
        """How many children may start at once."""
        self.waiting: deque[socket.socket] = deque()
        """Children not yet given a turn, oldest first."""
        self.starting: dict[socket.socket, float] = {}
        """Children given a turn, with when it ends at the latest."""
        self.clock = clock
        self.on_close = on_close
        """Called with a child end just before the helper closes it (to stop watching it)."""

    def connections(self) -> list[socket.socket]:
        """Every child end the helper still holds (a new child closes them all)."""
        return [*self.waiting, *self.starting]

    def add(self, connection: socket.socket) -> None:
        """A new child joins the queue."""
        self.waiting.append(connection)
        self.grant()

    def finished(self, connection: socket.socket) -> None:
        """The child said its first screen is up, or ended: its turn (or place) is free."""
        self.starting.pop(connection, None)
        with contextlib.suppress(ValueError):
            self.waiting.remove(connection)
        self._close(connection)
        self.grant()

    def _close(self, connection: socket.socket) -> None:
        self.on_close(connection)
        connection.close()

    def expire(self) -> None:
        """Free the turns that outlasted `TURN_SECONDS` (their children go on, uncounted)."""
        now = self.clock()
        for connection, ends in list(self.starting.items()):
            if ends <= now:
                self.finished(connection)

    def next_expiry(self) -> float | None:
        """Seconds until the next turn outlasts `TURN_SECONDS`; None when no one is starting."""
        if not self.starting:
            return None
        return max(0.0, min(self.starting.values()) - self.clock())

    def grant(self) -> None:
        """Give turns to the oldest waiting children while there are turns free."""
        while self.waiting and len(self.starting) < self.limit:
            connection = self.waiting.popleft()
            try:
                connection.send(TURN_GRANTED)
            except OSError:  # the child is already gone
                self._close(connection)
                continue
            self.starting[connection] = self.clock() + TURN_SECONDS


def fork_available() -> bool:
    """Whether students can be started by fork here (Linux and other Unixes with fork and fd passing)."""
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and sys.platform != "darwin"


def _die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (Linux; elsewhere a no-op)."""
    set_parent_death_signal(signal.SIGKILL)


def _preload(setup: StudentSetup) -> None:
    """Import everything a student's quizapp needs and check the bank once, then freeze it all."""
    import concurrent.futures.thread  # noqa: F401  (the bank check's worker thread)
    import queue  # noqa: F401

    import filelock  # noqa: F401
    import fsrs  # noqa: F401
    import textual.drivers.headless_driver  # noqa: F401  (imported by App.run even when unused)
    import textual.drivers.web_driver  # noqa: F401
    import textual.layouts.factory  # noqa: F401
    import textual.layouts.horizontal  # noqa: F401
    import textual.layouts.stream  # noqa: F401
    import textual.pilot  # noqa: F401  (imported by App.run even without a pilot)
    import textual.scrollbar  # noqa: F401
    import tomli_w  # noqa: F401
    from rich.cells import cell_len

    # What every student's quizapp imports once it runs: imported here, their pages are shared.
    import quizapp.core.packs  # noqa: F401
    import quizapp.core.spaced  # noqa: F401
    import quizapp.ui.screens.too_small  # noqa: F401

    # Loads rich's character-width code and the table of the Unicode version the children use
    # (the same "auto" version a child asks for: a wide character needs the table), once.
    cell_len("é漢")

    import quizapp.ui.app  # noqa: F401  (the app, its screens and Textual)
    from quizapp.ui import shared_css

    shared_css.install()  # the warm-up's parsed CSS serves every child
    import quizapp.ui.screens.home  # noqa: F401
    import quizapp.ui.screens.question  # noqa: F401
    import quizapp.ui.screens.results  # noqa: F401
    import quizapp.ui.screens.welcome  # noqa: F401
    from quizapp.core.library import Library, preload
    from quizapp.core.locations import default_cache_dir

    # Checked once here and shared: every child finds this bank (same folders and digest)
    # instead of building its own copy from the cache.
    with contextlib.suppress(Exception):
        preload(Library(setup.questions_dir, setup.seeds_dir, default_cache_dir()))
    _warm_up(setup)
    gc.collect()
    gc.freeze()


def _warm_up(setup: StudentSetup) -> bool:
    """Run one student's quiz to its first answer, headless, in a throwaway folder; True if it got there.

    What a child would otherwise build and touch first is built here once and shared: Python's
    specialised bytecode, Textual's and rich's caches, the modules loaded on first use. Measured
    A/B in bench_serve (30 students): 20.7 -> 18.9 MB PSS per student, and the last to see
    question 1 about 0.2 s sooner. Its files go to a temporary folder (never the class's, never
    the user's cache notes) and are gone before any child starts; nothing it prints is shown.
    """
    import tempfile
    import threading
    from pathlib import Path

    from quizapp.core.locations import default_cache_dir
    from quizapp.core.store import ProfileStore
    from quizapp.ui.app import make_app
    from quizapp.ui.screens.question import QuestionScreen

    answered = False
    with tempfile.TemporaryDirectory(prefix="quizapp-warm-up-") as folder:
        if setup.pack is not None:
            _start_class(Path(folder), setup.pack)
        app = make_app(
            profiles_dir=Path(folder),
            questions_dir=setup.questions_dir,
            seeds_dir=setup.seeds_dir,
            cache_dir=default_cache_dir(),  # the bank's cache only: the store below has none
            store=ProfileStore(Path(folder)),
            profile_name="warm up",
            pack_path=setup.pack,
            class_student=True,
        )

        async def answer_one(pilot: Pilot[object]) -> None:
            nonlocal answered
            for _ in range(500):
                if isinstance(app.screen, QuestionScreen):
                    break
                await pilot.pause(0.01)
            screen = app.screen
            if isinstance(screen, QuestionScreen):
                await pilot.press("1")
                if not screen.answered:
                    await pilot.press("enter")  # a multi-select: 1 ticked, Enter submits
                answered = screen.answered
                await pilot.press("n")
                await pilot.pause(0.05)
            app.exit()

        saved_stderr = os.dup(2)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), 2)
            with contextlib.suppress(Exception):
                app.run(headless=True, size=(100, 30), auto_pilot=answer_one)
        finally:
            os.dup2(saved_stderr, 2)
            os.close(saved_stderr)
        # A fork copies only the calling thread: any thread still holding a lock would leave it
        # held in every child.
        for thread in threading.enumerate():
            if thread is not threading.main_thread():
                thread.join(timeout=5)
    return answered


def _start_class(folder: Path, pack_path: Path) -> None:
    """Start the pack's class quiz in the warm-up's own folder, so its lobby (`start = "teacher"`)
    lets it through to the first question, as a started class does."""
    from quizapp.core.classcontrol import ControlError, ControlStore
    from quizapp.core.formats import utc_now
    from quizapp.core.loader import load_model_file
    from quizapp.core.packs import Pack

    pack, _ = load_model_file(pack_path, Pack)
    if pack is not None:
        with contextlib.suppress(ControlError, OSError):
            ControlStore(folder).start_quiz(pack.id, utc_now())


def _reap(*_signal: object) -> None:
    """Collect every child that has ended, so none is left a zombie."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _wait_for_turn(turn: socket.socket) -> Callable[[], None]:
    """In a child: wait until the helper says it may start; return what to call once its first
    screen is up (it tells the helper the turn is free)."""
    turn.settimeout(CHILD_WAIT_SECONDS)
    with contextlib.suppress(OSError):  # a timeout, or the helper is gone: start anyway
        turn.recv(1)

    def first_screen_up() -> None:
        with contextlib.suppress(OSError):
            turn.send(TURN_DONE)
        turn.close()

    return first_screen_up


def _run_child(
    request: dict[str, object], fds: list[int], setup: StudentSetup, turn: socket.socket
) -> None:
    """In the forked child: take the pipes as standard streams, wait for a turn to start and run
    quizapp for one student."""
    _die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    environment = request.get("env")
    if isinstance(environment, dict):
        os.environ.update({str(key): str(value) for key, value in environment.items()})
    import random

    random.seed()  # each child its own random state, not the helper's
    gc.enable()
    from quizapp.launch import run_student

    code = 1
    try:
        # The name is checked like any --profile NAME.
        code = run_student(setup, str(request.get("student", "")), _wait_for_turn(turn))
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        os._exit(code)


def serve_forks(channel: socket.socket, setup: StudentSetup) -> None:
    """The helper's loop: fork a student's quizapp for each request until the server goes away."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle
    # Textual reads these once, when first imported: they must be set before the preload.
    os.environ.update(SHARED_ENVIRONMENT)
    _preload(setup)
    signal.signal(signal.SIGCHLD, _reap)
    selector = selectors.DefaultSelector()
    selector.register(channel, selectors.EVENT_READ)
    turns = StartTurns(
        start_turns_available(),
        on_close=selector.unregister,
    )
    while True:
        for key, _events in selector.select(turns.next_expiry()):
            if key.fileobj is channel:
                _serve_one_request(channel, setup, turns, selector)
            else:
                connection = key.fileobj
                assert isinstance(connection, socket.socket)
                turns.finished(connection)  # its first screen is up, or it ended
        turns.expire()


def _serve_one_request(
    channel: socket.socket,
    setup: StudentSetup,
    turns: StartTurns,
    selector: selectors.BaseSelector,
) -> None:
    """Read one request from the server and fork its child (or answer -1 to a bad one)."""
    try:
        message, fds, _, _ = socket.recv_fds(channel, MAX_REQUEST_BYTES, 3)
    except InterruptedError:
        return
    except OSError:
        os._exit(0)
    if not message:
        os._exit(0)  # the server closed its end
    try:
        request = json.loads(message)
        if not isinstance(request, dict) or len(fds) != 3:
            raise ValueError("a request is a JSON object and three pipe ends")
    except ValueError:
        for fd in fds:
            os.close(fd)
        channel.sendall(b"-1\n")
        return
    helper_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        channel.close()
        selector.close()
        helper_end.close()
        for connection in turns.connections():
            connection.close()  # other children's: only the helper holds those
        _run_child(request, fds, setup, child_end)
    child_end.close()
    for fd in fds:
        os.close(fd)
    selector.register(helper_end, selectors.EVENT_READ)  # TURN_DONE, or the end closing
    turns.add(helper_end)
    channel.sendall(f"{pid}\n".encode())


class Zygote:
    """The server's handle on the helper: start it once, then ask it for one student process at a time."""

    def __init__(self, setup: StudentSetup) -> None:
        """Fork the helper now, while the server is still a single thread.

        Args:
            setup: what every student shares (folders, pack); each request adds the name.
        """
        server_end, helper_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            server_end.close()
            try:
                serve_forks(helper_end, setup)
            finally:
                os._exit(0)
        helper_end.close()
        self.pid = pid
        """The helper's pid."""
        self._channel = server_end
        self._replies = server_end.makefile("rb")

    def spawn(self, student: str, env: dict[str, str], fds: Sequence[int]) -> int:
        """Start one student's quizapp on the given stdin, stdout and stderr pipe ends; return its pid.

        Blocking (a fork takes milliseconds); call it from one place at a time.

        Raises:
            OSError: the helper is gone or refused the request.
        """
        request = json.dumps({"student": student, "env": env}).encode()
        socket.send_fds(self._channel, [request], list(fds))
        reply = self._replies.readline()
        if not reply:
            raise OSError("the pre-loaded quizapp helper is gone")
        pid = int(reply)
        if pid < 0:
            raise OSError("the pre-loaded quizapp helper refused the request")
        return pid

    def close(self) -> None:
        """Stop the helper (its children die with it)."""
        with contextlib.suppress(OSError):
            self._channel.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
