"""Loading a bank folder: every problem is reported with its file, question, field and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.core.loader import Documents, fold, load_bank, load_checked_bank
from quizapp.core.problems import Problem, ProblemsError

DATA = Path(__file__).resolve().parents[1] / "data" / "bank"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FIRST_DOC = "000_a664594794a44be6.txt"
SECURITY_PASSAGE = (
    "They establish ongoing security procedures and develop reusable software libraries."
)


def load(folder: str) -> tuple[int, list[Problem]]:
    """Load one fixture bank against the real seeds: (questions loaded, problems)."""
    bank, _, problems = load_bank(DATA / folder, SEEDS)
    return len(bank), problems


# Each expected problem: (file name, where, field the message starts with, line or None).
# Bank-wide problems (duplicate id, area, document, quote) carry the question's header line too.
BROKEN_BANKS = [
    pytest.param(
        "bad_toml_syntax",
        [("unterminated_string.toml", "", "not valid TOML", 8)],
        id="bad-toml-syntax",
    ),
    pytest.param(
        "unknown_kind",
        [("essay_kind.toml", "id kind-essay", "kind", 3)],
        id="unknown-kind",
    ),
    pytest.param(
        "extra_key",
        [("misspelt_key.toml", "id extra-hint-key", "hint", 3)],
        id="extra-key",
    ),
    pytest.param(
        "missing_field",
        [
            ("no_explanation_no_id.toml", "id missing-explanation", "explanation", 3),
            ("no_explanation_no_id.toml", "question #2", "id", 12),
        ],
        id="missing-field",
    ),
    pytest.param(
        "duplicate_id_across_files",
        [("b_second.toml", "id shared-id", "id", 3)],
        id="duplicate-id-across-files",
    ),
    pytest.param(
        "answer_out_of_range",
        [("answer_past_last_choice.toml", "id answer-too-big", "answer", 3)],
        id="answer-out-of-range",
    ),
    pytest.param(
        "unknown_document",
        [("missing_doc.toml", "id doc-does-not-exist", "source.doc", 3)],
        id="unknown-document",
    ),
    pytest.param(
        "quote_not_in_document",
        [("reworded_quote.toml", "id quote-reworded", "source.quote", 3)],
        id="quote-not-in-document",
    ),
    pytest.param(
        "role_source_quote_not_in_document",
        [
            (
                "both_with_reworded_developer_quote.toml",
                "id role-both-reworded",
                "role_sources.developer.quote",
                3,
            )
        ],
        id="role-source-quote-not-in-document",
    ),
    pytest.param(
        "unknown_area",
        [("unlisted_area.toml", "id area-cooking", "area", 3)],
        id="unknown-area",
    ),
    pytest.param(
        "noncharacter_in_text",
        [("uffff_in_choice.toml", "questions.0.choices.1", "the text contains \\uffff", None)],
        id="noncharacter-in-text",
    ),
    pytest.param(
        "empty_bank",
        [("", "", "the bank is empty", None)],
        id="empty-bank",
    ),
    pytest.param(
        "fit_scale_without_mirror",
        [
            ("lonely_scale.toml", "id fit-lonely-scale", "mirror", 2),
            ("lonely_scale.toml", "", "fit items are not balanced", None),
        ],
        id="fit-scale-without-mirror",
    ),
    pytest.param(
        "fit_choice_tilted",
        [
            ("tilted_choice.toml", "id fit-tilted-choice", "options", 2),
            ("tilted_choice.toml", "id fit-tilted-choice", "options", 2),
            ("tilted_choice.toml", "", "fit items are not balanced", None),
        ],
        id="fit-choice-tilted",
    ),
    # Fit wording (one fixture per way the words could choose the side for a person).
    *[
        pytest.param(
            folder,
            [("fit.toml", "", message, None)],
            id=folder.replace("_", "-"),
        )
        for folder, message in (
            ("fit_wording_people_on_one_side", "fit wording is not balanced: 0 engineer"),
            ("fit_wording_qualities_on_one_side", "fit wording is not balanced: 3 engineer"),
            ("fit_wording_screens_on_one_side", "fit wording is not balanced: 0 engineer"),
            ("fit_wording_topic_on_one_side", "fit wording: the shared topic 'databases'"),
            ("fit_wording_building_on_one_side", "fit wording is not balanced: 0 engineer"),
            ("fit_wording_upkeep_on_one_side", "fit wording is not balanced: 3 engineer"),
            ("fit_wording_trouble_on_one_side", "fit wording is not balanced: 3 engineer"),
            ("fit_wording_appeal_on_one_side", "fit wording is not balanced: 0 engineer"),
            ("fit_wording_meetings_on_one_side", "fit wording is not balanced: 3 engineer"),
            (
                "fit_wording_first_person_on_one_side",
                "fit wording is not balanced: the engineer-side texts hold 3 words",
            ),
            ("fit_wording_technologies_on_one_side", "fit wording is not balanced: 3 engineer"),
            (
                "fit_wording_word_on_one_side",
                "fit wording is not balanced: the word 'carefully' is in 3 engineer",
            ),
            (
                "fit_wording_engineer_listed_first",
                "fit wording is not balanced: the engineer option is listed first",
            ),
            (
                "fit_wording_engineer_option_longer",
                "fit wording is not balanced: the engineer option is the longer one",
            ),
        )
    ],
    pytest.param(
        "fit_choice_options_uneven_length",
        [("fit.toml", "id fit-uneven-options", "options: the engineer option has 32", 2)],
        id="fit-choice-options-uneven-length",
    ),
    pytest.param(
        "fit_choice_options_on_two_topics",
        [("fit.toml", "id fit-two-topics", "options: the two role options are not about one", 2)],
        id="fit-choice-options-on-two-topics",
    ),
    pytest.param(
        "fit_mirror_on_another_topic",
        [("fit.toml", "id fit-security-rules", "mirror: 'fit-api-endpoints' is not about", 2)],
        id="fit-mirror-on-another-topic",
    ),
    pytest.param(
        "fit_mirror_uneven_length",
        [("fit.toml", "id fit-short-api", "prompt: 58 characters against 130", 2)],
        id="fit-mirror-uneven-length",
    ),
    pytest.param(
        "fit_scale_dislike_gives_nothing",
        [
            ("fit.toml", "id fit-rules", "options: list a scale's answers", 2),
            ("fit.toml", "id fit-securing", "options: list a scale's answers", 24),
        ],
        id="fit-scale-dislike-gives-nothing",
    ),
    pytest.param(
        "retired_id_still_live",
        [
            (
                "retired.toml",
                "id good-role-security-procedures",
                "id: 'good-role-security-procedures' is retired but is also a question",
                6,
            )
        ],
        id="retired-id-still-live",
    ),
    pytest.param(
        "retired_unknown_key",
        [
            ("retired.toml", "", "retired.0.note: missing required key", None),
            ("retired.toml", "", "retired.0.reason: unknown key", None),
        ],
        id="retired-unknown-key",
    ),
]


@pytest.mark.parametrize(("folder", "expected"), BROKEN_BANKS)
def test_broken_bank_reports_file_question_field_and_line(
    folder: str, expected: list[tuple[str, str, str, int | None]]
) -> None:
    """Each broken bank gives exactly the expected problems, each naming its file, question and field."""
    _, problems = load(folder)
    assert len(problems) == len(expected), [str(problem) for problem in problems]
    for problem, (file_name, where, field, line) in zip(problems, expected, strict=True):
        assert Path(problem.file) == (DATA / folder / file_name if file_name else DATA / folder)
        assert problem.where == where
        assert problem.message.startswith(field), problem.message
        assert problem.line == line
        shown = str(problem)
        assert str(Path(problem.file)) in shown
        assert where in shown


def test_toml_syntax_error_shows_the_line_in_the_message() -> None:
    """A TOML syntax error is shown as file:line, so an editor can jump to it."""
    _, [problem] = load("bad_toml_syntax")
    assert str(problem).startswith(f"{DATA / 'bad_toml_syntax' / 'unterminated_string.toml'}:8: ")


def test_unknown_kind_lists_the_kinds() -> None:
    """An unknown kind is named, and the message lists the kinds to choose from."""
    _, [problem] = load("unknown_kind")
    assert "'essay'" in problem.message
    for kind in ("single", "multi", "true_false", "role", "fit", "readiness"):
        assert kind in problem.message


def test_duplicate_id_names_the_first_file() -> None:
    """A duplicate id names the file that used it first, and the first question is still loaded."""
    count, [problem] = load("duplicate_id_across_files")
    assert str(DATA / "duplicate_id_across_files" / "a_first.toml") in problem.message
    bank, _, _ = load_bank(DATA / "duplicate_id_across_files", SEEDS)
    assert count == 1
    assert bank.files == {"shared-id": "a_first.toml"}
    assert bank["shared-id"].kind == "role"


def test_unknown_document_lists_the_documents_there() -> None:
    """An unknown document is named, and the message lists the documents that do exist."""
    _, [problem] = load("unknown_document")
    assert "999_no_such_document.txt" in problem.message
    for path in SEEDS.glob("*.txt"):
        assert path.name in problem.message


def test_quote_not_in_document_shows_the_closest_passage() -> None:
    """A quote that is not in its document is shown beside the passage most like it."""
    _, [problem] = load("quote_not_in_document")
    assert FIRST_DOC in problem.message
    closest = problem.message.split("the closest passage is: ", 1)[1]
    assert SECURITY_PASSAGE in closest
    assert len(closest) < 2 * len(SECURITY_PASSAGE)


def test_every_problem_is_reported_at_once() -> None:
    """A bank with three different problems reports all three, not just the first."""
    _, problems = load("three_problems")
    assert [(problem.where, problem.message.split(":", 1)[0]) for problem in problems] == [
        ("id three-unknown-kind", "kind"),
        ("id three-answer-out-of-range", "answer"),
        ("id three-unknown-area", "area"),
    ]
    assert {Path(problem.file).name for problem in problems} == {"three_problems.toml"}
    assert [problem.line for problem in problems] == [4, 13, 24]


def test_load_checked_bank_raises_with_every_problem() -> None:
    """load_checked_bank raises ProblemsError carrying every problem, and its text lists each."""
    with pytest.raises(ProblemsError) as caught:
        load_checked_bank(DATA / "three_problems", SEEDS)
    assert len(caught.value.problems) == 3
    for problem in caught.value.problems:
        assert str(problem) in str(caught.value)


def test_good_bank_loads_with_no_problems() -> None:
    """The good fixture bank loads every question, in file then table order, with no problems."""
    bank, documents, problems = load_bank(DATA / "good", SEEDS)
    assert problems == []
    assert [question.kind for question in bank.questions] == [
        "role",
        "true_false",
        "single",
        "multi",
        "readiness",
    ]
    assert bank.files["good-multi-server-side"] == "skills.toml"
    assert bank.files["good-role-security-procedures"] == "duties.toml"
    assert sorted(documents.texts) == sorted(path.name for path in SEEDS.glob("*.txt"))
    assert load_checked_bank(DATA / "good", SEEDS).questions == bank.questions


def test_retired_questions_are_read_from_their_own_file() -> None:
    """`retired.toml` is not a bank file: its entries reach `Bank.retired`, never the questions."""
    bank, _, problems = load_bank(DATA.parent / "tiny_bank" / "questions", SEEDS)
    assert problems == []
    assert set(bank.retired) == {"skill-rate-security-confidence", "tiny-old-fit-choice"}
    assert bank.retired["tiny-old-fit-choice"].kind == "fit"
    assert not set(bank.retired) & {question.id for question in bank.questions}


def test_paths_toml_is_not_read_as_bank_file(tmp_path: Path) -> None:
    """paths.toml in the questions folder is the path catalogue, not a bank file."""
    folder = tmp_path / "questions"
    folder.mkdir()
    for path in (DATA / "good").glob("*.toml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "paths.toml").write_text('[[paths]]\nrole = "engineer"\n', encoding="utf-8")
    bank, _, problems = load_bank(folder, SEEDS)
    assert problems == []
    assert len(bank) == 5


MISSING_FOLDERS = [
    pytest.param("questions", "questions folder not found", id="questions-folder"),
    pytest.param("seeds", "seeds folder not found", id="seeds-folder"),
]


@pytest.mark.parametrize(("missing", "message"), MISSING_FOLDERS)
def test_missing_folder_is_a_problem(tmp_path: Path, missing: str, message: str) -> None:
    """A questions or seeds folder that does not exist is reported by its path."""
    questions = tmp_path / "questions" if missing == "questions" else DATA / "good"
    seeds = tmp_path / "seeds" if missing == "seeds" else SEEDS
    _, _, problems = load_bank(questions, seeds)
    assert any(
        problem.file == str(tmp_path / missing) and message in problem.message
        for problem in problems
    ), [str(problem) for problem in problems]


def test_file_that_is_not_utf8_is_a_problem(tmp_path: Path) -> None:
    """A bank file that is not UTF-8 is reported by name instead of crashing the load."""
    (tmp_path / "latin1.toml").write_bytes("# caf\xe9\n".encode("latin-1"))
    _, _, problems = load_bank(tmp_path, SEEDS)
    assert [(Path(p.file).name, "UTF-8" in p.message) for p in problems] == [("latin1.toml", True)]


def test_unknown_top_level_key_is_a_problem(tmp_path: Path) -> None:
    """A top-level key other than [[questions]] is named, and the questions still load."""
    text = (DATA / "good" / "duties.toml").read_text(encoding="utf-8")
    (tmp_path / "bank.toml").write_text('title = "My bank"\n' + text, encoding="utf-8")
    bank, _, problems = load_bank(tmp_path, SEEDS)
    assert len(bank) == 3
    assert [problem.message.split(":", 1)[0] for problem in problems] == [
        "unknown top-level key 'title'"
    ]


QUESTION_TEMPLATE = """
[[questions]]
id = "fold-check"
kind = "true_false"
topic = "duties"
area = "testing"
prompt = "A statement about the documents."
answer = true
explanation = "The document says so."
source = {{ doc = "{doc}", quote = {quote} }}
"""


FOLDED_QUOTES = [
    pytest.param(
        '"Backend developers assess a website\'s effectiveness"',
        id="plain-apostrophe-for-typographic",
    ),
    pytest.param(
        '"Backend Engineers\u2019 Competencies"',
        id="typographic-apostrophe-kept",
    ),
    pytest.param(
        '"""They establish   ongoing\n   security procedures\tand develop"""',
        id="extra-spaces-newline-and-tab",
    ),
    pytest.param(
        '"  They establish ongoing security procedures  "',
        id="leading-and-trailing-spaces",
    ),
    pytest.param(
        '"They\u00a0establish ongoing security\u00a0procedures"',
        id="non-breaking-spaces",
    ),
]


@pytest.mark.parametrize("quote", FOLDED_QUOTES)
def test_quote_matches_despite_typographic_quotes_and_whitespace(
    tmp_path: Path, quote: str
) -> None:
    """Quotes match the document after typographic quotes and whitespace are folded."""
    (tmp_path / "bank.toml").write_text(
        QUESTION_TEMPLATE.format(doc=FIRST_DOC, quote=quote), encoding="utf-8"
    )
    bank, _, problems = load_bank(tmp_path, SEEDS)
    assert [str(problem) for problem in problems] == []
    assert len(bank) == 1


def test_quote_with_typographic_quotes_matches_a_plain_document(tmp_path: Path) -> None:
    """Typographic quotes and dashes in a quote match plain ones in the document, both ways."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "plain.txt").write_text(
        'The engineer said "ship it" - and it\'s done.\nNext line here.', encoding="utf-8"
    )
    questions = tmp_path / "questions"
    questions.mkdir()
    quote = '"The engineer said \u201cship it\u201d \u2014 and it\u2019s done. Next line"'
    (questions / "bank.toml").write_text(
        QUESTION_TEMPLATE.format(doc="plain.txt", quote=quote), encoding="utf-8"
    )
    _, _, problems = load_bank(questions, seeds)
    assert [str(problem) for problem in problems] == []


FOLD_CASES = [
    pytest.param("it\u2019s", "it's", id="right-single-quote"),
    pytest.param("\u2018a\u2019", "'a'", id="single-quotes"),
    pytest.param("\u201ca\u201d", '"a"', id="double-quotes"),
    pytest.param("a\u2013b\u2014c", "a-b-c", id="dashes"),
    pytest.param("a\u00a0b", "a b", id="non-breaking-space"),
    pytest.param(" a \n\t b  ", "a b", id="whitespace-runs"),
    pytest.param("plain text", "plain text", id="unchanged"),
]


@pytest.mark.parametrize(("text", "folded"), FOLD_CASES)
def test_fold(text: str, folded: str) -> None:
    """fold() makes typographic quotes and dashes plain and collapses whitespace."""
    assert fold(text) == folded


def test_a_different_quote_is_not_found() -> None:
    """Folding is not fuzzy matching: a changed word still fails."""
    documents = Documents.load(SEEDS)
    assert documents.contains(FIRST_DOC, SECURITY_PASSAGE)
    assert not documents.contains(FIRST_DOC, SECURITY_PASSAGE.replace("ongoing", "lasting"))
    assert not documents.contains("no-such-doc.txt", SECURITY_PASSAGE)


def test_closest_passage_finds_the_passage_a_typo_came_from() -> None:
    """closest() returns the document's passage that a misspelt quote was copied from."""
    documents = Documents.load(SEEDS)
    typo = SECURITY_PASSAGE.replace("procedures", "procedurse").replace("reusable", "resuable")
    assert documents.closest(FIRST_DOC, typo) == SECURITY_PASSAGE


LINE_HEADERS = [
    pytest.param("[[questions]]", id="plain-header"),
    pytest.param("[[ questions ]]", id="spaced-header"),
]


@pytest.mark.parametrize("header", LINE_HEADERS)
def test_problem_line_is_the_header_of_the_bad_question(tmp_path: Path, header: str) -> None:
    """A per-question problem points at the line of that question's header."""
    good = (DATA / "good" / "duties.toml").read_text(encoding="utf-8")
    good = good.replace("[[questions]]", header, 1)
    bad = (DATA / "unknown_kind" / "essay_kind.toml").read_text(encoding="utf-8")
    text = good + bad
    (tmp_path / "bank.toml").write_text(text, encoding="utf-8")
    _, _, problems = load_bank(tmp_path, SEEDS)
    expected = text.splitlines().index('id = "kind-essay"')  # 0-based index of the next line
    assert [(problem.where, problem.line) for problem in problems] == [("id kind-essay", expected)]


def test_a_question_with_a_bad_key_still_has_its_quote_checked(tmp_path: Path) -> None:
    """An unknown key and a quote not found in the same question: both in one run, same line."""
    folder = tmp_path / "questions"
    folder.mkdir()
    text = (DATA / "extra_key" / "misspelt_key.toml").read_text(encoding="utf-8")
    text = text.replace("develop reusable software libraries", "bake reusable cakes")
    (folder / "one.toml").write_text(text, encoding="utf-8")
    _, _, problems = load_bank(folder, SEEDS)
    messages = [problem.message for problem in problems]
    assert any("unknown key 'hint'" in message for message in messages), messages
    assert any(message.startswith("source.quote: not found") for message in messages), messages
    assert {problem.where for problem in problems} == {"id extra-hint-key"}
    assert {problem.line for problem in problems} == {3}
