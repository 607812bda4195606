"""Blind reading: a seeded random sample of graded questions, printed without their keys.

A second reader answers each question first, from their own knowledge and the seed documents,
and only then reveals the key and the feedback (`--reveal`) and scores learner value. Choices are
shuffled with the same seed, so a choice's position and the file's order tell the reader nothing;
the reveal prints the shuffled letters of the key so answers can be compared.

`python tests/blind_sample.py [--seed N] [--size N] [--reveal] [--ids ID,ID]`
"""

from __future__ import annotations

import argparse
import random
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quizapp.core.bank import (
    AnyQuestion,
    MultiQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    is_graded,
)

KNOWLEDGE_FILES = ("duties.toml", "jobs.toml", "skills.toml", "tools.toml")
"""The files whose graded questions the sample is drawn from."""
LETTERS = "ABCDEFGHI"


def draw(
    questions: Sequence[AnyQuestion], files: dict[str, str], seed: int, size: int
) -> list[AnyQuestion]:
    """A seeded random sample of the graded questions of the knowledge files, in drawn order."""
    pool = [
        question
        for question in questions
        if is_graded(question) and not question.draft and files.get(question.id) in KNOWLEDGE_FILES
    ]
    return random.Random(seed).sample(pool, min(size, len(pool)))


def shuffled(question: AnyQuestion, seed: int) -> list[int]:
    """The order the choices are shown in (original indexes), fixed per question and seed."""
    if not isinstance(question, SingleQuestion | MultiQuestion):
        return []
    order = list(range(len(question.choices)))
    random.Random(f"{seed}:{question.id}").shuffle(order)
    return order


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(
        " ".join(text.split()), 100, initial_indent=indent, subsequent_indent=indent
    )


def show(number: int, question: AnyQuestion, seed: int, reveal: bool) -> str:
    """One question as the reader sees it; with `reveal`, the key and every line of feedback."""
    lines = [f"## {number}. {question.id}" if reveal else f"## {number}. (question {number})"]
    lines.append(f"kind: {question.kind}")
    lines.append(_wrap(question.prompt, ""))
    order = shuffled(question, seed)
    if isinstance(question, SingleQuestion | MultiQuestion):
        for letter, index in zip(LETTERS, order, strict=False):
            lines.append(_wrap(f"{letter}) {question.choices[index]}", "  "))
    elif isinstance(question, TrueFalseQuestion):
        lines.append("  True / False")
    elif isinstance(question, RoleQuestion):
        lines.append("  engineer / developer / both")
    if reveal:
        if isinstance(question, SingleQuestion):
            key = LETTERS[order.index(question.answer)]
        elif isinstance(question, MultiQuestion):
            key = ",".join(sorted(LETTERS[order.index(a)] for a in question.answers))
        else:
            key = str(question.answer)
        lines.append(f"KEY: {key}   (difficulty {question.difficulty})")
        lines.append("explanation:")
        lines.append(_wrap(question.explanation))
        if isinstance(question, SingleQuestion | MultiQuestion):
            for index, note in sorted(question.why_wrong.items(), key=lambda item: int(item[0])):
                lines.append(_wrap(f"why not {LETTERS[order.index(int(index))]}: {note}"))
        if question.beyond:
            lines.append("beyond:")
            lines.append(_wrap(question.beyond))
        lines.append(f"source: {question.source.doc}: {question.source.quote}")
        if isinstance(question, RoleQuestion) and question.role_sources:
            for role in ("engineer", "developer"):
                source = getattr(question.role_sources, role)
                lines.append(f"  {role}: {source.doc}: {source.quote}")
        if question.fact:
            lines.append(f"fact: {question.fact}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the sample (blind unless --reveal)."""
    from quizapp.core.loader import load_bank
    from quizapp.core.locations import default_questions_dir, default_seeds_dir

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--size", type=int, default=30)
    parser.add_argument("--reveal", action="store_true")
    parser.add_argument("--only", type=str, default="", help="numbers to show, e.g. 1-10")
    args = parser.parse_args(argv)
    bank, _, problems = load_bank(default_questions_dir(), default_seeds_dir())
    for problem in problems[:5]:
        print(f"note: {problem}", file=sys.stderr)
    sample = draw(bank.questions, bank.files, args.seed, args.size)
    wanted = range(1, len(sample) + 1)
    if args.only:
        low, _, high = args.only.partition("-")
        wanted = range(int(low), int(high or low) + 1)
    for number, question in enumerate(sample, 1):
        if number in wanted:
            print(show(number, question, args.seed, args.reveal))
            print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
