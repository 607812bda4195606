"""Which path fits (engineer or developer, both or neither, how strong, how sure, and why) and the
personalised learning path.

Three kinds of evidence are kept apart. Only FIT answers (which emphasis of the work a person would
enjoy) move the verdict; knowledge (graded questions) and readiness (self-rated confidence) never
do: they order and mark the learning path.

Two things are read from the fit answers, apart:
- the *lean* between the two emphases, -1 (developer) to +1 (engineer). Each observation is a
  choice answer (+1 the engineer option, -1 the developer option, 0 "both" or "neither"), or a scale
  item together with its mirror on the same topic: the interest shown in the engineer side's work
  less that shown in the developer side's, over the scale's top ("A lot" against "Not at all" is a
  full lean, "A little" against "Not at all" a third of one; liking both equally is none). A scale
  whose mirror is not answered yet waits for it. The lean is estimated with a normal-normal model:
  a prior N(0, PRIOR_SD^2) updated by the observations, whose spread is estimated from the answers
  themselves (pooled with PRIOR_SPREAD so a few answers cannot look too sure), giving a mean and a
  95% credible interval;
- the *interest* in each side's work, 0 to 1: every scale answer (its points over the top) and
  every "neither" (neither side's work appeals), averaged with a prior of one half. Picking one
  side's option, or "both", says which appeals more, not how much, so it is not read as interest.

The outcome: too few observations, no verdict; an interval clear of 0 (read at the two decimals the
faces show), with at least two of the person's answers and every form answered (choices, scale
pairs) leaning that way, that role, with a *strength* from the size of the lean (slight, clear,
strong) and, apart from it, a *certainty*: settled once the interval is also clear of the region of
practical equivalence (|lean| <= EQUIVALENCE), tentative before;
else little interest in both sides' work (each read from MIN_INTEREST_ANSWERS answers), "neither";
the 90% interval inside that region (an equivalence test), "both"; anything else "unclear". The
adaptive mode asks until the outcome is settled. The reasons are the person's own answers that
moved the outcome most.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Literal

from quizapp.core.bank import AREAS, Bank, FitQuestion, ReadinessQuestion
from quizapp.core.profile import Answer, PathState, StepStatus
from quizapp.core.scoring import Tally

if TYPE_CHECKING:
    # Only for annotations: the catalogue's models need pydantic, which a quiz start avoids.
    from quizapp.core.paths import Catalogue, LearningPath, Step

MIN_FIT = 5
"""Fit observations (choice answers, answered scale pairs) needed before any verdict."""
PRIOR_SD = 0.5
"""Prior spread of a person's lean: most people sit well inside [-1, 1]."""
PRIOR_SPREAD = 0.6
"""The spread of one person's answers assumed before their own answers show it..."""
PRIOR_SPREAD_WEIGHT = 4
"""...counted as this many answers' worth of evidence."""
EQUIVALENCE = 0.15
"""|lean| up to this is practically equal: no side wins inside it."""
INTERVAL_Z = 1.96
"""z for the 95% credible interval the verdict is read from (a 90% one names a role for about one
person in ten who has no preference at all)."""
EQUAL_Z = 1.645
"""z for the interval that must sit inside the equivalence region for "both": the 90% interval, as
an equivalence test (two one-sided tests at 5% each) reads it."""
STRENGTHS: tuple[tuple[float, Strength], ...] = ((0.6, "strong"), (0.3, "clear"), (0.0, "slight"))
"""How strong a lean is, from the size of its estimate: at least 0.6 strong, 0.3 clear, else slight."""
LOW_INTEREST = 0.4
"""Interest (0 to 1) below this in both sides' work reads as little interest in either: "neither"."""
MIN_INTEREST_ANSWERS = 2
"""Answers that say how much a side's work appeals (ratings, "neither") needed before its interest
is read as little."""
INTEREST_PRIOR = 0.5
"""Interest assumed before any answer shows it..."""
INTEREST_PRIOR_WEIGHT = 2
"""...counted as this many answers' worth of evidence."""
INTEREST_SPREAD = 0.3
"""The spread of one person's interest answers assumed before their own answers show it (pooled
with PRIOR_SPREAD_WEIGHT answers' worth, like the lean's)."""
MASTERED_SHARE = 0.8
"""An area is mastered at this difficulty-weighted share of right answers..."""
MASTERED_MIN_QUESTIONS = 3
"""...on at least this many questions."""
READY_LEVEL = 2
"""A readiness answer at this level or above ("I can do it on my own") says the person is ready."""
MAX_REASONS = 4
"""The most reasons shown."""

Role = Literal["engineer", "developer"]
ROLE_SIDES: tuple[Role, ...] = ("engineer", "developer")
"""The two sides, in the order the faces list them."""
Outcome = Literal["engineer", "developer", "both", "neither", "unclear", "not enough answers"]
"""What the fit answers support: a role, both, neither, no clear lean yet, or too few answers."""
Strength = Literal["slight", "clear", "strong"]
"""How strong a role's lean is (its size, not how sure we are of it)."""

RETIRED_KINDS: dict[str, tuple[str, str]] = {
    "self_rating": (
        "earlier self-rating answer",
        "self-ratings mixed what you enjoy with what you know",
    ),
    "fit": (
        'answer to earlier "Which path fits me?" questions',
        "those questions were rewritten to ask about the work itself, not the words around it",
    ),
    "readiness": ("answer to earlier readiness questions", "those questions were rewritten"),
}
"""How a person is told of retired answers of each kind: what they were, and why they no longer
count (kinds not listed read as earlier quiz answers to questions that were rewritten)."""


def retired_notice(answers: Iterable[Answer], bank: Bank) -> str:
    """What a person with answers to retired questions is told ("" when there are none).

    Args:
        answers: the person's answers (any number of attempts).
        bank: the bank, whose `retired` entries name the retired questions.
    """
    counted: dict[str, set[str]] = {}
    for answer in answers:
        item = bank.retired.get(answer.question_id)
        if item is not None and answer.question_id not in bank:
            counted.setdefault(item.kind, set()).add(answer.question_id)
    if not counted:
        return ""
    said = []
    for kind in sorted(counted, key=lambda kind: (kind not in RETIRED_KINDS, kind)):
        what, reason = RETIRED_KINDS.get(kind, ("earlier quiz answer", "those questions changed"))
        count = len(counted[kind])
        if count == 1:
            said.append(f"Your {count} {what} no longer counts: {reason}.")
        else:
            said.append(
                f"Your {count} {what.replace('answer', 'answers', 1)} no longer count: {reason}."
            )
    total = sum(len(ids) for ids in counted.values())
    said.append("It is kept in your files." if total == 1 else "They are kept in your files.")
    if {"self_rating", "fit"} & set(counted):
        said.append('Answer the "Which path fits me?" questions for a verdict.')
    else:
        said.append("A new quiz asks the questions that replaced them.")
    return " ".join(said)


@dataclass(frozen=True)
class FitAnswer:
    """One fit answer as evidence: the item and the option chosen."""

    question: FitQuestion
    """The fit item."""
    option: int
    """The index of the option chosen."""

    @property
    def top(self) -> int:
        """The most points any option of the item gives either side."""
        return max(max(o.engineer, o.developer) for o in self.question.options) or 1

    @property
    def lean(self) -> float:
        """A choice answer's lean, -1 (developer) to +1 (engineer); 0 for "both" and "neither"."""
        chosen = self.question.options[self.option]
        return (chosen.engineer - chosen.developer) / self.top

    @property
    def side(self) -> Role | None:
        """The side a choice answer leans to, or a scale item's side; None for "both"/"neither"."""
        if self.question.form == "scale":
            points = self.question.options[0]
            return "engineer" if points.engineer > points.developer else "developer"
        return "engineer" if self.lean > 0 else "developer" if self.lean < 0 else None

    @property
    def interest(self) -> dict[Role, float]:
        """The interest this answer shows in each side's work, 0 to 1; a side it says nothing of is
        left out. A rating says how much its side's work appeals, and "neither" that neither side's
        does. Choosing one side's option, or "both", says which appeals more (or that they appeal
        equally), not how much: someone who never answers "neither" still picks one, so a choice
        alone must not read as interest (how much comes from the ratings)."""
        chosen = self.question.options[self.option]
        if self.question.form == "scale":
            side = self.side
            assert side is not None
            return {side: (chosen.engineer + chosen.developer) / self.top}
        if chosen.engineer == chosen.developer == 0:
            return {"engineer": 0.0, "developer": 0.0}
        return {}

    @property
    def text(self) -> str:
        """The option's words, as the person read them."""
        return self.question.options[self.option].text


@dataclass(frozen=True)
class Posterior:
    """What the fit answers say about a person's lean: an estimate and a 95% credible interval."""

    count: int
    """Fit observations used."""
    mean: float
    """Posterior mean lean, -1 (developer) to +1 (engineer)."""
    sd: float
    """Posterior standard deviation."""

    @property
    def low(self) -> float:
        """Lower end of the 95% credible interval."""
        return self.mean - INTERVAL_Z * self.sd

    @property
    def high(self) -> float:
        """Upper end of the 95% credible interval."""
        return self.mean + INTERVAL_Z * self.sd


def posterior(leans: Sequence[float]) -> Posterior:
    """The normal-normal posterior of a lean from per-observation leans (spread estimated, pooled)."""
    count = len(leans)
    if not count:
        return Posterior(0, 0.0, PRIOR_SD)
    mean = sum(leans) / count
    squares = sum((lean - mean) ** 2 for lean in leans)
    spread = (PRIOR_SPREAD_WEIGHT * PRIOR_SPREAD**2 + squares) / (PRIOR_SPREAD_WEIGHT + count - 1)
    precision = 1 / PRIOR_SD**2 + count / spread
    return Posterior(count, (count / spread) * mean / precision, math.sqrt(1 / precision))


@dataclass(frozen=True)
class Interest:
    """How much one side's work appeals, 0 (not at all) to 1 (a lot), from the answers about it."""

    count: int
    """Answers that said something about this side's work."""
    mean: float
    """The estimate (pulled toward one half while answers are few)."""
    sd: float
    """Its standard deviation."""

    @property
    def sure_high(self) -> float:
        """The upper end of its 95% interval."""
        return self.mean + INTERVAL_Z * self.sd


def interest_estimate(levels: Sequence[float]) -> Interest:
    """One side's interest from its answers' levels (0 to 1), with a prior of INTEREST_PRIOR."""
    count = len(levels)
    weight = INTEREST_PRIOR_WEIGHT + count
    mean = (INTEREST_PRIOR_WEIGHT * INTEREST_PRIOR + sum(levels)) / weight
    observed = sum(levels) / count if count else INTEREST_PRIOR
    squares = sum((level - observed) ** 2 for level in levels)
    spread = (PRIOR_SPREAD_WEIGHT * INTEREST_SPREAD**2 + squares) / (
        PRIOR_SPREAD_WEIGHT + max(0, count - 1)
    )
    return Interest(count, mean, math.sqrt(spread / weight))


@dataclass(frozen=True)
class Observation:
    """One piece of lean evidence: a choice answer, or a scale answer with its mirror's."""

    answer: FitAnswer
    """The choice answer, or the engineer side's scale answer of a pair."""
    partner: FitAnswer | None = None
    """The developer side's scale answer of a pair (None for a choice)."""

    @property
    def lean(self) -> float:
        """-1 (developer) to +1 (engineer): a pair's engineer interest less its developer interest."""
        if self.partner is None:
            return self.answer.lean
        return self.answer.interest["engineer"] - self.partner.interest["developer"]

    @property
    def side(self) -> Role | None:
        """The side this observation moved the lean toward, None when neither."""
        return "engineer" if self.lean > 0 else "developer" if self.lean < 0 else None

    @property
    def liking(self) -> float:
        """How much it says both sides' work appeals together, 0 to 2 (for "both"/"neither"):
        "both" 2, "neither" 0, one side's option 1; a pair, its two ratings' levels."""
        if self.partner is None:
            chosen = self.answer.question.options[self.answer.option]
            if chosen.engineer == chosen.developer:
                return 2.0 if chosen.engineer else 0.0
            return 1.0
        return self.answer.interest["engineer"] + self.partner.interest["developer"]

    @property
    def form(self) -> str:
        """`choice` or `scale`."""
        return self.answer.question.form

    def describe(self, tag: str) -> str:
        """The reason in words: the topic, the item(s) in their own words and the answer(s) given."""
        question = self.answer.question
        topic = AREAS.get(question.area, question.area)
        if self.partner is None:
            said = f'you chose "{self.answer.text}" in “{question.label}”'
        else:
            said = (
                f'you answered "{self.answer.text}" to “{question.label}” and '
                f'"{self.partner.text}" to “{self.partner.question.label}”'
            )
        return f"{topic}: {said} ({tag})."


def fit_observations(evidence: Sequence[FitAnswer]) -> list[Observation]:
    """One observation per choice answer and per mirror pair of scales with both answered.

    A scale whose mirror is not answered yet is left out of the lean: alone it would make a person
    who likes everything look as if they leaned.
    """
    by_id = {item.question.id: item for item in evidence}
    found: list[Observation] = []
    for item in evidence:
        if item.question.form == "choice":
            found.append(Observation(item))
            continue
        partner = by_id.get(item.question.mirror or "")
        if partner is not None and item.side == "engineer" and partner.side == "developer":
            found.append(Observation(item, partner))
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


@dataclass(frozen=True)
class Assessment:
    """What a person's fit answers support: the outcome, how strong and how sure, and the evidence."""

    outcome: Outcome
    """A role, "both", "neither", "unclear", or "not enough answers"."""
    strength: Strength | None
    """How strong a role's lean is; None for any other outcome."""
    settled: bool
    """Whether more answers are unlikely to change the outcome (the adaptive mode stops)."""
    posterior: Posterior
    """The lean."""
    interest: dict[Role, Interest]
    """Each side's interest."""
    found: list[Observation]
    """The lean's observations."""

    @property
    def role(self) -> Role | None:
        """The role the outcome names, if it names one."""
        outcome = self.outcome
        return outcome if outcome == "engineer" or outcome == "developer" else None


def _both_forms_agree(found: Sequence[Observation], role: Role) -> bool:
    """Whether the choices and the scale pairs each lean toward `role` on the whole (a form not
    answered yet is not read). Both measure the same preference, so a lean that shows in only one
    is more likely the words of some items, or chance, than the work; and a side picked in every
    choice while each pair of ratings is even (say, "Not at all" to both) is someone picking
    something when neither appeals, not a lean."""
    sign = 1 if role == "engineer" else -1
    for form in ("choice", "scale"):
        leans = [item.lean for item in found if item.form == form]
        if leans and sign * sum(leans) <= 0:
            return False
    return True


def _strength(lean: float) -> Strength:
    # Read at the precision the faces show (two decimals), so "-0.30" is never called slight.
    return next(name for floor, name in STRENGTHS if abs(round(lean, 2)) >= floor)


def assess(evidence: Sequence[FitAnswer]) -> Assessment:
    """The outcome the fit answers support (see the module docstring for the rules)."""
    found = fit_observations(evidence)
    post = posterior([item.lean for item in found])
    levels: dict[Role, list[float]] = {"engineer": [], "developer": []}
    for item in evidence:
        for side, level in item.interest.items():
            levels[side].append(level)
    interest = {side: interest_estimate(levels[side]) for side in ROLE_SIDES}

    def done(outcome: Outcome, settled: bool, strength: Strength | None = None) -> Assessment:
        return Assessment(outcome, strength, settled, post, interest, found)

    if post.count < MIN_FIT:
        return done("not enough answers", False)
    # Little interest: both sides' interest under LOW_INTEREST (in whole percentages, as the faces
    # show it), each read from at least MIN_INTEREST_ANSWERS ratings or "neither" answers.
    little = all(
        item.count >= MIN_INTEREST_ANSWERS and round(100 * item.mean) < 100 * LOW_INTEREST
        for item in interest.values()
    )
    # The interval is read at the precision the faces show it (two decimals): an end shown as
    # "-0.15" is not clear of -0.15, one shown as "0.00" not clear of even.
    low, high = round(post.low, 2), round(post.high, 2)
    if low > 0 or high < 0:
        role: Role = "engineer" if post.mean > 0 else "developer"
        if sum(1 for item in found if item.side == role) >= 2 and _both_forms_agree(found, role):
            # A verdict needs at least two of the person's own answers behind it, and both kinds
            # of question leaning its way. A lean shown both ways is a preference whatever its
            # level: little interest in both sides is then said beside it, not instead of it.
            settled = low > EQUIVALENCE or high < -EQUIVALENCE
            return done(role, settled, _strength(post.mean))
    if little:
        return done("neither", all(item.sure_high < LOW_INTEREST for item in interest.values()))
    if (
        -EQUIVALENCE <= post.mean - EQUAL_Z * post.sd
        and post.mean + EQUAL_Z * post.sd <= EQUIVALENCE
    ):
        return done("both", True)
    return done("unclear", False)


@dataclass(kw_only=True)
class Recommendation:
    """Which role fits, how strong and how sure, and why, from a person's fit answers; mastery and
    readiness beside, for the learning path. `quizapp.core.picture.verdict_text` words it."""

    outcome: Outcome
    """A role, "both", "neither", "unclear" (no clear lean yet), or "not enough answers"."""
    role: Role | None = None
    """The recommended role; None for every other outcome."""
    strength: Strength | None = None
    """How strong the role's lean is (slight, clear, strong), from its size; None without a role."""
    settled: bool = False
    """Whether the outcome is sure: more answers are unlikely to change it."""
    lean: float = 0.0
    """Posterior mean lean: -1 (all developer) to +1 (all engineer)."""
    low: float = -1.0
    """Lower end of the 95% credible interval of the lean."""
    high: float = 1.0
    """Upper end of the 95% credible interval of the lean."""
    interest: dict[Role, float] = field(default_factory=dict)
    """Interest in each side's work, 0 to 1 ("engineer", "developer"); empty before any answer."""
    reasons: list[str] = field(default_factory=list)
    """Up to 4 of the person's own answers that moved the outcome most, in words."""
    answers_needed: int = 0
    """How many more fit observations are needed before a verdict (0 when there are enough)."""
    fit_answered: int = 0
    """Fit observations the verdict rests on (choice answers and answered scale pairs)."""
    fit_unanswered: int = 0
    """Fit items in the bank the person has not answered yet: more evidence is possible."""
    notice: str = ""
    """Something the person must know (answers to retired questions no longer count), or ""."""
    by_topic: dict[str, Tally] = field(default_factory=dict)
    """Knowledge mastery per topic."""
    by_area: dict[str, Tally] = field(default_factory=dict)
    """Knowledge mastery per area."""
    readiness: dict[str, int] = field(default_factory=dict)
    """Self-rated readiness per area, 0 (new to it) to 3 (could teach it)."""


def _interleaved(
    found: Iterable[Observation], key: Callable[[Observation], float]
) -> list[Observation]:
    """Observations ordered by `key` (smallest first); among equals, scale pairs and choices take
    turns (in answer order within each form), so that neither form crowds out the other."""
    ranked = sorted(found, key=key)
    ordered: list[Observation] = []
    for _, tied in groupby(ranked, key=key):
        group = list(tied)
        forms = [[item for item in group if item.form == form] for form in ("scale", "choice")]
        for turn in range(max(len(items) for items in forms)):
            ordered.extend(items[turn] for items in forms if turn < len(items))
    return ordered


def _strongest(found: Iterable[Observation], side: Role) -> list[Observation]:
    """The observations that moved the lean toward `side`, strongest first."""
    moved = [item for item in found if item.side == side]
    return _interleaved(moved, lambda item: -round(abs(item.lean), 6))


def _reasons(assessment: Assessment) -> list[str]:
    """The person's own answers that moved the outcome most (at most MAX_REASONS).

    A role: the answers that leaned its way most. "Both": the answers that liked both sides' work
    most. "Neither": those that liked either least. "Unclear": the strongest each way, in turns.
    """
    found = assessment.found
    outcome = assessment.outcome
    if outcome == "engineer" or outcome == "developer":
        chosen = _strongest(found, outcome)
        return [item.describe(f"{outcome} side") for item in chosen][:MAX_REASONS]
    if outcome == "both":
        liked = [item for item in found if item.lean == 0 and item.liking >= 1.0]
        chosen = _interleaved(liked, lambda item: -round(item.liking, 6))
        return [item.describe("both appeal") for item in chosen][:MAX_REASONS]
    if outcome == "neither":
        cold = [item for item in found if item.liking < 1.0]
        chosen = _interleaved(cold, lambda item: round(item.liking, 6))
        return [item.describe("little interest in either") for item in chosen][:MAX_REASONS]
    if outcome == "not enough answers":
        return []
    sides = [_strongest(found, side)[:2] for side in ROLE_SIDES]
    turns = [
        items[turn].describe(f"{side} side")
        for turn in range(2)
        for side, items in zip(ROLE_SIDES, sides, strict=True)
        if turn < len(items)
    ]
    return turns[:MAX_REASONS]


def recommend(answers: Iterable[Answer], bank: Bank) -> Recommendation:
    """The verdict from fit answers, with mastery and readiness for the path (latest answer counts).

    Args:
        answers: the person's answers, oldest first.
        bank: the question bank (answers to questions no longer in it are ignored; those it lists
            as retired are counted in the notice).
    """
    answers = list(answers)
    by_topic: dict[str, Tally] = {}
    by_area: dict[str, Tally] = {}
    readiness: dict[str, int] = {}
    latest: dict[str, Answer] = {}
    for answer in answers:
        if answer.question_id in bank:
            latest[answer.question_id] = answer
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
    evidence = fit_answers(answers, bank)
    assessment = assess(evidence)
    post = assessment.posterior
    interest = (
        {side: round(assessment.interest[side].mean, 4) for side in ROLE_SIDES} if evidence else {}
    )
    return Recommendation(
        outcome=assessment.outcome,
        role=assessment.role,
        strength=assessment.strength,
        settled=assessment.settled,
        lean=round(post.mean, 4),
        low=round(max(-1.0, post.low), 4),
        high=round(min(1.0, post.high), 4),
        interest=interest,
        reasons=_reasons(assessment),
        answers_needed=max(0, MIN_FIT - post.count),
        fit_answered=post.count,
        fit_unanswered=sum(isinstance(q, FitQuestion) for q in bank.questions) - len(evidence),
        notice=retired_notice(answers, bank),
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
