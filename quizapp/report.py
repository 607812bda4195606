"""`quizapp report`: prints the class report and writes it as CSV or JSON (imported only by that command)."""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from quizapp.core.durable import atomic_write
from quizapp.core.reading import printable
from quizapp.core.report import (
    NOISY_BELOW,
    TOPIC_COLUMNS,
    ClassReport,
    ClassSummary,
    QuestionRow,
    build_report,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Cell starts that spreadsheet programs read as a formula (CSV injection)."""


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: text starting like a formula gets a leading `'`.

    Numbers are left as they are; only text (names, prompts, answers from files) can be a formula.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _signed(value: float | None) -> str:
    """`+0.42`, `-0.10`, or a dash when the figure cannot be computed."""
    return "   – " if value is None else f"{value:+.2f}"


def _short(text: str, width: int = 40) -> str:
    """`text` cut to `width` characters with an ellipsis (a choice's first words name it)."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def choice_summary(question: QuestionRow) -> str:
    """Each choice with how many picked it (top and bottom group in brackets); the key starred."""
    return " · ".join(
        f"{'*' if choice.key else ''}{_short(choice.text)} {choice.picked}"
        + (f" ({choice.upper} top, {choice.lower} bottom)" if choice.upper or choice.lower else "")
        for choice in question.choices
    )


def summary_lines(summary: ClassSummary) -> list[str]:
    """The class as a whole in words: scores, passes, reliability, and how much to trust them."""
    if summary.ended == 0:
        return [f"Class: {summary.students} students, none finished yet."]
    scores = (
        f"Class (first attempts): {summary.ended} ended of {summary.students} · mean "
        f"{summary.mean_percent:.0f}%, median {summary.median_percent:.0f}%"
    )
    if summary.sd_percent is not None:
        scores += f", spread (sd) {summary.sd_percent:.0f} points"
    if summary.with_pass_mark:
        scores += f" · passed {summary.passed} of {summary.with_pass_mark}"
    lines = [scores]
    if summary.alpha is not None and summary.sem_percent is not None:
        lines.append(
            f"Reliability (KR-20 over {summary.items} questions) {summary.alpha:.2f}; standard "
            f"error of measurement {summary.sem_percent:.0f} points (a score is about +/- that)."
        )
    if summary.noisy:
        lines.append(
            f"n = {summary.ended}: with fewer than {NOISY_BELOW} students these figures are noisy; "
            "read them as hints, not verdicts."
        )
    return lines


def format_table(report: ClassReport) -> str:
    """The report as a plain-text table for the terminal."""
    lines = [
        f"Class report for {report.folder}"
        + (f" (pack {report.pack_id})" if report.pack_id else "")
    ]
    lines.append("")
    header = (
        f"{'student':<22} {'latest':>7} {'best':>6} "
        + " ".join(f"{topic:>7}" for topic in TOPIC_COLUMNS)
        + f" {'time':>7}  {'status':<15} attempts"
    )
    lines.append(header)
    lines.append("-" * len(header))
    for row in report.students:
        latest = row.latest
        topics = " ".join(
            f"{str(latest.by_topic[topic]) + '%' if topic in latest.by_topic else '-':>7}"
            for topic in TOPIC_COLUMNS
        )
        passed = {True: " pass", False: " fail", None: ""}[latest.passed]
        lines.append(
            f"{row.name[:22]:<22} {str(latest.percent) + '%':>7} {str(row.best.percent) + '%':>6} "
            f"{topics} {_minutes(latest.seconds):>7}  {latest.status + passed:<15} {row.attempts}"
        )
    if not report.students:
        lines.append("(no attempts found)")
    lines.append("")
    lines.extend(summary_lines(report.summary))
    lines.append("")
    lines.append("Questions, hardest first, from each student's first attempt")
    lines.append(
        "  (right: share right; disc: discrimination against the rest of the test, -1 to 1; "
        "27%: top group minus bottom group; * marks the right choice)"
    )
    for question in report.questions:
        wrong = (
            f"; most common wrong answer: {question.common_wrong} ({question.common_wrong_count})"
            if question.common_wrong
            else ""
        )
        lines.append(
            f"  {question.percent_right:>3}% right ({question.right}/{question.counted})"
            f"  disc {_signed(question.discrimination)}  27% {_signed(question.upper_lower)}"
            f"  {question.question_id}{wrong}"
        )
        if question.choices:
            lines.append("        choices: " + choice_summary(question))
        lines.extend(f"        check: {flag}" for flag in question.flags)
    if report.skipped:
        lines.append("")
        lines.append("Skipped (could not be read; left untouched):")
        lines.extend(f"  {printable(file)}: {printable(reason)}" for file, reason in report.skipped)
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def _replaced_whole(path: Path) -> Iterator[io.StringIO]:
    """A text buffer written to `path` whole when the block ends (never a torn file)."""
    buffer = io.StringIO(newline="")
    yield buffer
    atomic_write(path, buffer.getvalue().encode("utf-8"))


def write_csv(report: ClassReport, path: Path) -> Path:
    """Write one row per student to `path`, and one row per question to `<stem>-questions.csv`.

    Returns:
        The questions file's path.
    """
    with _replaced_whole(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "student",
                "latest_percent",
                "best_percent",
                *[f"{t}_percent" for t in TOPIC_COLUMNS],
                "seconds",
                "status",
                "passed",
                "attempts",
                "latest_attempt",
                "best_attempt",
            ]
        )
        for row in report.students:
            latest = row.latest
            writer.writerow(
                csv_cell(cell)
                for cell in [
                    row.name,
                    latest.percent,
                    row.best.percent,
                    *[latest.by_topic.get(topic, "") for topic in TOPIC_COLUMNS],
                    latest.seconds,
                    latest.status,
                    "" if latest.passed is None else latest.passed,
                    row.attempts,
                    latest.attempt_id,
                    row.best.attempt_id,
                ]
            )
    questions_path = path.with_name(f"{path.stem}-questions{path.suffix or '.csv'}")
    with _replaced_whole(questions_path) as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "question_id",
                "topic",
                "percent_right",
                "right",
                "answered",
                "most_common_wrong_answer",
                "wrong_count",
                "prompt",
                "counted",
                "facility",
                "discrimination",
                "upper_lower_27",
                "random_guess",
                "choices",
                "flags",
            ]
        )
        for question in report.questions:
            writer.writerow(
                csv_cell(cell)
                for cell in [
                    question.question_id,
                    question.topic,
                    question.percent_right,
                    question.right,
                    question.answered,
                    question.common_wrong,
                    question.common_wrong_count,
                    question.prompt,
                    question.counted,
                    round(question.facility, 3),
                    "" if question.discrimination is None else round(question.discrimination, 3),
                    "" if question.upper_lower is None else round(question.upper_lower, 3),
                    round(question.guess, 3),
                    "; ".join(
                        f"{'*' if choice.key else ''}{choice.text}: {choice.picked}"
                        for choice in question.choices
                    ),
                    " | ".join(question.flags),
                ]
            )
    return questions_path


def write_class_csv(report: ClassReport, path: Path) -> Path:
    """Write the class summary (one row) to `<stem>-class.csv` beside `path`; return its path."""
    summary = report.summary
    class_path = path.with_name(f"{path.stem}-class{path.suffix or '.csv'}")
    with _replaced_whole(class_path) as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "students",
                "ended",
                "mean_percent",
                "median_percent",
                "sd_percent",
                "passed",
                "with_pass_mark",
                "items",
                "kr20",
                "sem_percent",
                "noisy",
            ]
        )
        writer.writerow(
            [
                summary.students,
                summary.ended,
                *(
                    "" if value is None else round(value, 3)
                    for value in (summary.mean_percent, summary.median_percent, summary.sd_percent)
                ),
                summary.passed,
                summary.with_pass_mark,
                summary.items,
                *(
                    "" if value is None else round(value, 3)
                    for value in (summary.alpha, summary.sem_percent)
                ),
                summary.noisy,
            ]
        )
    return class_path


def to_json(report: ClassReport) -> str:
    """The whole report as JSON for other tools."""
    data = asdict(report)
    for row, question in zip(data["questions"], report.questions, strict=True):
        row["percent_right"] = question.percent_right
        row["facility"] = question.facility
        row["counted"] = question.counted
    data["summary"]["noisy"] = report.summary.noisy
    data["skipped"] = [{"file": file, "reason": reason} for file, reason in report.skipped]
    del data["packs_taken"]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def run_report(args: argparse.Namespace, questions_dir: Path, seeds_dir: Path) -> int:
    """Run `quizapp report` and return the exit code."""
    from quizapp.core.loader import load_bank

    folder: Path = args.folder
    if not folder.is_dir():
        print(
            f"quizapp report: {folder}: no such folder; give the class's profiles folder",
            file=sys.stderr,
        )
        return 1
    for option, target in (("--csv", args.csv), ("--json", args.json)):
        unwritable = target is not None and _unwritable(target)
        if unwritable:
            print(f"quizapp report: {option} {target}: {unwritable}", file=sys.stderr)
            return 1
    bank, _, problems = load_bank(questions_dir, seeds_dir)
    if problems:
        print(
            f"quizapp report: the question bank has {len(problems)} problem(s); run `quizapp check`",
            file=sys.stderr,
        )
        return 1
    at = None
    if getattr(args, "at", None):
        try:
            at = datetime.fromisoformat(args.at.replace("Z", "+00:00"))
        except ValueError:
            at = None
        if at is None or at.tzinfo is None:
            print(
                f"quizapp report: --at {args.at!r} is not a time with a zone; write it like "
                "2026-11-28T10:15:00Z",
                file=sys.stderr,
            )
            return 2
    pack_id: str | None = args.pack
    if args.pack is not None:
        from quizapp.core.packs import pack_from_argument

        pack_id, _, pack_problems = pack_from_argument(args.pack, bank)
        if pack_problems or pack_id is None:
            print("quizapp report: the pack file cannot be used:", file=sys.stderr)
            for problem in pack_problems:
                print(f"  {problem}", file=sys.stderr)
            return 1
    report = build_report(folder, bank, pack_id, now=at)
    if pack_id is not None and pack_id not in report.packs_taken:
        taken = ", ".join(report.packs_taken) or "none"
        print(
            f"quizapp report: no attempts of pack {pack_id!r} in {folder} (packs taken there: "
            f"{taken}); give the pack's file or the `id` from it.",
            file=sys.stderr,
        )
        return 1
    sys.stdout.write(format_table(report))
    try:
        if args.csv:
            questions_path = write_csv(report, args.csv)
            class_path = write_class_csv(report, args.csv)
            print(
                f"Wrote {args.csv} (students), {questions_path} (questions) and {class_path} "
                "(the class)"
            )
        if args.json:
            atomic_write(args.json, to_json(report).encode("utf-8"))
            print(f"Wrote {args.json}")
    except OSError as error:
        print(f"quizapp report: cannot write: {error}", file=sys.stderr)
        return 1
    return 0


def _unwritable(target: Path) -> str:
    """Why a report file cannot be written at `target` ("" if it can), checked before any output."""
    import os

    if target.is_dir():
        return "is a folder; give a file name"
    folder = target.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist; create it or give another path"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} cannot be written; give another path"
    if target.exists() and not os.access(target, os.W_OK):
        return "cannot be overwritten (permission denied); give another path"
    return ""
