"""Calibration by simulated people: scripted, noisy personas over 200 seeded draws of each mode.

The personas live in `tests/personas.py` (`python -m tests.personas` prints the README's table).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from quizapp.core.bank import Bank, FitQuestion
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from tests import personas
from tests.personas import BALANCED, DEVELOPER, ENGINEER, MIDDLE, RANDOM, Persona

DRAWS = 200
_cache: dict[tuple[str, str], list[tuple[str | None, str, float, int]]] = {}


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The real, checked question bank."""
    return load_checked_bank(default_questions_dir(), default_seeds_dir())


def outcomes(bank: Bank, persona: Persona, mode: str) -> list[tuple[str | None, str, float, int]]:
    """(role, confidence, lean, fit items asked) for each of DRAWS seeded attempts (cached)."""
    key = (persona.name, mode)
    if key not in _cache:
        results = []
        for seed in range(DRAWS):
            recommendation, fit = personas.run(bank, persona, mode, seed)
            results.append(
                (recommendation.role, recommendation.confidence, recommendation.lean, fit)
            )
        _cache[key] = results
    return _cache[key]


def share(bank: Bank, persona: Persona, mode: str, role: str | None) -> float:
    """The share of draws whose verdict is `role` (None: no verdict)."""
    counts = Counter(role for role, *_ in outcomes(bank, persona, mode))
    return counts[role] / DRAWS


@pytest.mark.parametrize("mode", ["full", "fit"])
def test_clear_personas_get_their_role(bank: Bank, mode: str) -> None:
    """Engineer-minded -> engineer and developer-minded -> developer in >= 95%, within 5 points."""
    engineer = share(bank, ENGINEER, mode, "engineer")
    developer = share(bank, DEVELOPER, mode, "developer")
    assert engineer >= 0.95
    assert developer >= 0.95
    assert abs(engineer - developer) <= 0.05
    assert share(bank, ENGINEER, mode, "developer") <= 0.01
    assert share(bank, DEVELOPER, mode, "engineer") <= 0.01


@pytest.mark.parametrize("mode", ["full", "fit"])
@pytest.mark.parametrize("persona", [BALANCED, MIDDLE], ids=lambda p: p.name)
def test_balanced_and_middle_get_no_verdict(bank: Bank, persona: Persona, mode: str) -> None:
    """A balanced person and one who takes the middle of every scale: no verdict in >= 80%."""
    assert share(bank, persona, mode, None) >= 0.8


@pytest.mark.parametrize("mode", ["full", "fit"])
def test_middle_of_every_scale_never_leans(bank: Bank, mode: str) -> None:
    """The middle of every scale and "both" everywhere is exactly neutral, whatever is drawn."""
    assert {lean for _, _, lean, _ in outcomes(bank, MIDDLE, mode)} == {0.0}


@pytest.mark.parametrize("persona", [ENGINEER, DEVELOPER, BALANCED, RANDOM], ids=lambda p: p.name)
def test_quick_quiz_has_no_fit_items_and_no_verdict(bank: Bank, persona: Persona) -> None:
    """A quick quiz asks no fit items, so it never ends on a verdict."""
    for role, confidence, _, fit in outcomes(bank, persona, "quick"):
        assert (role, confidence, fit) == (None, "not enough answers", 0)


@pytest.mark.parametrize("persona", [ENGINEER, DEVELOPER], ids=lambda p: p.name)
def test_adaptive_mode_is_short_for_clear_personas(bank: Bank, persona: Persona) -> None:
    """ "Which path fits me?" reaches a verdict in at most 12 items (median) for a clear person."""
    sizes = sorted(fit for *_, fit in outcomes(bank, persona, "fit"))
    assert sizes[len(sizes) // 2] <= 12


def test_adaptive_mode_stops_at_its_cap(bank: Bank) -> None:
    """A person who never leans is asked every fit item at most once, then told it is too close."""
    fit_count = sum(1 for q in bank.questions if isinstance(q, FitQuestion))
    for role, confidence, _, fit in outcomes(bank, MIDDLE, "fit"):
        assert fit <= fit_count
        assert role is None and confidence == "too close to call"


@pytest.mark.parametrize("how", ["wrong", "random"])
@pytest.mark.parametrize("persona", [ENGINEER, DEVELOPER, BALANCED], ids=lambda p: p.name)
def test_knowledge_never_changes_the_verdict(bank: Bank, persona: Persona, how: str) -> None:
    """The same person answering every knowledge question wrong or at random: the same verdict."""
    for seed in range(0, DRAWS, 2):
        right, _ = personas.run(bank, persona, "full", seed, knowledge="right")
        other, _ = personas.run(bank, persona, "full", seed, knowledge=how)
        assert (other.role, other.confidence, other.lean) == (
            right.role,
            right.confidence,
            right.lean,
        )
        assert other.reasons == right.reasons


def test_mirror_personas_are_mirror_images() -> None:
    """The developer-minded persona is the engineer-minded one with the sides swapped."""
    assert (DEVELOPER.choice, DEVELOPER.liked, DEVELOPER.disliked) == (
        ENGINEER.choice,
        ENGINEER.liked,
        ENGINEER.disliked,
    )
    assert {ENGINEER.side, DEVELOPER.side} == {"engineer", "developer"}


def test_readme_shows_the_measured_calibration_table(bank: Bank) -> None:
    """The README's calibration table is exactly what these draws measure."""
    measured = {
        (persona.name, mode): [(role, fit) for role, _, _, fit in outcomes(bank, persona, mode)]
        for mode in personas.MODES
        for persona in personas.PERSONAS
    }
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert personas.table(measured) in readme


@pytest.mark.parametrize("persona", [ENGINEER, DEVELOPER, BALANCED, RANDOM], ids=lambda p: p.name)
def test_reasons_are_true_for_every_draw(bank: Bank, persona: Persona) -> None:
    """Each reason starts with an item the person answered and the option they chose, on its side."""
    labels = {q.label: q for q in bank.questions if isinstance(q, FitQuestion)}
    for seed in range(0, DRAWS, 4):
        answers = personas.play(bank, persona, "full", seed)
        given = {answer.question_id: answer.response for answer in answers}
        result = personas.recommend(answers, bank)
        cited = [(result.role, reason) for reason in result.reasons] if result.role else []
        cited += [("engineer", reason) for reason in result.engineer_reasons]
        cited += [("developer", reason) for reason in result.developer_reasons]
        if result.role is not None:
            assert 2 <= len(result.reasons) <= 4
        for side, reason in cited:
            label, _, rest = reason.partition(": ")
            question = labels[label]
            option = question.options[given[question.id]]  # type: ignore[index]
            assert rest.split('"')[1] == option.text, reason
            assert (option.lean > 0) == (side == "engineer") and option.lean != 0, reason
            assert reason.endswith(f"({side} side).")
