"""The verdict picture in plain characters: the line, the interval, the mark and the words."""

from __future__ import annotations

import pytest

from quizapp.core.picture import LEFT, MIN_WIDTH, RIGHT, verdict_lines, verdict_picture
from quizapp.core.recommend import Recommendation


def rec(
    role: str | None, confidence: str, lean: float, low: float, high: float, **more: object
) -> Recommendation:
    return Recommendation(
        role,  # type: ignore[arg-type]
        confidence,  # type: ignore[arg-type]
        lean,
        ["A reason (engineer side)."],
        low=low,
        high=high,
        fit_answered=8,
        **more,  # type: ignore[arg-type]
    )


STRONG = rec("engineer", "strong", 0.6, 0.3, 0.9)
DEVELOPER = rec("developer", "moderate", -0.4, -0.7, -0.05)
CLOSE = rec(None, "too close to call", 0.05, -0.25, 0.35)
NONE = Recommendation(None, "not enough answers", 0.0, ["x"], answers_needed=4, fit_answered=2)


@pytest.mark.parametrize("width", [40, 60, 80, 100])
@pytest.mark.parametrize("recommendation", [STRONG, DEVELOPER, CLOSE], ids=["eng", "dev", "close"])
def test_line_fits_the_width_and_shows_interval_and_mark(
    width: int, recommendation: Recommendation
) -> None:
    """The line is exactly `width` wide, with the mark inside the bracketed interval."""
    picture = verdict_picture(recommendation, width)
    assert len(picture.line) == width
    assert picture.line.startswith(LEFT) and picture.line.endswith(RIGHT)
    assert picture.interval is not None and picture.mark is not None
    low, high = picture.interval
    assert low <= picture.mark <= high
    assert picture.line[picture.mark] == "●"
    assert picture.line.count("●") == 1
    assert set(picture.line[low + 1 : high]) <= {"=", "●", "|"}


def test_mark_sits_on_the_side_of_the_lean() -> None:
    """An engineer lean is right of "even", a developer lean left of it."""
    for recommendation, right in ((STRONG, True), (DEVELOPER, False)):
        picture = verdict_picture(recommendation, 60)
        even = picture.scale.index("even") + 2
        assert picture.mark is not None
        assert (picture.mark > even) is right


def test_narrower_than_the_minimum_is_drawn_at_the_minimum() -> None:
    """A very narrow terminal still gets a readable line (it may wrap)."""
    assert len(verdict_picture(STRONG, 20).line) == MIN_WIDTH


def test_no_interval_before_enough_answers() -> None:
    """Without a verdict: the bare line, no mark, and how many answers are needed."""
    picture = verdict_picture(NONE, 60)
    assert picture.interval is None and picture.mark is None
    assert "●" not in picture.line and "[" not in picture.line
    assert "4 more needed" in " ".join(picture.words)


def test_words_say_the_verdict_and_the_interval() -> None:
    """The words name the role and confidence and the interval's ends."""
    words = " ".join(verdict_picture(STRONG, 60).words)
    assert "Backend engineer: strong fit." in words
    assert "+0.30" in words and "+0.90" in words
    assert "Too close to call" in verdict_picture(CLOSE, 60).words[0]


def test_lines_offer_more_fit_questions_only_when_useful() -> None:
    """The text output suggests the fit mode while unsure and more items remain."""
    unsure = rec(None, "too close to call", 0.05, -0.25, 0.35, fit_unanswered=5)
    assert any("--mode fit" in line for line in verdict_lines(unsure, "Ada"))
    exhausted = rec(None, "too close to call", 0.05, -0.25, 0.35, fit_unanswered=0)
    assert not any("--mode fit" in line for line in verdict_lines(exhausted, "Ada"))
    sure = rec("engineer", "strong", 0.6, 0.3, 0.9, fit_unanswered=5)
    assert not any("--mode fit" in line for line in verdict_lines(sure, "Ada"))
