"""Crash safety: kill a process that is saving answers, at random moments, and lose nothing acknowledged."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from quizapp.core.history import SUMMARY_FILE, read_summary
from quizapp.core.store import ProfileStore

CHILD = Path(__file__).resolve().with_name("crash_child.py")
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
LANES = 2
"""Children killed side by side, each on its own profile."""
KILLS_PER_LANE = 100
"""Kills per lane; LANES * KILLS_PER_LANE >= 200."""
EARLY_KILL_SHARE = 0.2
"""Share of kills at any moment from start-up on (opening, creating, loading); the rest while answering."""
MAX_ACKS_BEFORE_KILL = 6
"""A child answering is killed after 0 to this many acknowledged saves, a random instant later."""


@dataclass
class Lane:
    """One profile being answered and killed over and over."""

    store: ProfileStore
    name: str
    questions: Path
    rng: random.Random
    acked: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    """Attempt id -> every acknowledged answer line for it, across all children."""
    total_acked: int = 0
    kills: int = 0
    temp_files_seen: int = 0
    summaries_matching: int = 0

    @property
    def folder(self) -> Path:
        return self.store.person_folder(self.name)


def check_attempt(lane: Lane, attempt_id: str) -> None:
    """The attempt file loads and holds every acknowledged answer to it."""
    attempt = lane.store.read_attempt(lane.folder / "attempts" / f"{attempt_id}.toml")
    saved = [(answer.question_id, answer.response) for answer in attempt.answers]
    for line in lane.acked[attempt_id]:
        assert (line["question"], line["response"]) in saved, (
            f"acknowledged answer lost after kill {lane.kills}: {line}"
        )


def check_after_kill(lane: Lane, touched: set[str], last_total: int | None) -> None:
    """After a kill: the profile loads, counts every acknowledged answer, and its attempts hold them."""
    if not (lane.folder / "profile.toml").exists():
        assert lane.total_acked == 0, "profile.toml vanished after answers were acknowledged"
        return
    profile = lane.store.read_profile(lane.folder)
    assert profile.answers_total >= lane.total_acked
    if last_total is not None:
        assert profile.answers_total >= last_total
    if profile.current_attempt:
        touched = touched | {profile.current_attempt}
    for attempt_id in touched:
        check_attempt(lane, attempt_id)
    paths = lane.store.attempt_paths(lane.folder)
    for path in paths:
        assert not path.name.startswith("."), f"temp file listed as an attempt: {path.name}"
        assert path.suffix == ".toml", path.name
    temp_files = [path.name for path in (lane.folder / "attempts").glob(".*")]
    lane.temp_files_seen += len(temp_files)
    assert not set(temp_files) & {path.name for path in paths}
    # A summary of past attempts that still matches the files after a kill is exactly right;
    # one that does not is rebuilt at the next open.
    summary = read_summary(lane.folder / SUMMARY_FILE)
    if summary is not None and summary.matches(lane.folder / "attempts"):
        assert summary == lane.store.build_history(lane.folder), f"kill {lane.kills}"
        lane.summaries_matching += 1


class ForkServer:
    """crash_child.py's fork server: children forked from a process that has already imported
    quizapp and loaded the bank, so 200 kills cost seconds, not a minute of start-ups."""

    def __init__(self, questions: Path, scratch: Path) -> None:
        scratch.mkdir(parents=True, exist_ok=True)
        self.scratch = scratch
        self.errors = scratch / "stderr.txt"
        with self.errors.open("w") as errors:
            self.process = subprocess.Popen(
                [sys.executable, str(CHILD), "fork-server", str(questions), str(SEEDS)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
        self.forked = 0

    def ask(self, line: str) -> str:
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(line + "\n")
        process.stdin.flush()
        reply = process.stdout.readline().strip()
        if not reply:
            pytest.fail(f"the fork server stopped:\n{self.errors.read_text()}")
        return reply

    def fork(self, store: ProfileStore, name: str, seed: int) -> tuple[int, Path]:
        """Fork a child answering on `name`'s profile; its pid and the pipe it writes to."""
        self.forked += 1
        fifo = self.scratch / f"child{self.forked}"
        os.mkfifo(fifo)
        pid = int(self.ask(f"answer {store.folder} {name} {seed} {fifo}"))
        return pid, fifo

    def wait(self, pid: int) -> int:
        """The child's wait status (os.waitpid's)."""
        return int(self.ask(f"wait {pid}"))

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


def run_child_once(lane: Lane, server: ForkServer) -> None:
    """Fork a child answering on the lane's profile, SIGKILL it at a random moment, check the files."""
    pid, fifo = server.fork(lane.store, lane.name, lane.rng.randrange(2**31))
    early: list[str] = []
    with fifo.open(encoding="utf-8") as output:
        if lane.rng.random() < EARLY_KILL_SHARE:
            # a forked child opens the profile within milliseconds: kill it while it does
            time.sleep(lane.rng.uniform(0.0, 0.03))
        else:
            ready = output.readline()
            if not ready.startswith("READY"):
                os.kill(pid, signal.SIGKILL)
                server.wait(pid)
                pytest.fail(f"child did not start: {ready!r}\n{server.errors.read_text()}")
            # let it acknowledge a few saves, then kill it somewhere inside a later one
            early = [output.readline() for _ in range(lane.rng.randrange(MAX_ACKS_BEFORE_KILL + 1))]
            time.sleep(lane.rng.uniform(0.0, 0.02))
        os.kill(pid, signal.SIGKILL)
        rest = output.read()
    fifo.unlink()
    status = server.wait(pid)
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        pytest.fail(f"child ended by itself ({status}):\n{server.errors.read_text()}")
    lane.kills += 1
    lines = [json.loads(line) for line in [*early, *rest.splitlines()] if line[:1] == "{"]
    for line in lines:
        lane.acked[line["attempt"]].append(line)
    lane.total_acked += len(lines)
    touched = {line["attempt"] for line in lines}
    check_after_kill(lane, touched, lines[-1]["total"] if lines else None)


def run_lane(lane: Lane, stop: threading.Event, scratch: Path) -> Lane:
    """Kill and check KILLS_PER_LANE children in turn, then check every attempt once more."""
    server = ForkServer(lane.questions, scratch)
    try:
        for _ in range(KILLS_PER_LANE):
            if stop.is_set():
                break
            run_child_once(lane, server)
        for attempt_id in lane.acked:
            check_attempt(lane, attempt_id)
        for path in lane.store.attempt_paths(lane.folder):
            lane.store.read_attempt(path)
        # Opened once more, the profile has caught up with its attempt files after every kill.
        with lane.store.open(lane.name) as reopened:
            leftovers = [path.name for path in lane.folder.rglob("*.tmp")]
            assert leftovers == [], f"temp files left after reopening: {leftovers}"
            counted = sum(len(a.answers) for _, a, _ in reopened.attempts() if a is not None)
            assert reopened.profile.answers_total >= counted >= lane.total_acked
            current = reopened.current_attempt()
            assert current is None or current.is_open
            assert reopened.history() == lane.store.build_history(lane.folder)
            assert read_summary(lane.folder / SUMMARY_FILE) == reopened.history()
    except BaseException:
        stop.set()
        raise
    finally:
        server.close()
    return lane


@pytest.mark.slow
def test_sigkill_never_loses_an_acknowledged_answer(tmp_path: Path, tiny_bank_dir: Path) -> None:
    """200+ SIGKILLs at random moments while saving: every acknowledged answer loads afterwards."""
    store = ProfileStore(tmp_path / "profiles")
    lanes = [
        Lane(store, f"crash_{index}", tiny_bank_dir / "questions", random.Random(index))
        for index in range(LANES)
    ]
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=LANES) as pool:
        futures = [
            pool.submit(run_lane, lane, stop, tmp_path / f"lane{index}")
            for index, lane in enumerate(lanes)
        ]
        done = [future.result() for future in futures]
    assert sum(lane.kills for lane in done) >= 200
    for lane in done:
        # the kills must have landed while answers were being saved, not only at start-up
        assert lane.total_acked > KILLS_PER_LANE
        assert lane.temp_files_seen > 0  # some kills interrupted a write half-way
        assert len(lane.acked) > 1
        assert lane.summaries_matching > 0  # most kills left a summary that still matched
        assert store.read_profile(lane.folder).answers_total >= lane.total_acked
