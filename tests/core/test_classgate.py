"""The class quiz's decisions for one student: lobby, attempts, closing for the class, held-back results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import pytest

from quizapp.core.classcontrol import PackControl, StudentControl
from quizapp.core.classgate import (
    attempts_allowed,
    class_closed,
    class_entry,
    closing_reason,
    results_held_back,
)
from quizapp.core.profile import Attempt, AttemptStatus

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """`minutes` after the start of the lesson."""
    return START + timedelta(minutes=minutes)


@dataclass(frozen=True)
class Rules:
    """A pack's rules as the decisions read them."""

    id: str = "class-7"
    start: Literal["teacher", "immediate"] = "teacher"
    attempts: int = 1
    time_limit_minutes: int | None = 10
    feedback: Literal["immediate", "end"] = "end"


def attempt(
    status: AttemptStatus = "finished",
    started: float = 0,
    limit: int | None = 600,
    pack_id: str | None = "class-7",
    feedback: Literal["immediate", "end"] = "end",
) -> Attempt:
    """A pack attempt with no answers (the decisions never read them)."""
    return Attempt(
        id="20261122T090000Z-pack",
        mode="pack",
        pack_id=pack_id,
        status=status,
        started=at(started),
        time_limit_seconds=limit,
        feedback=feedback,
        question_ids=["q-one"],
    )


CLOSED = [
    # (rules, control, now in minutes, clocks of a class without a lobby, expected)
    pytest.param(Rules(), PackControl(), 60, (), None, id="lobby-never-started"),
    pytest.param(Rules(), PackControl(started=at(0)), 9, (), None, id="lobby-running"),
    pytest.param(Rules(), PackControl(started=at(0)), 10, (), "time", id="lobby-clock-out"),
    pytest.param(
        Rules(), PackControl(started=at(0), extra_minutes=5), 12, (), None, id="class-extension"
    ),
    pytest.param(
        Rules(),
        PackControl(started=at(0), students={"sam": StudentControl(extra_minutes=30)}),
        20,
        (),
        None,
        id="one-students-extension-keeps-it-open",
    ),
    pytest.param(Rules(), PackControl(started=at(0), ended=at(3)), 3, (), "teacher", id="ended"),
    pytest.param(
        Rules(time_limit_minutes=None), PackControl(started=at(0)), 600, (), None, id="no-limit"
    ),
    pytest.param(Rules(start="immediate"), PackControl(), 60, (), None, id="nobody-joined-yet"),
    pytest.param(
        Rules(start="immediate"), PackControl(), 12, (at(10), at(15)), None, id="one-clock-left"
    ),
    pytest.param(
        Rules(start="immediate"), PackControl(), 15, (at(10), at(15)), "time", id="every-clock-out"
    ),
    pytest.param(
        Rules(start="immediate"), PackControl(), 99, (at(10), None), None, id="an-unlimited-clock"
    ),
]


@pytest.mark.parametrize(("rules", "control", "now", "clocks", "expected"), CLOSED)
def test_when_the_quiz_closes_for_the_class(
    rules: Rules,
    control: PackControl,
    now: float,
    clocks: tuple[datetime | None, ...],
    expected: str | None,
) -> None:
    """The teacher's end, or every clock run out (the class's start plus the longest extension)."""
    assert class_closed(rules, control, at(now), clocks) == expected


REASONS = [
    # (attempt, control, expected)
    pytest.param(attempt("finished"), PackControl(ended=at(3)), None, id="finished-by-student"),
    pytest.param(attempt("timed_out"), PackControl(), "time", id="time-ran-out"),
    pytest.param(attempt("timed_out"), PackControl(ended=at(4)), "teacher", id="teacher-first"),
    pytest.param(
        attempt("timed_out"), PackControl(ended=at(15)), "time", id="teacher-after-the-clock"
    ),
    pytest.param(
        attempt("timed_out", limit=None), PackControl(ended=at(15)), "teacher", id="no-limit"
    ),
    pytest.param(attempt("active"), PackControl(ended=at(4)), None, id="still-open"),
]


@pytest.mark.parametrize(("item", "control", "expected"), REASONS)
def test_ended_by_the_teacher_or_time_ran_out(
    item: Attempt, control: PackControl, expected: str | None
) -> None:
    """The words a student reads follow what closed the attempt first."""
    assert closing_reason(item, control, "sam") == expected


ENTRIES = [
    # (rules, control, the student's attempts, now, closed, expected kind, clock start)
    pytest.param(Rules(), PackControl(), [], 1, None, "wait", None, id="lobby-waits"),
    pytest.param(
        Rules(), PackControl(started=at(0)), [], 0.5, None, "start", at(0), id="started-together"
    ),
    pytest.param(
        Rules(), PackControl(started=at(0)), [], 4, None, "start", at(0), id="late-joiner-shares"
    ),
    pytest.param(
        Rules(),
        PackControl(started=at(0), ended=at(5)),
        [],
        6,
        "teacher",
        "ended",
        None,
        id="after-the-end-no-attempt",
    ),
    pytest.param(
        Rules(),
        PackControl(started=at(0)),
        [attempt("active")],
        3,
        None,
        "resume",
        None,
        id="resume",
    ),
    pytest.param(
        Rules(),
        PackControl(started=at(0)),
        [attempt("finished")],
        3,
        None,
        "done",
        None,
        id="one-attempt-used",
    ),
    pytest.param(
        Rules(),
        PackControl(started=at(0)),
        [attempt("abandoned")],
        3,
        None,
        "done",
        None,
        id="a-left-attempt-counts",
    ),
    pytest.param(
        Rules(attempts=2),
        PackControl(started=at(0)),
        [attempt()],
        3,
        None,
        "start",
        at(0),
        id="second-of-two",
    ),
    pytest.param(
        Rules(attempts=2),
        PackControl(started=at(0), ended=at(5)),
        [attempt()],
        6,
        "teacher",
        "done",
        None,
        id="no-second-after-the-end",
    ),
    pytest.param(
        Rules(),
        PackControl(started=at(0), ended=at(5), students={"sam": StudentControl(extra_attempts=1)}),
        [attempt()],
        30,
        "teacher",
        "start",
        at(30),
        id="another-go-from-the-teacher",
    ),
    pytest.param(
        Rules(start="immediate"),
        PackControl(),
        [],
        7,
        None,
        "start",
        at(7),
        id="no-lobby",
    ),
    pytest.param(
        Rules(),
        PackControl(started=at(0)),
        [attempt(pack_id="other")],
        3,
        None,
        "start",
        at(0),
        id="another-packs-attempt-is-not-counted",
    ),
]


@pytest.mark.parametrize(
    ("rules", "control", "attempts", "now", "closed", "kind", "clock"), ENTRIES
)
def test_what_a_joining_student_meets(
    rules: Rules,
    control: PackControl,
    attempts: list[Attempt],
    now: float,
    closed: Literal["teacher", "time"] | None,
    kind: str,
    clock: datetime | None,
) -> None:
    """Lobby, shared clock, attempts used, ended for latecomers, another go given by the teacher."""
    entry = class_entry(rules, control, "sam", attempts, at(now), closed)
    assert entry.kind == kind
    assert entry.clock_start == clock
    if kind in ("resume", "done"):
        assert entry.attempt is attempts[-1]
    if kind == "ended":
        assert entry.attempt is None


def test_attempts_allowed_adds_the_teachers_extra() -> None:
    """The pack's allowance plus what the teacher gave this student only."""
    control = PackControl(students={"sam": StudentControl(extra_attempts=2)})
    assert attempts_allowed(Rules(attempts=1), control, "sam") == 3
    assert attempts_allowed(Rules(attempts=1), control, "ann") == 1


HELD = [
    pytest.param(attempt(feedback="end"), None, True, id="end-class-open"),
    pytest.param(attempt(feedback="end"), "teacher", False, id="end-class-closed"),
    pytest.param(attempt(feedback="end"), "time", False, id="end-clocks-out"),
    pytest.param(attempt(feedback="immediate"), None, False, id="immediate"),
    pytest.param(attempt(pack_id=None), None, False, id="not-a-class-quiz"),
]


@pytest.mark.parametrize(("item", "closed", "held"), HELD)
def test_results_held_back_until_the_class_closes(
    item: Attempt, closed: Literal["teacher", "time"] | None, held: bool
) -> None:
    """With feedback at the end, nobody's results show before the quiz closes for everyone."""
    assert results_held_back(item, closed) is held
