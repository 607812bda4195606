"""How fit items enter quizzes: adaptively, in the "Which path fits me?" mode and at the end of a full
assessment, the most informative first, until the verdict is sure or ADAPTIVE_CAP items are asked.

A scale item is always followed by its mirror: a person who answers the middle of every scale then
gets as many engineer points as developer points, whatever was asked.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from quizapp.core.bank import AnyQuestion, Bank, FitQuestion
from quizapp.core.profile import Answer
from quizapp.core.recommend import MIN_FIT, fit_answers, observations, posterior

ADAPTIVE_CAP = 28
"""The most fit items the "Which path fits me?" mode asks before it calls the result as it stands."""


def fit_items(bank: Bank) -> list[FitQuestion]:
    """Every fit item in the bank, in file order."""
    return [question for question in bank.questions if isinstance(question, FitQuestion)]


def _units(items: Sequence[FitQuestion]) -> tuple[list[list[FitQuestion]], list[list[FitQuestion]]]:
    """Choice items one by one, and scale items as mirror pairs (a scale without one stands alone)."""
    by_id = {item.id: item for item in items}
    choices = [[item] for item in items if item.form == "choice"]
    pairs: list[list[FitQuestion]] = []
    seen: set[str] = set()
    for item in items:
        if item.form != "scale" or item.id in seen:
            continue
        seen.add(item.id)
        mirror = by_id.get(item.mirror or "")
        if mirror is not None and mirror.id not in seen:
            seen.add(mirror.id)
            pairs.append([item, mirror])
        else:
            pairs.append([item])
    return choices, pairs


def adaptive_order(bank: Bank, seed: int) -> list[FitQuestion]:
    """The order the adaptive mode asks in: the most informative items first.

    A choice item's answers span the whole line from developer to engineer, a scale item's only one
    half, so choice items come first (in an order fixed by `seed`), then scale items, each followed
    at once by its mirror.
    """
    rng = random.Random(f"fit:{seed}")
    choices, pairs = _units(fit_items(bank))
    rng.shuffle(choices)
    rng.shuffle(pairs)
    return [item for unit in [*choices, *pairs] for item in unit]


def next_fit_item(
    bank: Bank, answers: Iterable[Answer], asked: Sequence[str], seed: int
) -> FitQuestion | None:
    """The next item the adaptive mode asks, or None when the verdict is sure or the cap is reached.

    Args:
        bank: the bank.
        answers: every answer the person has given (earlier fit answers count as evidence too).
        asked: ids already asked in this attempt, in order (other kinds are skipped over).
        seed: the attempt's seed, which fixes the order among equally informative items.
    """
    answers = list(answers)
    evidence = fit_answers(answers, bank)
    post = posterior(observations(evidence))
    asked_fit = [qid for qid in asked if isinstance(bank.get(qid), FitQuestion)]
    if len(asked_fit) >= ADAPTIVE_CAP or (post.count >= MIN_FIT and post.settled):
        return None
    done = set(asked) | {item.question.id for item in evidence}
    order = adaptive_order(bank, seed)
    last = bank.get(asked[-1]) if asked else None
    if isinstance(last, FitQuestion) and last.mirror and last.mirror not in done:
        # Keep scale items paired, so the middle of every scale stays neutral.
        mirror = bank.get(last.mirror)
        if isinstance(mirror, FitQuestion):
            return mirror
    for item in order:
        if item.id not in done:
            return item
    return None


def needs_fit(questions: Iterable[AnyQuestion]) -> bool:
    """Whether a quiz asks any fit item (quizzes without them never end on a verdict)."""
    return any(isinstance(question, FitQuestion) for question in questions)
