"""The verdict as a picture in plain characters: a line from developer to engineer with the interval
and the person's mark, and the words beside it. Plain text works with NO_COLOR, in narrow terminals
and in `quizapp path`; the UI widget colours the same characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.core.recommend import Recommendation

LEFT = "Developer "
RIGHT = " Engineer"
MIN_WIDTH = 40
"""The narrowest picture drawn; narrower widths get this width (the words still wrap)."""


@dataclass(frozen=True)
class Picture:
    """The picture's line and where its parts are, for a widget to colour."""

    line: str
    """`Developer ----|--[==●==]--- Engineer` (no interval before there is enough evidence)."""
    scale: str
    """The line under it: where "even" (a lean of 0) is."""
    words: list[str]
    """The verdict in words: what it is and what the interval says."""
    interval: tuple[int, int] | None
    """Character positions (inclusive) of the interval in `line`, None when none is drawn."""
    mark: int | None
    """Character position of the person's mark in `line`, None when none is drawn."""

    def lines(self) -> list[str]:
        """Every line, as `quizapp path` prints them."""
        return [self.line, self.scale, *self.words]


def _side(lean: float) -> str:
    if lean > 0:
        return f"{lean:+.2f} (toward engineer)"
    if lean < 0:
        return f"{lean:+.2f} (toward developer)"
    return "0.00 (even)"


def verdict_words(recommendation: Recommendation) -> list[str]:
    """What the picture says, in words."""
    rec = recommendation
    if rec.confidence == "not enough answers":
        return [
            f'No verdict yet: {rec.fit_answered} "Which path fits me?" answer(s) so far, '
            f"{rec.answers_needed} more needed."
        ]
    if rec.role is None:
        first = "Too close to call: both paths fit you about equally."
    else:
        title = "Backend engineer" if rec.role == "engineer" else "Backend developer"
        first = f"{title}: {rec.confidence} fit."
    return [
        first,
        f"Your lean: {_side(rec.lean)}; 90% sure it lies between {rec.low:+.2f} and "
        f"{rec.high:+.2f} (from {rec.fit_answered} answers).",
    ]


def verdict_picture(recommendation: Recommendation, width: int = 60) -> Picture:
    """Draw the verdict at `width` characters (at least MIN_WIDTH)."""
    width = max(MIN_WIDTH, width)
    inner = width - len(LEFT) - len(RIGHT)

    def position(lean: float) -> int:
        clamped = max(-1.0, min(1.0, lean))
        return round((clamped + 1) / 2 * (inner - 1))

    cells = ["-"] * inner
    zero = position(0.0)
    cells[zero] = "|"
    interval: tuple[int, int] | None = None
    mark: int | None = None
    if recommendation.confidence != "not enough answers":
        low, high = position(recommendation.low), position(recommendation.high)
        for index in range(low, high + 1):
            cells[index] = "="
        cells[low], cells[high] = "[", "]"
        point = position(recommendation.lean)
        cells[point] = "●"
        interval = (len(LEFT) + low, len(LEFT) + high)
        mark = len(LEFT) + point
    line = LEFT + "".join(cells) + RIGHT
    scale = " " * (len(LEFT) + zero - 2) + "even"
    return Picture(line, scale, verdict_words(recommendation), interval, mark)


def verdict_lines(recommendation: Recommendation, name: str | None = None) -> list[str]:
    """The verdict as text: the picture, the reasons (both sides when too close), what to do next."""
    rec = recommendation
    lines = verdict_picture(rec).lines()
    if rec.confidence == "too close to call" and (rec.engineer_reasons or rec.developer_reasons):
        for side, reasons in (
            ("engineer", rec.engineer_reasons),
            ("developer", rec.developer_reasons),
        ):
            lines.append(f"For the {side} side:")
            lines.extend(f"  - {reason}" for reason in reasons or ["(no answer leaned this way)"])
    else:
        lines.extend(f"- {reason}" for reason in rec.reasons)
    if not rec.settled and rec.fit_unanswered:
        more = rec.answers_needed or 1
        start = f"quizapp --profile {name!r} --mode fit" if name else "quizapp --mode fit"
        lines.append(
            f'Answer {"at least " if not rec.answers_needed else ""}{more} more "Which path fits '
            f'me?" question(s) for a surer verdict: `{start}`, or choose it on the home screen.'
        )
    if rec.notice:
        lines.append(rec.notice)
    return lines
