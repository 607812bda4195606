"""The teacher's live picture of a class quiz: who joined, where each student is, how each question goes.

Built from the class folder alone (the students' profiles and the teacher's control file), so it
works the same for a browser class under `quizapp serve` and for students running `quizapp --pack`
in their own terminals against one shared folder. It only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from quizapp.core.bank import Bank, is_graded
from quizapp.core.classcontrol import ClassControl, ControlError, ControlStore, deadline
from quizapp.core.profile import Attempt
from quizapp.core.report import QuestionRow, build_report
from quizapp.core.scoring import effective_status, latest_answers
from quizapp.core.store import PROFILE_FILE, ProfileError, ProfileStore

IDLE_AFTER = timedelta(minutes=3)
"""A student with an open quiz and no answer for this long is shown as idle."""

STATUS_WORDS = {
    "answering": "answering",
    "idle": "idle",
    "finished": "finished",
    "timed_out": "timed out",
    "abandoned": "left",
}
"""How each roster status reads."""


@dataclass
class RosterRow:
    """One student's line of the live view."""

    name: str
    """The student's name as they typed it."""
    key: str
    """Their profile folder (the case-folded name): what controls are keyed by."""
    status: str
    """answering, idle, finished, timed_out or abandoned (see `STATUS_WORDS`)."""
    reached: int
    """The question they are on (1-based; the total once they are done)."""
    total: int
    """Questions in their quiz."""
    answered: int
    """Questions answered."""
    right: int | None
    """Right so far, where feedback is immediate (None when answers are held back)."""
    seconds_left: int | None
    """Time left, when the quiz has a deadline and is still open."""
    last_seen: datetime
    """Their last answer, or the start."""


@dataclass
class ClassSnapshot:
    """The whole class at one moment."""

    pack_id: str
    """The pack watched."""
    taken_at: datetime
    """When this picture was taken (UTC)."""
    rows: list[RosterRow] = field(default_factory=list)
    """One row per student who joined, by name."""
    questions: list[QuestionRow] = field(default_factory=list)
    """Each question's results so far, hardest first."""
    problems: list[str] = field(default_factory=list)
    """Files that could not be read, with why (the rest goes on)."""
    ended: datetime | None = None
    """When the teacher ended the quiz, if they did."""

    def count(self, status: str) -> int:
        """How many students have this status."""
        return sum(1 for row in self.rows if row.status == status)

    @property
    def answered_share(self) -> float:
        """The class's progress: answers given out of questions to answer, 0 to 1."""
        total = sum(row.total for row in self.rows)
        return sum(row.answered for row in self.rows) / total if total else 0.0


def _latest_pack_attempt(store: ProfileStore, person: Path, pack_id: str) -> Attempt | None:
    latest: Attempt | None = None
    for path in store.attempt_paths(person):
        attempt = store.read_attempt(path)
        if attempt.pack_id == pack_id:
            latest = attempt
    return latest


def _row(
    name: str, key: str, attempt: Attempt, bank: Bank, control: ClassControl, now: datetime
) -> RosterRow:
    pack = control.for_pack(attempt.pack_id)
    status = effective_status(attempt, now, pack, key)
    answers = latest_answers(attempt)
    asked = [qid for qid in attempt.question_ids if qid in bank]
    answered = len({answer.question_id for answer in answers})
    last_seen = max([attempt.started, *(answer.answered_at for answer in answers)])
    if status == "active":
        status = "idle" if now - last_seen >= IDLE_AFTER else "answering"
    right = None
    if attempt.feedback == "immediate":
        right = sum(
            1
            for answer in answers
            if answer.correct and (question := bank.get(answer.question_id)) and is_graded(question)
        )
    seconds_left = None
    ends = deadline(attempt.started, attempt.time_limit_seconds, pack, key)
    if ends is not None and status in ("answering", "idle"):
        seconds_left = max(0, int((ends - now).total_seconds()))
    reached = min(len(asked), answered + 1) if status in ("answering", "idle") else len(asked)
    return RosterRow(
        name, key, status, reached, len(asked), answered, right, seconds_left, last_seen
    )


def class_snapshot(folder: Path, bank: Bank, pack_id: str, now: datetime) -> ClassSnapshot:
    """The live picture of one pack in one class folder at `now` (reads only).

    Args:
        folder: the class folder (the students' profiles folder).
        bank: the question bank, for question results.
        pack_id: the pack to watch.
        now: the time the picture is for (UTC).
    """
    snapshot = ClassSnapshot(pack_id, now)
    try:
        control = ControlStore(folder).load()
    except ControlError as error:
        control = ClassControl()
        snapshot.problems.append(str(error.problem))
    snapshot.ended = control.for_pack(pack_id).ended
    store = ProfileStore(folder)
    people = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    for person in people:
        if not (person / PROFILE_FILE).is_file():
            continue
        try:
            profile = store.read_profile(person)
            attempt = _latest_pack_attempt(store, person, pack_id)
        except ProfileError as error:
            snapshot.problems.append(str(error.problem))
            continue
        if attempt is not None:
            snapshot.rows.append(_row(profile.name, person.name, attempt, bank, control, now))
    snapshot.rows.sort(key=lambda row: row.name.casefold())
    snapshot.questions = build_report(folder, bank, pack_id, now=now).questions
    return snapshot
