"""Start-up: how long until the first useful screen is painted, against a bare Textual app.

Three variants, each measured in a fresh process, interleaved round by round (in a new random
order each round, seeded, so no variant always follows the same one) so drift on the machine hits them alike:

* a: a minimal Textual app (one Static), in the same venv;
* b: `quizapp` to the welcome screen;
* c: `quizapp --profile bench --mode quick --seed 1` to the first question, prompt and choices shown
  (the profile exists beforehand and is put back to the same state before every run, so creation
  and resuming are never timed). Its file was written and closed by quizapp and the checked bank is
  in the cache folder: the state every start after the first finds.

Every run spawns `benchmarks/_ready_probe.py`, which goes through the real `quizapp.cli.main` (or
builds the minimal app), runs `App.run` with the headless driver at 100x30 (and $TEXTUAL_DRIVER
naming it, for every variant, since quizapp wants a terminal or a named driver), and prints a marker line
from inside the app on the first frame in which the target screen is the active screen and laid out
(Textual's `post_display_hook`, called after each frame is handed to the driver). Wall time runs from
just before the spawn to the marker line; CPU time is the probe's `time.process_time()` at that
moment (every thread, since process start). A fourth row, c', not counted in the targets, runs c
with an empty cache folder: the first start after installing quizapp or editing the bank, when the
bank is parsed and validated and the profile validated with pydantic.

Targets (on the medians of wall time): b/a <= 1.25 and c/a <= 1.5.

In a real terminal too (`--terminal`, on by default when tmux is installed): the same three variants
start in a 100x30 tmux pane of the benchmark's own server (`tmux -L bench-startup`, killed at the
end), each from a fresh `respawn-pane`, interleaved round by round in a new seeded order; the pane
is read through one tmux control-mode client every few ms until the target screen's words show
(a: "Hello from a minimal"; b: "Who is taking the quiz?" and the name field; c: "Question 1 of 10"
and the first choice), then ctrl+q quits it. Wall time runs from just before `respawn-pane` to the
poll that saw the words: what a person waits for, escape codes, terminal and all. Targets:
b/a <= 1.3 and c/a <= 1.5 on the medians, with the same ratios taken within each round (a, b and c
back to back, so they share the machine's state) printed beside them: on a machine shared with
other work those paired ratios are the figure to read.

Bytecode: an installed quizapp has .pyc files, so by default every run gets a bytecode cache in a
temp folder (`PYTHONPYCACHEPREFIX`, filled on the warm-up runs; nothing is written into the project),
even where the environment sets PYTHONDONTWRITEBYTECODE. `--as-is` keeps the environment's setting
(with PYTHONDONTWRITEBYTECODE and an editable install, quizapp's own modules are then compiled from
source at every start).

Run: `.venv/bin/python benchmarks/bench_startup.py` (`--runs N`, default 21; `--no-imports` skips
the imports-before-first-paint breakdown, three extra `-X importtime` runs per variant; `--as-is`;
`--terminal-runs N` for the tmux rows, default 21, 0 to leave them out; `--terminal-only`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import select
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from _report import machine_line, p90, verdict
from _tmux import Control, tmux

HERE = Path(__file__).resolve().parent
PROBE = HERE / "_ready_probe.py"
PROFILE = "bench"
HEADLESS_DRIVER = "textual.drivers.headless_driver:HeadlessDriver"
"""$TEXTUAL_DRIVER for every probe: quizapp needs a terminal or a named driver."""
TIMEOUT_S = 60.0
"""Give up on a run that has not painted its target screen after this long."""
WARMUP = 2
"""Untimed runs per variant first (page cache, .pyc files)."""
MAX_WELCOME_RATIO = 1.25
"""Target: b (welcome) / a (minimal), medians of wall time."""
MAX_QUESTION_RATIO = 1.5
"""Target: c (first question) / a (minimal), medians of wall time."""
MAX_TERMINAL_WELCOME_RATIO = 1.3
"""Target in a real terminal (tmux): b (welcome) / a (minimal), medians of wall time."""
MAX_TERMINAL_QUESTION_RATIO = 1.5
"""Target in a real terminal (tmux): c (first question) / a (minimal), medians of wall time."""
SOCKET = "bench-startup"
"""The benchmark's own tmux server (`tmux -L`); never the user's."""
SESSION = "start"
POLL_S = 0.003
"""How often the pane is read while waiting (each read is a round trip on the control socket)."""


@dataclass
class Variant:
    key: str
    label: str
    probe_variant: str
    argv: list[str]
    counted: bool = True
    cold: bool = False
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    phases: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    last: dict[str, object] = field(default_factory=dict)


def textual_version() -> str:
    from importlib.metadata import version

    return version("textual")


def make_profile(profiles: Path, cache: Path) -> Path:
    """Create the bench profile once, as quizapp leaves it, and keep a pristine copy of it.

    Created and closed through a store with the cache folder (so its file is noted as checked), and
    the checked bank cached: the state a person's second start finds.
    """
    from quizapp.core.library import Library
    from quizapp.core.locations import default_questions_dir, default_seeds_dir
    from quizapp.core.store import ProfileStore

    store = ProfileStore(profiles, cache_dir=cache)
    store.open(PROFILE).close()
    Library(default_questions_dir(), default_seeds_dir(), cache).bank()
    pristine = profiles.parent / "pristine"
    shutil.copytree(store.person_folder(PROFILE), pristine / "profile")
    shutil.copytree(cache, pristine / "cache")
    return pristine


def reset_profile(profiles: Path, cache: Path, pristine: Path, *, cold: bool = False) -> None:
    """Put the profile and the cache folder back as they were created (no attempt), untimed.

    `cold` empties the cache folder instead: a first start after installing or editing the bank.
    """
    from quizapp.core.store import name_key

    folder = profiles / name_key(PROFILE)
    shutil.rmtree(folder)
    shutil.copytree(pristine / "profile", folder)
    shutil.rmtree(cache)
    if cold:
        cache.mkdir()
    else:
        shutil.copytree(pristine / "cache", cache)


def run_once(
    variant: Variant, env: dict[str, str], extra_python: list[str] | None = None
) -> tuple[float, dict[str, object], str]:
    """Spawn the probe; return (wall seconds to the marker, the marker's payload, stderr)."""
    args = [sys.executable, *(extra_python or []), str(PROBE), variant.probe_variant]
    start = time.perf_counter()
    process = subprocess.Popen(
        [*args, repr(start), *variant.argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=HERE.parent,
    )
    assert process.stdout is not None and process.stderr is not None
    buffer = b""
    end = None
    deadline = start + TIMEOUT_S
    while end is None:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            break
        ready, _, _ = select.select([process.stdout], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            break
        buffer += chunk
        if b"\n" in buffer and b"READY " in buffer:
            end = time.perf_counter()
    try:
        rest, errors = process.communicate(timeout=max(1.0, deadline - time.perf_counter()))
    except subprocess.TimeoutExpired:
        process.kill()
        rest, errors = process.communicate()
    buffer += rest
    text = errors.decode(errors="replace")
    if end is None:
        raise SystemExit(
            f"{variant.label}: no READY marker within {TIMEOUT_S:.0f} s "
            f"(exit status {process.returncode}).\nstdout: {buffer!r}\nstderr: {text[-3000:]}"
        )
    if process.returncode != 0:
        raise SystemExit(f"{variant.label}: exit status {process.returncode}\n{text[-3000:]}")
    line = next(line for line in buffer.decode().splitlines() if line.startswith("READY "))
    return end - start, json.loads(line[len("READY ") :]), text


IMPORT_RUNS = 3
"""`-X importtime` runs per variant for the imports breakdown (medians are shown)."""


def imports_before_paint(
    variant: Variant, env: dict[str, str], reset: Callable[[], None]
) -> list[str]:
    """The imports of the modules loaded when the target screen painted, medians of a few runs."""
    per_package_runs: list[dict[str, float]] = []
    outer_runs: list[dict[str, float]] = []
    counts: list[int] = []
    for _ in range(IMPORT_RUNS):
        reset()
        _, payload, stderr = run_once(variant, {**env, "PROBE_MODULES": "1"}, ["-X", "importtime"])
        loaded = set(payload["module_names"])  # type: ignore[arg-type]
        counts.append(len(loaded))
        per_package: dict[str, float] = defaultdict(float)
        outer: dict[str, float] = {}
        for line in stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cumulative_us, raw_name = line[len("import time:") :].split("|")
            module = raw_name.strip()
            if module not in loaded:
                continue
            per_package[module.split(".")[0]] += int(self_us) / 1000
            depth = (len(raw_name) - len(raw_name.lstrip()) - 1) // 2
            if module.startswith("quizapp") and depth == 0:
                outer[module] = int(cumulative_us) / 1000
        per_package_runs.append(per_package)
        outer_runs.append(outer)

    def medians(runs: list[dict[str, float]]) -> dict[str, float]:
        keys = {key for run in runs for key in run}
        return {key: statistics.median(run.get(key, 0.0) for run in runs) for key in keys}

    packages = medians(per_package_runs)
    total = statistics.median(sum(run.values()) for run in per_package_runs)
    rows = [
        f"  {variant.label}: {statistics.median(counts):.0f} modules loaded at ready, "
        f"import time {total:.0f} ms (self times summed)"
    ]
    top = sorted(packages.items(), key=lambda item: -item[1])[:8]
    rows.append("    by package (ms): " + ", ".join(f"{name} {ms:.0f}" for name, ms in top))
    outer = medians(outer_runs)
    if outer:
        rows.append(
            "    quizapp imports, outermost, cumulative (ms): "
            + ", ".join(
                f"{name} {ms:.0f}" for name, ms in sorted(outer.items(), key=lambda item: -item[1])
            )
        )
    return rows


PHASES = [
    ("python", "probe_start", None),
    ("textual", "textual_imported", "probe_start"),
    ("cli>run", "app_run", "main_called"),
    ("run>frame1", "first_frame", "app_run"),
    ("frame1>ready", "ready", "first_frame"),
]
"""Phase columns: (title, end mark, start mark); None means the spawn."""


MARKS = (
    "app_run",
    "first_frame",
    "bank_start",
    "bank_done",
    "open_start",
    "open_done",
    "ask",
    "ready",
)
"""Moments kept as ms from the spawn, for the bank and first-question timelines."""


def phase_ms(phases: dict[str, float], end: str, begin: str | None) -> float | None:
    if end not in phases or (begin is not None and begin not in phases):
        return None
    return 1000 * (phases[end] - (phases[begin] if begin else 0.0))


@dataclass
class TerminalVariant:
    """A variant started in the tmux pane, and when it counts as painted."""

    key: str
    label: str
    command: list[str]
    ready: Callable[[str], bool]
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    """CPU seconds of the process when its target frame went to the terminal (the probe's)."""


def first_choice_shown(screen: str) -> bool:
    """The first question's counter and its first choice (a line of the list: "▊ 1 ...")."""
    return "Question 1 of 10" in screen and any(
        line.lstrip().startswith("▊ 1 ") for line in screen.splitlines()
    )


def terminal_rows(
    runs: int, profiles: Path, cache: Path, pristine: Path, env: dict[str, str]
) -> None:
    """Time the three variants to their screen in a real terminal (a tmux pane) and print them."""
    if shutil.which("tmux") is None:
        print("Real terminal: SKIPPED (tmux is not installed)")
        return
    probe = [sys.executable, str(PROBE)]
    common = ["--profiles", str(profiles)]
    variants = [
        TerminalVariant(
            "a",
            "a minimal app",
            [*probe, "minimal", "0"],
            lambda screen: "Hello from a minimal" in screen,
        ),
        TerminalVariant(
            "b",
            "b welcome",
            [*probe, "welcome", "0", *common],
            lambda screen: "Who is taking the quiz?" in screen and "Your name" in screen,
        ),
        TerminalVariant(
            "c",
            "c first question",
            [*probe, "question", "0", *common, "--profile", PROFILE, "--mode", "quick"]
            + ["--seed", "1"],
            first_choice_shown,
        ),
    ]
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "PYTHONPYCACHEPREFIX", "QUIZAPP_PROFILES")
    settings = [f"{name}={env[name]}" for name in keep if name in env]
    ready_file = cache.parent / "terminal-ready.jsonl"
    settings += [f"QUIZAPP_CACHE={cache}", f"PROBE_TTY_OUT={ready_file}"]

    def command_line(variant: TerminalVariant) -> str:
        words = ["env", "-i", *settings, "TERM=tmux-256color", *variant.command]
        return " ".join(shlex.quote(word) for word in words)

    tmux(SOCKET, "kill-server", check=False)  # a server left by an interrupted run
    control: Control | None = None
    try:
        tmux(SOCKET, "new-session", "-d", "-s", SESSION, "-x", "100", "-y", "30", "sleep 3600")
        for option, value in (
            ("window-size", "manual"),
            ("remain-on-exit", "on"),
            ("status", "off"),
            ("default-terminal", "tmux-256color"),
        ):
            tmux(SOCKET, "set-option", "-g", option, value)
        tmux(SOCKET, "resize-window", "-t", SESSION, "-x", "100", "-y", "30")
        control = Control(SOCKET, SESSION)
        started = time.perf_counter()
        for round_index in range(WARMUP + runs):
            order = list(variants)
            random.Random(1000 + round_index).shuffle(order)
            for variant in order:
                reset_profile(profiles, cache, pristine)
                ready_file.unlink(missing_ok=True)
                line = command_line(variant)
                begin = time.perf_counter()
                control.command(f"respawn-pane -k -t {SESSION} {shlex.quote(line)}")
                deadline = begin + TIMEOUT_S
                while not variant.ready(control.screen()):
                    if time.perf_counter() > deadline or control.pane_dead():
                        raise SystemExit(
                            f"{variant.label}: its screen did not show in the terminal:\n"
                            + control.screen()
                        )
                    time.sleep(POLL_S)
                took = time.perf_counter() - begin
                control.command(f"send-keys -t {SESSION} C-q")
                while not control.pane_dead():
                    if time.perf_counter() > begin + TIMEOUT_S:
                        control.command(f"respawn-pane -k -t {SESSION} 'sleep 3600'")
                        break
                    time.sleep(0.01)
                if round_index >= WARMUP:
                    variant.wall.append(took)
                    reported = ready_file.read_text(encoding="utf-8").splitlines()
                    variant.cpu.append(float(json.loads(reported[0][len("READY ") :])["cpu_s"]))
        took_all = time.perf_counter() - started
    finally:
        if control is not None:
            control.close()
        tmux(SOCKET, "kill-server", check=False)

    version = tmux(SOCKET, "-V", check=False).stdout.strip()
    print(
        f"Real terminal ({version}, a 100x30 pane): time to the target screen's words, {runs} runs "
        f"per variant after {WARMUP} warm-up, interleaved ({took_all:.0f} s in all)"
    )
    print(
        f"{'variant':<22} {'wall med':>8} {'wall p90':>8} {'wall min':>8} {'cpu med':>8} "
        f"{'cpu p90':>8}   (ms)"
    )
    for variant in variants:
        print(
            f"{variant.label:<22} {1000 * statistics.median(variant.wall):>8.0f} "
            f"{1000 * p90(variant.wall):>8.0f} {1000 * min(variant.wall):>8.0f} "
            f"{1000 * statistics.median(variant.cpu):>8.0f} {1000 * p90(variant.cpu):>8.0f}"
        )
    print(
        "  wall: respawn-pane to the poll that saw the screen's words; cpu: the process's CPU time "
        "when that\n  frame went to the terminal (the probe's post_display_hook, every thread)"
    )
    a, b, c = (statistics.median(variant.wall) for variant in variants)
    a_cpu, b_cpu, c_cpu = (statistics.median(variant.cpu) for variant in variants)
    print("Targets in a real terminal (medians of wall time; CPU ratios for information)")
    for name, value, cpu, target in (
        ("b/a", b / a, b_cpu / a_cpu, MAX_TERMINAL_WELCOME_RATIO),
        ("c/a", c / a, c_cpu / a_cpu, MAX_TERMINAL_QUESTION_RATIO),
    ):
        print(f"  {name} <= {target}: {value:.2f}  {verdict(value <= target)}   (cpu {cpu:.2f})")
    minimal = variants[0].wall
    for variant in variants[1:]:
        paired = sorted(run / base for run, base in zip(variant.wall, minimal, strict=True))
        print(
            f"  {variant.key}/a within each round: median {statistics.median(paired):.2f}, middle "
            f"half {paired[len(paired) // 4]:.2f} to {paired[(3 * len(paired)) // 4]:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed runs per variant")
    parser.add_argument(
        "--no-imports", action="store_true", help="skip the imports-before-first-paint breakdown"
    )
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="keep this environment's bytecode settings (default: cache .pyc in a temp folder)",
    )
    parser.add_argument(
        "--terminal-runs",
        type=int,
        default=21,
        help="timed runs per variant in a real terminal (tmux); 0 leaves them out",
    )
    parser.add_argument(
        "--terminal-only", action="store_true", help="only the real-terminal (tmux) rows"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="quizapp-bench-startup-") as temp:
        profiles = Path(temp) / "profiles"
        cache = Path(temp) / "cache"
        pristine = make_profile(profiles, cache)
        env = {**os.environ, "QUIZAPP_PROFILES": str(profiles), "QUIZAPP_CACHE": str(cache)}
        env.pop("PYTHONPROFILEIMPORTTIME", None)
        # The probes are headless (no terminal); quizapp refuses to start without one unless a
        # driver is named, so name the headless driver the probe uses anyway (for every variant).
        env["TEXTUAL_DRIVER"] = HEADLESS_DRIVER
        no_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE"))
        if args.as_is:
            bytecode = (
                "as this environment has it: PYTHONDONTWRITEBYTECODE is set, so modules without "
                "a .pyc (quizapp's own, in an editable install) are compiled at every start"
                if no_bytecode
                else "as this environment has it"
            )
        else:
            # An installed quizapp has .pyc files (pip compiles them), so time with compiled
            # bytecode: written on the warm-up runs into a temp mirror, never into the project.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(Path(temp) / "pycache")
            bytecode = (
                "cached in a temp PYTHONPYCACHEPREFIX, compiled on the warm-up runs (as an "
                "installed app has .pyc files)"
                + (
                    "; this environment sets PYTHONDONTWRITEBYTECODE (see --as-is)"
                    if no_bytecode
                    else ""
                )
            )
        env.pop("TEXTUAL", None)
        common = ["--profiles", str(profiles)]
        variants = [
            Variant("a", "a minimal app", "minimal", []),
            Variant("b", "b welcome", "welcome", common),
            Variant(
                "c",
                "c first question",
                "question",
                [*common, "--profile", PROFILE, "--mode", "quick", "--seed", "1"],
            ),
            Variant(
                "c'",
                "c' cold cache",
                "question",
                [*common, "--profile", PROFILE, "--mode", "quick", "--seed", "1"],
                counted=False,
                cold=True,
            ),
        ]

        print(machine_line())
        print(f"textual {textual_version()}; probe: {PROBE.name}, headless driver 100x30")
        print(f"bytecode: {bytecode}")
        print()
        if args.terminal_only:
            terminal_rows(args.terminal_runs, profiles, cache, pristine, env)
            return
        started = time.perf_counter()
        for round_index in range(WARMUP + args.runs):
            order = list(variants)
            random.Random(round_index).shuffle(order)
            for variant in order:
                reset_profile(profiles, cache, pristine, cold=variant.cold)
                wall, payload, _ = run_once(variant, env)
                if round_index < WARMUP:
                    continue
                variant.wall.append(wall)
                variant.cpu.append(float(payload["cpu_s"]))  # type: ignore[arg-type]
                variant.last = payload
                phases: dict[str, float] = payload["phases"]  # type: ignore[assignment]
                for title, end, begin in PHASES:
                    value = phase_ms(phases, end, begin)
                    if value is not None:
                        variant.phases[title].append(value)
                for mark in MARKS:
                    if mark in phases:
                        variant.phases[mark].append(1000 * phases[mark])
                if "bank_start" in phases and "bank_done" in phases:
                    variant.phases["bank_takes"].append(
                        1000 * (phases["bank_done"] - phases["bank_start"])
                    )
        took = time.perf_counter() - started

        print(
            f"Time to the target screen painted, {args.runs} runs per variant after {WARMUP} "
            f"warm-up, interleaved ({took:.0f} s in all)"
        )
        header = (
            f"{'variant':<22} {'wall med':>8} {'wall p90':>8} {'cpu med':>8} {'cpu p90':>8}   "
            + " ".join(f"{title:>12}" for title, _, _ in PHASES)
            + f" {'modules':>7} {'pydantic':>8}"
        )
        print(header)
        print(" " * 22 + " (ms)" + " " * 36 + "phase medians (ms)")
        print("-" * len(header))
        for variant in variants:
            cells = []
            for title, _, _ in PHASES:
                values = variant.phases.get(title)
                cells.append(f"{statistics.median(values):>12.0f}" if values else f"{'-':>12}")
            print(
                f"{variant.label:<22} {1000 * statistics.median(variant.wall):>8.0f} "
                f"{1000 * p90(variant.wall):>8.0f} {1000 * statistics.median(variant.cpu):>8.0f} "
                f"{1000 * p90(variant.cpu):>8.0f}   "
                + " ".join(cells)
                + f" {variant.last.get('modules', 0):>7} "
                f"{'yes' if variant.last.get('pydantic_loaded') else 'no':>8}"
            )
        print()
        print(
            "phases: python = spawn to the probe's first line (interpreter + site); textual = "
            "import textual.app;\n  cli>run = quizapp.cli.main to App.run (argparse, quizapp "
            "imports, make_app); run>frame1 = App.run to the\n  first frame of any screen; "
            "frame1>ready = first frame to the target screen's frame. c' is c with an empty cache\n  "
            "folder (first start after installing or editing the bank), not a target."
        )
        print()
        print(
            "The background bank load (quizapp.core.library.Library.bank in a worker thread), ms from spawn"
        )
        print(f"{'variant':<22} {'starts':>8} {'ends':>8} {'takes':>8} {'ready':>8}")
        for variant in variants[1:]:
            starts = variant.phases.get("bank_start", [])
            ends = variant.phases.get("bank_done", [])
            ready = variant.phases.get("ready", [])
            ended = f"{statistics.median(ends):>8.0f}" if ends else f"{'after':>8}"
            takes = variant.phases.get("bank_takes", [])
            took_cell = f"{statistics.median(takes):>8.0f}" if takes else f"{'-':>8}"
            started_cell = f"{statistics.median(starts):>8.0f}" if starts else f"{'after':>8}"
            print(
                f"{variant.label:<22} {started_cell} {ended} {took_cell} {statistics.median(ready):>8.0f}"
            )
        print(
            "  ('after': not yet started, or still running, when the target screen painted "
            "(median run); takes: median over the runs where it ended before)"
        )
        print()
        question = variants[2]
        marks = [
            ("App.run", "app_run"),
            ("loading screen painted", "first_frame"),
            ("bank load starts", "bank_start"),
            ("bank load ends", "bank_done"),
            ("store.open starts", "open_start"),
            ("store.open ends", "open_done"),
            ("QuizApp.ask", "ask"),
            ("question painted", "ready"),
        ]
        print("The road to the first question (c), medians in ms from the spawn:")
        timeline = sorted(
            (statistics.median(question.phases[mark]), label)
            for label, mark in marks
            if question.phases.get(mark)
        )
        steps = [f"{label} {ms:.0f}" for ms, label in timeline]
        print("  " + ", ".join(steps))
        a, b, c = (statistics.median(variant.wall) for variant in variants[:3])
        a_cpu, b_cpu, c_cpu = (statistics.median(variant.cpu) for variant in variants[:3])
        print()
        print("Targets (medians of wall time; CPU ratios for information)")
        print(
            f"  b/a <= {MAX_WELCOME_RATIO}: {1000 * b:.0f} / {1000 * a:.0f} = {b / a:.2f}  "
            f"{verdict(b / a <= MAX_WELCOME_RATIO)}   (cpu {b_cpu / a_cpu:.2f})"
        )
        print(
            f"  c/a <= {MAX_QUESTION_RATIO}: {1000 * c:.0f} / {1000 * a:.0f} = {c / a:.2f}  "
            f"{verdict(c / a <= MAX_QUESTION_RATIO)}   (cpu {c_cpu / a_cpu:.2f})"
        )
        cold = statistics.median(variants[3].wall)
        print(
            f"  not a target, c'/a (cold cache): {1000 * cold:.0f} / {1000 * a:.0f} = {cold / a:.2f}"
        )
        # Every round runs each variant once, back to back, so a round's ratios share the
        # machine's state; their median and spread show how much drift moved the verdicts above.
        minimal = variants[0].wall
        for variant in variants[1:3]:
            paired = sorted(run / base for run, base in zip(variant.wall, minimal, strict=True))
            print(
                f"  for information, {variant.key}/a within each round: median "
                f"{statistics.median(paired):.2f}, middle half {paired[len(paired) // 4]:.2f} to "
                f"{paired[(3 * len(paired)) // 4]:.2f}"
            )

        if not args.no_imports:
            print()
            print("Imports before the target screen painted (extra runs under -X importtime)")
            print(
                f"(medians of {IMPORT_RUNS} runs each; imports in the bank thread count the wall "
                "time they took, GIL waits included)"
            )
            for variant in variants[:3]:
                for row in imports_before_paint(
                    variant, env, lambda: reset_profile(profiles, cache, pristine)
                ):
                    print(row)

        if args.terminal_runs:
            print()
            terminal_rows(args.terminal_runs, profiles, cache, pristine, env)


if __name__ == "__main__":
    main()
