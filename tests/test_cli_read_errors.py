"""The command line on bad paths, closed pipes, damaged or hostile files: one line, an exit code, no traceback."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import cli
from quizapp.cli import main
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.report import AttemptScore, ClassReport, QuestionRow, StudentRow
from quizapp.core.store import ProfileStore
from quizapp.report import csv_cell, write_csv

REPO = Path(__file__).resolve().parents[1]
READERS = REPO / "tests" / "data" / "readers"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def subprocess_pipe(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`quizapp ARGS | true`: the reader has gone before quizapp writes, so every write meets EPIPE."""
    script = (
        f"{{ sleep 0.3; {sys.executable} -m quizapp {' '.join(args)}; }} | true; "
        'echo "status=${PIPESTATUS[0]}" >&2'
    )
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, cwd=REPO, timeout=120
    )


def a_profile_with_answers(folder: Path) -> None:
    """A valid profile named Ada with no answers (enough for `quizapp path`)."""
    with ProfileStore(folder).open("Ada"):
        pass


# ---------------------------------------------------------------- the profiles folder is a file


def test_profiles_folder_that_is_a_file_is_refused_by_profiles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quizapp profiles --profiles FILE`: one line naming the file, exit 2 (not "No profiles yet")."""
    afile = tmp_path / "afile"
    afile.write_text("not a folder", encoding="utf-8")
    code, out, err = run(["profiles", "--profiles", str(afile)], capsys)
    assert code == 2
    assert "No profiles yet" not in out
    assert str(afile) in err and "is a file, not a folder" in err
    assert afile.read_text(encoding="utf-8") == "not a folder"


def test_profiles_folder_that_is_a_file_is_refused_before_the_app_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`quizapp --profiles FILE` says so before any screen (not NotADirectoryError after a name)."""
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    # Without a terminal the app refuses to start anyway; the folder check must come first.
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    code, _, err = run(["--profiles", str(afile)], capsys)
    assert code == 2
    assert "is a file, not a folder" in err
    code, _, err = run(["path", "--profile", "Ada", "--profiles", str(afile)], capsys)
    assert code == 2 and "is a file, not a folder" in err


# ---------------------------------------------------------------- output paths checked first


def test_schema_output_in_a_missing_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quizapp schema --output /missing/dir/x.json`: names the folder, exit 1."""
    target = tmp_path / "missing" / "dir" / "x.json"
    code, out, err = run(["schema", "--output", str(target)], capsys)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "does not exist" in err


@pytest.mark.parametrize("option", ["--csv", "--json"])
def test_report_to_a_bad_path_fails_before_printing_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    """`quizapp report DIR --csv /bad/path`: the path is checked first, nothing is printed."""
    (tmp_path / "class").mkdir()
    for target in (tmp_path / "no" / "such" / "out.csv", tmp_path):
        code, out, err = run(["report", str(tmp_path / "class"), option, str(target)], capsys)
        assert code == 1
        assert out == ""
        assert option in err and str(target) in err


def test_report_for_a_pack_nobody_took_fails_and_names_the_packs_taken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quizapp report --pack unknown-id`: exit 1 and the ids that were taken, not an empty report."""
    (tmp_path / "class").mkdir()
    code, out, err = run(["report", str(tmp_path / "class"), "--pack", "unknown-id"], capsys)
    assert code == 1
    assert out == ""
    assert "unknown-id" in err and "packs taken there: none" in err


# ---------------------------------------------------------------- closed pipes and the last resort


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check"], id="check"),
        pytest.param(["path", "--profile", "Ada"], id="path"),
        pytest.param(["schema"], id="schema"),
    ],
)
def test_a_closed_pipe_is_a_quiet_exit(tmp_path: Path, args: list[str]) -> None:
    """`quizapp check | head -1` and `quizapp path --profile X | head -1`: no BrokenPipeError."""
    a_profile_with_answers(tmp_path / "profiles")
    env = {**os.environ, "QUIZAPP_PROFILES": str(tmp_path / "profiles")}
    result = subprocess_pipe(args, env)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert "Exception ignored" not in result.stderr
    assert result.stderr.strip().splitlines() == ["status=141"]


def test_an_unexpected_error_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a command did not foresee ends as a one-line message and exit 1, no traceback."""

    def broken(args: object) -> int:
        raise RuntimeError("something no one foresaw")

    monkeypatch.setattr(cli, "command_check", broken)
    code, out, err = run(["check"], capsys)
    assert code == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "RuntimeError" in err and "something no one foresaw" in err


def test_an_unexpected_os_error_names_the_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError nobody caught names its file (sanitised) in the one line."""

    def broken(args: object) -> int:
        raise PermissionError(13, "Permission denied", "/some/\x1b[31mfile")

    monkeypatch.setattr(cli, "command_profiles", broken)
    code, _, err = run(["profiles"], capsys)
    assert code == 1
    assert "\x1b" not in err and "/some/\\x1b[31mfile" in err and "Permission denied" in err


# ---------------------------------------------------------------- strings from files


def test_escape_codes_in_a_profile_name_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name holding escape codes: `profiles` marks the profile damaged, `path` and `report` refuse it."""
    folder = tmp_path / "profiles"
    a_profile_with_answers(folder)
    hostile = folder / "eve"
    hostile.mkdir()
    shutil.copy(READERS / "profile" / "name_escape_code.toml", hostile / "profile.toml")
    before = (hostile / "profile.toml").read_bytes()
    code, out, err = run(["profiles", "--profiles", str(folder)], capsys)
    assert code == 1
    assert "\x1b" not in out + err
    lines = out.splitlines()
    assert any(line.strip().startswith("Ada ") for line in lines)  # the other profile is listed
    assert any("eve" in line and "cannot be read" in line for line in lines)
    code, out, err = run(["report", str(folder)], capsys)
    assert code == 0 and "\x1b" not in out + err
    assert "Skipped" in out and str(hostile / "profile.toml") in out
    assert (hostile / "profile.toml").read_bytes() == before


def test_a_folder_name_with_escape_codes_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged profile in a folder whose own name holds escape codes is listed with them escaped."""
    folder = tmp_path / "profiles"
    hostile = folder / "x\x1b[2Jy"
    hostile.mkdir(parents=True)
    (hostile / "profile.toml").write_bytes(b"")
    code, out, err = run(["profiles", "--profiles", str(folder)], capsys)
    assert code == 1
    assert "\x1b" not in out + err
    assert "x\\x1b[2Jy" in out


def test_an_attempt_id_with_a_path_never_leads_outside_the_profiles_folder(tmp_path: Path) -> None:
    """current_attempt = "../../x" is refused on read; nothing is read or written outside."""
    from quizapp.core.store import ProfileError

    folder = tmp_path / "profiles" / "ada"
    folder.mkdir(parents=True)
    shutil.copy(READERS / "profile" / "current_attempt_traversal.toml", folder / "profile.toml")
    store = ProfileStore(tmp_path / "profiles")
    with pytest.raises(ProfileError, match="current_attempt"):
        store.open("Ada")
    outside = sorted(path.name for path in tmp_path.iterdir())
    assert outside == ["profiles"]


def test_csv_cells_that_look_like_formulas_are_escaped(tmp_path: Path) -> None:
    """Cells starting with =, +, -, @, tab or CR get a leading ' (as spreadsheets expect); numbers do not."""
    for text in ("=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert csv_cell(text) == "'" + text
    for value in ("Ada", "", 5, -3, 1.5, "a=b"):
        assert csv_cell(value) == value
    score = AttemptScore("20261122T041500Z-quick", 50, 1, 2, {}, 3.0, "finished", None)
    report = ClassReport(
        "x",
        None,
        students=[StudentRow("-Ada", 1, score, score)],
        questions=[QuestionRow("q-one", "=cmd|' /C calc'!A0", "skills", 2, 1, "@evil", 1)],
    )
    questions_path = write_csv(report, tmp_path / "class.csv")
    students = list(csv.DictReader((tmp_path / "class.csv").open(newline="", encoding="utf-8")))
    assert students[0]["student"] == "'-Ada"
    assert students[0]["latest_percent"] == "50"
    questions = list(csv.DictReader(questions_path.open(newline="", encoding="utf-8")))
    assert questions[0]["prompt"] == "'=cmd|' /C calc'!A0"
    assert questions[0]["most_common_wrong_answer"] == "'@evil"


# ---------------------------------------------------------------- check reports everything at once


def test_check_reports_a_packs_structural_and_unknown_names_in_one_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A pack with an extra key, an unknown question id and an unknown topic: all three at once."""
    pack = READERS / "pack" / "structure_and_unknown_names.toml"
    code, _, err = run(["check", "--pack", str(pack)], capsys)
    assert code == 1
    assert "unknown key 'extra'" in err
    assert "no question 'no-such-q'" in err
    assert "unknown topic 'cooking'" in err


def test_check_names_a_bank_file_that_is_a_pipe_without_waiting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO named like a bank file is a problem of its own; the rest of the bank is still checked."""
    questions = tmp_path / "questions"
    shutil.copytree(default_questions_dir(), questions)
    os.mkfifo(questions / "zz-pipe.toml")
    code, _, err = run(["check", "--questions", str(questions)], capsys)
    assert code == 1
    assert "zz-pipe.toml" in err and "not a regular file" in err
    assert load_checked_bank(default_questions_dir(), default_seeds_dir())
