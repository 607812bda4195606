"""`quizapp check`: exit codes, problems on stderr without tracebacks, and the summary of a good bank."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.loader import load_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "bank"
SEEDS = REPO / "seeds"
SAMPLE_PACK = REPO / "questions" / "packs" / "backend-roles-class.toml"


@pytest.fixture(autouse=True)
def _no_real_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real profiles folder."""
    monkeypatch.setenv("QUIZAPP_PROFILES", str(tmp_path / "profiles"))


# Each broken fixture bank with what stderr must name: the file (with its line when known) and the question.
BROKEN_BANKS = [
    pytest.param("bad_toml_syntax", "unterminated_string.toml:8", "", id="bad-toml-syntax"),
    pytest.param("unknown_kind", "essay_kind.toml:3", "[id kind-essay]", id="unknown-kind"),
    pytest.param("extra_key", "misspelt_key.toml:3", "[id extra-hint-key]", id="extra-key"),
    pytest.param(
        "missing_field",
        "no_explanation_no_id.toml:12",
        "[question #2]",
        id="missing-field",
    ),
    pytest.param("duplicate_id_across_files", "b_second.toml", "[id shared-id]", id="duplicate-id"),
    pytest.param(
        "answer_out_of_range",
        "answer_past_last_choice.toml:3",
        "[id answer-too-big]",
        id="answer-out-of-range",
    ),
    pytest.param(
        "unknown_document", "missing_doc.toml", "[id doc-does-not-exist]", id="unknown-document"
    ),
    pytest.param(
        "quote_not_in_document",
        "reworded_quote.toml",
        "[id quote-reworded]",
        id="quote-not-in-document",
    ),
    pytest.param("unknown_area", "unlisted_area.toml", "[id area-cooking]", id="unknown-area"),
    pytest.param("empty_bank", "", "the bank is empty", id="empty-bank"),
    pytest.param(
        "fit_scale_without_mirror",
        "lonely_scale.toml:2",
        "[id fit-lonely-scale]: mirror",
        id="fit-scale-without-mirror",
    ),
    pytest.param(
        "fit_choice_tilted",
        "tilted_choice.toml:2",
        "[id fit-tilted-choice]",
        id="fit-choice-tilted",
    ),
    pytest.param(
        "fit_wording_people_on_one_side",
        "fit.toml",
        "fit wording is not balanced",
        id="fit-wording-people-on-one-side",
    ),
    pytest.param(
        "fit_choice_options_on_two_topics",
        "fit.toml:2",
        "[id fit-two-topics]: options",
        id="fit-choice-options-on-two-topics",
    ),
    pytest.param(
        "three_problems", "three_problems.toml:13", "[id three-answer-out-of-range]", id="three"
    ),
]


@pytest.mark.parametrize(("folder", "file_part", "where"), BROKEN_BANKS)
def test_check_broken_bank_exits_1_and_names_file_and_question(
    capsys: pytest.CaptureFixture[str], folder: str, file_part: str, where: str
) -> None:
    """A broken bank makes `check` return 1 and print the file and question to stderr, no traceback."""
    questions = DATA / folder
    code = main(["check", "--questions", str(questions), "--seeds", str(SEEDS)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    assert "questions OK" not in out
    assert re.search(r"\b1 problem found|\b([02-9]|\d\d+) problems found", err), err
    expected_file = str(questions / file_part) if file_part else str(questions)
    lines = [line for line in err.splitlines() if expected_file in line and where in line]
    assert lines, err


def test_check_reports_every_problem_of_a_bank(capsys: pytest.CaptureFixture[str]) -> None:
    """All three problems of a bank reach stderr in one run."""
    code = main(["check", "--questions", str(DATA / "three_problems"), "--seeds", str(SEEDS)])
    err = capsys.readouterr().err
    assert code == 1
    for question_id in ("three-unknown-kind", "three-answer-out-of-range", "three-unknown-area"):
        assert f"[id {question_id}]" in err


def test_check_missing_questions_folder_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A questions folder that does not exist is a reported problem, not a crash."""
    missing = tmp_path / "nowhere"
    code = main(["check", "--questions", str(missing), "--seeds", str(SEEDS)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert str(missing) in err


def summary_line(title: str, counts: Counter[str]) -> str:
    """How a summary line should read: its title, then each key and count in key order."""
    return f"{title} " + ", ".join(f"{key} {count}" for key, count in sorted(counts.items()))


def test_check_real_bank_exits_0_with_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """The shipped bank passes, and the summary counts questions by topic, kind, area and document."""
    code = main(["check"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err == ""
    bank, _, _ = load_bank(default_questions_dir(), default_seeds_dir())
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert lines[0] == f"quizapp check: {len(bank)} questions OK in {default_questions_dir()}"
    questions = bank.questions
    assert summary_line("topics", Counter(q.topic for q in questions)) in lines
    assert summary_line("kinds", Counter(q.kind for q in questions)) in lines
    assert summary_line("areas", Counter(q.area for q in questions)) in lines
    assert summary_line("documents", Counter(q.source.doc for q in questions)) in lines
    assert any(line.startswith("paths engineer ") for line in lines)


def test_check_explicit_folders_match_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    """Passing the shipped folders explicitly gives the same result as the defaults."""
    assert main(["check"]) == 0
    default_out = capsys.readouterr().out
    code = main(
        [
            "check",
            "--questions",
            str(default_questions_dir()),
            "--seeds",
            str(default_seeds_dir()),
        ]
    )
    assert code == 0
    assert capsys.readouterr().out == default_out


BROKEN_PACKS = [
    pytest.param("unknown_question_id.toml", None, "no-such-question-in-the-bank", id="unknown-id"),
    pytest.param("bad_toml_syntax.toml", 3, "not valid TOML", id="bad-toml-syntax"),
]


@pytest.mark.parametrize(("name", "line", "detail"), BROKEN_PACKS)
def test_check_broken_pack_exits_1_and_names_the_file(
    capsys: pytest.CaptureFixture[str], name: str, line: int | None, detail: str
) -> None:
    """A broken pack makes `check --pack` return 1 and name the pack file (and line) on stderr."""
    pack = DATA / "packs" / name
    code = main(["check", "--pack", str(pack)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    place = f"{pack}:{line}" if line is not None else str(pack)
    assert any(place in row and detail in row for row in err.splitlines()), err


def test_check_missing_pack_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pack path that does not exist is reported by name."""
    missing = tmp_path / "no-pack.toml"
    code = main(["check", "--pack", str(missing)])
    assert code == 1
    assert str(missing) in capsys.readouterr().err


def test_check_sample_pack_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """The sample class pack validates against the shipped bank."""
    code = main(["check", "--pack", str(SAMPLE_PACK)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"pack {SAMPLE_PACK} OK" in " ".join(out.split())


def test_installed_cli_runs_check_from_another_folder(tmp_path: Path) -> None:
    """`python -m quizapp check` in a subprocess, from another folder, exits 0 with no traceback."""
    env = {**os.environ, "QUIZAPP_PROFILES": str(tmp_path / "profiles")}
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "check"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "questions OK" in result.stdout


def test_check_show_previews_the_pack_in_the_order_students_meet_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`check --pack FILE --show`: the rules with the total time, then every question numbered in
    the shared order, each with its id and first words; --show alone is a usage error."""
    from quizapp.core.loader import load_checked_bank
    from quizapp.core.packs import load_pack, resolve_questions

    assert main(["check", "--pack", str(SAMPLE_PACK), "--show"]) == 0
    out = capsys.readouterr().out
    bank = load_checked_bank(REPO / "questions", SEEDS)
    pack, _ = load_pack(SAMPLE_PACK, bank)
    assert pack is not None
    order = resolve_questions(pack, bank)
    assert f"{len(order)} questions · 15 minutes in all" in out
    assert "results when the class ends · 1 attempt each · you start everyone at once" in out
    numbered = re.findall(r"^ ?(\d+)\. (\S+) \[", out, flags=re.MULTILINE)
    assert numbered == [(str(n), qid) for n, qid in enumerate(order, start=1)]
    first = bank[order[0]].prompt.split()[0]
    assert f"] {first}" in out
    assert main(["check", "--show"]) == 2
    assert "--show needs --pack" in capsys.readouterr().err
