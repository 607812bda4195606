"""`quizapp serve` with a class: 30 students at once, how fast they get going and what it costs in memory.

Starts the real `quizapp serve` (a subprocess on a free 127.0.0.1 port, a temporary profiles folder,
the sample pack `questions/packs/backend-roles-class.toml`) and connects every student at the same
moment as an aiohttp client doing what the browser page does: GET the page with the class code, read
its one-time websocket URL, connect with `?width=100&height=30`, send keys as `["stdin", KEY]` text
frames. Each student then answers 3 questions (1, and Enter for a multi-select; n to go on).

Measured: per student, the time from the GET to "Question 1 of" arriving on the websocket, and from a
key to its "Answer saved" feedback; the memory of the server and of every per-student quizapp
process (VmRSS, and PSS, which shares the pages they have in common out between them); that every
student's answers are in their own attempt file; and that the processes end once the pages close.

Run: `.venv/bin/python benchmarks/bench_serve.py` (`--students N`, `--answers N`, `--timeout S`).
Only 127.0.0.1 is used. Exit status 1 when a student's session or answers went wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import codecs
import html
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from _report import machine_line, verdict

from quizapp.core.store import name_key

REPO = Path(__file__).resolve().parents[1]
PACK = REPO / "questions" / "packs" / "backend-roles-class.toml"
HOST = "127.0.0.1"
CODE = "bench-otter-maple-river"
WS_URL = re.compile(r'data-session-websocket-url="([^"]+)"')
"""Where the page names its websocket."""
FEEDBACK = ("Answer saved", "Right.", "Not quite.", "Partly right.", "Noted:")
"""What the question screen draws once an answer is saved (held back or shown at once)."""
STEP_SECONDS = 60.0
"""The longest one step of one student (first question, one answer) may take."""
THINK_SECONDS = (2.0, 6.0)
"""With --think and no range: how long a student reads a question before answering (seeded, uniform)."""
MAX_FIRST_SECONDS = 2.0
"""Target: with the whole class joining at once, every student sees question 1 within this time."""
MAX_P90_ANSWER_MS = 300.0
"""Target: p90 from a key to its answer drawn, while the class is live."""
MAX_P90_WATCHED_MS = 100.0
"""Target (issue 24): p90 from a key to its answer drawn while the teacher's live view runs."""
MAX_JOIN_CPU = 0.12
"""Target (issue 24): CPU seconds a student's join costs to reach question 1 (their process,
and their share of the helper's and the server's)."""


def first_target(students: int) -> float:
    """Target: the whole class joining at once sees question 1 within this (30: 2 s; 100: 6 s)."""
    return MAX_FIRST_SECONDS if students <= 30 else 6.0


MAX_STUDENT_PSS_MB = 20.0
"""Target: one student's quizapp process costs at most this much memory (mean PSS)."""


def set_terminal_size(fd: int, columns: int, rows: int) -> None:
    """Give a pseudo-terminal a size, as a terminal window does."""
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def free_port() -> int:
    """A port nobody listens on right now, on the loopback address."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


# ---------------------------------------------------------------- processes and memory


def process_args(pid: int) -> list[str]:
    """A process's argv from /proc, or [] when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode("utf-8", "replace") for part in raw.split(b"\0") if part]


def proc_kb(pid: int, file: str, key: str) -> int:
    """A `key:   N kB` value from /proc/<pid>/<file>, or 0 when unreadable."""
    try:
        text = Path(f"/proc/{pid}/{file}").read_text(encoding="utf-8")
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far, from /proc/<pid>/stat (0 when gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """A process's children (Linux /proc), [] when gone."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8")
    except OSError:
        return []
    return [int(part) for part in text.split()]


@dataclass
class Memory:
    """The memory of a group of processes, in kB."""

    rss: list[int] = field(default_factory=list)
    pss: list[int] = field(default_factory=list)

    def add(self, pid: int) -> None:
        self.rss.append(proc_kb(pid, "status", "VmRSS"))
        self.pss.append(proc_kb(pid, "smaps_rollup", "Pss"))

    def row(self, label: str) -> str:
        if not self.rss:
            return f"  {label:<34} {0:>5}"
        mb = 1024
        return (
            f"  {label:<34} {len(self.rss):>5} {sum(self.rss) / mb:>10.1f} "
            f"{statistics.mean(self.rss) / mb:>9.1f} {max(self.rss) / mb:>8.1f} "
            f"{sum(self.pss) / mb:>10.1f} {statistics.mean(self.pss) / mb:>9.1f}"
        )


def lock_holders(profiles: Path) -> dict[int, str]:
    """Processes holding a profile's lock file open in `profiles`: pid -> profile folder name.

    A student's quizapp holds its profile's lock while it runs, forked or started afresh.
    """
    found: dict[int, str] = {}
    marker = str(profiles.resolve()) + "/"
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
            if link.startswith(marker) and link.endswith("/.lock"):
                found[int(entry)] = Path(link).parent.name
    return found


def class_processes(
    server_pid: int, profiles: Path, helper_pid: int | None = None
) -> dict[str, list[int]]:
    """The server's processes by role: the server, the fork helper, the per-student quizapps, and
    (without the helper) their /bin/sh wrappers."""
    roles: dict[str, list[int]] = {
        "server": [server_pid],
        "helper": [helper_pid] if helper_pid else [],
        "student": sorted(lock_holders(profiles)),
        "shell": [],
    }
    marker = str(profiles)
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in (server_pid, helper_pid):
            continue
        args = process_args(int(entry))
        if args and args[0].endswith("sh") and any(marker in arg for arg in args):
            roles["shell"].append(int(entry))
    return roles


def memory_of(pids: list[int]) -> Memory:
    memory = Memory()
    for pid in pids:
        memory.add(pid)
    return memory


# ---------------------------------------------------------------- the server


@dataclass
class ServerOptions:
    """How to start `quizapp serve` for a run (the defaults: this tree, forked, no live view)."""

    fork: bool = True
    """Students forked from the pre-loaded helper (False: `--no-fork`, a fresh Python each)."""
    code: Path | None = None
    """Run the quizapp in this source tree instead of this one (e.g. a checkout of main)."""
    without: str = ""
    """quizapp's patches to Textual to turn off (`benchmarks/_patches.py`), comma-separated."""
    watch: bool = False
    """Show the teacher's live view (in a pseudo-terminal the benchmark reads and discards)."""
    profiles: Path | None = None
    """A class folder filled beforehand (e.g. with earlier attempts); default: a new one."""
    pack: Path | None = None
    """The pack served (default: the sample pack)."""

    def label(self) -> str:
        parts = ["forked" if self.fork else "--no-fork"]
        if self.code is not None:
            parts.append(f"code in {self.code}")
        if self.without:
            parts.append(f"without {self.without}")
        parts.append("live view on" if self.watch else "no live view")
        return ", ".join(parts)


class Server:
    """`quizapp serve` in its own process group, so it and its students can be stopped together."""

    def __init__(self, folder: Path, students: int, options: ServerOptions | None = None) -> None:
        options = options or ServerOptions()
        self.options = options
        self.profiles = options.profiles or folder / "profiles"
        self.log = folder / "serve.log"
        self.port = free_port()
        self._screen = b""
        start = [sys.executable, "-m", "quizapp"]
        if options.without:
            start = [sys.executable, str(REPO / "benchmarks" / "_serve_with.py")]
            start += ["--without", options.without, "--"]
        # Another source tree serves its own bank and sample pack: an older quizapp refuses the
        # fields this tree's files have gained since (a pack's start and attempts, for one).
        tree = options.code or REPO
        command = [
            *start,
            "serve",
            "--questions",
            str(tree / "questions"),
            "--seeds",
            str(tree / "seeds"),
            "--profiles",
            str(self.profiles),
            "--pack",
            str(options.pack or tree / PACK.relative_to(REPO)),
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--code",
            CODE,
            "--max-sessions",
            str(students + 1),
            # The quiz starts as each student joins (the sample pack waits in a lobby for the
            # teacher's start otherwise); a source tree from before the lobby has no such option.
            *(["--start-now"] if options.code is None else []),
            *([] if options.fork else ["--no-fork"]),
            *([] if options.watch else ["--no-watch"]),
        ]
        env = {
            **os.environ,
            "QUIZAPP_PROFILES": str(self.profiles),
            # The checked-bank cache beside the profiles, never the user's own.
            "QUIZAPP_CACHE": str(folder / "cache"),
        }
        if options.code is not None:
            env["PYTHONPATH"] = str(options.code)
        with self.log.open("wb") as log:
            if options.watch:
                import pty

                leader, follower = pty.openpty()
                set_terminal_size(follower, 120, 40)
                env["TERM"] = "xterm-256color"
                self.proc = subprocess.Popen(
                    command,
                    cwd=folder,
                    env=env,
                    stdin=follower,
                    stdout=follower,
                    stderr=follower,
                    start_new_session=True,
                )
                os.close(follower)
                self._leader = leader
                self._reader = threading.Thread(target=self._drain, args=(leader,), daemon=True)
                self._reader.start()
            else:
                self.proc = subprocess.Popen(
                    command,
                    cwd=folder,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )

    def press(self, keys: bytes) -> None:
        """Type into the live view (with --watch), as the teacher does."""
        os.write(self._leader, keys)

    def _drain(self, fd: int) -> None:
        """Read the live view's terminal (keeping its first 64 kB, where the helper's pid is)."""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            if len(self._screen) < 65536:
                self._screen += chunk

    def server_pids(self) -> list[int]:
        """The server's own processes: the one started, and (with the live view) the web
        server it forked; not the fork helper nor the students."""
        helper = self.helper_pid
        return [self.proc.pid] + [
            pid
            for pid in children(self.proc.pid)
            if pid != helper
            and not any(arg.endswith("sh") for arg in process_args(pid)[:1])
            and pid not in lock_holders(self.profiles)
        ]

    def server_cpu(self) -> float:
        """CPU seconds the server's own processes used so far."""
        return sum(cpu_seconds(pid) for pid in self.server_pids())

    def tail(self) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return (text + self._screen.decode("utf-8", "replace"))[-3000:]

    @property
    def helper_pid(self) -> int | None:
        """The pre-loaded fork helper's pid, as the server announced it (None without one)."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        text += self._screen.decode("utf-8", "replace")  # with the live view: its first 64 kB
        found = re.search(r"pre-loaded helper \(pid (\d+)\)", text)
        return int(found.group(1)) if found else None

    async def wait_listening(self, timeout: float = 30.0) -> float:
        """Wait until the server accepts connections; return how long that took."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"quizapp serve exited:\n{self.tail()}")
            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return time.perf_counter() - start
            except OSError:
                await asyncio.sleep(0.05)
        raise RuntimeError(f"quizapp serve did not listen in {timeout} s:\n{self.tail()}")

    def stop(self) -> None:
        """Ctrl+C, then (after 5 s) kill the whole process group."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait(timeout=10)
        if self.options.watch:
            try:
                os.close(self._leader)
            except OSError:
                pass


# ---------------------------------------------------------------- one student


@dataclass
class Student:
    """One simulated student and what was measured for them."""

    name: str
    first_seconds: float | None = None
    """From the GET of the page to "Question 1 of" on the websocket."""
    answer_ms: list[float] = field(default_factory=list)
    """From each answer key to its feedback being drawn."""
    error: str | None = None
    cpu_profiles: Path | None = None
    """Set to the profiles folder to read this student's process CPU time (the one alone)."""
    cpu: list[float] = field(default_factory=list)
    """CPU seconds of the student's quizapp at question 1 and after the answers."""
    think: random.Random | None = None
    """Set to a seeded random source to read each question for `think_seconds` before answering."""
    think_seconds: tuple[float, float] = THINK_SECONDS
    """The shortest and longest reading time, with `think`."""
    seen_first_at: float | None = None
    """When question 1 showed (time.perf_counter())."""
    pressed_at: list[float] = field(default_factory=list)
    """When each answer key was pressed (time.perf_counter()), beside `answer_ms`."""
    ws: aiohttp.ClientWebSocketResponse | None = None
    text: str = ""
    """What the app drew since the last `forget` (escape sequences included)."""
    decoder: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")("replace")
    )

    def forget(self) -> None:
        """Drop the text read so far: the next wait looks only at what comes after."""
        self.text = ""

    async def wait_for(self, needles: tuple[str, ...], timeout: float) -> bool:
        """Read frames until one of `needles` appears in the text; False on timeout."""
        assert self.ws is not None
        deadline = time.perf_counter() + timeout
        while not any(needle in self.text for needle in needles):
            left = deadline - time.perf_counter()
            if left <= 0:
                return False
            try:
                message = await self.ws.receive(timeout=left)
            except TimeoutError:
                return False
            if message.type == aiohttp.WSMsgType.BINARY:
                self.text += self.decoder.decode(message.data)
            elif message.type != aiohttp.WSMsgType.TEXT:
                raise RuntimeError(f"websocket ended: {message.type!r} {message.data!r}")
        return True

    async def press(self, key: str) -> None:
        assert self.ws is not None
        await self.ws.send_str(json.dumps(["stdin", key]))

    async def take_quiz(
        self, session: aiohttp.ClientSession, base: str, answers: int, gate: Gate
    ) -> None:
        """Open the page, wait for question 1 (and the gate), answer; keep the page open."""
        start = time.perf_counter()
        async with session.get(f"{base}/", params={"student": self.name, "code": CODE}) as page:
            body = await page.text()
        if page.status != 200:
            raise RuntimeError(f"page refused: {page.status}")
        found = WS_URL.search(body)
        if found is None:
            raise RuntimeError("no websocket URL in the page")
        self.ws = await session.ws_connect(html.unescape(found.group(1)) + "?width=100&height=30")
        if not await self.wait_for(("Question 1 of",), STEP_SECONDS):
            raise RuntimeError("question 1 never shown")
        self.seen_first_at = time.perf_counter()
        self.first_seconds = self.seen_first_at - start
        self.read_cpu()
        await gate.arrive(self)
        for number in range(1, answers + 1):
            if self.think is not None:
                await asyncio.sleep(self.think.uniform(*self.think_seconds))  # reading
            self.forget()
            pressed = time.perf_counter()
            await self.press("1")
            if not await self.wait_for(FEEDBACK, 5.0):
                await self.press("\r")  # a multi-select: 1 ticked, Enter submits
                if not await self.wait_for(FEEDBACK, STEP_SECONDS):
                    raise RuntimeError(f"answer {number} never saved")
            self.answer_ms.append((time.perf_counter() - pressed) * 1000)
            self.pressed_at.append(pressed)
            if number < answers:
                self.forget()
                await self.press("n")
                if not await self.wait_for((f"Question {number + 1} of",), STEP_SECONDS):
                    raise RuntimeError(f"question {number + 1} never shown")
        self.read_cpu()

    def read_cpu(self) -> None:
        """Note the CPU time of this student's quizapp process, when asked to."""
        if self.cpu_profiles is None:
            return
        for pid, folder in lock_holders(self.cpu_profiles).items():
            if folder == name_key(self.name):
                self.cpu.append(cpu_seconds(pid))

    async def run(
        self, session: aiohttp.ClientSession, base: str, answers: int, gate: Gate
    ) -> None:
        try:
            await self.take_quiz(session, base, answers, gate)
        except Exception as error:  # one student's failure is reported, not fatal
            self.error = f"{type(error).__name__}: {error}"
        finally:
            await gate.arrive(self, wait=False)


class Gate:
    """Holds the students' answers back until every one has seen question 1 (or failed).

    So the answer times are measured with the whole class's sessions live, not during their start.
    """

    def __init__(self, students: int, hold: bool = True) -> None:
        self.left = students
        self.arrived: set[str] = set()
        self.open = asyncio.Event()
        self.hold = hold
        """False: each student answers as soon as they see question 1, while others still join."""

    async def arrive(self, student: Student, *, wait: bool = True) -> None:
        if student.name not in self.arrived:
            self.arrived.add(student.name)
            self.left -= 1
            if self.left == 0:
                self.open.set()
        if wait and self.hold:
            await asyncio.wait_for(self.open.wait(), STEP_SECONDS * 2)


def saved_answers(profiles: Path, name: str) -> tuple[int, int, bool]:
    """(attempt files, answers in them, whether answers follow the attempt's question order)."""
    folder = profiles / name_key(name) / "attempts"
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    answers, in_order = 0, True
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        ids = [answer["question_id"] for answer in data.get("answers", [])]
        answers += len(ids)
        in_order = in_order and ids == data["question_ids"][: len(ids)]
    return len(files), answers, in_order


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered), round(share * len(ordered) + 0.5)) - 1)]


# ---------------------------------------------------------------- the run


@dataclass
class JoinResult:
    """A class joining at once and doing nothing else until every student saw question 1."""

    firsts: list[float]
    """Seconds from each student's GET to question 1."""
    student_cpu: list[float]
    """Each student's quizapp process: CPU seconds used to reach question 1 (and idle since)."""
    helper_cpu: float
    """The fork helper's CPU seconds over the join (the forks)."""
    server_cpu: float
    """The server's CPU seconds over the join (pages, websockets, relaying the first screens)."""
    errors: list[str]

    @property
    def per_student(self) -> float:
        """All the CPU a student's join cost: their process, and their share of helper and server."""
        if not self.student_cpu:
            return float("inf")
        return statistics.mean(self.student_cpu) + (self.helper_cpu + self.server_cpu) / len(
            self.student_cpu
        )


async def join_class(
    server: Server, session: aiohttp.ClientSession, base: str, students: int, helper: int | None
) -> JoinResult:
    """`students` open the page at the same moment and wait at question 1; measure, then leave."""
    class_ = [Student(f"Joiner {number:03d}") for number in range(1, students + 1)]
    gate = Gate(students, hold=True)
    helper_before = cpu_seconds(helper) if helper else 0.0
    server_before = server.server_cpu()
    await asyncio.gather(*(student.run(session, base, 0, gate) for student in class_))
    helper_cpu = (cpu_seconds(helper) - helper_before) if helper else 0.0
    server_cpu = server.server_cpu() - server_before
    holders = lock_holders(server.profiles)
    wanted = {name_key(student.name) for student in class_}
    student_cpu = [cpu_seconds(pid) for pid, folder in holders.items() if folder in wanted]
    for student in class_:
        if student.ws is not None:
            await student.ws.close()
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline and any(
        folder in wanted for folder in lock_holders(server.profiles).values()
    ):
        await asyncio.sleep(0.1)
    return JoinResult(
        [s.first_seconds for s in class_ if s.first_seconds is not None],
        student_cpu,
        helper_cpu,
        server_cpu,
        [f"{s.name}: {s.error}" for s in class_ if s.error],
    )


def print_join(result: JoinResult, students: int) -> None:
    """The join's rows: when question 1 showed, and what it cost in CPU per student."""
    print(
        f"  {'joining only (all wait at question 1)':<36} {'n':>5} {'median':>8} {'p90':>8} {'max':>8}"
    )
    if result.firsts:
        print(
            f"  {f'{students} at once: GET -> Question 1 (s)':<36} {len(result.firsts):>5} "
            f"{statistics.median(result.firsts):>8.2f} {percentile(result.firsts, 0.9):>8.2f} "
            f"{max(result.firsts):>8.2f}"
        )
    if result.student_cpu:
        print(
            f"  {'CPU s of a student at question 1':<36} {len(result.student_cpu):>5} "
            f"{statistics.median(result.student_cpu):>8.3f} "
            f"{percentile(result.student_cpu, 0.9):>8.3f} {max(result.student_cpu):>8.3f}"
        )
    print(
        f"  CPU s per student to reach question 1, all in: {result.per_student:.3f} (its process "
        f"{statistics.mean(result.student_cpu) if result.student_cpu else 0:.3f} + helper "
        f"{result.helper_cpu / max(1, len(result.student_cpu)):.3f} + server "
        f"{result.server_cpu / max(1, len(result.student_cpu)):.3f})"
    )
    for line in result.errors[:5]:
        print(f"  error: {line}")


async def bench(
    folder: Path,
    students: int,
    answers: int,
    options: ServerOptions,
    hold: bool = False,
    think: tuple[float, float] | None = None,
    join: bool = True,
) -> tuple[int, dict[str, float]]:
    fork = options.fork
    server = Server(folder, students, options)
    joined: JoinResult | None = None
    try:
        listen_seconds = await server.wait_listening()
        await asyncio.sleep(0.5)
        idle = memory_of([server.proc.pid])
        helper = server.helper_pid
        class_ = [
            Student(
                f"Student {number:02d}",
                think=random.Random(number) if think else None,
                think_seconds=think or THINK_SECONDS,
            )
            for number in range(1, students + 1)
        ]
        connector = aiohttp.TCPConnector(limit=students * 2)
        async with aiohttp.ClientSession(connector=connector) as session:
            base = f"http://{HOST}:{server.port}"
            alone = Student("Alone", cpu_profiles=server.profiles)
            await alone.run(session, base, answers, Gate(1))
            if alone.ws is not None:
                await alone.ws.close()
            if join:
                joined = await join_class(server, session, base, students, helper)
            gate = Gate(students, hold)
            server_cpu_before = server.server_cpu()
            own_cpu_before = time.process_time()
            started = time.perf_counter()

            async def when_all_started() -> tuple[float, float, float, float]:
                """Until every student saw question 1: wall time; CPU of the students, the server
                and this script."""
                await gate.open.wait()
                wall = time.perf_counter() - started
                pids = class_processes(server.proc.pid, server.profiles, helper)["student"]
                return (
                    wall,
                    sum(cpu_seconds(pid) for pid in pids if pid not in alone_pids),
                    server.server_cpu() - server_cpu_before,
                    time.process_time() - own_cpu_before,
                )

            alone_pids = set(class_processes(server.proc.pid, server.profiles, helper)["student"])
            watcher = asyncio.create_task(when_all_started())
            await asyncio.gather(*(student.run(session, base, answers, gate) for student in class_))
            start_wall, start_cpu_sum, start_server_cpu, start_own_cpu = await watcher
            all_done = time.perf_counter() - started
            await asyncio.sleep(1.0)  # let the last writes and redraws settle
            roles = class_processes(server.proc.pid, server.profiles, helper)
            busy_server = memory_of(server.server_pids())
            helper_memory = memory_of(roles["helper"])
            student_memory = memory_of(roles["student"])
            student_cpu = [cpu_seconds(pid) for pid in roles["student"]]
            server_cpu = server.server_cpu()
            shell_memory = memory_of(roles["shell"])
            closing = time.perf_counter()
            for student in class_:
                if student.ws is not None:
                    await student.ws.close()
            left = roles["student"]
            while left and time.perf_counter() - closing < 30:
                await asyncio.sleep(0.1)
                left = class_processes(server.proc.pid, server.profiles, helper)["student"]
            cleanup_seconds = time.perf_counter() - closing
        everyone = [alone, *class_]
        saved = {student.name: saved_answers(server.profiles, student.name) for student in everyone}
        ours = {name_key(student.name) for student in everyone}
        folders = (
            sorted(p.name for p in server.profiles.iterdir() if p.is_dir() and p.name in ours)
            if server.profiles.exists()
            else []
        )
    finally:
        server.stop()

    firsts = [s.first_seconds for s in class_ if s.first_seconds is not None]
    answer_ms = [ms for s in class_ for ms in s.answer_ms]
    last_joined = max((s.seen_first_at or 0.0 for s in class_), default=0.0)
    while_joining = [
        ms
        for s in class_
        for at, ms in zip(s.pressed_at, s.answer_ms, strict=True)
        if at < last_joined
    ]
    errors = [f"{s.name}: {s.error}" for s in everyone if s.error]
    good = [
        name
        for name, (files, count, in_order) in saved.items()
        if files == 1 and count == answers and in_order
    ]
    cpus = os.cpu_count() or 1
    alone_first = alone.first_seconds or float("inf")
    start_cpu = alone.cpu[0] if alone.cpu else float("inf")
    answer_cpu = (
        (alone.cpu[1] - alone.cpu[0]) / answers if len(alone.cpu) == 2 and answers else float("nan")
    )

    how = "forked from the pre-loaded helper" if fork else "a fresh Python each (--no-fork)"
    print(f"== students' quizapps: {how} ({options.label()})")
    print(
        f"pack {PACK.name}; server listening {listen_seconds:.2f} s after start; "
        f"one student alone first, then {students} at once; {answers} answers each, "
        + (
            "the class's answers held until every student saw question 1"
            if hold
            else "each student answering as soon as they see question 1, while others still join"
        )
        + (f", after reading {think[0]:g} to {think[1]:g} s" if think else "")
    )
    print()
    if joined is not None:
        print_join(joined, students)
        print()
    print(f"  {'per student':<36} {'n':>5} {'median':>8} {'p90':>8} {'max':>8}")
    print(f"  {'alone: GET -> Question 1 shown (s)':<36} {1:>5} {alone_first:>8.2f}")
    print(f"  {'alone: its CPU s at Question 1':<36} {1:>5} {start_cpu:>8.2f}")
    print(f"  {'alone: its CPU ms per answer':<36} {answers:>5} {answer_cpu * 1000:>8.0f}")
    if alone.answer_ms:
        print(
            f"  {'alone: key -> answer drawn (ms)':<36} {len(alone.answer_ms):>5} "
            f"{statistics.median(alone.answer_ms):>8.0f} {'':>8} {max(alone.answer_ms):>8.0f}"
        )
    if firsts:
        print(
            f"  {f'{students} at once: GET -> Question 1 (s)':<36} {len(firsts):>5} "
            f"{statistics.median(firsts):>8.2f} {percentile(firsts, 0.9):>8.2f} "
            f"{max(firsts):>8.2f}"
        )
    if answer_ms:
        print(
            f"  {f'{students} at once: key -> answer (ms)':<36} {len(answer_ms):>5} "
            f"{statistics.median(answer_ms):>8.0f} {percentile(answer_ms, 0.9):>8.0f} "
            f"{max(answer_ms):>8.0f}"
        )
    if while_joining:
        print(
            f"  {'  of which pressed while others joined':<36} {len(while_joining):>5} "
            f"{statistics.median(while_joining):>8.0f} {percentile(while_joining, 0.9):>8.0f} "
            f"{max(while_joining):>8.0f}"
        )
    if student_cpu:
        print(
            f"  {'CPU s of a student quizapp so far':<36} {len(student_cpu):>5} "
            f"{statistics.median(student_cpu):>8.2f} {percentile(student_cpu, 0.9):>8.2f} "
            f"{max(student_cpu):>8.2f}"
        )
    print(
        f"  whole class: all {answers} answers in {all_done:.1f} s; server CPU {server_cpu:.1f} s"
    )
    used = start_cpu_sum + start_server_cpu + start_own_cpu
    print(
        f"  until all saw question 1: {start_wall:.1f} s; CPU s used by the students "
        f"{start_cpu_sum:.1f}, the server {start_server_cpu:.1f}, this script {start_own_cpu:.1f}: "
        f"{used / (start_wall * cpus):.0%} of {cpus} cpus (the rest: other work on the machine, "
        "or waiting)"
    )
    print()
    print(
        f"  {'memory (MB)':<36} {'procs':>5} {'RSS sum':>10} {'RSS mean':>9} {'RSS max':>8} "
        f"{'PSS sum':>10} {'PSS mean':>9}"
    )
    print(idle.row("server, no students"))
    print(busy_server.row(f"server, {students} sessions"))
    print(helper_memory.row("pre-loaded fork helper"))
    print(student_memory.row("per-student quizapp processes"))
    print(shell_memory.row("their /bin/sh wrappers"))
    total = Memory(
        busy_server.rss + helper_memory.rss + student_memory.rss + shell_memory.rss,
        busy_server.pss + helper_memory.pss + student_memory.pss + shell_memory.pss,
    )
    print(total.row("whole class"))
    print()
    print(
        f"  saved: {len(good)}/{len(everyone)} students with exactly {answers} answers in one "
        f"attempt file of their own ({len(folders)} profile folders)"
    )
    if left:
        print(
            f"  student processes still running {cleanup_seconds:.0f} s after the pages closed: "
            f"{len(left)} of {len(roles['student'])}"
        )
    else:
        print(
            f"  all {len(roles['student'])} student processes ended {cleanup_seconds:.1f} s after "
            "the pages closed"
        )
    for line in errors[:10]:
        print(f"  error: {line}")
    print()
    mean_pss = statistics.mean(student_memory.pss) / 1024 if student_memory.pss else 0.0
    p90_answer = percentile(answer_ms, 0.9) if answer_ms else float("inf")
    print("Targets")
    if joined is not None:
        last_join = max(joined.firsts, default=float("inf"))
        limit = first_target(students)
        print(
            f"  {students} joining at once, the last to see question 1 <= {limit:.0f} s: "
            f"{last_join:.2f} s  "
            f"{verdict(len(joined.firsts) == students and last_join <= limit)}"
        )
        print(
            f"  CPU s per student to reach question 1 <= {MAX_JOIN_CPU:.2f}: "
            f"{joined.per_student:.3f}  {verdict(joined.per_student <= MAX_JOIN_CPU)}"
        )
    last_first = max(firsts, default=float("inf"))
    print(
        f"  {students} at once, the last to see question 1 <= {MAX_FIRST_SECONDS:.0f} s: "
        f"{last_first:.2f} s  {verdict(len(firsts) == students and last_first <= MAX_FIRST_SECONDS)}"
    )
    key_target = MAX_P90_WATCHED_MS if options.watch else MAX_P90_ANSWER_MS
    print(
        f"  {students} at once, p90 key -> answer < {key_target:.0f} ms"
        f"{' (live view on)' if options.watch else ''}: "
        f"{p90_answer:.0f} ms  {verdict(p90_answer < key_target)}"
    )
    print(
        f"  mean PSS of a student's quizapp < {MAX_STUDENT_PSS_MB:.0f} MB: {mean_pss:.1f} MB  "
        f"{verdict(0 < mean_pss < MAX_STUDENT_PSS_MB)}"
    )
    ok = not errors and len(good) == len(everyone) == len(folders) and not left
    ok = ok and (joined is None or not joined.errors)
    print(
        f"  every answer saved, every process ended: {verdict(ok)} (checked: exit status 1 if not)"
    )
    summary = {
        "join: last sees question 1 (s)": max(joined.firsts, default=float("inf"))
        if joined
        else float("nan"),
        "join: CPU s per student, all in": joined.per_student if joined else float("nan"),
        "join: CPU s of a student process (median)": statistics.median(joined.student_cpu)
        if joined and joined.student_cpu
        else float("nan"),
        "answering: last sees question 1 (s)": last_first,
        "answering: key -> answer p90 (ms)": p90_answer,
        "answering: key -> answer median (ms)": statistics.median(answer_ms)
        if answer_ms
        else float("nan"),
        "mean PSS of a student (MB)": mean_pss,
    }
    return (0 if ok else 1), summary


def think_range(text: str) -> tuple[float, float]:
    """`MIN-MAX` seconds, as --think takes it."""
    try:
        low, high = (float(part) for part in text.split("-"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give MIN-MAX seconds, e.g. 0.5-2") from None
    if not 0 <= low <= high:
        raise argparse.ArgumentTypeError(f"{text!r}: MIN must be 0 or more and at most MAX")
    return low, high


def history_spec(text: str) -> tuple[int, int]:
    """`STUDENTSxATTEMPTS`, as --history takes it."""
    try:
        students, attempts = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give STUDENTSxATTEMPTS, e.g. 30x20") from None
    return students, attempts


def make_history(folder: Path, spec: tuple[int, int]) -> Path:
    """A class folder of earlier students (each with earlier attempts and one open attempt at the
    pack), built once; each run gets a copy."""
    from _class_folder import build_class

    from quizapp.core.loader import load_checked_bank
    from quizapp.core.packs import load_pack

    bank = load_checked_bank(REPO / "questions", REPO / "seeds")
    pack, _ = load_pack(PACK, bank)
    assert pack is not None
    target = folder / "history"
    build_class(target, bank, pack, PACK, spec[0], spec[1], name="Earlier {:04d}")
    return target


def variants(args: argparse.Namespace) -> dict[str, ServerOptions]:
    """The server set-ups this run compares (each run in turn, round by round)."""
    watch_modes = (True, False) if args.watch_ab else (args.watch,)
    found: dict[str, ServerOptions] = {}
    for watch in watch_modes:
        view = "view on" if watch else "view off"
        found[f"this code, {view}"] = ServerOptions(watch=watch, without=args.without)
        if args.old_code:
            found[f"{args.old_code.name}, {view}"] = ServerOptions(
                watch=watch, code=args.old_code, without=args.without
            )
        if args.compare:
            found[f"--no-fork, {view}"] = ServerOptions(fork=False, watch=watch)
        if args.patches_ab:
            for without in ("one_layout", "shared_css", "one_layout,shared_css"):
                found[f"without {without}, {view}"] = ServerOptions(watch=watch, without=without)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30, help="students at once (default 30)")
    parser.add_argument("--answers", type=int, default=3, help="answers per student (default 3)")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after S seconds")
    parser.add_argument(
        "--hold",
        action="store_true",
        help="hold every answer until the whole class saw question 1 (a burst of N answers at "
        "once) instead of answering while the others join",
    )
    parser.add_argument(
        "--think",
        nargs="?",
        const=f"{THINK_SECONDS[0]:g}-{THINK_SECONDS[1]:g}",
        type=think_range,
        metavar="MIN-MAX",
        help=f"students read each question MIN to MAX seconds (seeded; default "
        f"{THINK_SECONDS[0]:g}-{THINK_SECONDS[1]:g}) before answering, as people do; without "
        "it they answer at once",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also run the same class with --no-fork (a fresh Python per student), in this run",
    )
    parser.add_argument(
        "--old-code",
        type=Path,
        metavar="DIR",
        help="also run the quizapp of another source tree (a checkout of main, say), in this run",
    )
    parser.add_argument(
        "--patches-ab",
        action="store_true",
        help="also run without each of quizapp's patches to Textual, and without both",
    )
    parser.add_argument("--without", default="", help="turn these patches off in every run")
    parser.add_argument(
        "--watch", action="store_true", help="the teacher's live view on (in a pseudo-terminal)"
    )
    parser.add_argument(
        "--watch-ab", action="store_true", help="run each set-up with the live view on and off"
    )
    parser.add_argument(
        "--history",
        type=history_spec,
        metavar="SxA",
        help="fill the class folder first with S earlier students of A earlier attempts each "
        "(e.g. 30x20, 2000x1)",
    )
    parser.add_argument(
        "--no-join", action="store_true", help="skip the joining-only round (CPU to question 1)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="rounds of every set-up")
    args = parser.parse_args()
    if not Path("/proc").is_dir():
        print("bench_serve: needs Linux /proc to find the student processes", file=sys.stderr)
        return 1
    print(machine_line())
    print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    status = 0
    runs = variants(args)
    results: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-serve-") as base_temp:
        history = make_history(Path(base_temp), args.history) if args.history else None
        if history is not None:
            print(
                f"class folder filled first: {args.history[0]} students x {args.history[1]} "
                "earlier attempts each"
            )
        for _ in range(args.rounds):
            for name, options in runs.items():
                with tempfile.TemporaryDirectory(prefix="quizapp-bench-serve-") as temp:
                    if history is not None:
                        options.profiles = Path(temp) / "profiles"
                        shutil.copytree(history, options.profiles)
                    try:
                        code, summary = asyncio.run(
                            asyncio.wait_for(
                                bench(
                                    Path(temp),
                                    args.students,
                                    args.answers,
                                    options,
                                    args.hold,
                                    args.think,
                                    join=not args.no_join,
                                ),
                                args.timeout,
                            )
                        )
                    except TimeoutError:
                        print(f"bench_serve: gave up after {args.timeout:.0f} s", file=sys.stderr)
                        return 1
                    status |= code
                    results[name].append(summary)
                print()
    if len(runs) > 1 or args.rounds > 1:
        print_summary(results)
    print(f"load average at end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return status


def print_summary(results: dict[str, list[dict[str, float]]]) -> None:
    """One table: each set-up's figures (medians over the rounds), measured in this one run."""
    names = list(results)
    rows = list(next(iter(results.values()))[0]) if results else []
    width = max(16, *(len(name) for name in names))
    print("Summary (median over rounds; every set-up measured in this one run)")
    print(f"  {'':<44}" + "".join(f" {name:>{width}}" for name in names))
    for row in rows:
        cells = []
        for name in names:
            values = [summary[row] for summary in results[name] if not math.isnan(summary[row])]
            cell = f"{statistics.median(values):.3f}" if values else "-"
            cells.append(f" {cell:>{width}}")
        print(f"  {row:<44}" + "".join(cells))


if __name__ == "__main__":
    sys.exit(main())
