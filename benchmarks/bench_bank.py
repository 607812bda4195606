"""Bank loading: how `load_bank` scales with the number of questions, against the TOML parse floor.

Generates synthetic, valid banks of 1,000, 10,000 and 50,000 questions in a temp dir (every kind,
several files per bank, every quote a real passage from the seed documents so the quote check
passes), then times for each:

* parse: reading every bank file and `tomllib.loads` of its text, the floor nothing can beat;
* load_bank: the project's whole load (read + parse + validate + cross-bank checks);

and the real shipped bank's load + check. Run: `.venv/bin/python benchmarks/bench_bank.py`
(`--profile 10000` prints a cProfile of `load_bank` on a synthetic bank of that size instead).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
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

from quizapp.core.bank import AREAS, ROLES, TOPICS, AnyQuestion, Bank
from quizapp.core.loader import (
    Documents,
    bank_files,
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
KIND_WEIGHTS = {"single": 26, "multi": 14, "true_false": 15, "role": 16, "self_rating": 12}
"""The kind mix, as in the real bank."""

MAX_RATIO = 1.2
"""Target: load_bank / parse floor at every size."""
MAX_LINEAR_DRIFT = 1.5
"""Target: µs per question at the biggest size within this factor of the smallest size."""
MAX_REAL_MS = 100.0
"""Target: the real bank loads and checks in less than this."""


def machine_line() -> str:
    """One line naming the machine the numbers come from."""
    return (
        f"machine: {platform.platform()} | {platform.machine()} | "
        f"python {platform.python_version()} ({platform.python_implementation()}) | "
        f"cpus {os.cpu_count()}"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


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
        f"difficulty = {1 + index % 3}",
    ]
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
    if kind == "self_rating":
        ratings = ["Very much", "Somewhat", "A little", "Not at all"][: 2 + index % 3]
        for level, text in enumerate(ratings):
            lines += ["[[questions.options]]", f"text = {s(text)}"]
            if level < 2:
                lines += [f"engineer = {2 - level}", f"developer = {level + 1}"]
            lines.append(f"interest = {max(0, 3 - level)}")
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


def timed(run: Callable[[], object]) -> float:
    """Seconds one call of `run` takes (after a collection, so earlier garbage is not billed)."""
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


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
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
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
    clock = time.perf_counter
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
    load_bank with the collector off, and each step. Then the cProfile listing.
    """
    runs = 3
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-bank-") as temp:
        folder = Path(temp) / f"bank-{size}"
        write_bank(folder, size, quotes)
        check_valid(folder, seeds, size)
        print(machine_line())
        print(f"load_bank on {size:,} synthetic questions, median of {runs} runs, no profiler")
        floor = statistics.median(timed(lambda: parse_floor(folder)) for _ in range(runs))
        whole: list[float] = []
        collector: list[float] = []
        counts: list[list[int]] = []
        for _ in range(runs):
            with GcTimer() as timer:
                whole.append(timed(lambda: load_bank(folder, seeds)))
            collector.append(timer.seconds)
            counts.append(timer.collections)
        no_gc: list[float] = []
        for _ in range(runs):
            gc.disable()
            try:
                no_gc.append(timed(lambda: load_bank(folder, seeds)))
            finally:
                gc.enable()
        steps = [phases(folder, seeds) for _ in range(runs)]
        floor_ms = floor * 1000
        print(f"  parse floor (read + tomllib.loads)   {floor_ms:9.1f} ms")
        whole_ms = statistics.median(whole) * 1000
        print(
            f"  load_bank                            {whole_ms:9.1f} ms  ratio {whole_ms / floor_ms:.2f}"
        )
        gc_ms = statistics.median(collector) * 1000
        print(
            f"    of which in the garbage collector  {gc_ms:9.1f} ms  "
            f"({gc_ms / whole_ms:.0%}; collections per generation {counts[len(counts) // 2]})"
        )
        off_ms = statistics.median(no_gc) * 1000
        print(
            f"  load_bank with gc disabled           {off_ms:9.1f} ms  ratio {off_ms / floor_ms:.2f}"
        )
        print("  steps of load_bank (gc on):")
        for name in steps[0]:
            ms = statistics.median(step[name] for step in steps) * 1000
            print(f"    {name:<12} {ms:9.1f} ms  {ms * 1000 / size:7.2f} µs/question")
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
    print()

    real_dir = default_questions_dir()
    first_real = timed(lambda: load_bank(real_dir, seeds))
    real_bank, _, real_problems = load_bank(real_dir, seeds)
    real_times = [timed(lambda: load_bank(real_dir, seeds)) for _ in range(REAL_REPEATS)]
    real_ms = statistics.median(real_times) * 1000

    real_bytes = sum(path.stat().st_size for path in bank_files(real_dir))
    rows: list[tuple[int, int, int, int, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-bank-") as temp:
        for size in SIZES:
            folder = Path(temp) / f"bank-{size}"
            files = write_bank(folder, size, quotes)
            size_bytes = sum(path.stat().st_size for path in bank_files(folder))
            check_valid(folder, seeds, size)  # also the warm-up run
            parse_times: list[float] = []
            whole_times: list[float] = []
            for _ in range(REPEATS[size]):  # interleaved, so drift hits both alike
                parse_times.append(timed(lambda folder=folder: parse_floor(folder)))
                whole_times.append(timed(lambda folder=folder: load_bank(folder, seeds)))
            parse, whole = statistics.median(parse_times), statistics.median(whole_times)
            rows.append((size, files, size_bytes, REPEATS[size], parse, whole))

    print("Synthetic banks (median of the runs; parse = read + tomllib.loads of every file)")
    header = (
        f"{'questions':>9} {'files':>5} {'MB':>5} {'runs':>4} {'parse ms':>10} {'load_bank ms':>12} "
        f"{'ratio':>6} {'µs/question':>11}   target ratio <= {MAX_RATIO}"
    )
    print(header)
    print("-" * len(header))
    ratios: list[float] = []
    per_question: list[float] = []
    for size, files, size_bytes, runs, parse, whole in rows:
        ratio = whole / parse
        micros = whole / size * 1e6
        ratios.append(ratio)
        per_question.append(micros)
        print(
            f"{size:>9,} {files:>5} {size_bytes / 1e6:>5.1f} {runs:>4} {parse * 1000:>10.1f} {whole * 1000:>12.1f} "
            f"{ratio:>6.2f} {micros:>11.1f}   {verdict(ratio <= MAX_RATIO)}"
        )
    print()
    print(
        f"Real bank: {real_dir} ({len(real_bank)} questions, {real_bytes / 1e3:.0f} KB, "
        f"{len(real_problems)} problems): "
        f"load+check median {real_ms:.1f} ms over {REAL_REPEATS} runs "
        f"(first call {first_real * 1000:.1f} ms)"
    )
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
    worst_real = max(real_ms, first_real * 1000)
    print(
        f"  real bank load+check < {MAX_REAL_MS:.0f} ms (median and first call): "
        f"{real_ms:.1f} ms / {first_real * 1000:.1f} ms  {verdict(worst_real < MAX_REAL_MS)}"
    )


if __name__ == "__main__":
    main()
