"""Where a forked browser student's first screen spends its CPU, without a web server.

Does what `quizapp serve`'s fork helper does (`quizapp.zygote._preload`: imports, the checked
bank, the warm-up quiz, frozen), then forks students one after another, as the helper does: each
runs quizapp for its own name with Textual's web driver on pipes, exactly as under `quizapp
serve`, and stops at its first screen (question 1 of the sample pack). Prints each student's CPU
time to that point (its own process, from the fork) and, with `--profile`, a cProfile listing of
one student's start summed over several.

Run: `.venv/bin/python benchmarks/profile_first_screen.py` (`--students N`, `--profile`,
`--without one_layout,shared_css` for an A/B of quizapp's patches to Textual, in one run with
`--compare`). About 10 s. One student at a time, so other work on the machine skews it little.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACK = REPO / "questions" / "packs" / "backend-roles-class.toml"


def drain(fd: int) -> None:
    """Read a child's screen output until it closes (so its writes never block)."""
    with os.fdopen(fd, "rb", buffering=0) as pipe:
        while pipe.read(65536):
            pass


def one_student(setup: object, name: str, profile_to: Path | None) -> float:
    """Fork one student like the helper does; return its CPU seconds at its first screen."""
    import gc
    import random

    from quizapp.launch import run_student

    stdin_read, stdin_write = os.pipe()
    stdout_read, stdout_write = os.pipe()
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(stdin_write)
        os.close(stdout_read)
        os.close(result_read)
        os.dup2(stdin_read, 0)
        os.dup2(stdout_write, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        random.seed()
        gc.enable()
        # CPU time, not wall time: waits for the disk (fsync) or the pipe are not what a start costs.
        profiler = cProfile.Profile(time.process_time) if profile_to else None

        def first_screen() -> None:
            cpu = time.process_time()
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(str(profile_to))
            os.write(result_write, f"{cpu}\n".encode())
            os._exit(0)

        if profiler is not None:
            profiler.enable()
        run_student(setup, name, first_screen)  # type: ignore[arg-type]
        os._exit(1)
    for fd in (stdin_read, stdout_write, result_write):
        os.close(fd)
    reader = threading.Thread(target=drain, args=(stdout_read,), daemon=True)
    reader.start()
    with os.fdopen(result_read, "rb") as result:
        line = result.readline()
    os.close(stdin_write)
    os.waitpid(pid, 0)
    if not line:
        raise SystemExit(f"student {name} never showed its first screen")
    return float(line)


def run(students: int, without: list[str], profile: bool, label: str) -> list[float]:
    """Preload as the helper does (in a child, so A and B never share a process), fork
    `students` students one after another; return their CPU seconds at the first screen."""
    result_read, result_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(result_read)
        code = 1
        try:
            values = _helper(students, without, profile, label)
            os.write(result_write, (" ".join(map(str, values)) + "\n").encode())
            code = 0
        finally:
            os._exit(code)
    os.close(result_write)
    with os.fdopen(result_read, "rb") as result:
        line = result.readline().decode()
    os.waitpid(pid, 0)
    return [float(value) for value in line.split()]


def _helper(students: int, without: list[str], profile: bool, label: str) -> list[float]:
    from _patches import disable

    from quizapp.zygote import SHARED_ENVIRONMENT

    os.environ.update(SHARED_ENVIRONMENT)
    os.environ.update({"COLUMNS": "100", "ROWS": "30"})
    disable(without)
    with tempfile.TemporaryDirectory(prefix="quizapp-first-screen-") as temp:
        return _students(Path(temp), students, profile, label)


def _students(folder: Path, students: int, profile: bool, label: str) -> list[float]:
    from quizapp.launch import StudentSetup, folders
    from quizapp.zygote import _preload

    questions, seeds = folders(REPO / "questions", REPO / "seeds")
    setup = StudentSetup(questions, seeds, folder / "class", PACK)
    (folder / "class").mkdir()
    _preload(setup)
    values = []
    stats: pstats.Stats | None = None
    for number in range(students):
        dump = folder / f"student-{number}.prof" if profile else None
        values.append(one_student(setup, f"Student {number:03d}", dump))
        if dump is not None:
            stats = pstats.Stats(str(dump)) if stats is None else stats.add(str(dump))  # type: ignore[func-returns-value]
    if stats is not None:
        print(f"== {label}: cProfile of {students} students' starts, by cumulative time")
        stats.sort_stats("cumulative").print_stats(os.environ.get("PROFILE_FILTER", ""), 45)
        print(f"== {label}: by own time")
        stats.sort_stats("tottime").print_stats(30)
        sys.stdout.flush()
    return values


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=15, help="students, one at a time")
    parser.add_argument("--profile", action="store_true", help="print cProfile listings")
    parser.add_argument(
        "--without", default="", help="patches to turn off: one_layout,shared_css (comma-separated)"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="A/B in this run: with every patch, then without each, then without both, "
        "interleaved round by round",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds with --compare")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from _report import machine_line

    print(machine_line())
    if not args.compare:
        values = run(args.students, args.without.split(","), args.profile, "students")
        print(
            f"CPU s at the first screen, {len(values)} forked students: median "
            f"{statistics.median(values):.4f}, mean {statistics.mean(values):.4f}, "
            f"min {min(values):.4f}, max {max(values):.4f}"
        )
        return 0
    variants = {
        "with both patches": [],
        "without one_layout": ["one_layout"],
        "without shared_css": ["shared_css"],
        "without either": ["one_layout", "shared_css"],
    }
    results: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, without in variants.items():
            results[name] += run(args.students, without, False, name)
    base = statistics.median(results["with both patches"])
    print(f"CPU s at the first screen per forked student ({args.rounds} rounds x {args.students}):")
    for name, values in results.items():
        median = statistics.median(values)
        print(
            f"  {name:<20} median {median:.4f}  mean {statistics.mean(values):.4f}  "
            f"({median / base:.2f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
