"""Key to screen: how long from a key press until its result is visible in a real terminal.

Builds a profile with 1,000 past answers (finished attempts of 30, written as real attempt files
with `OpenProfile.save_attempt`, review state and `answers_total` as the app keeps them), then runs
`quizapp --profile bench --mode quick --seed N` in a 100x30 tmux pane (its own server:
`tmux -L bench-keys`, killed at the end) and, question after question:

* answer: presses a number key (for a multi-select: ticks with `1` untimed, then times Enter) and
  times until the feedback ("✓ Right" / "✗ Not quite" / "● Noted" / "✓ Answer saved" /
  "✗ Partly right") is visible in `capture-pane` AND the attempt file holds one more answer;
* next: presses `n` and times until "Question K of" with the next K is visible (on the last
  question, until the results' "You scored" is visible: reported on its own row).

A quiz that ends is quit with ctrl+q and the next is started with the next seed, until at least
`--presses` answers are timed. The pane is polled every ~5 ms through one tmux control-mode client
(`tmux -C`), so a poll costs a round trip on a socket, not a new process; the table shows that round
trip, the resolution of the numbers. Between presses the script waits 150 ms, as a person would.

Target: median key-to-visible under 100 ms, for answers and for next questions.

Run: `.venv/bin/python benchmarks/bench_keypress.py` (`--presses N`, default 30). `--trace` runs
the app through `_trace_app.py`, which logs when the key reached the app, the save, the frames and
the flushes to the terminal, and splits each key's time into those steps (diagnosis only: the trace
itself costs a little, so a traced run's numbers are not the targets' numbers).
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import _tmux
from _history import add_past_attempts
from _report import machine_line, p90, verdict

from quizapp.core.bank import (
    Bank,
)
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.session import QUICK_SIZE
from quizapp.core.store import PROFILE_FILE, ProfileStore

HERE = Path(__file__).resolve().parent
SOCKET = "bench-keys"
"""The tmux server's socket name (`tmux -L`); never the user's default server."""
SESSION = "bench"
WIDTH, HEIGHT = 100, 30
PROFILE = "bench"
PAST_ANSWERS = 1_000
PER_ATTEMPT = 30
POLL_S = 0.005
"""Pause between two polls of the pane."""
SETTLE_S = 0.15
"""Pause before each timed key, as a person would."""
TIMEOUT_S = 10.0
"""Give up on one key after this long."""
START_TIMEOUT_S = 60.0
"""Give up on the app showing its first question after this long."""
TARGET_MS = 100.0
"""Target: the median key-to-visible, for answers and next questions."""
FEEDBACK = re.compile(r"(?:[✓✗●]|│)\s*(?:Right|Not quite|Noted|Answer saved|Partly right)\b")
"""How the feedback panel starts, for every kind of answer: a mark (or the panel's border), then
Right / Not quite / Noted / Answer saved / Partly right."""
MULTI = ("Select all that apply", "Tick every")
"""How a multi-select question says so."""


# The profile ------------------------------------------------------------------


def build_profile(store: ProfileStore, bank: Bank, answers: int) -> int:
    """Give the profile `answers` past answers in finished attempts; return the attempt count."""
    opened = store.open(PROFILE)
    try:
        return add_past_attempts(opened, bank, answers, per_attempt=PER_ATTEMPT)
    finally:
        opened.close()


# tmux -------------------------------------------------------------------------


def tmux(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return _tmux.tmux(SOCKET, *args, check=check)


class Control(_tmux.Control):
    """The shared tmux control-mode client on this benchmark's session, with keys to send."""

    def __init__(self) -> None:
        super().__init__(SOCKET, SESSION)

    def keys(self, *keys: str) -> None:
        self.command(f"send-keys -t {SESSION} " + " ".join(keys))


# Measuring --------------------------------------------------------------------


@dataclass
class Results:
    answer: list[float] = field(default_factory=list)
    """Key to feedback visible and the answer in the attempt file, seconds."""
    answer_visible: list[float] = field(default_factory=list)
    """Key to feedback visible (whatever the file), seconds."""
    answer_saved: list[float] = field(default_factory=list)
    """Key to the answer in the attempt file (first poll that sees it), seconds."""
    next: list[float] = field(default_factory=list)
    """n to the next question's counter visible, seconds."""
    results_screen: list[float] = field(default_factory=list)
    """n on the last question to "You scored" visible, seconds."""
    polls: list[float] = field(default_factory=list)
    """capture-pane round trips, seconds."""
    kinds: dict[str, int] = field(default_factory=dict)
    events: list[tuple[str, float, float]] = field(default_factory=list)
    """(answer or next, time the key was sent, time the result was seen), for --trace."""


def wait_for(
    control: Control, results: Results, check: object, timeout: float = TIMEOUT_S
) -> tuple[float, str]:
    """Poll the pane until `check(screen)` is true; return (time it became true, screen)."""
    deadline = time.perf_counter() + timeout
    while True:
        before = time.perf_counter()
        screen = control.screen()
        after = time.perf_counter()
        results.polls.append(after - before)
        if check(screen):  # type: ignore[operator]
            return after, screen
        if after > deadline:
            raise TimeoutError(f"not seen within {timeout:.0f} s; the pane shows:\n{screen}")
        time.sleep(POLL_S)


def answers_in(path: Path) -> int:
    with path.open("rb") as handle:
        return len(tomllib.load(handle).get("answers", []))


def current_attempt_file(profile_folder: Path) -> Path:
    with (profile_folder / PROFILE_FILE).open("rb") as handle:
        attempt_id = tomllib.load(handle)["current_attempt"]
    return profile_folder / "attempts" / f"{attempt_id}.toml"


def time_answer(
    control: Control, results: Results, attempt_file: Path, screen: str, key: str
) -> None:
    """Answer the question on screen with `key`; time until feedback is shown and saved."""
    multi = any(words in screen for words in MULTI)
    kind = "multi" if multi else "one key"
    results.kinds[kind] = results.kinds.get(kind, 0) + 1
    if multi:
        control.keys(key)
        wait_for(control, results, lambda text: "[x]" in text)
        time.sleep(SETTLE_S)
        key = "Enter"
    before = answers_in(attempt_file)
    if FEEDBACK.search(screen):
        raise RuntimeError(f"feedback already visible before the key:\n{screen}")
    start = time.perf_counter()
    control.keys(key)
    visible = saved = None
    deadline = start + TIMEOUT_S
    while visible is None or saved is None:
        poll_start = time.perf_counter()
        text = control.screen()
        now = time.perf_counter()
        results.polls.append(now - poll_start)
        if visible is None and FEEDBACK.search(text):
            visible = now
        if saved is None and answers_in(attempt_file) > before:
            saved = time.perf_counter()
        if visible is not None and saved is not None:
            break
        if now > deadline:
            raise TimeoutError(f"no feedback/save within {TIMEOUT_S:.0f} s:\n{text}")
        time.sleep(POLL_S)
    results.answer_visible.append(visible - start)
    results.answer_saved.append(saved - start)
    results.answer.append(max(visible, saved) - start)
    results.events.append(("answer", start, visible))


def time_next(control: Control, results: Results, number: int, total: int) -> str:
    """Press n after the feedback of question `number`; time until the next screen is visible."""
    if number < total:
        expected = f"Question {number + 1} of {total}"

        def check(text: str) -> bool:
            return expected in text
    else:

        def check(text: str) -> bool:
            return "You scored" in text

    start = time.perf_counter()
    control.keys("n")
    seen, screen = wait_for(control, results, check)
    (results.next if number < total else results.results_screen).append(seen - start)
    if number < total:
        results.events.append(("next", start, seen))
    return screen


def run_quiz(
    control: Control, results: Results, seed: int, profile_folder: Path, command: str
) -> None:
    """One quick quiz in the pane, every answer and next timed; quits the app at the end."""
    control.command(f"respawn-pane -k -t {SESSION} {shell_quote(command + f' --seed {seed}')}")
    _, screen = wait_for(
        control, results, lambda text: f"Question 1 of {QUICK_SIZE}" in text, START_TIMEOUT_S
    )
    time.sleep(2 * SETTLE_S)  # let the app finish starting before the first timed key
    attempt_file = current_attempt_file(profile_folder)
    for number in range(1, QUICK_SIZE + 1):
        time.sleep(SETTLE_S)
        screen = control.screen()
        time_answer(control, results, attempt_file, screen, key=str(1 + number % 2))
        time.sleep(SETTLE_S)
        screen = time_next(control, results, number, QUICK_SIZE)
    control.keys("C-q")
    wait_for(
        control,
        results,
        lambda _: (
            tmux("display-message", "-p", "-t", SESSION, "#{pane_dead}").stdout.strip() == "1"
        ),
    )


def trace_breakdown(trace: Path, events: list[tuple[str, float, float]]) -> list[str]:
    """Split each timed key, from the app's trace, into where its time went (medians, ms)."""
    entries: list[tuple[float, str]] = []
    for line in trace.read_text(encoding="utf-8").splitlines():
        stamp, _, event = line.partition(" ")
        entries.append((float(stamp), event))
    entries.sort()

    def first(after: float, prefix: str, before: float) -> float | None:
        for stamp, event in entries:
            if stamp >= after and event.startswith(prefix):
                return stamp if stamp <= before else None
        return None

    columns = [
        "send>key",
        "key>handler",
        "handler",
        "  record",
        "handler>frame1",
        "frame1>last",
        "last>seen",
        "frames",
        "total",
    ]
    split: dict[str, dict[str, list[float]]] = {
        "answer": {column: [] for column in columns},
        "next": {column: [] for column in columns},
    }
    for kind, sent, seen in events:
        key = first(sent, "key ", seen)
        start_mark, end_mark = (
            ("answered>", "answered<") if kind == "answer" else ("show>", "show<")
        )
        begun = first(sent, start_mark, seen)
        ended = first(sent, end_mark, seen)
        if key is None or begun is None or ended is None:
            continue
        frame = first(ended, "display ", seen)
        flushes = [
            stamp
            for stamp, event in entries
            if ended <= stamp <= seen and event.startswith("flush ")
        ]
        row = split[kind]
        row["send>key"].append(key - sent)
        row["key>handler"].append(begun - key)
        row["handler"].append(ended - begun)
        if kind == "answer":
            recorded = first(begun, "record>", ended)
            done = first(begun, "record<", ended)
            if recorded is not None and done is not None:
                row["  record"].append(done - recorded)
        if frame is not None and flushes:
            row["handler>frame1"].append(frame - ended)
            row["frame1>last"].append(flushes[-1] - frame)
            row["last>seen"].append(seen - flushes[-1])
        row["frames"].append(len(flushes) / 1000)
        row["total"].append(seen - sent)
    lines = [
        f"{'medians, ms':<12} " + " ".join(f"{column.strip():>13}" for column in columns),
    ]
    for kind, row in split.items():
        cells = [
            f"{1000 * statistics.median(values):>13.1f}" if values else f"{'-':>13}"
            for values in row.values()
        ]
        lines.append(f"{kind:<12} " + " ".join(cells))
    return lines


def shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=30, help="answers to time (at least)")
    parser.add_argument(
        "--trace",
        action="store_true",
        help="run the app through _trace_app.py and split each key's time (diagnosis, not targets)",
    )
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("SKIPPED: bench_keypress needs tmux on PATH (apt-get install tmux)")
        return

    bank = load_checked_bank(default_questions_dir(), default_seeds_dir())
    quizapp = Path(sys.executable).parent / "quizapp"
    if not quizapp.is_file():
        raise SystemExit(f"{quizapp} not found: install the project into this venv first")
    results = Results()
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-keys-") as temp:
        profiles = Path(temp) / "profiles"
        store = ProfileStore(profiles)
        attempts = build_profile(store, bank, PAST_ANSWERS)
        profile_folder = store.person_folder(PROFILE)
        version = tmux("-V", check=False).stdout.strip()
        print(machine_line())
        print(
            f"{version}, pane {WIDTH}x{HEIGHT}; profile: {PAST_ANSWERS:,} past answers in "
            f"{attempts} attempt files; bank: {len(bank)} questions"
        )
        trace = Path(temp) / "trace.log"
        program = (
            f"env QUIZAPP_TRACE={trace} {sys.executable} {HERE / '_trace_app.py'}"
            if args.trace
            else str(quizapp)
        )
        # The checked-bank cache in the temp folder too, never the user's own.
        command = (
            f"env QUIZAPP_CACHE={Path(temp) / 'cache'} {program} --profiles {profiles} "
            f"--profile {PROFILE} --mode quick"
        )
        tmux("kill-server", check=False)  # a server left by an interrupted run of this script
        control: Control | None = None
        try:
            tmux(
                "new-session",
                "-d",
                "-s",
                SESSION,
                "-x",
                str(WIDTH),
                "-y",
                str(HEIGHT),
                "-e",
                f"QUIZAPP_PROFILES={profiles}",
                "sleep 3600",
            )
            tmux("set-option", "-g", "window-size", "manual")
            tmux("set-option", "-g", "remain-on-exit", "on")
            tmux("set-option", "-g", "status", "off")
            tmux("set-option", "-g", "default-terminal", "tmux-256color")
            tmux("resize-window", "-t", SESSION, "-x", str(WIDTH), "-y", str(HEIGHT))
            control = Control()
            seed = 1
            started = time.perf_counter()
            while len(results.answer) < args.presses:
                run_quiz(control, results, seed, profile_folder, command)
                seed += 1
            took = time.perf_counter() - started
        finally:
            if control is not None:
                control.close()
            tmux("kill-server", check=False)
        breakdown = trace_breakdown(trace, results.events) if args.trace else []

    print(
        f"{seed - 1} quick quizzes (seeds 1-{seed - 1}), {took:.0f} s; keys sent with send-keys, "
        f"pane polled every {POLL_S * 1000:.0f} ms with capture-pane over one control client"
    )
    print()
    header = (
        f"{'key to visible':<44} {'n':>3} {'median ms':>9} {'p90 ms':>7} {'max ms':>7}   target"
    )
    print(header)
    print("-" * len(header))
    rows = [
        ("answer: feedback shown AND saved in file", results.answer, True),
        ("  feedback shown", results.answer_visible, False),
        ("  answer in the attempt file", results.answer_saved, False),
        ("n: next question shown", results.next, True),
        ("n on the last question: results shown", results.results_screen, False),
    ]
    medians: list[float] = []
    for label, values, counted in rows:
        median_ms = 1000 * statistics.median(values)
        if counted:
            medians.append(median_ms)
        target = f"median < {TARGET_MS:.0f}: {verdict(median_ms < TARGET_MS)}" if counted else ""
        print(
            f"{label:<44} {len(values):>3} {median_ms:>9.1f} {1000 * p90(values):>7.1f} "
            f"{1000 * max(values):>7.1f}   {target}"
        )
    print()
    polls = sorted(results.polls)
    print(
        f"capture-pane round trip (the resolution, plus the {POLL_S * 1000:.0f} ms poll pause): "
        f"median {1000 * statistics.median(polls):.1f} ms, p90 {1000 * p90(polls):.1f} ms "
        f"over {len(polls)} polls; answers by kind: "
        + ", ".join(f"{kind} {count}" for kind, count in sorted(results.kinds.items()))
        + " (a multi-select is ticked untimed, then Enter is timed)"
    )
    if breakdown:
        print()
        print(
            "Where the time goes (--trace: the app runs under _trace_app.py, so these numbers are "
            "for diagnosis, not targets)"
        )
        for line in breakdown:
            print("  " + line)
        print(
            "  send>key: send-keys to the key event in the app (tmux, Textual's input thread);\n"
            "  key>handler: bindings, action and message up to QuestionScreen._answered (answer) or\n"
            "  show_current (next); handler: that handler, of it record: QuizSession.record (grade, two\n"
            "  fsynced writes); handler>frame1: to the first frame handed to the driver after it;\n"
            "  frame1>last: from there to the last flush to the terminal before the text was seen (0 when\n"
            "  the first frame showed it); last>seen: that flush to capture-pane seeing it (tmux and the\n"
            "  poll); frames: frames flushed between the handler and seen (a count, not ms)."
        )
    print()
    print("Targets" + (" (a traced run: for reference only)" if args.trace else ""))
    print(
        f"  answer shown and saved, median < {TARGET_MS:.0f} ms: {medians[0]:.1f} ms  "
        f"{verdict(medians[0] < TARGET_MS)}"
    )
    print(
        f"  next question shown, median < {TARGET_MS:.0f} ms: {medians[1]:.1f} ms  "
        f"{verdict(medians[1] < TARGET_MS)}"
    )


if __name__ == "__main__":
    main()
