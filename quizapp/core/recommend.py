"""Which path fits (engineer or developer, how sure, and why) and the personalised learning path.

Three kinds of evidence are kept apart. Only FIT answers (what a person would enjoy or choose) move
the verdict. Each observation has a lean in [-1, 1] (developer to engineer): a choice item's answer,
or a scale item and its mirror together (their leans added, so liking both kinds of work equally is
neutral; a scale whose mirror is not answered yet waits for it). The person's true lean is estimated with a normal-normal model: a prior N(0, PRIOR_SD^2) updated by the answers, whose spread is
estimated from the answers themselves (pooled with PRIOR_SPREAD so a few answers cannot look too
sure). The verdict reads the 90% credible interval against a region of practical equivalence
(|lean| <= EQUIVALENCE): clearly past it on one side is "strong", on one side of 0 is "moderate", and
anything else is "too close to call". Knowledge (graded questions) and readiness (self-rated
confidence) never move it; they order and mark the learning path.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from quizapp.core.bank import Bank, FitQuestion, ReadinessQuestion
from quizapp.core.profile import Answer, PathState, StepStatus
from quizapp.core.scoring import Tally

if TYPE_CHECKING:
    # Only for annotations: the catalogue's models need pydantic, which a quiz start avoids.
    from quizapp.core.paths import Catalogue, LearningPath, Step

MIN_FIT = 6
"""Fit observations (choice answers, answered scale pairs) needed before any verdict."""
PRIOR_SD = 0.5
"""Prior spread of a person's lean: most people sit well inside [-1, 1]."""
PRIOR_SPREAD = 0.6
"""The spread of one person's answers assumed before their own answers show it..."""
PRIOR_SPREAD_WEIGHT = 4
"""...counted as this many answers' worth of evidence."""
EQUIVALENCE = 0.15
"""|lean| up to this is practically equal: no side wins inside it."""
INTERVAL_Z = 1.645
"""z for the 90% credible interval the verdict is read from."""
SURE_Z = 1.96
"""z for the 95% interval that must clear the equivalence region before the adaptive mode stops:
stricter than the verdict, because checking after every answer gives chance more tries."""
MASTERED_SHARE = 0.8
"""An area is mastered at this difficulty-weighted share of right answers..."""
MASTERED_MIN_QUESTIONS = 3
"""...on at least this many questions."""
READY_LEVEL = 2
"""A readiness answer at this level or above ("I can do it on my own") says the person is ready."""
MAX_REASONS = 4
"""The most reasons shown."""

RETIRED_SELF_RATINGS = frozenset(
    {
        "duty-rate-verify-automate-review",
        "duty-rate-after-go-live",
        "duty-rate-scalability",
        "duty-rate-ux-collaboration",
        "skill-rate-language-preference",
        "skill-rate-security-confidence",
        "skill-rate-certification-interest",
        "skill-rate-dsa-testing-debugging",
        "tool-rate-version-control",
        "tool-rate-database-cache",
        "tool-rate-languages-vs-cms",
        "tool-rate-portfolio-projects",
    }
)
"""Ids of the retired `self_rating` questions: old answers to them are kept in the files and ignored."""

RETIRED_NOTICE = (
    "Your {count} earlier self-rating answer(s) no longer count: they mixed what you enjoy with "
    'what you know. Answer the "Which path fits me?" questions for a verdict, and the readiness '
    "questions to order your learning path."
)
"""What a person with answers to retired self-ratings is told."""

Role = Literal["engineer", "developer"]
Confidence = Literal["strong", "moderate", "too close to call", "not enough answers"]


@dataclass(frozen=True)
class FitAnswer:
    """One fit answer as evidence: the item, the option chosen and its lean."""

    question: FitQuestion
    """The fit item."""
    option: int
    """The index of the option chosen."""

    @property
    def lean(self) -> float:
        """-1 (developer) to +1 (engineer)."""
        return self.question.options[self.option].lean

    @property
    def side(self) -> Role | None:
        """The side this answer moved the verdict toward, None when it moved it neither way."""
        if self.lean > 0:
            return "engineer"
        if self.lean < 0:
            return "developer"
        return None

    def describe(self) -> str:
        """The reason in words: the item and the option the person chose."""
        verb = "you chose" if self.question.form == "choice" else "you answered"
        text = self.question.options[self.option].text
        return f'{self.question.label}: {verb} "{text}" ({self.side} side).'


@dataclass(frozen=True)
class Posterior:
    """What the fit answers say about a person's lean: an estimate and a 90% credible interval."""

    count: int
    """Fit answers used."""
    mean: float
    """Posterior mean lean, -1 (developer) to +1 (engineer)."""
    sd: float
    """Posterior standard deviation."""

    @property
    def low(self) -> float:
        """Lower end of the 90% credible interval."""
        return self.mean - INTERVAL_Z * self.sd

    @property
    def high(self) -> float:
        """Upper end of the 90% credible interval."""
        return self.mean + INTERVAL_Z * self.sd

    @property
    def settled(self) -> bool:
        """Whether the verdict is sure: the 95% interval clearly on one side, or practically equal."""
        low, high = self.mean - SURE_Z * self.sd, self.mean + SURE_Z * self.sd
        return self.count >= MIN_FIT and (
            low > EQUIVALENCE
            or high < -EQUIVALENCE
            or (-EQUIVALENCE <= low and high <= EQUIVALENCE)
        )


def posterior(leans: Sequence[float]) -> Posterior:
    """The normal-normal posterior of a lean from per-answer leans (spread estimated, pooled)."""
    count = len(leans)
    if not count:
        return Posterior(0, 0.0, PRIOR_SD)
    mean = sum(leans) / count
    squares = sum((lean - mean) ** 2 for lean in leans)
    spread = (PRIOR_SPREAD_WEIGHT * PRIOR_SPREAD**2 + squares) / (PRIOR_SPREAD_WEIGHT + count - 1)
    precision = 1 / PRIOR_SD**2 + count / spread
    return Posterior(count, (count / spread) * mean / precision, math.sqrt(1 / precision))


def verdict(post: Posterior) -> tuple[Role | None, Confidence]:
    """The role and confidence a posterior supports (before checking the reasons hold)."""
    if post.count < MIN_FIT:
        return None, "not enough answers"
    if -EQUIVALENCE <= post.low and post.high <= EQUIVALENCE:
        return None, "too close to call"
    if post.low > EQUIVALENCE:
        return "engineer", "strong"
    if post.high < -EQUIVALENCE:
        return "developer", "strong"
    if post.low > 0:
        return "engineer", "moderate"
    if post.high < 0:
        return "developer", "moderate"
    return None, "too close to call"


@dataclass
class Recommendation:
    """Which role fits, how sure, and why, from a person's fit answers; mastery and readiness beside."""

    role: Role | None
    """The recommended role; None when there are too few fit answers or it is too close to call."""
    confidence: Confidence
    """How clear the evidence is."""
    lean: float
    """Posterior mean lean: -1 (all developer) to +1 (all engineer)."""
    reasons: list[str]
    """2 to 4 reasons, each naming a fit answer the person gave that moved the verdict its way."""
    answers_needed: int = 0
    """How many more fit answers are needed before a verdict (0 when there are enough)."""
    low: float = -1.0
    """Lower end of the 90% credible interval of the lean."""
    high: float = 1.0
    """Upper end of the 90% credible interval of the lean."""
    fit_answered: int = 0
    """Fit observations the verdict rests on (choice answers and answered scale pairs)."""
    fit_unanswered: int = 0
    """Fit items in the bank the person has not answered yet: more evidence is possible."""
    engineer_reasons: list[str] = field(default_factory=list)
    """The person's strongest answers for the engineer side (shown side by side when too close)."""
    developer_reasons: list[str] = field(default_factory=list)
    """The person's strongest answers for the developer side."""
    notice: str = ""
    """Something the person must know (e.g. retired self-ratings to answer again), or ""."""
    by_topic: dict[str, Tally] = field(default_factory=dict)
    """Knowledge mastery per topic."""
    by_area: dict[str, Tally] = field(default_factory=dict)
    """Knowledge mastery per area."""
    readiness: dict[str, int] = field(default_factory=dict)
    """Self-rated readiness per area, 0 (new to it) to 3 (could teach it)."""

    @property
    def settled(self) -> bool:
        """Whether the verdict is sure: strong, or the interval sits inside practical equivalence."""
        return self.confidence == "strong" or (
            self.confidence == "too close to call"
            and -EQUIVALENCE <= self.low
            and self.high <= EQUIVALENCE
        )

    @property
    def headline(self) -> str:
        """One line: the verdict and its confidence."""
        if self.confidence == "not enough answers":
            return (
                f'Answer {self.answers_needed} more "Which path fits me?" question(s) to get a '
                "verdict."
            )
        if self.role is None:
            return "Too close to call: both paths fit you about equally."
        title = "Backend engineer" if self.role == "engineer" else "Backend developer"
        return f"{title} ({self.confidence} fit)"


@dataclass(frozen=True)
class Observation:
    """One piece of evidence the model reads: a choice answer, or a scale answer with its mirror's."""

    answer: FitAnswer
    """The choice answer, or the scale answer on the side the pair leans to."""
    partner: FitAnswer | None = None
    """The mirror scale's answer (None for a choice)."""

    @property
    def lean(self) -> float:
        """-1 (developer) to +1 (engineer): a pair's two leans added."""
        return self.answer.lean + (self.partner.lean if self.partner else 0.0)

    @property
    def side(self) -> Role | None:
        """The side this observation moved the verdict toward, None when neither."""
        return "engineer" if self.lean > 0 else "developer" if self.lean < 0 else None

    def describe(self) -> str:
        """The reason in words: the item and option chosen (and, for a scale, its mirror's answer)."""
        if self.partner is None:
            return self.answer.describe()
        mine = self.answer.question.options[self.answer.option].text
        theirs = self.partner.question.options[self.partner.option].text
        return (
            f'{self.answer.question.label}: you answered "{mine}", against "{theirs}" for '
            f"{self.partner.question.label.lower()} ({self.side} side)."
        )


def fit_observations(evidence: Sequence[FitAnswer]) -> list[Observation]:
    """One observation per choice answer and per mirror pair of scales with both answered.

    A scale whose mirror is not answered yet is left out: alone it would make a person who likes
    everything look as if they leaned.
    """
    by_id = {item.question.id: item for item in evidence}
    found: list[Observation] = []
    for item in evidence:
        if item.question.form == "choice":
            found.append(Observation(item))
            continue
        partner = by_id.get(item.question.mirror or "")
        if partner is not None and item.question.id < partner.question.id:
            # Name first the answer on the side the pair leans to (the one that moved it there).
            leads = (item.lean > partner.lean) == (item.lean + partner.lean > 0)
            first, second = (item, partner) if leads else (partner, item)
            found.append(Observation(first, second))
    return found


def observations(evidence: Sequence[FitAnswer]) -> list[float]:
    """The leans the model reads: one per choice answer, one per answered mirror pair of scales."""
    return [observation.lean for observation in fit_observations(evidence)]


def fit_answers(answers: Iterable[Answer], bank: Bank) -> list[FitAnswer]:
    """The latest valid answer to each fit item in the bank, in question-id order."""
    latest: dict[str, FitAnswer] = {}
    for answer in answers:
        question = bank.get(answer.question_id)
        if not isinstance(question, FitQuestion):
            continue
        response = answer.response
        if isinstance(response, bool) or not isinstance(response, int):
            continue
        if 0 <= response < len(question.options):
            latest[question.id] = FitAnswer(question, response)
    return [latest[question_id] for question_id in sorted(latest)]


def _strongest(found: Sequence[Observation], side: Role) -> list[Observation]:
    """The observations that moved the lean toward `side`, strongest first (ties by id)."""
    moved = [item for item in found if item.side == side]
    return sorted(moved, key=lambda item: (-abs(item.lean), item.answer.question.id))


def recommend(answers: Iterable[Answer], bank: Bank) -> Recommendation:
    """The verdict from fit answers, with mastery and readiness for the path (latest answer counts).

    Args:
        answers: the person's answers, oldest first.
        bank: the question bank (answers to questions no longer in it are ignored).
    """
    answers = list(answers)
    by_topic: dict[str, Tally] = {}
    by_area: dict[str, Tally] = {}
    readiness: dict[str, int] = {}
    latest: dict[str, Answer] = {}
    retired: set[str] = set()
    for answer in answers:
        if answer.question_id in bank:
            latest[answer.question_id] = answer
        elif answer.question_id in RETIRED_SELF_RATINGS:
            retired.add(answer.question_id)
    for question_id in sorted(latest):
        answer = latest[question_id]
        question = bank[question_id]
        if isinstance(question, ReadinessQuestion):
            response = answer.response
            if isinstance(response, int) and not isinstance(response, bool):
                if 0 <= response < len(question.options):
                    readiness[question.area] = question.options[response].level
            continue
        if answer.correct is None or isinstance(question, FitQuestion):
            continue
        # Knowledge: only graded kinds get here.
        by_topic.setdefault(question.topic, Tally()).add(answer.correct, question.difficulty)
        by_area.setdefault(question.area, Tally()).add(answer.correct, question.difficulty)
    notice = RETIRED_NOTICE.format(count=len(retired)) if retired else ""
    evidence = fit_answers(answers, bank)
    found = fit_observations(evidence)
    post = posterior([item.lean for item in found])
    role, confidence = verdict(post)
    engineer = _strongest(found, "engineer")
    developer = _strongest(found, "developer")
    if role is not None and len(engineer if role == "engineer" else developer) < 2:
        # A verdict needs at least two of the person's own answers behind it.
        role, confidence = None, "too close to call"
    engineer_reasons = [item.describe() for item in engineer[:2]]
    developer_reasons = [item.describe() for item in developer[:2]]
    if confidence == "not enough answers":
        reasons = [
            f'{post.count} "Which path fits me?" answer(s) so far; a verdict needs at least '
            f"{MIN_FIT}. Knowledge answers never decide it."
        ]
    elif role is not None:
        reasons = [item.describe() for item in (engineer if role == "engineer" else developer)]
        reasons = reasons[:MAX_REASONS]
    else:
        reasons = [*engineer_reasons, *developer_reasons] or [
            "None of your answers leaned to either side."
        ]
    return Recommendation(
        role,
        confidence,
        round(post.mean, 4),
        reasons,
        answers_needed=max(0, MIN_FIT - post.count),
        low=round(max(-1.0, post.low), 4),
        high=round(min(1.0, post.high), 4),
        fit_answered=post.count,
        fit_unanswered=sum(isinstance(q, FitQuestion) for q in bank.questions) - len(evidence),
        engineer_reasons=engineer_reasons,
        developer_reasons=developer_reasons,
        notice=notice,
        by_topic=by_topic,
        by_area=by_area,
        readiness=readiness,
    )


def mastered(tally: Tally | None) -> bool:
    """Whether an area's tally counts as mastered."""
    return (
        tally is not None
        and tally.total >= MASTERED_MIN_QUESTIONS
        and tally.mastery >= MASTERED_SHARE
    )


@dataclass
class PlannedStep:
    """A learning-path step placed for one person."""

    step: Step
    """The catalogue step."""
    status: StepStatus
    """todo, learning, skipped, done, or review (review only: knowledge and readiness both say ready)."""
    mastery: float | None
    """The person's weakest mastery among the step's areas, None if none was tested."""
    readiness: int | None = None
    """The person's lowest self-rated readiness among the step's areas, None if none was rated."""


def step_mastery(step: Step, by_area: dict[str, Tally]) -> float | None:
    """The weakest tested mastery among the step's areas."""
    tested = [by_area[area].mastery for area in step.areas if area in by_area]
    return min(tested) if tested else None


def step_readiness(step: Step, readiness: dict[str, int]) -> int | None:
    """The lowest self-rated readiness among the step's areas."""
    rated = [readiness[area] for area in step.areas if area in readiness]
    return min(rated) if rated else None


def is_ready(step: Step, by_area: dict[str, Tally], readiness: dict[str, int]) -> bool:
    """Whether both kinds of evidence say the person is ready for every area of the step."""
    return all(
        mastered(by_area.get(area)) and readiness.get(area, 0) >= READY_LEVEL for area in step.areas
    )


NEW_TO_ME = 0
"""The readiness level "new to me": answers never make such an area look prepared."""


def area_preparedness(area: str, by_area: dict[str, Tally], readiness: dict[str, int]) -> float:
    """How prepared a person is in one area, 0 to 1: knowledge and readiness averaged.

    Knowledge counts only from `MASTERED_MIN_QUESTIONS` answers in the area (fewer count as
    untested, 0.5): one lucky answer must not move a step. An area the person called new to them
    (readiness 0) keeps knowledge at most 0.5: answers may make it more urgent, never less.
    """
    tally = by_area.get(area)
    known = tally.mastery if tally and tally.total >= MASTERED_MIN_QUESTIONS else 0.5
    rated = readiness.get(area)
    if rated == NEW_TO_ME:
        known = min(known, 0.5)
    return (known + (rated / 3 if rated is not None else 0.5)) / 2


def plan_path(
    learning_path: LearningPath,
    by_area: dict[str, Tally],
    state: PathState,
    readiness: dict[str, int] | None = None,
) -> list[PlannedStep]:
    """Order a path for one person: least ready first where prerequisites allow, ready steps last.

    A step is "review only" (unless the person marked it) when knowledge AND readiness both say the
    person is ready in each of its areas. The order is deterministic: among steps whose
    prerequisites are placed, the one with the highest need comes next (not review-only, then the
    lowest `area_preparedness` of its areas: mastery from 3 answers up and readiness averaged, an
    untested or unrated area counted as 0.5, "new to me" never outweighed by answers), ties in
    catalogue order.
    """
    readiness = readiness or {}
    planned: dict[str, PlannedStep] = {}
    for step in learning_path.steps:
        marked = state.steps.get(step.id)
        review_only = is_ready(step, by_area, readiness)
        status: StepStatus = marked or ("review" if review_only else "todo")
        planned[step.id] = PlannedStep(
            step, status, step_mastery(step, by_area), step_readiness(step, readiness)
        )

    def preparedness(step: Step) -> float:
        """The least prepared area of a step: mastery and readiness (0 to 1) averaged."""
        return min(
            (area_preparedness(area, by_area, readiness) for area in step.areas), default=0.5
        )

    index = {step.id: number for number, step in enumerate(learning_path.steps)}
    placed: list[PlannedStep] = []
    done: set[str] = set()
    remaining = list(learning_path.steps)
    while remaining:
        ready = [step for step in remaining if all(p in done for p in step.prerequisites)]

        def need(step: Step) -> tuple[int, float, int]:
            item = planned[step.id]
            return (
                1 if item.status in ("review", "done") else 0,
                preparedness(step),
                index[step.id],
            )

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
