"""Shared fixtures. Each block is owned by the tests that introduced it; keep names distinct."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.bank import Bank
from quizapp.core.loader import load_checked_bank
from quizapp.core.store import ProfileStore

# ---------------------------------------------------------------- every test: one time zone

# Times a person reads are local; the tests read them in UTC whatever zone the machine is in.
os.environ["TZ"] = "UTC"
time.tzset()

# ---------------------------------------------------------------- every test: the wall clock moved

SHIFT_DAYS_VARIABLE = "QUIZAPP_TEST_SHIFT_DAYS"
"""Set to a number of days to run the whole suite with the wall clock moved that far (`make pytest` sets it to 365)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests (marked `first`, then `slow`) go first: the parallel workers take them
    while every other test still waits, instead of one worker running a 25 s test at the end."""

    def rank(item: pytest.Item) -> int:
        if item.get_closest_marker("first"):
            return 0
        return 1 if item.get_closest_marker("slow") else 2

    items.sort(key=rank)


@pytest.fixture(autouse=True, scope="session")
def shifted_wall_clock() -> Iterator[None]:
    """Move the wall clock when asked, so a test that reads the real clock instead of its fixed one fails.

    A test written today that secretly depends on today's date (a plan with a fixed date, a store
    on the real clock) passes until the day it breaks; run a year ahead, it breaks at once.
    """
    days = os.environ.get(SHIFT_DAYS_VARIABLE)
    if not days:
        yield
        return
    import time_machine

    with time_machine.travel(datetime.now(UTC) + timedelta(days=float(days)), tick=True):
        yield


# ---------------------------------------------------------------- every test: its own cache folder


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh QUIZAPP_CACHE for every test (and the quizapp processes it starts), never ~/.cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("QUIZAPP_CACHE", str(folder))
    return folder


# ---------------------------------------------------------------- core: tiny bank, clock, store

_TESTS = Path(__file__).resolve().parent
_SEEDS = _TESTS.parent / "seeds"


class FixedClock:
    """A UTC clock that stands still until a test moves it; pass it as `ProfileStore(clock=...)`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward by `timedelta(**delta)` and return the new time."""
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def tiny_bank_dir() -> Path:
    """The tiny test bank folder (its `questions/` holds every kind in every topic)."""
    return _TESTS / "data" / "tiny_bank"


@pytest.fixture
def tiny_bank(tiny_bank_dir: Path) -> Bank:
    """The tiny test bank, loaded and checked against the real seed documents."""
    return load_checked_bank(tiny_bank_dir / "questions", _SEEDS)


@pytest.fixture
def fixed_clock() -> FixedClock:
    """A clock fixed at 2026-11-22 04:15:00 UTC."""
    return FixedClock(datetime(2026, 11, 22, 4, 15, 0, tzinfo=UTC))


@pytest.fixture
def store(
    tmp_path: Path, fixed_clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ProfileStore]:
    """A profile store in a temp folder (also set as QUIZAPP_PROFILES), on the fixed clock."""
    folder = tmp_path / "profiles"
    monkeypatch.setenv("QUIZAPP_PROFILES", str(folder))
    yield ProfileStore(folder, clock=fixed_clock)


# ---------------------------------------------------------------- class server: the real clock


def real_utc_now() -> datetime:
    """Now on the real clock, even while the suite runs with the wall clock moved (see
    `shifted_wall_clock`): for times a test writes for, or reads from, a `quizapp serve` process,
    which runs on the real clock."""
    if os.environ.get(SHIFT_DAYS_VARIABLE):
        from time_machine import escape_hatch

        return escape_hatch.datetime.datetime.now(UTC)
    return datetime.now(UTC)
