"""Draft questions: imported without a source passage, kept out of quizzes, listed by check, refused by packs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.bank import DRAFT_AREA, DRAFT_TOPIC, NO_SOURCE
from quizapp.core.loader import load_bank, load_checked_bank
from quizapp.core.packs import load_pack

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"

DRAFT = """
[[questions]]
id = "draft-no-source"
kind = "single"
draft = true
prompt = "Which store keeps data in memory?"
choices = ["Redis", "PostgreSQL", "Git"]
answer = 0
explanation = "Redis keeps its data in memory."
"""

NOT_DRAFT = """
[[questions]]
id = "missing-source"
kind = "true_false"
topic = "skills"
area = "apis"
prompt = "This has no source and no draft flag."
answer = true
explanation = "So it must fail the check."
"""


@pytest.fixture
def questions(tmp_path: Path, tiny_bank_dir: Path) -> Path:
    """The tiny bank plus one draft file."""
    folder = tmp_path / "questions"
    shutil.copytree(tiny_bank_dir / "questions", folder)
    (folder / "imported.toml").write_text(DRAFT, encoding="utf-8")
    return folder


def test_draft_loads_with_defaults_and_stays_out_of_the_quiz_bank(questions: Path) -> None:
    """A draft may omit source, topic and area; the bank keeps it apart from the quiz questions."""
    bank, _, problems = load_bank(questions, SEEDS)
    assert problems == []
    assert "draft-no-source" not in bank
    assert [draft.id for draft in bank.drafts] == ["draft-no-source"]
    draft = bank.drafts[0]
    assert (draft.topic, draft.area, draft.source) == (DRAFT_TOPIC, DRAFT_AREA, NO_SOURCE)
    assert "draft-no-source" not in load_checked_bank(questions, SEEDS)


def test_a_question_without_source_that_is_not_a_draft_fails(questions: Path) -> None:
    """Only drafts may leave out the source."""
    (questions / "bad.toml").write_text(NOT_DRAFT, encoding="utf-8")
    _, _, problems = load_bank(questions, SEEDS)
    assert [(problem.where, problem.message) for problem in problems] == [
        (
            "id missing-source",
            "source: missing required key 'source' (only a draft may leave it out)",
        )
    ]


def test_check_lists_drafts_without_failing(
    questions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quizapp check` passes and lists each draft as needing a source passage."""
    assert main(["check", "--questions", str(questions), "--seeds", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "imported.toml [id draft-no-source]: draft: needs a source passage" in out


def test_a_pack_naming_a_draft_is_an_error(questions: Path, tmp_path: Path) -> None:
    """A pack may not use a draft until it passes as a regular question."""
    pack = tmp_path / "pack.toml"
    pack.write_text('id = "p"\ntitle = "Pack"\nquestions = ["draft-no-source"]\n', encoding="utf-8")
    bank, _, _ = load_bank(questions, SEEDS)
    loaded, problems = load_pack(pack, bank)
    assert loaded is None
    assert len(problems) == 1 and "'draft-no-source' is a draft" in problems[0].message


def test_fingerprints_of_regular_questions_do_not_change(tiny_bank_dir: Path) -> None:
    """The later `draft`, `fact`, `beyond` and `role_sources` fields are not in a question's
    fingerprint while unset."""
    import hashlib
    import json
    from dataclasses import asdict

    bank = load_checked_bank(tiny_bank_dir / "questions", SEEDS)
    for question in bank.questions:
        data = asdict(question)
        for later in ("draft", "fact", "beyond", "role_sources"):  # added later, unset here
            data.pop(later, None)
        payload = json.dumps(data, sort_keys=True, ensure_ascii=False)
        assert question.fingerprint == hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]


def test_imported_file_is_a_valid_bank_file_for_check(
    questions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What `quizapp import` writes into a questions folder passes `quizapp check` as drafts."""
    data = REPO / "tests" / "data" / "interchange" / "documented.xml"
    assert main(["import", str(data), "-o", str(questions / "from-moodle.toml")]) == 0
    capsys.readouterr()
    assert main(["check", "--questions", str(questions), "--seeds", str(SEEDS)]) == 0
    out = capsys.readouterr().out
    assert "from-moodle.toml [id hash-passwords]: draft: needs a source passage" in out
    assert "from-moodle.toml [id secure-transport]: draft" in out
