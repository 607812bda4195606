"""The two roles side by side: the shipped comparison is sound, and broken files are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.bank import TOPICS
from quizapp.core.compare import comparison_text, load_comparison
from quizapp.core.loader import Documents
from quizapp.core.locations import default_questions_dir, default_seeds_dir

DATA = Path(__file__).resolve().parents[1] / "data" / "roles"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

BROKEN = [
    pytest.param("quote_not_in_document", "source.quote: not found", id="quote-not-found"),
    pytest.param("row_without_sides", "a row needs", id="row-without-sides"),
]


@pytest.mark.parametrize(("folder", "message"), BROKEN)
def test_broken_comparison_is_reported_with_its_file(folder: str, message: str) -> None:
    """Each broken fixture gives a problem naming roles.toml and what is wrong; nothing is loaded."""
    comparison, problems = load_comparison(DATA / folder, Documents.load(SEEDS))
    assert comparison is None
    assert problems and all(problem.file.endswith("roles.toml") for problem in problems)
    assert any(message in problem.message for problem in problems)


def test_shipped_comparison_covers_every_topic_with_shared_and_distinct_rows() -> None:
    """Every topic has rows; some are shared by both roles and some are not; every quote is found."""
    documents = Documents.load(default_seeds_dir())
    comparison, problems = load_comparison(default_questions_dir(), documents)
    assert problems == []
    assert comparison is not None
    for topic, rows in comparison.by_topic().items():
        assert topic in TOPICS
        assert len(rows) >= 5, topic
        assert any(row.shared for row in rows) and any(not row.shared for row in rows), topic
    cited = {
        side.source.doc
        for row in comparison.rows
        for side in (row.engineer, row.developer, row.both)
        if side
    }
    assert cited == set(documents.texts)


def test_comparison_text_quotes_every_source_in_plain_words() -> None:
    """The printed comparison names each aspect, both roles and each quote, with no box drawing."""
    documents = Documents.load(default_seeds_dir())
    comparison, _ = load_comparison(default_questions_dir(), documents)
    assert comparison is not None
    text = comparison_text(comparison, sorted(documents.texts), width=60)
    for row in comparison.rows:
        assert row.aspect in text
    assert "Backend engineer:" in text and "Backend developer:" in text
    assert max(len(line) for line in text.splitlines()) <= 60
    assert not set(text) & set("│─╭╮╰╯\x1b")
