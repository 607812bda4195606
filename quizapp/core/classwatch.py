"""The teacher's live picture of a class quiz: who joined, where each student is, how each question goes.

Built from the class folder alone (the students' profiles and the teacher's control file), so it
works the same for a browser class under `quizapp serve` and for students running `quizapp --pack`
in their own terminals against one shared folder. It only reads: `ClassReader` reads the folder
again and again for the live view, parsing only the files that changed since its last read (by
inode, size and modification times) and only attempts that can be the watched pack's, so a
refresh of a class of 2,000 costs a few thousand `stat` calls, not 2,000 profiles parsed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from quizapp.core.bank import Bank, is_graded
from quizapp.core.classcontrol import ClassControl, ControlError, ControlStore, deadline
from quizapp.core.classgate import attempt_class_closed
from quizapp.core.profile import Attempt, Profile
from quizapp.core.report import (
    ClassFiles,
    ClassSummary,
    PersonFiles,
    QuestionRow,
    class_attempts,
    item_analysis,
    list_reason,
    person_folders,
    skip_reason,
)
from quizapp.core.scoring import attempt_score, effective_status, latest_answers
from quizapp.core.store import PROFILE_FILE, ProfileError, ProfileStore

IDLE_AFTER = timedelta(minutes=3)
"""A student with an open quiz and no answer for this long is shown as idle."""

STATUS_WORDS = {
    "waiting": "waiting",
    "joined": "joined",
    "answering": "answering",
    "idle": "idle",
    "away": "left",
    "finished": "finished",
    "timed_out": "timed out",
    "abandoned": "abandoned",
}
"""How each roster status reads ("away": their page closed, or their quizapp stopped, while the
quiz was open or they waited for it)."""


@dataclass
class RosterRow:
    """One student's line of the live view."""

    name: str
    """The student's name as they typed it."""
    key: str
    """Their profile folder (the case-folded name): what controls are keyed by."""
    status: str
    """answering, idle, finished, timed_out or abandoned (see `STATUS_WORDS`)."""
    reached: int
    """The question they are on (1-based; the total once they are done)."""
    total: int
    """Questions in their quiz."""
    answered: int
    """Questions answered."""
    right: int | None
    """Right so far, where feedback is immediate (None when answers are held back)."""
    seconds_left: int | None
    """Time left, when the quiz has a deadline and is still open."""
    last_seen: datetime
    """Their last answer, or the start."""
    score: int | None = None
    """Their score in percent once their attempt has ended, as their results show it (the one
    score of an attempt); None while it is open, or while a class quiz's results are held back."""


@dataclass
class ClassSnapshot:
    """The whole class at one moment."""

    pack_id: str
    """The pack watched."""
    taken_at: datetime
    """When this picture was taken (UTC)."""
    rows: list[RosterRow] = field(default_factory=list)
    """One row per student who joined, by name."""
    questions: list[QuestionRow] = field(default_factory=list)
    """Each question's results so far, hardest first."""
    problems: list[str] = field(default_factory=list)
    """Files that could not be read, with why (the rest goes on)."""
    ended: datetime | None = None
    """When the teacher ended the quiz, if they did."""
    started: datetime | None = None
    """When the teacher started the quiz for everyone, if they did."""
    connected: int | None = None
    """Students with a page connected to the class server now (None: no server runs)."""
    control_problem: str | None = None
    """Why the class control file cannot be read, if it cannot (the view offers to replace it)."""
    summary: ClassSummary | None = None
    """The class's scores and reliability so far (from first attempts)."""

    def count(self, status: str) -> int:
        """How many students have this status."""
        return sum(1 for row in self.rows if row.status == status)

    @property
    def answered_share(self) -> float:
        """The class's progress: answers given out of questions to answer, 0 to 1."""
        total = sum(row.total for row in self.rows)
        return sum(row.answered for row in self.rows) / total if total else 0.0


Stamp = tuple[int, int, int, int]
"""What tells a file changed: inode, size, modification and change times (ns). The store replaces
files by rename, which changes the inode; an edit in place changes the times."""

NOT_PACK_MODES = frozenset({"full", "topic", "quick", "review", "fit"})
"""Attempt modes (the part of an attempt file's name after its start time) that are never a pack's."""


def _stamp(path: Path) -> Stamp | None:
    """The file's stamp, None when it is gone; a file that cannot be examined gets a stamp of its
    error, so it is read (and its reason reported) again only when that changes."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return (-1, error.errno or 0, 0, 0)
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def may_be_pack_attempt(path: Path) -> bool:
    """Whether an attempt file can hold a pack attempt, by its name (`<start>-<mode>[-<n>].toml`):
    names of other modes are never read for the live view; odd names are read to be sure."""
    mode = path.stem.partition("-")[2].split("-")[0]
    return mode not in NOT_PACK_MODES


@dataclass
class _Known:
    """What a `ClassReader` remembers of one file: its stamp and what reading it gave."""

    stamp: Stamp
    attempt: Attempt | None = None
    """The attempt, when it is the watched pack's."""
    profile: Profile | None = None
    """The profile, for a profile file."""
    problem: tuple[str, str] | None = None
    """(file, reason) when it could not be read."""


@dataclass
class _Student:
    """What a `ClassReader` remembers of one student folder."""

    profile: _Known | None = None
    attempts_stamp: Stamp | None = None
    """The stamp of the attempts folder when its files were last listed."""
    attempt_paths: list[Path] = field(default_factory=list)
    """The files of that listing that may be pack attempts, oldest first."""
    attempts: dict[Path, _Known] = field(default_factory=dict)


class ClassReader:
    """Reads one class folder for one pack, again and again, parsing only what changed.

    Each `read` lists the class folder (again only when it changed), checks each student's profile
    and pack attempts by `stat`, and parses only files whose stamp changed since the last read.
    Attempt files whose name says they are another mode's are never read. Nothing is ever written.
    """

    def __init__(
        self, folder: Path, pack_id: str, between_files: Callable[[], None] = lambda: None
    ) -> None:
        """Args:
        folder: the class folder.
        pack_id: the pack watched: only its attempts are kept.
        between_files: called after each file parsed (a reader in a thread yields there, so the
            thread that draws the view is never kept waiting long).
        """
        self.folder = folder
        self.pack_id = pack_id
        self.between_files = between_files
        self.files_parsed = 0
        """Files parsed by the last `read` (tests and benchmarks read it)."""
        self.changed = True
        """Whether the last `read` found anything different from the one before."""
        self._signature: list[object] = []
        self._last_signature: list[object] | None = None
        self._controls = ControlStore(folder)
        self._store = ProfileStore(folder)
        self._folder_stamp: Stamp | None = None
        self._folders: list[Path] = []
        self._listing_problems: list[tuple[str, str]] = []
        self._students: dict[str, _Student] = {}

    def read(self) -> ClassFiles:
        """The class folder as it is now; unreadable files and a folder that vanished are listed
        in `skipped`, never raised."""
        self.files_parsed = 0
        self._signature = []
        files = ClassFiles()
        try:
            files.control = self._controls.load()
        except ControlError as error:
            files.skipped.append((str(error.problem.file), error.problem.message))
            files.control_problem = str(error.problem)
        stamp = _stamp(self.folder)
        if stamp is None or stamp != self._folder_stamp:
            self._listing_problems = []
            self._folders = person_folders(self.folder, self._listing_problems, need_profile=False)
            self._folder_stamp = stamp
        if stamp is None and not self._listing_problems:
            self._listing_problems.append(list_reason(self.folder, FileNotFoundError()))
        files.skipped.extend(self._listing_problems)
        seen: dict[str, _Student] = {}
        for person in self._folders:
            student = self._students.get(person.name) or _Student()
            read = self._read_student(person, student, files)
            if read is not None:
                seen[person.name] = student
                files.people.append(read)
        self._students = seen
        self._signature += [_stamp(self._controls.path), len(files.skipped)]
        self.changed = self.files_parsed > 0 or self._signature != self._last_signature
        self._last_signature = self._signature
        return files

    @property
    def folders(self) -> list[Path]:
        """The student folders found by the last `read` (with or without a profile), by name."""
        return list(self._folders)

    def _parsed(self) -> None:
        self.files_parsed += 1
        self.between_files()

    def _read_student(
        self, person: Path, student: _Student, files: ClassFiles
    ) -> PersonFiles | None:
        """One student's profile and pack attempts, re-reading only what changed; None when the
        folder holds no profile (yet, or any more) or the profile cannot be read."""
        profile_path = person / PROFILE_FILE
        stamp = _stamp(profile_path)
        if stamp is None:
            return None
        if student.profile is None or student.profile.stamp != stamp:
            student.profile = _Known(stamp)
            try:
                student.profile.profile = self._store.read_profile(person)
            except ProfileError as error:
                student.profile.problem = (str(profile_path), skip_reason(error))
            self._parsed()
        if student.profile.profile is None:
            assert student.profile.problem is not None
            files.skipped.append(student.profile.problem)
            return None
        read = PersonFiles(person, student.profile.profile)
        attempts_stamp = _stamp(person / "attempts")
        if attempts_stamp != student.attempts_stamp:
            paths = self._store.attempt_paths(person)
            student.attempt_paths = [path for path in paths if may_be_pack_attempt(path)]
            listed = set(student.attempt_paths)
            student.attempts = {
                path: known for path, known in student.attempts.items() if path in listed
            }
            student.attempts_stamp = attempts_stamp
        for path in student.attempt_paths:
            known = self._read_attempt(path, student.attempts.get(path))
            if known is None:
                continue
            student.attempts[path] = known
            if known.problem is not None:
                files.skipped.append(known.problem)
            elif known.attempt is not None:
                files.packs_taken.add(self.pack_id)
                read.attempts.append(known.attempt)
                self._signature.append(known.stamp)
        self._signature.append((person.name, stamp))
        return read

    def _read_attempt(self, path: Path, known: _Known | None) -> _Known | None:
        """An attempt file, parsed again only when its stamp changed; None when it is gone."""
        stamp = _stamp(path)
        if stamp is None:
            return None
        if known is not None and known.stamp == stamp:
            return known
        known = _Known(stamp)
        try:
            attempt = self._store.read_attempt(path)
            if attempt.pack_id == self.pack_id:
                known.attempt = attempt  # another pack's is remembered only by its stamp
        except ProfileError as error:
            known.problem = (str(path), skip_reason(error))
        self._parsed()
        return known


def _row(
    name: str, key: str, attempt: Attempt, bank: Bank, control: ClassControl, now: datetime
) -> RosterRow:
    pack = control.for_pack(attempt.pack_id)
    status = effective_status(attempt, now, pack, key)
    answers = latest_answers(attempt)
    asked = [qid for qid in attempt.question_ids if qid in bank]
    answered = len({answer.question_id for answer in answers})
    last_seen = max([attempt.started, *(answer.answered_at for answer in answers)])
    if status == "active":
        status = "idle" if now - last_seen >= IDLE_AFTER else "answering"
    right = None
    if attempt.feedback == "immediate":
        right = sum(
            1
            for answer in answers
            if answer.correct and (question := bank.get(answer.question_id)) and is_graded(question)
        )
    seconds_left = None
    ends = deadline(attempt.started, attempt.time_limit_seconds, pack, key)
    if ends is not None and status in ("answering", "idle"):
        seconds_left = max(0, int((ends - now).total_seconds()))
    reached = min(len(asked), answered + 1) if status in ("answering", "idle") else len(asked)
    score = None
    released = attempt.feedback == "immediate" or attempt_class_closed(attempt, pack, now)
    if status in ("finished", "timed_out", "abandoned") and released:
        score = attempt_score(attempt, bank, now, pack, key).percent
    return RosterRow(
        name, key, status, reached, len(asked), answered, right, seconds_left, last_seen, score
    )


class ClassWatch:
    """The live view's source: one class folder and pack, read again at each `snapshot`, parsing
    only what changed (see `ClassReader`) and working out the question table only then."""

    def __init__(
        self,
        folder: Path,
        bank: Bank,
        pack_id: str,
        between_files: Callable[[], None] = lambda: None,
    ) -> None:
        """Args:
        folder: the class folder (the students' profiles folder).
        bank: the question bank, for question results.
        pack_id: the pack to watch.
        between_files: see `ClassReader`.
        """
        self.folder = folder
        self.bank = bank
        self.pack_id = pack_id
        self.reader = ClassReader(folder, pack_id, between_files)
        """Reads the folder again, parsing only what changed."""
        self._analysis: tuple[list[QuestionRow], ClassSummary] | None = None
        self._statuses: list[tuple[str, str]] = []

    def snapshot(self, now: datetime) -> ClassSnapshot:
        """The class as it is at `now` (UTC)."""
        files = self.reader.read()
        snapshot = ClassSnapshot(self.pack_id, now)
        snapshot.problems = [f"{file}: {reason}" for file, reason in files.skipped]
        control = files.control
        snapshot.control_problem = files.control_problem
        snapshot.ended = control.for_pack(self.pack_id).ended
        snapshot.started = control.for_pack(self.pack_id).started
        for person in files.people:
            if person.attempts:
                latest = person.attempts[-1]
                name, key = person.profile.name, person.folder.name
                snapshot.rows.append(_row(name, key, latest, self.bank, control, now))
        # An attempt can end by its clock with no file changing: the statuses are part of what
        # the question table and the summary depend on.
        statuses = [(row.key, row.status) for row in snapshot.rows]
        if self._analysis is None or self.reader.changed or statuses != self._statuses:
            students = class_attempts(files, self.pack_id, now)
            self._analysis = item_analysis(students, self.bank)
            self._statuses = statuses
        snapshot.questions, snapshot.summary = self._analysis
        names = {person.folder.name: person.profile.name for person in files.people}
        add_presence(snapshot, self.folder, self.reader.folders, self.pack_id, now, names)
        snapshot.rows.sort(key=lambda row: row.name.casefold())
        return snapshot


def class_snapshot(folder: Path, bank: Bank, pack_id: str, now: datetime) -> ClassSnapshot:
    """The live picture of one pack in one class folder at `now` (reads only, everything once).

    Args:
        folder: the class folder (the students' profiles folder).
        bank: the question bank, for question results.
        pack_id: the pack to watch.
        now: the time the picture is for (UTC).
    """
    return ClassWatch(folder, bank, pack_id).snapshot(now)


def add_presence(
    snapshot: ClassSnapshot,
    folder: Path,
    people: list[Path],
    pack_id: str,
    now: datetime,
    names: dict[str, str] | None = None,
) -> None:
    """Add who is there to the roster: students waiting in the lobby (noted by their quizapp),
    every name holding a seat on the class server even before an attempt, and "left" for a
    student whose page closed (or whose quizapp stopped) while the quiz was open for them.

    Who is connected comes from the seats file the class server writes (`serve-seats.toml`), so
    it is the same whether the server runs in this process, a forked one or another terminal.

    Args:
        snapshot: the picture to add to (its rows are the students with an attempt).
        folder: the class folder.
        people: the student folders in it (with or without a profile yet).
        pack_id: the pack watched.
        now: the time of the picture (UTC).
        names: folder name -> the name its profile is saved under, where already read.
    """
    from quizapp.core.presence import read_seats, read_waiting

    seats = read_seats(folder, pack_id, now)
    snapshot.connected = (
        sum(1 for seat in seats.seats.values() if seat.connected) if seats is not None else None
    )
    known = {row.key for row in snapshot.rows}
    for row in snapshot.rows:
        seat = seats.seats.get(row.key) if seats is not None else None
        if row.status in ("answering", "idle") and seat is not None and not seat.connected:
            row.status = "away"
    for person in people:
        if person.name in known:
            continue
        waiting = read_waiting(person)
        if waiting is None or waiting.pack_id != pack_id:
            continue
        seat = seats.seats.get(person.name) if seats is not None else None
        present = waiting.present(now) and (seat is None or seat.connected)
        if seat is not None:
            name = seat.name
        elif names is not None and person.name in names:
            name = names[person.name]
        else:
            name = _profile_name(person)
        snapshot.rows.append(
            RosterRow(
                name,
                person.name,
                "waiting" if present else "away",
                0,
                0,
                0,
                None,
                None,
                waiting.since,
            )
        )
        known.add(person.name)
    if seats is not None:
        for key, seat in seats.seats.items():
            if key not in known:
                status = "joined" if seat.connected else "away"
                snapshot.rows.append(
                    RosterRow(seat.name, key, status, 0, 0, 0, None, None, seat.since)
                )


def _profile_name(person: Path) -> str:
    """The name a student's profile is saved under (their folder's name if it cannot be read)."""
    try:
        return ProfileStore(person.parent).read_profile(person).name
    except ProfileError:
        return person.name
