"""Simulated people for calibrating the verdict: noisy scripted personas driving the core.

Two kinds of person answer fit items:
- `Persona` answers by the emphasis of the work, as the items mean it (the side each option's points
  go to): an engineer-minded person picks the engineer option with p = 0.75, sometimes "both",
  "neither" or the developer one, and rates scales of the work they like high;
- `Chooser` reads the words on screen. Each option's text (or a scale's prompt) gets an appeal: how
  much they like backend work at all, plus, for some, a real preference for one emphasis (the side
  the text speaks for), plus what they feel about the words in it (other people, qualities such as
  fast or secure, screens and design, a topic, the text's length), plus noise. They pick the more
  appealing option, "both" when both appeal, "neither" when neither does, and rate a scale by its
  prompt's appeal. Their word lists are their own (broader than `quizapp check`'s), as a real
  person's would be.
Knowledge questions are answered right, wrong or at random, readiness at random. `run` plays seeded
attempts of a mode through `plan_attempt` (and, for the adaptive modes, the same `next_fit_item`
the session uses) and returns the recommendation. `python -m tests.personas` prints the README's
calibration table.
"""

from __future__ import annotations

import functools
import random
import re
from collections import Counter
from dataclasses import dataclass, field
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
    """A person who answers by the emphasis of the work (the side each option's points go to).

    `choice` is (own-side option, other-side option, both, neither) probabilities as seen from the
    side the person favours; `liked` and `disliked` are probabilities over a 4-step scale (most to
    least interest) for scales of the favoured side's work and of the other side's. `knowledge` is
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
ALL_NEITHER = Persona(
    'all "neither" / "not at all"', None, (0, 0, 0, 1), (0, 0, 0, 1), (0, 0, 0, 1)
)
ALL_BOTH = Persona('all "both" / "a lot"', None, (0, 0, 1, 0), (1, 0, 0, 0), (1, 0, 0, 0))


WORDS: dict[str, tuple[str, ...]] = {
    "people": (
        "people person team teammate colleague designer user customer shopper qa tester manager "
        "stakeholder developer engineer everyone others together meet meeting conversation "
        "explain agree planning client"
    ).split(),
    "qualities": (
        "fast quick speed slow perform efficien reliab robust scal smooth traffic load heavy "
        "peak secur safe capacity optimi stable busy grow"
    ).split(),
    "screens": (
        "screen page form button design interface ux ui app mobile front-end frontend checkout "
        "visual site"
    ).split(),
    "databases": "database data quer table storage store stor cache sql".split(),
    "security": "secur login sign-up sign attack permission password authenti".split(),
    "apis": "api endpoint service".split(),
}
"""The word stems a word chooser reacts to: a word counts when it starts with one of them."""

_WORD = re.compile(r"[a-z][a-z-]*")


@functools.cache
def word_counts(text: str) -> Counter[str]:
    """How many words of each kind in WORDS a text holds (a word may count for several kinds).
    The bank's texts come back in every draw, so each is counted once: callers must not change
    the Counter."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.casefold()):
        for kind, stems in WORDS.items():
            if any(word.startswith(stem) for stem in stems):
                counts[kind] += 1
    return counts


@dataclass(frozen=True)
class Chooser:
    """A person who answers fit items by how much each text appeals to them (see the module doc).

    Appeal = `base` + `emphasis` if the text speaks for `side` (minus it for the other side) +
    `words[kind]` per word of that kind + `length` per 10 characters + noise (sd `noise`). A choice's
    role options: both above `like` -> "both", both below `like - 1` -> "neither", else the more
    appealing one. A scale: "A lot" above 1.5, "Quite a bit" above 0.5, "A little" above -0.5,
    else "Not at all".
    """

    name: str
    base: float = 0.0
    side: str | None = None
    emphasis: float = 0.0
    words: dict[str, float] = field(default_factory=dict)
    length: float = 0.0
    noise: float = 0.4
    like: float = 0.5
    first: float = 0.0
    knowledge: str = "random"

    def appeal(self, text: str, side: str, rng: random.Random, first: bool = False) -> float:
        """How much this text appeals, with this draw's noise."""
        value = self.base + rng.gauss(0, self.noise)
        if self.side is not None:
            value += self.emphasis if side == self.side else -self.emphasis
        counts = word_counts(text)
        value += sum(weight * counts[kind] for kind, weight in self.words.items())
        value += self.length * len(text) / 10
        return value + (self.first if first else 0.0)


def _crossed(name: str, side: str, people: float) -> Chooser:
    """A person with a real preference for `side`'s emphasis who also likes (or dislikes) people."""
    return Chooser(name, base=0.5, side=side, emphasis=1.0, words={"people": people})


CHOOSERS = (
    _crossed("engineer-minded, likes people", "engineer", 1.0),
    _crossed("engineer-minded, dislikes people", "engineer", -1.0),
    _crossed("developer-minded, likes people", "developer", 1.0),
    _crossed("developer-minded, dislikes people", "developer", -1.0),
    Chooser("little interest in backend work", base=-1.0, noise=0.7),
    Chooser("by words: likes people", words={"people": 1.0}),
    Chooser("by words: likes people, never wavers", words={"people": 1.0}, noise=0.0),
    Chooser("by words: dislikes people", base=1.0, words={"people": -1.0}),
    Chooser("by words: likes qualities", words={"qualities": 1.0}),
    Chooser(
        "by words: screens and designers only",
        base=-1.0,
        words={"screens": 1.5, "people": 0.75},
    ),
    Chooser(
        "by words: databases yes, security no", base=0.3, words={"databases": 1.0, "security": -1.0}
    ),
    Chooser("by words: the longer option", base=0.5, length=0.4, noise=0.2),
    Chooser("by words: the first option", base=0.5, first=1.0, noise=0.2),
)
"""Word choosers (no preference for either emphasis) and emphasis crossed with people."""

PERSONAS: tuple[Persona | Chooser, ...] = (
    ENGINEER,
    ENGINEER_WRONG,
    DEVELOPER,
    BALANCED,
    MIDDLE,
    RANDOM,
    ALL_NEITHER,
    ALL_BOTH,
    *CHOOSERS,
)
"""Every family, in table order."""

EMPHASIS_PERSONAS: dict[str, str] = {
    persona.name: persona.side for persona in PERSONAS if persona.side is not None
}
"""Personas with a real preference for one emphasis -> that side."""


def _pick(rng: random.Random, weights: tuple[float, ...], count: int) -> int:
    weights = tuple(weights[:count]) + (0.0,) * max(0, count - len(weights))
    return rng.choices(range(count), weights=weights)[0]


def option_roles(question: FitQuestion) -> dict[str, int]:
    """A choice item's options by role: engineer, developer, both, neither -> index."""
    options = question.options
    return {
        "engineer": next(i for i, o in enumerate(options) if o.engineer > o.developer),
        "developer": next(i for i, o in enumerate(options) if o.developer > o.engineer),
        "both": next(i for i, o in enumerate(options) if o.engineer == o.developer > 0),
        "neither": next(i for i, o in enumerate(options) if o.engineer == o.developer == 0),
    }


def scale_side(question: FitQuestion) -> str:
    """The side a scale item's work belongs to."""
    return "engineer" if any(option.engineer for option in question.options) else "developer"


def fit_response(persona: Persona | Chooser, question: FitQuestion, rng: random.Random) -> int:
    """The option this persona picks for a fit item."""
    if isinstance(persona, Chooser):
        return _choose(persona, question, rng)
    options = question.options
    if question.form == "scale":
        if persona.middle:
            return (len(options) - 1) // 2
        weights = (
            persona.liked if persona.side in (None, scale_side(question)) else persona.disliked
        )
        return _pick(rng, weights, len(options))
    roles = option_roles(question)
    own, other = (
        ("developer", "engineer") if persona.side == "developer" else ("engineer", "developer")
    )
    return [roles[own], roles[other], roles["both"], roles["neither"]][
        _pick(rng, persona.choice, 4)
    ]


def _choose(chooser: Chooser, question: FitQuestion, rng: random.Random) -> int:
    options = question.options
    if question.form == "scale":
        value = chooser.appeal(question.prompt, scale_side(question), rng)
        level = 0 if value > 1.5 else 1 if value > 0.5 else 2 if value > -0.5 else 3
        return min(level, len(options) - 1)
    roles = option_roles(question)
    first = min(roles["engineer"], roles["developer"])
    appeal = {
        side: chooser.appeal(options[roles[side]].text, side, rng, roles[side] == first)
        for side in ("engineer", "developer")
    }
    if min(appeal.values()) > chooser.like:
        return roles["both"]
    if max(appeal.values()) < chooser.like - 1:
        return roles["neither"]
    # On a tie, the option read first.
    return roles[max(appeal, key=lambda side: (appeal[side], roles[side] == first))]


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
    persona: Persona | Chooser,
    question: AnyQuestion,
    rng: random.Random,
    knowledge: str | None = None,
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
    bank: Bank, persona: Persona | Chooser, mode: str, seed: int, knowledge: str | None = None
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
    bank: Bank, persona: Persona | Chooser, mode: str, seed: int, knowledge: str | None = None
) -> tuple[Recommendation, int]:
    """The recommendation after one seeded attempt, and how many fit items it asked."""
    answers = play(bank, persona, mode, seed, knowledge)
    fit = sum(1 for answer in answers if isinstance(bank[answer.question_id], FitQuestion))
    return recommend(answers, bank), fit


MODES = ("fit",)
"""The modes in the table: the full assessment ends with the same adaptive fit questions and gives
the same outcomes draw for draw (tested), and a quick quiz asks no fit items (never a verdict)."""
COLUMNS = ("engineer", "developer", "both", "neither", None)
"""The table's outcome columns (None: no clear lean, or too few answers)."""


def column(outcome: str) -> str | None:
    """The table column an outcome counts in."""
    return outcome if outcome in COLUMNS else None


def table(outcomes: dict[tuple[str, str], list[tuple[str, int]]]) -> str:
    """The calibration table (Markdown) from (persona name, mode) -> [(outcome, fit items)]."""
    lines = [
        "| Persona | Engineer | Developer | Both | Neither | No clear lean | Median fit items |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for mode in MODES:
        for persona in PERSONAS:
            runs = outcomes[(persona.name, mode)]
            counts = Counter(column(outcome) for outcome, _ in runs)
            sizes = sorted(fit for _, fit in runs)
            shares = " | ".join(f"{100 * counts[name] / len(runs):.0f}%" for name in COLUMNS)
            lines.append(f"| {persona.name} | {shares} | {sizes[len(sizes) // 2]} |")
    return "\n".join(lines) + "\n"


DRAWS = 200
"""Seeded draws per persona and mode."""


def measure(bank: Bank, persona: Persona | Chooser, mode: str) -> list[tuple[Recommendation, int]]:
    """The recommendation and fit items asked for each of DRAWS seeded attempts."""
    return [run(bank, persona, mode, seed) for seed in range(DRAWS)]


def main() -> None:
    """Print the calibration table over DRAWS seeded draws per persona and mode (for the README)."""
    from quizapp.core.loader import load_checked_bank

    root = Path(__file__).resolve().parent.parent
    bank = load_checked_bank(root / "questions", root / "seeds")
    outcomes = {
        (persona.name, mode): [
            (recommendation.outcome, fit) for recommendation, fit in measure(bank, persona, mode)
        ]
        for mode in MODES
        for persona in PERSONAS
    }
    print(table(outcomes), end="")


if __name__ == "__main__":
    main()
