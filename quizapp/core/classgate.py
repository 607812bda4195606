"""A class quiz's rules applied to one student at one moment: wait, start, resume, results or ended.

Pure decisions, from the pack's rules, the teacher's controls and the student's own attempts of the
pack; every face (the app, the plain mode, a browser student under `quizapp serve`) only renders
them:

- **the lobby**: with `start = "teacher"` students wait until the teacher starts everyone at once,
  and every clock starts then (a student who joins later gets the time that is left);
- **attempts**: each student may make `attempts` of them (default 1), plus any the teacher gives;
- **closing**: the quiz closes for the class when the teacher ends it, or when every clock has run
  out; a student who joins after that is told so and no attempt is made;
- **held-back results**: with `feedback = "end"` a student's score and answers are shown only once
  the quiz has closed for the class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

from quizapp.core.classcontrol import PackControl, time_deadline
from quizapp.core.profile import Attempt

ClosedBy = Literal["teacher", "time"]
"""Why a quiz (for the class, or one attempt) closed: the teacher ended it, or time ran out."""

CLOSED_WORDS: dict[ClosedBy, str] = {
    "teacher": "ended by your teacher",
    "time": "time ran out",
}
"""How each reason reads to a student."""

EntryKind = Literal["resume", "wait", "start", "done", "ended"]
"""What a student meets on joining: go on with their open attempt, wait in the lobby, start an
attempt, see their results (no attempt left), or the news that the quiz has ended (never taken)."""


class ClassRules(Protocol):
    """What the decisions read of a pack (a `Pack` fits; tests pass small stand-ins)."""

    @property
    def id(self) -> str:
        """The pack's id."""

    @property
    def start(self) -> Literal["teacher", "immediate"]:
        """Lobby (`teacher`) or each student at once (`immediate`)."""

    @property
    def attempts(self) -> int:
        """Attempts each student may make."""

    @property
    def time_limit_minutes(self) -> int | None:
        """The whole quiz's time limit."""

    @property
    def feedback(self) -> Literal["immediate", "end"]:
        """Right or wrong at once, or results only when the class closes."""


@dataclass(frozen=True)
class ClassEntry:
    """The decision for one student joining (or coming back to) a class quiz."""

    kind: EntryKind
    """See `EntryKind`."""
    attempt: Attempt | None = None
    """`resume`: the open attempt; `done`: the latest attempt that ended (its results)."""
    clock_start: datetime | None = None
    """`start`: when the new attempt's clock starts (the teacher's start, in a lobby quiz)."""
    attempts_left: int = 0
    """Attempts the student may still start (after this one, for `start`)."""
    closed: ClosedBy | None = None
    """Why the quiz is closed for the class, if it is."""


def class_time_ends(rules: ClassRules, control: PackControl) -> datetime | None:
    """When every clock of a lobby quiz has run out: the teacher's start plus the time limit and
    the most extra time anyone has (None without a start, a limit, or a lobby)."""
    if rules.start != "teacher" or control.started is None or rules.time_limit_minutes is None:
        return None
    return control.started + timedelta(minutes=rules.time_limit_minutes) + control.most_extra()


def class_closed(
    rules: ClassRules,
    control: PackControl,
    now: datetime,
    clocks: Iterable[datetime | None] = (),
) -> ClosedBy | None:
    """Whether the quiz has closed for the whole class at `now`, and why.

    Args:
        rules: the pack.
        control: the teacher's controls of the pack.
        now: the moment asked about (UTC).
        clocks: for a quiz without a lobby, when each attempt's time runs out (`time_deadline`;
            None for an attempt with no limit): it closes once every one has run out. A lobby
            quiz's clocks all start at the teacher's start, so the controls alone say.

    Returns:
        "teacher" once the teacher ended it, "time" once every clock has run out, else None.
    """
    if control.ended is not None and now >= control.ended:
        return "teacher"
    if rules.time_limit_minutes is None:
        return None
    if rules.start == "teacher":
        ends = class_time_ends(rules, control)
        return "time" if ends is not None and now >= ends else None
    known = list(clocks)
    if not known or any(ends is None for ends in known):
        return None
    return "time" if now >= max(ends for ends in known if ends is not None) else None


def attempt_class_closed(attempt: Attempt, control: PackControl, now: datetime) -> ClosedBy | None:
    """Whether the class quiz of `attempt` has closed, judged from the attempt alone (when the
    pack's rules are not at hand, as for a history line): the teacher ended it, or the attempt's
    time plus the most extra time anyone has is over. Without a limit or an end: not closed."""
    if control.ended is not None and now >= control.ended:
        return "teacher"
    if attempt.time_limit_seconds is None:
        return None
    ends = attempt.started + timedelta(seconds=attempt.time_limit_seconds) + control.most_extra()
    return "time" if now >= ends else None


def closing_reason(attempt: Attempt, control: PackControl, student_key: str) -> ClosedBy | None:
    """Why an attempt that timed out closed: the teacher's end came first, or its time ran out.

    None for an attempt that is open, finished by the student, or left. Worked out from the
    attempt and the controls (the attempt file records only "timed out"), so every face says the
    same words.
    """
    if attempt.status != "timed_out":
        return None
    by_time = time_deadline(attempt.started, attempt.time_limit_seconds, control, student_key)
    ended = control.ended
    if ended is not None and ended >= attempt.started and (by_time is None or ended <= by_time):
        return "teacher"
    return "time"


def attempts_allowed(rules: ClassRules, control: PackControl, student_key: str) -> int:
    """How many attempts one student may make: the pack's, plus any the teacher gave them."""
    return rules.attempts + control.extra_attempts_for(student_key)


def class_entry(
    rules: ClassRules,
    control: PackControl,
    student_key: str,
    attempts: Sequence[Attempt],
    now: datetime,
    closed: ClosedBy | None,
) -> ClassEntry:
    """What one student meets on joining the class quiz at `now`.

    Args:
        rules: the pack.
        control: the teacher's controls of the pack.
        student_key: the student's profile folder name (controls are keyed by it).
        attempts: the student's attempts of this pack, oldest first.
        now: the moment (UTC).
        closed: `class_closed` for the class at `now`.

    An open attempt is always resumed (its clock closes it if its time is over). Attempts within
    the pack's allowance start only while the class quiz is open; one the teacher gave on top
    starts even after it closed, with its own clock (another go for one student).
    """
    mine = [attempt for attempt in attempts if attempt.pack_id == rules.id]
    if mine and mine[-1].is_open:
        return ClassEntry("resume", mine[-1], closed=closed)
    used = len(mine)
    allowed = attempts_allowed(rules, control, student_key)
    latest = mine[-1] if mine else None
    if used >= allowed:
        return ClassEntry("done", latest, closed=closed)
    granted_by_teacher = used >= rules.attempts
    if closed is not None and not granted_by_teacher:
        return ClassEntry("done" if latest else "ended", latest, closed=closed)
    if rules.start == "teacher" and not granted_by_teacher:
        if control.started is None:
            return ClassEntry("wait", latest, attempts_left=allowed - used, closed=closed)
        clock = min(control.started, now)
    else:
        clock = now
    return ClassEntry("start", None, clock, attempts_left=allowed - used - 1, closed=closed)


def results_held_back(attempt: Attempt, closed: ClosedBy | None) -> bool:
    """Whether an ended attempt's score and answers must wait: `feedback = "end"` and the quiz
    has not yet closed for the class."""
    return attempt.pack_id is not None and attempt.feedback == "end" and closed is None


WAITING_WORDS = (
    "Waiting for your teacher to start the quiz. It starts for everyone at once, and your clock "
    "starts then: keep this open."
)
"""What a student in the lobby reads."""
HELD_BACK_WORDS = "Submitted: your results come when the class ends."
"""What a student who finished reads while results are held back (they appear by themselves)."""
ENDED_WORDS = "This class quiz has ended, so it cannot be taken any more. Ask your teacher."
"""What a student who never took the quiz reads once it has closed (no attempt is made)."""


def done_words(attempts_used: int) -> str:
    """What a student with no attempt left reads above their results."""
    taken = "once" if attempts_used == 1 else f"{attempts_used} times"
    return f"You have taken this class quiz {taken}; ask your teacher if you need another go."
