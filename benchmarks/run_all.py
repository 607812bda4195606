"""Run every `benchmarks/bench_*.py` in turn, each in its own process, and print their tables.

Targets are reported by each script (PASS/FAIL), not asserted: a missed target does not fail the
run. Only a benchmark that crashes makes the exit status non-zero.

Run: `.venv/bin/python benchmarks/run_all.py` (or `make bench`).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    crashed: list[str] = []
    for script in scripts:
        print(f"=== {script.name} " + "=" * max(0, 60 - len(script.name)), flush=True)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], check=False)
        took = time.perf_counter() - start
        if result.returncode != 0:
            crashed.append(f"{script.name} (exit status {result.returncode})")
        print(f"--- {script.name} took {took:.0f} s", flush=True)
        print()
    if crashed:
        print(f"crashed: {', '.join(crashed)}")
        return 1
    print(f"ran {len(scripts)} benchmark(s); targets are reported above, not asserted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
