"""The teacher's controls of a running class quiz: a small file in the class folder everyone reads.

`class-control.toml` sits beside the students' profile folders. The teacher's live view writes it
(end the quiz for everyone, give everyone or one student more time, release a student whose device
died); every student's quizapp reads it once a second and the report reads it too, so an ended or
extended quiz is the same for all of them. Only `ControlStore.save` writes it, atomically; a
damaged file is reported, never overwritten by a reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.core.problems import Problem

CONTROL_FILE = "class-control.toml"
"""The control file's name in the class folder."""
MAX_CONTROL_BYTES = 256 * 1024
"""A control file larger than this is refused (a class of thousands needs far less)."""
MAX_EXTRA_MINUTES = 24 * 60
"""The most extra time one extension may add up to."""
CONTROL_VERSION = 1
"""The control file format this program writes and reads."""


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


@dataclass
class PackControl:
    """What the teacher set for one pack."""

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

    Returns:
        The earlier of the two, or None when neither applies.
    """
    ends: list[datetime] = []
    if limit_seconds is not None:
        ends.append(started + timedelta(seconds=limit_seconds) + pack.extra_for(student_key))
    if pack.ended is not None:
        ends.append(pack.ended)
    return min(ends) if ends else None


def _problem(path: Path, field_name: str, message: str) -> ControlError:
    return ControlError(Problem(str(path), message, field_name))


def _minutes(path: Path, where: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_EXTRA_MINUTES:
        raise _problem(
            path, where, f"extra_minutes must be a whole number from 0 to {MAX_EXTRA_MINUTES}"
        )
    return value


def _moment(path: Path, where: str, value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise _problem(
            path, where, "must be a date and time with a zone, e.g. 2026-11-28T10:00:00Z"
        )
    return value


def _parse(path: Path, data: dict[str, Any]) -> ClassControl:
    version = data.get("schema_version", CONTROL_VERSION)
    if version != CONTROL_VERSION:
        raise _problem(path, "schema_version", f"this quizapp reads version {CONTROL_VERSION}")
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
            students[key] = StudentControl(
                extra_minutes=_minutes(path, f"{at}.extra_minutes", entry.get("extra_minutes", 0)),
                released=_moment(path, f"{at}.released", entry.get("released")),
            )
        control.packs[pack_id] = PackControl(
            ended=_moment(path, f"{where}.ended", raw.get("ended")),
            extra_minutes=_minutes(path, f"{where}.extra_minutes", raw.get("extra_minutes", 0)),
            students=students,
        )
    return control


def _plain(control: ClassControl) -> dict[str, Any]:
    packs: dict[str, Any] = {}
    for pack_id, pack in control.packs.items():
        entry: dict[str, Any] = {"extra_minutes": pack.extra_minutes}
        if pack.ended is not None:
            entry["ended"] = pack.ended
        students: dict[str, Any] = {}
        for key, student in pack.students.items():
            item: dict[str, Any] = {"extra_minutes": student.extra_minutes}
            if student.released is not None:
                item["released"] = student.released
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
