"""Loads `questions/*.toml` into a checked Bank, collecting every problem with its file, line and id."""

from __future__ import annotations

import difflib
import gc
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from quizapp.core.bank import (
    AREAS,
    DRAFT_AREA,
    DRAFT_TOPIC,
    KINDS,
    NO_SOURCE,
    RETIRED_FILE,
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RetiredItem,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    bank_files,
    seed_files,
)
from quizapp.core.facts import duplicate_fact_problems
from quizapp.core.fit_check import check_fit_balance
from quizapp.core.problems import Problem, ProblemsError
from quizapp.core.reading import (
    BANK_FILE_CAP,
    SMALL_FILE_CAP,
    UnreadableFile,
    read_capped,
    read_toml,
)
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


class RetiredFile(BaseModel):
    """`questions/retired.toml`: the questions no longer asked, so old answers to them are kept in
    the profile files and ignored (a bank without the file retires nothing)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    retired: list[RetiredItem] = Field(default_factory=list)
    """One `[[retired]]` table per retired question: its `id`, the `kind` it was, and a `note`."""


resolved(RetiredFile)

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
_RETIRED_HEADER = re.compile(r"^\s*\[\[\s*retired\s*\]\]")


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
    problems: list[Problem] = field(default_factory=list)
    """Documents that could not be read (too large, not a file, not UTF-8), for `quizapp check`."""
    _indexes: dict[str, _WordIndex] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def load(cls, folder: Path) -> Documents:
        """Read every `*.txt` document in `folder` (a missing folder gives no documents)."""
        texts: dict[str, str] = {}
        problems: list[Problem] = []
        for path in seed_files(folder):
            try:
                texts[path.name] = read_capped(path, BANK_FILE_CAP).decode("utf-8")
            except UnreadableFile as error:
                problems.append(Problem(str(path), error.message))
            except UnicodeDecodeError:
                problems.append(Problem(str(path), "not UTF-8 text; save the file as UTF-8"))
        return cls(folder, texts, {name: fold(text) for name, text in texts.items()}, problems)

    def contains(self, doc: str, quote: str) -> bool:
        """Whether `quote` stands in document `doc` (after folding both)."""
        text = self.texts.get(doc)
        if text is None:
            return False
        # Most quotes are copied exactly: a plain search skips folding the quote at all.
        return quote in text or fold(quote) in self.folded[doc]

    def closest(self, doc: str, quote: str) -> str:
        """The passage of `doc` most like `quote`, to show beside a quote that was not found.

        Linear in the document and the quote, whatever the bank's size: the windows worth comparing
        are found through an index of the document's words and word pairs (built once per
        document), by the offset each shared word or pair implies, and only those few windows are
        compared character by character.
        """
        target = fold(quote)
        index = self._index(doc)
        words = index.words
        target_words = target.split(" ")
        span = max(1, len(target_words))
        last_start = max(0, len(words) - span)
        votes: dict[int, int] = {}
        for offset in range(len(target_words) - 1):
            pair = (target_words[offset], target_words[offset + 1])
            for position in index.pairs.get(pair, ()):
                start = position - offset
                votes[start] = votes.get(start, 0) + 2
        for offset, word in enumerate(target_words):
            positions = index.singles.get(word, ())
            if len(positions) > _COMMON_WORD:
                continue  # "the", "and": they say nothing about where the passage is
            for position in positions:
                start = position - offset
                votes[start] = votes.get(start, 0) + 1
        if votes:
            ranked = sorted(votes, key=lambda start: (-votes[start], start))[:_CANDIDATES]
            starts = {
                min(max(0, start + shift), last_start)
                for start in ranked
                for shift in range(-_SHIFT, _SHIFT + 1)
            }
        else:
            # Nothing in common: any window is as good as another; compare a sparse sample.
            starts = set(range(0, last_start + 1, max(1, span // 2)))
        # Rank the windows word by word (cheap), then compare the best few character by character.
        by_words = difflib.SequenceMatcher(autojunk=False)
        by_words.set_seq2(target_words)
        scored: list[tuple[float, int]] = []
        for start in sorted(starts):
            by_words.set_seq1(words[start : start + span])
            scored.append((-by_words.ratio(), start))
        best, best_ratio = "", 0.0
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(target)
        for _, start in sorted(scored)[:_FINALISTS]:
            candidate = " ".join(words[start : start + span])
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = candidate, ratio
        return best

    def _index(self, doc: str) -> _WordIndex:
        """The word index of one document's folded text, built on first use."""
        if self._indexes is None:
            self._indexes = {}
        index = self._indexes.get(doc)
        if index is None:
            index = _WordIndex.build(self.folded.get(doc, ""))
            self._indexes[doc] = index
        return index


_COMMON_WORD = 40
"""A word found more often than this in a document does not vote on where a passage is."""
_CANDIDATES = 8
"""How many best-voted windows are compared character by character."""
_FINALISTS = 3
"""How many windows, best by words, are compared character by character."""
_SHIFT = 2
"""Each candidate window is also tried this many words earlier and later (words added or lost)."""


@dataclass
class _WordIndex:
    """A folded document's words, and where each word and each pair of adjacent words stands."""

    words: list[str]
    """The words, in order."""
    singles: dict[str, list[int]]
    """Word -> its positions."""
    pairs: dict[tuple[str, str], list[int]]
    """Two adjacent words -> the positions of the first."""

    @classmethod
    def build(cls, text: str) -> _WordIndex:
        """Index a folded text (words are separated by single spaces)."""
        words = text.split(" ")
        singles: dict[str, list[int]] = {}
        pairs: dict[tuple[str, str], list[int]] = {}
        for position, word in enumerate(words):
            singles.setdefault(word, []).append(position)
            if position + 1 < len(words):
                pairs.setdefault((word, words[position + 1]), []).append(position)
        return cls(words, singles, pairs)


def _question_lines(text: str, header: re.Pattern[str] = _QUESTION_HEADER) -> list[int]:
    """1-based line numbers of each `[[questions]]` header (or another `header`), in order."""
    return [number for number, line in enumerate(text.splitlines(), start=1) if header.match(line)]


ModelT = TypeVar("ModelT", bound=BaseModel)


def read_toml_file(path: Path, cap: int) -> tuple[str, dict[str, Any]] | Problem:
    """A bank, pack or catalogue file through the one TOML reader: its text and checked data, or the Problem.

    Never blocks on a pipe, never reads more than `cap + 1` bytes, never overflows the stack on
    deep nesting, and refuses NaN, infinity, numbers beyond 64 bits and terminal control codes.
    """
    try:
        _, text, data = read_toml(path, cap)
    except UnreadableFile as error:
        advice = " Fix the syntax at that line." if error.reason == "syntax" else ""
        return Problem(str(path), error.message + advice, error.where, error.line)
    return text, data


def load_model_data(
    path: Path, model: type[ModelT], cap: int = SMALL_FILE_CAP
) -> tuple[ModelT | None, dict[str, Any] | None, list[Problem]]:
    """Like `load_model_file`, also giving the parsed data (None if the file could not be parsed)."""
    read = read_toml_file(path, cap)
    if isinstance(read, Problem):
        return None, None, [read]
    _, data = read
    try:
        return model.model_validate(data), data, []
    except ValidationError as error:
        return (
            None,
            data,
            [
                Problem(str(path), f"{field}: {message}" if field else message)
                for field, message in describe_validation_error(error)
            ],
        )


def load_model_file(
    path: Path, model: type[ModelT], cap: int = SMALL_FILE_CAP
) -> tuple[ModelT | None, list[Problem]]:
    """Read a TOML file (bounded) and validate it as `model`; every failure is a Problem naming the file.

    Returns:
        The model (None when the file cannot be used) and the problems.
    """
    loaded, _, problems = load_model_data(path, model, cap)
    return loaded, problems


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
    path: Path,
    text: str,
    data: Mapping[str, Any],
    documents: Documents | None = None,
) -> tuple[list[AnyQuestion], list[Problem]]:
    """Validate one parsed bank file's questions, one by one so every bad question is reported.

    Args:
        path: the file, for messages.
        text: its text, for line numbers in messages.
        data: what `read_toml_file` parsed from it.
        documents: when given, the source of each question that fails validation is checked too,
            so a quote not found shows up in the same run as the question's other errors (valid
            questions are checked across the whole bank by `check_questions`).

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
        if isinstance(raw, dict) and raw.get("draft") is True:
            raw = {"topic": DRAFT_TOPIC, "area": DRAFT_AREA, **raw}
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
            source = raw.get("source") if isinstance(raw, dict) else None
            if documents is not None and isinstance(source, dict):
                doc, quote = source.get("doc"), source.get("quote")
                if isinstance(doc, str) and isinstance(quote, str) and len(quote) >= 12:
                    for problem in check_source(path, where, doc, quote, documents):
                        problems.append(Problem(problem.file, problem.message, where, line))
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
        if question.source is not NO_SOURCE:
            found.extend(
                check_source(path, where, question.source.doc, question.source.quote, documents)
            )
        role_sources = getattr(question, "role_sources", None)
        if role_sources is not None:
            for role in ("engineer", "developer"):
                cited = getattr(role_sources, role)
                for problem in check_source(path, where, cited.doc, cited.quote, documents):
                    message = problem.message.replace("source.", f"role_sources.{role}.", 1)
                    found.append(Problem(problem.file, message, problem.where))
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
    problems: list[Problem] = list(documents.problems)
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
        read = read_toml_file(path, BANK_FILE_CAP)
        if isinstance(read, Problem):
            problems.append(read)
            continue
        text, data = read
        texts[path] = text
        raw = data.get("questions")
        raw_ids[path] = (
            [q.get("id") if isinstance(q, dict) else None for q in raw]
            if isinstance(raw, list)
            else []
        )
        questions, file_problems = parse_bank_file(path, text, data, documents)
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
    problems.extend(
        Problem(problem.file, problem.message, problem.where, line_of(Path(problem.file), where_id))
        for problem in duplicate_fact_problems(located)
        for where_id in [problem.where.removeprefix("id ")]
    )
    problems.extend(check_fit_balance(located, line_of))
    unique: dict[str, tuple[Path, AnyQuestion]] = {}
    for path, question in located:
        unique.setdefault(question.id, (path, question))
    retired, retired_problems = load_retired(
        questions_dir, {question_id: path for question_id, (path, _) in unique.items()}
    )
    problems.extend(retired_problems)
    bank = Bank(
        [question for _, question in unique.values() if not question.draft],
        {question_id: path.name for question_id, (path, _) in unique.items()},
        tuple(question for _, question in unique.values() if question.draft),
        retired,
    )
    return bank, documents, problems


def load_retired(
    questions_dir: Path, live: Mapping[str, Path]
) -> tuple[tuple[RetiredItem, ...], list[Problem]]:
    """The retired questions of a bank folder (`retired.toml`, if any) and the problems with them.

    Args:
        questions_dir: the bank folder.
        live: the id of every question in the bank files -> the file it is in.

    Returns:
        The retired entries (none when the file is missing or broken) and the problems: an entry
        listed twice, or an id that is also a live question's (its old answers would count for a
        question that now means something else).
    """
    path = questions_dir / RETIRED_FILE
    if not (path.exists() or path.is_symlink()):
        return (), []
    read = read_toml_file(path, BANK_FILE_CAP)
    if isinstance(read, Problem):
        return (), [read]
    text, data = read
    try:
        loaded = RetiredFile.model_validate(data)
    except ValidationError as error:
        return (), [
            Problem(str(path), f"{field}: {message}" if field else message)
            for field, message in describe_validation_error(error)
        ]
    lines = _question_lines(text, _RETIRED_HEADER)
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, item in enumerate(loaded.retired):
        line = lines[index] if len(lines) == len(loaded.retired) else None
        where = f"id {item.id}"
        if item.id in seen:
            problems.append(
                Problem(str(path), f"id: '{item.id}' is listed twice; keep one entry", where, line)
            )
        seen.add(item.id)
        if item.id in live:
            problems.append(
                Problem(
                    str(path),
                    f"id: '{item.id}' is retired but is also a question in {live[item.id]}; give "
                    "that question a new id (old answers to the retired one must not count for "
                    "it) or remove this entry",
                    where,
                    line,
                )
            )
    return tuple(loaded.retired), problems


def load_checked_bank(questions_dir: Path, seeds_dir: Path) -> Bank:
    """Load the bank for a quiz; raise ProblemsError listing every problem if anything is wrong."""
    bank, _, problems = load_bank(questions_dir, seeds_dir)
    if problems:
        raise ProblemsError(problems)
    return bank
