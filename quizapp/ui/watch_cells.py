"""What the teacher's live view shows in its tables: the roster's cells and each question's line,
readable at 80 columns (the question first, by its id and first words)."""

from __future__ import annotations

from rich.text import Text

from quizapp.core.classwatch import STATUS_WORDS, RosterRow
from quizapp.core.packs import first_words
from quizapp.core.report import NOISY_BELOW, ClassSummary, QuestionRow

ROSTER_COLUMNS = ("Student", "Status", "Question", "Answered", "Score", "Time left")
"""The roster's columns."""
QUESTION_COLUMNS = ("Question", "Right", "n", "Disc", "Most common wrong answer")
"""The question table's columns: the question (id and first words) first."""
FIXED_WIDTH = 30
"""What the question table's short columns (right, n, disc), the gaps between all five columns and
the scroll bar take, in characters."""
WRONG_WIDTH = 14
"""The most common wrong answer's first words (with its count)."""


def time_left(seconds: int | None) -> str:
    """`12:05`, or a dash when there is no deadline."""
    if seconds is None:
        return "–"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes:02d}:{rest:02d}"


def roster_cells(row: RosterRow) -> tuple[object, ...]:
    """One student's line: name, status, where they are, answers, the score once shown, time."""
    if row.score is not None:
        score = f"{row.score}%"
    elif row.right is not None:
        score = f"{row.right} of {row.answered} right"
    else:
        score = "–"
    where = f"{row.reached} of {row.total}" if row.total else "–"
    return (
        Text(row.name),  # typed by a student: never read as markup
        STATUS_WORDS.get(row.status, row.status),
        where,
        str(row.answered),
        score,
        time_left(row.seconds_left),
    )


def question_cells(question: QuestionRow, width: int) -> tuple[object, ...]:
    """One question's line for a view `width` characters wide: the question (id and first words,
    cut to fit), share right, students counted, discrimination (a ! marks a flag to check) and
    the most common wrong answer's first words."""
    room = max(20, width - FIXED_WIDTH - WRONG_WIDTH)
    disc = "–" if question.discrimination is None else f"{question.discrimination:+.2f}"
    if question.flags:
        disc += "!"
    wrong = (
        f"{first_words(question.common_wrong, WRONG_WIDTH - 5)} ({question.common_wrong_count})"
        if question.common_wrong
        else "–"
    )
    return (
        # Bank text as written: a str cell is read as markup ("[/]" raised).
        Text(first_words(f"{question.question_id}: {question.prompt}", room)),
        f"{question.percent_right:>3}%",
        str(question.counted),
        disc,
        Text(wrong),
    )


def summary_line(summary: ClassSummary | None) -> str:
    """The class in one line: ended attempts, mean and median, passes, KR-20 and its error."""
    if summary is None or summary.ended == 0:
        return "No attempt has ended yet: the class's scores come as students finish."
    parts = [
        f"{summary.ended} ended",
        f"mean {summary.mean_percent:.0f}%",
        f"median {summary.median_percent:.0f}%",
    ]
    if summary.with_pass_mark:
        parts.append(f"{summary.passed} of {summary.with_pass_mark} passed")
    if summary.alpha is not None and summary.sem_percent is not None:
        parts.append(f"KR-20 {summary.alpha:.2f} (±{summary.sem_percent:.0f} points)")
    if summary.noisy:
        parts.append(f"n = {summary.ended}, under {NOISY_BELOW}: noisy")
    return " · ".join(parts)


def flag_lines(questions: list[QuestionRow]) -> list[str]:
    """The questions to check (the ! in the table), each with why."""
    return [
        f"! {question.question_id}: {flag}" for question in questions for flag in question.flags
    ]
