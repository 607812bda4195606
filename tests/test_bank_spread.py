"""The shipped bank teaches the work: its size, spread and wording, as issue #12 sets them."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from quizapp.core.bank import AREAS, GRADED_KINDS, TOPICS, AnyQuestion, is_graded
from quizapp.core.loader import load_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir

NAMES_A_DOCUMENT = re.compile(
    r"\b(document|article|the (first|second|third) (text|source)|according to)\b", re.IGNORECASE
)
"""How a prompt that quizzes on the documents instead of the work reads."""


@pytest.fixture(scope="module")
def graded() -> list[AnyQuestion]:
    """The graded (knowledge) questions of the shipped bank."""
    bank, _, _ = load_bank(default_questions_dir(), default_seeds_dir())
    return [question for question in bank.questions if is_graded(question)]


def test_at_least_110_graded_questions(graded: list[AnyQuestion]) -> None:
    """Enough knowledge questions for full assessments that do not repeat."""
    assert len(graded) >= 110


@pytest.mark.parametrize("topic", TOPICS)
def test_at_least_30_graded_questions_per_topic(graded: list[AnyQuestion], topic: str) -> None:
    """Each topic quiz has a real pool to draw from."""
    assert sum(question.topic == topic for question in graded) >= 30


@pytest.mark.parametrize("area", sorted(AREAS))
def test_at_least_6_graded_questions_per_area(graded: list[AnyQuestion], area: str) -> None:
    """Every area the learning path uses has enough questions to measure mastery."""
    assert sum(question.area == area for question in graded) >= 6


def test_each_document_cited_at_least_20_times(graded: list[AnyQuestion]) -> None:
    """All three documents are evidence, not one."""
    cited = Counter(question.source.doc for question in graded)
    documents = sorted(path.name for path in default_seeds_dir().glob("*.txt"))
    assert len(documents) == 3
    assert {name: cited[name] for name in documents if cited[name] < 20} == {}


def test_every_graded_kind_is_present(graded: list[AnyQuestion]) -> None:
    """Single, multi, true/false and role questions all appear."""
    assert {question.kind for question in graded} == GRADED_KINDS


def test_at_most_one_prompt_in_ten_names_a_document(graded: list[AnyQuestion]) -> None:
    """Prompts speak about the work; the documents stay in the feedback."""
    naming = [question.id for question in graded if NAMES_A_DOCUMENT.search(question.prompt)]
    assert len(naming) * 10 <= len(graded), naming


def test_every_bank_file_has_a_review_note() -> None:
    """A second reader checked each bank file against its passages and wrote down what was checked."""
    from quizapp.core.bank import bank_files

    notes = default_questions_dir() / "reviews"
    missing = [
        path.name
        for path in bank_files(default_questions_dir())
        if not (notes / path.with_suffix(".md").name).is_file()
    ]
    assert missing == []
