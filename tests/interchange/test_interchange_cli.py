"""`quizapp export` and `quizapp import` on the command line: output, what is left out, and bad input."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.bank import Bank
from quizapp.core.loader import load_checked_bank

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "interchange"
PACK = REPO / "questions" / "packs" / "backend-roles-class.toml"


CARRIED = {"single", "multi", "true_false", "role"}
"""The kinds GIFT and Moodle XML carry; the rest (self-ratings, fit, readiness) have no right answer."""


@pytest.fixture(scope="module")
def bank() -> Bank:
    """The real bank, checked."""
    return load_checked_bank(REPO / "questions", REPO / "seeds")


def test_export_to_stdout_lists_what_it_left_out(
    bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without -o the file goes to stdout; kinds Moodle cannot grade are named on stderr, by id."""
    assert main(["export", "--format", "gift"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("$CATEGORY: $course$/top/quizapp/duties\n")
    assert "$CATEGORY: $course$/top/quizapp/skills" in out
    exported = [q for q in bank.questions if q.kind in CARRIED]
    assert out.count("// question: ") == len(exported)
    left = Counter(q.kind for q in bank.questions if q.kind not in CARRIED)
    for kind, count in left.items():
        assert f"left out {count} {kind} (Moodle has no such kind)" in err
    named = {
        question_id
        for line in err.splitlines()
        if line.startswith("quizapp export: left out ")
        for question_id in line.split(": ", 2)[2].split(", ")
    }
    assert named == {q.id for q in bank.questions if q.kind not in CARRIED}
    for question in bank.questions:
        assert (f"::{question.id}::" in out) == (question.kind in CARRIED), question.id


def test_aiken_export_says_what_it_left_out(bank: Bank, capsys: pytest.CaptureFixture[str]) -> None:
    """Aiken keeps single choice only and says so for multi, true/false and feedback."""
    assert main(["export", "--format", "aiken"]) == 0
    out, err = capsys.readouterr()
    kinds = Counter(q.kind for q in bank.questions)
    assert f"left out {kinds['multi']} multi (not single choice)" in err
    assert f"left out {kinds['true_false']} true_false (not single choice)" in err
    assert "explanations and why-wrong notes are left out" in err
    assert out.count("ANSWER: ") == kinds["single"] + kinds["role"]


def test_export_of_a_pack_has_only_its_questions(
    bank: Bank, capsys: pytest.CaptureFixture[str]
) -> None:
    """--pack exports the questions the pack draws, in its order."""
    from quizapp.core.packs import load_pack, resolve_questions

    pack, problems = load_pack(PACK, bank)
    assert pack is not None and not problems
    ids = [qid for qid in resolve_questions(pack, bank) if bank[qid].kind in CARRIED]
    assert main(["export", "--format", "moodle-xml", "--pack", str(PACK)]) == 0
    out = capsys.readouterr().out
    root = ET.fromstring(out)
    names = [q.findtext("name/text") for q in root if q.get("type") != "category"]
    assert names == ids


def test_export_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing file is kept (exit 1, one line) unless --force; a missing folder is refused."""
    saved = tmp_path / "mine.gift"
    saved.write_text("my own work\n", encoding="utf-8")
    assert main(["export", "--format", "gift", "-o", str(saved)]) == 1
    assert saved.read_text(encoding="utf-8") == "my own work\n"
    assert "already exists" in capsys.readouterr().err
    assert main(["export", "--format", "gift", "-o", str(saved), "--force"]) == 0
    assert saved.read_text(encoding="utf-8").startswith("$CATEGORY:")
    assert main(["export", "--format", "gift", "-o", str(tmp_path / "nope" / "x.gift")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_import_lists_kinds_it_cannot_hold_per_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Essay, numeric, matching, short answer and description are named with their lines, not dropped silently."""
    output = tmp_path / "imported.toml"
    assert main(["import", str(DATA / "documented.gift"), "-o", str(output)]) == 0
    err = capsys.readouterr().err
    for line, kind in [
        (54, "essay"),
        (56, "numeric"),
        (58, "matching"),
        (63, "short answer"),
        (65, "description"),
    ]:
        assert f"documented.gift:{line} " in err and f"quizapp has no {kind} questions" in err
    assert "wrote 9 questions (9 drafts)" in err
    assert "5 left out" in err


def test_import_from_xml_lists_cloze(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Moodle XML's cloze questions are named too; the format comes from the extension."""
    assert main(["import", str(DATA / "documented.xml"), "-o", str(tmp_path / "x.toml")]) == 0
    assert (
        "documented.xml:72 [cloze-one]: not imported: quizapp has no cloze questions"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("brace_missing.gift", "brace_missing.gift:4: a '{' or '}' is missing"),
        (
            "too_few_answers.gift",
            "too_few_answers.gift:1: a choice question needs at least 2 answers",
        ),
        ("not_well_formed.xml", "not_well_formed.xml:5: not well-formed XML"),
        ("not_a_quiz.xml", "not_a_quiz.xml:1: the root element is <html>"),
        ("aiken_no_answer.txt", "aiken_no_answer.txt:1: Question not completed"),
        ("not_utf8.gift", "not_utf8.gift: not UTF-8 text"),
    ],
)
def test_import_errors_name_file_and_line_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    """Each broken file: exit 1, its error by file:line, and no bank file written."""
    output = tmp_path / "out.toml"
    assert main(["import", str(DATA / "broken" / name), "-o", str(output)]) == 1
    assert message in capsys.readouterr().err
    assert not output.exists()


def test_moodles_aiken_fixture_errors_come_by_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Moodle's own aiken_errors.txt: every error line is reported and nothing is written."""
    assert (
        main(["import", str(DATA / "moodle_aiken_errors.txt"), "-o", str(tmp_path / "a.toml")]) == 1
    )
    err = capsys.readouterr().err
    for line in (3, 5, 7, 18):
        assert f"moodle_aiken_errors.txt:{line}: " in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.gift", "-o", "{tmp}/a.toml"], "cannot read missing.gift"),
        (["{data}/documented.gift", "-o", "{tmp}/no-folder/a.toml"], "does not exist"),
        (["{data}/documented.gift", "-o", "{tmp}/a.txt"], "must end in .toml"),
        (["{data}", "-o", "{tmp}/a.toml"], "cannot read"),
    ],
)
def test_import_bad_paths_give_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Unreadable input, a missing folder or a wrong suffix: a one-line message and exit 1."""
    filled = [arg.format(tmp=tmp_path, data=DATA) for arg in args]
    assert main(["import", *filled]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_import_never_overwrites_a_saved_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing bank file is kept unless --force."""
    saved = tmp_path / "mine.toml"
    saved.write_text("# my questions\n", encoding="utf-8")
    assert main(["import", str(DATA / "documented.gift"), "-o", str(saved)]) == 1
    assert saved.read_text(encoding="utf-8") == "# my questions\n"
    assert "--force" in capsys.readouterr().err
    assert main(["import", str(DATA / "documented.gift"), "-o", str(saved), "--force"]) == 0
    assert "[[questions]]" in saved.read_text(encoding="utf-8")


def test_format_is_detected_from_content_or_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .txt file is read as Aiken or GIFT by its content; --format overrides."""
    aiken_copy = tmp_path / "quiz.txt"
    shutil.copy(DATA / "documented.aiken.txt", aiken_copy)
    assert main(["import", str(aiken_copy), "-o", str(tmp_path / "a.toml")]) == 0
    assert "wrote 3 questions" in capsys.readouterr().err
    forced = ["import", str(aiken_copy), "--format", "gift", "-o", str(tmp_path / "b.toml")]
    assert main(forced) == 1  # read as GIFT, each block is a description
    assert "quizapp has no description questions" in capsys.readouterr().err


def test_commands_run_in_a_process_without_traceback(tmp_path: Path) -> None:
    """The installed entry point: a bad import exits 1 with a message, never a traceback."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "quizapp",
            "import",
            str(DATA / "broken" / "not_utf8.gift"),
            "-o",
            str(tmp_path / "x.toml"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "not UTF-8" in result.stderr and "Traceback" not in result.stderr


def test_import_warns_of_ids_already_in_the_bank_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Importing quizapp's own export next to the bank names each id the bank already uses."""
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(REPO / "questions" / "tools.toml", folder / "tools.toml")
    exported = tmp_path / "bank.gift"
    assert main(["export", "--format", "gift", "-o", str(exported)]) == 0
    capsys.readouterr()
    assert main(["import", str(exported), "-o", str(folder / "again.toml")]) == 0
    err = capsys.readouterr().err
    clashes = [line for line in err.splitlines() if "already used in tools.toml" in line]
    tools = tomllib.loads((folder / "tools.toml").read_text(encoding="utf-8"))["questions"]
    graded = [q["id"] for q in tools if q["kind"] in CARRIED]
    assert len(clashes) == len(graded) > 0


def test_import_is_bounded_on_its_input_and_the_bank_files_beside_its_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pipe as FILE is refused, not waited on; a deeply nested or pipe bank file beside the output
    is skipped when looking for clashing ids (it was a RecursionError, or a hang)."""
    import os

    pipe = tmp_path / "quiz.gift"
    os.mkfifo(pipe)
    assert main(["import", str(pipe), "-o", str(tmp_path / "a.toml")]) == 1
    assert "not a regular file" in capsys.readouterr().err
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(DATA / "broken" / "deeply_nested_bank.toml", folder / "deep.toml")
    os.mkfifo(folder / "pipe.toml")
    assert main(["import", str(DATA / "documented.gift"), "-o", str(folder / "new.toml")]) == 0
    assert "wrote" in capsys.readouterr().err
    assert (folder / "new.toml").is_file()
