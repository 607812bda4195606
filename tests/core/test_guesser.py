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
        "plainest choice",
        _single(
            ["Plain", "Pools, indexes (B-tree), 2 caches", "Queues: 3 workers", "Logs; traces"], 0
        ),
        id="plainest",
    ),
    pytest.param(
        "second longest",
        _single(["Medium length one", "The very longest choice of them all", "Short", "Tiny"], 0),
        id="second-longest",
    ),
    pytest.param(
        "length outlier",
        _single(
            ["Tiny", "A middling choice here", "A middling choice there", "A middling choice too"],
            0,
        ),
        id="length-outlier",
    ),
    pytest.param(
        "odd one out (fewest shared words)",
        _single(["blue slow dear", "red fast cheap", "red fast dear", "red slow cheap"], 0),
        id="odd-one-out",
    ),
    pytest.param(
        "absolutes are right",
        _single(["It always works", "It helps", "It works", "It is fine"], 0),
        id="absolutes-right-single",
    ),
    pytest.param(
        "absolutes are right", _statement("Every request is logged.", True), id="absolutes-right-tf"
    ),
    pytest.param(
        "hedges are wrong",
        _single(["It helps", "It usually helps", "It often helps", "It may help"], 0),
        id="hedges-wrong-single",
    ),
    pytest.param(
        "hedges are wrong", _statement("Caches can go stale.", False), id="hedges-wrong-tf"
    ),
    pytest.param(
        "long statements are true",
        _statement(
            "A careful statement with its conditions spelled out, as long as the writer needed to "
            "make it exactly true, which runs well past a plain claim's length.",
            True,
        ),
        id="long-true",
    ),
    pytest.param(
        "long statements are true", _statement("Short and false.", False), id="short-false"
    ),
    pytest.param(
        "first position (A, True, engineer)", _single(["a", "b", "c", "d"], 0), id="first"
    ),
    pytest.param("first position (A, True, engineer)", _role("engineer"), id="first-role"),
    pytest.param(
        "second position (B, False, developer)", _single(["a", "b", "c", "d"], 1), id="second"
    ),
    pytest.param(
        "second position (B, False, developer)", _statement("A statement.", False), id="second-tf"
    ),
    pytest.param("third position (C, both)", _single(["a", "b", "c", "d"], 2), id="third"),
    pytest.param("last position", _single(["a", "b", "c", "d", "e"], 4), id="last"),
    pytest.param(
        "over-corrected (inverse cues vote)",
        _single(
            [
                "Short, always",
                "A longer wrong choice, usually (2)",
                "Another long wrong one: 3",
                "Long, wrong",
            ],
            0,
        ),
        id="over-corrected",
    ),
    pytest.param(
        "contrarian (anything but the test-wise pick)",
        _statement("Every request to the server is logged.", True),
        id="contrarian-tf",
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


def test_long_statements_are_measured_against_the_bank() -> None:
    """`long statements are true` splits a bank's statements at their median length, not a constant."""
    statements = [_statement("x" * length, length > 60) for length in (20, 40, 50, 70, 80, 90)]
    fitted = guesser.prepared(STRATEGIES["long statements are true"], statements)
    assert [expected(fitted, question) for question in statements] == [1.0] * 6
    assert score("long", STRATEGIES["long statements are true"], statements).score == 1.0


def _cue_bank(rng: random.Random, count: int) -> list[AnyQuestion]:
    """Single-choice questions whose key is always the second longest choice, statements whose
    long ones are true: cues none of the fixed strategies is built for."""
    questions: list[AnyQuestion] = []
    for _ in range(count):
        lengths = rng.sample(range(20, 90), 4)
        choices = [
            f"{'word ' * (length // 5)}{index}".strip() for index, length in enumerate(lengths)
        ]
        key = sorted(range(4), key=lambda index: -len(choices[index]))[1]
        questions.append(_single(choices, key))
    for number in range(count // 2):
        long = number % 2 == 0
        text = ("A long and careful statement, " * (4 if long else 1)) + f"number {number}."
        questions.append(_statement(text, long))
    return questions


def test_learned_guesser_finds_a_pattern_in_the_form() -> None:
    """Fit on half a cue-laden bank, scored on the other half: it learns the second-longest key."""
    result = guesser.learned_score(_cue_bank(random.Random(5), 60), splits=2)
    assert result.by_kind["single"] > 0.9
    assert result.by_kind["true_false"] > 0.9
    assert result.lift > LIFT_LIMIT


def test_learned_guesser_stays_near_blind_without_cues() -> None:
    """Keys placed at random, statements true at random: held out, the learned guesser guesses."""
    rng = random.Random(13)
    words = ["server", "cache", "query", "index", "route", "token", "queue", "table", "log"]
    questions: list[AnyQuestion] = []
    for _ in range(120):
        choices = [
            " ".join(rng.sample(words, rng.randint(2, 6))).capitalize() + f" {n}" for n in range(4)
        ]
        questions.append(_single(choices, rng.randrange(4)))
    questions += [
        _statement(f"Statement {'long ' * rng.randrange(8)}{n}.", rng.random() < 0.5)
        for n in range(60)
    ]
    assert abs(guesser.learned_score(questions, splits=2).lift) <= LIFT_LIMIT


def test_learned_guesser_never_reads_the_held_out_keys(shipped: list[AnyQuestion]) -> None:
    """A model fit on one half picks the same on the other half whatever that half's keys are."""
    train, held_out = guesser.halves(guesser.graded(shipped), seed=0)
    model = guesser.fit_learned(train)
    for question in held_out:
        for other in _other_keys(question):
            assert model(other) == model(question), question.id
    assert guesser.fit_learned(train) == model


def test_shipped_bank_gives_the_learned_guesser_nothing(shipped: list[AnyQuestion]) -> None:
    """Fit on half the shipped bank's form and keys, scored on the other half: within 10 points."""
    result = guesser.learned_score(shipped)
    assert result.lift <= LIFT_LIMIT, (
        f"learned: {result.score:.0%} against {result.blind:.0%} blind "
        f"({100 * result.lift:+.0f} points); by kind: "
        + ", ".join(f"{kind} {value:.0%}" for kind, value in result.by_kind.items())
    )
