"""What every benchmark script prints alike: the machine line, PASS/FAIL, percentiles."""

from __future__ import annotations

import math
import os
import platform


def machine_line() -> str:
    """One line naming the machine the numbers come from, with its load average when known."""
    try:
        load = " | load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = ""
    return (
        f"machine: {platform.platform()} | {platform.machine()} | "
        f"python {platform.python_version()} ({platform.python_implementation()}) | "
        f"cpus {os.cpu_count()}{load}"
    )


def verdict(ok: bool) -> str:
    """How a target is reported."""
    return "PASS" if ok else "FAIL"


def p90(values: list[float]) -> float:
    """The 90th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]
