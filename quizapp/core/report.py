"""The teacher's class report: per student and per question, computed from profiles it only reads."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from quizapp.core.bank import (
    ROLES,
    TOPICS,
    AnyQuestion,
    Bank,
    MultiQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    is_graded,
)
from quizapp.core.classcontrol import ClassControl, ControlError, ControlStore, PackControl
from quizapp.core.formats import utc_now
from quizapp.core.profile import Attempt, Profile, Response
from quizapp.core.scoring import (
    attempt_score,
    effective_status,
    latest_answers,
    response_text,
    score,
)
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
class ChoiceCount:
    """How often one choice of a question was picked: overall, and by the top and bottom groups."""

    text: str
    """The choice in words."""
    key: bool
    """Whether it is (part of) the right answer."""
    picked: int = 0
    """Students who picked it."""
    upper: int = 0
    """Of them, students in the top 27% by total score (ended attempts only)."""
    lower: int = 0
    """Of them, students in the bottom 27%."""


@dataclass
class QuestionRow:
    """One question's line: how the class did on it, from each student's first attempt.

    First attempts only, as Moodle's statistics do by default: a retake made after the answers
    were shown says nothing about the question.
    """

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
    asked: int = 0
    """Students it counts for: those who answered it, and those whose attempt ended without an
    answer to it (a wrong answer, as in their score). 0 means: the same as `answered`."""
    discrimination: float | None = None
    """Corrected point-biserial correlation of this question with the rest of the test, -1 to 1,
    over ended attempts (None when it cannot be computed: fewer than 3 of them, or no spread)."""
    upper_lower: float | None = None
    """Share right in the top 27% minus share right in the bottom 27% by total score (None with
    fewer than 4 ended attempts)."""
    guess: float = 0.0
    """The share a student picking at random would get right (1 / choices; all-or-nothing for
    select-all)."""
    choices: list[ChoiceCount] = field(default_factory=list)
    """Each choice and how often it was picked (a select-all answer counts for each choice in it)."""
    flags: list[str] = field(default_factory=list)
    """What to check about this question, in words (negative discrimination, a key beaten by a
    wrong choice among the strongest students, a choice nobody takes, below guessing)."""

    @property
    def counted(self) -> int:
        """Students the share right is out of."""
        return max(self.asked, self.answered)

    @property
    def facility(self) -> float:
        """Share right, 0 to 1 (unanswered questions of ended attempts count as wrong)."""
        return self.right / self.counted if self.counted else 0.0

    @property
    def percent_right(self) -> int:
        """Share right, in percent (the facility index)."""
        return round(100 * self.facility)


@dataclass
class ClassSummary:
    """The class as a whole, from each student's first attempt: its scores and its reliability."""

    students: int = 0
    """Students with a first attempt (n)."""
    ended: int = 0
    """Of them, attempts that have ended (the test statistics are over these)."""
    mean_percent: float | None = None
    """Mean score, in percent (over ended attempts; the score every face shows)."""
    median_percent: float | None = None
    """Median score, in percent."""
    sd_percent: float | None = None
    """Standard deviation of the scores, in percent points."""
    passed: int = 0
    """Ended attempts that reached the pass mark."""
    with_pass_mark: int = 0
    """Ended attempts that have a pass mark."""
    items: int = 0
    """Questions every ended attempt asked (k, for the reliability)."""
    alpha: float | None = None
    """Internal consistency: KR-20 (Cronbach's alpha for right/wrong items), at most 1 (None with
    fewer than 2 questions or 2 ended attempts, or no spread in the totals)."""
    sem_percent: float | None = None
    """Standard error of measurement, in percent points: sd * sqrt(1 - alpha)."""

    @property
    def noisy(self) -> bool:
        """Whether the class is too small for these figures to mean much (fewer than 30)."""
        return self.ended < NOISY_BELOW


NOISY_BELOW = 30
"""Below this many ended attempts, the report says the statistics are noisy."""


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
    summary: ClassSummary = field(default_factory=ClassSummary)
    """Mean, median, passes and reliability, from each student's first attempt."""


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
    shown = attempt_score(attempt, bank)
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
    control_problem: str | None = None
    """Why the control file cannot be read, when it cannot (it is in `skipped` too)."""
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
        files.control_problem = str(error.problem)
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
    student_attempts: list[list[Attempt]] = []
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
        student_attempts.append(as_they_stand(attempts, files.control, person.folder.name, now))
    report.students.sort(key=lambda row: row.name.casefold())
    report.packs_taken = sorted(files.packs_taken)
    report.questions, report.summary = item_analysis(student_attempts, bank)
    return report


def as_they_stand(
    attempts: Sequence[Attempt], control: ClassControl, student_key: str, now: datetime
) -> list[Attempt]:
    """One student's attempts with the status each has at `now` (a passed deadline ended it)."""
    return [
        replace(attempt, status="timed_out")
        if effective_status(attempt, now, control.for_pack(attempt.pack_id), student_key)
        != attempt.status
        else attempt
        for attempt in attempts
    ]


def class_attempts(files: ClassFiles, pack_id: str | None, now: datetime) -> list[list[Attempt]]:
    """Each student's attempts that a report counts (see `counted_attempts`), oldest first, with
    the status each has at `now`: what `item_analysis` takes."""
    students = []
    for person in files.people:
        counted = counted_attempts(person, pack_id)
        if counted:
            students.append(as_they_stand(counted, files.control, person.folder.name, now))
    return students


TOPIC_COLUMNS = TOPICS
"""The per-topic columns of the student table."""


# ---------------------------------------------------------------- item analysis


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation of two equally long series (None when either has no spread)."""
    count = len(xs)
    if count < 3:
        return None
    mean_x, mean_y = sum(xs) / count, sum(ys) / count
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    return sxy / math.sqrt(sxx * syy)


def _choice_texts(question: AnyQuestion) -> list[tuple[str, Response, bool]]:
    """Each choice of a graded question: its words, the response that picks it, and whether it is right."""
    if isinstance(question, SingleQuestion):
        return [(text, i, i == question.answer) for i, text in enumerate(question.choices)]
    if isinstance(question, MultiQuestion):
        return [(text, i, i in question.answers) for i, text in enumerate(question.choices)]
    if isinstance(question, TrueFalseQuestion):
        return [("True", True, question.answer), ("False", False, not question.answer)]
    if isinstance(question, RoleQuestion):
        return [(response_text(question, role), role, role == question.answer) for role in ROLES]
    return []


def random_guess(question: AnyQuestion) -> float:
    """The share right a student picking at random would get (Moodle's random guess score)."""
    if isinstance(question, MultiQuestion):
        return 1.0 / float(2 ** len(question.choices))  # all or nothing: one subset of them all
    choices = _choice_texts(question)
    return 1 / len(choices) if choices else 0.0


def _picked(response: Response, value: Response) -> bool:
    if isinstance(response, list):
        return isinstance(value, int) and value in response
    return type(response) is type(value) and response == value


def _graded_ids(attempt: Attempt, bank: Bank) -> list[str]:
    """The graded questions an attempt asked, in order, once each."""
    return [
        question_id
        for question_id in dict.fromkeys(attempt.question_ids)
        if (question := bank.get(question_id)) is not None and is_graded(question)
    ]


def _item_scores(attempt: Attempt, bank: Bank) -> dict[str, int]:
    """Question id -> 1 right, 0 wrong, for the questions an attempt answered, and for every
    question it asked once it has ended (unanswered is wrong, as in its score)."""
    answers = {answer.question_id: answer for answer in latest_answers(attempt)}
    return {
        question_id: 1 if (answer := answers.get(question_id)) and answer.correct else 0
        for question_id in _graded_ids(attempt, bank)
        if question_id in answers or attempt.status != "active"
    }


def item_analysis(
    students: Sequence[Sequence[Attempt]], bank: Bank
) -> tuple[list[QuestionRow], ClassSummary]:
    """Classical item analysis of a class, as Moodle's quiz statistics report it.

    Per question: the share right (facility; a question an ended attempt left unanswered counts
    as wrong), the corrected point-biserial discrimination (the question against the rest of the
    test) and the upper-lower 27% index, how often each choice was picked overall and by the top
    and bottom groups, and flags for questions to check. For the class: mean, median and spread
    of the scores, passes, and KR-20 with its standard error of measurement.

    Only first attempts count: a retake made after the answers were shown says nothing about a
    question. (Where a student's first attempt did not ask a question, their first attempt that
    did is used for its row.)

    Args:
        students: each student's attempts, oldest first, each with the status it has now.
        bank: the question bank.

    Returns:
        The question rows, hardest first, and the class summary.
    """
    firsts = [attempts[0] for attempts in students if attempts]
    first_scores = [_item_scores(attempt, bank) for attempt in firsts]
    ended_index = [index for index, attempt in enumerate(firsts) if attempt.status != "active"]
    totals = {index: sum(first_scores[index].values()) for index in ended_index}
    ranked = sorted(ended_index, key=lambda index: totals[index])
    group = round(0.27 * len(ranked)) if len(ranked) >= 4 else 0
    lower = set(ranked[:group]) if group else set()
    upper = set(ranked[-group:]) if group else set()

    rows: dict[str, QuestionRow] = {}
    wrong_answers: dict[str, Counter[str]] = {}
    for index, attempts in enumerate(item for item in students if item):
        seen: set[str] = set()
        for attempt in attempts:
            scores = first_scores[index] if attempt is attempts[0] else _item_scores(attempt, bank)
            answers = {answer.question_id: answer for answer in latest_answers(attempt)}
            for question_id, item in scores.items():
                if question_id in seen:
                    continue
                seen.add(question_id)
                question = bank[question_id]
                row = rows.get(question_id)
                if row is None:
                    row = QuestionRow(
                        question_id,
                        question.prompt,
                        question.topic,
                        0,
                        0,
                        "",
                        0,
                        guess=random_guess(question),
                        choices=[
                            ChoiceCount(text, key) for text, _, key in _choice_texts(question)
                        ],
                    )
                    rows[question_id] = row
                    wrong_answers[question_id] = Counter()
                row.asked += 1
                row.right += item
                answer = answers.get(question_id)
                if answer is None or answer.correct is None:
                    continue
                row.answered += 1
                in_first = attempt is attempts[0]
                for choice, (_, value, _) in zip(row.choices, _choice_texts(question), strict=True):
                    if _picked(answer.response, value):
                        choice.picked += 1
                        choice.upper += in_first and index in upper
                        choice.lower += in_first and index in lower
                if not answer.correct:
                    wrong_answers[question_id][response_text(question, answer.response)] += 1
    item_scores = dict(enumerate(first_scores))
    for question_id, row in rows.items():
        common = wrong_answers[question_id].most_common(1)
        if common:
            row.common_wrong, row.common_wrong_count = common[0]
        in_ended = [index for index in ended_index if question_id in item_scores[index]]
        xs = [float(item_scores[index][question_id]) for index in in_ended]
        rest = [float(totals[index] - item_scores[index][question_id]) for index in in_ended]
        row.discrimination = _pearson(xs, rest)
        if group:
            top = [
                item_scores[i].get(question_id, 0) for i in upper if question_id in item_scores[i]
            ]
            bottom = [
                item_scores[i].get(question_id, 0) for i in lower if question_id in item_scores[i]
            ]
            if top and bottom:
                row.upper_lower = sum(top) / len(top) - sum(bottom) / len(bottom)
        row.flags = _flags(row, len(in_ended), bank[question_id])
    summary = _summary(firsts, item_scores, ended_index, bank)
    questions = sorted(rows.values(), key=lambda row: (row.facility, -row.counted, row.question_id))
    return questions, summary


def _flags(row: QuestionRow, ended: int, question: AnyQuestion) -> list[str]:
    """What a teacher should check about one question, in words."""
    flags: list[str] = []
    if row.discrimination is not None and row.discrimination < 0:
        flags.append(
            "negative discrimination: stronger students got it wrong more often; check the key "
            "and the wording"
        )
    key_upper = max((choice.upper for choice in row.choices if choice.key), default=0)
    beaten = [
        choice.text
        for choice in row.choices
        if not choice.key and choice.upper > key_upper and not isinstance(question, MultiQuestion)
    ]
    if beaten:
        flags.append(f"the strongest students chose '{beaten[0]}' over the key: is the key right?")
    if ended >= MIN_FOR_CHOICE_FLAGS:
        unused = [choice.text for choice in row.choices if not choice.key and choice.picked == 0]
        if unused:
            flags.append(f"nobody chose '{unused[0]}': a choice that does not work")
        if row.facility < row.guess:
            flags.append(f"right less often than by guessing ({round(100 * row.guess)}%)")
    return flags


MIN_FOR_CHOICE_FLAGS = 10
"""With fewer ended attempts, a choice nobody took or a share below guessing says nothing."""


def _summary(
    firsts: Sequence[Attempt],
    item_scores: dict[int, dict[str, int]],
    ended_index: Sequence[int],
    bank: Bank,
) -> ClassSummary:
    ended = [firsts[index] for index in ended_index]
    summary = ClassSummary(students=len(firsts), ended=len(ended))
    if not ended:
        return summary
    outcomes = [attempt_score(attempt, bank) for attempt in ended]
    percents = [100 * item.right / item.out_of if item.out_of else 0.0 for item in outcomes]
    summary.mean_percent = statistics.fmean(percents)
    summary.median_percent = statistics.median(percents)
    summary.sd_percent = statistics.pstdev(percents) if len(percents) > 1 else None
    summary.with_pass_mark = sum(1 for item in outcomes if item.passed is not None)
    summary.passed = sum(1 for item in outcomes if item.passed)
    common = sorted(set.intersection(*(set(_graded_ids(attempt, bank)) for attempt in ended)))
    summary.items = len(common)
    if len(common) < 2 or len(ended) < 2:
        return summary
    matrix = [[item_scores[index][qid] for qid in common] for index in ended_index]
    totals = [sum(row) for row in matrix]
    total_variance = statistics.pvariance(totals)
    if total_variance <= 0:
        return summary
    k = len(common)
    item_variance = sum(statistics.pvariance(column) for column in zip(*matrix, strict=True))
    alpha = (k / (k - 1)) * (1 - item_variance / total_variance)
    summary.alpha = alpha
    summary.sem_percent = 100 * math.sqrt(total_variance) * math.sqrt(max(0.0, 1 - alpha)) / k
    return summary
