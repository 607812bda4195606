"""Calibration by simulated people: scripted, noisy personas over 200 seeded draws.

The personas live in `tests/personas.py` (`python -m tests.personas` prints the README's table). Two
kinds: people who answer by the emphasis of the work, and people who read the words on screen
(other people, qualities, screens, topics, length, position), some with a real preference for one
emphasis and most with none. Whoever has a real preference must get it whatever words surround it;
whoever has none must not be given a role by the words.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from quizapp.core.bank import Bank, FitQuestion
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.recommend import Recommendation
from tests import personas
from tests.personas import (
    ALL_BOTH,
    ALL_NEITHER,
    BALANCED,
    CHOOSERS,
    DEVELOPER,
    DRAWS,
    ENGINEER,
    MIDDLE,
    RANDOM,
    Chooser,
    Persona,
)

_cache: dict[tuple[str, str], list[tuple[Recommendation, int]]] = {}

CROSSED = [chooser for chooser in CHOOSERS if chooser.side is not None]
"""A real preference for one emphasis, crossed with liking or disliking other people."""
BY_WORDS = [chooser for chooser in CHOOSERS if chooser.name.startswith("by words")]
"""No preference for either emphasis: they choose by the words on screen."""
LITTLE_INTEREST = next(c for c in CHOOSERS if c.name == "little interest in backend work")


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The real, checked question bank."""
    return load_checked_bank(default_questions_dir(), default_seeds_dir())


def outcomes(bank: Bank, persona: Persona | Chooser, mode: str) -> list[tuple[Recommendation, int]]:
    """(recommendation, fit items asked) for each of DRAWS seeded attempts (cached)."""
    key = (persona.name, mode)
    if key not in _cache:
        _cache[key] = personas.measure(bank, persona, mode)
    return _cache[key]


def share(bank: Bank, persona: Persona | Chooser, outcome: str | None, mode: str = "fit") -> float:
    """The share of draws whose outcome is `outcome` (None: no role verdict at all)."""
    found = Counter(result.outcome for result, _ in outcomes(bank, persona, mode))
    if outcome is None:
        return 1 - (found["engineer"] + found["developer"]) / DRAWS
    return found[outcome] / DRAWS


def test_clear_personas_get_their_role(bank: Bank) -> None:
    """Engineer-minded -> engineer and developer-minded -> developer in >= 95%, within 5 points."""
    engineer = share(bank, ENGINEER, "engineer")
    developer = share(bank, DEVELOPER, "developer")
    assert engineer >= 0.95
    assert developer >= 0.95
    assert abs(engineer - developer) <= 0.05
    assert share(bank, ENGINEER, "developer") <= 0.01
    assert share(bank, DEVELOPER, "engineer") <= 0.01


@pytest.mark.parametrize("chooser", CROSSED, ids=lambda c: c.name)
def test_a_real_preference_wins_whatever_words_surround_it(bank: Bank, chooser: Chooser) -> None:
    """Liking or disliking other people (whose words stand on both sides) never hides or flips a
    real preference for one emphasis of the work."""
    assert chooser.side is not None
    other = "developer" if chooser.side == "engineer" else "engineer"
    assert share(bank, chooser, chooser.side) >= 0.95
    assert share(bank, chooser, other) == 0


def test_crossed_families_are_mirror_images(bank: Bank) -> None:
    """The engineer- and developer-minded who like (or dislike) people get their roles alike."""
    by_name = {chooser.name: chooser for chooser in CROSSED}
    for taste in ("likes people", "dislikes people"):
        engineer = by_name[f"engineer-minded, {taste}"]
        developer = by_name[f"developer-minded, {taste}"]
        assert (engineer.words, engineer.emphasis) == (developer.words, developer.emphasis)
        assert abs(share(bank, engineer, "engineer") - share(bank, developer, "developer")) <= 0.05


@pytest.mark.parametrize("persona", [BALANCED, MIDDLE, RANDOM], ids=lambda p: p.name)
def test_balanced_middle_and_random_get_no_role(bank: Bank, persona: Persona) -> None:
    """A balanced person, one who takes the middle of every scale, a random one: no role >= 80%."""
    assert share(bank, persona, None) >= 0.8


@pytest.mark.parametrize("chooser", BY_WORDS, ids=lambda c: c.name)
def test_choosing_by_the_words_gives_no_role(bank: Bank, chooser: Chooser) -> None:
    """People with no preference between the emphases who pick by the words on screen (other
    people, qualities, screens and designers, a topic, length, position): no role in >= 90%."""
    assert share(bank, chooser, None) >= 0.9


def test_all_neither_reads_as_neither_never_both(bank: Bank) -> None:
    """ "Neither" and "Not at all" everywhere: neither, in every draw, quickly."""
    assert share(bank, ALL_NEITHER, "neither") == 1
    sizes = sorted(fit for _, fit in outcomes(bank, ALL_NEITHER, "fit"))
    assert sizes[len(sizes) // 2] <= 8


def test_little_interest_reads_as_neither(bank: Bank) -> None:
    """Someone who likes little of either kind of work (low, noisy answers): neither >= 90%."""
    assert share(bank, LITTLE_INTEREST, "neither") >= 0.9
    assert share(bank, LITTLE_INTEREST, "both") == 0


@pytest.mark.parametrize("persona", [ALL_BOTH, MIDDLE], ids=lambda p: p.name)
def test_keen_on_both_reads_as_both(bank: Bank, persona: Persona) -> None:
    """ "Both" and "A lot" (or "Quite a bit") everywhere: both fit, every draw, exactly even."""
    assert share(bank, persona, "both") == 1
    assert {result.lean for result, _ in outcomes(bank, persona, "fit")} == {0.0}


@pytest.mark.parametrize("persona", [ENGINEER, DEVELOPER], ids=lambda p: p.name)
def test_adaptive_mode_is_short_for_clear_personas(bank: Bank, persona: Persona) -> None:
    """ "Which path fits me?" reaches a clear person's verdict in about 7 items (median <= 8)."""
    sizes = sorted(fit for *_, fit in outcomes(bank, persona, "fit"))
    assert sizes[len(sizes) // 2] <= 8


def test_adaptive_mode_stops_at_its_cap(bank: Bank) -> None:
    """A person whose answers never settle is asked each fit item at most once."""
    fit_count = sum(1 for q in bank.questions if isinstance(q, FitQuestion))
    for persona in (BALANCED, RANDOM):
        assert max(fit for _, fit in outcomes(bank, persona, "fit")) <= fit_count


@pytest.mark.parametrize("persona", personas.PERSONAS, ids=lambda p: p.name)
def test_the_full_assessment_ends_on_the_same_verdict(bank: Bank, persona: Persona) -> None:
    """The full assessment ends with the same adaptive fit questions: the same outcomes as the
    fit mode, draw for draw (so the table's figures hold for both modes)."""
    for seed in range(0, DRAWS, 10):
        full, fit_asked = personas.run(bank, persona, "full", seed)
        alone, alone_asked = outcomes(bank, persona, "fit")[seed]
        assert (full.outcome, full.lean, full.reasons, fit_asked) == (
            alone.outcome,
            alone.lean,
            alone.reasons,
            alone_asked,
        )


@pytest.mark.parametrize("persona", [ENGINEER, DEVELOPER, BALANCED, RANDOM], ids=lambda p: p.name)
def test_quick_quiz_has_no_fit_items_and_no_verdict(bank: Bank, persona: Persona) -> None:
    """A quick quiz asks no fit items, so it never ends on a verdict."""
    for seed in range(0, DRAWS, 10):
        result, fit = personas.run(bank, persona, "quick", seed)
        assert (result.outcome, fit) == ("not enough answers", 0)


@pytest.mark.parametrize("how", ["wrong", "random"])
@pytest.mark.parametrize(
    "persona", [ENGINEER, DEVELOPER, BALANCED, CROSSED[0], BY_WORDS[0]], ids=lambda p: p.name
)
def test_knowledge_never_changes_the_verdict(bank: Bank, persona: Persona, how: str) -> None:
    """The same person answering every knowledge question wrong or at random: the same verdict."""
    for seed in range(0, DRAWS, 8):
        right, _ = personas.run(bank, persona, "full", seed, knowledge="right")
        other, _ = personas.run(bank, persona, "full", seed, knowledge=how)
        assert (other.outcome, other.strength, other.lean, other.interest, other.reasons) == (
            right.outcome,
            right.strength,
            right.lean,
            right.interest,
            right.reasons,
        )


def test_mirror_personas_are_mirror_images() -> None:
    """The developer-minded persona is the engineer-minded one with the sides swapped."""
    assert (DEVELOPER.choice, DEVELOPER.liked, DEVELOPER.disliked) == (
        ENGINEER.choice,
        ENGINEER.liked,
        ENGINEER.disliked,
    )
    assert {ENGINEER.side, DEVELOPER.side} == {"engineer", "developer"}


def test_readme_shows_the_measured_calibration_table(bank: Bank) -> None:
    """The README's calibration table is exactly what these draws measure, every family in it."""
    measured = {
        (persona.name, mode): [
            (result.outcome, fit) for result, fit in outcomes(bank, persona, mode)
        ]
        for mode in personas.MODES
        for persona in personas.PERSONAS
    }
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = personas.table(measured)
    assert table in readme
    assert all(f"| {persona.name} |" in table for persona in personas.PERSONAS)


TAGS = {
    "engineer": ("(engineer side).",),
    "developer": ("(developer side).",),
    "both": ("(both appeal).",),
    "neither": ("(little interest in either).",),
    "unclear": ("(engineer side).", "(developer side)."),
}


@pytest.mark.parametrize("persona", personas.PERSONAS, ids=lambda p: p.name)
def test_reasons_are_true_for_every_draw(bank: Bank, persona: Persona | Chooser) -> None:
    """At most four reasons, each naming the items answered (in their own case) and the options
    chosen, tagged as the outcome reads them, a role's on its side."""
    fit = {q.label: q for q in bank.questions if isinstance(q, FitQuestion)}
    for seed in range(0, DRAWS, 10):
        answers = personas.play(bank, persona, "fit", seed)
        given = {answer.question_id: answer.response for answer in answers}
        result = personas.recommend(answers, bank)
        assert len(result.reasons) <= 4
        if result.role is not None:
            assert len(result.reasons) >= 2
        for reason in result.reasons:
            assert reason.endswith(TAGS[result.outcome]), reason
            labels = [label for label in fit if f"“{label}”" in reason]
            assert labels, reason
            for label in labels:
                question = fit[label]
                response = given[question.id]
                assert isinstance(response, int)
                assert f'"{question.options[response].text}"' in reason, reason
