"""Classroom quiz packs: one TOML file a teacher writes, giving every student the same quiz."""

from __future__ import annotations

import hashlib
import random
import zlib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from quizapp.core.bank import AREAS, ID_PATTERN, KINDS, TOPICS, Bank, is_graded
from quizapp.core.loader import load_model_data
from quizapp.core.problems import Problem
from quizapp.core.reading import SMALL_FILE_CAP, read_capped

if TYPE_CHECKING:
    from quizapp.core.profile import Attempt

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=True)

MAX_ATTEMPTS = 100
"""The most attempts a pack may allow each student."""


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
    feedback: Literal["immediate", "end"] = "end"
    """`end` (the default): a student's score, right answers and explanations are shown only when
    the quiz closes for the whole class (the teacher ends it, or every clock has run out), so early
    finishers cannot pass answers along; `immediate`: right or wrong after each answer."""
    pass_percent: int = Field(default=60, ge=0, le=100)
    """The score needed to pass, in percent."""
    attempts: int = Field(default=1, ge=1, le=MAX_ATTEMPTS)
    """How many attempts each student may make; the teacher's view can give one student another."""
    start: Literal["teacher", "immediate"] = "teacher"
    """`teacher` (the default): students join and wait in a lobby until the teacher starts the
    quiz for everyone at once, and every clock starts then; `immediate`: each student starts on
    joining, with their own clock."""

    @model_validator(mode="after")
    def _check_not_empty(self) -> Pack:
        if not self.questions and not self.select:
            raise ValueError("questions: a pack needs `questions` ids or `[[select]]` rules")
        return self


def is_pack_file_argument(argument: str) -> bool:
    """Whether a `--pack` value names a pack file (an existing file, or a `.toml` name) rather
    than a pack id (ids are lowercase words and hyphens, never a path)."""
    path = Path(argument)
    return path.suffix == ".toml" or path.is_file() or "/" in argument or "\\" in argument


def pack_from_argument(argument: str, bank: Bank) -> tuple[str | None, Pack | None, list[Problem]]:
    """A `--pack` value as the teacher gave it, the pack's id or its file.

    Returns:
        (the pack id, the pack when a file was given, the problems of that file). For an id, the
        id comes back as it is and no pack is loaded.
    """
    if not is_pack_file_argument(argument):
        return argument, None, []
    pack, problems = load_pack(Path(argument), bank)
    return (pack.id if pack else None), pack, problems


def pack_fingerprint(path: Path) -> str:
    """A short hash of the pack file, recorded in each attempt."""
    return hashlib.sha256(read_capped(path, SMALL_FILE_CAP)).hexdigest()[:12]


def resolve_questions(pack: Pack, bank: Bank) -> list[str]:
    """The pack's question ids in the fixed (or shared shuffled) order, drawn deterministically."""
    ids = list(dict.fromkeys(pack.questions))
    facts = {bank[question_id].fact_key for question_id in ids if question_id in bank}
    rng = random.Random(pack.seed)
    for rule in pack.select:
        pool = [
            question
            for question in bank.questions
            if question.id not in ids
            and question.fact_key not in facts
            and (rule.topic is None or question.topic == rule.topic)
            and (rule.area is None or question.area == rule.area)
            and (question.kind == rule.kind if rule.kind else is_graded(question))
        ]
        rng.shuffle(pool)
        taken = 0
        for question in pool:
            if taken == rule.count:
                break
            if question.fact_key in facts:
                continue  # a variant of a fact this pack already asks
            facts.add(question.fact_key)
            ids.append(question.id)
            taken += 1
    if pack.order == "shuffled-same":
        rng.shuffle(ids)
    return ids


def student_seed(pack: Pack, student: str) -> int:
    """The shuffle seed for one student: the pack's own, or one of the student's for `shuffled-each`."""
    if pack.order == "shuffled-each":
        return zlib.crc32(f"{pack.seed}:{student.casefold()}".encode())
    return pack.seed


def new_pack_attempt(
    bank: Bank, pack: Pack, pack_path: Path, student: str, started: datetime
) -> Attempt:
    """A new attempt at `pack` for `student` (the display name): its questions, order, feedback,
    pass mark and time limit, the same for the app and the plain mode."""
    from quizapp.core.session import new_attempt

    attempt = new_attempt(
        bank,
        resolve_questions(pack, bank),
        "pack",
        seed=student_seed(pack, student),
        started=started,
        shuffle_questions=pack.order == "shuffled-each",
        shuffle_choices=pack.shuffle_choices,
    )
    attempt.pack_id = pack.id
    attempt.pack_fingerprint = pack_fingerprint(pack_path)
    attempt.feedback = pack.feedback
    attempt.pass_mark = pack.pass_percent / 100
    if pack.time_limit_minutes:
        attempt.time_limit_seconds = pack.time_limit_minutes * 60
    return attempt


ORDER_WORDS = {
    "fixed": "as listed",
    "shuffled-same": "one shuffled order for everyone",
    "shuffled-each": "each student in an order of their own",
}
"""How each `order` reads in the preview."""


def first_words(text: str, width: int) -> str:
    """The start of `text` on one line, at most `width` characters, cut at a word with an ellipsis."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[: width - 1].rsplit(" ", 1)[0] if " " in line[: width - 1] else line[: width - 1]
    return cut.rstrip(" ,.;:") + "…"


def pack_rules_line(pack: Pack, questions: int) -> str:
    """The pack's rules in one sentence: questions, time, feedback, attempts, start, pass mark."""
    if pack.time_limit_minutes:
        per = round(60 * pack.time_limit_minutes / questions) if questions else 0
        time = f"{pack.time_limit_minutes} minutes in all (about {per} s a question)"
    else:
        time = "no time limit"
    feedback = (
        "results when the class ends"
        if pack.feedback == "end"
        else "right or wrong after each answer"
    )
    attempts = "1 attempt" if pack.attempts == 1 else f"{pack.attempts} attempts"
    start = "you start everyone at once" if pack.start == "teacher" else "each starts on joining"
    return (
        f"{questions} questions · {time} · {feedback} · {attempts} each · {start} · pass mark "
        f"{pack.pass_percent}%"
    )


def preview_lines(pack: Pack, bank: Bank, width: int = 100) -> list[str]:
    """A pack as its students will meet it: its rules, then every question in order (id, kind,
    topic and first words), for a teacher to read before the lesson."""
    ids = resolve_questions(pack, bank)
    lines = [f"{pack.title} ({pack.id})", pack_rules_line(pack, len(ids))]
    lines.append(f"Order: {ORDER_WORDS[pack.order]} (seed {pack.seed}).")
    number_width = len(str(len(ids)))
    for number, question_id in enumerate(ids, start=1):
        question = bank[question_id]
        head = f"{number:>{number_width}}. {question_id} [{question.kind}, {question.topic}] "
        lines.append(head + first_words(question.prompt, max(20, width - len(head))))
    return lines


def load_pack(path: Path, bank: Bank) -> tuple[Pack | None, list[Problem]]:
    """Load a pack and check it against the bank, reporting every problem in one go.

    The ids, topics, areas and kinds it names are checked against the bank even when the file has
    structural errors too, so a teacher fixes everything after one `quizapp check`.

    Returns:
        The pack (None if unusable) and every problem found, each naming the file and field.
    """
    if not (path.exists() or path.is_symlink()):
        return None, [Problem(str(path), "pack file not found; check the path")]
    pack, data, problems = load_model_data(path, Pack)
    if data is not None:
        problems.extend(_check_names(path, data, bank))
    if pack is not None:
        problems.extend(_check_variants(path, pack, bank))
    if pack is not None and not problems:
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


def _check_names(path: Path, data: dict[str, Any], bank: Bank) -> list[Problem]:
    """The question ids, topics, areas and kinds a pack's raw data names that the bank does not know.

    Works on the parsed data, not the validated pack, so it runs even when validation failed;
    values of the wrong type are left to the validation messages.
    """
    problems: list[Problem] = []
    drafts = {question.id for question in bank.drafts}
    question_ids = data.get("questions")
    if isinstance(question_ids, list):
        for question_id in question_ids:
            if isinstance(question_id, str) and question_id in drafts:
                problems.append(
                    Problem(
                        str(path),
                        f"questions: '{question_id}' is a draft; a pack may use it once it has a "
                        "source passage, `draft = true` is removed and `quizapp check` passes it",
                        "questions",
                    )
                )
            elif isinstance(question_id, str) and question_id not in bank:
                problems.append(
                    Problem(
                        str(path),
                        f"questions: no question '{question_id}' in the bank",
                        "questions",
                    )
                )
    rules = data.get("select")
    if isinstance(rules, list):
        for index, rule in enumerate(rules):
            if not isinstance(rule, dict):
                continue
            where = f"select #{index + 1}"
            for key, known in (("topic", TOPICS), ("area", AREAS), ("kind", KINDS)):
                value = rule.get(key)
                if isinstance(value, str) and value not in known:
                    problems.append(Problem(str(path), f"{key}: unknown {key} '{value}'", where))
    return problems


def _check_variants(path: Path, pack: Pack, bank: Bank) -> list[Problem]:
    """Explicit ids that are variants of one fact: a quiz asks only one of them."""
    problems: list[Problem] = []
    first_of_fact: dict[str, str] = {}
    for question_id in dict.fromkeys(pack.questions):
        question = bank.get(question_id)
        if question is None:
            continue
        earlier = first_of_fact.setdefault(question.fact_key, question_id)
        if earlier != question_id:
            problems.append(
                Problem(
                    str(path),
                    f"questions: '{question_id}' and '{earlier}' are variants of one fact "
                    f"('{question.fact_key}'); a quiz asks only one of them, so keep one",
                    "questions",
                )
            )
    return problems
