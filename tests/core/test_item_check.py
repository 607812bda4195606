"""The item-writing check: one broken fixture per finding, the bank-level limits and their sizes."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from quizapp.core.bank import SingleQuestion, Source
from quizapp.core.item_check import (
    RUBRIC,
    RULES,
    bank_items,
    check_items,
    content_words,
    key_longest_value,
    limits_not_applied,
    question_findings,
    question_lines,
    question_sentence,
)
from quizapp.core.loader import load_bank

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data" / "items"
SEEDS = TESTS.parent / "seeds"


def findings_of(folder: str) -> list:
    """Every item-writing finding on a fixture bank, which must load without problems."""
    questions = DATA / folder
    bank, _, problems = load_bank(questions, SEEDS)
    assert [str(problem) for problem in problems] == []
    return bank_items(questions, bank.questions, bank.files)


def header_line(path: Path, question_id: str) -> int:
    """The line of a question's `[[questions]]` header, found the slow, obvious way."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line == f'id = "{question_id}"')
    return next(i for i in range(at, -1, -1) if lines[i] == "[[questions]]") + 1


# (fixture folder, the rule it breaks, the question it names)
PER_QUESTION = [
    pytest.param("longest_key", "longest-key", "flaw-longest-key", id="longest-key"),
    pytest.param("uneven_length", "uneven-length", "flaw-uneven-length", id="uneven-length"),
    pytest.param("detailed_key", "detailed-key", "flaw-detailed-key", id="detailed-key"),
    pytest.param(
        "absolute_distractor",
        "absolute-distractor",
        "flaw-absolute-distractor",
        id="absolute-distractor",
    ),
    pytest.param("hedged_key", "hedged-key", "flaw-hedged-key", id="hedged-key"),
    pytest.param("absolute_false", "absolute-false", "flaw-absolute-false", id="absolute-false"),
    pytest.param("hedged_true", "hedged-true", "flaw-hedged-true", id="hedged-true"),
    pytest.param("all_none_above", "all-none-above", "flaw-none-of-the-above", id="none-above"),
    pytest.param("negative_stem", "negative-stem", "flaw-negative-stem", id="negative-stem"),
    pytest.param("stem_clue", "stem-clue", "flaw-stem-clue", id="stem-clue"),
    pytest.param("convergence", "convergence", "flaw-convergence", id="convergence"),
    pytest.param("grammar_clue", "grammar-clue", "flaw-grammar-clue", id="grammar-clue"),
    pytest.param(
        "role_both_unsourced",
        "role-both-unsourced",
        "flaw-role-both-unsourced",
        id="role-both-unsourced",
    ),
]


@pytest.mark.parametrize(("folder", "rule", "question_id"), PER_QUESTION)
def test_each_fixture_breaks_exactly_its_rule_and_names_the_question(
    folder: str, rule: str, question_id: str
) -> None:
    """One flaw per fixture: a warning of that rule only, with the file, the id and the line."""
    found = findings_of(folder)
    assert [finding.rule for finding in found] == [rule]
    finding = found[0]
    assert finding.level == "warning"
    assert finding.where == f"id {question_id}"
    path = DATA / folder / "bank.toml"
    assert finding.file == str(path)
    assert finding.line == header_line(path, question_id)
    assert str(finding).startswith(f"{path}:{finding.line} [id {question_id}]: {rule}: ")


def test_clean_bank_has_no_finding() -> None:
    """A bank written to the rubric gets no warning and no error."""
    assert findings_of("clean") == []


def test_every_rule_has_a_fixture_and_a_guideline() -> None:
    """Each rule is exercised by a fixture here, and names its guideline and a fix."""
    covered = {param.values[1] for param in PER_QUESTION}
    covered |= {
        "near-duplicate",
        "key-longest-share",
        "key-detail-share",
        "role-key-share",
        "true-share",
    }
    assert covered == set(RULES)
    for rule in RULES.values():
        assert rule.guideline and len(rule.fix) > 20, rule.id
    assert "Haladyna, Downing & Rodriguez (2002)" in RUBRIC


def test_near_duplicate_across_files_until_declared_one_fact() -> None:
    """The same point in other words, in two files, is found; sharing a `fact` settles it."""
    found = [f for f in findings_of("near_duplicate") if f.rule == "near-duplicate"]
    assert len(found) == 1
    assert found[0].where == "id dup-review-query-loop"
    assert found[0].file.endswith("b_tools.toml")
    assert "'dup-optimise-database' (a_duties.toml)" in found[0].message
    assert "loop" in found[0].message and "query" in found[0].message
    declared = findings_of("near_duplicate_declared")
    assert [f for f in declared if f.rule == "near-duplicate"] == []


# (fixture folder, the bank-level rule it breaks, words its message must hold)
BANK_LEVEL = [
    pytest.param(
        "key_longest_share", "key-longest-share", ["60%", "limit is 35%"], id="key-longest"
    ),
    pytest.param("key_detail_share", "key-detail-share", ["60%", "limit is 35%"], id="key-detail"),
    pytest.param("role_key_share", "role-key-share", ['"both" keys 6 of the 10'], id="role-share"),
    pytest.param("true_share", "true-share", ["8 of the 10"], id="true-share"),
]


@pytest.mark.parametrize(("folder", "rule", "words"), BANK_LEVEL)
def test_bank_level_limits_are_errors(folder: str, rule: str, words: list[str]) -> None:
    """A bank over a limit gets one error of that rule, naming the file and the figures."""
    errors = [finding for finding in findings_of(folder) if finding.level == "error"]
    assert [finding.rule for finding in errors] == [rule]
    assert errors[0].file == str(DATA / folder / "bank.toml")
    for word in words:
        assert word in errors[0].message


def test_key_longest_share_names_the_questions_to_fix() -> None:
    """The error lists the questions whose key is the longest, though none is flagged alone."""
    found = findings_of("key_longest_share")
    assert not [finding for finding in found if finding.rule == "longest-key"]
    (error,) = [finding for finding in found if finding.rule == "key-longest-share"]
    for question_id in ("share-cache", "share-index", "share-queue", "share-token"):
        assert question_id in error.message
    assert "share-socket" not in error.message


def test_small_bank_is_below_the_limits_and_says_so() -> None:
    """Nine single-choice questions, six keyed longest: no error, and the limit says from when."""
    bank, _, _ = load_bank(DATA / "small_bank_limits", SEEDS)
    assert [f for f in findings_of("small_bank_limits") if f.level == "error"] == []
    assert limits_not_applied(bank.questions) == [
        "key length and detail (from 10 single-choice questions; 9 here)"
    ]


@pytest.mark.parametrize(
    ("prompt", "asking"),
    [
        ("Which is right?", "Which is right?"),
        ("A page is slow. Which step comes first?", "Which step comes first?"),
        ("Pick one. Which is NOT true? Select all that apply.", "Which is NOT true?"),
        ("Backend developers build APIs.", "Backend developers build APIs."),
    ],
)
def test_question_sentence_is_the_asking_part(prompt: str, asking: str) -> None:
    """Negative words are looked for in the question asked, not in a scenario before it."""
    assert question_sentence(prompt) == asking


@pytest.mark.parametrize(
    ("prompt", "flagged"),
    [
        ("Which of these is not a duty?", True),
        ("Which of these is NOT a duty?", False),
        ("The page doesn't load. Which step comes first?", False),
        ("Which step doesn't help?", True),
        ("All EXCEPT one help. Which one is it?", False),
    ],
)
def test_negative_stem_only_when_the_question_asks_negatively_in_lower_case(
    prompt: str, flagged: bool
) -> None:
    """A negative scenario is fine; a negative question needs its word in capitals."""
    question = _single(prompt, ["The alpha choice", "The beta choice", "The gamma choice"], 0)
    rules = {rule for rule, _ in question_findings(question)}
    assert ("negative-stem" in rules) == flagged


@pytest.mark.parametrize(
    ("choices", "answer", "value"),
    [
        (["aaaa", "bb", "cc"], 0, 1.0),
        (["aaaa", "bbbb", "cc"], 0, 0.5),
        (["aa", "bbbb", "cc"], 0, 0.0),
        (["aa  bb", "cc", "dd"], 0, 1.0),
    ],
)
def test_key_longest_value_shares_ties(choices: list[str], answer: int, value: float) -> None:
    """Picking the longest choice scores 1/t when the key ties t choices for longest."""
    assert key_longest_value(_single("Which one?", choices, answer)) == value


def test_content_words_stem_and_drop_common_words() -> None:
    """Plurals, -ing and possessives compare equal; stop words never count."""
    assert content_words("The queries' running query page's") == {"query", "run", "page"}
    assert content_words("which of these is the backend developer") == frozenset()


def test_question_lines_maps_ids_to_headers() -> None:
    """Lines come from the `[[questions]]` header of each id."""
    text = '# x\n\n[[questions]]\nid = "a"\n\n[[questions]]\nkind = "single"\nid = "b"\n'
    assert question_lines(text) == {"a": 3, "b": 6}


def test_findings_do_not_depend_on_choice_order() -> None:
    """Shuffling the choices (and moving the key with them) changes no rule that fires."""
    bank, _, _ = load_bank(DATA.parent.parent.parent / "questions", SEEDS)
    rng = random.Random(7)
    for question in bank.questions:
        if not isinstance(question, SingleQuestion):
            continue
        order = list(range(len(question.choices)))
        rng.shuffle(order)
        shuffled = dataclasses.replace(
            question,
            choices=[question.choices[index] for index in order],
            answer=order.index(question.answer),
            why_wrong={},
        )
        before = sorted(rule for rule, _ in question_findings(question))
        after = sorted(rule for rule, _ in question_findings(shuffled))
        assert before == after, question.id


def test_check_items_orders_findings_by_rule_then_place() -> None:
    """Findings come in rule order, so the summary and the list read the same way."""
    questions = [
        (Path("b.toml"), _single("Which one?", ["Only this", "That one here", "The other"], 1)),
        (Path("a.toml"), _single("Which is not it?", ["Alpha one", "Beta two", "Gamma"], 0)),
    ]
    found = check_items(questions, "bank")
    order = list(RULES)
    assert [order.index(f.rule) for f in found] == sorted(order.index(f.rule) for f in found)


def _single(prompt: str, choices: list[str], answer: int) -> SingleQuestion:
    return SingleQuestion(
        id="made-up",
        kind="single",
        topic="duties",
        area="apis",
        prompt=prompt,
        explanation="Made up for a test.",
        source=Source(doc="000_a664594794a44be6.txt", quote="made up for a test only"),
        choices=choices,
        answer=answer,
    )
