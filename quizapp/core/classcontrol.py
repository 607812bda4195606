"""The teacher's controls of a running class quiz: a small file in the class folder everyone reads.

`class-control.toml` sits beside the students' profile folders. The teacher's live view writes it
(start the quiz for everyone, end it, give everyone or one student more time, give one student
another attempt, release a student whose device died); every student's quizapp reads it once a
second and the report reads it too, so a started, ended or extended quiz is the same for all of
them. Only `ControlStore.save` writes it, atomically; a damaged file is reported, never overwritten
by a reader (the teacher's view offers to replace it, keeping the damaged one aside).

Every value is bounded (times from 1970 to 9000 with a zone, extra time up to a day, extra
attempts up to 100), so no hand-edited value can make a reader's arithmetic overflow. In a
terminal class every student can write this file (the folder is shared); under `quizapp serve`
only the teacher's side can.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.core.formats import EARLIEST_YEAR, LATEST_YEAR
from quizapp.core.problems import Problem

CONTROL_FILE = "class-control.toml"
"""The control file's name in the class folder."""
MAX_CONTROL_BYTES = 256 * 1024
"""A control file larger than this is refused (a class of thousands needs far less)."""
MAX_EXTRA_MINUTES = 24 * 60
"""The most extra time one extension may add up to."""
MAX_EXTRA_ATTEMPTS = 100
"""The most extra attempts the teacher may give one student."""
CONTROL_VERSION = 1
"""The control file format this program writes and reads (fields added since are optional)."""


class ControlError(Exception):
    """The control file cannot be used; `problem` names the file, the field and what to do."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem
        """What is wrong, where."""


@dataclass
class StudentControl:
    """What the teacher set for one student of one pack."""

    extra_minutes: int = 0
    """Extra time for this student, on top of the pack's limit and the class's extra time."""
    released: datetime | None = None
    """When the teacher last released this student's browser seat (so another device may join)."""
    extra_attempts: int = 0
    """Attempts the teacher allowed this student beyond the pack's `attempts`."""


@dataclass
class PackControl:
    """What the teacher set for one pack."""

    started: datetime | None = None
    """When the teacher started the quiz for everyone (a pack with `start = "teacher"`); every
    student's clock starts then."""
    ended: datetime | None = None
    """When the teacher ended the quiz for everyone (UTC); open attempts close then."""
    extra_minutes: int = 0
    """Extra time for the whole class."""
    students: dict[str, StudentControl] = field(default_factory=dict)
    """Student key (case-folded name) -> what was set for them."""

    def extra_for(self, student_key: str) -> timedelta:
        """The extra time one student has: the class's and their own."""
        own = self.students.get(student_key, StudentControl()).extra_minutes
        return timedelta(minutes=self.extra_minutes + own)

    def most_extra(self) -> timedelta:
        """The most extra time any student has (the class's plus the largest of their own)."""
        own = max((student.extra_minutes for student in self.students.values()), default=0)
        return timedelta(minutes=self.extra_minutes + own)

    def extra_attempts_for(self, student_key: str) -> int:
        """Attempts the teacher allowed one student beyond the pack's."""
        return self.students.get(student_key, StudentControl()).extra_attempts


@dataclass
class ClassControl:
    """The whole control file."""

    packs: dict[str, PackControl] = field(default_factory=dict)
    """Pack id -> its controls."""

    def for_pack(self, pack_id: str | None) -> PackControl:
        """The controls of a pack (empty ones when the teacher set nothing)."""
        return self.packs.get(pack_id or "", PackControl())


def deadline(
    started: datetime,
    limit_seconds: int | None,
    pack: PackControl,
    student_key: str,
) -> datetime | None:
    """When an attempt must close: its limit plus any extra time, or when the teacher ended the quiz.

    An end the teacher gave before the attempt started does not close it: that is an attempt the
    teacher allowed afterwards (another go for one student).

    Returns:
        The earlier of the two, or None when neither applies.
    """
    ends: list[datetime] = []
    if (by_time := time_deadline(started, limit_seconds, pack, student_key)) is not None:
        ends.append(by_time)
    if pack.ended is not None and pack.ended >= started:
        ends.append(pack.ended)
    return min(ends) if ends else None


def time_deadline(
    started: datetime, limit_seconds: int | None, pack: PackControl, student_key: str
) -> datetime | None:
    """When an attempt's time runs out: its limit plus the class's and the student's extra time
    (None without a limit). The teacher's end is not counted here (see `deadline`)."""
    if limit_seconds is None:
        return None
    return started + timedelta(seconds=limit_seconds) + pack.extra_for(student_key)


def _problem(path: Path, field_name: str, message: str) -> ControlError:
    return ControlError(Problem(str(path), message, field_name))


def _minutes(path: Path, where: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_EXTRA_MINUTES:
        raise _problem(
            path, where, f"extra_minutes must be a whole number from 0 to {MAX_EXTRA_MINUTES}"
        )
    return value


def _attempts(path: Path, where: str, value: object) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MAX_EXTRA_ATTEMPTS
    ):
        raise _problem(
            path, where, f"extra_attempts must be a whole number from 0 to {MAX_EXTRA_ATTEMPTS}"
        )
    return value


def _moment(path: Path, where: str, value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise _problem(
            path, where, "must be a date and time with a zone, e.g. 2026-11-28T10:00:00Z"
        )
    # Bounded like profile times: `0001-01-01T00:00:00+14:00` is before the calendar starts in
    # UTC, and readers add time limits to these values.
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise _problem(
            path,
            where,
            f"the year {value.year} is not plausible: give a time from {EARLIEST_YEAR} to "
            f"{LATEST_YEAR}, e.g. 2026-11-28T10:00:00Z",
        )
    return value


def _parse(path: Path, data: dict[str, Any]) -> ClassControl:
    version = data.get("schema_version", CONTROL_VERSION)
    if version != CONTROL_VERSION:
        raise _problem(path, "schema_version", f"this quizapp reads version {CONTROL_VERSION}")
    unknown = set(data) - {"schema_version", "packs"}
    if unknown:
        raise _problem(path, sorted(unknown)[0], "is not a known setting")
    packs = data.get("packs", {})
    if not isinstance(packs, dict):
        raise _problem(path, "packs", "must be a table of packs")
    control = ClassControl()
    for pack_id, raw in packs.items():
        where = f"packs.{pack_id}"
        if not isinstance(raw, dict):
            raise _problem(path, where, "must be a table")
        students: dict[str, StudentControl] = {}
        raw_students = raw.get("students", {})
        if not isinstance(raw_students, dict):
            raise _problem(path, f"{where}.students", "must be a table of students")
        for key, entry in raw_students.items():
            at = f"{where}.students.{key}"
            if not isinstance(entry, dict):
                raise _problem(path, at, "must be a table")
            unknown = set(entry) - {"extra_minutes", "released", "extra_attempts"}
            if unknown:
                raise _problem(path, f"{at}.{sorted(unknown)[0]}", "is not a known setting")
            students[key] = StudentControl(
                extra_minutes=_minutes(path, f"{at}.extra_minutes", entry.get("extra_minutes", 0)),
                released=_moment(path, f"{at}.released", entry.get("released")),
                extra_attempts=_attempts(
                    path, f"{at}.extra_attempts", entry.get("extra_attempts", 0)
                ),
            )
        unknown = set(raw) - {"started", "ended", "extra_minutes", "students"}
        if unknown:
            raise _problem(path, f"{where}.{sorted(unknown)[0]}", "is not a known setting")
        control.packs[pack_id] = PackControl(
            started=_moment(path, f"{where}.started", raw.get("started")),
            ended=_moment(path, f"{where}.ended", raw.get("ended")),
            extra_minutes=_minutes(path, f"{where}.extra_minutes", raw.get("extra_minutes", 0)),
            students=students,
        )
    return control


def _plain(control: ClassControl) -> dict[str, Any]:
    packs: dict[str, Any] = {}
    for pack_id, pack in control.packs.items():
        entry: dict[str, Any] = {"extra_minutes": pack.extra_minutes}
        if pack.started is not None:
            entry["started"] = pack.started
        if pack.ended is not None:
            entry["ended"] = pack.ended
        students: dict[str, Any] = {}
        for key, student in pack.students.items():
            item: dict[str, Any] = {"extra_minutes": student.extra_minutes}
            if student.released is not None:
                item["released"] = student.released
            if student.extra_attempts:
                item["extra_attempts"] = student.extra_attempts
            students[key] = item
        if students:
            entry["students"] = students
        packs[pack_id] = entry
    return {"schema_version": CONTROL_VERSION, "packs": packs}


class ControlStore:
    """Reads (everyone) and writes (the teacher's view only) one class folder's control file."""

    def __init__(self, folder: Path) -> None:
        """Args:
        folder: the class folder (the profiles folder the students share).
        """
        self.path = folder / CONTROL_FILE
        """The control file."""
        self._seen: tuple[int, int] | None = None
        self._cached = ClassControl()

    def load(self) -> ClassControl:
        """The controls as they are now (none when the file does not exist); re-read only when it changed.

        Raises:
            ControlError: the file is not a regular file, too large, not TOML, or has a bad field.
        """
        try:
            status = self.path.stat()
        except FileNotFoundError:
            self._seen, self._cached = None, ClassControl()
            return self._cached
        except OSError as error:
            raise _problem(self.path, "", f"cannot be read ({error.strerror})") from None
        import stat

        if not stat.S_ISREG(status.st_mode):
            raise _problem(self.path, "", "is not a regular file; remove it")
        if status.st_size > MAX_CONTROL_BYTES:
            raise _problem(self.path, "", f"is larger than {MAX_CONTROL_BYTES // 1024} KiB")
        stamp = (status.st_mtime_ns, status.st_size)
        if stamp == self._seen:
            return self._cached
        from quizapp.core.reading import UnreadableFile, read_toml

        try:
            data = read_toml(self.path, MAX_CONTROL_BYTES).data
        except UnreadableFile as error:
            raise ControlError(
                Problem(str(self.path), error.message, error.where, error.line)
            ) from None
        self._cached = _parse(self.path, data)
        self._seen = stamp
        return self._cached

    def save(self, control: ClassControl) -> None:
        """Write the controls atomically (the teacher's view calls this; students only read)."""
        import tomli_w

        from quizapp.core.durable import atomic_write

        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(self.path, tomli_w.dumps(_plain(control)).encode("utf-8"))
        self._seen = None

    def start_quiz(self, pack_id: str, now: datetime) -> ClassControl:
        """Start the quiz for everyone now (once: a second start keeps the first); return the controls."""
        control = self.load()
        pack = control.packs.setdefault(pack_id, PackControl())
        if pack.started is None:
            pack.started = now
            self.save(control)
        return control

    def allow_another_attempt(self, pack_id: str, student_key: str) -> ClassControl:
        """Give one student one more attempt than the pack allows; return the new controls."""
        control = self.load()
        pack = control.packs.setdefault(pack_id, PackControl())
        student = pack.students.setdefault(student_key, StudentControl())
        student.extra_attempts = min(MAX_EXTRA_ATTEMPTS, student.extra_attempts + 1)
        self.save(control)
        return control

    def replace_damaged(self, now: datetime) -> Path:
        """Move a damaged control file aside (kept, never deleted) and start a fresh, empty one.

        Only the teacher's view calls this, after the teacher confirmed: the settings that were in
        the damaged file (an end, extra time) must be given again.

        Returns:
            Where the damaged file now is.
        """
        aside = self.path.with_name(f"{self.path.name}.damaged-{now:%Y%m%dT%H%M%SZ}")
        counter = 1
        while aside.exists() or aside.is_symlink():
            counter += 1
            aside = aside.with_name(f"{self.path.name}.damaged-{now:%Y%m%dT%H%M%SZ}-{counter}")
        import os

        os.replace(self.path, aside)
        self.save(ClassControl())
        return aside

    def end_quiz(self, pack_id: str, now: datetime) -> ClassControl:
        """End the quiz for everyone now; return the new controls."""
        control = self.load()
        control.packs.setdefault(pack_id, PackControl()).ended = now
        self.save(control)
        return control

    def extend(self, pack_id: str, minutes: int, student_key: str | None = None) -> ClassControl:
        """Give the class (or one student) `minutes` more; return the new controls."""
        control = self.load()
        pack = control.packs.setdefault(pack_id, PackControl())
        if student_key is None:
            pack.extra_minutes = min(MAX_EXTRA_MINUTES, pack.extra_minutes + minutes)
        else:
            student = pack.students.setdefault(student_key, StudentControl())
            student.extra_minutes = min(MAX_EXTRA_MINUTES, student.extra_minutes + minutes)
        self.save(control)
        return control

    def release(self, pack_id: str, student_key: str, now: datetime) -> ClassControl:
        """Release one student's browser seat; return the new controls."""
        control = self.load()
        pack = control.packs.setdefault(pack_id, PackControl())
        pack.students.setdefault(student_key, StudentControl()).released = now
        self.save(control)
        return control
