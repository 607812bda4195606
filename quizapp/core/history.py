"""A person's history in brief: what home, the path, the verdict and review need from past attempts.

Kept in `summary.json` beside `profile.toml` and rewritten (atomically, fsynced) each time an attempt
file is saved, so what reads it costs the same with one attempt or thousands. The attempt files stay
the truth: the summary notes the state of the attempts folder it was built from (the folder's
modification time and how many attempt files it holds, and the size and time of each of the newest
attempts), and it is rebuilt from the files when it is missing, damaged, from another format or no
longer matches them (after a crash between the two writes, an older quizapp, a file moved aside).

It names the newest `WINDOW` attempts (home's history lines; their files are read when needed, a
number that does not grow) and keeps, from every older attempt, only the answers that can still
decide anything: for each question, the latest answer of each response given. `recommend` reads the
latest answer to each question (for a fit item, the latest whose response the bank still offers), so
it gives the same verdict, marks and readiness from these as from every answer, whatever the bank.
Older attempts are read from their files only when asked for.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from quizapp.core.formats import plain_data
from quizapp.core.profile import (
    FINGERPRINT_PATTERN,
    MAX_CHOICE,
    MAX_SECONDS,
    QUESTION_ID_PATTERN,
    Answer,
    Response,
)
from quizapp.core.reading import UnreadableFile, read_capped, unsafe_character
from quizapp.core.records import id_order

SUMMARY_FILE = "summary.json"
"""The summary's file name, in the person's folder beside `profile.toml`."""
SUMMARY_FORMAT = 1
"""Bumped when the summary's layout or meaning changes: a summary of another format is rebuilt."""
WINDOW = 8
"""The newest attempts the summary names (home shows their history lines)."""
SUMMARY_CAP = 8 * 1024 * 1024
"""A summary larger than this is not read (a real one is a few kilobytes); it is rebuilt."""

_FILE_STEM = re.compile(r"[^/\\\x00]{1,200}")
"""An attempt file's name without `.toml`, as listed (never a path: no separator, never `..`)."""
_QUESTION_ID = re.compile(QUESTION_ID_PATTERN)
_FINGERPRINT = re.compile(FINGERPRINT_PATTERN)

DecisiveKey = tuple[str, tuple[str, Any]]
"""(question id, response key): one entry of the older attempts' answers."""
Order = tuple[tuple[str, int, str], int]
"""Where an answer stands in the whole history: its attempt's order, then its index there."""


def response_key(response: Response) -> tuple[str, Any]:
    """A response as a dictionary key that tells `True` from `1` and a list from its items."""
    if isinstance(response, bool):
        return "bool", response
    if isinstance(response, list):
        return "list", tuple(response)
    return type(response).__name__, response


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when the summary was written: its size and modification time."""

    size: int
    """Bytes."""
    mtime_ns: int
    """Modification time (ns)."""

    @classmethod
    def of(cls, path: Path) -> FileStamp | None:
        """The stamp of `path` now (None when nothing can be found there)."""
        try:
            info = path.stat()
        except OSError:
            return None
        return cls(info.st_size, info.st_mtime_ns)


@dataclass(frozen=True)
class FolderStamp:
    """What the attempts folder looked like: its modification time and how many attempt files it held."""

    mtime_ns: int | None
    """The folder's modification time (None: no attempts folder)."""
    count: int
    """Attempt files (`*.toml`) in it."""

    @classmethod
    def of(cls, folder: Path) -> FolderStamp:
        """The stamp of the attempts folder now: one stat and a listing of names (no file is read)."""
        try:
            mtime_ns = folder.stat().st_mtime_ns
            with os.scandir(folder) as entries:
                count = sum(1 for entry in entries if entry.name.endswith(".toml"))
        except OSError:
            return cls(None, 0)
        return cls(mtime_ns, count)


@dataclass(frozen=True)
class Recent:
    """One of the newest attempts as the summary names it."""

    id: str
    """The attempt id (its file name without `.toml`)."""
    stamp: FileStamp | None
    """Its file when the summary was written."""
    answers: int
    """Answers in it (0 when it cannot be read)."""


@dataclass
class History:
    """A person's past attempts in brief (see the module docstring); made by `build`, kept by `fold`."""

    folder: FolderStamp
    """The attempts folder it matches."""
    recent: list[Recent] = field(default_factory=list)
    """The newest attempts, oldest first (at most `WINDOW`)."""
    decisive: dict[DecisiveKey, tuple[Order, Answer]] = field(default_factory=dict)
    """From attempts older than `recent`: (question, response) -> where the latest such answer stands, and it."""
    older_attempts: int = 0
    """Attempt files older than `recent` (readable or not)."""
    older_answers: int = 0
    """Answers in them."""
    _decisive_json: str | None = field(default=None, repr=False, compare=False)
    """`decisive` as written last: it changes only when an attempt leaves the window, so saving an
    answer does not write it out anew."""

    @property
    def attempts(self) -> int:
        """Attempt files, readable or not."""
        return self.older_attempts + len(self.recent)

    @property
    def answer_count(self) -> int:
        """Answers in every readable attempt file."""
        return self.older_answers + sum(item.answers for item in self.recent)

    def older_decisive(self) -> list[Answer]:
        """The decisive answers of the attempts older than `recent`, oldest first."""
        return [answer for _, answer in sorted(self.decisive.values(), key=lambda entry: entry[0])]

    def newest_ids(self, count: int = WINDOW) -> list[str]:
        """The ids of the newest `count` attempts (at most `WINDOW`), newest first."""
        return [item.id for item in reversed(self.recent[-count:])] if count > 0 else []

    def fold(
        self,
        attempt_id: str,
        answers: int,
        stamp: FileStamp | None,
        folder_mtime_ns: int | None,
        answers_of: Callable[[str], Sequence[Answer] | None],
    ) -> bool:
        """Take in an attempt file just written; False when a rebuild from the files is needed.

        Saving an attempt changes only its own entry, so the summary stays exact. A new attempt
        (one more file in the folder) pushes the oldest named one out, whose answers (read with
        `answers_of`, None if unreadable) join the decisive ones. An attempt older than every named
        one (quizapp saves only its newest attempts; a clock set back could do it) asks for a
        rebuild instead.

        Args:
            attempt_id: the attempt written.
            answers: how many answers it holds now.
            stamp: its file's stamp now.
            folder_mtime_ns: the attempts folder's modification time now.
            answers_of: reads an attempt's answers (None if its file cannot be read).
        """
        entry = Recent(attempt_id, stamp, answers)
        for index, item in enumerate(self.recent):
            if item.id == attempt_id:
                self.recent[index] = entry
                added = 0
                break
        else:
            if len(self.recent) >= WINDOW and id_order(attempt_id) < id_order(self.recent[0].id):
                return False
            added = 1
            self.recent.append(entry)
            self.recent.sort(key=lambda item: id_order(item.id))
            while len(self.recent) > WINDOW:
                retired = self.recent.pop(0)
                self.retire(retired.id, answers_of(retired.id))
        self.folder = FolderStamp(folder_mtime_ns, self.folder.count + added)
        return True

    def retire(self, attempt_id: str, answers: Sequence[Answer] | None) -> None:
        """Count an attempt as older than the named ones, keeping its decisive answers.

        It must be newer than every attempt already retired (so its answers win every tie).
        """
        self.older_attempts += 1
        if answers is None:
            return
        order = id_order(attempt_id)
        self.older_answers += len(answers)
        self._decisive_json = None
        for index, answer in enumerate(answers):
            key = (answer.question_id, response_key(answer.response))
            self.decisive[key] = ((order, index), answer)

    def matches(self, attempts_folder: Path) -> bool:
        """Whether the attempts folder, and each named attempt's file, are as the summary noted them."""
        if FolderStamp.of(attempts_folder) != self.folder:
            return False
        return all(
            FileStamp.of(attempts_folder / f"{item.id}.toml") == item.stamp for item in self.recent
        )

    # ---------------------------------------------------------------- the file

    def to_json(self) -> bytes:
        """The summary as the bytes of `summary.json`."""
        if self._decisive_json is None:
            decisive = sorted(self.decisive.values(), key=lambda entry: entry[0])
            self._decisive_json = _dumps(
                [[order[0][2], order[1], plain_data(answer)] for order, answer in decisive]
            )
        data = {
            "format": SUMMARY_FORMAT,
            "folder": [self.folder.mtime_ns, self.folder.count],
            "recent": [
                [
                    item.id,
                    None if item.stamp is None else [item.stamp.size, item.stamp.mtime_ns],
                    item.answers,
                ]
                for item in self.recent
            ],
            "older": [self.older_attempts, self.older_answers],
        }
        # The same JSON as with "decisive" in `data`, with its text written once.
        text = _dumps(data)[:-1] + ',"decisive":' + self._decisive_json + "}"
        return text.encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> History:
        """A summary from the bytes of `summary.json`, every value checked as the attempt format checks it.

        Raises:
            ValueError: not a summary of this format, or damaged (it is then rebuilt).
        """
        try:
            # Every value is checked field by field below (so no text can hold a control code).
            data = json.loads(raw)
            if data["format"] != SUMMARY_FORMAT:
                raise ValueError("another format")
            mtime_ns, count = data["folder"]
            history = cls(FolderStamp(_optional_count(mtime_ns), _count(count)))
            for attempt_id, stamp, answers in data["recent"]:
                history.recent.append(
                    Recent(
                        _attempt_id(attempt_id),
                        None if stamp is None else FileStamp(_count(stamp[0]), _count(stamp[1])),
                        _count(answers),
                    )
                )
            if len(history.recent) > WINDOW:
                raise ValueError("too many recent attempts")
            history.older_attempts, history.older_answers = map(_count, data["older"])
            for attempt_id, index, answer_data in data["decisive"]:
                answer = _answer(answer_data)
                order = (id_order(_attempt_id(attempt_id)), _count(index))
                history.decisive[(answer.question_id, response_key(answer.response))] = (
                    order,
                    answer,
                )
        except (
            KeyError,
            TypeError,
            ValueError,
            IndexError,
            UnreadableFile,
            RecursionError,
        ) as error:
            raise ValueError(f"not a usable summary ({error})") from None
        return history


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise ValueError(f"{value!r} is not a count")
    return value


def _optional_count(value: object) -> int | None:
    return None if value is None else _count(value)


def _attempt_id(value: object) -> str:
    if (
        not isinstance(value, str)
        or _FILE_STEM.fullmatch(value) is None
        or value in (".", "..")
        or unsafe_character(value) is not None
    ):
        raise ValueError(f"{value!r} is not an attempt file's name")
    return value


def _number(value: object, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= high:
        raise ValueError(f"{value!r} is not a number from 0 to {high}")
    return float(value)


def _response(value: object) -> Response:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and 0 <= value <= MAX_CHOICE:
        return value
    if isinstance(value, str) and _QUESTION_ID.fullmatch(value) and len(value) <= 80:
        return value
    if isinstance(value, list) and len(value) <= 64:
        return [int(_response_index(item)) for item in value]
    raise ValueError(f"{value!r} is not a response")


def _response_index(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CHOICE:
        raise ValueError(f"{value!r} is not a choice")
    return value


def _answer(data: object) -> Answer:
    """An answer as the summary keeps it, each field checked as the attempt format requires."""
    if not isinstance(data, dict) or not set(data) <= _ANSWER_FIELDS:
        raise ValueError("not an answer")
    question_id, version = data["question_id"], data["version"]
    if not isinstance(question_id, str) or not _QUESTION_ID.fullmatch(question_id):
        raise ValueError("question_id")
    if not isinstance(version, str) or not _FINGERPRINT.fullmatch(version):
        raise ValueError("version")
    correct = data.get("correct")
    if correct is not None and not isinstance(correct, bool):
        raise ValueError("correct")
    answered_at = datetime.fromisoformat(data["answered_at"])
    if answered_at.tzinfo is None:
        raise ValueError("answered_at")
    seconds = _number(data.get("seconds", 0.0), MAX_SECONDS)
    credit = _number(data.get("credit", 0.0), 1.0)
    if not (math.isfinite(seconds) and math.isfinite(credit)):
        raise ValueError("not finite")
    return Answer(
        question_id=question_id,
        response=_response(data["response"]),
        correct=correct,
        credit=credit,
        answered_at=answered_at,
        seconds=seconds,
        version=version,
    )


_ANSWER_FIELDS = frozenset(
    {"question_id", "response", "correct", "credit", "answered_at", "seconds", "version"}
)


def build(
    entries: Iterable[tuple[str, FileStamp | None, Sequence[Answer] | None]],
    folder: FolderStamp,
) -> History:
    """The summary of every attempt, from (id, file stamp, answers or None if unreadable), oldest first."""
    history = History(folder)
    pending: list[tuple[str, FileStamp | None, Sequence[Answer] | None]] = []
    for entry in entries:
        pending.append(entry)
        if len(pending) > WINDOW:
            attempt_id, _, answers = pending.pop(0)
            history.retire(attempt_id, answers)
    history.recent = [
        Recent(attempt_id, stamp, len(answers) if answers is not None else 0)
        for attempt_id, stamp, answers in pending
    ]
    return history


def read_summary(path: Path) -> History | None:
    """The summary saved at `path`, or None when it is missing, damaged or of another format."""
    try:
        return History.from_json(read_capped(path, SUMMARY_CAP))
    except (UnreadableFile, ValueError):
        return None


def decisive_answers(answers: Sequence[Answer]) -> list[Answer]:
    """Of answers oldest first, the latest answer of each response to each question, oldest first."""
    latest: dict[DecisiveKey, int] = {}
    for index, answer in enumerate(answers):
        latest[(answer.question_id, response_key(answer.response))] = index
    return [answers[index] for index in sorted(latest.values())]
