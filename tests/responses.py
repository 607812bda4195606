"""Right and wrong answers to any question, for tests that play a quiz (import as `responses`)."""

from __future__ import annotations

from quizapp.core.bank import (
    AnyQuestion,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from quizapp.core.profile import Response


def right_response(question: AnyQuestion) -> Response:
    """The right answer to `question` (fit: its first option; readiness: the most ready one)."""
    if isinstance(question, MultiQuestion):
        return sorted(question.answers)
    if isinstance(question, ReadinessQuestion):
        levels = [option.level for option in question.options]
        return levels.index(max(levels))
    if isinstance(question, FitQuestion):
        return 0
    return question.answer


def wrong_response(question: AnyQuestion) -> Response:
    """A wrong answer to `question` (fit and readiness items have none; their first option is returned)."""
    if isinstance(question, SingleQuestion):
        return (question.answer + 1) % len(question.choices)
    if isinstance(question, MultiQuestion):
        return [index for index in range(len(question.choices)) if index not in question.answers]
    if isinstance(question, TrueFalseQuestion):
        return not question.answer
    if isinstance(question, RoleQuestion):
        return "both" if question.answer != "both" else "engineer"
    return 0
