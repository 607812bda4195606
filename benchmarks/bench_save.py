"""Saving an answer: does its cost stay flat as a person's history grows?

Builds profiles with 10, 100, 1,000 and 10,000 past answers (spread over finished attempts of 30
answers each, written as real attempt files with `OpenProfile.save_attempt`, the review state built
from those answers as the app builds it) plus a current attempt half answered. Then times one save of
an answer the way the app does it: `QuizSession.record` on the current attempt, which writes the
attempt file, the summary and the profile file atomically with fsync. The sizes are sampled in turn (round robin)
so drift on the machine hits them alike; between samples the in-memory state is put back untimed so
every sample saves the same answer count.

Run: `.venv/bin/python benchmarks/bench_save.py` (`--dir PATH` puts the profiles on another disk;
the default is the system temp dir).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from _history import BASE_TIME, add_past_attempts, response_for
from _report import machine_line, verdict

from quizapp.core.bank import (
    Bank,
)
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.session import FULL_SIZE, QuizSession, plan_attempt
from quizapp.core.store import ATTEMPTS_DIR, PROFILE_FILE, OpenProfile, ProfileStore

SIZES = (10, 100, 1_000, 10_000)
"""Past answers in each profile."""
SAMPLES = 1_000
"""Timed saves per size."""
WARMUP = 20
"""Untimed saves per size first."""
ANSWERED_BEFORE = FULL_SIZE // 2
"""Answers already in the current attempt when a sample is saved."""
MAX_GROWTH = 2.0
"""Target: p99 at the most answers within this factor of p99 at the fewest."""
MAX_P99_MS = 20.0
"""Target: p99 of one save under this at every size."""


def filesystem(path: Path) -> str:
    """The filesystem type `path` is on, from /proc/mounts (Linux), else "unknown"."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return "unknown"
    best, kind = "", "unknown"
    resolved = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1]
        inside = resolved == point or resolved.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, f"{fields[2]} on {fields[0]}"
    return kind


@dataclass
class Subject:
    """One profile under test: its size, open profile, session and the state to restore."""

    answers: int
    opened: OpenProfile
    session: QuizSession
    attempt_files: int
    times: list[float]
    cpu_times: list[float]

    def snapshot(self) -> None:
        """Remember the in-memory state to put back after each sample."""
        profile = self.opened.profile
        self._answers = list(self.session.attempt.answers)
        self._review = dict(profile.review)
        self._total = profile.answers_total

    def restore(self) -> None:
        """Put back the state of `snapshot` (the next save rewrites both files from it)."""
        profile = self.opened.profile
        attempt = self.session.attempt
        attempt.answers = list(self._answers)
        attempt.status = "active"
        attempt.finished = None
        profile.review = dict(self._review)
        profile.answers_total = self._total
        profile.current_attempt = attempt.id


def build(store: ProfileStore, bank: Bank, answers: int) -> Subject:
    """A profile with `answers` past answers in finished attempts of 30, and a current attempt."""
    opened = store.open(f"Bench {answers}")
    profile = opened.profile
    number = add_past_attempts(opened, bank, answers)
    now = BASE_TIME + timedelta(hours=number + 1)
    current = plan_attempt(bank, profile, "full", seed=number, now=now)
    session = QuizSession.start(bank, opened, current)
    for index in range(ANSWERED_BEFORE):
        question = session.current()
        assert question is not None
        session.record(response_for(question, index % 3 != 0))
    subject = Subject(answers, opened, session, number, [], [])
    subject.snapshot()
    return subject


def sample(subject: Subject, index: int) -> tuple[float, float]:
    """Wall and CPU seconds one `QuizSession.record` takes (one answer saved), state restored first."""
    subject.restore()
    question = subject.session.current()
    assert question is not None
    response = response_for(question, index % 2 == 0)
    wall, cpu = time.perf_counter(), time.process_time()
    subject.session.record(response)
    return time.perf_counter() - wall, time.process_time() - cpu


def load_average() -> str:
    """The 1-minute load average (other work on the machine skews the tail)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def p99(values: list[float]) -> float:
    """The 99th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, help="make the temp profiles folder inside DIR")
    args = parser.parse_args()

    bank = load_checked_bank(default_questions_dir(), default_seeds_dir())
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-save-", dir=args.dir) as temp:
        folder = Path(temp)
        print(machine_line())
        print(f"profiles: {folder} ({filesystem(folder)}); bank: {len(bank)} questions")
        print(f"load average at start: {load_average()}")
        print()
        store = ProfileStore(folder / "profiles")
        subjects = [build(store, bank, answers) for answers in SIZES]
        try:
            gc.collect()
            for index in range(WARMUP + SAMPLES):
                for subject in subjects:
                    wall, cpu = sample(subject, index)
                    if index >= WARMUP:
                        subject.times.append(wall)
                        subject.cpu_times.append(cpu)
        finally:
            for subject in subjects:
                subject.opened.close()

        print(
            f"One answer saved with QuizSession.record (attempt file, summary, profile file; atomic, fsync), "
            f"{SAMPLES} samples per size after {WARMUP} warm-up, current attempt at "
            f"{ANSWERED_BEFORE}/{FULL_SIZE}; wall clock, and the median CPU time of this process "
            "(the code's own work, without waiting for the disk)"
        )
        header = (
            f"{'past answers':>12} {'attempt files':>13} {'profile.toml':>12} {'attempt.toml':>12} "
            f"{'median ms':>9} {'p99 ms':>7} {'max ms':>7} {'cpu ms':>6}   "
            f"target p99 < {MAX_P99_MS:.0f} ms"
        )
        print(header)
        print("-" * len(header))
        p99s: list[float] = []
        for subject in subjects:
            person = subject.opened.folder
            profile_bytes = (person / PROFILE_FILE).stat().st_size
            attempt_bytes = subject.opened.attempt_path(subject.session.attempt.id).stat().st_size
            files = len(list((person / ATTEMPTS_DIR).glob("*.toml")))
            median_ms = statistics.median(subject.times) * 1000
            high_ms = p99(subject.times) * 1000
            p99s.append(high_ms)
            print(
                f"{subject.answers:>12,} {files:>13} {profile_bytes:>10} B {attempt_bytes:>10} B "
                f"{median_ms:>9.2f} {high_ms:>7.2f} {max(subject.times) * 1000:>7.2f} "
                f"{statistics.median(subject.cpu_times) * 1000:>6.2f}   "
                f"{verdict(high_ms < MAX_P99_MS)}"
            )
    print(f"load average at end: {load_average()}")
    print()
    growth = p99s[-1] / p99s[0]
    print("Targets")
    print(
        f"  p99 at {SIZES[-1]:,} answers within {MAX_GROWTH:.0f}x of p99 at {SIZES[0]}: "
        f"{p99s[-1]:.2f} / {p99s[0]:.2f} = {growth:.2f}x  {verdict(growth <= MAX_GROWTH)}"
    )
    print(
        f"  p99 < {MAX_P99_MS:.0f} ms at every size: "
        f"{', '.join(f'{value:.2f}' for value in p99s)} ms  "
        f"{verdict(all(value < MAX_P99_MS for value in p99s))}"
    )


if __name__ == "__main__":
    main()
