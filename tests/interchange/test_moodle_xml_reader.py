"""The Moodle XML reader and writer: multichoice (single and multi), truefalse, categories, feedback."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from quizapp.interchange import moodle_xml
from quizapp.interchange.model import Answer, Item

DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"


def test_documented_file() -> None:
    """CDATA HTML becomes plain text, attached files are ignored, fractions are percentages."""
    items, errors = moodle_xml.read((DATA / "documented.xml").read_text(encoding="utf-8"))
    assert errors == []
    assert [(item.name, item.qtype) for item in items] == [
        ("hash-passwords", "multichoice"),
        ("Secure transport", "multichoice"),
        ("Moodle acronym (False)", "truefalse"),
        ("match-tools", "matching"),
        ("year", "numerical"),
        ("verb", "shortanswer"),
        ("essay", "essay"),
        ("intro", "description"),
        ("cloze-one", "cloze"),
    ]
    single, multi, truefalse = items[:3]
    assert single.text == "How should a backend store passwords?"
    assert single.general_feedback.startswith("A slow salted hash")
    assert single.category == "$course$/top/quizapp/skills/security"
    assert single.tags == ["quizapp-difficulty-3"]
    assert single.answers[1] == Answer(
        "In plain text", 0.0, "Anyone who reads the table reads them."
    )
    assert single.line == 11
    assert not multi.single
    assert [answer.fraction for answer in multi.answers] == [0.5, 0.5, -1.0]
    assert truefalse.truth is False
    assert truefalse.right_feedback == "Your answer is correct."
    assert truefalse.wrong_feedback == "Your answer is incorrect."
    assert "Modular Object-Oriented Dynamic Learning Education" in truefalse.text


def test_not_well_formed_and_not_a_quiz_name_the_line() -> None:
    """Broken XML gives the parser's line; another root element says it is not Moodle XML."""
    _, errors = moodle_xml.read(
        (DATA / "broken" / "not_well_formed.xml").read_text(encoding="utf-8")
    )
    assert [error.line for error in errors] == [5]
    _, errors = moodle_xml.read((DATA / "broken" / "not_a_quiz.xml").read_text(encoding="utf-8"))
    assert "not <quiz>" in str(errors[0])


def test_written_file_is_moodle_xml_and_reads_back() -> None:
    """Category entries, plain-text format, percentage fractions; the reader gets the same items."""
    items = [
        Item(
            "multichoice",
            name="a-b",
            text="Pick <two> & more",
            category="$course$/top/quizapp/tools",
            single=False,
            answers=[Answer("x", 0.5, "yes"), Answer("y", 0.5), Answer("z", -1.0, "no")],
            general_feedback="Because.",
            tags=["quizapp-area-apis"],
        ),
        Item(
            "truefalse", name="c", text="True?", category="$course$/top/quizapp/tools", truth=False
        ),
    ]
    text = moodle_xml.write(items)
    root = ET.fromstring(text)
    assert [question.get("type") for question in root] == ["category", "multichoice", "truefalse"]
    assert [answer.get("fraction") for answer in root[1].findall("answer")] == ["50", "50", "-100"]
    back, errors = moodle_xml.read(text)
    assert errors == []
    for item in back:
        item.line = 0
    assert back == items
