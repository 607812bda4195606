"""One flow, many faces: every decision the app, the plain mode and the class server make, as values.

The faces only render what these functions return: who is opened (or asked about), which quiz
begins (resumed, asked about, started, nothing to ask), what the class clock says and what closing
for time tells the person, what an answer teaches, the results, the learning path and the home menu.
Everything is plain data and words (`Notice`, `Said`); no function here draws, prints or waits.

Outcomes are small frozen dataclasses grouped in unions (`Opening`, `Beginning`); a face matches on
their types. New outcomes (a class that has ended for a late joiner, results held back until the
class closes) are added as further members of these unions.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from quizapp.core.bank import (
    AREAS,
    ROLES,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    Source,
    TrueFalseQuestion,
    document_label,
    is_graded,
)
from quizapp.core.classcontrol import ControlError, ControlStore, PackControl, deadline
from quizapp.core.classgate import CLOSED_WORDS, ENDED_WORDS, ClassEntry, ClosedBy
from quizapp.core.formats import plural, when_words
from quizapp.core.problems import Problem
from quizapp.core.profile import Answer, Attempt, Response, ReviewState, StepMark
from quizapp.core.scoring import (
    ResponseError,
    Tally,
    attempt_score,
    latest_answers,
    outcome,
    response_text,
    right_answer_text,
    score,
)
from quizapp.core.session import (
    FULL_SIZE,
    QUICK_SIZE,
    TOPIC_SIZE,
    NothingToAsk,
    QuizSession,
    next_review,
    plan_attempt,
    review_queue,
)
from quizapp.core.store import (
    FoldedNameError,
    InvalidNameError,
    OpenProfile,
    ProfileError,
    ProfileLockedError,
    ProfileStore,
    describe_write_error,
)
from quizapp.core.words import (
    ATTEMPT_STATUS_WORDS,
    FIT_WORDS,
    MODE_WORDS,
    READINESS_WORDS,
    ROLE_QUESTION,
    ROLE_WORDS,
    STEP_STATUS_MARKS,
    STEP_STATUS_WORDS,
    TRUE_FALSE_QUESTION,
    mode_words,
)

if TYPE_CHECKING:
    from pathlib import Path

    from quizapp.core.packs import Pack
    from quizapp.core.paths import Catalogue
    from quizapp.core.recommend import PlannedStep, Recommendation

__all__ = [
    "ATTEMPT_STATUS_WORDS",
    "FIT_WORDS",
    "LATE_ANSWER",
    "MODE_WORDS",
    "NEXT_STEP_STATUS",
    "READINESS_WORDS",
    "ROLE_QUESTION",
    "ROLE_WORDS",
    "STEP_STATUS_MARKS",
    "STEP_STATUS_WORDS",
    "TOPIC_CHOICES",
    "TRUE_FALSE_QUESTION",
    "AskResumeOrAfresh",
    "answered_words",
    "HomeView",
    "PathChoice",
    "Beginning",
    "Blocked",
    "ClassClock",
    "ConfirmName",
    "Damaged",
    "Marked",
    "MenuEntry",
    "Miss",
    "Nothing",
    "Notice",
    "Opened",
    "Opening",
    "PathSection",
    "PathView",
    "Refused",
    "ResultsView",
    "Resumed",
    "Said",
    "Started",
    "Teaching",
    "begin",
    "begin_pack",
    "shown_choices",
    "class_clock",
    "class_controls",
    "close_for_time",
    "counter_words",
    "fit_item_range",
    "follow_next_path",
    "follow_path",
    "full_range",
    "history_lines",
    "home_view",
    "moves_on_at_once",
    "path_choices",
    "review_words",
    "verdict_headline",
    "home_menu",
    "leave_notice",
    "mark_step",
    "mode_words",
    "open_person",
    "path_view",
    "question_words",
    "record_answer",
    "results_view",
    "resume",
    "resume_current",
    "resume_question",
    "start_afresh",
    "session_clock",
    "step_lines",
    "teach",
    "teaching_for",
    "verdict_sentences",
    "where_words",
]

Severity = Literal["information", "warning", "error"]
"""How much a notice matters (the app's toast severities)."""


@dataclass(frozen=True)
class Notice:
    """Something a face tells the person in passing: a toast in the app, a line in the plain mode."""

    message: str
    """What is said, in whole sentences."""
    title: str = ""
    """A short heading (the app's toast title); the plain mode leaves it out."""
    severity: Severity = "information"
    """information, warning or error."""
    timeout: float | None = None
    """How long the app shows it, in seconds (None: the app's default)."""


@dataclass(frozen=True)
class Said:
    """One line of words: a face may set off its `label` (bold) and style it by `kind`."""

    text: str
    """The words after the label."""
    label: str = ""
    """A leading label such as "You answered: " (part of the words: plain mode prints it too)."""
    kind: Literal["verdict", "heading", "text", "quote", "gap"] = "text"
    """`verdict` (the first line of feedback, after which a face may put a sign), `heading` (a
    title), `text`, `quote` (a source passage), `gap` (a blank line between parts)."""

    def __str__(self) -> str:
        return self.label + self.text


GAP = Said("", kind="gap")
"""A blank line between parts."""


def _not_saved(error: OSError) -> Notice:
    """Nothing was saved, and why, in words."""
    return Notice(
        f"Nothing was saved: {describe_write_error(error)}. Your earlier answers are safe.",
        "Not saved",
        "error",
        15,
    )


# ---------------------------------------------------------------- opening a person


@dataclass(frozen=True)
class Opened:
    """The profile is open."""

    person: OpenProfile
    """The open profile (the face closes it when done)."""
    notice: Notice | None = None
    """Said on opening: it is open read-only, and why."""


@dataclass(frozen=True)
class ConfirmName:
    """The typed name folds to an existing profile's: ask whether it is theirs before opening it."""

    stored: str
    """The existing profile's name; on "yes", open it with `open_person(store, stored)`."""
    question: str
    """The yes/no question to ask."""
    declined: str
    """What to say on "no" (nothing is opened or created)."""


@dataclass(frozen=True)
class Refused:
    """The profile cannot be opened: a name not allowed, or the profile is open elsewhere."""

    message: str
    """Why, and what to do."""
    reason: Literal["name", "locked"]
    """`name` (choose another name) or `locked` (open in another quizapp)."""


@dataclass(frozen=True)
class Damaged:
    """A profile or attempt file cannot be read: the face shows the problem, never overwrites it."""

    problem: Problem
    """What is wrong, in which file."""
    corrupt: bool
    """Whether the file may be moved aside (a file from a newer quizapp must not be)."""
    name: str
    """The profile's name."""


Opening = Opened | ConfirmName | Refused | Damaged
"""What `open_person` decides."""


def open_person(store: ProfileStore, name: str) -> Opening:
    """Open (or create) `name`'s profile, or say why not.

    A name that folds to an existing profile's folder under another spelling (STRASSE for Straße)
    is the same profile: `ConfirmName` asks first; "yes" opens the stored name. The store checks
    that under the profile's lock, so two people typing such names at once cannot both pass.
    """
    try:
        person = store.open(name, exact=True)
    except FoldedNameError as folded:
        stored = folded.stored
        return ConfirmName(
            stored,
            f"A profile named {stored} already exists in this folder; is that you?",
            f"A profile named {stored} already exists in this folder: choose another name.",
        )
    except InvalidNameError as error:
        return Refused(f"Profile name {name!r} is not allowed: {error}", "name")
    except ProfileLockedError as error:
        return Refused(str(error.problem), "locked")
    except ProfileError as error:
        return Damaged(error.problem, error.corrupt, name)
    notice = None
    if person.read_only is not None:
        notice = Notice(
            f"Opened {person.profile.name} read-only: {person.read_only}.",
            "Read-only",
            "warning",
            20,
        )
    return Opened(person, notice)


# ---------------------------------------------------------------- beginning a quiz


@dataclass(frozen=True)
class Resumed:
    """An unfinished attempt goes on at its first unanswered question (or shows its results)."""

    session: QuizSession
    """The attempt's session; complete already (closed) when nothing is left to ask."""
    words: str
    """Where it resumes: "Resuming at question 4 of 10."."""
    notice: Notice | None = None
    """The bank changed since it began: how many questions were removed or edited."""


@dataclass(frozen=True)
class AskResumeOrAfresh:
    """Another quiz is unfinished: ask Resume (`resume`) or Start again (`start_afresh`)."""

    current: Attempt
    """The unfinished attempt."""
    question: str
    """The question, in words (see `resume_question`)."""
    resume_label: str = "Resume it"
    """What the resume choice is called ("Resume By topic: tools")."""
    afresh_label: str = "Start again"
    """What the other choice is called: "Start again" for the same quiz, else the quiz chosen
    ("Start Review of missed questions")."""


@dataclass(frozen=True)
class Started:
    """A new attempt is saved and its first question is due."""

    session: QuizSession
    """The new attempt's session."""
    words: str = ""
    """What the plain mode says first (a class quiz's title and size, an old attempt kept)."""


@dataclass(frozen=True)
class Nothing:
    """The mode has nothing to ask this person now (no review due, no questions)."""

    notice: Notice
    """Why, and when there will be."""


@dataclass(frozen=True)
class Blocked:
    """No quiz can start or go on: the profile is read-only, or a save failed."""

    notice: Notice
    """Why (nothing was changed)."""


@dataclass(frozen=True)
class Waiting:
    """A class quiz whose teacher has not started it yet: wait in the lobby (`begin_pack` again
    a second later starts it, for everyone at once)."""

    words: str
    """What the student reads while waiting."""


@dataclass(frozen=True)
class ClassDone:
    """No attempt of this class quiz is left: the latest one's results (held back until the
    quiz closes for the class when feedback is at the end)."""

    attempt: Attempt
    """The attempt whose results to show."""
    words: str
    """Why no new attempt starts."""


@dataclass(frozen=True)
class ClassEnded:
    """The class quiz closed before this student took it: nothing to take, no attempt made."""

    notice: Notice
    """What they are told."""


Beginning = (
    Resumed
    | AskResumeOrAfresh
    | Started
    | Nothing
    | Blocked
    | Damaged
    | Waiting
    | ClassDone
    | ClassEnded
)
"""What `begin` (and `begin_pack`, `resume`, `start_afresh`) decides."""


def _read_only(person: OpenProfile) -> Blocked | None:
    """Quizzes are off for a read-only profile: answers could not be saved."""
    if person.read_only is None:
        return None
    return Blocked(
        Notice(
            f"Quizzes are off: answers cannot be saved ({person.read_only}).",
            "Read-only",
            "warning",
            15,
        )
    )


def answered_words(attempt: Attempt) -> str:
    """How far an unfinished attempt got: "3 of 10 answered", or "3 answered" where questions
    are added until the verdict is sure (its total is not known)."""
    answered = len({answer.question_id for answer in attempt.answers})
    if attempt.mode in ("fit", "full"):
        return f"{answered} answered"
    return f"{answered} of {len(attempt.question_ids)} answered"


def resume_question(current: Attempt, mode: str | None = None, topic: str | None = None) -> str:
    """The resume-or-afresh question about an unfinished attempt, when `mode` (with `topic`) is
    chosen: what each answer really does (the unfinished one is never deleted)."""
    name = mode_words(current.mode, current.topic, current.pack_id)
    where = f"{name} ({answered_words(current)})"
    same = mode is None or (mode == current.mode and topic == current.topic)
    other = "" if same else _quoted_if_asked(mode_words(mode or "", topic))
    if same:
        choice = "Resume it, or start it again from the first question?"
    else:
        choice = f"Resume it, or leave it unfinished and start {other} instead?"
    return (
        f"You have an unfinished quiz: {where}. {choice} An unfinished quiz is never deleted: "
        "it stays in your history, marked left unfinished."
    )


def _quoted_if_asked(name: str) -> str:
    """A mode's name inside a sentence: "Which path fits me?" in quotes, so its question mark
    does not end the sentence."""
    return f"“{name}”" if name.endswith("?") else name


def _ask(current: Attempt, mode: str, topic: str | None) -> AskResumeOrAfresh:
    """Ask about `current` when `mode` was chosen, with choices named for what they do."""
    same = mode == current.mode and topic == current.topic
    return AskResumeOrAfresh(
        current,
        resume_question(current, mode, topic),
        f"Resume {mode_words(current.mode, current.topic, current.pack_id)}",
        "Start it again" if same else f"Start {mode_words(mode, topic)}",
    )


def _current(person: OpenProfile) -> Attempt | Damaged | None:
    """The unfinished attempt, or `Damaged` when its file cannot be read."""
    try:
        return person.current_attempt()
    except ProfileError as error:
        return Damaged(error.problem, error.corrupt, person.profile.name)


def begin(
    bank: Bank,
    person: OpenProfile,
    mode: str,
    topic: str | None = None,
    *,
    seed: int,
    now: datetime,
    ask_same: bool = False,
    monotonic: Callable[[], float] = time.monotonic,
) -> Beginning:
    """Begin a quiz of `mode`: resume the unfinished one of the same mode, or ask, or start one.

    With an unfinished attempt of another mode (or of the same mode when `ask_same`: the person
    chose it from a menu beside "Resume"), the answer is `AskResumeOrAfresh`.
    """
    blocked = _read_only(person)
    if blocked is not None:
        return blocked
    current = _current(person)
    if isinstance(current, Damaged):
        return current
    if current is not None:
        if current.mode == mode and current.topic == topic and not ask_same:
            return resume(bank, person, current, monotonic=monotonic)
        return _ask(current, mode, topic)
    return _plan_and_start(bank, person, mode, topic, None, seed=seed, now=now, monotonic=monotonic)


def start_afresh(
    bank: Bank,
    person: OpenProfile,
    current: Attempt,
    mode: str,
    topic: str | None = None,
    *,
    seed: int,
    now: datetime,
    monotonic: Callable[[], float] = time.monotonic,
) -> Beginning:
    """Start a new quiz of `mode`; the unfinished `current` is kept, marked abandoned.

    The new quiz is planned first: when it has nothing to ask, the unfinished one stays as it was.
    """
    blocked = _read_only(person)
    if blocked is not None:
        return blocked
    return _plan_and_start(
        bank, person, mode, topic, current, seed=seed, now=now, monotonic=monotonic
    )


def _plan_and_start(
    bank: Bank,
    person: OpenProfile,
    mode: str,
    topic: str | None,
    abandon: Attempt | None,
    *,
    seed: int,
    now: datetime,
    monotonic: Callable[[], float],
) -> Beginning:
    try:
        attempt = plan_attempt(bank, person.profile, mode, seed=seed, now=now, topic=topic)  # type: ignore[arg-type]
    except NothingToAsk as error:
        return Nothing(Notice(str(error), "Nothing to ask"))
    return _start(bank, person, attempt, abandon, monotonic=monotonic)


def _start(
    bank: Bank,
    person: OpenProfile,
    attempt: Attempt,
    abandon: Attempt | None,
    *,
    monotonic: Callable[[], float],
    words: str = "",
) -> Beginning:
    """Close `abandon` (kept, marked abandoned), then save `attempt` as the current one."""
    if abandon is not None:
        try:
            QuizSession(bank, person, abandon).close("abandoned")
        except OSError as error:
            return Blocked(_not_saved(error))
        words = " ".join(
            part for part in ("Your unfinished quiz is kept, marked abandoned.", words) if part
        )
    try:
        session = QuizSession.start(bank, person, attempt, monotonic=monotonic)
    except OSError as error:
        return Blocked(_not_saved(error))
    return Started(session, words)


def resume(
    bank: Bank,
    person: OpenProfile,
    attempt: Attempt,
    *,
    monotonic: Callable[[], float] = time.monotonic,
    title: str | None = None,
) -> Resumed | Blocked:
    """Go on with an unfinished attempt, brought in line with the bank as it is now.

    An attempt with nothing left to ask (its remaining questions left the bank) is closed, kept
    as abandoned, and resumes straight to its results. `title` names a class quiz in the words.
    """
    blocked = _read_only(person)
    if blocked is not None:
        return blocked
    session = QuizSession(bank, person, attempt, monotonic=monotonic)
    try:
        report = session.reconcile()
        if session.is_complete:
            session.close("abandoned")
    except OSError as error:
        return Blocked(_not_saved(error))
    notice = None
    if report.removed or report.edited:
        notice = Notice(
            f"Since you started, {plural(report.removed, 'question')} "
            f"{'was' if report.removed == 1 else 'were'} removed from the bank (skipped) and "
            f"{report.edited} {'was' if report.edited == 1 else 'were'} edited (asked again).",
            "The questions changed",
            timeout=8,
        )
    where = f"Resuming {title}" if title else "Resuming"
    return Resumed(
        session, f"{where} at question {session.position + 1} of {session.total}.", notice
    )


def resume_current(
    bank: Bank, person: OpenProfile, *, monotonic: Callable[[], float] = time.monotonic
) -> Beginning:
    """Go on with the person's unfinished attempt, whatever its mode (the menu's "Resume")."""
    blocked = _read_only(person)
    if blocked is not None:
        return blocked
    current = _current(person)
    if isinstance(current, Damaged):
        return current
    if current is None:
        return Nothing(Notice("No quiz is unfinished: choose one to start.", "Nothing to resume"))
    return resume(bank, person, current, monotonic=monotonic)


def begin_pack(
    bank: Bank,
    person: OpenProfile,
    pack: Pack,
    pack_path: Path,
    *,
    now: datetime,
    monotonic: Callable[[], float] = time.monotonic,
) -> Beginning:
    """Begin the class quiz `pack` for this person, by the class's rules (`quizapp.core.classgate`):
    resume their attempt; wait in the lobby until the teacher starts everyone (every clock starts
    then, a latecomer's too); start an attempt while they have one left; show their results when
    none is left; or say the quiz has ended to one who never took it (no attempt is made).

    Any other unfinished attempt is kept, marked abandoned (a class quiz never asks). Waiting
    renews the student's lobby note, so the teacher's roster shows them as waiting.
    """
    from quizapp.core.classgate import ENDED_WORDS, WAITING_WORDS, class_entry, done_words
    from quizapp.core.classreading import closed_for_class, pack_attempts
    from quizapp.core.packs import new_pack_attempt
    from quizapp.core.presence import clear_waiting, note_waiting, read_waiting

    blocked = _read_only(person)
    if blocked is not None:
        return blocked
    current = _current(person)
    if isinstance(current, Damaged):
        return current
    if current is not None and current.mode == "pack" and current.pack_id == pack.id:
        clear_waiting(person.folder)
        return resume(bank, person, current, monotonic=monotonic, title=pack.title)
    folder = person.store.folder
    controls = class_controls(ControlStore(folder), pack.id)
    closed = closed_for_class(folder, pack, controls, now)
    attempts = pack_attempts(person.store, person.folder, pack.id)
    entry = class_entry(pack, controls, person.folder.name, attempts, now, closed)
    if entry.kind == "wait":
        waiting = read_waiting(person.folder)
        since = waiting.since if waiting is not None and waiting.pack_id == pack.id else now
        with contextlib.suppress(OSError):  # the note only adds "waiting" to the roster
            note_waiting(person.folder, pack.id, since, now)
        return Waiting(WAITING_WORDS)
    clear_waiting(person.folder)
    if entry.kind == "resume" and entry.attempt is not None:
        return resume(bank, person, entry.attempt, monotonic=monotonic, title=pack.title)
    if entry.kind == "done" and entry.attempt is not None:
        return ClassDone(entry.attempt, done_words(len(attempts)))
    if entry.kind in ("ended", "done"):
        return ClassEnded(Notice(ENDED_WORDS, "The quiz has ended"))
    attempt = new_pack_attempt(bank, pack, pack_path, person.profile.name, entry.clock_start or now)
    count = len([question_id for question_id in attempt.question_ids if question_id in bank])
    return _start(
        bank,
        person,
        attempt,
        current,
        monotonic=monotonic,
        words=f"{pack.title}: {plural(count, 'question')}.",
    )


def pack_entry(person: OpenProfile, pack: Pack, now: datetime) -> ClassEntry:
    """What the class quiz offers this person now (home's menu words; nothing is written)."""
    from quizapp.core.classgate import class_entry
    from quizapp.core.classreading import closed_for_class, pack_attempts

    folder = person.store.folder
    controls = class_controls(ControlStore(folder), pack.id)
    closed = closed_for_class(folder, pack, controls, now)
    attempts = pack_attempts(person.store, person.folder, pack.id)
    return class_entry(pack, controls, person.folder.name, attempts, now, closed)


@dataclass(frozen=True)
class ClassResults:
    """Whether an attempt's results may be shown now, and what closed it."""

    held_back: bool
    """Feedback at the end and the quiz not yet closed for the class: "Submitted" only."""
    closed_by: ClosedBy | None
    """The teacher ended it, or its time ran out (None: finished by the student, or open)."""


def class_results(
    person: OpenProfile, attempt: Attempt, now: datetime, pack: Pack | None = None
) -> ClassResults:
    """Whether `attempt`'s results are held back at `now`, and what closed it.

    With the pack's rules (`pack`, the class quiz being run), the quiz has closed for the class
    when the teacher ended it or every clock ran out; for an attempt of another pack (a history
    line), when the teacher ended it or the attempt's time plus anyone's extra time is over.
    """
    from quizapp.core.classgate import (
        attempt_class_closed,
        closing_reason,
        results_held_back,
    )
    from quizapp.core.classreading import closed_for_class

    if attempt.pack_id is None:
        return ClassResults(False, None)
    folder = person.store.folder
    controls = class_controls(ControlStore(folder), attempt.pack_id)
    if pack is not None and pack.id == attempt.pack_id:
        closed = closed_for_class(folder, pack, controls, now)
    else:
        closed = attempt_class_closed(attempt, controls, now)
    return ClassResults(
        results_held_back(attempt, closed), closing_reason(attempt, controls, person.folder.name)
    )


# ---------------------------------------------------------------- asking a question


def shown_choices(session: QuizSession, question: AnyQuestion) -> list[tuple[str, Response]]:
    """The choices as this attempt shows them, each with the response it stands for."""
    if isinstance(question, TrueFalseQuestion):
        return [("True", True), ("False", False)]
    if isinstance(question, RoleQuestion):
        return [(ROLE_WORDS[role], role) for role in ROLES]
    if isinstance(question, FitQuestion):
        return [(option.text, index) for index, option in enumerate(question.options)]
    if isinstance(question, ReadinessQuestion):
        return [(rating.text, index) for index, rating in enumerate(question.options)]
    return [(question.choices[index], index) for index in session.display_order(question)]


def _part(question: AnyQuestion) -> str:
    """Which part of a full assessment a question belongs to: knowledge, readiness or fit."""
    if isinstance(question, FitQuestion):
        return "fit"
    return "readiness" if isinstance(question, ReadinessQuestion) else "knowledge"


def counter_words(session: QuizSession, question: AnyQuestion) -> str:
    """Where the person is: "Question 3 of 10".

    A full assessment counts each part by itself: "Knowledge 12 of 20", "Readiness 3 of 8", then
    "About you 4 · more only until the verdict is sure". "Which path fits me?" items are added one
    at a time until the verdict is sure, so their total is not known: "Question 12 · more only
    until the verdict is sure" (never "12 of 12", which a screen reader announces as the last).
    """
    number = session.position + 1
    adaptive = session.attempt.mode in ("fit", "full")
    if session.attempt.mode == "full":
        part = [qid for qid in session.question_ids if _part(session.bank[qid]) == _part(question)]
        place = part.index(question.id) + 1 if question.id in part else number
        if isinstance(question, FitQuestion):
            return f"About you {place} · more only until the verdict is sure"
        return f"{_part(question).capitalize()} {place} of {len(part)}"
    if isinstance(question, FitQuestion) and adaptive:
        return f"Question {number} · more only until the verdict is sure"
    return f"Question {number} of {session.total}"


def where_words(session: QuizSession, question: AnyQuestion) -> str:
    """The question's topic and area ("Duties · Databases and caching"), "about you" for the
    ungraded kinds, and "Review of a missed question" first in a review."""
    where = f"{question.topic.capitalize()} · {AREAS.get(question.area, question.area)}"
    if not is_graded(question):
        where += " · about you"
    if session.attempt.mode == "review":
        where = f"Review of a missed question · {where}"
    return where


def question_words(question: AnyQuestion) -> str | None:
    """What a question asks beyond its prompt: a role or true/false prompt is a statement, so its
    question is said after it; a fit or readiness item says it has no right answer. None otherwise."""
    if isinstance(question, RoleQuestion):
        return ROLE_QUESTION
    if isinstance(question, TrueFalseQuestion):
        return TRUE_FALSE_QUESTION
    if isinstance(question, FitQuestion):
        return FIT_WORDS
    if isinstance(question, ReadinessQuestion):
        return READINESS_WORDS
    return None


def record_answer(session: QuizSession, response: Response) -> Answer | Notice:
    """Grade and save the answer to the current question; on failure, a `Notice` of why (nothing
    was recorded and the same question is still the one to answer)."""
    try:
        return session.record(response)
    except ResponseError as error:
        return Notice(str(error), severity="error")
    except OSError as error:
        return Notice(
            f"Your answer was NOT saved: {describe_write_error(error)}. Your earlier answers are "
            "safe. Free some space or fix the folder, then answer this question again.",
            "Not saved",
            "error",
            15,
        )


def leave_notice(session: QuizSession) -> Notice:
    """What leaving a quiz halfway tells the person: nothing is lost."""
    answered = len(session.answered_ids)
    saved = (
        f"Your {answered} answer{'s are' if answered != 1 else ' is'} saved. " if answered else ""
    )
    return Notice(f"{saved}Choose Resume to carry on where you left off.", "Saved")


# ---------------------------------------------------------------- what an answer teaches

TeachingOutcome = Literal["right", "partly", "wrong", "noted", "held_back"]
"""How an answer went, as the feedback says it."""


@dataclass(frozen=True)
class Teaching:
    """The feedback after an answer, the same words in every face: how it went, what was answered,
    the right answer, why not yours, the explanation, what goes beyond the documents, the sources."""

    outcome: TeachingOutcome
    """right, partly (a select-all with some choices right), wrong, noted (no right answer), or
    held_back (a class quiz marks answers at its end)."""
    lines: tuple[Said, ...]
    """The words, in order; the first is the verdict line."""

    def text(self) -> str:
        """Every line as plain text (a blank line for each gap)."""
        return "\n".join(str(line) for line in self.lines)


def _quoted(text: str) -> str:
    return f"“{text}”"


def _why_not_yours(
    question: AnyQuestion, response: Response, order: Sequence[int] | None
) -> list[str]:
    """The note on each choice the person got wrong.

    Single choice: the note on the choice taken. Select-all: each wrongly ticked choice and each
    missed one, in the order shown, with its note (or what it is when it has none).
    """
    if isinstance(question, SingleQuestion) and isinstance(response, int):
        note = question.why_wrong.get(str(response), "")
        return [note] if note else []
    if not isinstance(question, MultiQuestion) or not isinstance(response, list):
        return []
    ticked, right = set(response), set(question.answers)
    shown = list(order) if order is not None else list(range(len(question.choices)))
    notes: list[str] = []
    for index in shown:
        if (index in ticked) == (index in right):
            continue
        note = question.why_wrong.get(str(index), "")
        if index in ticked:
            what = note or "it is not one of the right answers."
            notes.append(f"{_quoted(question.choices[index])} (you ticked it): {what}")
        else:
            what = note or "it is one of the right answers."
            notes.append(f"{_quoted(question.choices[index])} (you left it out): {what}")
    return notes


def _sources(question: AnyQuestion, documents: list[str]) -> list[Said]:
    """The cited passage, and for a role question the passage for each role when it has them."""
    found = [
        Said(document_label(question.source.doc, documents), "Source: "),
        _quote(question.source),
    ]
    if isinstance(question, RoleQuestion) and question.role_sources is not None:
        for role, source in (
            ("engineers", question.role_sources.engineer),
            ("developers", question.role_sources.developer),
        ):
            if source != question.source:
                found.append(Said(document_label(source.doc, documents), f"For backend {role}: "))
                found.append(_quote(source))
    return found


def _quote(source: Source) -> Said:
    return Said(_quoted(source.quote), kind="quote")


def teach(
    question: AnyQuestion,
    answer: Answer,
    *,
    documents: list[str],
    order: Sequence[int] | None = None,
    held_back: bool = False,
    review: ReviewState | None = None,
) -> Teaching:
    """What an answer teaches, in words every face shows alike.

    Args:
        question: the question answered.
        answer: the saved answer.
        documents: the seed documents' file names in order (sources are named by their place).
        order: the original choice indexes in the order shown (select-all answers and notes follow it).
        held_back: a class quiz that marks answers only at its end: say only that it is saved.
        review: the question's review state after this answer ("Comes back for review: ...").
    """
    if held_back:
        return Teaching(
            "held_back",
            (
                Said("Answer saved (not marked yet).", kind="verdict"),
                Said("Whether it is right is shown at the end of this quiz, with explanations."),
            ),
        )
    lines: list[Said] = []
    given = response_text(question, answer.response, order)
    kind: TeachingOutcome
    if answer.correct is None:
        kind = "noted"
        why = (
            "it helps decide which path fits you."
            if isinstance(question, FitQuestion)
            else "it orders your learning path."
        )
        lines.append(Said(f"{given}. Not scored: {why}", "Noted: ", "verdict"))
    elif answer.correct:
        kind = "right"
        lines.append(Said("Right.", kind="verdict"))
        lines.append(Said(right_answer_text(question, order), "The answer is: "))
    else:
        if isinstance(question, MultiQuestion) and answer.credit > 0:
            kind = "partly"
            judged = round(answer.credit * len(question.choices))
            lines.append(
                Said(
                    f"Partly right: {judged} of {len(question.choices)} choices right. Not scored: "
                    "every choice must be right.",
                    kind="verdict",
                )
            )
        else:
            kind = "wrong"
            lines.append(Said("Not quite.", kind="verdict"))
        lines.append(Said(given, "You answered: "))
        lines.append(Said(right_answer_text(question, order), "The right answer: "))
        notes = _why_not_yours(question, answer.response, order)
        if isinstance(question, MultiQuestion) and notes:
            lines.append(Said("", "Why not yours:"))
            lines.extend(Said(f"- {note}") for note in notes)
        elif notes:
            lines.append(Said(notes[0], "Why not yours: "))
    lines.append(GAP)
    lines.append(Said(question.explanation))
    beyond = getattr(question, "beyond", None)
    if beyond:
        lines.append(Said(beyond, "Beyond the documents: "))
    lines.append(GAP)
    lines.extend(_sources(question, documents))
    if review is not None and answer.correct is not None:
        due = (
            "in your next review (due now)"
            if review.due <= answer.answered_at
            else when_words(review.due, answer.answered_at)
        )
        lines.extend([GAP, Said(due, "Comes back for review: ")])
    return Teaching(kind, tuple(lines))


def moves_on_at_once(teaching: Teaching) -> bool:
    """Whether the next question comes at once after this answer: one with no right or wrong (fit,
    readiness) needs no pause on its feedback, which stays one key away."""
    return teaching.outcome == "noted"


def teaching_for(session: QuizSession, answer: Answer, documents: list[str]) -> Teaching:
    """What the answer just recorded in `session` teaches (its order, held-back feedback, review)."""
    question = session.bank[answer.question_id]
    order = (
        session.display_order(question)
        if isinstance(question, SingleQuestion | MultiQuestion)
        else None
    )
    return teach(
        question,
        answer,
        documents=documents,
        order=order,
        held_back=session.attempt.feedback == "end",
        review=session.profile.profile.review.get(question.id),
    )


# ---------------------------------------------------------------- the class clock

ClockState = Literal["open", "time_up", "ended"]
"""A class quiz's clock: still open, its time is up, or the teacher ended it."""

LATE_ANSWER = "That last answer came after the end, so it was not recorded."
"""Said when an answer is typed after a class quiz's end (it is not recorded)."""


@dataclass(frozen=True)
class ClassClock:
    """Where a class quiz's clock stands for one student."""

    state: ClockState
    """open, time_up (its limit, with any extra time) or ended (by the teacher)."""
    ends: datetime | None = None
    """When it closes; None when nothing limits it."""
    seconds_left: int | None = None
    """Whole seconds left while open; None when nothing limits it."""

    @property
    def over(self) -> bool:
        """Whether the quiz must close now."""
        return self.state != "open"

    @property
    def corner(self) -> str:
        """The app's short form: "Time left 09:59", "Time is up", "Quiz ended" ("" without a limit)."""
        if self.state == "ended":
            return "Quiz ended"
        if self.state == "time_up":
            return "Time is up"
        if self.seconds_left is None:
            return ""
        minutes, seconds = divmod(self.seconds_left, 60)
        return f"Time left {minutes:02d}:{seconds:02d}"

    @property
    def spoken(self) -> str | None:
        """The plain mode's form: "Time left: 9 minutes 59 seconds." (None without a limit)."""
        if self.seconds_left is None:
            return None
        minutes, seconds = divmod(self.seconds_left if self.state == "open" else 0, 60)
        return f"Time left: {minutes} minutes {seconds} seconds."


def class_controls(store: ControlStore, pack_id: str | None) -> PackControl:
    """The teacher's controls for a class quiz (none outside a class, or when the file is damaged:
    a damaged control file must not stop the quiz)."""
    if not pack_id:
        return PackControl()
    try:
        return store.load().for_pack(pack_id)
    except ControlError:
        return PackControl()


def class_clock(
    attempt: Attempt, controls: PackControl, student_key: str, now: datetime
) -> ClassClock:
    """The clock of `attempt` at `now`: its time limit plus extra time, or the teacher's end."""
    ends = deadline(attempt.started, attempt.time_limit_seconds, controls, student_key)
    if ends is None:
        return ClassClock("open")
    left = (ends - now).total_seconds()
    if left > 0:
        return ClassClock("open", ends, int(left))
    ended = controls.ended is not None and controls.ended <= ends
    return ClassClock("ended" if ended else "time_up", ends, 0)


def session_clock(session: QuizSession, store: ControlStore | None = None) -> ClassClock:
    """The clock of a session's attempt now (the class's control file read from `store`, or from
    the profiles folder's)."""
    attempt = session.attempt
    if not attempt.pack_id and not attempt.time_limit_seconds:
        return ClassClock("open")
    controls = class_controls(store or ControlStore(session.profile.store.folder), attempt.pack_id)
    return class_clock(
        attempt, controls, session.profile.folder.name, session.profile.store.clock()
    )


def close_for_time(session: QuizSession, clock: ClassClock) -> Notice:
    """Close an attempt whose clock is over (its answers are kept), and say so."""
    try:
        session.close("timed_out")
    except OSError as error:
        return Notice(
            "Time is up. Your answers are saved, but closing the quiz was not: "
            f"{describe_write_error(error)}.",
            "Time is up",
            "error",
            15,
        )
    if clock.state == "ended":
        return Notice("Your teacher ended the quiz: your answers are saved.", "Quiz ended")
    return Notice("Time is up: your answers are saved.", "Time is up")


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Miss:
    """A question answered wrongly, and what it teaches."""

    prompt: str
    """The question."""
    teaching: Teaching
    """The same words as the feedback after the answer (without its review date)."""


@dataclass(frozen=True)
class ResultsView:
    """An attempt's results as every face shows them."""

    headline: str
    """"You scored 80%: 8 of 10 right. Time spent answering: 2 min 05 s." or, with nothing graded,
    "5 answers about you noted: no right or wrong here."."""
    knowledge: bool
    """Whether the quiz asked knowledge questions (then the tallies and misses are shown)."""
    passed: bool | None
    """Against a class quiz's pass mark; None without one."""
    pass_words: str | None
    """"Passed (pass mark 50%)." or "Not passed (pass mark 50%).", None without a mark."""
    by_topic: tuple[tuple[str, Tally], ...]
    """Each topic answered, in words, with its tally."""
    by_area: tuple[tuple[str, Tally], ...]
    """Each area answered, in words, with its tally."""
    recommendation: Recommendation | None
    """The verdict to show (from every answer so far); None when this quiz asked no fit item."""
    no_verdict: str | None
    """Why there is no verdict, when a self-assessment asked only knowledge questions."""
    misses: tuple[Miss, ...]
    """The wrong answers, in the order asked."""
    offer_fit: bool
    """Offer "Which path fits me?" (the verdict is missing or not yet sure)."""
    offer_review: bool
    """Offer a review of the misses."""
    class_quiz: bool
    """A class quiz: no path, no comparison, no review from its results."""
    held_back: bool = False
    """A class quiz whose results wait until it closes for the class: only the headline
    ("Submitted: your results come when the class ends") is shown, and nothing else."""


NO_VERDICT = (
    "This quiz asked only knowledge questions, so it gives no verdict on which path fits you. "
    '"Which path fits me?" asks what you would enjoy.'
)
"""Why a knowledge quiz's results give no verdict."""


def results_view(
    attempt: Attempt,
    bank: Bank,
    history: Sequence[Answer],
    documents: list[str],
    *,
    class_state: ClassResults | None = None,
) -> ResultsView:
    """The results of `attempt`; `history` is the person's answers that decide the verdict
    (`OpenProfile.answers()`, or every answer: the verdict is the same).

    `class_state` (`class_results`) holds a class quiz's results back until the quiz closes for
    the class, and says whether the teacher ended it or its time ran out.
    """
    from quizapp.core.classgate import CLOSED_WORDS, HELD_BACK_WORDS

    if class_state is not None and class_state.held_back:
        return ResultsView(
            headline=HELD_BACK_WORDS,
            knowledge=False,
            passed=None,
            pass_words=None,
            by_topic=(),
            by_area=(),
            recommendation=None,
            no_verdict=None,
            misses=(),
            offer_fit=False,
            offer_review=False,
            class_quiz=True,
            held_back=True,
        )
    answers = latest_answers(attempt)
    results = score(answers, bank)
    shown = outcome(attempt, bank, results)
    status = {"timed_out": " (time ran out)", "abandoned": " (left unfinished)"}.get(
        attempt.status, ""
    )
    if class_state is not None and class_state.closed_by is not None:
        status = f" ({CLOSED_WORDS[class_state.closed_by]})"
    knowledge = any(
        (question := bank.get(question_id)) is not None and is_graded(question)
        for question_id in attempt.question_ids
    )
    noted = f" {plural(results.rated, 'answer')} about you noted." if results.rated else ""
    if knowledge and shown.out_of:
        minutes, seconds = divmod(round(results.seconds), 60)
        headline = (
            f"You scored {shown.percent}%: {shown.right} of {shown.out_of} right{status}. "
            f"Time spent answering: {minutes} min {seconds:02d} s.{noted}"
        )
    elif knowledge:
        headline = f"No question was answered{status}.{noted}"
    else:
        headline = (
            f"{plural(results.rated, 'answer')} about you noted{status}: no right or wrong here."
        )
    pass_words = None
    if shown.passed is not None and attempt.pass_mark is not None:
        mark = round(100 * attempt.pass_mark)
        pass_words = f"{'Passed' if shown.passed else 'Not passed'} (pass mark {mark}%)."
    class_quiz = attempt.pack_id is not None
    asked_fit = any(
        isinstance(bank.get(question_id), FitQuestion) for question_id in attempt.question_ids
    )
    from quizapp.core.recommend import recommend

    recommendation = recommend(history, bank) if asked_fit else None
    misses = []
    for answer in answers:
        question = bank.get(answer.question_id)
        if question is None or answer.correct is not False:
            continue
        order = attempt.choice_orders.get(question.id)
        teaching = teach(question, answer, documents=documents, order=order)
        if teaching.outcome == "wrong":  # "Not quite." says nothing under a list of misses
            teaching = Teaching(teaching.outcome, teaching.lines[1:])
        misses.append(Miss(question.prompt, teaching))
    offer_fit = not class_quiz and (
        recommendation is None or (not recommendation.settled and recommendation.fit_unanswered > 0)
    )
    return ResultsView(
        headline=headline,
        knowledge=knowledge,
        passed=shown.passed,
        pass_words=pass_words,
        by_topic=tuple((topic.capitalize(), tally) for topic, tally in results.by_topic.items()),
        by_area=tuple((AREAS.get(area, area), tally) for area, tally in results.by_area.items()),
        recommendation=recommendation,
        no_verdict=NO_VERDICT if not asked_fit and not class_quiz else None,
        misses=tuple(misses),
        offer_fit=offer_fit,
        offer_review=bool(misses) and not class_quiz,
        class_quiz=class_quiz,
    )


def verdict_sentences(recommendation: Recommendation) -> list[str]:
    """The verdict in sentences, for a face without the picture: every line of
    `quizapp.core.picture.verdict_text` (headline, the line about job titles, how strong, how sure,
    interest, what it may mean, the reasons, the offer of more questions, any notice)."""
    from quizapp.core.picture import verdict_text

    return verdict_text(recommendation).lines(picture=False)


# ---------------------------------------------------------------- the learning path

NEXT_STEP_STATUS: dict[str, StepMark] = {
    "todo": "learning",
    "learning": "done",
    "done": "skipped",
    "skipped": "todo",
    "review": "learning",
}
"""What "next status" turns each status into (review only is computed, so it moves on like to do)."""


@dataclass(frozen=True)
class PathSection:
    """One learning path, its steps ordered for this person."""

    title: str
    """E.g. "Backend engineer path"."""
    steps: tuple[PlannedStep, ...]
    """Its steps in the order to take them."""


@dataclass(frozen=True)
class PathView:
    """The verdict and the learning path(s) to show."""

    recommendation: Recommendation
    """The verdict from every answer so far."""
    chosen: str | None
    """The path the person chose to follow, None to follow the recommendation."""
    sections: tuple[PathSection, ...]
    """The paths shown, each with its steps."""
    fit_offer: str | None
    """'answer at least 3 more "Which path fits me?" questions for a verdict.', when more would
    help (a rating and its mirror count as one answer, so it may take more questions)."""

    @property
    def steps(self) -> list[PlannedStep]:
        """Every step shown, in order."""
        return [step for section in self.sections for step in section.steps]

    @property
    def progress_words(self) -> str:
        """ "3 of 10 steps done or mastered (1 skipped)"."""
        from quizapp.core.paths import progress

        steps = self.steps
        finished, counted = progress(item.status for item in steps)
        skipped = len(steps) - counted
        return f"{finished} of {counted} steps done or mastered" + (
            f" ({skipped} skipped)" if skipped else ""
        )

    @property
    def chosen_words(self) -> str | None:
        """ "You chose to follow the engineer path", None when following the recommendation."""
        return f"You chose to follow the {self.chosen} path" if self.chosen else None


def path_view(
    person: OpenProfile,
    bank: Bank,
    catalogue: Catalogue,
    recommendation: Recommendation | None = None,
) -> PathView:
    """The person's verdict and learning path(s), planned from their answers so far (the ones that
    decide, `OpenProfile.answers()`; or from `recommendation`, already made from them: a step
    marked changes no answer)."""
    from quizapp.core.recommend import paths_to_show, plan_path, recommend

    if recommendation is None:
        recommendation = recommend(person.answers(), bank)
    state = person.profile.path
    sections = tuple(
        PathSection(
            learning_path.title,
            tuple(
                plan_path(learning_path, recommendation.by_area, state, recommendation.readiness)
            ),
        )
        for learning_path in paths_to_show(recommendation, catalogue, state.chosen)
    )
    offer = None
    if not recommendation.settled and recommendation.fit_unanswered:
        more = recommendation.answers_needed
        offer = (
            f'answer at least {more} more "Which path fits me?" '
            f"{'question' if more == 1 else 'questions'} for a verdict."
            if more
            else 'answer more "Which path fits me?" questions for a surer verdict.'
        )
    return PathView(recommendation, state.chosen, sections, offer)


@dataclass(frozen=True)
class Marked:
    """A learning-path change: saved, or put back as it was."""

    saved: bool
    """Whether the change was saved (if not, the profile in memory is as before)."""
    notice: Notice
    """What to say."""


def mark_step(person: OpenProfile, item: PlannedStep, status: StepMark) -> Marked:
    """Mark a step to do, learning, skipped or done, saved at once (put back if it cannot be)."""
    step_id = item.step.id
    before = (person.profile.path.steps.get(step_id), person.profile.last_activity)
    person.profile.path.steps[step_id] = status
    person.profile.last_activity = person.store.clock()
    try:
        person.save()
    except OSError as error:
        old_status, person.profile.last_activity = before
        if old_status is None:
            del person.profile.path.steps[step_id]
        else:
            person.profile.path.steps[step_id] = old_status
        return Marked(False, _path_not_saved(error))
    return Marked(True, Notice(f"{item.step.title}: {STEP_STATUS_MARKS[status]}", timeout=2))


PathChoice = Literal["engineer", "developer"] | None
"""Which path a person follows: one role's, or None for the recommendation."""


def path_choices(view: PathView) -> list[tuple[PathChoice, str]]:
    """What the path chooser offers, each with its words; the one followed now says so."""
    rec = view.recommendation
    if rec.role is not None:
        recommended = f"the {ROLE_WORDS[rec.role].lower()} path"
    else:
        recommended = "both paths, side by side until the verdict is clear"
    offered: list[tuple[PathChoice, str]] = [
        (None, f"The recommendation: {recommended}"),
        ("engineer", "The backend engineer path"),
        ("developer", "The backend developer path"),
    ]
    return [
        (choice, f"{words}  (following now)" if choice == view.chosen else words)
        for choice, words in offered
    ]


def follow_path(person: OpenProfile, chosen: PathChoice) -> Marked:
    """Follow the engineer path, the developer path, or (None) the recommendation (saved at once;
    put back if it cannot be)."""
    before = person.profile.path.chosen
    person.profile.path.chosen = chosen
    try:
        person.save()
    except OSError as error:
        person.profile.path.chosen = before
        return Marked(False, _path_not_saved(error))
    return Marked(
        True,
        Notice(f"Following the {chosen} path." if chosen else "Following the recommendation."),
    )


def follow_next_path(person: OpenProfile) -> Marked:
    """Follow the next path in turn: the engineer's, the developer's, the recommendation (saved)."""
    following: dict[str | None, PathChoice] = {
        None: "engineer",
        "engineer": "developer",
        "developer": None,
    }
    return follow_path(person, following[person.profile.path.chosen])


def _path_not_saved(error: OSError) -> Notice:
    return Notice(f"Not saved: {describe_write_error(error)}.", severity="error", timeout=10)


READINESS_LEVEL_WORDS = ("new to it", "knows the ideas", "can do it alone", "could teach it")
"""Readiness levels 0 to 3 in words."""


def step_lines(item: PlannedStep, documents: list[str]) -> list[Said]:
    """A step's details: status, areas, mastery and readiness, what to learn and why, its source,
    projects and resources (each part followed by a gap)."""
    step = item.step
    areas = ", ".join(AREAS.get(area, area) for area in step.areas)
    mastery = "not tested yet" if item.mastery is None else f"{round(100 * item.mastery)}%"
    ready = "not rated yet" if item.readiness is None else READINESS_LEVEL_WORDS[item.readiness]
    source = document_label(step.source.doc, documents)
    lines = [
        Said(step.title, kind="heading"),
        Said(
            f"{STEP_STATUS_MARKS[item.status]} · {areas} · your mastery: {mastery} · "
            f"your readiness: {ready}"
        ),
        GAP,
        Said(step.learn, "Learn: "),
        Said(step.why, "Why: "),
        Said(f"{_quoted(step.source.quote)} ({source})", kind="quote"),
        GAP,
    ]
    for project in step.projects:
        lines += [
            Said(f"Project ({project.difficulty}): {project.title}", kind="heading"),
            Said(project.brief),
            Said(f"Skills: {', '.join(project.skills)}"),
            Said(f"Done when: {project.done_when}"),
            GAP,
        ]
    for resource in step.resources:
        lines += [
            Said(f"{resource.kind.capitalize()}: {resource.credit}", kind="heading"),
            Said(resource.detail),
        ]
        lines += [Said(resource.url), GAP] if resource.url else [GAP]
    return lines


# ---------------------------------------------------------------- the home menu

TOPIC_CHOICES: tuple[str, ...] = ("duties", "skills", "tools")
"""The topics the menu offers, in order."""


@dataclass(frozen=True)
class MenuEntry:
    """One thing the home menu offers."""

    action: str
    """resume, full, quick, fit, compare, topic, review, path, switch or pack."""
    label: str
    """The words shown."""
    topic: str | None = None
    """The topic of a by-topic quiz."""


def home_menu(
    person: OpenProfile,
    bank: Bank,
    now: datetime,
    *,
    pack_title: str | None = None,
    class_student: bool = False,
    class_entry: ClassEntry | None = None,
) -> list[MenuEntry]:
    """What the home menu offers this person now, first "Resume" when a quiz is unfinished.

    A class quiz (`pack_title`) offers only itself, as its rules stand for this person now
    (`class_entry`, from `pack_entry`: take it, resume it, wait for the teacher, see the results;
    nothing once it has ended for one who never took it) and, except for a browser student,
    another student.
    """
    if pack_title is not None:
        kind = class_entry.kind if class_entry is not None else "start"
        labels = {
            "start": f"Take the class quiz: {pack_title}",
            "resume": f"Resume the class quiz: {pack_title}",
            "wait": f"Join the class quiz (your teacher starts it): {pack_title}",
            "done": f"Your results: {pack_title}",
        }
        entries = [MenuEntry("pack", labels[kind])] if kind in labels else []
        if not class_student:
            entries.append(MenuEntry("switch", "Switch profile (another student)"))
        return entries
    entries = []
    try:
        current = person.current_attempt()
    except ProfileError:  # a broken attempt file shows up when resuming, as `Damaged`
        current = None
    if current is not None:
        name = mode_words(current.mode, current.topic, current.pack_id)
        entries.append(MenuEntry("resume", f"Resume: {name} ({answered_words(current)})"))
    low, high = full_range(bank)
    fit_low, fit_high = fit_item_range(bank)
    entries += [
        MenuEntry("full", f"Full assessment: {low} to {high} questions"),
        MenuEntry("quick", f"Quick quiz: {QUICK_SIZE} knowledge questions"),
        MenuEntry("fit", f"Which path fits me? {fit_low} to {fit_high} questions"),
        MenuEntry("compare", "Engineer or developer: the actual difference"),
    ]
    entries += [
        MenuEntry("topic", f"By topic: {topic} (up to {TOPIC_SIZE} questions)", topic)
        for topic in TOPIC_CHOICES
    ]
    entries += [
        MenuEntry("review", review_words(person, bank, now)),
        MenuEntry("path", "Learning path: what to learn next"),
        MenuEntry("switch", "Switch profile"),
    ]
    return entries


def review_words(person: OpenProfile, bank: Bank, now: datetime) -> str:
    """The review entry: how many missed questions are due now, and when the next comes back."""
    due = len(review_queue(person.profile, bank, now))
    later = sum(1 for question_id in person.profile.review if question_id in bank) - due
    label = f"Review missed questions: {due} due now"
    upcoming = next_review(person.profile, bank, now)
    if later > 0 and upcoming is not None:
        label += f"; {later} later, the next {when_words(upcoming, now)}"
    return label


def full_range(bank: Bank) -> tuple[int, int]:
    """The fewest and the most questions a full assessment asks: its knowledge questions, every
    readiness item, then fit items until the verdict is sure (`fit_item_range`)."""
    knowledge = min(FULL_SIZE, len({q.fact_key for q in bank.questions if is_graded(q)}))
    readiness = sum(isinstance(question, ReadinessQuestion) for question in bank.questions)
    fewest, most = fit_item_range(bank)
    return knowledge + readiness + fewest, knowledge + readiness + most


def fit_item_range(bank: Bank) -> tuple[int, int]:
    """The fewest and the most "Which path fits me?" questions one run asks
    (`quizapp.core.fitmode.fit_item_range`)."""
    from quizapp.core.fitmode import fit_item_range as item_range

    return item_range(bank)


# ---------------------------------------------------------------- home: who you are, where you stand


def verdict_headline(recommendation: Recommendation) -> str:
    """The verdict in one sentence, with its strength (`quizapp.core.picture.verdict_text`'s
    headline: every verdict word is there)."""
    from quizapp.core.picture import verdict_text

    return verdict_text(recommendation).headline


@dataclass(frozen=True)
class HomeView:
    """What home says above its menu: where the person stands and what to do next."""

    greeting: str
    """"Hello, Ada."."""
    verdict: str | None
    """"Which path fits you: Backend engineer: strong fit." (None in a class quiz)."""
    progress: str | None
    """"Learning path: 2 of 12 steps done · knowledge: 14 of 20 right" (None in a class quiz)."""
    next_words: str
    """The one next step, in a sentence ("" when there is none: a class quiz that has ended)."""
    next_action: str
    """The menu entry's action that takes it (the menu starts on it)."""
    recommendation: Recommendation | None
    """The verdict from every answer so far (None in a class quiz)."""


def home_view(
    person: OpenProfile,
    bank: Bank,
    catalogue: Catalogue | None,
    now: datetime,
    *,
    answers: Sequence[Answer] | None = None,
    pack_title: str | None = None,
    class_entry: ClassEntry | None = None,
) -> HomeView:
    """Where the person stands and the one next step, for the top of home.

    Args:
        person: the open profile.
        bank: the bank.
        catalogue: the learning paths (None: the path is not offered as a next step).
        now: the time now (reviews due).
        answers: every answer the person gave (read from the store when None).
        pack_title: a class quiz's title: only the quiz is offered, nothing else is said.
        class_entry: what the class quiz offers this person now (`pack_entry`): once it has
            ended for one who never took it, home says so and offers nothing to take.
    """
    greeting = f"Hello, {person.profile.name}."
    try:
        current = person.current_attempt()
    except ProfileError:
        current = None
    if pack_title is not None:
        if class_entry is not None and class_entry.kind == "ended":
            return HomeView(f"{greeting} {ENDED_WORDS}", None, None, "", "switch", None)
        return HomeView(greeting, None, None, f"Next: the class quiz, {pack_title}.", "pack", None)
    if answers is None:
        answers = person.answers()
    from quizapp.core.recommend import paths_to_show, plan_path, recommend

    recommendation = recommend(answers, bank)
    verdict = verdict_headline(recommendation)
    if recommendation.outcome != "not enough answers":
        verdict = f"Which path fits you: {verdict}"
    parts: list[str] = []
    upcoming: PlannedStep | None = None
    if catalogue is not None:
        from quizapp.core.paths import progress

        shown = paths_to_show(recommendation, catalogue, person.profile.path.chosen)
        if shown:
            planned = plan_path(
                shown[0],
                recommendation.by_area,
                person.profile.path,
                recommendation.readiness,
            )
            finished, counted = progress(item.status for item in planned)
            parts.append(f"{shown[0].title} path: {finished} of {plural(counted, 'step')} done")
            upcoming = next((item for item in planned if item.status in ("learning", "todo")), None)
    right = sum(tally.right for tally in recommendation.by_topic.values())
    total = sum(tally.total for tally in recommendation.by_topic.values())
    if total:
        parts.append(f"knowledge: {right} of {total} right ({round(100 * right / total)}%)")
    progress_words = " · ".join(parts) if answers else "Nothing answered yet."
    due = len(review_queue(person.profile, bank, now))
    if current is not None:
        name = _quoted_if_asked(mode_words(current.mode, current.topic, current.pack_id))
        words = f"Next: resume {name} ({answered_words(current)})."
        action = "resume"
    elif not answers:
        words = (
            "New here? Start with the full assessment: what you know, how ready you feel, and "
            "which path fits you."
        )
        action = "full"
    elif recommendation.outcome == "not enough answers" and recommendation.fit_unanswered:
        words = 'Next: "Which path fits me?", for a verdict on which path fits you.'
        action = "fit"
    elif due:
        words = f"Next: review the {plural(due, 'missed question')} due now."
        action = "review"
    elif upcoming is not None:
        doing = "carry on with" if upcoming.status == "learning" else "start"
        words = f"Next on your path: {doing} {upcoming.step.title}."
        action = "path"
    else:
        words = "Next: a quick quiz, to keep what you know fresh."
        action = "quick"
    return HomeView(greeting, verdict, progress_words, words, action, recommendation)


def history_lines(
    attempt: Attempt,
    bank: Bank,
    now: datetime,
    person: OpenProfile | None = None,
    pack: Pack | None = None,
) -> tuple[str, str]:
    """One past attempt in two lines: when and which mode in words, then its one score (as its
    results, the report and the roster show it; or, for "Which path fits me?", the verdict its
    answers gave) and how it ended.

    With `person`, a class quiz's score waits until the quiz closes for the class (`pack`: the
    class quiz being run, whose rules say when), and "ended by your teacher" or "time ran out"
    says what closed it.
    """
    shown_score = attempt_score(attempt, bank)
    state = class_results(person, attempt, now, pack) if person is not None else None
    status = ATTEMPT_STATUS_WORDS.get(attempt.status, attempt.status)
    if state is not None and state.closed_by is not None:
        status = CLOSED_WORDS[state.closed_by]
    name = mode_words(attempt.mode, attempt.topic, attempt.pack_id)
    if (state is not None and state.held_back) or (attempt.feedback == "end" and attempt.is_open):
        shown = "score held back until the class ends"
    elif shown_score.out_of:
        shown = f"{shown_score.percent}% ({shown_score.right} of {shown_score.out_of} right)"
    elif attempt.mode == "fit" and attempt.answers:
        from quizapp.core.recommend import recommend

        shown = verdict_headline(recommend(latest_answers(attempt), bank))
    elif attempt.answers:
        shown = f"{plural(len(latest_answers(attempt)), 'answer')} about you"
    else:
        shown = "nothing answered"
    return f"{when_words(attempt.started, now)}  {name}", f"{shown} · {status}"
