"""Past answers for benchmark profiles: finished attempts written through the real store."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from quizapp.core.bank import (
    ROLES,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
)
from quizapp.core.profile import Answer, Response
from quizapp.core.scoring import grade
from quizapp.core.session import plan_attempt, update_review
from quizapp.core.store import OpenProfile

BASE_TIME = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
"""When the first past attempt started; each later one an hour on."""


def response_for(question: AnyQuestion, right: bool) -> Response:
    """A valid response to `question`, the right one or a wrong one."""
    if isinstance(question, SingleQuestion):
        return question.answer if right else (question.answer + 1) % len(question.choices)
    if isinstance(question, MultiQuestion):
        if right:
            return sorted(question.answers)
        return [index for index in range(len(question.choices)) if index not in question.answers]
    if isinstance(question, RoleQuestion):
        return question.answer if right else ROLES[(ROLES.index(question.answer) + 1) % 3]
    if isinstance(question, FitQuestion | ReadinessQuestion):
        return 0 if right else len(question.options) - 1
    return question.answer if right else not question.answer


def add_past_attempts(
    opened: OpenProfile, bank: Bank, answers: int, per_attempt: int | None = None
) -> int:
    """Give an open profile `answers` past answers (about 70% right) in full attempts.

    Each attempt is a full assessment cut to `per_attempt` questions if given; the last one may be
    shorter (then marked abandoned). The profile file is saved once at the end.

    Returns:
        How many attempts were written.
    """
    rng = random.Random(answers)
    profile = opened.profile
    fingerprints = {question.id: question.fingerprint for question in bank.questions}
    remaining, number = answers, 0
    while remaining > 0:
        started = BASE_TIME + timedelta(hours=number)
        attempt = plan_attempt(bank, profile, "full", seed=number, now=started)
        size = len(attempt.question_ids) if per_attempt is None else per_attempt
        attempt.question_ids = attempt.question_ids[:size]
        count = min(len(attempt.question_ids), remaining)
        for offset, question_id in enumerate(attempt.question_ids[:count]):
            question = bank[question_id]
            response = response_for(question, rng.random() < 0.7)
            correct, credit = grade(question, response)
            at = started + timedelta(seconds=20 * (offset + 1))
            attempt.answers.append(
                Answer(
                    question_id=question_id,
                    response=response,
                    correct=correct,
                    credit=credit,
                    answered_at=at,
                    seconds=float(rng.randint(4, 40)),
                    version=fingerprints[question_id],
                )
            )
            update_review(profile.review, question_id, correct, at)
        attempt.status = "finished" if count == len(attempt.question_ids) else "abandoned"
        attempt.finished = attempt.answers[-1].answered_at
        opened.save_attempt(attempt)
        profile.answers_total += count
        profile.last_activity = attempt.finished
        remaining -= count
        number += 1
    opened.save()
    return number
