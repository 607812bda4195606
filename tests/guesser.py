"""Form-only guessers: people who know nothing and answer by the look of the choices.

Each strategy sees what a person sees of a knowledge question (its kind, prompt and choices, never
the key) and picks by one test-wise cue: the longest choice, the most detailed, the one the others
converge on, the one repeating a word of the question, no absolute words ("only", "always"),
hedges ("usually", "can"), "both" on role questions, the middle position. `test-wise` combines
them: every cue votes and the strongest choice wins.

A bank over-corrected against those cues gives the key away the other way, so the inverse cues
play too: the shortest and the plainest choice, the second longest, the length outlier, the choice
sharing the fewest words with the question or with the other choices, absolutes marking the key,
hedges marking wrong choices, the choice that gives no reason ("since", "so", "because": wrong
choices that argue for themselves), long statements true, each position, and `over-corrected`
where every inverse cue votes, and `contrarian`, who avoids whatever `test-wise` picks. Last, a learned guesser fits a model of the form features (lengths,
ranks, details, word overlaps, absolutes, hedges, negations, reasons, position) on half the bank's
questions and their keys and is scored on the other half, whose keys it never sees (repeated
two-fold cross-validation): it finds any regular pattern of form, not only the ones named here.

A strategy whose cue says nothing on a question guesses blind there. The score of a strategy on a
bank is its *expected* share of right answers (ties between equally good picks split the point;
select-all is all-or-nothing), set against blind guessing (1/k per choice question, 1 in 2^k - 1
answer sets on select-all).

`python tests/guesser.py [--questions DIR] [--seeds DIR]` prints the table (see the README).
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.core.bank import (
    ROLES,
    AnyQuestion,
    MultiQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    is_graded,
)

# The guesser's own word lists (wider than the check's, so a bank cannot pass by matching them).
ABSOLUTE = re.compile(
    r"\b(always|never|only|all|none|every|everything|everyone|everybody|no one|nobody|nothing|"
    r"entirely|completely|totally|absolutely|solely|exclusively|alone|must|cannot|can['’]t|"
    r"impossible|guaranteed?|guarantees|whatever|forever|any|no)\b",
    re.IGNORECASE,
)
HEDGE = re.compile(
    r"\b(usually|often|may|might|can|could|some|sometimes|most|mostly|typically|generally|"
    r"tends?|likely|probably|possibly|perhaps|frequently|commonly|depends?|depending|many|"
    r"several|seldom|rarely|largely|partly|mainly|normally|ideally)\b",
    re.IGNORECASE,
)
NEGATION = re.compile(r"\b(not|no|never|none|nothing|n['’]t|without)\b", re.IGNORECASE)
REASON = re.compile(r"\b(because|since|so|therefore|as long as|unless|until)\b", re.I)
"""Words that give a reason or a condition: a writer who justifies wrong choices marks them."""
AND = re.compile(r"\band\b", re.IGNORECASE)
STOP = frozenset(
    """a an the and or of to in on for with by from at as is are was were be been being it its
    this that these those which what who when where why how do does did can could may might must
    should would will not no so than then there their them they you your we our one all any each
    every some such into over about after before both more most less very much many also only just
    other because while if but up out off per via backend engineer engineers developer developers
    select apply""".split()
)
_WORD = re.compile(r"[a-z0-9+#]+")

Pick = object
"""One answer: a choice index (single), a frozenset of indexes (multi), a bool, or a role."""


def _words(text: str) -> set[str]:
    return {
        word[:-1] if len(word) > 4 and word.endswith("s") else word
        for word in _WORD.findall(text.casefold())
        if word not in STOP and len(word) > 2
    }


def _details(text: str) -> int:
    lowered = text.casefold()
    return (
        sum(text.count(mark) for mark in ",(:;")
        + len(re.findall(r"\d+", text))
        + len(re.findall(r"\b(and|or|e\.g\.|such as|for example)\b", lowered))
    )


def _argmax(values: Sequence[float]) -> list[int]:
    best = max(values)
    return [index for index, value in enumerate(values) if value == best]


def _subset(flags: Sequence[bool]) -> list[Pick] | None:
    """The one answer set of the flagged choices, if the cue splits the choices at all."""
    chosen = frozenset(index for index, flag in enumerate(flags) if flag)
    return [chosen] if 0 < len(chosen) < len(flags) else None


def _lengths(choices: Sequence[str]) -> list[int]:
    return [len(" ".join(choice.split())) for choice in choices]


Strategy = Callable[[AnyQuestion], "list[Pick] | None"]
"""Equally likely picks for a question, or None when the cue says nothing (then: blind)."""


MULTI_SHARE = 0.6
"""How many choices of a select-all question a test-wise guesser ticks: most of them (3 of 5)."""


def _top(values: Sequence[float]) -> list[Pick]:
    """The answer set of the best-valued `MULTI_SHARE` of the choices (ties by position)."""
    count = max(1, round(len(values) * MULTI_SHARE))
    order = sorted(range(len(values)), key=lambda index: (-values[index], index))
    return [frozenset(order[:count])]


def longest(question: AnyQuestion) -> list[Pick] | None:
    """The longest choice; on select-all, the longest 60% of the choices."""
    if isinstance(question, SingleQuestion):
        return list(_argmax(_lengths(question.choices)))
    if isinstance(question, MultiQuestion):
        return _top(_lengths(question.choices))
    return None


def shortest(question: AnyQuestion) -> list[Pick] | None:
    """The shortest choice (a bank that over-corrects long keys gives it away the other way)."""
    if isinstance(question, SingleQuestion):
        return list(_argmax([-length for length in _lengths(question.choices)]))
    if isinstance(question, MultiQuestion):
        return _top([-length for length in _lengths(question.choices)])
    return None


def most_detailed(question: AnyQuestion) -> list[Pick] | None:
    """The choice with the most specifics; on select-all, those above the average."""
    if isinstance(question, SingleQuestion | MultiQuestion):
        details = [_details(choice) for choice in question.choices]
        if max(details) == min(details):
            return None
        if isinstance(question, SingleQuestion):
            return list(_argmax(details))
        mean = sum(details) / len(details)
        return _subset([detail > mean for detail in details])
    return None


def convergence(question: AnyQuestion) -> list[Pick] | None:
    """The choice sharing the most words with the other choices."""
    if not isinstance(question, SingleQuestion):
        return None
    words = [_words(choice) for choice in question.choices]
    shared = [
        sum(len(words[index] & words[other]) for other in range(len(words)) if other != index)
        for index in range(len(words))
    ]
    return list(_argmax(shared)) if max(shared) > min(shared) else None


def stem_repeat(question: AnyQuestion) -> list[Pick] | None:
    """The choice repeating the most words of the question."""
    if not isinstance(question, SingleQuestion):
        return None
    stem = _words(question.prompt)
    repeats = [len(stem & _words(choice)) for choice in question.choices]
    return list(_argmax(repeats)) if max(repeats) > min(repeats) else None


def fewest_question_words(question: AnyQuestion) -> list[Pick] | None:
    """The choice repeating the fewest words of the question (writers who avoid clang clues)."""
    if not isinstance(question, SingleQuestion):
        return None
    stem = _words(question.prompt)
    repeats = [len(stem & _words(choice)) for choice in question.choices]
    return list(_argmax([-count for count in repeats])) if max(repeats) > min(repeats) else None


def both_on_roles(question: AnyQuestion) -> list[Pick] | None:
    """Answer "both" to every role question."""
    return ["both"] if isinstance(question, RoleQuestion) else None


def middle(question: AnyQuestion) -> list[Pick] | None:
    """The middle position of the choices as the file lists them."""
    if not isinstance(question, SingleQuestion):
        return None
    count = len(question.choices)
    return [count // 2] if count % 2 else [count // 2 - 1, count // 2]


def plainest(question: AnyQuestion) -> list[Pick] | None:
    """The least detailed choice (a bank that moved every list and example out of its keys)."""
    if isinstance(question, SingleQuestion | MultiQuestion):
        details = [_details(choice) for choice in question.choices]
        if max(details) == min(details):
            return None
        if isinstance(question, SingleQuestion):
            return list(_argmax([-detail for detail in details]))
        mean = sum(details) / len(details)
        return _subset([detail < mean for detail in details])
    return None


def second_longest(question: AnyQuestion) -> list[Pick] | None:
    """The second longest choice (a writer who stopped the key being the longest, just)."""
    if not isinstance(question, SingleQuestion):
        return None
    lengths = _lengths(question.choices)
    distinct = sorted(set(lengths), reverse=True)
    if len(distinct) < 2:
        return None
    return [index for index, length in enumerate(lengths) if length == distinct[1]]


def length_outlier(question: AnyQuestion) -> list[Pick] | None:
    """The choice whose length is furthest from the others' (the one written apart)."""
    if not isinstance(question, SingleQuestion):
        return None
    lengths = _lengths(question.choices)
    gaps = []
    for index, length in enumerate(lengths):
        others = [other for place, other in enumerate(lengths) if place != index]
        gaps.append(abs(length - sum(others) / len(others)))
    return list(_argmax(gaps)) if max(gaps) > min(gaps) else None


def odd_one_out(question: AnyQuestion) -> list[Pick] | None:
    """The choice sharing the fewest words with the other choices (the most different one)."""
    if not isinstance(question, SingleQuestion):
        return None
    words = [_words(choice) for choice in question.choices]
    shared = [
        sum(len(words[index] & words[other]) for other in range(len(words)) if other != index)
        for index in range(len(words))
    ]
    return list(_argmax([-count for count in shared])) if max(shared) > min(shared) else None


def word_cue(pattern: re.Pattern[str], *, marks_key: bool) -> Strategy:
    """A strategy that reads `pattern`'s words as marking the key (`marks_key`) or the wrong
    choices and false statements: a choice question's choices with (or without) them, a
    statement true (or false) when it has them."""

    def cue(question: AnyQuestion) -> list[Pick] | None:
        if isinstance(question, TrueFalseQuestion):
            return [marks_key] if pattern.search(question.prompt) else None
        if isinstance(question, SingleQuestion | MultiQuestion):
            picked = [bool(pattern.search(choice)) == marks_key for choice in question.choices]
            if all(picked) or not any(picked):
                return None
            if isinstance(question, MultiQuestion):
                return _subset(picked)
            return [index for index, flag in enumerate(picked) if flag]
        return None

    return cue


no_absolutes = word_cue(ABSOLUTE, marks_key=False)
"""Absolute words mark wrong choices and false statements."""
hedges = word_cue(HEDGE, marks_key=True)
"""Hedge words mark right choices and true statements."""
absolutes_right = word_cue(ABSOLUTE, marks_key=True)
"""Absolute words mark the key (a bank that moved its absolutes into the right answers)."""
hedges_wrong = word_cue(HEDGE, marks_key=False)
"""Hedge words mark wrong choices and false statements (hedges taken out of every key)."""


def no_reason_given(question: AnyQuestion) -> list[Pick] | None:
    """The choices that give no reason ("since", "so", "because"): wrong choices that argue for
    themselves give themselves away."""
    if isinstance(question, SingleQuestion | MultiQuestion):
        plain = [not REASON.search(choice) for choice in question.choices]
        if all(plain) or not any(plain):
            return None
        if isinstance(question, MultiQuestion):
            return _subset(plain)
        return [index for index, flag in enumerate(plain) if flag]
    return None


LONG_STATEMENT = 140
"""Characters above which `long statements are true` says True when it has no bank to measure."""


class LongStatementsTrue:
    """True for statements longer than the bank's median statement, False for shorter ones.

    Qualified, careful statements tend to be true (the writer adds conditions to make them so);
    a bank whose true statements are its long ones gives the key away. The median is measured on
    the statements' text only (`fit_form`), never on their keys.
    """

    def __init__(self, threshold: float = LONG_STATEMENT) -> None:
        self.threshold = threshold

    def fit_form(self, questions: Sequence[AnyQuestion]) -> LongStatementsTrue:
        """The same strategy with its threshold at the median length of these statements."""
        lengths = sorted(
            len(question.prompt)
            for question in questions
            if isinstance(question, TrueFalseQuestion)
        )
        if not lengths:
            return self
        middle = len(lengths) // 2
        median = (
            lengths[middle] if len(lengths) % 2 else (lengths[middle - 1] + lengths[middle]) / 2
        )
        return LongStatementsTrue(median)

    def __call__(self, question: AnyQuestion) -> list[Pick] | None:
        if not isinstance(question, TrueFalseQuestion):
            return None
        length = len(question.prompt)
        if length == self.threshold:
            return None
        return [length > self.threshold]


def position(place: int) -> Strategy:
    """Always the choice in one position as the file lists it (-1: the last); on true/false and
    role questions the same position of True, False and engineer, developer, both."""

    def pick(question: AnyQuestion) -> list[Pick] | None:
        if isinstance(question, SingleQuestion):
            if place >= len(question.choices):
                return None
            return [place % len(question.choices)]
        if isinstance(question, TrueFalseQuestion):
            return [[True, False][place]] if -2 <= place < 2 else None
        if isinstance(question, RoleQuestion):
            return [ROLES[place]] if -len(ROLES) <= place < len(ROLES) else None
        return None

    pick.__doc__ = f"The choice in position {place} (Python index)."
    return pick


def test_wise(question: AnyQuestion) -> list[Pick] | None:
    """Every cue votes; the strongest choice wins (a person who has read about test-wiseness).

    Choices: longest +1, most detailed +1, convergence +0.5, stem repeat +0.5, hedged +1,
    absolute -1.5. Select-all: the 60% of the choices with the most votes, then the longest.
    True/false: absolute -> false, hedge -> true, else true (most test writers' habit). Role:
    "both".
    """
    if isinstance(question, TrueFalseQuestion):
        if ABSOLUTE.search(question.prompt):
            return [False]
        return [True]
    if isinstance(question, RoleQuestion):
        return ["both"]
    if not isinstance(question, SingleQuestion | MultiQuestion):
        return None
    choices = question.choices
    votes = [0.0] * len(choices)
    lengths = _lengths(choices)
    details = [_details(choice) for choice in choices]
    for index in _argmax(lengths):
        votes[index] += 1
    if max(details) > min(details):
        for index in _argmax(details):
            votes[index] += 1
    if isinstance(question, SingleQuestion):
        for cue, weight in ((convergence, 0.5), (stem_repeat, 0.5)):
            for pick in cue(question) or []:
                assert isinstance(pick, int)
                votes[pick] += weight
    hedged = [bool(HEDGE.search(choice)) for choice in choices]
    absolute = [bool(ABSOLUTE.search(choice)) for choice in choices]
    for index in range(len(choices)):
        if hedged[index] and not all(hedged):
            votes[index] += 1
        if absolute[index] and not all(absolute):
            votes[index] -= 1.5
    if isinstance(question, SingleQuestion):
        return list(_argmax(votes))
    longest_first = max(lengths) or 1
    return _top([votes[index] + lengths[index] / longest_first for index in range(len(choices))])


def over_corrected(question: AnyQuestion) -> list[Pick] | None:
    """Every inverse cue votes: what a bank over-corrected against test-wiseness gives away.

    Choices: shortest +1, plainest +1, fewest words shared with the other choices +0.5, fewest
    words of the question +0.5, absolute +1, hedged -1. Select-all: the 60% with the most votes.
    True/false: absolute -> true, hedge -> false, else blind. Role: blind.
    """
    if isinstance(question, TrueFalseQuestion):
        if ABSOLUTE.search(question.prompt):
            return [True]
        if HEDGE.search(question.prompt):
            return [False]
        return None
    if not isinstance(question, SingleQuestion | MultiQuestion):
        return None
    choices = question.choices
    votes = [0.0] * len(choices)
    lengths = _lengths(choices)
    details = [_details(choice) for choice in choices]
    if max(lengths) > min(lengths):
        for index in _argmax([-length for length in lengths]):
            votes[index] += 1
    if max(details) > min(details):
        for index in _argmax([-detail for detail in details]):
            votes[index] += 1
    if isinstance(question, SingleQuestion):
        for cue, weight in ((odd_one_out, 0.5), (fewest_question_words, 0.5)):
            for pick in cue(question) or []:
                assert isinstance(pick, int)
                votes[pick] += weight
    hedged = [bool(HEDGE.search(choice)) for choice in choices]
    absolute = [bool(ABSOLUTE.search(choice)) for choice in choices]
    for index in range(len(choices)):
        if absolute[index] and not all(absolute):
            votes[index] += 1
        if hedged[index] and not all(hedged):
            votes[index] -= 1
    if max(votes) == min(votes):
        return None
    if isinstance(question, SingleQuestion):
        return list(_argmax(votes))
    return _top(votes)


def contrarian(question: AnyQuestion) -> list[Pick] | None:
    """Anything but what `test-wise` picks: a guesser who suspects the bank over-corrected."""
    picks = test_wise(question)
    if not picks:
        return None
    if isinstance(question, SingleQuestion):
        rest = [index for index in range(len(question.choices)) if index not in picks]
        return list(rest) or None
    if isinstance(question, TrueFalseQuestion):
        return [not picks[0]] if len(picks) == 1 else None
    if isinstance(question, RoleQuestion):
        return [role for role in ROLES if role not in picks] or None
    return None


STRATEGIES: dict[str, Strategy] = {
    "longest choice": longest,
    "shortest choice": shortest,
    "most detailed": most_detailed,
    "convergence": convergence,
    "stem-word repeat": stem_repeat,
    "fewest question words": fewest_question_words,
    "absolutes are wrong": no_absolutes,
    "hedges are right": hedges,
    '"both" on role questions': both_on_roles,
    "middle option": middle,
    "test-wise (every cue)": test_wise,
    "plainest choice": plainest,
    "second longest": second_longest,
    "length outlier": length_outlier,
    "odd one out (fewest shared words)": odd_one_out,
    "absolutes are right": absolutes_right,
    "hedges are wrong": hedges_wrong,
    "no reason given (since, so, because)": no_reason_given,
    "long statements are true": LongStatementsTrue(),
    "first position (A, True, engineer)": position(0),
    "second position (B, False, developer)": position(1),
    "third position (C, both)": position(2),
    "last position": position(-1),
    "over-corrected (inverse cues vote)": over_corrected,
    "contrarian (anything but the test-wise pick)": contrarian,
}
"""Every form-only strategy, by the name the table shows."""

GRADED = ("single", "multi", "true_false", "role")


def blind(question: AnyQuestion) -> float:
    """The expected score of a blind guess on one question."""
    if isinstance(question, SingleQuestion):
        return 1 / len(question.choices)
    if isinstance(question, MultiQuestion):
        return 1 / (2 ** len(question.choices) - 1)
    if isinstance(question, TrueFalseQuestion):
        return 1 / 2
    return 1 / len(ROLES)


def right(question: AnyQuestion, pick: Pick) -> bool:
    """Whether one pick is the right answer (select-all: exactly the right set)."""
    if isinstance(question, MultiQuestion):
        return pick == frozenset(question.answers)
    if isinstance(question, SingleQuestion | TrueFalseQuestion | RoleQuestion):
        return pick == question.answer
    return False


def expected(strategy: Strategy, question: AnyQuestion) -> float:
    """The expected score of a strategy on one question (blind where its cue says nothing)."""
    picks = strategy(question)
    if not picks:
        return blind(question)
    return sum(right(question, pick) for pick in picks) / len(picks)


@dataclass(frozen=True)
class Score:
    """A strategy's expected score on a bank, overall and by kind, with blind guessing beside it."""

    name: str
    """The strategy's name."""
    score: float
    """Expected share of right answers over every graded question."""
    blind: float
    """Blind guessing's expected share over the same questions."""
    by_kind: dict[str, float]
    """Expected share per kind (single, multi, true_false, role)."""

    @property
    def lift(self) -> float:
        """Points above blind guessing (0.10 = 10 points)."""
        return self.score - self.blind


def graded(questions: Sequence[AnyQuestion]) -> list[AnyQuestion]:
    """The finished knowledge questions."""
    return [question for question in questions if is_graded(question) and not question.draft]


def prepared(strategy: Strategy, questions: Sequence[AnyQuestion]) -> Strategy:
    """The strategy tuned to a bank's form where it has a `fit_form` step (it never reads keys)."""
    fit_form = getattr(strategy, "fit_form", None)
    return fit_form(questions) if fit_form is not None else strategy


def score(name: str, strategy: Strategy, questions: Sequence[AnyQuestion]) -> Score:
    """One strategy's expected score on the knowledge questions of a bank."""
    items = graded(questions)
    strategy = prepared(strategy, items)
    by_kind: dict[str, float] = {}
    for kind in GRADED:
        of_kind = [question for question in items if question.kind == kind]
        if of_kind:
            by_kind[kind] = sum(expected(strategy, q) for q in of_kind) / len(of_kind)
    total = sum(expected(strategy, question) for question in items)
    chance = sum(blind(question) for question in items)
    count = max(1, len(items))
    return Score(name, total / count, chance / count, by_kind)


def scores(questions: Sequence[AnyQuestion]) -> list[Score]:
    """Every strategy's score on a bank, in table order, the learned guesser last."""
    return [score(name, strategy, questions) for name, strategy in STRATEGIES.items()] + [
        learned_score(questions)
    ]


# ---------------------------------------------------------------- the learned guesser
#
# A form-only guesser that learns which cues a bank gives away: it is fit on half of the bank's
# questions (their form features and keys) and scored on the other half, whose keys it never sees;
# then the halves swap, over several seeded splits (repeated two-fold cross-validation). A bank
# whose keys follow any regular pattern of form (longest, second longest, plainest, absolutes,
# hedges, overlap with the question or the other choices, position, long statements true, one
# role answer, a usual number of ticks) teaches it that pattern on one half and loses the points
# on the other.

LEARNED = "learned (fit on half the bank, scored on the other)"
"""The learned guesser's name in the table."""
LEARNED_SPLITS = 6
"""How many seeded two-fold splits the learned guesser's score averages over."""


def _ranks(values: Sequence[float]) -> list[float]:
    """Each value's rank among the values, 0 (lowest) to 1 (highest), ties sharing their mean."""
    count = len(values)
    if count < 2:
        return [0.5] * count
    order = sorted(range(count), key=lambda index: values[index])
    ranks = [0.0] * count
    start = 0
    while start < count:
        end = start
        while end + 1 < count and values[order[end + 1]] == values[order[start]]:
            end += 1
        for place in range(start, end + 1):
            ranks[order[place]] = (start + end) / 2 / (count - 1)
        start = end + 1
    return ranks


def _extremes(values: Sequence[float]) -> tuple[list[float], list[float]]:
    """Whether each value is the (strict) top and the bottom of its question, as 0/1."""
    if max(values) == min(values):
        return [0.0] * len(values), [0.0] * len(values)
    return (
        [float(value == max(values)) for value in values],
        [float(value == min(values)) for value in values],
    )


def choice_features(question: SingleQuestion | MultiQuestion) -> list[list[float]]:
    """What the learned guesser sees of each choice: its form relative to the other choices."""
    choices = question.choices
    count = len(choices)
    lengths = [float(length) for length in _lengths(choices)]
    details = [float(_details(choice)) for choice in choices]
    stem = _words(question.prompt)
    words = [_words(choice) for choice in choices]
    stem_shared = [float(len(stem & choice_words)) for choice_words in words]
    shared = [
        float(sum(len(words[index] & words[other]) for other in range(count) if other != index))
        for index in range(count)
    ]
    mean_length = sum(lengths) / count or 1.0
    distinct = sorted(set(lengths), reverse=True)
    second = distinct[1] if len(distinct) > 1 else -1.0
    absolute = [float(bool(ABSOLUTE.search(choice))) for choice in choices]
    hedged = [float(bool(HEDGE.search(choice))) for choice in choices]
    columns = [
        [length / mean_length - 1 for length in lengths],
        _ranks(lengths),
        *_extremes(lengths),
        [float(length == second) for length in lengths],
        _ranks(details),
        *_extremes(details),
        _ranks(stem_shared),
        *_extremes(stem_shared),
        _ranks(shared),
        *_extremes(shared),
        absolute,
        hedged,
        [float(bool(NEGATION.search(choice))) for choice in choices],
        [float(bool(REASON.search(choice))) for choice in choices],
        [float(bool(AND.search(choice))) for choice in choices],
        [index / (count - 1) for index in range(count)],
        [float(index == 0) for index in range(count)],
        [float(index == count - 1) for index in range(count)],
    ]
    return [[column[index] for column in columns] for index in range(count)]


def statement_features(question: TrueFalseQuestion | RoleQuestion) -> list[float]:
    """What the learned guesser sees of a statement or a role question's prompt."""
    text = question.prompt
    return [
        len(text) / 100,
        len(text.split()) / 20,
        float(bool(ABSOLUTE.search(text))),
        float(bool(HEDGE.search(text))),
        float(bool(NEGATION.search(text))),
        float(bool(REASON.search(text))),
        _details(text) / 3,
    ]


def _sigmoid(value: float) -> float:
    if value < -30:
        return 0.0
    if value > 30:
        return 1.0
    return 1 / (1 + math.exp(-value))


def _softmax(values: Sequence[float]) -> list[float]:
    top = max(values)
    powers = [math.exp(value - top) for value in values]
    total = sum(powers)
    return [power / total for power in powers]


def _dot(weights: Sequence[float], features: Sequence[float]) -> float:
    return sum(weight * feature for weight, feature in zip(weights, features, strict=True))


STEPS = 80
RATE = 1.0
L2 = 0.02
"""Gradient steps, step size and ridge penalty of every model the learned guesser fits."""


def _fit_choice_model(questions: Sequence[SingleQuestion]) -> list[float]:
    """A conditional logit over the choices of single-choice questions (weights per feature)."""
    data = [(choice_features(question), question.answer) for question in questions]
    if not data:
        return []
    width = len(data[0][0][0])
    weights = [0.0] * width
    for _ in range(STEPS):
        gradient = [-L2 * weight for weight in weights]
        for rows, key in data:
            chances = _softmax([_dot(weights, row) for row in rows])
            for index, row in enumerate(rows):
                error = (index == key) - chances[index]
                for feature in range(width):
                    gradient[feature] += error * row[feature] / len(data)
        weights = [weight + RATE * step for weight, step in zip(weights, gradient, strict=True)]
    return weights


def _fit_logistic(rows: Sequence[Sequence[float]], labels: Sequence[bool]) -> list[float]:
    """A logistic regression (last weight: the intercept)."""
    if not rows:
        return []
    width = len(rows[0]) + 1
    weights = [0.0] * width
    for _ in range(STEPS):
        gradient = [-L2 * weight for weight in weights[:-1]] + [0.0]
        for row, label in zip(rows, labels, strict=True):
            error = label - _sigmoid(_dot(weights, [*row, 1.0]))
            for feature, value in enumerate([*row, 1.0]):
                gradient[feature] += error * value / len(rows)
        weights = [weight + RATE * step for weight, step in zip(weights, gradient, strict=True)]
    return weights


@dataclass(frozen=True)
class LearnedGuesser:
    """Models fit on one half of a bank; `__call__` picks on any question from its form alone."""

    single: list[float]
    """Conditional-logit weights for single-choice questions."""
    multi: list[float]
    """Logistic weights for ticking a select-all choice."""
    statement: list[float]
    """Logistic weights for a true statement."""
    roles: dict[str, list[float]]
    """One-against-the-rest logistic weights per role answer."""

    def __call__(self, question: AnyQuestion) -> list[Pick] | None:
        if isinstance(question, SingleQuestion) and self.single:
            return list(_argmax([_dot(self.single, row) for row in choice_features(question)]))
        if isinstance(question, MultiQuestion) and self.multi:
            rows = choice_features(question)
            chances = [_sigmoid(_dot(self.multi, [*row, 1.0])) for row in rows]
            ticked = frozenset(index for index, chance in enumerate(chances) if chance >= 0.5)
            return [ticked or frozenset(_argmax(chances)[:1])]
        if isinstance(question, TrueFalseQuestion) and self.statement:
            chance = _sigmoid(_dot(self.statement, [*statement_features(question), 1.0]))
            return [chance >= 0.5] if chance != 0.5 else None
        if isinstance(question, RoleQuestion) and self.roles:
            row = [*statement_features(question), 1.0]
            return list(
                ROLES[index] for index in _argmax([_dot(self.roles[role], row) for role in ROLES])
            )
        return None


def fit_learned(questions: Sequence[AnyQuestion]) -> LearnedGuesser:
    """Fit the learned guesser on these questions' form features and keys."""
    singles = [q for q in questions if isinstance(q, SingleQuestion)]
    multis = [q for q in questions if isinstance(q, MultiQuestion)]
    statements = [q for q in questions if isinstance(q, TrueFalseQuestion)]
    role_questions = [q for q in questions if isinstance(q, RoleQuestion)]
    multi_rows: list[list[float]] = []
    multi_labels: list[bool] = []
    for question in multis:
        for index, row in enumerate(choice_features(question)):
            multi_rows.append(row)
            multi_labels.append(index in question.answers)
    role_rows = [statement_features(question) for question in role_questions]
    return LearnedGuesser(
        single=_fit_choice_model(singles),
        multi=_fit_logistic(multi_rows, multi_labels),
        statement=_fit_logistic(
            [statement_features(question) for question in statements],
            [question.answer for question in statements],
        ),
        roles={
            role: _fit_logistic(role_rows, [question.answer == role for question in role_questions])
            for role in ROLES
        }
        if role_questions
        else {},
    )


def halves(
    questions: Sequence[AnyQuestion], seed: int
) -> tuple[list[AnyQuestion], list[AnyQuestion]]:
    """A seeded split of the questions into two halves, each kind split evenly."""
    rng = random.Random(seed)
    first: list[AnyQuestion] = []
    second: list[AnyQuestion] = []
    for kind in GRADED:
        of_kind = [question for question in questions if question.kind == kind]
        rng.shuffle(of_kind)
        middle = (len(of_kind) + rng.randrange(2)) // 2
        first += of_kind[:middle]
        second += of_kind[middle:]
    return first, second


def learned_score(questions: Sequence[AnyQuestion], splits: int = LEARNED_SPLITS) -> Score:
    """The learned guesser's cross-validated score: each question scored by a model fit without it."""
    items = graded(questions)
    totals = {question.id: 0.0 for question in items}
    for split in range(splits):
        first, second = halves(items, seed=split)
        for train, held_out in ((first, second), (second, first)):
            guesser = fit_learned(train)
            for question in held_out:
                totals[question.id] += expected(guesser, question)
    per_question = {question_id: total / splits for question_id, total in totals.items()}
    by_kind: dict[str, float] = {}
    for kind in GRADED:
        of_kind = [question for question in items if question.kind == kind]
        if of_kind:
            by_kind[kind] = sum(per_question[q.id] for q in of_kind) / len(of_kind)
    count = max(1, len(items))
    chance = sum(blind(question) for question in items) / count
    return Score(LEARNED, sum(per_question.values()) / count, chance, by_kind)


def table(questions: Sequence[AnyQuestion]) -> str:
    """The Markdown table the README shows: each strategy against blind guessing, by kind."""
    items = graded(questions)
    counts = {kind: sum(q.kind == kind for q in items) for kind in GRADED}
    kinds = [kind for kind in GRADED if counts[kind]]
    header = ["Form-only strategy", "All", "Above blind"] + [
        f"{kind.replace('_', '/')} ({counts[kind]})" for kind in kinds
    ]
    chance = score("blind", lambda _question: None, questions)
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" + "---:|" * (len(header) - 1),
        "| blind guessing | "
        + f"{chance.score:.0%} | 0 | "
        + " | ".join(f"{chance.by_kind[kind]:.0%}" for kind in kinds)
        + " |",
    ]
    for result in scores(questions):
        lines.append(
            f"| {result.name} | {result.score:.0%} | {100 * result.lift:+.0f} | "
            + " | ".join(f"{result.by_kind[kind]:.0%}" for kind in kinds)
            + " |"
        )
    lines.append(f"\n{len(items)} knowledge questions.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table for a bank (the shipped one unless --questions/--seeds say otherwise)."""
    from quizapp.core.loader import load_bank
    from quizapp.core.locations import default_questions_dir, default_seeds_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=default_questions_dir())
    parser.add_argument("--seeds", type=Path, default=default_seeds_dir())
    args = parser.parse_args(argv)
    bank, _, problems = load_bank(args.questions, args.seeds)
    for problem in problems[:5]:
        print(f"note: {problem}", file=sys.stderr)
    print(table(list(bank.questions)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
