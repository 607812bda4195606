"""Bank loading: how `load_bank` scales with the number of questions, against the TOML parse floor.

Generates synthetic, valid banks of 1,000, 10,000 and 50,000 questions in a temp dir (every kind,
several files per bank, every quote a real passage from the seed documents so the quote check
passes), then times for each, in CPU time of this process (median of interleaved runs):

* parse: reading every bank file and `tomllib.loads` of its text, the floor nothing can beat;
* load_bank: the project's whole load (read + parse + validate + cross-bank checks);

and the real shipped bank's load + check on the wall clock. Run:
`.venv/bin/python benchmarks/bench_bank.py` (`--profile 10000` instead breaks `load_bank` down on a
synthetic bank of that size: garbage-collector share, each step, then cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import random
import re
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from _report import machine_line, verdict

from quizapp.core.bank import AREAS, ROLES, TOPICS, AnyQuestion, Bank, bank_files
from quizapp.core.loader import (
    Documents,
    check_questions,
    load_bank,
    parse_bank_file,
)
from quizapp.core.locations import default_questions_dir, default_seeds_dir

SIZES = (1_000, 10_000, 50_000)
"""Synthetic bank sizes, in questions."""
REPEATS = {1_000: 15, 10_000: 7, 50_000: 5}
"""Timed runs per size (the median is reported); fewer for the big bank to keep the run short."""
REAL_REPEATS = 21
"""Timed runs of the real bank."""
QUESTIONS_PER_FILE = 250
"""Questions per synthetic bank file (the real bank has a few files of some tens of questions)."""
KIND_WEIGHTS = {"single": 26, "multi": 14, "true_false": 15, "role": 16, "fit": 12}
"""The kind mix, as in the real bank."""

MAX_RATIO = 1.2
"""Target: load_bank / parse floor at every size."""
MAX_LINEAR_DRIFT = 1.5
"""Target: µs per question at the biggest size within this factor of the smallest size."""
MAX_REAL_MS = 100.0
"""Target: the real bank loads and checks in less than this."""


def passages(documents: Documents) -> list[tuple[str, str]]:
    """(doc, passage) pairs: sentences and clauses copied from the seed documents as written."""
    found: list[tuple[str, str]] = []
    for doc, text in documents.texts.items():
        for line in text.splitlines():
            for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
                pieces = [sentence, *sentence.split(", ")]
                for piece in pieces:
                    piece = piece.strip()
                    if len(piece) >= 20 and documents.contains(doc, piece):
                        found.append((doc, piece))
    if not found:
        raise SystemExit(f"no usable passages in the seed documents in {documents.folder}")
    return sorted(set(found))


def s(text: str) -> str:
    """A TOML basic string (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def question_toml(index: int, kind: str, rng: random.Random, quotes: list[tuple[str, str]]) -> str:
    """One `[[questions]]` table of `kind`, written the way the real bank writes them."""
    doc, quote = quotes[rng.randrange(len(quotes))]
    topic = TOPICS[index % len(TOPICS)]
    area = list(AREAS)[index % len(AREAS)]
    words = quote.split()
    lines = [
        "[[questions]]",
        f'id = "synthetic-{kind.replace("_", "-")}-{index:06d}"',
        f'kind = "{kind}"',
        f'topic = "{topic}"',
        f'area = "{area}"',
    ]
    if kind != "fit":
        lines.append(f"difficulty = {1 + index % 3}")
    if kind in ("single", "multi", "true_false") and index % 2:
        lines.append(f'about = "{ROLES[index % 3]}"')
    prompt = (
        f"Question {index}: according to the document, what is meant by '{' '.join(words[:8])}'?"
    )
    explanation = (
        f"The document says: {quote} That is why the right answer is right, in our own words "
        f"(synthetic question {index}). The other choices name work the documents give to the "
        "other role, or to neither."
    )
    lines += [f"prompt = {s(prompt)}"]
    if kind == "single":
        choices = [
            f"Choice {c} for question {index}: {' '.join(words[c : c + 4])}" for c in range(4)
        ]
        answer = index % 4
        wrong = (answer + 1) % 4
        lines += [
            f"choices = [{', '.join(s(c) for c in choices)}]",
            f"answer = {answer}",
            f'why_wrong = {{ {wrong} = "That choice belongs to the other role." }}',
        ]
    elif kind == "multi":
        count = 4 + index % 5
        choices = [f"Option {c} of question {index}" for c in range(count)]
        answers = sorted(rng.sample(range(count), 1 + index % (count - 1)))
        wrong = [c for c in range(count) if c not in answers][:2]
        notes = ", ".join(f'{c} = "Option {c} is named elsewhere."' for c in wrong)
        lines += [
            f"choices = [{', '.join(s(c) for c in choices)}]",
            f"answers = {answers}",
            f"why_wrong = {{ {notes} }}",
        ]
    elif kind == "true_false":
        lines.append(f"answer = {'true' if index % 2 else 'false'}")
    elif kind == "role":
        lines.append(f'answer = "{ROLES[index % 3]}"')
    lines += [
        f"explanation = {s(explanation)}",
        f"source = {{ doc = {s(doc)}, quote = {s(quote)} }}",
    ]
    if kind == "fit":
        # A balanced choice item: engineer, developer, both, neither (what `quizapp check` proves).
        lines += ['form = "choice"', f'label = "Synthetic choice {index}"']
        weights = ["engineer = 2", "developer = 2", "engineer = 1\ndeveloper = 1", ""]
        for number, weight in enumerate(weights):
            lines += ["[[questions.options]]", f'text = "Option {number} of item {index}"']
            lines += [weight] if weight else []
    return "\n".join(lines) + "\n"


def write_bank(folder: Path, size: int, quotes: list[tuple[str, str]]) -> int:
    """Write a bank of `size` questions into `folder`; return the number of files."""
    rng = random.Random(size)
    kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=size)
    folder.mkdir(parents=True)
    files = 0
    for start in range(0, size, QUESTIONS_PER_FILE):
        stop = min(size, start + QUESTIONS_PER_FILE)
        parts = [f"# Synthetic bank file {files}: questions {start} to {stop - 1}.\n"]
        for index in range(start, stop):
            if index % 10 == 0:
                parts.append(f"\n# {'-' * 64} {kinds[index]}\n")
            parts.append("\n" + question_toml(index, kinds[index], rng, quotes))
        topic = TOPICS[files % len(TOPICS)]
        (folder / f"{topic}-{files:04d}.toml").write_text("".join(parts), encoding="utf-8")
        files += 1
    return files


def parse_floor(folder: Path) -> None:
    """Read and parse every bank file, nothing more."""
    for path in bank_files(folder):
        tomllib.loads(path.read_text(encoding="utf-8"))


class Timing(NamedTuple):
    """One timed call: wall-clock seconds, and CPU seconds of this process (user + system)."""

    wall: float
    cpu: float


def timed(run: Callable[[], object]) -> Timing:
    """Time one call of `run` (after a collection, so earlier garbage is not billed)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def median_of(timings: list[Timing]) -> Timing:
    """The median wall time and the median CPU time of `timings`."""
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def load_average() -> str:
    """The 1-minute load average (other work on the machine skews wall-clock times)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def check_valid(folder: Path, seeds: Path, size: int) -> None:
    """Stop if a synthetic bank is not a valid bank of `size` questions (the numbers would lie)."""
    bank, _, problems = load_bank(folder, seeds)
    if problems or len(bank) != size:
        shown = "\n".join(str(problem) for problem in problems[:5])
        raise SystemExit(f"synthetic bank of {size} is invalid ({len(bank)} loaded):\n{shown}")


class GcTimer:
    """Time spent in the cyclic garbage collector and collections per generation, via gc.callbacks."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.process_time()
        else:
            self.seconds += time.process_time() - self._started
            self.collections[info["generation"]] += 1

    def __enter__(self) -> GcTimer:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        gc.callbacks.remove(self)


def phases(folder: Path, seeds: Path) -> dict[str, float]:
    """Seconds per step of load_bank, replayed with the loader's own functions (no profiler)."""
    took: dict[str, float] = dict.fromkeys(
        ("documents", "read+parse", "validate", "check", "bank"), 0.0
    )
    gc.collect()
    clock = time.process_time
    start = clock()
    documents = Documents.load(seeds)
    took["documents"] = clock() - start
    located: list[tuple[Path, AnyQuestion]] = []
    for path in bank_files(folder):
        start = clock()
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
        middle = clock()
        questions, _ = parse_bank_file(path, text, data)
        located.extend((path, question) for question in questions)
        took["read+parse"] += middle - start
        took["validate"] += clock() - middle
    start = clock()
    check_questions(located, documents)
    took["check"] = clock() - start
    start = clock()
    unique: dict[str, tuple[Path, AnyQuestion]] = {}
    for path, question in located:
        unique.setdefault(question.id, (path, question))
    Bank(
        [question for _, question in unique.values()],
        {qid: p.name for qid, (p, _) in unique.items()},
    )
    took["bank"] = clock() - start
    return took


def profile(size: int, seeds: Path, quotes: list[tuple[str, str]]) -> None:
    """Print where load_bank spends its time on a synthetic bank of `size` questions.

    First without a profiler (cProfile slows pure-Python tomllib far more than pydantic's compiled
    validation, so its shares mislead): the floor, load_bank with the garbage collector's share,
    load_bank with the collector off, and each step with the collector off. Then cProfile listings.
    """
    runs = REPEATS.get(size, 3) if size < 50_000 else 3
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-bank-") as temp:
        folder = Path(temp) / f"bank-{size}"
        write_bank(folder, size, quotes)
        check_valid(folder, seeds, size)
        print(machine_line())
        print(
            f"load_bank on {size:,} synthetic questions, median CPU time of {runs} runs, "
            f"no profiler (load average {load_average()})"
        )
        floors: list[Timing] = []
        whole: list[Timing] = []
        collector: list[float] = []
        counts: list[list[int]] = []
        no_gc: list[Timing] = []
        steps: list[dict[str, float]] = []
        for _ in range(runs):  # interleaved, so drift hits every measure alike
            floors.append(timed(lambda: parse_floor(folder)))
            with GcTimer() as timer:
                whole.append(timed(lambda: load_bank(folder, seeds)))
            collector.append(timer.seconds)
            counts.append(timer.collections)
            gc.disable()
            try:
                no_gc.append(timed(lambda: load_bank(folder, seeds)))
                steps.append(phases(folder, seeds))
            finally:
                gc.enable()
        floor = median_of(floors).cpu
        floor_ms = floor * 1000
        print(f"  parse floor (read + tomllib.loads)   {floor_ms:9.1f} ms")
        whole_ms = median_of(whole).cpu * 1000
        print(
            f"  load_bank                            {whole_ms:9.1f} ms  ratio {whole_ms / floor_ms:.2f}"
        )
        gc_ms = statistics.median(collector) * 1000
        print(
            f"    of which in the garbage collector  {gc_ms:9.1f} ms  "
            f"({gc_ms / whole_ms:.0%}; collections per generation {counts[len(counts) // 2]})"
        )
        off_ms = median_of(no_gc).cpu * 1000
        print(
            f"  load_bank with gc disabled           {off_ms:9.1f} ms  ratio {off_ms / floor_ms:.2f}"
        )
        print("  steps of load_bank (gc disabled, so each is its own work):")
        accounted = 0.0
        for name in steps[0]:
            ms = statistics.median(step[name] for step in steps) * 1000
            accounted += ms
            print(f"    {name:<12} {ms:9.1f} ms  {ms * 1000 / size:7.2f} µs/question")
        rest = off_ms - accounted
        print(
            f"    {'rest':<12} {rest:9.1f} ms  {rest * 1000 / size:7.2f} µs/question  (load_bank's own code)"
        )
        print()
        profiler = cProfile.Profile()
        profiler.enable()
        load_bank(folder, seeds)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(20)
        stats.sort_stats("cumulative").print_stats(r"quizapp|pydantic", 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--profile", type=int, metavar="N", help="cProfile load_bank on N questions instead"
    )
    args = parser.parse_args()

    seeds = default_seeds_dir()
    quotes = passages(Documents.load(seeds))
    if args.profile:
        profile(args.profile, seeds, quotes)
        return

    print(machine_line())
    print(f"seeds: {seeds} ({len(quotes)} real passages used as quotes)")
    print(f"load average at start: {load_average()}")
    print()

    real_dir = default_questions_dir()
    first_real = timed(lambda: load_bank(real_dir, seeds))
    real_bank, _, real_problems = load_bank(real_dir, seeds)
    real = median_of([timed(lambda: load_bank(real_dir, seeds)) for _ in range(REAL_REPEATS)])
    real_bytes = sum(path.stat().st_size for path in bank_files(real_dir))

    rows: list[tuple[int, int, int, int, Timing, Timing]] = []
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-bank-") as temp:
        for size in SIZES:
            folder = Path(temp) / f"bank-{size}"
            files = write_bank(folder, size, quotes)
            size_bytes = sum(path.stat().st_size for path in bank_files(folder))
            check_valid(folder, seeds, size)  # also the warm-up run
            parse_times: list[Timing] = []
            whole_times: list[Timing] = []
            for _ in range(REPEATS[size]):  # interleaved, so drift hits both alike
                parse_times.append(timed(lambda folder=folder: parse_floor(folder)))
                whole_times.append(timed(lambda folder=folder: load_bank(folder, seeds)))
            parse, whole = median_of(parse_times), median_of(whole_times)
            rows.append((size, files, size_bytes, REPEATS[size], parse, whole))

    print(
        "Synthetic banks: median CPU time of this process (user + system) over the runs, so other "
        "work on the machine does not skew it; parse = read + tomllib.loads of every file"
    )
    header = (
        f"{'questions':>9} {'files':>5} {'MB':>5} {'runs':>4} {'parse ms':>9} {'load_bank ms':>12} "
        f"{'ratio':>6} {'µs/question':>11} {'wall ratio':>10}   target ratio <= {MAX_RATIO}"
    )
    print(header)
    print("-" * len(header))
    ratios: list[float] = []
    per_question: list[float] = []
    for size, files, size_bytes, runs, parse, whole in rows:
        ratio = whole.cpu / parse.cpu
        micros = whole.cpu / size * 1e6
        ratios.append(ratio)
        per_question.append(micros)
        print(
            f"{size:>9,} {files:>5} {size_bytes / 1e6:>5.1f} {runs:>4} {parse.cpu * 1000:>9.1f} "
            f"{whole.cpu * 1000:>12.1f} {ratio:>6.2f} {micros:>11.1f} "
            f"{whole.wall / parse.wall:>10.2f}   {verdict(ratio <= MAX_RATIO)}"
        )
    print()
    print(
        f"Real bank: {real_dir} ({len(real_bank)} questions, {real_bytes / 1e3:.0f} KB, "
        f"{len(real_problems)} problems): load+check wall-clock median {real.wall * 1000:.1f} ms "
        f"over {REAL_REPEATS} runs (CPU {real.cpu * 1000:.1f} ms), first call "
        f"{first_real.wall * 1000:.1f} ms"
    )
    print(f"load average at end: {load_average()}")
    print()

    drift = per_question[-1] / per_question[0]
    print("Targets")
    print(
        f"  load_bank / parse <= {MAX_RATIO} at every size: "
        f"{', '.join(f'{r:.2f}' for r in ratios)}  {verdict(all(r <= MAX_RATIO for r in ratios))}"
    )
    print(
        f"  linear: µs/question at {SIZES[-1]:,} within {MAX_LINEAR_DRIFT}x of {SIZES[0]:,}: "
        f"{per_question[-1]:.1f} / {per_question[0]:.1f} = {drift:.2f}x  "
        f"{verdict(drift <= MAX_LINEAR_DRIFT)}"
    )
    worst_real = max(real.wall, first_real.wall) * 1000
    print(
        f"  real bank load+check < {MAX_REAL_MS:.0f} ms (wall clock, median and first call): "
        f"{real.wall * 1000:.1f} ms / {first_real.wall * 1000:.1f} ms  "
        f"{verdict(worst_real < MAX_REAL_MS)}"
    )


if __name__ == "__main__":
    main()
