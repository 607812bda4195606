"""The Aiken reader and writer follow Moodle's `qformat_aiken`."""

from __future__ import annotations

from pathlib import Path

from quizapp.interchange import aiken
from quizapp.interchange.model import Answer, Item

DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"


def test_moodles_error_fixture_gives_moodles_errors_by_line() -> None:
    """Moodle's aiken_errors.txt: the errors (and lines) Moodle's own test expects, and the good questions."""
    items, errors = aiken.read((DATA / "moodle_aiken_errors.txt").read_text(encoding="utf-8"))
    assert [(error.line, str(error).split(" (")[0]) for error in errors] == [
        (3, "Question must have at least 2 answers"),
        (5, "Question not started"),
        (7, "Question not started"),
        (18, "Question not completed before next question start"),
    ]
    assert [
        (item.text, [a.text for a in item.answers], [a.fraction for a in item.answers])
        for item in items
    ] == [
        ("A good question", ["Correct", "Incorrect"], [1.0, 0.0]),
        ("A second good question", ["Incorrect (No space)", "Correct (No space)"], [0.0, 1.0]),
    ]


def test_documented_examples_with_both_markers() -> None:
    """`A)` and `A.` markers, with or without a space, and `ANSWER: X` picking the choice."""
    items, errors = aiken.read((DATA / "documented.aiken.txt").read_text(encoding="utf-8"))
    assert errors == []
    assert [
        (item.line, [a.text for a in item.answers], [a.fraction for a in item.answers].index(1.0))
        for item in items
    ] == [
        (1, ["200", "301", "404", "500"], 2),
        (8, ["Structured Query Language", "Simple Queue Logic", "Server Quality Level"], 0),
        (14, ["Git", "Redis", "Nginx"], 0),
    ]


def test_answer_letter_out_of_range_and_unfinished_file_are_errors() -> None:
    """`ANSWER: D` with three choices, and a file ending before `ANSWER:`, name their lines."""
    _, errors = aiken.read("Q one\nA) a\nB) b\nC) c\nANSWER: D\n\nQ two\nA) a\nB) b\n")
    assert [error.line for error in errors] == [5, 7]
    assert "names no choice" in str(errors[0])


def test_write_then_read_keeps_text_choices_and_answer() -> None:
    """What the writer puts out, the reader reads back the same."""
    item = Item(
        "multichoice",
        text="Which one?",
        answers=[Answer("x", 0.0), Answer("y", 1.0), Answer("z", 0.0)],
    )
    text = aiken.write([item, item])
    assert text.splitlines()[:5] == ["Which one?", "A) x", "B) y", "C) z", "ANSWER: B"]
    back, errors = aiken.read(text)
    assert errors == []
    assert [(i.text, i.answers) for i in back] == [(item.text, item.answers)] * 2


def test_writable_refuses_what_aiken_cannot_hold() -> None:
    """Multiple answers, line breaks and choice-like question lines cannot be written."""
    good = Item("multichoice", text="Fine?", answers=[Answer("a", 1.0), Answer("b", 0.0)])
    assert aiken.writable(good) is None
    assert aiken.writable(Item("truefalse", text="Fine?")) == "not single choice"
    assert aiken.writable(Item("multichoice", text="Fine?", single=False)) == "not single choice"
    assert aiken.writable(Item("multichoice", text="Two\nlines", answers=good.answers)) is not None
    assert (
        aiken.writable(Item("multichoice", text="A) looks like a choice", answers=good.answers))
        is not None
    )
