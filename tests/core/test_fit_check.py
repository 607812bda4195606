"""The balance proof `quizapp check` runs over fit items: one case per way a fit item can tilt the verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank import AnyQuestion
from quizapp.core.fit_check import check_fit_balance, fit_totals
from quizapp.core.loader import QUESTION_ADAPTER, load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir

SOURCE = {"doc": "000_a664594794a44be6.txt", "quote": "They establish ongoing security procedures"}
FILE = Path("fit.toml")


def scale(qid: str, side: str, points: list[int], mirror: str | None) -> dict[str, Any]:
    """A scale item leaning to `side` with these points per option."""
    options = [
        {"text": f"Option {n}", side: value} if value else {"text": f"Option {n}"}
        for n, value in enumerate(points)
    ]
    item: dict[str, Any] = {
        "id": qid,
        "kind": "fit",
        "form": "scale",
        "topic": "duties",
        "area": "security",
        "label": f"Label {qid}",
        "prompt": "How much would you enjoy this work?",
        "explanation": "No right answer.",
        "source": SOURCE,
        "options": options,
    }
    if mirror:
        item["mirror"] = mirror
    return item


def choice(qid: str, options: list[tuple[int, int]]) -> dict[str, Any]:
    """A choice item with (engineer, developer) points per option."""
    return {
        "id": qid,
        "kind": "fit",
        "form": "choice",
        "topic": "duties",
        "area": "security",
        "label": f"Label {qid}",
        "prompt": "Which would you rather do?",
        "explanation": "No right answer.",
        "source": SOURCE,
        "options": [
            {"text": f"Option {n}", "engineer": e, "developer": d}
            for n, (e, d) in enumerate(options)
        ],
    }


def readiness(qid: str, area: str) -> dict[str, Any]:
    return {
        "id": qid,
        "kind": "readiness",
        "topic": "skills",
        "area": area,
        "prompt": "How ready are you?",
        "explanation": "No right answer.",
        "source": SOURCE,
        "options": [{"text": "Ready", "level": 2}, {"text": "New to me", "level": 0}],
    }


BALANCED_CHOICE = [(2, 0), (0, 2), (1, 1), (0, 0)]
PAIR = [scale("a", "engineer", [2, 1, 0, 0], "b"), scale("b", "developer", [2, 1, 0, 0], "a")]


def problems(items: list[dict[str, Any]]) -> list[str]:
    questions: list[AnyQuestion] = [QUESTION_ADAPTER.validate_python(item) for item in items]
    return [problem.message for problem in check_fit_balance((FILE, q) for q in questions)]


@pytest.mark.parametrize(
    "items",
    [
        pytest.param(PAIR, id="mirror-pair"),
        pytest.param([choice("c", BALANCED_CHOICE)], id="choice"),
        pytest.param([choice("c", [(0, 2), (1, 1), (2, 0), (0, 0)])], id="choice-any-order"),
        pytest.param([*PAIR, readiness("r1", "apis"), readiness("r2", "security")], id="readiness"),
        pytest.param([], id="no-fit-items"),
    ],
)
def test_balanced_items_pass(items: list[dict[str, Any]]) -> None:
    """Balanced fit items and one readiness item per area give no problem."""
    assert problems(items) == []


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            [choice("c", [(2, 0), (0, 1), (1, 1), (0, 0)])],
            "the best engineer answer gives 2 points but the best developer answer 1",
            id="choice-tilted",
        ),
        pytest.param(
            [choice("c", [(2, 0), (0, 2), (0, 0)])], 'must offer "both"', id="choice-no-both"
        ),
        pytest.param(
            [choice("c", [(2, 0), (0, 2), (1, 1)])], 'must offer "neither"', id="choice-no-neither"
        ),
        pytest.param(
            [choice("c", [(2, 0), (1, 1), (0, 0)])],
            "needs an answer leaning to the developer side",
            id="choice-one-sided",
        ),
        pytest.param(
            [scale("a", "engineer", [2, 1, 0, 0], None)],
            "needs a mirror scale",
            id="scale-without-mirror",
        ),
        pytest.param(
            [scale("a", "engineer", [2, 1, 1, 0], "b"), scale("b", "developer", [2, 1, 1, 0], "a")],
            "lower half of a scale (low interest) must give no points",
            id="low-interest-gives-points",
        ),
        pytest.param(
            [scale("a", "engineer", [2, 1, 0, 0], "b"), scale("b", "developer", [2, 0, 0, 0], "a")],
            "a mirror has the same weights",
            id="mirror-different-weights",
        ),
        pytest.param(
            [scale("a", "engineer", [2, 1, 0, 0], "b"), scale("b", "engineer", [2, 1, 0, 0], "a")],
            "leans to the same side",
            id="mirror-same-side",
        ),
        pytest.param(
            [scale("a", "engineer", [2, 1, 0, 0], "b"), scale("b", "developer", [2, 1, 0, 0], "c")],
            "mirror: 'b' must name 'a' as its mirror",
            id="mirror-not-mutual",
        ),
        pytest.param(
            [scale("a", "engineer", [2, 1, 0, 0], "zzz")],
            "'zzz' is not a fit scale item",
            id="mirror-missing",
        ),
        pytest.param(
            [scale("a", "engineer", [1, 2, 0, 0], "b"), scale("b", "developer", [1, 2, 0, 0], "a")],
            "from most to least interest",
            id="scale-out-of-order",
        ),
        pytest.param(
            [scale("a", "engineer", [0, 0, 0], "b"), scale("b", "developer", [0, 0, 0], "a")],
            "gives points to one side only",
            id="scale-without-points",
        ),
        pytest.param(
            [{**choice("c", BALANCED_CHOICE), "mirror": "a"}, *PAIR],
            "only scale items have a mirror",
            id="choice-with-mirror",
        ),
        pytest.param(
            [*PAIR, scale("x", "engineer", [2, 1, 0], "a")],
            "not balanced: a person can reach 4 engineer points but 2 developer points",
            id="totals-differ",
        ),
        pytest.param(
            [readiness("r1", "apis"), readiness("r2", "apis")],
            "'apis' already has a readiness item (r1)",
            id="two-readiness-items-for-one-area",
        ),
    ],
)
def test_unbalanced_items_are_refused(items: list[dict[str, Any]], expected: str) -> None:
    """Each way of tilting the verdict by construction is reported."""
    found = problems(items)
    assert any(expected in message for message in found), found


def test_real_bank_is_balanced() -> None:
    """The shipped bank: equal best totals, every scale mirrored, 24 to 30 fit items."""
    bank = load_checked_bank(default_questions_dir(), default_seeds_dir())
    engineer, developer = fit_totals(bank.questions)
    assert engineer == developer > 0
    fit = [q for q in bank.questions if q.kind == "fit"]
    assert 24 <= len(fit) <= 30
