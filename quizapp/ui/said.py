"""The flow's words (`quizapp.core.flow.Said` lines) as Rich text: labels and headings in bold,
quotes in italics, the verdict line after a sign."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from quizapp.core.flow import Said, Teaching


def said_text(
    lines: Iterable[Said], *, mark: str = "", terminated: bool = False, indent: str = ""
) -> Text:
    """The lines as one Text.

    Args:
        lines: the words, in order.
        mark: put before the verdict line ("✓ ", "✗ ").
        terminated: end every line with a newline (else only between lines).
        indent: put before every line that is not blank.
    """
    text = Text()
    for number, line in enumerate(lines):
        if number and not terminated:
            text.append("\n")
        if line.kind != "gap":
            text.append(indent)
        if line.kind == "verdict":
            text.append(mark + str(line), style="bold")
        elif line.kind == "heading":
            text.append(str(line), style="bold")
        elif line.kind == "quote":
            text.append(str(line), style="italic")
        else:
            if line.label:
                text.append(line.label, style="bold")
            text.append(line.text)
        if terminated:
            text.append("\n")
    return text


MARKS = {"right": "✓ ", "partly": "✗ ", "wrong": "✗ ", "noted": "● ", "held_back": ""}
"""The sign before the feedback's first line (never colour alone; no tick on a held-back answer,
where a tick would read as "right")."""


def feedback_text(teaching: Teaching, *, indent: str = "") -> Text:
    """The feedback panel: the flow's words (`quizapp.core.flow.teach`), the first line after a sign."""
    return said_text(teaching.lines, mark=MARKS[teaching.outcome], indent=indent)
