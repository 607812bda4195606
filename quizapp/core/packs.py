"""Classroom quiz packs: one TOML file a teacher writes, giving every student the same quiz."""

from __future__ import annotations

import hashlib
import random
import zlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from quizapp.core.bank import AREAS, ID_PATTERN, KINDS, TOPICS, Bank, is_graded
from quizapp.core.loader import load_model_file
from quizapp.core.problems import Problem

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)


class Selection(BaseModel):
    """A rule that draws questions from the bank: every filter given must match."""

    model_config = _STRICT

    count: int = Field(ge=1)
    """How many questions to draw."""
    topic: str | None = None
    """Only this topic (`duties`, `skills`, `tools`)."""
    area: str | None = None
    """Only this area."""
    kind: str | None = None
    """Only this kind; without it, fit and readiness items (which have no right answer) are left out."""


class Pack(BaseModel):
    """A quiz pack: which questions, in what order, how long, what feedback and what pass mark."""

    model_config = _STRICT

    id: str = Field(pattern=ID_PATTERN, max_length=80)
    """Stable id; attempts and reports name the pack by it."""
    title: str = Field(min_length=3)
    """Shown to students at the start."""
    questions: list[str] = Field(default_factory=list)
    """Explicit question ids, asked first."""
    select: list[Selection] = Field(default_factory=list)
    """Rules drawing more questions by topic, area or kind (drawn the same way for every student)."""
    order: Literal["fixed", "shuffled-same", "shuffled-each"] = "fixed"
    """`fixed`: as listed; `shuffled-same`: one shuffled order for everyone; `shuffled-each`: each student their own."""
    seed: int = 0
    """The seed for drawing and shuffling, so a pack always gives the same quiz."""
    shuffle_choices: bool = True
    """Shuffle the choices of single and multi questions (with the same rule as `order`)."""
    time_limit_minutes: int | None = Field(default=None, ge=1, le=600)
    """A time limit for the whole quiz; when it runs out the attempt is closed (answers are kept)."""
    feedback: Literal["immediate", "end"] = "immediate"
    """`immediate`: right/wrong after each answer; `end`: only in the review at the end."""
    pass_percent: int = Field(default=60, ge=0, le=100)
    """The score needed to pass, in percent."""

    @model_validator(mode="after")
    def _check_not_empty(self) -> Pack:
        if not self.questions and not self.select:
            raise ValueError("questions: a pack needs `questions` ids or `[[select]]` rules")
        return self


def pack_fingerprint(path: Path) -> str:
    """A short hash of the pack file, recorded in each attempt."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def resolve_questions(pack: Pack, bank: Bank) -> list[str]:
    """The pack's question ids in the fixed (or shared shuffled) order, drawn deterministically."""
    ids = list(dict.fromkeys(pack.questions))
    rng = random.Random(pack.seed)
    for rule in pack.select:
        pool = [
            question.id
            for question in bank.questions
            if question.id not in ids
            and (rule.topic is None or question.topic == rule.topic)
            and (rule.area is None or question.area == rule.area)
            and (question.kind == rule.kind if rule.kind else is_graded(question))
        ]
        ids.extend(rng.sample(pool, min(rule.count, len(pool))))
    if pack.order == "shuffled-same":
        rng.shuffle(ids)
    return ids


def student_seed(pack: Pack, student: str) -> int:
    """The shuffle seed for one student: the pack's own, or one of the student's for `shuffled-each`."""
    if pack.order == "shuffled-each":
        return zlib.crc32(f"{pack.seed}:{student.casefold()}".encode())
    return pack.seed


def load_pack(path: Path, bank: Bank) -> tuple[Pack | None, list[Problem]]:
    """Load a pack and check it against the bank.

    Returns:
        The pack (None if unusable) and every problem found, each naming the file and field.
    """
    if not path.is_file():
        return None, [Problem(str(path), "pack file not found; check the path")]
    pack, problems = load_model_file(path, Pack)
    if pack is None:
        return None, problems
    for question_id in pack.questions:
        if question_id not in bank:
            problems.append(
                Problem(
                    str(path), f"questions: no question '{question_id}' in the bank", "questions"
                )
            )
    for index, rule in enumerate(pack.select):
        where = f"select #{index + 1}"
        if rule.topic is not None and rule.topic not in TOPICS:
            problems.append(Problem(str(path), f"topic: unknown topic '{rule.topic}'", where))
        if rule.area is not None and rule.area not in AREAS:
            problems.append(Problem(str(path), f"area: unknown area '{rule.area}'", where))
        if rule.kind is not None and rule.kind not in KINDS:
            problems.append(Problem(str(path), f"kind: unknown kind '{rule.kind}'", where))
    if not problems:
        drawn = resolve_questions(pack, bank)
        wanted = len(dict.fromkeys(pack.questions)) + sum(rule.count for rule in pack.select)
        if len(drawn) < wanted:
            problems.append(
                Problem(
                    str(path),
                    f"select: asks for {wanted} questions but the bank has only {len(drawn)} that "
                    "match; lower a count or widen a rule",
                )
            )
    return (pack if not problems else None), problems
