"""Item analysis as Moodle's quiz statistics report it: facility, discrimination, choices, KR-20."""

from __future__ import annotations

import math
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from quizapp.core.bank import Bank
from quizapp.core.profile import Answer, Attempt, AttemptStatus, Response
from quizapp.core.report import item_analysis, random_guess
from quizapp.core.scoring import grade

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
ITEMS = ["tiny-duty-single", "tiny-skill-single", "tiny-duty-true-false", "tiny-duty-role"]
RIGHT: dict[str, Response] = {
    "tiny-duty-single": 0,
    "tiny-skill-single": 0,
    "tiny-duty-true-false": True,
    "tiny-duty-role": "developer",
}
WRONG: dict[str, Response] = {
    "tiny-duty-single": 1,
    "tiny-skill-single": 2,
    "tiny-duty-true-false": False,
    "tiny-duty-role": "engineer",
}


def attempt(
    bank: Bank,
    pattern: str,
    status: AttemptStatus = "finished",
    wrong: dict[str, Response] | None = None,
    number: int = 0,
) -> Attempt:
    """An attempt at the four items: `pattern` has 1 (right), 0 (wrong) or . (not answered)."""
    answers = []
    for question_id, mark in zip(ITEMS, pattern, strict=True):
        if mark == ".":
            continue
        response = RIGHT[question_id] if mark == "1" else (wrong or WRONG)[question_id]
        correct, credit = grade(bank[question_id], response)
        answers.append(
            Answer(
                question_id=question_id,
                response=response,
                correct=correct,
                credit=credit,
                answered_at=NOW,
                version=bank[question_id].fingerprint,
            )
        )
    return Attempt(
        id=f"2026112{number}T090000Z-pack",
        mode="pack",
        pack_id="class-7",
        status=status,
        started=NOW + timedelta(days=number),
        pass_mark=0.5,
        question_ids=ITEMS,
        answers=answers,
    )


def by_id(rows: list) -> dict:  # type: ignore[type-arg]
    """Question rows by id."""
    return {row.question_id: row for row in rows}


GUTTMAN = ["1111", "1110", "1100", "1000", "0000", "1111"]
"""Six students, each item harder than the one before: a consistent test."""


def test_facility_discrimination_and_kr20_against_their_definitions(tiny_bank: Bank) -> None:
    """Facility p; the item against the rest of the test (Pearson); KR-20 = k/(k-1)(1 - sum pq / var)."""
    rows, summary = item_analysis([[attempt(tiny_bank, p)] for p in GUTTMAN], tiny_bank)
    matrix = [[int(mark) for mark in pattern] for pattern in GUTTMAN]
    totals = [sum(row) for row in matrix]
    p = [sum(row[i] for row in matrix) / len(matrix) for i in range(4)]
    for i, question_id in enumerate(ITEMS):
        row = by_id(rows)[question_id]
        assert row.facility == pytest.approx(p[i])
        column = [line[i] for line in matrix]
        rest = [total - mark for total, mark in zip(totals, column, strict=True)]
        assert row.discrimination == pytest.approx(statistics.correlation(column, rest))
    kr20 = (4 / 3) * (1 - sum(x * (1 - x) for x in p) / statistics.pvariance(totals))
    assert summary.alpha == pytest.approx(kr20) == pytest.approx(5 / 6)
    sd_percent = 100 * statistics.pstdev(totals) / 4
    assert summary.sem_percent == pytest.approx(sd_percent * math.sqrt(1 - kr20))
    assert (summary.students, summary.ended, summary.items) == (6, 6, 4)
    assert summary.mean_percent == pytest.approx(100 * statistics.fmean(totals) / 4)
    assert summary.median_percent == pytest.approx(100 * statistics.median(totals) / 4)
    assert (summary.passed, summary.with_pass_mark) == (4, 6)  # 2 of 4 is the mark
    assert summary.noisy
    assert [row.question_id for row in rows] == list(reversed(ITEMS)), "hardest first"


def test_upper_and_lower_groups_and_choice_counts(tiny_bank: Bank) -> None:
    """27% of six is two: the role item is right for the top two, wrong for the bottom two."""
    rows, _ = item_analysis([[attempt(tiny_bank, p)] for p in GUTTMAN], tiny_bank)
    role = by_id(rows)["tiny-duty-role"]
    assert role.upper_lower == pytest.approx(1.0)
    picked = {
        choice.text: (choice.key, choice.picked, choice.upper, choice.lower)
        for choice in role.choices
    }
    assert picked == {
        "Backend engineer": (False, 4, 0, 2),
        "Backend developer": (True, 2, 2, 0),
        "Both": (False, 0, 0, 0),
    }
    assert role.guess == pytest.approx(1 / 3) == random_guess(tiny_bank["tiny-duty-role"])
    assert role.flags == []  # six students: too few to call an unused choice a flaw


def test_a_miskeyed_item_is_flagged(tiny_bank: Bank) -> None:
    """Right only for the weakest students: negative discrimination, the key beaten at the top."""
    patterns = ["1110", "1110", "1100", "1001", "0001", "1110"]
    rows, _ = item_analysis([[attempt(tiny_bank, p)] for p in patterns], tiny_bank)
    role = by_id(rows)["tiny-duty-role"]
    assert role.discrimination is not None and role.discrimination < 0
    assert any("negative discrimination" in flag for flag in role.flags)
    assert any("chose 'Backend engineer' over the key" in flag for flag in role.flags)


def test_unanswered_counts_as_wrong_once_ended_and_only_first_attempts_count(
    tiny_bank: Bank,
) -> None:
    """An ended attempt's gaps are wrong (as in its score); an open one's are not counted yet; a
    retake after the first attempt changes nothing in the question table."""
    students = [
        [attempt(tiny_bank, "1...", "timed_out")],
        [attempt(tiny_bank, "11..", "active")],
        [attempt(tiny_bank, "0000"), attempt(tiny_bank, "1111", number=1)],
    ]
    rows, summary = item_analysis(students, tiny_bank)
    skill = by_id(rows)["tiny-skill-single"]
    assert (skill.asked, skill.answered, skill.right) == (3, 2, 1)
    role = by_id(rows)["tiny-duty-role"]
    assert (role.asked, role.answered, role.right) == (2, 1, 0)
    assert (summary.students, summary.ended) == (3, 2)


def test_a_tiny_class_gives_no_statistic_it_cannot_support(tiny_bank: Bank) -> None:
    """One student: facility only; no correlation, no groups, no reliability."""
    rows, summary = item_analysis([[attempt(tiny_bank, "1010")]], tiny_bank)
    assert all(row.discrimination is None and row.upper_lower is None for row in rows)
    assert summary.alpha is None and summary.sem_percent is None
    assert summary.mean_percent == 50 and summary.sd_percent is None


def test_nobody_in_a_large_class_chose_a_choice(tiny_bank: Bank) -> None:
    """With ten or more, a distractor nobody chose is flagged as not working."""
    students = [[attempt(tiny_bank, "1111" if n % 2 else "0000", number=n % 9)] for n in range(12)]
    rows, _ = item_analysis(students, tiny_bank)
    role = by_id(rows)["tiny-duty-role"]
    assert "nobody chose 'Both': a choice that does not work" in role.flags
