"""Loads `questions/*.toml` into a checked Bank, collecting every problem with its file, line and id."""

from __future__ import annotations

import difflib
import gc
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quizapp.core.bank import (
    AREAS,
    KINDS,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    bank_files,
    seed_files,
)
from quizapp.core.fit_check import check_fit_balance
from quizapp.core.problems import Problem, ProblemsError
from quizapp.core.validation import adapter, resolved

Question = Annotated[
    SingleQuestion
    | MultiQuestion
    | TrueFalseQuestion
    | RoleQuestion
    | FitQuestion
    | ReadinessQuestion,
    Field(discriminator="kind"),
]
"""Any question, told apart by its `kind`."""


class BankFile(BaseModel):
    """One `questions/*.toml` file: a list of `[[questions]]` tables."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    questions: list[Question] = Field(default_factory=list)
    """The questions in this file, in the order written."""


resolved(BankFile)

QUESTION_ADAPTER = adapter(Question)
"""Validates one `[[questions]]` table as whichever question its `kind` names."""

_FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_SPACES = re.compile(r"\s+")
_QUESTION_HEADER = re.compile(r"^\s*\[\[\s*questions\s*\]\]")


def fold(text: str) -> str:
    """Text as quotes are compared: typographic quotes and dashes made plain, whitespace collapsed."""
    return _SPACES.sub(" ", text.translate(_FOLD_TABLE)).strip()


@dataclass
class Documents:
    """The seed documents, each folded once so that every quote lookup is a plain substring search."""

    folder: Path
    """The seeds folder."""
    texts: dict[str, str]
    """Document file name -> its text as written."""
    folded: dict[str, str]
    """Document file name -> its folded text."""

    @classmethod
    def load(cls, folder: Path) -> Documents:
        """Read every `*.txt` document in `folder` (a missing folder gives no documents)."""
        texts: dict[str, str] = {}
        for path in seed_files(folder):
            texts[path.name] = path.read_text(encoding="utf-8")
        return cls(folder, texts, {name: fold(text) for name, text in texts.items()})

    def contains(self, doc: str, quote: str) -> bool:
        """Whether `quote` stands in document `doc` (after folding both)."""
        text = self.texts.get(doc)
        if text is None:
            return False
        # Most quotes are copied exactly: a plain search skips folding the quote at all.
        return quote in text or fold(quote) in self.folded[doc]

    def closest(self, doc: str, quote: str) -> str:
        """The passage of `doc` most like `quote`, to show beside a quote that was not found."""
        target = fold(quote)
        text = self.folded.get(doc, "")
        words = text.split(" ")
        span = max(1, len(target.split(" ")))
        best, best_ratio = "", 0.0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(target)
        for start in range(0, max(1, len(words) - span + 1)):
            candidate = " ".join(words[start : start + span])
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        return best


def _question_lines(text: str) -> list[int]:
    """1-based line numbers of each `[[questions]]` header, in order."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if _QUESTION_HEADER.match(line)
    ]


def toml_error_problem(path: Path, error: tomllib.TOMLDecodeError) -> Problem:
    """A Problem for a file that is not valid TOML, with its line when tomllib gives one."""
    message = str(error)
    line = getattr(error, "lineno", None)
    if line is None:
        match = re.search(r"line (\d+)", message)
        line = int(match.group(1)) if match else None
    return Problem(str(path), f"not valid TOML: {message}. Fix the syntax at that line.", "", line)


ModelT = TypeVar("ModelT", bound=BaseModel)


def load_model_file(path: Path, model: type[ModelT]) -> tuple[ModelT | None, list[Problem]]:
    """Read a TOML file and validate it as `model`; every failure becomes a Problem naming the file.

    Returns:
        The model (None when the file cannot be used) and the problems.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(str(path), "not UTF-8 text; save the file as UTF-8")]
    except tomllib.TOMLDecodeError as error:
        return None, [toml_error_problem(path, error)]
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [
            Problem(str(path), f"{field}: {message}" if field else message)
            for field, message in describe_validation_error(error)
        ]


def describe_validation_error(error: ValidationError) -> list[tuple[str, str]]:
    """Turn a pydantic error into (field path, plain message) pairs.

    Args:
        error: the pydantic error.

    Returns:
        One (field, message) pair per underlying error.
    """
    described: list[tuple[str, str]] = []
    for item in error.errors(include_url=False):
        loc = [str(part) for part in item["loc"]]
        if loc and loc[0] in KINDS:
            loc = loc[1:]
        field = ".".join(loc)
        kind = item["type"]
        # Pydantic names the same mistakes differently for models and for dataclasses.
        if kind in ("extra_forbidden", "unexpected_keyword_argument"):
            message = f"unknown key '{loc[-1] if loc else field}': remove it or check its spelling"
        elif kind == "missing":
            message = f"missing required key '{loc[-1] if loc else field}'"
        elif kind == "union_tag_invalid":
            tag = item.get("ctx", {}).get("tag", "?")
            message = f"unknown kind '{tag}': use one of {', '.join(KINDS)}"
            field = "kind"
        elif kind == "union_tag_not_found":
            message = f"missing 'kind': use one of {', '.join(KINDS)}"
            field = "kind"
        elif kind == "value_error":
            message = str(item["msg"]).removeprefix("Value error, ")
            if ": " in message and not field:
                field, message = message.split(": ", 1)
        else:
            shown = repr(item.get("input"))
            if len(shown) > 60:
                shown = shown[:57] + "..."
            message = f"{item['msg']} (got {shown})"
        described.append((field, message))
    return described


def parse_bank_file(
    path: Path, text: str, data: Mapping[str, Any]
) -> tuple[list[AnyQuestion], list[Problem]]:
    """Validate one parsed bank file's questions, one by one so every bad question is reported.

    Args:
        path: the file, for messages.
        text: its text, for line numbers in messages.
        data: what tomllib parsed from it.

    Returns:
        The valid questions and the problems with the rest.
    """
    problems: list[Problem] = []
    questions: list[AnyQuestion] = []
    for key in data:
        if key != "questions":
            problems.append(
                Problem(
                    str(path),
                    f"unknown top-level key '{key}': a bank file holds only [[questions]]",
                )
            )
    raw_questions = data.get("questions", [])
    if not isinstance(raw_questions, list):
        problems.append(Problem(str(path), "'questions' must be an array of tables: [[questions]]"))
        return questions, problems
    lines: list[int] | None = None
    for index, raw in enumerate(raw_questions):
        try:
            questions.append(QUESTION_ADAPTER.validate_python(raw))
        except ValidationError as error:
            if lines is None:
                lines = _question_lines(text)
            line = lines[index] if index < len(lines) else None
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            where = f"id {raw_id}" if isinstance(raw_id, str) else f"question #{index + 1}"
            for field, message in describe_validation_error(error):
                detail = f"{field}: {message}" if field else message
                problems.append(Problem(str(path), detail, where, line))
    return questions, problems


def check_questions(
    questions: Iterable[tuple[Path, AnyQuestion]],
    documents: Documents,
    line_of: Callable[[Path, str], int | None] | None = None,
) -> list[Problem]:
    """Checks across the whole bank: unique ids, known areas, documents that exist, quotes found.

    Args:
        questions: (file, question) pairs for every valid question.
        documents: the seed documents.
        line_of: finds the line of a question (file, id) for messages, when known.

    Returns:
        Every problem found.
    """
    problems: list[Problem] = []
    found: list[Problem] = []
    seen: dict[str, Path] = {}
    for path, question in questions:
        where = f"id {question.id}"
        if question.id in seen:
            found.append(
                Problem(
                    str(path),
                    f"id: '{question.id}' is already used in {seen[question.id]}; ids must be "
                    "unique across the whole bank",
                    where,
                )
            )
        else:
            seen[question.id] = path
        if question.area not in AREAS:
            found.append(
                Problem(
                    str(path),
                    f"area: unknown area '{question.area}'; use one of {', '.join(AREAS)}",
                    where,
                )
            )
        found.extend(
            check_source(path, where, question.source.doc, question.source.quote, documents)
        )
        for problem in found:
            line = line_of(path, question.id) if line_of else None
            problems.append(Problem(problem.file, problem.message, problem.where, line))
        found.clear()
    return problems


def check_source(
    path: Path, where: str, doc: str, quote: str, documents: Documents
) -> list[Problem]:
    """Check that a cited document exists and that the quote stands in it."""
    if doc not in documents.texts:
        known = ", ".join(documents.texts) or "none"
        return [
            Problem(
                str(path),
                f"source.doc: no document '{doc}' in {documents.folder} (documents there: {known})",
                where,
            )
        ]
    if not documents.contains(doc, quote):
        closest = documents.closest(doc, quote)
        return [
            Problem(
                str(path),
                f"source.quote: not found in {doc}. Copy the passage exactly; the closest "
                f'passage is: "{closest}"',
                where,
            )
        ]
    return []


def load_bank(questions_dir: Path, seeds_dir: Path) -> tuple[Bank, Documents, list[Problem]]:
    """Load and check every bank file.

    Args:
        questions_dir: the folder of `*.toml` bank files.
        seeds_dir: the folder of seed documents the questions cite.

    Returns:
        The bank of valid questions, the documents, and every problem found (empty when all is well).
    """
    documents = Documents.load(seeds_dir)
    problems: list[Problem] = []
    if not seeds_dir.is_dir():
        problems.append(Problem(str(seeds_dir), "seeds folder not found; pass --seeds DIR"))
    if not questions_dir.is_dir():
        problems.append(
            Problem(str(questions_dir), "questions folder not found; pass --questions DIR")
        )
        return Bank([], {}), documents, problems
    # Every validated question stays alive until the end, so the cyclic garbage collector would
    # rescan them again and again while the rest is parsed; it finds nothing to free here.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_bank(questions_dir, documents, problems)
    finally:
        if collecting:
            gc.enable()


def _load_bank(
    questions_dir: Path, documents: Documents, problems: list[Problem]
) -> tuple[Bank, Documents, list[Problem]]:
    located: list[tuple[Path, AnyQuestion]] = []
    texts: dict[Path, str] = {}
    raw_ids: dict[Path, list[object]] = {}
    for path in bank_files(questions_dir):
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError:
            problems.append(Problem(str(path), "not UTF-8 text; save the file as UTF-8"))
            continue
        except tomllib.TOMLDecodeError as error:
            problems.append(toml_error_problem(path, error))
            continue
        texts[path] = text
        raw = data.get("questions")
        raw_ids[path] = (
            [q.get("id") if isinstance(q, dict) else None for q in raw]
            if isinstance(raw, list)
            else []
        )
        questions, file_problems = parse_bank_file(path, text, data)
        problems.extend(file_problems)
        located.extend((path, question) for question in questions)
    if not located and not problems:
        problems.append(
            Problem(
                str(questions_dir), "the bank is empty: add [[questions]] to a *.toml file here"
            )
        )
    line_cache: dict[Path, dict[str, int]] = {}

    def line_of(path: Path, question_id: str) -> int | None:
        """The header line of question `question_id` in `path` (worked out only when needed)."""
        if path not in line_cache:
            headers = _question_lines(texts[path])
            lines: dict[str, int] = {}
            if len(headers) == len(raw_ids[path]):
                for raw_id, line in zip(raw_ids[path], headers, strict=True):
                    if isinstance(raw_id, str):
                        lines.setdefault(raw_id, line)
            line_cache[path] = lines
        return line_cache[path].get(question_id)

    problems.extend(check_questions(located, documents, line_of))
    problems.extend(check_fit_balance(located, line_of))
    unique: dict[str, tuple[Path, AnyQuestion]] = {}
    for path, question in located:
        unique.setdefault(question.id, (path, question))
    bank = Bank(
        [question for _, question in unique.values()],
        {question_id: path.name for question_id, (path, _) in unique.items()},
    )
    return bank, documents, problems


def load_checked_bank(questions_dir: Path, seeds_dir: Path) -> Bank:
    """Load the bank for a quiz; raise ProblemsError listing every problem if anything is wrong."""
    bank, _, problems = load_bank(questions_dir, seeds_dir)
    if problems:
        raise ProblemsError(problems)
    return bank
