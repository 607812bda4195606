"""The GIFT reader and writer follow Moodle's own `qformat_gift` (question/format/gift/format.php)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.interchange import gift
from quizapp.interchange.model import Answer, Item

DATA = Path(__file__).resolve().parents[1] / "data" / "interchange"


def read_one(text: str) -> Item:
    items, errors = gift.read(text)
    assert not errors, [str(error) for error in errors]
    assert len(items) == 1, items
    return items[0]


def test_moodles_own_fixture_gives_moodles_types_in_order() -> None:
    """Moodle's questions.gift.txt: the types its own test expects, in file order, no errors."""
    items, errors = gift.read((DATA / "moodle_questions.gift.txt").read_text(encoding="utf-8"))
    assert errors == []
    assert [(item.name, item.qtype) for item in items] == [
        ("Q8", "essay"),
        ("Moodle activities", "matching"),
        ("Q2", "multichoice"),
        ("colours", "multichoice"),
        ("Q5", "numerical"),
        ("Shortanswer", "shortanswer"),
        ("Q1", "truefalse"),
        ("2-08 TSL", "truefalse"),
        ("2-08 TSL", "truefalse"),
    ]
    q2, colours, q1 = items[2], items[3], items[6]
    assert q2.single and q2.answers == [
        Answer("yellow", 1.0, "right; good!"),
        Answer("red", 0.0, "wrong, it's yellow"),
        Answer("blue", 0.0, "wrong, it's yellow"),
    ]
    assert not colours.single
    assert [(answer.text, answer.fraction) for answer in colours.answers] == [
        ("yellow", 0.5),
        ("red", -1.0),
        ("off-beige", 0.5),
        ("blue", -1.0),
    ]
    # {FALSE#wrong#right####general}: the first # is feedback for a wrong response.
    assert q1.truth is False
    assert q1.wrong_feedback == "42 is the Ultimate Answer."
    assert q1.right_feedback == "You gave the right answer."
    assert q1.general_feedback.startswith("This is, of course, a Hitchiker's Guide")
    assert [item.line for item in items] == [2, 5, 14, 22, 31, 34, 41, 46, 49]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Plain {=a ~b ~c}", "Plain"),
        ("::t::[markdown]Is **this** kept?{=a ~b ~c}", "Is **this** kept?"),
        ("[html]<p>Tags &amp; entities <b>go</b></p>{=a ~b ~c}", "Tags & entities go"),
        ("[plain]<b> stays in plain text{=a ~b ~c}", "<b> stays in plain text"),
        ("[unknown]stays as text{=a ~b ~c}", "[unknown]stays as text"),
        (
            "Escapes \\: \\~ \\= \\# \\{ \\} and \\\\ read back{=a ~b ~c}",
            "Escapes : ~ = # { } and \\ read back",
        ),
        ("Line\\nbreak{=a ~b ~c}", "Line\nbreak"),
        ("Half // a comment is text{=a ~b ~c}", "Half // a comment is text"),
        ("Moodle is a {=LMS ~editor} in PHP.", "Moodle is a _____ in PHP."),
        ("Two\nlines{=a ~b ~c}", "Two\nlines"),
    ],
)
def test_question_text_formats_escapes_and_missing_word(text: str, expected: str) -> None:
    """Formats, escapes, `//` inside a line and the missing-word blank, as Moodle reads them."""
    assert read_one(text).text == expected


@pytest.mark.parametrize(
    ("answers", "fractions"),
    [
        ("=a ~b ~c", [1.0, 0.0, 0.0]),
        ("~%50%a ~%50%b ~%-100%c", [0.5, 0.5, -1.0]),
        (
            "~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-100%d",
            [0.3333333, 0.3333333, 0.3333333, -1.0],
        ),
        ("~%100%a ~b ~c", [1.0, 0.0, 0.0]),
    ],
)
def test_weights(answers: str, fractions: list[float]) -> None:
    """`~%50%` weights, negative ones and `%100%` (Moodle's regex takes up to two digits, then more)."""
    item = read_one(f"Q?{{{answers}}}")
    assert [answer.fraction for answer in item.answers] == pytest.approx(fractions)
    assert item.single == ("=" in answers)


@pytest.mark.parametrize(
    ("block", "truth", "wrong", "right", "general"),
    [
        ("{T}", True, "", "", ""),
        ("{TRUE}", True, "", "", ""),
        ("{F}", False, "", "", ""),
        ("{FALSE#no#yes####all}", False, "no", "yes", "all"),
    ],
)
def test_true_false(block: str, truth: bool, wrong: str, right: str, general: str) -> None:
    """`{T}`, `{TRUE}`, `{F}`, `{FALSE}` with wrong/right feedback and `####` general feedback."""
    item = read_one("The statement." + block)
    assert item.qtype == "truefalse"
    assert (item.truth, item.wrong_feedback, item.right_feedback, item.general_feedback) == (
        truth,
        wrong,
        right,
        general,
    )


def test_blank_lines_separate_questions_comments_do_not_and_categories_carry_over() -> None:
    """Blank lines end a question; comment lines do not; `$CATEGORY:` applies to what follows."""
    text = (
        "// head comment\n$CATEGORY: $course$/top/A\n\n"
        "::one::First?{\n// a comment inside\n=a\n~b\n~c\n}\n\n\n"
        "// [tag:quizapp-area-apis]\n::two::Second?{=a ~b ~c}\n"
    )
    items, errors = gift.read(text)
    assert errors == []
    assert [(item.name, item.category, item.line) for item in items] == [
        ("one", "$course$/top/A", 4),
        ("two", "$course$/top/A", 13),
    ]
    assert [answer.text for answer in items[0].answers] == ["a", "b", "c"]
    assert items[1].tags == ["quizapp-area-apis"]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("::ok::Fine?{=a ~b ~c}\n\n::bad::Where is it?{=a ~b\n", 3, "'{' or '}' is missing"),
        ("First line\n::bad::no opening } here {", 1, "comes before"),
        ("One answer only?{~alone}", 1, "at least 2 answers"),
    ],
)
def test_errors_name_the_line(text: str, line: int, words: str) -> None:
    """Questions Moodle refuses are errors naming the line the question starts on."""
    _, errors = gift.read(text)
    assert len(errors) == 1
    assert errors[0].line == line
    assert words in str(errors[0])


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "colon: hash# equals= tilde~ {braces}",
        "back\\slash \\n not a break",
        "two\nlines",
        "ends with \\",
    ],
)
def test_escape_writes_what_the_reader_reads_back(text: str) -> None:
    """Every control character and line break survives `escape` then Moodle's reading."""
    written = gift.write(
        [Item("multichoice", name="q", text=text, answers=[Answer(text, 1.0), Answer("b", 0.0)])]
    )
    item = read_one(written)
    assert item.text == text.strip()
    assert item.answers[0].text == text.strip()
