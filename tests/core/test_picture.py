"""The verdict in words and in plain characters: every outcome's words, the line, interval and mark."""

from __future__ import annotations

from typing import Any

import pytest

from quizapp.core.picture import (
    LEFT,
    MIN_WIDTH,
    RIGHT,
    TITLES_LINE,
    verdict_lines,
    verdict_picture,
    verdict_text,
)
from quizapp.core.recommend import Recommendation


def rec(outcome: str, lean: float, low: float, high: float, **more: Any) -> Recommendation:
    role = outcome if outcome in ("engineer", "developer") else None
    fields: dict[str, Any] = {
        "reasons": ["Security: you chose “A” in “B” (engineer side)."],
        "fit_answered": 8,
        "interest": {"engineer": 0.8, "developer": 0.3},
        **more,
    }
    return Recommendation(
        outcome=outcome,  # type: ignore[arg-type]
        role=role,  # type: ignore[arg-type]
        lean=lean,
        low=low,
        high=high,
        **fields,
    )


STRONG = rec("engineer", 0.7, 0.4, 0.95, strength="strong", settled=True)
CLEAR_UNSURE = rec("developer", -0.4, -0.7, -0.05, strength="clear")
BOTH = rec("both", 0.0, -0.14, 0.14, settled=True, interest={"engineer": 0.9, "developer": 0.9})
NEITHER = rec(
    "neither", 0.05, -0.3, 0.4, settled=True, interest={"engineer": 0.1, "developer": 0.2}
)
UNCLEAR = rec("unclear", 0.05, -0.25, 0.35)
TOO_FEW = Recommendation(
    outcome="not enough answers", answers_needed=2, fit_answered=3, fit_unanswered=20
)
EVERY = [STRONG, CLEAR_UNSURE, BOTH, NEITHER, UNCLEAR, TOO_FEW]
NAMES = ["strong", "clear-unsure", "both", "neither", "unclear", "too-few"]


@pytest.mark.parametrize("width", [40, 60, 80, 100])
@pytest.mark.parametrize("recommendation", EVERY[:-1], ids=NAMES[:-1])
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
    for recommendation, right in ((STRONG, True), (CLEAR_UNSURE, False)):
        picture = verdict_picture(recommendation, 60)
        even = picture.scale.index("even") + 2
        assert picture.mark is not None
        assert (picture.mark > even) is right


def test_narrower_than_the_minimum_is_drawn_at_the_minimum() -> None:
    """A very narrow terminal still gets a readable line (it may wrap)."""
    assert len(verdict_picture(STRONG, 20).line) == MIN_WIDTH


def test_no_interval_before_enough_answers() -> None:
    """Without a verdict: the bare line, no mark, and how many answers are needed."""
    said = verdict_text(TOO_FEW)
    assert said.picture.interval is None and said.picture.mark is None
    assert "●" not in said.picture.line and "[" not in said.picture.line
    assert said.headline.startswith(
        'No verdict yet: answer at least 2 more "Which path fits me?" questions'
    )
    assert said.strength == said.certainty == said.interest == ""


@pytest.mark.parametrize("recommendation", EVERY, ids=NAMES)
def test_every_outcome_carries_the_honest_line_about_job_titles(
    recommendation: Recommendation,
) -> None:
    """The line about job titles is in the words of every outcome, plain text included."""
    said = verdict_text(recommendation)
    assert said.titles == TITLES_LINE
    assert TITLES_LINE in said.words()
    assert TITLES_LINE in said.lines() and TITLES_LINE in said.lines(picture=False)


def test_strength_and_certainty_are_said_apart() -> None:
    """A strong, settled lean and a clear one not yet sure: each says its size and its certainty."""
    strong, unsure = verdict_text(STRONG), verdict_text(CLEAR_UNSURE)
    assert strong.headline == "Backend engineer fits you better: a strong lean."
    assert strong.strength.startswith("How strong: strong, a lean of +0.70")
    assert strong.certainty.startswith("How sure: sure. From 8 answers")
    assert "+0.40 and +0.95" in strong.certainty
    assert unsure.headline == "Backend developer fits you better: a clear lean."
    assert unsure.strength.startswith("How strong: clear, a lean of -0.40")
    assert unsure.certainty.startswith("How sure: not yet sure.")
    assert "strong" not in unsure.headline + unsure.strength.split(";")[0].split(":")[1]


def test_both_says_both_fit_and_why_the_title_matters_little() -> None:
    """Keen on both: both fit, the lean within the equivalence region, both paths shown."""
    said = verdict_text(BOTH)
    assert said.headline.startswith("Both paths fit you")
    assert "counts as equal" in said.certainty
    assert any("Both learning paths are shown" in line for line in said.guidance)
    assert said.strength == ""


def test_neither_says_so_plainly_and_what_it_may_mean() -> None:
    """Little interest in either: never "both fit"; what it may point to and the comparison."""
    said = verdict_text(NEITHER)
    assert said.headline.startswith("Neither path draws you much")
    assert "fit" not in said.headline
    guidance = " ".join(said.guidance)
    assert "front end" in guidance and "comparison" in guidance
    assert "little (10%)" in said.interest and "little (20%)" in said.interest
    assert said.certainty.startswith("How sure: sure. From 8 answers, the most interest you")
    assert "is 20%, under the 40% that counts as interest." in said.certainty


@pytest.mark.parametrize(
    ("interest", "low"),
    [
        ({"engineer": 0.35, "developer": 0.1}, True),
        ({"engineer": 0.395, "developer": 0.1}, False),  # shown as 40%: not under 40%
        ({"engineer": 0.8, "developer": 0.3}, False),
    ],
)
def test_a_role_with_little_interest_says_so_beside_it(
    interest: dict[str, float], low: bool
) -> None:
    """A lean shown by both kinds of question names its side even when every answer was low, and
    then says plainly that neither kind of work drew much interest (and what that may mean)."""
    said = verdict_text(rec("engineer", 0.5, 0.2, 0.8, strength="clear", interest=interest))
    guidance = " ".join(said.guidance)
    assert said.headline == "Backend engineer fits you better: a clear lean."
    assert ("interest in both kinds of backend work was low" in guidance) == low
    if low:
        assert "(at most 35%)" in guidance and "front end" in guidance
        assert "little (35%)" in said.interest


@pytest.mark.parametrize(("level", "words"), [(0.795, "a lot (80%)"), (0.599, "quite a bit (60%)")])
def test_interest_words_agree_with_the_percentage_shown(level: float, words: str) -> None:
    """The interest word is read from the percentage shown beside it, never from hidden decimals."""
    said = verdict_text(STRONG.__class__(**{**STRONG.__dict__, "interest": {"engineer": level}}))
    assert words in said.interest


def test_unclear_names_no_path() -> None:
    """No clear lean: no role, no "both", and what may help."""
    said = verdict_text(UNCLEAR)
    assert said.headline == "No clear lean yet between the two kinds of backend work."
    assert "Backend" not in said.headline and "fit" not in said.headline


def test_interest_is_said_for_each_side() -> None:
    """How much each side's work appeals, in words and per cent."""
    said = verdict_text(STRONG)
    assert said.interest.startswith("Interest: a lot (80%) in engineer-side system-wide work")
    assert "little (30%) in developer-side product work" in said.interest


def test_lines_put_the_headline_first_then_the_picture() -> None:
    """Plain text: the headline, the picture (unless left out), the words, the reasons."""
    said = verdict_text(STRONG)
    lines = said.lines()
    assert lines[0] == said.headline
    assert lines[1:3] == said.picture.lines()
    assert said.reasons_heading in lines
    assert f"- {said.reasons[0]}" in lines
    assert said.picture.line not in said.lines(picture=False)


def test_lines_offer_more_fit_questions_only_when_useful() -> None:
    """The text output suggests the fit mode while unsure and more items remain."""
    unsure = rec("unclear", 0.05, -0.25, 0.35, fit_unanswered=5)
    assert any("--mode fit" in line for line in verdict_lines(unsure, "Ada"))
    exhausted = rec("unclear", 0.05, -0.25, 0.35, fit_unanswered=0)
    assert not any("--mode fit" in line for line in verdict_lines(exhausted, "Ada"))
    sure = rec("engineer", 0.6, 0.3, 0.9, strength="strong", settled=True, fit_unanswered=5)
    assert not any("--mode fit" in line for line in verdict_lines(sure, "Ada"))
    assert any(
        'at least 2 more "Which path fits me?" questions' in line for line in verdict_lines(TOO_FEW)
    )
