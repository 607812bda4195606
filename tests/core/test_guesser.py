"""Form-only guessers (tests/guesser.py): the shipped bank gives them nothing beyond blind guessing.

A person who knows nothing and reads only the form of the answers (length, detail, absolute words,
hedges, "both", position) must score within 10 points of blind guessing on the knowledge questions.
The other tests prove the guessers find each cue where there is one, never read the key, and count
ties and select-all questions right.
"""

from __future__ import annotations

import dataclasses
import random

import pytest

from quizapp.core.bank import (
    ROLES,
    AnyQuestion,
    MultiQuestion,
    RoleQuestion,
    SingleQuestion,
    Source,
    TrueFalseQuestion,
)
from quizapp.core.loader import load_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from tests import guesser
from tests.guesser import STRATEGIES, blind, expected, score

LIFT_LIMIT = 0.10
"""A form-only guesser may beat blind guessing by at most 10 points."""

SOURCE = Source(doc="000_a664594794a44be6.txt", quote="made up for a test only")


@pytest.fixture(scope="module")
def shipped() -> list[AnyQuestion]:
    """The shipped bank's questions."""
    bank, _, _ = load_bank(default_questions_dir(), default_seeds_dir())
    return list(bank.questions)


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_shipped_bank_gives_form_only_guessers_nothing(
    shipped: list[AnyQuestion], name: str
) -> None:
    """Each form-only strategy scores within 10 points of blind guessing on the shipped bank."""
    result = score(name, STRATEGIES[name], shipped)
    assert result.lift <= LIFT_LIMIT, (
        f"{name}: {result.score:.0%} against {result.blind:.0%} blind "
        f"({100 * result.lift:+.0f} points); by kind: "
        + ", ".join(f"{kind} {value:.0%}" for kind, value in result.by_kind.items())
    )


@pytest.mark.parametrize("name", list(STRATEGIES))
def test_guessers_never_read_the_key(shipped: list[AnyQuestion], name: str) -> None:
    """Moving a question's key leaves every strategy's picks unchanged: they see only the form."""
    strategy = STRATEGIES[name]
    for question in guesser.graded(shipped):
        for other in _other_keys(question):
            assert strategy(other) == strategy(question), (name, question.id)


def _single(choices: list[str], answer: int, prompt: str = "Which one is it?") -> SingleQuestion:
    return SingleQuestion(
        id="made-up",
        kind="single",
        topic="duties",
        area="apis",
        prompt=prompt,
        explanation="Made up for a test.",
        source=SOURCE,
        choices=choices,
        answer=answer,
    )


def _multi(choices: list[str], answers: list[int]) -> MultiQuestion:
    return MultiQuestion(
        id="made-up-multi",
        kind="multi",
        topic="duties",
        area="apis",
        prompt="Which of these apply? Select all that apply.",
        explanation="Made up for a test.",
        source=SOURCE,
        choices=choices,
        answers=answers,
    )


def _statement(prompt: str, answer: bool) -> TrueFalseQuestion:
    return TrueFalseQuestion(
        id="made-up-tf",
        kind="true_false",
        topic="duties",
        area="apis",
        prompt=prompt,
        explanation="Made up for a test.",
        source=SOURCE,
        answer=answer,
    )


def _role(answer: str) -> RoleQuestion:
    return RoleQuestion(
        id="made-up-role",
        kind="role",
        topic="duties",
        area="apis",
        prompt="Building the server side of an application.",
        explanation="Made up for a test.",
        source=SOURCE,
        answer=answer,  # type: ignore[arg-type]
    )


def _other_keys(question: AnyQuestion) -> list[AnyQuestion]:
    """The same question with each other possible key."""
    if isinstance(question, SingleQuestion):
        return [
            dataclasses.replace(question, answer=index, why_wrong={})
            for index in range(len(question.choices))
            if index != question.answer
        ]
    if isinstance(question, MultiQuestion):
        return [dataclasses.replace(question, answers=[0], why_wrong={})]
    if isinstance(question, TrueFalseQuestion):
        return [dataclasses.replace(question, answer=not question.answer)]
    if isinstance(question, RoleQuestion):
        return [dataclasses.replace(question, answer=role) for role in ROLES]
    return []


# (strategy, a question whose form gives its key away to that strategy)
CUES = [
    pytest.param(
        "longest choice",
        _single(["The long, careful and complete right answer here", "Short", "Brief", "Tiny"], 0),
        id="longest",
    ),
    pytest.param(
        "most detailed",
        _single(["Pools, indexes (B-tree), 2 caches", "Nothing much", "A guess", "Luck"], 0),
        id="detailed",
    ),
    pytest.param(
        "absolutes are wrong",
        _single(["It helps", "It always works", "It never fails", "Only on Mondays"], 0),
        id="absolutes-single",
    ),
    pytest.param("absolutes are wrong", _statement("Servers never crash.", False), id="abs-tf"),
    pytest.param(
        "hedges are right",
        _single(["It usually helps", "It helps", "It works", "It is fine"], 0),
        id="hedges-single",
    ),
    pytest.param("hedges are right", _statement("Caches can go stale.", True), id="hedge-tf"),
    pytest.param('"both" on role questions', _role("both"), id="both"),
    pytest.param(
        "stem-word repeat",
        _single(
            ["The cache layer", "The page layout", "The font set", "The colour map"],
            0,
            "What holds the cache?",
        ),
        id="stem-repeat",
    ),
    pytest.param(
        "convergence",
        _single(
            ["red fast cheap", "red fast dear", "red slow cheap", "blue fast cheap"],
            0,
        ),
        id="convergence",
    ),
    pytest.param("middle option", _single(["a", "b", "c", "d", "e"], 2), id="middle"),
    pytest.param(
        "shortest choice",
        _single(["Short", "A longer wrong choice", "Another long wrong one", "Long and wrong"], 0),
        id="shortest",
    ),
    pytest.param(
        "fewest question words",
        _single(
            ["The page layout", "The cache layer", "The cache set", "The cache map"],
            0,
            "What holds the cache?",
        ),
        id="fewest-question-words",
    ),
    pytest.param(
        "longest choice",
        _multi(
            [
                "A long right choice one",
                "A long right choice two",
                "A long right choice 3",
                "No",
                "Nope",
            ],
            [0, 1, 2],
        ),
        id="longest-multi",
    ),
]


@pytest.mark.parametrize(("name", "question"), CUES)
def test_each_guesser_finds_its_cue(name: str, question: AnyQuestion) -> None:
    """Where a question's form gives the key away, the strategy for that cue gets it right."""
    assert expected(STRATEGIES[name], question) == 1.0


def test_a_bank_full_of_cues_fails_the_limit() -> None:
    """The shipped-bank test can fail: keys always longest, roles always "both" -> far above blind."""
    rng = random.Random(3)
    questions: list[AnyQuestion] = []
    for _ in range(40):
        key = rng.randrange(4)
        choices = [f"Choice {word}" for word in ("one", "two", "six", "ten")]
        choices[key] = "The longer, more detailed and careful choice"
        questions.append(_single(choices, key))
    questions += [_role("both") for _ in range(20)]
    for name in ("longest choice", '"both" on role questions', "test-wise (every cue)"):
        assert score(name, STRATEGIES[name], questions).lift > LIFT_LIMIT, name


def test_a_bank_without_cues_passes_the_limit() -> None:
    """Keys placed and sized at random, roles balanced: every strategy stays near blind guessing."""
    rng = random.Random(11)
    words = ["server", "cache", "query", "index", "route", "token", "queue", "table", "log"]
    questions: list[AnyQuestion] = []
    for _ in range(400):
        choices = [
            " ".join(rng.sample(words, rng.randint(2, 6))).capitalize() + f" {n}" for n in range(4)
        ]
        questions.append(_single(choices, rng.randrange(4)))
    questions += [_role(role) for role in ROLES for _ in range(40)]
    questions += [_statement(f"Statement number {n}.", n % 2 == 0) for n in range(80)]
    for name, strategy in STRATEGIES.items():
        assert abs(score(name, strategy, questions).lift) <= LIFT_LIMIT, name


@pytest.mark.parametrize(
    ("question", "value"),
    [
        pytest.param(_single(["a", "b", "c", "d"], 0), 1 / 4, id="single-4"),
        pytest.param(_multi(["a", "b", "c"], [0]), 1 / 7, id="multi-3"),
        pytest.param(_statement("A statement.", True), 1 / 2, id="true-false"),
        pytest.param(_role("engineer"), 1 / 3, id="role"),
    ],
)
def test_blind_guessing_values(question: AnyQuestion, value: float) -> None:
    """Blind: 1/k; select-all is all-or-nothing over the 2^k - 1 non-empty answer sets."""
    assert blind(question) == pytest.approx(value)


def test_ties_split_the_point_and_select_all_is_all_or_nothing() -> None:
    """Two equally long choices, one the key: half a point; a select-all set one short: nothing."""
    tied = _single(["Same length A", "Same length B", "x", "y"], 0)
    assert expected(STRATEGIES["longest choice"], tied) == 0.5
    almost = _multi(["Long right one", "Long right two", "Long wrong one", "No", "Nah"], [0, 1])
    assert expected(STRATEGIES["longest choice"], almost) == 0.0


def test_table_lists_every_strategy_against_blind(shipped: list[AnyQuestion]) -> None:
    """The README's table: blind guessing, then every strategy with its lift and kinds."""
    text = guesser.table(shipped)
    assert "| blind guessing |" in text
    for name in STRATEGIES:
        assert f"| {name} |" in text
