"""How fit items enter quizzes: adaptively, in the "Which path fits me?" mode and at the end of a full
assessment, until the outcome is settled or ADAPTIVE_CAP items are asked.

A scale item is always followed by its mirror (the same topic from the other side), so liking both
equally stays neutral whatever was asked. The order is fixed by the attempt's seed and balanced as
it goes: a scale pair comes first, then choice items and scale pairs take turns, and each next item
is the one whose wording best evens out what was asked so far (which side's texts name other people,
qualities, screens, building or upkeep, trouble, meetings...; which comes first, is longer), so
that a person who chooses by the words on screen meets them on both sides alike from the first
questions on, not only over the whole bank.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from weakref import WeakKeyDictionary

from quizapp.core.bank import AnyQuestion, Bank, FitQuestion
from quizapp.core.fit_check import SIDE_WORDS, kinds_named, role_texts
from quizapp.core.profile import Answer
from quizapp.core.recommend import assess, fit_answers

ADAPTIVE_CAP = 28
"""The most fit items the "Which path fits me?" mode asks before it calls the result as it stands."""

CHOICES_PER_PAIR = 3
"""How many choice items come before each scale pair in the adaptive order."""

_FEATURES = (*SIDE_WORDS, "first", "longer")


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


def wording_tilt(unit: Sequence[FitQuestion]) -> dict[str, int]:
    """How a unit's wording leans, per feature: +1 where only the engineer side's text has it (names
    other people, qualities or screens; is listed first; is longer), -1 where only the developer's."""
    texts = [text for question in unit for text in role_texts(question)]
    tilt = dict.fromkeys(_FEATURES, 0)
    sign = {"engineer": 1, "developer": -1}
    for text in texts:
        for kind in kinds_named(text.text) & set(SIDE_WORDS):
            tilt[kind] += sign[text.side]
    if len(unit) == 1 and len(texts) == 2:
        tilt["first"] = sign[texts[0].side]
        lengths = {text.side: len(text.text.strip()) for text in texts}
        if lengths["engineer"] != lengths["developer"]:
            tilt["longer"] = 1 if lengths["engineer"] > lengths["developer"] else -1
    return tilt


def _balanced(units: list[list[FitQuestion]]) -> list[list[FitQuestion]]:
    """`units` reordered so that each next one best evens out the wording tilt so far (ties keep
    the given order)."""
    remaining = [(unit, wording_tilt(unit)) for unit in units]
    total = dict.fromkeys(_FEATURES, 0)
    ordered: list[list[FitQuestion]] = []
    while remaining:
        costs = [sum((total[k] + tilt[k]) ** 2 for k in _FEATURES) for _, tilt in remaining]
        unit, tilt = remaining.pop(costs.index(min(costs)))
        for key in _FEATURES:
            total[key] += tilt[key]
        ordered.append(unit)
    return ordered


_ORDERS: WeakKeyDictionary[Bank, dict[int, list[FitQuestion]]] = WeakKeyDictionary()
"""Orders worked out per bank and seed: the session asks for the next item after every answer."""
_ORDERS_KEPT = 256
"""The most seeds' orders kept per bank."""


def adaptive_order(bank: Bank, seed: int) -> list[FitQuestion]:
    """The order the adaptive mode asks in, fixed by `seed`.

    A scale pair first, then choice items (whose answers span the whole line from developer to
    engineer) and scale pairs (which also show how much each side's work appeals) take turns,
    CHOICES_PER_PAIR choices to a pair, each list in a seeded order evened out for wording as it
    goes.
    """
    orders = _ORDERS.setdefault(bank, {})
    if seed not in orders:
        if len(orders) >= _ORDERS_KEPT:
            orders.clear()
        orders[seed] = _adaptive_order(bank, seed)
    return orders[seed]


def _adaptive_order(bank: Bank, seed: int) -> list[FitQuestion]:
    rng = random.Random(f"fit:{seed}")
    choices, pairs = _units(fit_items(bank))
    rng.shuffle(choices)
    rng.shuffle(pairs)
    choices, pairs = _balanced(choices), _balanced(pairs)
    # A pair of ratings first: a verdict needs every form answered to lean its way, so a pair
    # early (before the choices alone could look sure) keeps a clear answerer's verdict near seven
    # questions.
    ordered: list[list[FitQuestion]] = pairs[:1]
    del pairs[:1]
    while choices or pairs:
        ordered.extend(choices[:CHOICES_PER_PAIR])
        del choices[:CHOICES_PER_PAIR]
        ordered.extend(pairs[:1])
        del pairs[:1]
    return [item for unit in ordered for item in unit]


def next_fit_item(
    bank: Bank, answers: Iterable[Answer], asked: Sequence[str], seed: int
) -> FitQuestion | None:
    """The next item the adaptive mode asks, or None when the outcome is settled or the cap reached.

    Args:
        bank: the bank.
        answers: every answer the person has given (earlier fit answers count as evidence too).
        asked: ids already asked in this attempt, in order (other kinds are skipped over).
        seed: the attempt's seed, which fixes the order.
    """
    answers = list(answers)
    evidence = fit_answers(answers, bank)
    asked_fit = [qid for qid in asked if isinstance(bank.get(qid), FitQuestion)]
    done = set(asked) | {item.question.id for item in evidence}
    last = bank.get(asked[-1]) if asked else None
    if isinstance(last, FitQuestion) and last.mirror and last.mirror not in done:
        # Keep scale items paired, so that liking both sides alike stays neutral.
        mirror = bank.get(last.mirror)
        if isinstance(mirror, FitQuestion) and len(asked_fit) < ADAPTIVE_CAP:
            return mirror
    if len(asked_fit) >= ADAPTIVE_CAP or assess(evidence).settled:
        return None
    for item in adaptive_order(bank, seed):
        if item.id not in done:
            return item
    return None


def needs_fit(questions: Iterable[AnyQuestion]) -> bool:
    """Whether a quiz asks any fit item (quizzes without them never end on a verdict)."""
    return any(isinstance(question, FitQuestion) for question in questions)


def fit_item_range(bank: Bank) -> tuple[int, int]:
    """The fewest and the most fit items the adaptive part asks, as a menu tells them.

    The fewest is what the clearest person needs before the verdict is sure: every answer at the
    engineer end (or at the developer end: the smaller of the two counts). The most is the cap, or
    every fit item when the bank has fewer. (0, 0) without fit items.
    """
    from datetime import UTC, datetime

    items = fit_items(bank)
    if not items:
        return (0, 0)
    most = min(ADAPTIVE_CAP, len(items))
    when = datetime(2000, 1, 1, tzinfo=UTC)
    fewest = most
    for side in ("engineer", "developer"):
        other = "developer" if side == "engineer" else "engineer"
        answers: list[Answer] = []
        asked: list[str] = []
        while (item := next_fit_item(bank, answers, asked, 0)) is not None:
            options = item.options
            pick = max(
                range(len(options)),
                key=lambda i: getattr(options[i], side) - getattr(options[i], other),
            )
            asked.append(item.id)
            answers.append(
                Answer(
                    question_id=item.id, response=pick, answered_at=when, version=item.fingerprint
                )
            )
            if len(asked) >= most:
                break
        fewest = min(fewest, len(asked))
    return (fewest, most)
