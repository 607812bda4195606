"""Simulated people for calibrating the recommendation: noisy scripted personas driving the core.

Each persona answers fit items by chance (an engineer-minded person picks the engineer option with
p = 0.75, sometimes "both", "neither" or the developer one), knowledge questions right, wrong or at
random, and readiness at random. `run` plays seeded attempts of a mode through `plan_attempt` (and,
for the adaptive mode, the same `next_fit_item` the session uses) and returns the recommendation.
Import as `personas`; `python -m tests.personas` prints the calibration table for the README.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from quizapp.core.bank import (
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from quizapp.core.fitmode import next_fit_item
from quizapp.core.profile import Answer, Profile, Response
from quizapp.core.recommend import Recommendation, recommend
from quizapp.core.scoring import grade
from quizapp.core.session import plan_attempt

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Persona:
    """How a simulated person answers.

    `choice` is (own-side option, other-side option, both, neither) probabilities as seen from the
    side the person favours; `liked` and `disliked` are probabilities over a 4-step scale (most to
    least interest) for scales leaning to the favoured side and to the other side. `knowledge` is
    "right", "wrong" or "random". `side` is "engineer", "developer" or None (no favoured side).
    """

    name: str
    side: str | None
    choice: tuple[float, float, float, float]
    liked: tuple[float, ...]
    disliked: tuple[float, ...]
    knowledge: str = "random"
    middle: bool = False


def mirror(persona: Persona, name: str) -> Persona:
    """The same person favouring the other side."""
    other = {"engineer": "developer", "developer": "engineer"}.get(persona.side or "", None)
    return Persona(name, other, persona.choice, persona.liked, persona.disliked, persona.knowledge)


ENGINEER = Persona(
    "engineer-minded",
    "engineer",
    (0.75, 0.1, 0.1, 0.05),
    (0.55, 0.3, 0.1, 0.05),
    (0.05, 0.15, 0.4, 0.4),
)
DEVELOPER = mirror(ENGINEER, "developer-minded")
BALANCED = Persona(
    "balanced", None, (0.35, 0.35, 0.2, 0.1), (0.3, 0.3, 0.25, 0.15), (0.3, 0.3, 0.25, 0.15)
)
MIDDLE = Persona(
    "middle-of-every-scale", None, (0, 0, 1, 0), (0, 1, 0, 0), (0, 1, 0, 0), middle=True
)
RANDOM = Persona("random", None, (0.25,) * 4, (0.25,) * 4, (0.25,) * 4, knowledge="random")
ENGINEER_WRONG = Persona(
    "engineer-minded, knowledge all wrong",
    "engineer",
    ENGINEER.choice,
    ENGINEER.liked,
    ENGINEER.disliked,
    knowledge="wrong",
)
PERSONAS = (ENGINEER, ENGINEER_WRONG, DEVELOPER, BALANCED, MIDDLE, RANDOM)


def _pick(rng: random.Random, weights: tuple[float, ...], count: int) -> int:
    weights = tuple(weights[:count]) + (0.0,) * max(0, count - len(weights))
    return rng.choices(range(count), weights=weights)[0]


def fit_response(persona: Persona, question: FitQuestion, rng: random.Random) -> int:
    """The option this persona picks for a fit item."""
    options = question.options
    if question.form == "scale":
        leans_to = "engineer" if any(option.engineer for option in options) else "developer"
        if persona.middle:
            return (len(options) - 1) // 2
        weights = persona.liked if persona.side in (None, leans_to) else persona.disliked
        return _pick(rng, weights, len(options))
    engineer = next(i for i, o in enumerate(options) if o.engineer > o.developer)
    developer = next(i for i, o in enumerate(options) if o.developer > o.engineer)
    both = next(i for i, o in enumerate(options) if o.engineer == o.developer > 0)
    neither = next(i for i, o in enumerate(options) if o.engineer == o.developer == 0)
    own, other = (developer, engineer) if persona.side == "developer" else (engineer, developer)
    return [own, other, both, neither][_pick(rng, persona.choice, 4)]


def knowledge_response(question: AnyQuestion, how: str, rng: random.Random) -> Response:
    """A right, wrong or random answer to a graded question."""
    if isinstance(question, SingleQuestion):
        if how == "random":
            return rng.randrange(len(question.choices))
        return question.answer if how == "right" else (question.answer + 1) % len(question.choices)
    if isinstance(question, MultiQuestion):
        if how == "random":
            return [i for i in range(len(question.choices)) if rng.random() < 0.5]
        if how == "right":
            return sorted(question.answers)
        return [i for i in range(len(question.choices)) if i not in question.answers]
    if isinstance(question, TrueFalseQuestion):
        if how == "random":
            return rng.random() < 0.5
        return question.answer if how == "right" else not question.answer
    if isinstance(question, RoleQuestion):
        if how == "random":
            return rng.choice(["engineer", "developer", "both"])
        if how == "right":
            return question.answer
        return "both" if question.answer != "both" else "engineer"
    raise TypeError(question.kind)


def respond(
    persona: Persona, question: AnyQuestion, rng: random.Random, knowledge: str | None = None
) -> Response:
    """This persona's answer to any question (`knowledge` overrides how graded ones are answered)."""
    if isinstance(question, FitQuestion):
        return fit_response(persona, question, rng)
    if isinstance(question, ReadinessQuestion):
        return rng.randrange(len(question.options))
    return knowledge_response(question, knowledge or persona.knowledge, rng)


def _answer(question: AnyQuestion, response: Response) -> Answer:
    correct, credit = grade(question, response)
    return Answer(
        question_id=question.id,
        response=response,
        correct=correct,
        credit=credit,
        answered_at=NOW,
        version="sim",  # never read by the recommendation
    )


def play(
    bank: Bank, persona: Persona, mode: str, seed: int, knowledge: str | None = None
) -> list[Answer]:
    """One seeded attempt of `mode` ("full", "quick", "fit") played by `persona`: its answers.

    The same seed gives the same fit answers whatever `knowledge` says, so a knowledge override
    shows alone what knowledge does to the verdict.
    """
    profile = Profile(name="sim", created=NOW, last_activity=NOW)
    attempt = plan_attempt(bank, profile, mode, seed=seed, now=NOW)  # type: ignore[arg-type]
    fit_rng = random.Random(f"fit:{seed}")
    other_rng = random.Random(f"other:{seed}")
    ids = list(attempt.question_ids)
    answers: list[Answer] = []
    position = 0
    while position < len(ids):
        question = bank[ids[position]]
        rng = fit_rng if isinstance(question, FitQuestion) else other_rng
        answers.append(_answer(question, respond(persona, question, rng, knowledge)))
        position += 1
        if mode in ("fit", "full") and isinstance(question, FitQuestion):
            following = next_fit_item(bank, answers, ids, seed)
            if following is not None and following.id not in ids:
                ids.append(following.id)
    return answers


def run(
    bank: Bank, persona: Persona, mode: str, seed: int, knowledge: str | None = None
) -> tuple[Recommendation, int]:
    """The recommendation after one seeded attempt, and how many fit items it asked."""
    answers = play(bank, persona, mode, seed, knowledge)
    fit = sum(1 for answer in answers if isinstance(bank[answer.question_id], FitQuestion))
    return recommend(answers, bank), fit


MODES = ("full", "quick", "fit")
"""The modes calibrated, in table order."""
MODE_NAMES = {"full": "Full assessment", "quick": "Quick quiz", "fit": "Which path fits me?"}


def table(outcomes: dict[tuple[str, str], list[tuple[str | None, int]]]) -> str:
    """The calibration table (Markdown) from (persona name, mode) -> [(role or None, fit items)]."""
    lines = [
        "| Mode | Persona | Engineer | Developer | No verdict | Median fit items |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for mode in MODES:
        for persona in PERSONAS:
            runs = outcomes[(persona.name, mode)]
            counts = Counter(role for role, _ in runs)
            sizes = sorted(fit for _, fit in runs)

            def share(role: str | None) -> str:
                return f"{100 * counts[role] / len(runs):.0f}%"  # noqa: B023

            lines.append(
                f"| {MODE_NAMES[mode]} | {persona.name} | {share('engineer')} | "
                f"{share('developer')} | {share(None)} | {sizes[len(sizes) // 2]} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Print the calibration table over 200 seeded draws per persona and mode (for the README)."""
    from quizapp.core.loader import load_checked_bank

    root = Path(__file__).resolve().parent.parent
    bank = load_checked_bank(root / "questions", root / "seeds")
    outcomes: dict[tuple[str, str], list[tuple[str | None, int]]] = {}
    for mode in MODES:
        for persona in PERSONAS:
            runs = []
            for seed in range(200):
                recommendation, fit = run(bank, persona, mode, seed)
                runs.append((recommendation.role, fit))
            outcomes[(persona.name, mode)] = runs
    print(table(outcomes), end="")


if __name__ == "__main__":
    main()
