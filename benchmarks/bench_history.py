"""A year of use: do home, `quizapp path` and a review start as fast with 2,000 past attempts as with 1?

Four profiles in one profiles folder hold 1, 100, 500 and 2,000 finished quick quizzes (10 answers
each, about 70% right, an hour apart, written through the real store as the app writes them, so the
summary beside each profile is as quizapp leaves it; the review state built from those answers, so a
review has questions due). Each is created through a store with the cache folder and the checked
bank cached: the state every start after the first finds. Three things are timed for each profile,
every one in a fresh process:

* home: `quizapp --profile NAME` until home is painted with its progress and history
  (`benchmarks/_ready_probe.py`, headless 100x30, as bench_startup.py does);
* path: `quizapp path --profile NAME` until it exits (the verdict and learning path printed);
* review: `quizapp --profile NAME --mode review --seed 1` until the first question is painted (the
  profile is put back as it was before each of these, untimed, since starting writes an attempt).

Rounds interleave every (profile, thing) pair in a new seeded order each round, so drift on the
machine hits them alike. Wall time runs from the spawn to the marker (or exit); CPU time is the
process's own (user + system, at the marker for the probes, from `os.wait4` for path).

Target: for each of home, path and review, the 2,000 row's median within 1.15x of the 1 row's.
The verdict is taken on CPU time (other work on a shared machine disturbs wall time far more than
the code's own work); wall-time ratios are shown beside it.

Run: `.venv/bin/python benchmarks/bench_history.py` (`--runs N`, default 9; building the profiles
takes a minute).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _history import add_past_attempts
from _report import machine_line, verdict
from bench_startup import HEADLESS_DRIVER, Variant, run_once

HERE = Path(__file__).resolve().parent
SIZES = (1, 100, 500, 2_000)
"""Past attempts in each profile."""
PER_ATTEMPT = 10
"""Answers in each past attempt (a quick quiz)."""
MAX_RATIO = 1.15
"""Target: the 2,000 row within this factor of the 1 row."""
WARMUP = 1
"""Untimed rounds first (page cache, .pyc files)."""
THINGS = ("home", "path", "review")


@dataclass
class Cell:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def name_for(size: int) -> str:
    return f"history {size}"


def build_profiles(profiles: Path, cache: Path) -> dict[int, Path]:
    """Create the four profiles as quizapp leaves them; return a pristine copy of each folder."""
    from quizapp.core.library import Library
    from quizapp.core.locations import default_questions_dir, default_seeds_dir
    from quizapp.core.store import ProfileStore

    bank = Library(default_questions_dir(), default_seeds_dir(), cache).bank()
    store = ProfileStore(profiles, cache_dir=cache)
    pristine: dict[int, Path] = {}
    for size in SIZES:
        with store.open(name_for(size)) as opened:
            add_past_attempts(opened, bank, size * PER_ATTEMPT, per_attempt=PER_ATTEMPT)
        with store.open(name_for(size)):
            pass  # a second open, as a second start finds it (nothing left to catch up)
        copy = profiles.parent / "pristine" / str(size)
        shutil.copytree(store.person_folder(name_for(size)), copy)
        pristine[size] = copy
    return pristine


def reset(profiles: Path, size: int, pristine: dict[int, Path]) -> None:
    from quizapp.core.store import name_key

    folder = profiles / name_key(name_for(size))
    shutil.rmtree(folder)
    shutil.copytree(pristine[size], folder)


def run_path(size: int, env: dict[str, str]) -> tuple[float, float]:
    """`quizapp path` in a fresh process: (wall seconds to exit, its CPU seconds)."""
    argv = [sys.executable, "-m", "quizapp", "path", "--profile", name_for(size)]
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=HERE.parent
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"quizapp path ({size}): exit status {process.returncode}\n{errors}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed rounds")
    args = parser.parse_args()
    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-history-") as temp:
        profiles, cache = Path(temp) / "profiles", Path(temp) / "cache"
        started = time.perf_counter()
        pristine = build_profiles(profiles, cache)
        print(f"built {len(SIZES)} profiles in {time.perf_counter() - started:.0f} s")
        env = {**os.environ, "QUIZAPP_PROFILES": str(profiles), "QUIZAPP_CACHE": str(cache)}
        env["TEXTUAL_DRIVER"] = HEADLESS_DRIVER
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(temp) / "pycache")
        common = ["--profiles", str(profiles)]
        variants = {
            (size, thing): Variant(
                f"{thing} {size}",
                f"{thing} ({size} attempts)",
                "home" if thing == "home" else "question",
                [*common, "--profile", name_for(size)]
                + (["--mode", "review", "--seed", "1"] if thing == "review" else []),
            )
            for size in SIZES
            for thing in ("home", "review")
        }
        cells = {(size, thing): Cell() for size in SIZES for thing in THINGS}
        pairs = list(cells)
        started = time.perf_counter()
        for round_index in range(WARMUP + args.runs):
            order = list(pairs)
            random.Random(round_index).shuffle(order)
            for size, thing in order:
                if thing == "path":
                    wall, cpu = run_path(size, env)
                else:
                    if thing == "review":
                        reset(profiles, size, pristine)
                    wall, payload, _ = run_once(variants[(size, thing)], env)
                    cpu = float(payload["cpu_s"])  # type: ignore[arg-type]
                if round_index >= WARMUP:
                    cells[(size, thing)].wall.append(wall)
                    cells[(size, thing)].cpu.append(cpu)
        took = time.perf_counter() - started
    print(
        f"{args.runs} rounds after {WARMUP} warm-up, every (profile, thing) pair once per round in "
        f"a seeded random order ({took:.0f} s in all). Medians in ms; the ratio is to the 1 row."
    )
    print()
    header = "| past attempts | " + " | ".join(
        f"{thing} wall | {thing} CPU | {thing} CPU ratio" for thing in THINGS
    )
    print(header + " |")
    print("|---" * (1 + 3 * len(THINGS)) + "|")
    base = {thing: statistics.median(cells[(SIZES[0], thing)].cpu) for thing in THINGS}
    base_wall = {thing: statistics.median(cells[(SIZES[0], thing)].wall) for thing in THINGS}
    for size in SIZES:
        row = [f"{size:,}"]
        for thing in THINGS:
            cell = cells[(size, thing)]
            wall, cpu = statistics.median(cell.wall), statistics.median(cell.cpu)
            row += [f"{1000 * wall:.0f}", f"{1000 * cpu:.0f}", f"{cpu / base[thing]:.2f}"]
        print("| " + " | ".join(row) + " |")
    print()
    ok = True
    for thing in THINGS:
        largest = cells[(SIZES[-1], thing)]
        cpu_ratio = statistics.median(largest.cpu) / base[thing]
        wall_ratio = statistics.median(largest.wall) / base_wall[thing]
        passed = cpu_ratio <= MAX_RATIO
        ok = ok and passed
        print(
            f"{thing}: {SIZES[-1]:,} attempts / 1 attempt = {cpu_ratio:.2f}x CPU "
            f"({wall_ratio:.2f}x wall), target {MAX_RATIO}x: {verdict(passed)}"
        )
    print(f"all targets: {verdict(ok)}")


if __name__ == "__main__":
    main()
