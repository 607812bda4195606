"""The two roles side by side: the shipped comparison is sound, and broken files are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.bank import TOPICS
from quizapp.core.compare import comparison_text, load_comparison, role_passages
from quizapp.core.loader import Documents
from quizapp.core.locations import default_questions_dir, default_seeds_dir

DATA = Path(__file__).resolve().parents[1] / "data" / "roles"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

BROKEN = [
    pytest.param("quote_not_in_document", "source.quote: not found", id="quote-not-found"),
    pytest.param("row_without_sides", "a row needs", id="row-without-sides"),
    pytest.param(
        "silent_despite_a_passage",
        "developer: the row says the documents say nothing for the developer, but "
        "002_1c51edeaa5eca1e1.txt speaks of 'script' for them: \"A backend developer’s job entails",
        id="silent-despite-a-passage",
    ),
    pytest.param(
        "silent_against_another_row",
        "developer: the row says the documents say nothing for the developer, but the row "
        "'Security', on the same topic (secur), cites a passage for them",
        id="silent-against-another-row",
    ),
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


@pytest.mark.parametrize(
    ("start", "roles"),
    [
        pytest.param(
            "One of the main roles of back-end engineers", {"engineer"}, id="doc-2-engineer"
        ),
        pytest.param("Securing your databases and servers", {"developer"}, id="doc-3-developer"),
        pytest.param("They should also know Ruby, Linux/Unix", {"engineer"}, id="doc-1-section"),
        pytest.param(
            "A work experience of two to five years", {"developer"}, id="doc-1-dev-section"
        ),
        pytest.param(
            "You may believe that a backend engineer", {"engineer", "developer"}, id="names-both"
        ),
        pytest.param("Together, they compose communications", set(), id="bottom-line-neither"),
    ],
)
def test_role_passages_know_which_role_a_sentence_speaks_of(start: str, roles: set[str]) -> None:
    """By document (the second and third are about one role), section title, or the sentence itself."""
    passages = [p for p in role_passages(Documents.load(SEEDS)) if p.text.startswith(start)]
    assert len(passages) == 1, start
    assert passages[0].roles == roles


@pytest.mark.parametrize(
    ("aspect", "role", "quote_part"),
    [
        pytest.param("Linux/Unix and scripting", "developer", "scripting", id="scripting"),
        pytest.param("Working with the front end and design", "engineer", "designers", id="design"),
        pytest.param("Client side and server side", "engineer", "client-side", id="client-side"),
        pytest.param(
            "Reusable libraries and security procedures", "developer", "Securing", id="security"
        ),
    ],
)
def test_rows_the_issue_named_cite_what_the_documents_say(
    aspect: str, role: str, quote_part: str
) -> None:
    """Issue 21's corrections: each row cites the passage it had missed."""
    comparison, problems = load_comparison(default_questions_dir(), Documents.load(SEEDS))
    assert problems == [] and comparison is not None
    (row,) = [row for row in comparison.rows if row.aspect == aspect]
    side = getattr(row, role)
    assert side is not None and quote_part in side.source.quote


def test_client_side_row_says_what_real_jobs_do() -> None:
    """The row on the first document's overreach says how real jobs split the work."""
    comparison, _ = load_comparison(default_questions_dir(), Documents.load(SEEDS))
    assert comparison is not None
    (row,) = [row for row in comparison.rows if row.aspect == "Client side and server side"]
    assert "full-stack" in row.note and "real jobs" in row.note
