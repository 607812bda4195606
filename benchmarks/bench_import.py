"""`quizapp import` on hostile files: is it linear in its input, each 200 kB file under 1 s?

Each row is a file built to hit one place where a reader could go quadratic: a GIFT comment of
`[tag:` tags that never close, `<a` (and other half-open HTML) in an HTML question text, `&lt;a` in
a Moodle XML text, general feedback made of `Source:` lines, thousands of questions with the same
name, thousands of weights, an Aiken file of choice lines. Every file is imported whole, as a
person would (`quizapp import FILE -o OUT.toml` through `quizapp.cli.main`, in this process, with
its messages thrown away), at a quarter of its size and at full size, each size three times (the
least CPU time kept), interleaved so drift on the machine hits them alike. A linear import takes
about four times as long at full size as at a quarter; a quadratic one sixteen times.

Targets: every full-size file imported in under 1 s of CPU time, and no row's full/quarter ratio
above 8. CPU time (`time.process_time`) is reported, not wall time, so other work on the machine
hardly moves the figures; the ratio is measured within one run.

Run: `.venv/bin/python benchmarks/bench_import.py` (about 20 seconds).
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _report import machine_line, verdict

from quizapp.cli import main

KB = 1000
MAX_SECONDS = 1.0
"""Target: CPU seconds to import each full-size file."""
MAX_RATIO = 8.0
"""Target: full size / quarter size (4 is linear, 16 quadratic)."""
RUNS = 3
"""Imports per size; the least CPU time is kept."""


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def gift_tags(size: int) -> str:
    return "// " + _repeat("[tag:", size) + "\n::q::What is asked here?{=yes ~no ~maybe}\n"


def gift_open_tags(size: int) -> str:
    return "::q::[html]" + _repeat("<a", size) + "{=yes ~no ~maybe}\n"


def gift_open_attributes(size: int) -> str:
    return "::q::[html]<b>x</b>" + _repeat("<a x='", size) + "{=yes ~no ~maybe}\n"


def gift_open_comments(size: int) -> str:
    return "::q::[html]<b>x</b>" + _repeat("<!--", size) + "{=yes ~no ~maybe}\n"


def gift_source_lines(size: int) -> str:
    lines = _repeat("\\n\\nSource\\: seed.txt\\: \u201cquote", size)
    return "::q::What is asked here?{=yes ~no ~maybe ####Because." + lines + "\u201d}\n"


def gift_same_names(size: int) -> str:
    return _repeat("::q::What is asked here?{=yes ~no ~maybe}\n\n", size)


def gift_weights(size: int) -> str:
    return "::q::What is asked here?{" + _repeat("~%50%half ", size) + "=right}\n"


def xml_open_tags(size: int) -> str:
    text = _repeat("&lt;a", size)
    return (
        '<?xml version="1.0"?><quiz><question type="multichoice"><name><text>q</text></name>'
        f'<questiontext format="html"><text>{text}</text></questiontext>'
        '<answer fraction="100"><text>yes</text></answer><answer fraction="0"><text>no</text>'
        '</answer><answer fraction="0"><text>maybe</text></answer></question></quiz>\n'
    )


def aiken_choices(size: int) -> str:
    return "What is asked here?\n" + _repeat("A) a choice\n", size) + "ANSWER: A\n"


CASES: list[tuple[str, str, int, Callable[[int], str]]] = [
    ("GIFT: `[tag:` in a comment, never closed", ".gift", 200 * KB, gift_tags),
    ("GIFT: `<a` in an HTML question", ".gift", 200 * KB, gift_open_tags),
    ("GIFT: `<a x='` in an HTML question", ".gift", 200 * KB, gift_open_attributes),
    ("GIFT: `<!--` in an HTML question", ".gift", 200 * KB, gift_open_comments),
    ("GIFT: `Source:` lines in the feedback", ".gift", 320 * KB, gift_source_lines),
    ("GIFT: questions all named `q`", ".gift", 200 * KB, gift_same_names),
    ("GIFT: `~%50%` weights", ".gift", 200 * KB, gift_weights),
    ("Moodle XML: `&lt;a` in an HTML text", ".xml", 200 * KB, xml_open_tags),
    ("Aiken: choice lines", ".aiken", 200 * KB, aiken_choices),
]


def cpu_seconds(source: Path, output: Path) -> float:
    """CPU time of one `quizapp import`, its messages thrown away."""
    output.unlink(missing_ok=True)
    sink = io.StringIO()
    start = time.process_time()
    with contextlib.redirect_stderr(sink), contextlib.redirect_stdout(sink):
        main(["import", str(source), "-o", str(output)])
    return time.process_time() - start


def run() -> bool:
    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="quizapp-bench-import-") as temp:
        folder = Path(temp)
        files: dict[tuple[int, int], Path] = {}
        for number, (_, suffix, size, build) in enumerate(CASES):
            for quarter in (0, 1):
                path = folder / f"case{number}-{quarter}{suffix}"
                path.write_text(build(size // 4 if quarter else size), encoding="utf-8")
                files[(number, quarter)] = path
        output = folder / "out" / "imported.toml"
        output.parent.mkdir()
        cpu_seconds(files[(0, 1)], output)  # warm-up: imports the readers and the models
        best: dict[tuple[int, int], float] = {}
        for _ in range(RUNS):
            for key, path in files.items():
                took = cpu_seconds(path, output)
                best[key] = min(best.get(key, took), took)
    print()
    print(
        "| input | size | CPU s (full size) | CPU s (quarter size) | full / quarter | under 1 s |"
    )
    print("|---|---|---|---|---|---|")
    ok = True
    for number, (label, _, size, _) in enumerate(CASES):
        full, quarter = best[(number, 0)], best[(number, 1)]
        ratio = full / quarter if quarter > 0.002 else float("nan")
        fast = full < MAX_SECONDS
        linear = not ratio > MAX_RATIO  # a ratio of tiny times (nan) is no evidence either way
        ok = ok and fast and linear
        shown = f"{ratio:.1f}" if ratio == ratio else "(too fast to tell)"
        print(
            f"| {label} | {size // KB} kB | {full:.3f} | {quarter:.3f} | {shown} | {verdict(fast)} |"
        )
    print()
    print(
        f"targets: every full-size file under {MAX_SECONDS:.0f} s of CPU, full/quarter at most "
        f"{MAX_RATIO:.0f} (4 is linear, 16 quadratic): {verdict(ok)}"
    )
    return ok


if __name__ == "__main__":
    run()
