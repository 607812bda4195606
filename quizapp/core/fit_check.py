"""The balance proof `quizapp check` runs over fit items, and the readiness items' one-per-area rule.

Fit items decide the engineer-or-developer verdict, so the bank must not tilt it by construction:
- a `choice` item offers an engineer-leaning answer, a developer-leaning one, "both" (equal points)
  and "neither" (no points), and its best engineer answer scores what its best developer one does;
- a `scale` item leans one way only, lists its answers from most to least interest, gives no points
  for the lower half (low interest), and names a `mirror` scale leaning the other way with the same
  points, which names it back;
- over the whole bank, the most engineer points a person can reach equal the most developer points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from quizapp.core.bank import AREAS, AnyQuestion, FitQuestion, ReadinessQuestion
from quizapp.core.problems import Problem


def _side(question: FitQuestion) -> str | None:
    """The one side a scale item's points go to, None when it gives none or both."""
    engineer = any(option.engineer for option in question.options)
    developer = any(option.developer for option in question.options)
    if engineer == developer:
        return None
    return "engineer" if engineer else "developer"


def _points(question: FitQuestion) -> list[int]:
    """A scale item's points per answer, in order, whichever side they go to."""
    return [option.engineer + option.developer for option in question.options]


def _check_choice(question: FitQuestion) -> list[str]:
    options = question.options
    problems = []
    if not any(option.engineer > option.developer for option in options):
        problems.append("options: a choice item needs an answer leaning to the engineer side")
    if not any(option.developer > option.engineer for option in options):
        problems.append("options: a choice item needs an answer leaning to the developer side")
    if not any(option.engineer == option.developer > 0 for option in options):
        problems.append('options: a choice item must offer "both" (equal points to each side)')
    if not any(option.engineer == option.developer == 0 for option in options):
        problems.append('options: a choice item must offer "neither" (no points)')
    best_engineer = max(option.engineer for option in options)
    best_developer = max(option.developer for option in options)
    if best_engineer != best_developer:
        problems.append(
            f"options: the best engineer answer gives {best_engineer} points but the best "
            f"developer answer {best_developer}; make them equal"
        )
    return problems


def _check_scale(question: FitQuestion, by_id: dict[str, FitQuestion]) -> list[str]:
    problems = []
    side = _side(question)
    if side is None:
        return ["options: a scale item gives points to one side only (engineer or developer)"]
    points = _points(question)
    if points != sorted(points, reverse=True):
        problems.append("options: list a scale's answers from most to least interest")
    low = points[len(points) - len(points) // 2 :]
    if any(low):
        problems.append(
            f"options: the lower half of a scale (low interest) must give no points; got {points}"
        )
    if question.mirror is None:
        problems.append("mirror: a scale item needs a mirror scale leaning the other way")
        return problems
    mirror = by_id.get(question.mirror)
    if mirror is None or mirror.form != "scale":
        problems.append(f"mirror: '{question.mirror}' is not a fit scale item in the bank")
        return problems
    if mirror.mirror != question.id:
        problems.append(f"mirror: '{question.mirror}' must name '{question.id}' as its mirror")
    mirror_side = _side(mirror)
    if mirror_side is not None and mirror_side == side:
        problems.append(f"mirror: '{question.mirror}' leans to the same side ({side})")
    if _points(mirror) != points:
        problems.append(
            f"mirror: '{question.mirror}' gives {_points(mirror)} points, this item {points}; "
            "a mirror has the same weights"
        )
    return problems


def check_fit_balance(
    questions: Iterable[tuple[Path, AnyQuestion]],
    line_of: Callable[[Path, str], int | None] | None = None,
) -> list[Problem]:
    """Prove the fit items balanced and the readiness items one per area; every failure is a Problem.

    Args:
        questions: (file, question) pairs for every valid question.
        line_of: finds the line of a question (file, id) for messages, when known.
    """
    located = list(questions)
    fit = [(path, q) for path, q in located if isinstance(q, FitQuestion)]
    by_id = {question.id: question for _, question in fit}
    problems: list[Problem] = []

    def add(path: Path, question: AnyQuestion, message: str) -> None:
        line = line_of(path, question.id) if line_of else None
        problems.append(Problem(str(path), message, f"id {question.id}", line))

    for path, item in fit:
        if item.form == "choice":
            if item.mirror is not None:
                add(path, item, "mirror: only scale items have a mirror; remove it")
            messages = _check_choice(item)
        else:
            messages = _check_scale(item, by_id)
        for message in messages:
            add(path, item, message)
    engineer, developer = fit_totals(item for _, item in fit)
    if engineer != developer and fit:
        problems.append(
            Problem(
                str(fit[0][0]),
                f"fit items are not balanced: a person can reach {engineer} engineer points but "
                f"{developer} developer points; give each engineer-leaning item a developer mirror",
            )
        )
    seen: dict[str, str] = {}
    for path, question in located:
        if not isinstance(question, ReadinessQuestion):
            continue
        if question.area in seen and question.area in AREAS:
            add(
                path,
                question,
                f"area: '{question.area}' already has a readiness item ({seen[question.area]}); "
                "keep one per area",
            )
        seen.setdefault(question.area, question.id)
    return problems


def fit_totals(questions: Iterable[AnyQuestion]) -> tuple[int, int]:
    """The most engineer points and the most developer points a person can reach over fit items."""
    fit = [question for question in questions if isinstance(question, FitQuestion)]
    return (
        sum(max(option.engineer for option in question.options) for question in fit),
        sum(max(option.developer for option in question.options) for question in fit),
    )
