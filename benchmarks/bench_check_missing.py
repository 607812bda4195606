"""`quizapp check` on a bank whose every quote is not found: the closest-passage search must stay linear.

Each not-found quote is shown with the closest real passage. The first version compared the quote
with every window of its document, character by character: 3,000 such quotes took 276 s. This
writes synthetic banks of 300, 1,000 and 3,000 questions (as `bench_bank.py` does) whose quotes are
real passages with one word changed, so none is found, then times the whole `load_bank` (read,
parse, validate, check, and a closest passage for every question), on the wall clock. Run:
`.venv/bin/python benchmarks/bench_check_missing.py` (about half a minute).
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from _report import machine_line, verdict
from bench_bank import passages, write_bank

from quizapp.core.loader import Documents, load_bank
from quizapp.core.locations import default_seeds_dir

SIZES = (300, 1_000, 3_000)
"""Banks of this many questions, every quote not found."""
MAX_SECONDS_3000 = 10.0
"""Target: 3,000 missing quotes checked in less than this."""
MAX_LINEAR_DRIFT = 2.0
"""Target: time per question at 3,000 within this factor of the time per question at 300."""


def damaged(quotes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each passage with one word replaced, so it is no longer in its document."""
    rng = random.Random(7)
    changed = []
    for doc, quote in quotes:
        words = quote.split()
        words[rng.randrange(len(words))] = "zqxj"
        changed.append((doc, " ".join(words)))
    return changed


def main() -> None:
    """Time the check of each bank and print the table."""
    seeds = default_seeds_dir()
    quotes = damaged(passages(Documents.load(seeds)))
    print(machine_line())
    print(f"{'questions':>9} {'not found':>9} {'seconds':>8} {'ms/question':>11}")
    per_question: dict[int, float] = {}
    seconds: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as temp:
        for size in SIZES:
            folder = Path(temp) / f"bank-{size}"
            write_bank(folder, size, quotes)
            start = time.perf_counter()
            _, _, problems = load_bank(folder, seeds)
            elapsed = time.perf_counter() - start
            missing = sum("source.quote: not found" in problem.message for problem in problems)
            assert missing == size, f"expected {size} quotes not found, got {missing}"
            seconds[size] = elapsed
            per_question[size] = 1000 * elapsed / size
            print(f"{size:>9,} {missing:>9,} {elapsed:>8.2f} {per_question[size]:>11.2f}")
    biggest, smallest = SIZES[-1], SIZES[0]
    drift = per_question[biggest] / per_question[smallest]
    print(
        f"target: {biggest:,} missing quotes in < {MAX_SECONDS_3000:.0f} s: "
        f"{seconds[biggest]:.2f} s {verdict(seconds[biggest] < MAX_SECONDS_3000)}"
    )
    print(
        f"target: ms/question at {biggest:,} within {MAX_LINEAR_DRIFT}x of {smallest}: "
        f"{drift:.2f}x {verdict(drift < MAX_LINEAR_DRIFT)}"
    )


if __name__ == "__main__":
    main()
