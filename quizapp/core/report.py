"""The teacher's class report: per student and per question, computed from profiles it only reads."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from quizapp.core.bank import TOPICS, Bank
from quizapp.core.classcontrol import ClassControl, ControlError, ControlStore, PackControl
from quizapp.core.formats import utc_now
from quizapp.core.profile import Attempt, Profile
from quizapp.core.scoring import effective_status, latest_answers, outcome, response_text, score
from quizapp.core.store import PROFILE_FILE, ProfileError, ProfileStore


@dataclass
class AttemptScore:
    """One attempt summarised."""

    attempt_id: str
    """The attempt's id (its start time and mode)."""
    percent: int
    """Score in percent."""
    right: int
    """Right answers."""
    graded: int
    """Graded answers."""
    by_topic: dict[str, int]
    """Topic -> percent, for topics answered."""
    seconds: float
    """Time spent answering."""
    status: str
    """active, finished, abandoned or timed_out."""
    passed: bool | None
    """Against the pack's pass mark, when there is one."""


@dataclass
class StudentRow:
    """One student's line of the report."""

    name: str
    """The student's name."""
    attempts: int
    """Attempts counted (of the pack, when filtered)."""
    latest: AttemptScore
    """The most recent attempt."""
    best: AttemptScore
    """The best-scoring attempt among those that ended (the latest, if none has)."""


@dataclass
class QuestionRow:
    """One question's line: how the class did on it (from each student's latest attempt)."""

    question_id: str
    """The question's id."""
    prompt: str
    """Its prompt (or a note if it left the bank)."""
    topic: str
    """Its topic."""
    answered: int
    """Students who answered it."""
    right: int
    """Students who got it right."""
    common_wrong: str
    """The most common wrong answer, in words ("" if nobody got it wrong)."""
    common_wrong_count: int
    """How many gave that wrong answer."""

    @property
    def percent_right(self) -> int:
        """Share right, in percent."""
        return round(100 * self.right / self.answered) if self.answered else 0


@dataclass
class ClassReport:
    """The whole report."""

    folder: str
    """The profiles folder read."""
    pack_id: str | None
    """The pack filtered on, if any."""
    students: list[StudentRow] = field(default_factory=list)
    """One row per student with attempts, by name."""
    questions: list[QuestionRow] = field(default_factory=list)
    """One row per question asked, hardest first."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) for every profile or attempt that could not be read."""
    packs_taken: list[str] = field(default_factory=list)
    """Every pack id found in the readable attempts (to tell an unknown `--pack` id from a real one)."""


def summarise(
    attempt: Attempt,
    bank: Bank,
    now: datetime | None = None,
    control: PackControl | None = None,
    student_key: str = "",
) -> AttemptScore:
    """Score one attempt for the report, as it stands at `now` (a passed deadline has ended it)."""
    if now is not None and effective_status(attempt, now, control, student_key) != attempt.status:
        attempt = replace(attempt, status="timed_out")
    results = score(latest_answers(attempt), bank)
    shown = outcome(attempt, bank, results)
    return AttemptScore(
        attempt_id=attempt.id,
        percent=shown.percent,
        right=shown.right,
        graded=shown.out_of,
        by_topic={topic: round(100 * tally.share) for topic, tally in results.by_topic.items()},
        seconds=round(results.seconds, 1),
        status=attempt.status,
        passed=shown.passed,
    )


def skip_reason(error: ProfileError) -> str:
    """Why a file was skipped, with the field or line where it is wrong."""
    from quizapp.core.reading import printable

    problem = error.problem
    place = f"line {problem.line}: " if problem.line else ""
    place += f"{problem.where}: " if problem.where else ""
    return printable(place + problem.message)


@dataclass
class PersonFiles:
    """One student's folder as read: the profile and the attempt files that could be read."""

    folder: Path
    """The student's folder (its name is the student's key)."""
    profile: Profile
    """The profile."""
    attempts: list[Attempt] = field(default_factory=list)
    """Readable attempts, oldest first (only the watched pack's when read for one pack)."""


@dataclass
class ClassFiles:
    """A class folder as read: the teacher's controls and every student's files."""

    control: ClassControl = field(default_factory=ClassControl)
    """The teacher's controls (empty when the file is missing or damaged)."""
    people: list[PersonFiles] = field(default_factory=list)
    """Every student folder with a readable profile, by folder name."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) for the control file, profiles and attempts that could not be read."""
    packs_taken: set[str] = field(default_factory=set)
    """Every pack id found in the attempts read."""


def list_reason(folder: Path, error: OSError) -> tuple[str, str]:
    """A folder that could not be listed (it vanished, or cannot be read) as a skipped entry."""
    if isinstance(error, FileNotFoundError):
        return str(folder), "the folder is gone (moved or deleted while it was being read)"
    return str(folder), f"cannot be listed ({error.strerror or error})"


def person_folders(
    folder: Path, skipped: list[tuple[str, str]], *, need_profile: bool = True
) -> list[Path]:
    """The class folder's student folders (with a profile file, unless `need_profile` is False),
    by name; a folder that cannot be listed (or vanished) adds to `skipped` and gives none."""
    try:
        entries = sorted(folder.iterdir()) if folder.is_dir() else []
    except OSError as error:
        skipped.append(list_reason(folder, error))
        return []
    people = []
    for person in entries:
        profile_file = person / PROFILE_FILE
        if not person.is_dir():
            continue
        # A pipe or folder named profile.toml is read (and skipped with its reason).
        if not need_profile or profile_file.exists() or profile_file.is_symlink():
            people.append(person)
    return people


def read_class_files(folder: Path) -> ClassFiles:
    """Read every profile and attempt in a class folder (never writing); unreadable files, and a
    folder that vanishes while it is read, are listed in `skipped`, never raised."""
    files = ClassFiles()
    try:
        files.control = ControlStore(folder).load()
    except ControlError as error:  # the report goes on without the teacher's extra time
        files.skipped.append((str(error.problem.file), error.problem.message))
    store = ProfileStore(folder)
    for person in person_folders(folder, files.skipped):
        try:
            profile = store.read_profile(person)
        except ProfileError as error:
            files.skipped.append((str(person / PROFILE_FILE), skip_reason(error)))
            continue
        read = PersonFiles(person, profile)
        for path in store.attempt_paths(person):
            try:
                attempt = store.read_attempt(path)
            except ProfileError as error:
                files.skipped.append((str(path), skip_reason(error)))
                continue
            if attempt.pack_id is not None:
                files.packs_taken.add(attempt.pack_id)
            read.attempts.append(attempt)
        files.people.append(read)
    return files


def counted_attempts(person: PersonFiles, pack_id: str | None) -> list[Attempt]:
    """The attempts a report counts for one student (of `pack_id` when given), oldest first."""
    counted = []
    for attempt in person.attempts:
        if pack_id is not None and attempt.pack_id != pack_id:
            continue
        if attempt.mode == "review":  # practice on past misses, not an assessment
            continue
        if attempt.status == "abandoned" and not attempt.answers:
            continue
        if attempt.is_open and attempt.id != person.profile.current_attempt and not attempt.answers:
            # An orphan: a crash between writing a new attempt and the profile naming it. It
            # was never shown, so it must not stand as the latest attempt with 0%.
            continue
        counted.append(attempt)
    return counted


def latest_counted_attempts(files: ClassFiles, pack_id: str | None) -> list[Attempt]:
    """Each student's latest attempt that a report counts (see `counted_attempts`)."""
    latest = []
    for person in files.people:
        counted = counted_attempts(person, pack_id)
        if counted:
            latest.append(counted[-1])
    return latest


def build_report(
    folder: Path, bank: Bank, pack_id: str | None = None, now: datetime | None = None
) -> ClassReport:
    """Read every profile in `folder` (never writing) and build the class report.

    Args:
        folder: the class's profiles folder.
        bank: the question bank, for topics, prompts and answers in words.
        pack_id: count only attempts of this pack.
        now: the time the report is for (UTC; default the real clock): open attempts past their
            time limit are reported as timed out.
    """
    return report_from_files(read_class_files(folder), str(folder), bank, pack_id, now)


def report_from_files(
    files: ClassFiles,
    folder: str,
    bank: Bank,
    pack_id: str | None = None,
    now: datetime | None = None,
) -> ClassReport:
    """The class report from a class folder already read (see `build_report` for the arguments)."""
    now = now or utc_now()
    report = ClassReport(folder, pack_id, skipped=list(files.skipped))
    latest_attempts: list[Attempt] = []
    for person in files.people:
        attempts = counted_attempts(person, pack_id)
        if not attempts:
            continue
        scored = [
            summarise(
                attempt, bank, now, files.control.for_pack(attempt.pack_id), person.folder.name
            )
            for attempt in attempts
        ]
        ended = [item for item in scored if item.status != "active"] or scored
        best = max(ended, key=lambda item: (item.percent, item.right, item.attempt_id))
        report.students.append(StudentRow(person.profile.name, len(attempts), scored[-1], best))
        latest_attempts.append(attempts[-1])
    report.students.sort(key=lambda row: row.name.casefold())
    report.packs_taken = sorted(files.packs_taken)
    report.questions = question_rows(latest_attempts, bank)
    return report


def question_rows(latest_attempts: list[Attempt], bank: Bank) -> list[QuestionRow]:
    """How the class did on each question, from each student's latest attempt; hardest first."""
    tallies: dict[str, QuestionRow] = {}
    wrong_answers: dict[str, Counter[str]] = {}
    for attempt in latest_attempts:
        for answer in latest_answers(attempt):
            if answer.correct is None:
                continue
            question = bank.get(answer.question_id)
            row = tallies.get(answer.question_id)
            if row is None:
                row = QuestionRow(
                    answer.question_id,
                    question.prompt if question else "(no longer in the bank)",
                    question.topic if question else "?",
                    0,
                    0,
                    "",
                    0,
                )
                tallies[answer.question_id] = row
                wrong_answers[answer.question_id] = Counter()
            row.answered += 1
            if answer.correct:
                row.right += 1
            else:
                given = (
                    response_text(question, answer.response) if question else str(answer.response)
                )
                wrong_answers[answer.question_id][given] += 1
    for question_id, row in tallies.items():
        common = wrong_answers[question_id].most_common(1)
        if common:
            row.common_wrong, row.common_wrong_count = common[0]
    return sorted(
        tallies.values(), key=lambda row: (row.percent_right, -row.answered, row.question_id)
    )


TOPIC_COLUMNS = TOPICS
"""The per-topic columns of the student table."""
