"""`quizapp check` with the item-writing check: warnings pass and are listed, bank-level limits fail."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import main

REPO = Path(__file__).resolve().parents[1]
ITEMS = REPO / "tests" / "data" / "items"
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def _no_real_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real profiles folder."""
    monkeypatch.setenv("QUIZAPP_PROFILES", str(tmp_path / "profiles"))


def check(folder: str, *extra: str) -> list[str]:
    """The arguments of `quizapp check` on a fixture bank."""
    return ["check", "--questions", str(ITEMS / folder), "--seeds", str(SEEDS), *extra]


def test_warnings_pass_and_are_listed_by_rule_then_by_question(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A question with a flaw: exit 0, the OK line first, a count and fix per rule, then the place."""
    code = main(check("absolute_distractor"))
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("quizapp check: 1 questions OK")
    assert any("1 warning on 1 question" in line for line in lines)
    by_rule = lines.index(next(line for line in lines if "by rule" in line))
    by_question = lines.index("Item-writing warnings, by question:")
    assert by_rule < by_question
    assert "Haladyna, Downing & Rodriguez (2002)" in lines[by_rule]
    assert lines[by_rule + 1].split()[:2] == ["1", "absolute-distractor"]
    assert "fix:" in lines[by_rule + 2]
    place = f"{ITEMS / 'absolute_distractor' / 'bank.toml'}:3 [id flaw-absolute-distractor]"
    assert lines[by_question + 1].strip() == place
    assert lines[by_question + 2].strip().startswith("absolute-distractor: ")


@pytest.mark.parametrize(
    ("folder", "rule"),
    [
        pytest.param("key_longest_share", "key-longest-share", id="key-longest-share"),
        pytest.param("key_detail_share", "key-detail-share", id="key-detail-share"),
        pytest.param("role_key_share", "role-key-share", id="role-key-share"),
        pytest.param("true_share", "true-share", id="true-share"),
    ],
)
def test_bank_level_limit_fails_check(
    capsys: pytest.CaptureFixture[str], folder: str, rule: str
) -> None:
    """Over a bank-level limit: exit 1, the rule and the file on stderr, no traceback."""
    code = main(check(folder))
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    assert "questions OK" not in out
    assert f"{ITEMS / folder / 'bank.toml'}: {rule}: " in err


def test_small_bank_passes_and_says_which_limits_wait_for_more_questions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Nine single-choice questions: the key-length limit is named as not applied yet."""
    assert main(check("small_bank_limits")) == 0
    out = capsys.readouterr().out
    assert (
        "too few questions for: key length and detail (from 10 single-choice questions; 9 here)"
        in out
    )


def test_rule_option_lists_one_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """`--rule` keeps only that rule's warnings; an unknown rule is a usage error."""
    assert main(check("near_duplicate", "--rule", "longest-key")) == 0
    assert "Item-writing warnings" not in capsys.readouterr().out
    assert main(check("near_duplicate", "--rule", "near-duplicate")) == 0
    out = capsys.readouterr().out
    assert "near-duplicate: asks the point of 'dup-optimise-database'" in out
    assert "stem-clue" not in out
    assert main(check("clean", "--rule", "no-such-rule")) == 2
    assert "unknown rule 'no-such-rule'" in capsys.readouterr().err


@pytest.mark.parametrize("folder", ["near_duplicate", "key_longest_share"])
def test_check_piped_to_head_stays_quiet(tmp_path: Path, folder: str) -> None:
    """`quizapp check | head -1`: one line, no traceback, whether the bank passes or fails."""
    env = {**os.environ, "QUIZAPP_PROFILES": str(tmp_path / "profiles")}
    command = (
        f"{sys.executable} -m quizapp check --questions {ITEMS / folder} --seeds {SEEDS} | head -1"
    )
    result = subprocess.run(
        ["sh", "-c", command], env=env, capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stdout.splitlines()) <= 1
