"""The balance proof `quizapp check` runs over fit items: one case per way a fit item, or the words
around it, can tilt the verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quizapp.core.bank import AnyQuestion, FitQuestion
from quizapp.core.fit_check import (
    SIDE_WORDS,
    TOPICS,
    check_fit_balance,
    fit_totals,
    margin,
    occurrence_counts,
    order_counts,
    word_counts,
    wording_counts,
)
from quizapp.core.loader import QUESTION_ADAPTER, load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir

SOURCE = {"doc": "000_a664594794a44be6.txt", "quote": "They establish ongoing security procedures"}
FILE = Path("fit.toml")


PROMPTS = {
    "engineer": "How much would you enjoy securing the login of every product?",
    "developer": "How much would you enjoy securing the login of one product?",
}
"""Scale prompts on one topic (security) from each side, worded alike but for their scope."""


def scale(
    qid: str, side: str, points: list[int], mirror: str | None, prompt: str | None = None
) -> dict[str, Any]:
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
        "prompt": prompt or PROMPTS[side],
        "explanation": "No right answer.",
        "source": SOURCE,
        "options": options,
    }
    if mirror:
        item["mirror"] = mirror
    return item


ROLE_TEXTS = {
    (2, 0): "Securing each product's login",
    (0, 2): "Securing this product's login",
    (0, 1): "Securing this product's own login",
}
"""Choice options on one topic from each side, worded alike (by their points)."""


def choice(
    qid: str, options: list[tuple[int, int]], texts: dict[tuple[int, int], str] | None = None
) -> dict[str, Any]:
    """A choice item with (engineer, developer) points per option."""
    words = {**ROLE_TEXTS, **(texts or {})}
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
            {"text": words.get((e, d), f"Option {n}"), "engineer": e, "developer": d}
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
PAIR = [scale("a", "engineer", [3, 2, 1, 0], "b"), scale("b", "developer", [3, 2, 1, 0], "a")]


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
            [scale("a", "engineer", [3, 2, 1, 0], None)],
            "needs a mirror scale",
            id="scale-without-mirror",
        ),
        pytest.param(
            [scale("a", "engineer", [2, 1, 0, 0], "b"), scale("b", "developer", [2, 1, 0, 0], "a")],
            "each giving fewer points than the one before (got [2, 1, 0, 0])",
            id="a-dislike-says-nothing",
        ),
        pytest.param(
            [scale("a", "engineer", [3, 2, 1, 1], "b"), scale("b", "developer", [3, 2, 1, 1], "a")],
            "a scale's last answer (no interest) must give no points",
            id="no-interest-gives-points",
        ),
        pytest.param(
            [scale("a", "engineer", [3, 2, 1, 0], "b"), scale("b", "developer", [3, 1, 0], "a")],
            "a mirror has the same weights",
            id="mirror-different-weights",
        ),
        pytest.param(
            [scale("a", "engineer", [3, 2, 1, 0], "b"), scale("b", "engineer", [3, 2, 1, 0], "a")],
            "leans to the same side",
            id="mirror-same-side",
        ),
        pytest.param(
            [scale("a", "engineer", [3, 2, 1, 0], "b"), scale("b", "developer", [3, 2, 1, 0], "c")],
            "mirror: 'b' must name 'a' as its mirror",
            id="mirror-not-mutual",
        ),
        pytest.param(
            [scale("a", "engineer", [3, 2, 1, 0], "zzz")],
            "'zzz' is not a fit scale item",
            id="mirror-missing",
        ),
        pytest.param(
            [scale("a", "engineer", [2, 3, 1, 0], "b"), scale("b", "developer", [2, 3, 1, 0], "a")],
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
            [*PAIR, scale("x", "engineer", [3, 2, 1, 0], "a")],
            "not balanced: a person can reach 6 engineer points but 3 developer points",
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


def pairs(*prompts: tuple[str, str], area: str = "security") -> list[dict[str, Any]]:
    """Mirror pairs of scales with these (engineer, developer) prompts."""
    items = []
    for number, (engineer, developer) in enumerate(prompts):
        items.append(scale(f"e{number}", "engineer", [3, 2, 1, 0], f"d{number}", engineer))
        items.append(scale(f"d{number}", "developer", [3, 2, 1, 0], f"e{number}", developer))
        items[-2]["area"] = items[-1]["area"] = area
    return items


def choices(*texts: tuple[str, str], engineer_first: tuple[bool, ...] = ()) -> list[dict[str, Any]]:
    """Choice items with these (engineer, developer) option texts."""
    items = []
    for number, (engineer, developer) in enumerate(texts):
        first = engineer_first[number] if number < len(engineer_first) else number % 2 == 0
        order = [(2, 0), (0, 2)] if first else [(0, 2), (2, 0)]
        items.append(
            choice(f"c{number}", [*order, (1, 1), (0, 0)], {(2, 0): engineer, (0, 2): developer})
        )
    return items


def asked(text: str) -> str:
    """A scale prompt asking how much `text` would be enjoyed."""
    return f"How much would you enjoy {text}?"


def scoped(*works: tuple[str, str]) -> list[dict[str, Any]]:
    """Mirror pairs of scales on each work ("securing the login"), for every product (engineer)
    and for one product (developer), each side's prompt with its own extra words."""
    return pairs(
        *(
            (
                asked(f"{engineer.format(scope='every product')}"),
                asked(developer.format(scope="one product")),
            )
            for engineer, developer in works
        )
    )


WORD_CASES = [
    pytest.param(
        scoped(
            ("securing the login of {scope}", "securing the login of {scope} with its designers"),
            ("securing the sign-up of {scope}", "securing the sign-up of {scope} for its users"),
            (
                "securing the passwords of {scope}",
                "securing the passwords of {scope} with its team",
            ),
        ),
        "0 engineer-side texts name other people but 3 developer-side texts",
        id="people-on-one-side",
    ),
    pytest.param(
        scoped(
            (
                "securing the login of {scope} with its team",
                "securing the login of {scope} with its team",
            ),
            (
                "securing the sign-up of {scope} with its users",
                "securing the sign-up of {scope} with its users, QA and managers",
            ),
            (
                "securing the passwords of {scope} with QA",
                "securing the passwords of {scope} with QA, designers and testers",
            ),
        ),
        "the engineer-side texts hold 3 words that name other people and the developer-side ones 7",
        id="more-people-in-as-many-texts",
    ),
    pytest.param(
        scoped(
            ("securing the fast login of {scope}", "securing the login of {scope}"),
            ("securing the robust sign-up of {scope}", "securing the sign-up of {scope}"),
            ("securing the reliable passwords of {scope}", "securing the passwords of {scope}"),
        ),
        "3 engineer-side texts name qualities such as fast, reliable or scalable but 0",
        id="qualities-on-one-side",
    ),
    pytest.param(
        scoped(
            ("securing the login of {scope}", "securing the login page of {scope}"),
            ("securing the sign-up of {scope}", "securing the sign-up screen of {scope}"),
            ("securing the passwords of {scope}", "securing the passwords of {scope}'s app"),
        ),
        "0 engineer-side texts name what users see (screens, pages, apps, sites, design) but 3",
        id="screens-on-one-side",
    ),
    pytest.param(
        scoped(
            ("securing the login of {scope}", "building the secure login of {scope}"),
            ("securing the sign-up of {scope}", "adding a secure sign-up to {scope}"),
            ("securing the passwords of {scope}", "securing the new passwords of {scope}"),
        ),
        "0 engineer-side texts are about building new things (build, add, ship, launch, feature,",
        id="building-on-one-side",
    ),
    pytest.param(
        scoped(
            ("maintaining the login of {scope}", "securing the login of {scope}"),
            ("securing the sign-up of {scope}, monitoring it", "securing the sign-up of {scope}"),
            ("keeping the passwords of {scope} secure", "securing the passwords of {scope}"),
        ),
        "3 engineer-side texts are about keeping things going (maintain, keep, monitor, support)",
        id="upkeep-on-one-side",
    ),
    pytest.param(
        scoped(
            ("securing the legacy login of {scope}", "securing the login of {scope}"),
            ("securing the risky sign-up of {scope}", "securing the sign-up of {scope}"),
            (
                "securing the passwords of {scope} under pressure",
                "securing the passwords of {scope}",
            ),
        ),
        "3 engineer-side texts frame the work by trouble (fails, bugs, outages, slow, pressure)",
        id="trouble-on-one-side",
    ),
    pytest.param(
        scoped(
            ("securing the login of {scope}", "securing the exciting login of {scope}"),
            ("securing the sign-up of {scope}", "securing the modern sign-up of {scope}"),
            ("securing the passwords of {scope}", "securing the passwords of {scope}, a fun job"),
        ),
        "0 engineer-side texts make the work sound appealing (exciting, fun, modern, creative,",
        id="appeal-on-one-side",
    ),
    pytest.param(
        scoped(
            ("discussing how to secure the login of {scope}", "securing the login of {scope}"),
            (
                "securing the sign-up of {scope} in daily meetings",
                "securing the sign-up of {scope}",
            ),
            (
                "explaining how to secure the passwords of {scope}",
                "securing the passwords of {scope}",
            ),
        ),
        "3 engineer-side texts name meetings or talk (meet, daily, discuss, agree, explain, plan)",
        id="meetings-on-one-side",
    ),
    pytest.param(
        scoped(
            ("securing the login of {scope}", "securing the login of {scope} of yours"),
            ("securing the sign-up of {scope}", "securing the sign-up of our {scope}"),
            ("securing the passwords of {scope}", "securing the passwords of my {scope}"),
        ),
        "the engineer-side texts hold 3 words that speak to the reader (you, your, we, our) and the "
        "developer-side ones 6",
        id="first-person-on-one-side",
    ),
    pytest.param(
        scoped(
            ("securing the Kubernetes login of {scope}", "securing the login of {scope}"),
            ("securing the Postgres sign-up of {scope}", "securing the sign-up of {scope}"),
            ("securing the passwords of {scope} in Redis", "securing the passwords of {scope}"),
        ),
        "3 engineer-side texts name technologies (SQL, Redis, Kafka, Docker, Django...) but 0",
        id="technologies-on-one-side",
    ),
    pytest.param(
        scoped(
            ("carefully securing the login of {scope}", "securing the login of {scope}"),
            ("carefully securing the sign-up of {scope}", "securing the sign-up of {scope}"),
            ("carefully securing the passwords of {scope}", "securing the passwords of {scope}"),
        ),
        "the word 'carefully' is in 3 engineer-side texts but 0 developer-side ones (at most 1 "
        "apart); a word that is not about scope",
        id="any-other-word-on-one-side",
    ),
    pytest.param(
        choices(("Securing the database every product shares", "Securing this product's login")),
        "the shared topic 'databases' is named only on the engineer side",
        id="a-shared-topic-on-one-side",
    ),
    pytest.param(
        choices(
            (
                "Securing the login",
                "Securing the login, the sign-up and the password reset of this product",
            )
        ),
        "(3.9x); keep them within 1.5x of each other",
        id="choice-options-of-uneven-length",
    ),
    pytest.param(
        choices(
            ("Writing the security rules for every product", "Building the API one product needs")
        ),
        "the two role options are not about one shared topic (engineer option: security; "
        "developer option: APIs)",
        id="choice-options-on-two-topics",
    ),
    pytest.param(
        [
            scale("a", "engineer", [3, 2, 1, 0], "b"),
            {
                **scale(
                    "b",
                    "developer",
                    [3, 2, 1, 0],
                    "a",
                    "How much would you enjoy building one product's API?",
                ),
                "area": "apis",
            },
        ],
        "mirror: 'b' is not about the same topic (area 'apis' naming APIs; this item: area "
        "'security' naming security)",
        id="mirror-on-another-topic",
    ),
    pytest.param(
        pairs(
            (
                PROMPTS["engineer"],
                "How much would you enjoy securing, one by one, every login, "
                "sign-up and password reset that one product's next release will need?",
            )
        ),
        "prompt: 61 characters against 129 in the mirror 'd0' (2.1x)",
        id="mirror-of-uneven-length",
    ),
    pytest.param(
        choices(
            ("Securing each product's login", "Securing this product's login"),
            ("Securing each product's sign-up", "Securing this product's sign-up"),
            ("Securing each product's passwords", "Securing this product's passwords"),
            engineer_first=(True, True, True),
        ),
        "the engineer option is listed first in 3 choice items and the other in 0",
        id="engineer-always-first",
    ),
    pytest.param(
        choices(
            ("Securing every single product's login", "Securing this product's login"),
            ("Securing every single product's sign-up", "Securing this product's sign-up"),
            ("Securing every single product's password", "Securing this product's password"),
        ),
        "the engineer option is the longer one in 3 choice items and the other in 0",
        id="engineer-always-longer",
    ),
]


@pytest.mark.parametrize(("items", "expected"), WORD_CASES)
def test_wording_that_could_pick_the_side_is_refused(
    items: list[dict[str, Any]], expected: str
) -> None:
    """Each way the words around the work could choose the side for a person is reported, alone."""
    found = problems(items)
    assert len(found) == 1, found
    assert expected in found[0], found


def test_balanced_wording_passes() -> None:
    """The same topics, kinds of word, positions and lengths on both sides: no problem."""
    items = choices(
        (
            "Securing each product's login for its users",
            "Securing this product's login for its users",
        ),
        ("Securing each product's sign-up", "Securing this product's sign-up"),
    ) + pairs(
        (
            "How much would you enjoy securing every product, fast, with its team?",
            "How much would you enjoy securing one product, fast, with its team?",
        ),
    )
    assert problems(items) == []


@pytest.fixture(scope="module")
def real_fit() -> list[FitQuestion]:
    """The shipped bank's fit items."""
    bank = load_checked_bank(default_questions_dir(), default_seeds_dir())
    return [q for q in bank.questions if isinstance(q, FitQuestion)]


def test_real_bank_is_balanced(real_fit: list[FitQuestion]) -> None:
    """The shipped bank: equal best totals, every scale mirrored, 24 to 30 fit items."""
    engineer, developer = fit_totals(real_fit)
    assert engineer == developer > 0
    assert 24 <= len(real_fit) <= 30


def test_real_bank_names_every_shared_topic_on_both_sides(real_fit: list[FitQuestion]) -> None:
    """APIs, databases, security, testing and code quality, debugging, working with people (and
    architecture) each appear on both sides, in at least two texts a side."""
    counts = wording_counts(real_fit)
    for topic in TOPICS:
        assert min(counts[topic].values()) >= 1, topic
    for topic in ("APIs", "databases", "security", "testing and code quality", "debugging"):
        assert min(counts[topic].values()) >= 2, (topic, counts[topic])


def test_real_bank_words_are_balanced_side_by_side(real_fit: list[FitQuestion]) -> None:
    """Other people, qualities and what users see: each named by as many texts on each side (the
    check allows 10%; the shipped bank is within one), and positions and lengths alternate."""
    counts = wording_counts(real_fit)
    assert counts["texts"]["engineer"] == counts["texts"]["developer"]
    for kind in SIDE_WORDS:
        assert abs(counts[kind]["engineer"] - counts[kind]["developer"]) <= 1, (kind, counts[kind])
    for kind, sides in order_counts(real_fit).items():
        assert abs(sides["engineer"] - sides["developer"]) <= 1, kind
    for kind, sides in occurrence_counts(real_fit).items():
        assert abs(sides["engineer"] - sides["developer"]) <= 1, (kind, sides)
    # Any other word (not one of scope) at most one text apart: the items are minimal pairs.
    for word, sides in word_counts(real_fit).items():
        assert abs(sides["engineer"] - sides["developer"]) <= 1, (word, sides)
    assert margin(20) == 2


def test_real_bank_choice_items_are_matched_in_length(real_fit: list[FitQuestion]) -> None:
    """The shipped choice items' role options are within 1.3x of each other (the check allows 1.5x)."""
    for question in real_fit:
        if question.form == "choice":
            lengths = [len(o.text) for o in question.options if o.engineer != o.developer]
            assert max(lengths) <= 1.3 * min(lengths), question.id
