"""Property and fuzz tests of the profile files: any model round-trips; no input crashes the reader."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.core.profile import (
    Answer,
    Attempt,
    PathState,
    Profile,
    ReviewState,
    Settings,
)
from quizapp.core.store import (
    InvalidNameError,
    OpenProfile,
    ProfileError,
    ProfileStore,
    check_name,
)
from quizapp.core.validation import EARLIEST_YEAR, LATEST_YEAR

INT64 = st.integers(min_value=-(2**63 - 1), max_value=2**63 - 1)
"""TOML integers are 64-bit (a seed may be any of them but the one without a positive twin)."""
COUNT = st.integers(min_value=0, max_value=10**9)
"""Counters: anything up to the format's bound."""
CHOICE = st.integers(min_value=0, max_value=63)
"""A choice index."""

# ---------------------------------------------------------------- strategies


def _valid_name(text: str) -> bool:
    try:
        return check_name(text) == text
    except InvalidNameError:
        return False


names = st.text(
    alphabet=st.characters(categories=["L", "N"]) | st.sampled_from(" -_"),
    min_size=1,
    max_size=40,
).filter(_valid_name)
"""Unicode names that pass check_name unchanged."""

utc_times = st.datetimes(
    min_value=datetime(EARLIEST_YEAR, 1, 1),
    max_value=datetime(LATEST_YEAR, 12, 31, 23, 59, 59),
    timezones=st.just(UTC),
).map(lambda moment: moment.replace(microsecond=0))
"""Datetimes in UTC, whole seconds (as profiles store them), in the years a profile may hold."""

ids = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
"""Question, step, pack and role ids as the bank allows them."""
fingerprints = st.from_regex(r"[A-Za-z0-9_-]{1,20}", fullmatch=True)
"""Question and pack fingerprints."""
orders = st.integers(min_value=0, max_value=9).flatmap(
    lambda size: st.permutations(list(range(size)))
)
"""Choice orders: a permutation of 0..n-1."""

responses = st.one_of(
    st.booleans(),
    CHOICE,
    st.lists(CHOICE, max_size=10),
    ids,
)
"""Every Response type, including odd values: negatives, duplicates, empty lists, empty strings."""

answers = st.builds(
    Answer,
    question_id=ids,
    response=responses,
    correct=st.none() | st.booleans(),
    credit=st.floats(min_value=0.0, max_value=1.0),
    answered_at=utc_times,
    seconds=st.floats(min_value=0.0, max_value=1e7, allow_infinity=False),
    version=fingerprints,
)

attempt_ids = st.builds(
    lambda moment, mode, suffix: (
        moment.strftime("%Y%m%dT%H%M%SZ") + f"-{mode}" + (f"-{suffix}" if suffix else "")
    ),
    utc_times,
    st.sampled_from(["full", "topic", "quick", "review", "pack"]),
    st.integers(min_value=0, max_value=99),
)
"""Attempt ids as the session makes them (they are also file names)."""

attempts = st.builds(
    Attempt,
    id=attempt_ids,
    mode=st.sampled_from(["full", "topic", "quick", "review", "pack"]),
    topic=st.none() | st.sampled_from(["duties", "skills", "tools"]),
    pack_id=st.none() | ids,
    pack_fingerprint=st.none() | fingerprints,
    seed=INT64,
    status=st.sampled_from(["active", "finished", "abandoned", "timed_out"]),
    started=utc_times,
    finished=st.none() | utc_times,
    time_limit_seconds=st.none() | st.integers(min_value=1, max_value=36000),
    feedback=st.sampled_from(["immediate", "end"]),
    pass_mark=st.none() | st.floats(min_value=0.0, max_value=1.0),
    question_ids=st.lists(ids, max_size=40),
    versions=st.dictionaries(ids, fingerprints, max_size=10),
    choice_orders=st.dictionaries(ids, orders, max_size=10),
    answers=st.lists(answers, max_size=60),
)

review_states = st.builds(
    ReviewState,
    phase=st.sampled_from(["learning", "review", "relearning"]),
    step=st.none() | st.integers(min_value=0, max_value=100),
    stability=st.none()
    | st.floats(min_value=0.001, max_value=1e6, allow_nan=False, allow_infinity=False),
    difficulty=st.none()
    | st.floats(min_value=1, max_value=10, allow_nan=False, allow_infinity=False),
    misses=COUNT,
    last_seen=utc_times,
    due=utc_times,
)

profiles = st.builds(
    Profile,
    name=names,
    created=utc_times,
    last_activity=utc_times,
    answers_total=COUNT,
    current_attempt=st.none() | attempt_ids,
    settings=st.builds(Settings, theme=ids),
    path=st.builds(
        PathState,
        chosen=st.none() | st.sampled_from(["engineer", "developer"]),
        steps=st.dictionaries(
            ids, st.sampled_from(["todo", "learning", "skipped", "done"]), max_size=10
        ),
    ),
    review=st.dictionaries(ids, review_states, max_size=20),
)


@pytest.fixture(scope="module")
def opened() -> Iterator[OpenProfile]:
    """One profile held open for every example (function-scoped tmp_path would be shared anyway)."""
    with tempfile.TemporaryDirectory() as folder:
        store = ProfileStore(Path(folder) / "profiles")
        with store.open("Round Trip") as profile:
            yield profile


# ---------------------------------------------------------------- round trips


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles)
def test_any_profile_round_trips(opened: OpenProfile, profile: Profile) -> None:
    """OpenProfile.save then read_profile gives back the same Profile."""
    opened.profile = profile
    opened.save()
    assert opened.store.read_profile(opened.folder) == profile


@pytest.mark.first
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(attempt=attempts)
def test_any_attempt_round_trips(opened: OpenProfile, attempt: Attempt) -> None:
    """OpenProfile.save_attempt then read_attempt gives back the same Attempt."""
    opened.save_attempt(attempt)
    assert opened.store.read_attempt(opened.attempt_path(attempt.id)) == attempt


# ---------------------------------------------------------------- fuzz: only ProfileError, ever

_NOW = datetime(2026, 11, 22, 4, 15, tzinfo=UTC)


def _time(rng: random.Random, days: int = 0) -> datetime | str:
    """A time as TOML writes it natively or as the ISO string the store writes."""
    moment = _NOW + timedelta(days=days)
    return moment if rng.random() < 0.5 else moment.isoformat().replace("+00:00", "Z")


def _valid_profile_data(rng: random.Random) -> dict[str, Any]:
    review = {
        f"q{index}": {
            "box": rng.randrange(4),
            "misses": rng.randrange(1, 5),
            "last_seen": _time(rng),
            "due": _time(rng, days=1),
        }
        for index in range(rng.randrange(3))
    }
    return {
        "schema_version": 2,
        "name": "Zoë",
        "created": _time(rng),
        "last_activity": _time(rng),
        "answers_total": rng.randrange(100),
        "current_attempt": "20261122T041500Z-quick",
        "settings": {"theme": "nord"},
        "path": {"chosen": "engineer", "steps": {"learn-sql": "done"}},
        "review": review,
    }


def _valid_attempt_data(rng: random.Random) -> dict[str, Any]:
    answers = [
        {
            "question_id": f"q{index}",
            "response": rng.choice([True, 2, [0, 2], "both"]),
            "correct": rng.choice([True, False]),
            "credit": rng.choice([0.0, 0.5, 1.0]),
            "answered_at": _time(rng),
            "seconds": 1.5,
            "version": "0123456789ab",
        }
        for index in range(rng.randrange(4))
    ]
    return {
        "schema_version": 2,
        "id": "20261122T041500Z-quick",
        "mode": "quick",
        "seed": 7,
        "status": "active",
        "started": _time(rng),
        "question_ids": ["q0", "q1", "q2", "q3"],
        "versions": {"q0": "0123456789ab"},
        "choice_orders": {"q0": [2, 0, 1]},
        "answers": answers,
    }


def _odd_value(rng: random.Random, depth: int = 0) -> Any:
    """A TOML value of a random, probably wrong, type."""
    choices: list[Callable[[], Any]] = [
        lambda: rng.randint(-(2**63), 2**63 - 1),
        lambda: rng.choice([0, 1, 2, 3, -1, 99]),
        lambda: rng.random() * rng.choice([1, -1, 1e300]),
        lambda: rng.choice([float("inf"), float("-inf"), float("nan")]),
        lambda: rng.choice([True, False]),
        lambda: "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(6))),
        lambda: rng.choice(["many", "", "2", "active", "engineer", "1970-01-01"]),
        lambda: _NOW.replace(tzinfo=None),
        lambda: _NOW.date(),
        lambda: _NOW.time(),
        lambda: _NOW + timedelta(days=rng.randrange(-(10**5), 10**5)),
    ]
    if depth < 2:
        choices += [
            lambda: [_odd_value(rng, depth + 1) for _ in range(rng.randrange(3))],
            lambda: {
                rng.choice(["theme", "x", "box", "0", ""]): _odd_value(rng, depth + 1)
                for _ in range(rng.randrange(3))
            },
        ]
    return rng.choice(choices)()


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path into nested tables and arrays."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


def _mutate(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Replace, delete or add a few keys anywhere in `data` with values of random types."""
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(list(_paths(data)))
        parent: Any = data
        for part in path[:-1]:
            parent = parent[part]
        action = rng.random()
        if action < 0.6:
            parent[path[-1]] = _odd_value(rng)
        elif action < 0.8 and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[rng.choice(["extra", "theme", "Name", "settings"])] = _odd_value(rng)
    return data


def _random_bytes(rng: random.Random, valid: bytes) -> bytes:
    del valid
    return rng.randbytes(rng.randrange(0, 400))


def _truncated(rng: random.Random, valid: bytes) -> bytes:
    return valid[: rng.randrange(0, len(valid))]


def _flipped(rng: random.Random, valid: bytes) -> bytes:
    damaged = bytearray(valid)
    for _ in range(rng.randint(1, 4)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


CASES_PER_KIND = 300


def _profile_cases(kind: str) -> Iterator[bytes]:
    rng = random.Random(f"profile:{kind}")
    for _ in range(CASES_PER_KIND):
        data = _valid_profile_data(rng)
        if kind == "wrong_types_v1":
            data["schema_version"] = rng.choice([1, None])
            if data["schema_version"] is None:
                del data["schema_version"]
            data["theme"] = "nord"
            yield tomli_w.dumps(_mutate(data, rng)).encode("utf-8")
        elif kind == "wrong_types_v2":
            data = _mutate(data, rng)
            data["schema_version"] = 2  # a missing version means 1; that case has its own kind
            yield tomli_w.dumps(data).encode("utf-8")
        elif kind == "bad_schema_version":
            data["schema_version"] = _odd_value(rng)
            yield tomli_w.dumps(data).encode("utf-8")
        else:
            valid = tomli_w.dumps(data).encode("utf-8")
            yield {"random_bytes": _random_bytes, "truncated": _truncated, "flipped": _flipped}[
                kind
            ](rng, valid)


def _attempt_cases(kind: str) -> Iterator[bytes]:
    rng = random.Random(f"attempt:{kind}")
    for _ in range(CASES_PER_KIND):
        data = _valid_attempt_data(rng)
        if kind.startswith("wrong_types"):
            data = _mutate(data, rng)
            data["schema_version"] = 1 if kind == "wrong_types_v1" else 2
            yield tomli_w.dumps(data).encode("utf-8")
        elif kind == "bad_schema_version":
            data["schema_version"] = _odd_value(rng)
            yield tomli_w.dumps(data).encode("utf-8")
        else:
            valid = tomli_w.dumps(data).encode("utf-8")
            yield {"random_bytes": _random_bytes, "truncated": _truncated, "flipped": _flipped}[
                kind
            ](rng, valid)


def _unexpected(read: Callable[[], object], cases: Iterator[bytes], target: Path) -> list[str]:
    """Write each case to `target`, read it, and describe every exception other than ProfileError."""
    failures = []
    count = 0
    for case in cases:
        count += 1
        target.write_bytes(case)
        try:
            read()
        except ProfileError:
            pass
        except Exception as error:  # noqa: BLE001 - the point is to catch anything else
            failures.append(f"{type(error).__name__}: {error}\n  input: {case[:300]!r}")
    assert count == CASES_PER_KIND
    return failures


FUZZ_KINDS = [
    pytest.param("random_bytes", id="random_bytes"),
    pytest.param("truncated", id="truncated"),
    pytest.param("flipped", id="flipped_bytes"),
    pytest.param("wrong_types_v2", id="wrong_types_v2"),
    pytest.param("bad_schema_version", id="bad_schema_version"),
    pytest.param("wrong_types_v1", id="wrong_types_v1"),
]


@pytest.mark.parametrize("kind", FUZZ_KINDS)
def test_malformed_profiles_raise_only_profile_error(tmp_path: Path, kind: str) -> None:
    """read_profile on 300 malformed profile.toml files of one kind raises nothing but ProfileError."""
    store = ProfileStore(tmp_path)
    folder = tmp_path / "fuzz"
    folder.mkdir()
    failures = _unexpected(
        lambda: store.read_profile(folder),
        _profile_cases(kind),
        folder / "profile.toml",
    )
    assert not failures, f"{len(failures)} unexpected exception(s); first:\n{failures[0]}"


@pytest.mark.parametrize("kind", [param for param in FUZZ_KINDS if param.id != "wrong_types_v1"])
def test_malformed_attempts_raise_only_profile_error(tmp_path: Path, kind: str) -> None:
    """read_attempt on 300 malformed attempt files of one kind raises nothing but ProfileError."""
    store = ProfileStore(tmp_path)
    target = tmp_path / "20261122T041500Z-quick.toml"
    failures = _unexpected(lambda: store.read_attempt(target), _attempt_cases(kind), target)
    assert not failures, f"{len(failures)} unexpected exception(s); first:\n{failures[0]}"


def test_old_attempt_versions_raise_only_profile_error(tmp_path: Path) -> None:
    """read_attempt on 300 malformed schema_version 1 attempt files raises nothing but ProfileError."""
    store = ProfileStore(tmp_path)
    target = tmp_path / "20261122T041500Z-quick.toml"
    failures = _unexpected(
        lambda: store.read_attempt(target), _attempt_cases("wrong_types_v1"), target
    )
    assert not failures, f"{len(failures)} unexpected exception(s); first:\n{failures[0]}"
