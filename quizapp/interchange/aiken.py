"""Aiken, Moodle's simplest format: single choice questions only, no feedback, one line each.

Read as Moodle's `qformat_aiken` does: a line that is not a choice (`A)` or `A.`, capital letter)
and not `ANSWER:` starts a question; `ANSWER: X` ends it; lines under 2 characters are skipped.
"""

from __future__ import annotations

import re

from quizapp.interchange.model import MULTICHOICE, Answer, Item, ReadError

_CHOICE = re.compile(r"^[A-Z][).][ \t]?")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def read(text: str) -> tuple[list[Item], list[ReadError]]:
    """Every question in an Aiken file, and every mistake by line (Moodle's own messages)."""
    items: list[Item] = []
    errors: list[ReadError] = []
    current: Item | None = None
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if len(line) < 2:
            continue
        if _CHOICE.match(line):
            if current is None:
                errors.append(
                    ReadError(
                        number, "Question not started (a choice comes before any question text)"
                    )
                )
                continue
            current.answers.append(Answer(line[2:].strip(), 0.0))
        elif line.startswith("ANSWER:"):
            if current is None:
                errors.append(
                    ReadError(
                        number, "Question not started (ANSWER: comes before any question text)"
                    )
                )
                continue
            letter = line[len("ANSWER:") :].strip()[:1]
            index = LETTERS.find(letter) if letter else -1
            if len(current.answers) < 2:
                errors.append(ReadError(number, "Question must have at least 2 answers"))
            elif not 0 <= index < len(current.answers):
                errors.append(
                    ReadError(
                        number, f"ANSWER: {letter or '(nothing)'} names no choice of this question"
                    )
                )
            else:
                current.answers[index].fraction = 1.0
                items.append(current)
            current = None
        else:
            if current is not None:
                errors.append(
                    ReadError(
                        number,
                        "Question not completed before next question start (no ANSWER: line)",
                    )
                )
            current = Item(MULTICHOICE, text=line, line=number)
    if current is not None:
        errors.append(
            ReadError(current.line, "Question not completed: the file ends before its ANSWER: line")
        )
    return items, errors


def writable(item: Item) -> str | None:
    """Why an item cannot be written in Aiken, or None when it can."""
    if item.qtype != MULTICHOICE or not item.single:
        return "not single choice"
    if len(item.answers) > len(LETTERS):
        return "more than 26 choices"
    if "\n" in item.text or any("\n" in answer.text for answer in item.answers):
        return "a line break in its text"
    if _CHOICE.match(item.text) or item.text.startswith("ANSWER:"):
        return "its text starts like a choice or an ANSWER: line"
    return None


def write(items: list[Item]) -> str:
    """An Aiken file of the items (each must be `writable`)."""
    out = []
    for item in items:
        lines = [item.text]
        lines += [f"{LETTERS[index]}) {answer.text}" for index, answer in enumerate(item.answers)]
        right = max(range(len(item.answers)), key=lambda index: item.answers[index].fraction)
        lines.append(f"ANSWER: {LETTERS[right]}")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)
