"""The question models: which question tables are valid, which are refused and why, and fingerprints."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from quizapp.core.bank import KINDS
from quizapp.core.loader import QUESTION_ADAPTER

ADAPTER = QUESTION_ADAPTER

COMMON: dict[str, Any] = {
    "topic": "duties",
    "area": "security",
    "prompt": "Who establishes ongoing security procedures?",
    "explanation": "The first document gives this duty to backend engineers.",
    "source": {
        "doc": "000_a664594794a44be6.txt",
        "quote": "They establish ongoing security procedures and develop reusable software libraries.",
    },
}

VALID: dict[str, dict[str, Any]] = {
    "single": {
        **COMMON,
        "id": "single-question",
        "kind": "single",
        "choices": ["Backend engineers", "Interface designers", "Stakeholders"],
        "answer": 0,
        "why_wrong": {"1": "Designers use what the backend builds."},
    },
    "multi": {
        **COMMON,
        "id": "multi-question",
        "kind": "multi",
        "choices": ["Security procedures", "Reusable libraries", "Marketing plans"],
        "answers": [0, 1],
    },
    "true_false": {
        **COMMON,
        "id": "true-false-question",
        "kind": "true_false",
        "answer": True,
    },
    "role": {
        **COMMON,
        "id": "role-question",
        "kind": "role",
        "answer": "engineer",
    },
    "fit": {
        **COMMON,
        "id": "fit-question",
        "kind": "fit",
        "form": "scale",
        "mirror": "fit-mirror",
        "label": "Security procedures",
        "options": [
            {"text": "A lot", "engineer": 2},
            {"text": "Somewhat", "engineer": 1},
            {"text": "Not much"},
        ],
    },
    "readiness": {
        **COMMON,
        "id": "readiness-question",
        "kind": "readiness",
        "options": [
            {"text": "I can do it on my own", "level": 2},
            {"text": "New to me", "level": 0},
        ],
    },
}
"""One valid question table per kind, as tomllib would parse it."""


def make(base: str, **changes: Any) -> dict[str, Any]:
    """A copy of the valid `base` question with `changes` applied (a value of None removes the key)."""
    data = {**VALID[base], **changes}
    return {key: value for key, value in data.items() if value is not None}


def failures(error: ValidationError) -> set[tuple[str, str]]:
    """(field, error type) pairs of a validation error, with the kind tag left out of the field path.

    Errors raised by a model validator name their field at the start of the message ("answer: ..."),
    so that prefix is taken as the field.
    """
    found: set[tuple[str, str]] = set()
    for item in error.errors(include_url=False):
        loc = [str(part) for part in item["loc"]]
        if loc and loc[0] in KINDS:
            loc = loc[1:]
        field = ".".join(loc)
        if item["type"] in {"union_tag_invalid", "union_tag_not_found"}:
            field = "kind"
        elif item["type"] == "value_error" and not field:
            field = str(item["msg"]).removeprefix("Value error, ").split(": ", 1)[0]
        found.add((field, item["type"]))
    return found


VALID_CASES = [
    pytest.param(VALID["single"], "single", id="single"),
    pytest.param(
        make("single", answer=2, choices=["a1", "b2", "c3", "d4", "e5"]),
        "single",
        id="single-5-choices",
    ),
    pytest.param(
        make("single", answer=1, choices=["Yes", "No"], why_wrong=None),
        "single",
        id="single-2-choices",
    ),
    pytest.param(make("single", why_wrong=None), "single", id="single-no-why-wrong"),
    pytest.param(
        make("single", about="both", difficulty=3), "single", id="single-about-difficulty-3"
    ),
    pytest.param(VALID["multi"], "multi", id="multi"),
    pytest.param(
        make("multi", choices=[f"choice {n}" for n in range(9)], answers=[8]),
        "multi",
        id="multi-9-choices",
    ),
    pytest.param(VALID["true_false"], "true_false", id="true-false"),
    pytest.param(
        make("true_false", answer=False, about="developer"), "true_false", id="true-false-false"
    ),
    pytest.param(VALID["role"], "role", id="role-engineer"),
    pytest.param(make("role", answer="both"), "role", id="role-both"),
    pytest.param(VALID["fit"], "fit", id="fit-scale"),
    pytest.param(VALID["readiness"], "readiness", id="readiness"),
    pytest.param(
        make("fit", options=[{"text": f"rating {n}"} for n in range(5)]),
        "fit",
        id="fit-5-options",
    ),
    pytest.param(make("role", id="a1-b2-c3"), "role", id="id-with-digits"),
]


@pytest.mark.parametrize(("data", "kind"), VALID_CASES)
def test_valid_question_is_accepted(data: dict[str, Any], kind: str) -> None:
    """A valid table of each kind validates into the model for that kind, keeping its values."""
    question = ADAPTER.validate_python(data)
    assert question.kind == kind
    assert question.id == data["id"]
    assert question.source.quote == data["source"]["quote"]
    assert getattr(question, "difficulty", None) == (
        data.get("difficulty", 1) if kind not in ("fit", "readiness") else None
    )


INVALID_CASES = [
    # single
    pytest.param(
        make("single", answer=3), ("answer", "value_error"), id="single-answer-past-last-choice"
    ),
    pytest.param(
        make("single", answer=-1), ("answer", "greater_than_equal"), id="single-answer-negative"
    ),
    pytest.param(make("single", answer=True), ("answer", "int_type"), id="single-answer-bool"),
    pytest.param(make("single", answer="0"), ("answer", "int_type"), id="single-answer-string"),
    pytest.param(
        make("single", choices=["Same", "Other", " same "]),
        ("choices", "value_error"),
        id="single-duplicate-choices-folded",
    ),
    pytest.param(
        make("single", choices=["One", "  ", "Two"]),
        ("choices", "value_error"),
        id="single-empty-choice",
    ),
    pytest.param(
        make("single", choices=["One"]),
        ("choices", "too_short"),
        id="single-one-choice",  # two are allowed (Moodle's Aiken files hold such questions)
    ),
    pytest.param(
        make("single", choices=[f"c{n}" for n in range(6)]),
        ("choices", "too_long"),
        id="single-too-many-choices",
    ),
    pytest.param(
        make("single", why_wrong={"0": "This is the right one."}),
        ("why_wrong", "value_error"),
        id="single-why-wrong-right-answer",
    ),
    pytest.param(
        make("single", why_wrong={"3": "No such choice."}),
        ("why_wrong", "value_error"),
        id="single-why-wrong-index-too-big",
    ),
    pytest.param(
        make("single", why_wrong={"x": "Not an index."}),
        ("why_wrong", "value_error"),
        id="single-why-wrong-not-a-number",
    ),
    pytest.param(
        make("single", why_wrong={"-1": "Negative."}),
        ("why_wrong", "value_error"),
        id="single-why-wrong-negative",
    ),
    pytest.param(
        make("single", about="manager"), ("about", "literal_error"), id="single-unknown-about"
    ),
    # multi
    pytest.param(
        make("multi", answers=[0, 0]), ("answers", "value_error"), id="multi-duplicate-answers"
    ),
    pytest.param(
        make("multi", answers=[0, 3]), ("answers", "value_error"), id="multi-answer-out-of-range"
    ),
    pytest.param(
        make("multi", answers=[-1]), ("answers", "value_error"), id="multi-answer-negative"
    ),
    pytest.param(make("multi", answers=[]), ("answers", "too_short"), id="multi-no-answers"),
    pytest.param(make("multi", answers=None), ("answers", "missing"), id="multi-answers-missing"),
    pytest.param(
        make("multi", choices=["One", "Two"]), ("choices", "too_short"), id="multi-too-few-choices"
    ),
    pytest.param(
        make("multi", choices=[f"c{n}" for n in range(10)]),
        ("choices", "too_long"),
        id="multi-too-many-choices",
    ),
    pytest.param(
        make("multi", choices=["A", "B", "a"]),
        ("choices", "value_error"),
        id="multi-duplicate-choices",
    ),
    pytest.param(
        make("multi", why_wrong={"9": "No such choice."}),
        ("why_wrong", "value_error"),
        id="multi-why-wrong-bad-index",
    ),
    # true_false
    pytest.param(
        make("true_false", answer="true"), ("answer", "bool_type"), id="true-false-answer-string"
    ),
    pytest.param(make("true_false", answer=1), ("answer", "bool_type"), id="true-false-answer-int"),
    pytest.param(
        make("true_false", choices=["a", "b", "c"]),
        ("choices", "unexpected_keyword_argument"),
        id="true-false-with-choices",
    ),
    # role
    pytest.param(
        make("role", answer="manager"), ("answer", "literal_error"), id="role-unknown-answer"
    ),
    pytest.param(make("role", answer=1), ("answer", "literal_error"), id="role-answer-index"),
    pytest.param(
        make("role", about="engineer"),
        ("about", "unexpected_keyword_argument"),
        id="role-with-about",
    ),
    # fit and readiness
    pytest.param(
        make("fit", options=[{"text": "Only one"}, {"text": "Two"}]),
        ("options", "too_short"),
        id="fit-two-options",
    ),
    pytest.param(
        make("fit", options=[{"text": f"r{n}"} for n in range(6)]),
        ("options", "too_long"),
        id="fit-six-options",
    ),
    pytest.param(
        make("fit", options=[{"text": "Same"}, {"text": "same "}, {"text": "C"}]),
        ("options", "value_error"),
        id="fit-duplicate-options",
    ),
    pytest.param(
        make("fit", options=[{"text": "A", "engineer": 4}, {"text": "B"}, {"text": "C"}]),
        ("options.0.engineer", "less_than_equal"),
        id="fit-weight-too-big",
    ),
    pytest.param(
        make("fit", options=[{"text": "A", "interest": 1}, {"text": "B"}, {"text": "C"}]),
        ("options.0.interest", "unexpected_keyword_argument"),
        id="fit-retired-interest-key",
    ),
    pytest.param(make("fit", form="slider"), ("form", "literal_error"), id="fit-unknown-form"),
    pytest.param(make("fit", label=None), ("label", "missing"), id="fit-without-label"),
    pytest.param(
        make("fit", answer=0), ("answer", "unexpected_keyword_argument"), id="fit-with-answer"
    ),
    pytest.param(
        make("fit", difficulty=2),
        ("difficulty", "unexpected_keyword_argument"),
        id="fit-has-no-difficulty",
    ),
    pytest.param(
        make("readiness", difficulty=1),
        ("difficulty", "unexpected_keyword_argument"),
        id="readiness-has-no-difficulty",
    ),
    pytest.param(
        make("readiness", options=[{"text": "A", "level": 4}, {"text": "B", "level": 0}]),
        ("options.0.level", "less_than_equal"),
        id="readiness-level-too-big",
    ),
    pytest.param(
        make("readiness", options=[{"text": "A", "level": 1}, {"text": "B", "level": 1}]),
        ("options", "value_error"),
        id="readiness-same-level-twice",
    ),
    pytest.param(
        make(
            "readiness",
            options=[{"text": "A", "level": 1, "engineer": 1}, {"text": "B", "level": 0}],
        ),
        ("options.0.engineer", "unexpected_keyword_argument"),
        id="readiness-gives-no-role-points",
    ),
    pytest.param(
        make("readiness", kind="self_rating"),
        ("kind", "union_tag_invalid"),
        id="self-rating-retired",
    ),
    # every kind
    pytest.param(
        make("role", id="Role_Question"), ("id", "string_pattern_mismatch"), id="id-not-kebab-case"
    ),
    pytest.param(
        make("role", id="role--question"), ("id", "string_pattern_mismatch"), id="id-double-hyphen"
    ),
    pytest.param(
        make("role", id="-role"), ("id", "string_pattern_mismatch"), id="id-leading-hyphen"
    ),
    pytest.param(
        make("role", id="role question"), ("id", "string_pattern_mismatch"), id="id-with-space"
    ),
    pytest.param(make("role", id="a" * 81), ("id", "string_too_long"), id="id-too-long"),
    pytest.param(
        make("role", hint="extra"), ("hint", "unexpected_keyword_argument"), id="extra-key"
    ),
    pytest.param(
        make("role", source={**COMMON["source"], "page": 1}),
        ("source.page", "unexpected_keyword_argument"),
        id="extra-key-in-source",
    ),
    pytest.param(
        make("role", explanation=None), ("explanation", "missing"), id="missing-explanation"
    ),
    # Only a draft may leave `source` out, so the dataclass (not pydantic) reports it missing.
    pytest.param(make("role", source=None), ("source", "value_error"), id="missing-source"),
    pytest.param(make("single", answer=None), ("answer", "missing"), id="missing-answer"),
    pytest.param(
        make("role", source={"doc": "000_a664594794a44be6.txt"}),
        ("source.quote", "missing"),
        id="missing-quote",
    ),
    pytest.param(
        make("role", source={**COMMON["source"], "quote": "too short"}),
        ("source.quote", "string_too_short"),
        id="quote-too-short",
    ),
    pytest.param(make("role", kind="essay"), ("kind", "union_tag_invalid"), id="unknown-kind"),
    pytest.param(make("role", kind=None), ("kind", "union_tag_not_found"), id="missing-kind"),
    pytest.param(make("role", topic="history"), ("topic", "literal_error"), id="unknown-topic"),
    pytest.param(
        make("role", difficulty=0), ("difficulty", "greater_than_equal"), id="difficulty-0"
    ),
    pytest.param(make("role", difficulty=4), ("difficulty", "less_than_equal"), id="difficulty-4"),
    pytest.param(make("role", difficulty=2.0), ("difficulty", "int_type"), id="difficulty-float"),
    pytest.param(
        make("role", prompt="Short"), ("prompt", "string_too_short"), id="prompt-too-short"
    ),
]


@pytest.mark.parametrize(("data", "expected"), INVALID_CASES)
def test_invalid_question_is_refused(data: dict[str, Any], expected: tuple[str, str]) -> None:
    """An invalid table is refused, and the error names the field that is wrong and why."""
    with pytest.raises(ValidationError) as caught:
        ADAPTER.validate_python(data)
    assert expected in failures(caught.value), caught.value.errors(include_url=False)


def test_why_wrong_key_with_leading_zero_for_the_right_answer_is_refused() -> None:
    """A why_wrong note on the right answer is refused even when its key is written `01`."""
    with pytest.raises(ValidationError):
        ADAPTER.validate_python(
            make("single", answer=1, why_wrong={"01": "Explains the right one."})
        )


def test_every_kind_has_a_valid_example() -> None:
    """The valid table above covers every kind the bank knows."""
    assert sorted(VALID) == sorted(KINDS)


FINGERPRINT_EDITS = [
    pytest.param(
        "single", {"prompt": "Who sets up ongoing security procedures?"}, id="single-prompt"
    ),
    pytest.param(
        "single",
        {"choices": ["Backend engineers", "UI designers", "Stakeholders"]},
        id="single-choice-text",
    ),
    pytest.param(
        "single",
        {"explanation": "The first document says engineers do it."},
        id="single-explanation",
    ),
    pytest.param("single", {"why_wrong": {"1": "A different note."}}, id="single-why-wrong"),
    pytest.param("single", {"answer": 2}, id="single-answer"),
    pytest.param("multi", {"answers": [0]}, id="multi-answers"),
    pytest.param("true_false", {"answer": False}, id="true-false-answer"),
    pytest.param("role", {"answer": "both"}, id="role-answer"),
    pytest.param(
        "role",
        {"source": {**COMMON["source"], "quote": "They establish ongoing security procedures"}},
        id="role-quote",
    ),
    pytest.param(
        "fit",
        {"options": [{"text": "Very much", "engineer": 2}, {"text": "B"}, {"text": "Not much"}]},
        id="fit-option-text",
    ),
    pytest.param(
        "readiness",
        {"options": [{"text": "Ready", "level": 3}, {"text": "New to me", "level": 0}]},
        id="readiness-option-level",
    ),
]


@pytest.mark.parametrize(("kind", "edit"), FINGERPRINT_EDITS)
def test_fingerprint_changes_when_the_wording_changes(kind: str, edit: dict[str, Any]) -> None:
    """Editing what the person reads or how it is graded gives the question a new fingerprint."""
    before = ADAPTER.validate_python(VALID[kind])
    after = ADAPTER.validate_python(make(kind, **edit))
    assert after.id == before.id
    assert after.fingerprint != before.fingerprint


FINGERPRINT_SAME = [
    pytest.param("single", lambda data: dict(data), id="same-table-again"),
    pytest.param(
        "single", lambda data: dict(reversed(list(data.items()))), id="keys-in-another-order"
    ),
    pytest.param(
        "role", lambda data: {**data, "difficulty": 1}, id="default-difficulty-written-out"
    ),
    pytest.param("multi", lambda data: {**data, "why_wrong": {}}, id="empty-why-wrong-written-out"),
    pytest.param(
        "fit",
        lambda data: {
            **data,
            "options": [{**option, "developer": 0} for option in data["options"]],
        },
        id="default-weights-written-out",
    ),
]


@pytest.mark.parametrize(("kind", "rewrite"), FINGERPRINT_SAME)
def test_fingerprint_stays_the_same_when_the_content_does(kind: str, rewrite: Any) -> None:
    """The same question written another way (key order, defaults spelled out) keeps its fingerprint."""
    original = ADAPTER.validate_python(VALID[kind])
    again = ADAPTER.validate_python(rewrite(VALID[kind]))
    assert again.fingerprint == original.fingerprint


def test_fingerprint_is_a_short_hex_digest() -> None:
    """A fingerprint is 12 lowercase hex digits, short enough to store with every answer."""
    fingerprint = ADAPTER.validate_python(VALID["single"]).fingerprint
    assert len(fingerprint) == 12
    assert int(fingerprint, 16) >= 0
    assert fingerprint == fingerprint.lower()


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        pytest.param(make("role"), make("role"), True, id="same-content"),
        pytest.param(
            make("role"),
            make("role", prompt="Another prompt, reworded."),
            False,
            id="one-field-differs",
        ),
        pytest.param(
            make("role"),
            make("role", source={"doc": "x.txt", "quote": "q" * 12}),
            False,
            id="nested-source-differs",
        ),
        pytest.param(make("fit"), make("fit"), True, id="nested-options-equal"),
        pytest.param(make("single"), make("multi"), False, id="different-kinds"),
    ],
)
def test_questions_compare_by_value(
    left: dict[str, Any], right: dict[str, Any], equal: bool
) -> None:
    """Two questions (and their sources and options) are equal exactly when every field is."""
    assert (ADAPTER.validate_python(left) == ADAPTER.validate_python(right)) is equal


def test_records_hash_like_their_values() -> None:
    """A source hashes by value; a question holding lists is unhashable, as a frozen dataclass is."""
    first = ADAPTER.validate_python(make("role"))
    second = ADAPTER.validate_python(make("role"))
    assert hash(first.source) == hash(second.source)
    assert len({first.source, second.source}) == 1
    with pytest.raises(TypeError):
        hash(ADAPTER.validate_python(make("single")))
