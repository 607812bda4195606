"""Export then import keeps every question of the real bank: kind, choices, answers and feedback."""

from __future__ import annotations

import tomllib
from dataclasses import asdict
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.bank import Bank, MultiQuestion, RoleQuestion, SingleQuestion
from quizapp.core.loader import QUESTION_ADAPTER, load_bank

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The real bank, checked."""
    loaded, _, problems = load_bank(REPO / "questions", REPO / "seeds")
    assert problems == []
    return loaded


def round_trip(tmp_path: Path, file_format: str, suffix: str) -> list[dict[str, object]]:
    moodle_file = tmp_path / f"bank{suffix}"
    assert main(["export", "--format", file_format, "-o", str(moodle_file)]) == 0
    bank_file = tmp_path / "back.toml"
    assert main(["import", str(moodle_file), "-o", str(bank_file)]) == 0
    tables = tomllib.loads(bank_file.read_text(encoding="utf-8"))["questions"]
    assert isinstance(tables, list)
    return tables


@pytest.mark.parametrize(("file_format", "suffix"), [("gift", ".gift"), ("moodle-xml", ".xml")])
def test_gift_and_xml_keep_every_answerable_question_whole(
    tmp_path: Path, bank: Bank, file_format: str, suffix: str
) -> None:
    """Every graded question comes back equal in every field, source passage included."""
    tables = round_trip(tmp_path, file_format, suffix)
    expected = [q for q in bank.questions if q.kind in ("single", "multi", "true_false", "role")]
    back = {table["id"]: QUESTION_ADAPTER.validate_python(table) for table in tables}
    assert sorted(back) == sorted(question.id for question in expected)
    for question in expected:
        assert asdict(back[question.id]) == asdict(question), question.id
    assert {question.kind for question in expected} == {"single", "multi", "true_false", "role"}


def test_aiken_keeps_single_and_role_questions_text_choices_and_answer(
    tmp_path: Path, bank: Bank
) -> None:
    """Aiken carries single choice only: single and role questions come back with kind, text and answer."""
    tables = round_trip(tmp_path, "aiken", ".txt")
    # Exported in topic order, as the categories are.
    expected = sorted(
        (q for q in bank.questions if isinstance(q, SingleQuestion | RoleQuestion)),
        key=lambda q: ("duties", "skills", "tools").index(q.topic),
    )
    assert len(tables) == len(expected)
    for table, question in zip(tables, expected, strict=True):
        assert table["kind"] == question.kind
        assert table["prompt"] == question.prompt
        assert table["answer"] == question.answer
        assert table["draft"] is True
        if isinstance(question, SingleQuestion):
            assert table["choices"] == question.choices


def test_multi_weights_share_100_and_wrong_choices_cost_everything(
    tmp_path: Path, bank: Bank
) -> None:
    """In GIFT, a multi question's right choices share 100% and each wrong one is -100%."""
    question = next(q for q in bank.questions if isinstance(q, MultiQuestion))
    output = tmp_path / "bank.gift"
    assert main(["export", "--format", "gift", "-o", str(output)]) == 0
    block = (
        output.read_text(encoding="utf-8").split(f"::{question.id}::", 1)[1].split("\n}\n", 1)[0]
    )
    marks = [
        line.strip().split("%")[1]
        for line in block.splitlines()[1:]
        if line.strip().startswith("~")
    ]
    share = 100 / len(question.answers)
    expected = [
        f"{share:.5f}".rstrip("0").rstrip(".") if index in question.answers else "-100"
        for index in range(len(question.choices))
    ]
    assert marks == expected


@pytest.mark.parametrize("file_format", ["gift", "moodle-xml"])
def test_role_passages_and_beyond_survive_export_and_import(file_format: str) -> None:
    """A role question's passage per role and its `beyond` note travel in the general feedback."""
    from quizapp.core.bank import RoleSources, Source
    from quizapp.interchange import gift, moodle_xml
    from quizapp.interchange.model import item_from_question, table_from_item

    question = RoleQuestion(
        id="role-with-passages",
        kind="role",
        topic="skills",
        area="languages",
        difficulty=2,
        prompt="Writing the server-side code itself: whose work is that?",
        answer="both",
        explanation="Both: each role's passage asks for it.",
        beyond="Job ads for either title ask for a server-side language.",
        role_sources=RoleSources(
            engineer=Source(doc="001_engineer.txt", quote="experience in programming languages"),
            developer=Source(doc="002_developer.txt", quote="skills in programming languages"),
        ),
        source=Source(doc="001_engineer.txt", quote="experience in programming languages"),
    )
    item = item_from_question(question)
    assert item is not None
    module = gift if file_format == "gift" else moodle_xml
    items, errors = module.read(module.write([item]))
    assert errors == []
    table, _ = table_from_item(items[0], question.id)
    assert table is not None
    assert QUESTION_ADAPTER.validate_python(table) == question
