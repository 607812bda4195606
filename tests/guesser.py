"""Form-only guessers: people who know nothing and answer by the look of the choices.

Each strategy sees what a person sees of a knowledge question (its kind, prompt and choices, never
the key) and picks by one test-wise cue: the longest choice, the most detailed, the one the others
converge on, the one repeating a word of the question, no absolute words ("only", "always"),
hedges ("usually", "can"), "both" on role questions, the middle position; and two that catch a
bank over-corrected the other way: the shortest choice, the one repeating no word of the question. `test-wise` combines
them: every cue votes and the strongest choice wins. A strategy whose cue says nothing on a
question guesses blind there. The score of a strategy on a bank is its *expected* share of right
answers (ties between equally good picks split the point; select-all is all-or-nothing), set
against blind guessing (1/k per choice question, 1 in 2^k - 1 answer sets on select-all).

`python tests/guesser.py [--questions DIR] [--seeds DIR]` prints the table (see the README).
"""

from __future__ import annotations

import argparse
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


def no_absolutes(question: AnyQuestion) -> list[Pick] | None:
    """Absolute words mark wrong choices and false statements."""
    if isinstance(question, TrueFalseQuestion):
        return [False] if ABSOLUTE.search(question.prompt) else None
    if isinstance(question, SingleQuestion | MultiQuestion):
        clean = [not ABSOLUTE.search(choice) for choice in question.choices]
        if all(clean) or not any(clean):
            return None
        if isinstance(question, MultiQuestion):
            return _subset(clean)
        return [index for index, ok in enumerate(clean) if ok]
    return None


def hedges(question: AnyQuestion) -> list[Pick] | None:
    """Hedge words mark right choices and true statements."""
    if isinstance(question, TrueFalseQuestion):
        return [True] if HEDGE.search(question.prompt) else None
    if isinstance(question, SingleQuestion | MultiQuestion):
        hedged = [bool(HEDGE.search(choice)) for choice in question.choices]
        if all(hedged) or not any(hedged):
            return None
        if isinstance(question, MultiQuestion):
            return _subset(hedged)
        return [index for index, flag in enumerate(hedged) if flag]
    return None


def both_on_roles(question: AnyQuestion) -> list[Pick] | None:
    """Answer "both" to every role question."""
    return ["both"] if isinstance(question, RoleQuestion) else None


def middle(question: AnyQuestion) -> list[Pick] | None:
    """The middle position of the choices as the file lists them."""
    if not isinstance(question, SingleQuestion):
        return None
    count = len(question.choices)
    return [count // 2] if count % 2 else [count // 2 - 1, count // 2]


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


def score(name: str, strategy: Strategy, questions: Sequence[AnyQuestion]) -> Score:
    """One strategy's expected score on the knowledge questions of a bank."""
    items = graded(questions)
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
    """Every strategy's score on a bank, in table order."""
    return [score(name, strategy, questions) for name, strategy in STRATEGIES.items()]


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
