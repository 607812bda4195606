"""Grading answers and scoring attempts: overall, per topic and per area, with the missed questions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from quizapp.core.bank import (
    AREAS,
    TOPICS,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    is_graded,
)
from quizapp.core.classcontrol import PackControl, deadline
from quizapp.core.profile import Answer, Attempt, Response
from quizapp.core.words import ROLE_WORDS


class ResponseError(ValueError):
    """A response that does not fit the question (wrong type or a choice that does not exist)."""


def grade(question: AnyQuestion, response: Response) -> tuple[bool | None, float]:
    """Grade one response.

    Args:
        question: the question answered.
        response: original choice index (single, fit, readiness), indexes (multi), bool (true_false)
            or role name (role).

    Returns:
        (correct, credit): correct is None for fit and readiness items; credit is the share of
        choices judged right for multi (partial credit, recorded), else 1.0 or 0.0.

    Raises:
        ResponseError: the response does not fit the question.
    """
    if isinstance(question, SingleQuestion):
        if isinstance(response, bool) or not isinstance(response, int):
            raise ResponseError("a single-choice answer is one choice index")
        if not 0 <= response < len(question.choices):
            raise ResponseError(f"choice {response} does not exist")
        right = response == question.answer
        return right, 1.0 if right else 0.0
    if isinstance(question, MultiQuestion):
        if not isinstance(response, list) or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in response
        ):
            raise ResponseError("a multi-select answer is a list of choice indexes")
        chosen = set(response)
        if any(not 0 <= index < len(question.choices) for index in chosen):
            raise ResponseError("a chosen choice does not exist")
        answers = set(question.answers)
        judged_right = sum(
            1 for index in range(len(question.choices)) if (index in chosen) == (index in answers)
        )
        return chosen == answers, round(judged_right / len(question.choices), 4)
    if isinstance(question, TrueFalseQuestion):
        if not isinstance(response, bool):
            raise ResponseError("a true/false answer is true or false")
        right = response == question.answer
        return right, 1.0 if right else 0.0
    if isinstance(question, RoleQuestion):
        if response not in ("engineer", "developer", "both"):
            raise ResponseError("a role answer is engineer, developer or both")
        right = response == question.answer
        return right, 1.0 if right else 0.0
    if isinstance(response, bool) or not isinstance(response, int):
        raise ResponseError("a fit or readiness answer is one option index")
    if not 0 <= response < len(question.options):
        raise ResponseError(f"option {response} does not exist")
    return None, 0.0


def _in_order(indexes: Iterable[int], order: Sequence[int] | None) -> list[int]:
    """Choice indexes sorted as the person saw them (`order`: original indexes in display order)."""
    if order is None:
        return sorted(indexes)
    position = {index: place for place, index in enumerate(order)}
    return sorted(indexes, key=lambda index: (position.get(index, len(position)), index))


def right_answer_text(question: AnyQuestion, order: Sequence[int] | None = None) -> str:
    """The right answer in words, for feedback and reviews ("" for fit and readiness items).

    `order` (original indexes in display order) lists a multi-select's answers as they were shown.
    """
    if isinstance(question, SingleQuestion):
        return question.choices[question.answer]
    if isinstance(question, MultiQuestion):
        return "; ".join(question.choices[index] for index in _in_order(question.answers, order))
    if isinstance(question, TrueFalseQuestion):
        return "True" if question.answer else "False"
    if isinstance(question, RoleQuestion):
        return ROLE_WORDS[question.answer]
    return ""


def response_text(
    question: AnyQuestion, response: Response, order: Sequence[int] | None = None
) -> str:
    """A response in words, for reports and reviews (`order` as for `right_answer_text`)."""
    if isinstance(question, SingleQuestion) and isinstance(response, int):
        return question.choices[response] if 0 <= response < len(question.choices) else "?"
    if isinstance(question, MultiQuestion) and isinstance(response, list):
        chosen = [
            question.choices[i]
            for i in _in_order(response, order)
            if 0 <= i < len(question.choices)
        ]
        return "; ".join(chosen) or "(nothing selected)"
    if isinstance(question, TrueFalseQuestion):
        return "True" if response is True else "False"
    if isinstance(question, RoleQuestion) and isinstance(response, str):
        return ROLE_WORDS.get(response, response)
    if isinstance(question, FitQuestion | ReadinessQuestion) and isinstance(response, int):
        return question.options[response].text if 0 <= response < len(question.options) else "?"
    return str(response)


@dataclass
class Tally:
    """Right answers out of graded answers, plus difficulty-weighted figures for mastery."""

    right: int = 0
    """Right answers."""
    total: int = 0
    """Graded answers (fit and readiness answers excluded)."""
    weighted_right: float = 0.0
    """Right answers weighted by difficulty."""
    weighted_total: float = 0.0
    """Graded answers weighted by difficulty."""

    def add(self, correct: bool, difficulty: int) -> None:
        """Count one graded answer."""
        self.total += 1
        self.weighted_total += difficulty
        if correct:
            self.right += 1
            self.weighted_right += difficulty

    @property
    def share(self) -> float:
        """Right answers as a share of graded answers (0 when none)."""
        return self.right / self.total if self.total else 0.0

    @property
    def mastery(self) -> float:
        """Difficulty-weighted share of right answers (0 when none)."""
        return self.weighted_right / self.weighted_total if self.weighted_total else 0.0


@dataclass
class Missed:
    """A question answered wrongly, with what was chosen and what was right."""

    question: AnyQuestion
    """The question."""
    given: str
    """The answer given, in words."""
    right: str
    """The right answer, in words."""


@dataclass
class Results:
    """An attempt scored."""

    overall: Tally = field(default_factory=Tally)
    """Every graded answer."""
    by_topic: dict[str, Tally] = field(default_factory=dict)
    """Topic -> tally, for every topic answered."""
    by_area: dict[str, Tally] = field(default_factory=dict)
    """Area -> tally, for every area answered."""
    missed: list[Missed] = field(default_factory=list)
    """Wrong answers, in the order asked."""
    rated: int = 0
    """Self-rating answers (not scored)."""
    seconds: float = 0.0
    """Time spent answering."""

    @property
    def percent(self) -> int:
        """The overall score as a whole percentage."""
        return round(100 * self.overall.share)


def latest_answers(attempt: Attempt) -> list[Answer]:
    """One answer per question (the latest), in the order the questions were asked."""
    latest: dict[str, Answer] = {}
    for answer in attempt.answers:
        latest[answer.question_id] = answer
    order = {question_id: index for index, question_id in enumerate(attempt.question_ids)}
    return sorted(latest.values(), key=lambda answer: order.get(answer.question_id, len(order)))


def score(answers: Iterable[Answer], bank: Bank) -> Results:
    """Score answers against the bank (answers to questions no longer in the bank are left out)."""
    results = Results()
    for answer in answers:
        question = bank.get(answer.question_id)
        if question is None:
            continue
        results.seconds += answer.seconds
        if answer.correct is None or isinstance(question, FitQuestion | ReadinessQuestion):
            results.rated += 1
            continue
        results.overall.add(answer.correct, question.difficulty)
        results.by_topic.setdefault(question.topic, Tally()).add(
            answer.correct, question.difficulty
        )
        results.by_area.setdefault(question.area, Tally()).add(answer.correct, question.difficulty)
        if not answer.correct:
            results.missed.append(
                Missed(
                    question, response_text(question, answer.response), right_answer_text(question)
                )
            )
    results.by_topic = {
        topic: results.by_topic[topic] for topic in TOPICS if topic in results.by_topic
    }
    results.by_area = {area: results.by_area[area] for area in AREAS if area in results.by_area}
    return results


def effective_status(
    attempt: Attempt,
    now: datetime,
    control: PackControl | None = None,
    student_key: str = "",
) -> str:
    """An attempt's status as it stands at `now`: an open attempt past its deadline has timed out.

    The deadline is the time limit plus any extra time the teacher gave, or the moment the teacher
    ended the quiz. The student's quizapp closes such an attempt when it sees the deadline, but only
    while it runs; a student who went away (or whose device died) leaves it "active" on disk.
    Reports use this, so a time limit holds whatever the student's process did.
    """
    if not attempt.is_open:
        return attempt.status
    ends = deadline(
        attempt.started, attempt.time_limit_seconds, control or PackControl(), student_key
    )
    if ends is not None and now >= ends:
        return "timed_out"
    return attempt.status


@dataclass(frozen=True)
class Outcome:
    """The score a person and a teacher see, and pass or fail, computed the same way for both."""

    right: int
    """Right answers."""
    out_of: int
    """What the score is out of: the graded answers, or every graded question once a quiz with a
    pass mark has ended (unanswered ones count as wrong)."""
    passed: bool | None
    """Against the pass mark; None while the attempt is open or when there is no mark."""

    @property
    def percent(self) -> int:
        """The score as a whole percentage (0 when there is nothing to score)."""
        return round(100 * self.right / self.out_of) if self.out_of else 0


def outcome(attempt: Attempt, bank: Bank, results: Results) -> Outcome:
    """The shown score and pass or fail of an attempt; they always agree.

    Once an attempt with a pass mark has ended, questions never answered (time ran out, or it was
    left) count as wrong in the percentage and in pass or fail alike, so "1 of 1 answered" can
    never read as 100% beside "Not passed".
    """
    right = results.overall.right
    counts_unanswered = attempt.pass_mark is not None or attempt.mode == "pack"
    if not counts_unanswered or attempt.status == "active":
        return Outcome(right, results.overall.total, None)
    graded = sum(
        1
        for question_id in attempt.question_ids
        if (question := bank.get(question_id)) is not None and is_graded(question)
    )
    if graded == 0 or attempt.pass_mark is None:
        return Outcome(right, graded, None)
    return Outcome(right, graded, right / graded >= attempt.pass_mark)


def attempt_score(
    attempt: Attempt,
    bank: Bank,
    now: datetime | None = None,
    control: PackControl | None = None,
    student_key: str = "",
) -> Outcome:
    """THE score of one attempt: what the results, the history, the report, the live roster and
    the CSV and JSON files all show, so one attempt never reads as two scores.

    With `now`, an open attempt past its deadline (time limit plus extra time, or the teacher's
    end, from `control`) is scored as ended, whatever the student's quizapp did; once a class quiz
    (or any quiz with a pass mark) has ended, questions never answered count as wrong.
    """
    if now is not None and effective_status(attempt, now, control, student_key) != attempt.status:
        attempt = replace(attempt, status="timed_out")
    return outcome(attempt, bank, score(latest_answers(attempt), bank))


def attempt_passed(attempt: Attempt, bank: Bank, results: Results) -> bool | None:
    """Whether an attempt reached its pass mark: None while it is open or when there is no mark.

    Questions never answered (time ran out, or it was left) count as wrong.
    """
    return outcome(attempt, bank, results).passed
