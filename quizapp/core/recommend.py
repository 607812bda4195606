"""The recommendation (engineer or developer, how sure, and why) and the personalised learning path."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from quizapp.core.bank import AREAS, AnyQuestion, Bank, RoleQuestion, SelfRatingQuestion
from quizapp.core.paths import Catalogue, LearningPath, Step
from quizapp.core.profile import Answer, PathState, StepStatus
from quizapp.core.scoring import Tally

MIN_ANSWERS = 8
"""Answers needed before a recommendation is given."""
STRONG_LEAN = 0.35
"""|lean| at or above this is a strong recommendation."""
MODERATE_LEAN = 0.12
"""|lean| at or above this (and below strong) is moderate; below it, too close to call."""
INTEREST_WEIGHT = 0.7
"""How much self-ratings count in the lean, against 0.3 for strengths: what you want to do
matters more than what you happen to know today."""
MASTERED_SHARE = 0.8
"""An area is mastered at this difficulty-weighted share of right answers..."""
MASTERED_MIN_QUESTIONS = 3
"""...on at least this many questions."""

ROLE_AREAS: dict[str, tuple[str, ...]] = {
    # Document 000: engineers establish security procedures, develop reusable libraries, automate
    # and review code, know server technologies; document 001: scalable, reliable, efficient systems.
    "engineer": ("security", "servers", "performance", "version-control", "architecture"),
    # Document 000: developers create and keep up the central database, build web services and APIs
    # for front-end and mobile developers, keep a site working after it goes live, and communicate
    # with managers, QA and stakeholders.
    "developer": ("databases", "apis", "testing", "collaboration"),
}
"""The areas the documents tie to each role; strength in them moves the lean."""

BALANCED_REASON = "Your answers are balanced, so both paths are shown side by side."
"""The reason given when it is too close to call (dropped where the person chose a path)."""

Role = Literal["engineer", "developer"]
Confidence = Literal["strong", "moderate", "too close to call", "not enough answers"]


@dataclass
class Recommendation:
    """Which role fits, how sure we are, and why, from a person's answers."""

    role: Role | None
    """The recommended role; None when there are too few answers or it is too close to call."""
    confidence: Confidence
    """How clear the lean is."""
    lean: float
    """-1 (all developer) to +1 (all engineer)."""
    reasons: list[str]
    """2 to 4 reasons in plain words, pointing at the person's own answers."""
    answers_needed: int = 0
    """How many more answers are needed before a recommendation (0 when there is one)."""
    by_topic: dict[str, Tally] = field(default_factory=dict)
    """Mastery per topic."""
    by_area: dict[str, Tally] = field(default_factory=dict)
    """Mastery per area."""

    @property
    def headline(self) -> str:
        """One line: the recommendation and its confidence."""
        if self.confidence == "not enough answers":
            return f"Answer at least {self.answers_needed} more questions to get a recommendation."
        if self.role is None:
            return "Too close to call: both paths fit you about equally."
        title = "Backend engineer" if self.role == "engineer" else "Backend developer"
        return f"{title} ({self.confidence} fit)"


def _role_of(question: AnyQuestion) -> str | None:
    """The role a graded question's fact belongs to, if it belongs to one."""
    if isinstance(question, RoleQuestion):
        return question.answer if question.answer != "both" else None
    return getattr(question, "about", None) if getattr(question, "about", None) != "both" else None


def mastered(tally: Tally | None) -> bool:
    """Whether an area's tally counts as mastered."""
    return (
        tally is not None
        and tally.total >= MASTERED_MIN_QUESTIONS
        and tally.mastery >= MASTERED_SHARE
    )


def recommend(answers: Iterable[Answer], bank: Bank) -> Recommendation:
    """Recommend a role from answers (the latest answer per question counts; the result is deterministic).

    Args:
        answers: the person's answers, oldest first.
        bank: the question bank (answers to questions no longer in it are ignored).
    """
    latest: dict[str, Answer] = {}
    for answer in answers:
        if answer.question_id in bank:
            latest[answer.question_id] = answer
    by_topic: dict[str, Tally] = {}
    by_area: dict[str, Tally] = {}
    recognised = {"engineer": Tally(), "developer": Tally()}
    interest = {"engineer": 0, "developer": 0}
    top_rated: list[tuple[int, str, str]] = []
    for question_id in sorted(latest):
        answer = latest[question_id]
        question = bank[question_id]
        if isinstance(question, SelfRatingQuestion):
            if isinstance(answer.response, int) and 0 <= answer.response < len(question.options):
                option = question.options[answer.response]
                interest["engineer"] += option.engineer
                interest["developer"] += option.developer
                if option.engineer != option.developer:
                    side = "engineer" if option.engineer > option.developer else "developer"
                    weight = abs(option.engineer - option.developer)
                    top_rated.append((weight, side, question.area))
            continue
        if answer.correct is None:
            continue
        by_topic.setdefault(question.topic, Tally()).add(answer.correct, question.difficulty)
        by_area.setdefault(question.area, Tally()).add(answer.correct, question.difficulty)
        role = _role_of(question)
        if role in recognised:
            recognised[role].add(answer.correct, question.difficulty)
    total = len(latest)
    if total < MIN_ANSWERS:
        return Recommendation(
            None,
            "not enough answers",
            0.0,
            [f"Only {total} answer(s) so far; the recommendation needs at least {MIN_ANSWERS}."],
            answers_needed=MIN_ANSWERS - total,
            by_topic=by_topic,
            by_area=by_area,
        )
    strength = {}
    for role, areas in ROLE_AREAS.items():
        combined = Tally()
        for area in areas:
            tally = by_area.get(area)
            if tally:
                combined.right += tally.right
                combined.total += tally.total
                combined.weighted_right += tally.weighted_right
                combined.weighted_total += tally.weighted_total
        strength[role] = combined
    interest_total = interest["engineer"] + interest["developer"]
    interest_lean = (
        (interest["engineer"] - interest["developer"]) / interest_total if interest_total else 0.0
    )
    has_strength = strength["engineer"].total >= 2 and strength["developer"].total >= 2
    strength_lean = (
        strength["engineer"].mastery - strength["developer"].mastery if has_strength else 0.0
    )
    if interest_total and has_strength:
        lean = INTEREST_WEIGHT * interest_lean + (1 - INTEREST_WEIGHT) * strength_lean
    elif interest_total:
        lean = interest_lean
    else:
        lean = strength_lean
    lean = round(lean, 4)
    size = abs(lean)
    confidence: Confidence
    if size >= STRONG_LEAN:
        confidence = "strong"
    elif size >= MODERATE_LEAN:
        confidence = "moderate"
    else:
        confidence = "too close to call"
    if confidence == "strong" and not interest_total:
        # Knowing one role's facts better is weaker evidence than saying what you enjoy.
        confidence = "moderate"
    role_choice: Role | None = None
    if confidence != "too close to call":
        role_choice = "engineer" if lean > 0 else "developer"

    reasons: list[str] = []
    if interest_total:
        leaning = (
            "the engineer side"
            if interest_lean > 0
            else "the developer side"
            if interest_lean < 0
            else "neither side"
        )
        reasons.append(
            f"Your self-ratings point to {leaning}: {interest['engineer']} engineer points "
            f"against {interest['developer']} developer points."
        )
        if top_rated:
            weight, side, area = sorted(top_rated, key=lambda item: (-item[0], item[1], item[2]))[0]
            reasons.append(f"You rated {side} work in {AREAS[area].lower()} highly.")
    recognition = [
        f"{tally.right} of {tally.total} {role} facts"
        for role, tally in recognised.items()
        if tally.total
    ]
    if recognition:
        reasons.append("You recognised " + " and ".join(recognition) + ".")
    if has_strength:
        eng, dev = strength["engineer"], strength["developer"]
        reasons.append(
            f"In the areas tied to engineers you scored {round(100 * eng.share)}% on {eng.total} "
            f"questions; in those tied to developers, {round(100 * dev.share)}% on {dev.total}."
        )
    tested = [(area, tally) for area, tally in by_area.items() if tally.total >= 2 and tally.right]
    if tested:
        area, tally = max(tested, key=lambda item: (item[1].mastery, item[1].total, item[0]))
        reasons.append(
            f"Your strongest area so far is {AREAS[area].lower()}: {tally.right} of "
            f"{tally.total} right."
        )
    if role_choice is None:
        # The tie itself is the most important thing to say, so it always makes the cut.
        reasons = reasons[:3] + [BALANCED_REASON]
    if len(reasons) < 2:
        graded = sum(tally.total for tally in by_topic.values())
        right = sum(tally.right for tally in by_topic.values())
        reasons.append(f"It rests on {total} answers, {right} of {graded} graded ones right.")
    return Recommendation(
        role_choice,
        confidence,
        lean,
        reasons[:4],
        by_topic=by_topic,
        by_area=by_area,
    )


@dataclass
class PlannedStep:
    """A learning-path step placed for one person."""

    step: Step
    """The catalogue step."""
    status: StepStatus
    """todo, learning, skipped, done, or review (review only: its areas are already mastered)."""
    mastery: float | None
    """The person's weakest mastery among the step's areas, None if none was tested."""


def step_mastery(step: Step, by_area: dict[str, Tally]) -> float | None:
    """The weakest tested mastery among the step's areas."""
    tested = [by_area[area].mastery for area in step.areas if area in by_area]
    return min(tested) if tested else None


def plan_path(
    learning_path: LearningPath, by_area: dict[str, Tally], state: PathState
) -> list[PlannedStep]:
    """Order a path for one person: weak areas first where prerequisites allow, mastered steps last.

    A step whose every area is mastered is "review only" unless the person marked it. The order is
    deterministic: among steps whose prerequisites are placed, the one with the highest need comes
    next (not review-only, then lowest mastery, untested counted as 0.5), ties in catalogue order.
    """
    planned: dict[str, PlannedStep] = {}
    for step in learning_path.steps:
        marked = state.steps.get(step.id)
        review_only = all(mastered(by_area.get(area)) for area in step.areas)
        status: StepStatus = marked or ("review" if review_only else "todo")
        planned[step.id] = PlannedStep(step, status, step_mastery(step, by_area))
    index = {step.id: number for number, step in enumerate(learning_path.steps)}
    placed: list[PlannedStep] = []
    done: set[str] = set()
    remaining = list(learning_path.steps)
    while remaining:
        ready = [step for step in remaining if all(p in done for p in step.prerequisites)]

        def need(step: Step) -> tuple[int, float, int]:
            item = planned[step.id]
            mastery = item.mastery if item.mastery is not None else 0.5
            return (1 if item.status in ("review", "done") else 0, mastery, index[step.id])

        chosen = min(ready, key=need)
        placed.append(planned[chosen.id])
        done.add(chosen.id)
        remaining.remove(chosen)
    return placed


def paths_to_show(
    recommendation: Recommendation, catalogue: Catalogue, chosen: str | None = None
) -> Sequence[LearningPath]:
    """The path the person chose, else the recommended one, else both side by side."""
    if chosen in ("engineer", "developer"):
        return [catalogue.path_for(chosen)]
    if recommendation.role is None:
        return [catalogue.path_for("engineer"), catalogue.path_for("developer")]
    return [catalogue.path_for(recommendation.role)]
