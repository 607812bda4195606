"""Export, import, compare, over every class of string a bank may hold: GIFT and Moodle XML give each question back.

The strings are built from fragments of every class that has ever round-tripped wrong or could:
GIFT's control characters and escapes, weights (`%50%`), format markers (`[html]`), comment and
category starts, HTML and XML markup and entities, the characters Moodle's reader once stood in for
escapes with (private use), line breaks and tabs, typographic quotes, the paragraphs the export
itself writes (`Source:`, `Beyond the documents:`), letters of many scripts, combining marks and
emoji. Every string the bank's rules accept must come back exactly (ends trimmed: Moodle trims
every text, and so does `quizapp check`'s reader of choices).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quizapp.core.bank import (
    MultiQuestion,
    RoleQuestion,
    RoleSources,
    SingleQuestion,
    Source,
    TrueFalseQuestion,
)
from quizapp.core.loader import QUESTION_ADAPTER
from quizapp.core.reading import UnreadableFile, check_data
from quizapp.interchange import gift, moodle_xml
from quizapp.interchange.model import (
    BEYOND_LEAD,
    ROLE_SOURCE_LEADS,
    SOURCE_LEAD,
    item_from_question,
    table_from_item,
)

STRUCTURE = [
    "~", "=", "#", "{", "}", ":", "\\", "\\n", "\\\\", "%", "%50%", "%-100%", "%0%", "->",
    "####", "//", "::", "$CATEGORY:", "[html]", "[plain]", "[markdown]", "[moodle]", "[tag:x]",
    "[id:y]", "T", "FALSE",
]  # fmt: skip
"""GIFT's control characters, escapes, weights, markers and starts of special lines."""
MARKUP = [
    "<b>",
    "</p>",
    "<br>",
    "&amp;",
    "&lt;",
    "&#233;",
    "<!--",
    "-->",
    "]]>",
    "<![CDATA[",
    '"',
    "'",
]
"""HTML and XML markup and entities, written as plain text."""
UNUSUAL = [
    "\ue000", "\ue001", "\ue007", "\U000f0000", "\n", "\t", "\u00a0", "\u00ad", "\u200b",
    "\u201c", "\u201d", "\ufeff",
]  # fmt: skip
"""Private use (the old escape stand-ins), line breaks, tabs, invisible and quoting characters."""
LETTERS = ["Zoë", "Straße", "ſam", "Σίσυφος", "李雷", "राम", "مرحبا", "👩\u200d💻", "e\u0301", "42"]
"""Letters of many scripts, combining marks, an emoji sequence, digits."""
WORDS = ["backend", "API", "the", "Source", "a.txt", "engineer", " ", "  "]
"""Plain words and spaces, so that most strings are mostly text."""
PARAGRAPHS = [
    SOURCE_LEAD + "x.txt: \u201c",
    BEYOND_LEAD,
    *ROLE_SOURCE_LEADS.values(),
]
"""The paragraphs the export writes into the feedback: an explanation may hold them too."""

FRAGMENTS = STRUCTURE + MARKUP + UNUSUAL + LETTERS + WORDS


ANY_CHARACTER = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=3
)
"""A few characters of any kind a text may hold (and, rarely, a direction control: filtered out)."""


def texts(min_size: int, fragments: list[str] = FRAGMENTS) -> st.SearchStrategy[str]:
    """Strings of fragments, ends trimmed, at least `min_size` characters (padded with a word)."""
    return (
        st.lists(st.sampled_from(fragments) | ANY_CHARACTER, min_size=1, max_size=12)
        .map(lambda parts: "".join(parts).strip())
        .map(lambda text: text if len(text) >= min_size else f"{text} padded to length".strip())
        .filter(_holdable)
    )


def _holdable(text: str) -> bool:
    """Whether a bank file may hold `text` (no control, direction or non-character)."""
    try:
        check_data(text)
    except UnreadableFile:
        return False
    return True


def quotes() -> st.SearchStrategy[str]:
    """Passages of a document: anything but a paragraph starting like one the export writes."""
    return texts(12, FRAGMENTS).filter(
        lambda text: not any(lead in text for lead in (*PARAGRAPHS, BEYOND_LEAD))
    )


def beyonds() -> st.SearchStrategy[str]:
    """A `beyond`: one paragraph, so never the start of one the export writes."""
    return quotes()


@st.composite
def questions(draw: st.DrawFn) -> Any:
    """A graded question of any kind, every text from `texts`."""
    kind = draw(st.sampled_from(["single", "multi", "true_false", "role"]))
    common: dict[str, Any] = {
        "id": "q-1",
        "topic": draw(st.sampled_from(["duties", "skills", "tools"])),
        "area": "apis",
        "difficulty": draw(st.integers(1, 3)),
        "prompt": draw(texts(8)),
        "explanation": draw(texts(8, FRAGMENTS + PARAGRAPHS)),
        "source": Source(doc="000_a664594794a44be6.txt", quote=draw(quotes())),
        "beyond": draw(st.none() | beyonds()),
    }
    if kind in ("single", "multi"):
        count = draw(st.integers(2 if kind == "single" else 3, 5))
        choices = draw(st.lists(texts(1), min_size=count, max_size=count))
        assume(len({choice.casefold() for choice in choices}) == count)
        if kind == "single":
            answer = draw(st.integers(0, count - 1))
            wrong = [index for index in range(count) if index != answer]
            notes = draw(st.dictionaries(st.sampled_from(wrong), texts(1), max_size=len(wrong)))
            question = SingleQuestion(
                kind="single",
                choices=choices,
                answer=answer,
                why_wrong={str(index): note for index, note in sorted(notes.items())},
                **common,
            )
            assume(not _says_true_false(choices))  # two such choices come back as true/false
            return question
        answers = draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=count, unique=True))
        return MultiQuestion(kind="multi", choices=choices, answers=sorted(answers), **common)
    if kind == "true_false":
        return TrueFalseQuestion(kind="true_false", answer=draw(st.booleans()), **common)
    answer = draw(st.sampled_from(["engineer", "developer", "both"]))
    role_sources = None
    if answer == "both" and draw(st.booleans()):
        role_sources = RoleSources(
            engineer=Source(doc="a.txt", quote=draw(quotes())),
            developer=Source(doc="b.txt", quote=draw(quotes())),
        )
    return RoleQuestion(kind="role", answer=answer, role_sources=role_sources, **common)


def _says_true_false(choices: list[str]) -> bool:
    return sorted(choice.strip().casefold() for choice in choices) == ["false", "true"]


def round_trip(question: Any, file_format: str) -> Any:
    """The question exported in `file_format`, read back and mapped to a bank question."""
    item = item_from_question(question)
    assert item is not None
    if file_format == "gift":
        items, errors = gift.read(gift.write([item]))
    else:
        text = moodle_xml.write([item])
        ET.fromstring(text)  # well-formed, whatever the texts
        items, errors = moodle_xml.read(text)
    assert errors == []
    (back,) = items
    table, _ = table_from_item(back, question.id)
    assert table is not None
    return QUESTION_ADAPTER.validate_python(table)


@pytest.mark.parametrize("file_format", ["gift", "moodle-xml"])
@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(question=questions())
def test_every_string_class_comes_back(question: Any, file_format: str) -> None:
    """Export then import gives the question back, equal in every field."""
    assert asdict(round_trip(question, file_format)) == asdict(question)


@pytest.mark.parametrize("file_format", ["gift", "moodle-xml"])
@pytest.mark.parametrize(
    "choice",
    [
        pytest.param("%50% of the requests", id="weight-at-start"),
        pytest.param("%-100% off", id="negative-weight-at-start"),
        pytest.param("[html] tags are kept", id="format-marker-at-start"),
        pytest.param("[plain] as written", id="plain-marker-at-start"),
        pytest.param("\ue001 stands in for a colon", id="old-stand-in"),
        pytest.param("a \\n that is not a line break", id="backslash-n"),
    ],
)
def test_texts_that_came_back_wrong(choice: str, file_format: str) -> None:
    """The cases found wrong before: each as a wrong choice, a right one and a why-wrong note."""
    common = {
        "id": "q-1",
        "topic": "skills",
        "area": "apis",
        "prompt": "Which choice is right here?",
        "explanation": choice + " is explained.",
        "source": Source(doc="a.txt", quote="a passage long enough"),
    }
    for answer in (0, 1):
        question = SingleQuestion(
            kind="single",
            choices=["Another choice", choice, "A third one"],
            answer=answer,
            why_wrong={"2": choice},
            **common,
        )
        assert asdict(round_trip(question, file_format)) == asdict(question)
