"""Run `quizapp serve` with some of quizapp's patches to Textual turned off (for bench_serve's A/B).

Usage: `python benchmarks/_serve_with.py --without one_layout,shared_css -- serve ARGS...`
"""

from __future__ import annotations

import sys

from _patches import disable


def main() -> int:
    args = sys.argv[1:]
    without = ""
    if args[:1] == ["--without"]:
        without, args = args[1], args[2:]
    if args[:1] == ["--"]:
        args = args[1:]
    disable(without.split(","))
    from quizapp.cli import main as quizapp_main

    return quizapp_main(args)


if __name__ == "__main__":
    sys.exit(main())
