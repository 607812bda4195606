"""Write faults: a save that fails at any write point leaves memory and disk as before, and the retry answers the same question."""

from __future__ import annotations

import copy
import errno
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from responses import right_response, wrong_response

from quizapp.core import durable
from quizapp.core.bank import Bank
from quizapp.core.report import build_report
from quizapp.core.session import QuizSession, plan_attempt
from quizapp.core.store import OpenProfile, ProfileStore, describe_write_error

POINTS = ("temp create", "temp write", "fsync", "rename", "folder fsync")
"""Every step of an atomic write, in order."""
FILES = ("attempt", "profile")
"""The two files an answer writes, attempt first."""
KINDS = {
    errno.ENOSPC: "disk is full",
    errno.EROFS: "read-only",
    errno.EFBIG: "larger than this system allows",
    errno.EACCES: "permission denied",
}
"""The errors injected, with the words the message must use."""


@dataclass
class Faults:
    """A stand-in for the store's `os` and `tempfile` that fails one write point of one file, while armed."""

    point: str
    file: str
    code: int
    armed: bool = False
    hits: int = 0
    fds: dict[int, str] = field(default_factory=dict)
    """Open file descriptor -> which file it writes (`attempt`, `profile`, or a folder's)."""

    def which(self, name: str) -> str:
        return "profile" if name.startswith("profile.toml") else "attempt"

    def fail(self, point: str, target: str) -> None:
        if self.armed and point == self.point and target == self.file:
            self.hits += 1
            raise OSError(self.code, os.strerror(self.code), target)

    # tempfile
    def mkstemp(self, *, dir: Path, prefix: str, suffix: str) -> tuple[int, str]:
        target = self.which(prefix[1:])
        if target != "attempt" or prefix.endswith(".toml."):
            self.fail("temp create", target)
        fd, name = tempfile.mkstemp(dir=dir, prefix=prefix, suffix=suffix)
        self.fds[fd] = target
        return fd, name

    # os
    def write(self, fd: int, data: Any) -> int:
        self.fail("temp write", self.fds.get(fd, "?"))
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        target = self.fds.get(fd, "?")
        if target.startswith("dir:"):
            self.fail("folder fsync", target[4:])
        else:
            self.fail("fsync", target)
        os.fsync(fd)

    def replace(self, source: str, target: str) -> None:
        self.fail("rename", self.which(Path(target).name))
        os.replace(source, target)

    def open(self, path: Any, flags: int, *args: Any) -> int:
        fd = os.open(path, flags, *args)
        folder = Path(path)
        self.fds[fd] = "dir:" + ("attempt" if folder.name == "attempts" else "profile")
        return fd

    def close(self, fd: int) -> None:
        self.fds.pop(fd, None)
        os.close(fd)

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)


@pytest.fixture
def faults_for(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Install a Faults in the durable-write module for a point, file and error; returned disarmed."""

    def install(point: str, file: str, code: int) -> Faults:
        faults = Faults(point, file, code)
        monkeypatch.setattr(durable, "os", faults)
        monkeypatch.setattr(durable, "tempfile", SimpleNamespace(mkstemp=faults.mkstemp))
        return faults

    yield install


def _session_at(store: ProfileStore, bank: Bank, opened: OpenProfile, answered: int) -> QuizSession:
    """A quick quiz with `answered` questions already answered."""
    plan = plan_attempt(bank, opened.profile, "quick", seed=3, now=store.clock())
    session = QuizSession.start(bank, opened, plan)
    for _ in range(answered):
        question = session.current()
        assert question is not None
        session.record(right_response(question))
    return session


def _temp_files(folder: Path) -> list[str]:
    return sorted(
        path.name
        for place in (folder, folder / "attempts")
        for path in place.iterdir()
        if path.name.endswith(".tmp")
    )


@pytest.mark.parametrize("where", ["middle", "last"])
@pytest.mark.parametrize("code", list(KINDS), ids=[errno.errorcode[code] for code in KINDS])
@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("point", POINTS)
def test_a_failed_save_changes_nothing_and_the_retry_answers_the_same_question(
    store: ProfileStore,
    tiny_bank: Bank,
    faults_for: Any,
    point: str,
    file: str,
    code: int,
    where: str,
) -> None:
    """Inject a fault at every write point of both files; memory and disk are as before, the retry lands right."""
    with store.open("Ada") as opened:
        probe = _session_at(store, tiny_bank, opened, 0)
        total = probe.total
        probe.close("abandoned")
        session = _session_at(store, tiny_bank, opened, 1 if where == "middle" else total - 1)
        question = session.current()
        assert question is not None
        attempt_file = opened.attempt_path(session.attempt.id)
        attempt_before = copy.deepcopy(session.attempt)
        profile_before = copy.deepcopy(opened.profile)
        disk_attempt = attempt_file.read_bytes()
        disk_profile = opened.path.read_bytes()

        faults = faults_for(point, file, code)
        faults.armed = True
        with pytest.raises(OSError) as raised:
            session.record(wrong_response(question))
        faults.armed = False
        assert faults.hits >= 1, "the fault was never reached"
        assert raised.value.errno == code
        assert KINDS[code] in describe_write_error(raised.value)

        # memory: exactly as before the key press
        assert session.attempt == attempt_before
        assert opened.profile == profile_before
        current = session.current()
        assert current is not None and current.id == question.id
        # disk: the same content (rewritten at most), nothing half written, no temp file left
        assert store.read_attempt(attempt_file) == attempt_before
        assert store.read_profile(opened.folder) == profile_before
        if point not in ("rename", "folder fsync") and file == "attempt":
            assert attempt_file.read_bytes() == disk_attempt
            assert opened.path.read_bytes() == disk_profile
        assert _temp_files(opened.folder) == []

        # the retry records the same question, once
        answer = session.record(right_response(question))
        assert answer.question_id == question.id
        saved = store.read_attempt(attempt_file)
        assert [a.question_id for a in saved.answers].count(question.id) == 1
        assert saved.answers[: len(attempt_before.answers)] == attempt_before.answers
        on_disk = store.read_profile(opened.folder)
        assert on_disk.answers_total == profile_before.answers_total + 1
        if where == "last":
            assert saved.status == "finished" and on_disk.current_attempt is None
            # the mode can start again
            again = plan_attempt(tiny_bank, opened.profile, "quick", seed=4, now=store.clock())
            assert QuizSession.start(tiny_bank, opened, again).current() is not None
        else:
            assert saved.status == "active" and on_disk.current_attempt == saved.id
            following = session.current()
            assert following is not None and following.id != question.id


@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("point", POINTS)
def test_a_failed_start_leaves_no_orphan_attempt(
    store: ProfileStore, tiny_bank: Bank, faults_for: Any, point: str, file: str
) -> None:
    """Starting a quiz that cannot be saved leaves the profile as it was and no new attempt file."""
    with store.open("Ada") as opened:
        profile_before = copy.deepcopy(opened.profile)
        plan = plan_attempt(tiny_bank, opened.profile, "quick", seed=3, now=store.clock())
        faults = faults_for(point, file, errno.ENOSPC)
        faults.armed = True
        with pytest.raises(OSError):
            QuizSession.start(tiny_bank, opened, plan)
        faults.armed = False
        assert opened.profile == profile_before
        assert store.read_profile(opened.folder) == profile_before
        assert store.attempt_paths(opened.folder) == []
        assert _temp_files(opened.folder) == []


@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("point", POINTS)
def test_a_failed_close_keeps_the_attempt_open(
    store: ProfileStore, tiny_bank: Bank, faults_for: Any, point: str, file: str
) -> None:
    """Abandoning an attempt that cannot be saved leaves it open and current, in memory and on disk."""
    with store.open("Ada") as opened:
        session = _session_at(store, tiny_bank, opened, 2)
        attempt_before = copy.deepcopy(session.attempt)
        profile_before = copy.deepcopy(opened.profile)
        faults = faults_for(point, file, errno.EROFS)
        faults.armed = True
        with pytest.raises(OSError):
            session.close("abandoned")
        faults.armed = False
        assert session.attempt == attempt_before and opened.profile == profile_before
        assert store.read_attempt(opened.attempt_path(session.attempt.id)) == attempt_before
        assert store.read_profile(opened.folder) == profile_before


# ---------------------------------------------------------------- recovery when a profile is opened


def test_opening_recovers_a_profile_left_behind_its_finished_attempt(
    store: ProfileStore, tiny_bank: Bank
) -> None:
    """A crash after the last answer's attempt write: the profile catches up when next opened."""
    with store.open("Ada") as opened:
        session = _session_at(store, tiny_bank, opened, 0)
        stale_profile = opened.path.read_bytes()
        while not session.is_complete:
            question = session.current()
            assert question is not None
            session.record(right_response(question))
        total = session.total
        opened.path.write_bytes(stale_profile)  # the profile write "never happened"
        (opened.folder / ".profile.toml.abc123.tmp").write_bytes(b"half")
        (opened.folder / "attempts" / f".{session.attempt.id}.toml.x1.tmp").write_bytes(b"ha")
    stale = store.read_profile(store.person_folder("Ada"))
    assert stale.current_attempt == session.attempt.id and stale.answers_total == 0
    with store.open("Ada") as again:
        assert again.profile.current_attempt is None
        assert again.profile.answers_total == total
        assert again.current_attempt() is None
        assert _temp_files(again.folder) == []
        # the mode can start again
        plan = plan_attempt(tiny_bank, again.profile, "quick", seed=9, now=store.clock())
        assert QuizSession.start(tiny_bank, again, plan).current() is not None
    assert store.read_profile(store.person_folder("Ada")).answers_total == total


def test_an_orphan_active_attempt_does_not_hide_a_finished_score(
    store: ProfileStore, tiny_bank: Bank, fixed_clock: Any
) -> None:
    """A crash between an attempt's file and the profile leaves an empty active attempt: the report ignores it."""
    with store.open("Ada") as opened:
        session = _session_at(store, tiny_bank, opened, 0)
        while not session.is_complete:
            question = session.current()
            assert question is not None
            session.record(right_response(question))
        fixed_clock.advance(minutes=5)
        orphan = plan_attempt(tiny_bank, opened.profile, "quick", seed=5, now=store.clock())
        opened.save_attempt(orphan)  # crash here: the profile never names it
    report = build_report(store.folder, tiny_bank)
    [row] = report.students
    assert row.latest.attempt_id == session.attempt.id
    assert row.latest.percent == 100 and row.best.percent == 100


def test_recovery_never_lowers_the_answer_count(store: ProfileStore, tiny_bank: Bank) -> None:
    """Answers dropped from an attempt (an edited question) were still given: the count stays."""
    with store.open("Ada") as opened:
        session = _session_at(store, tiny_bank, opened, 2)
        opened.profile.answers_total = 50
        opened.save()
        attempt_id = session.attempt.id
    with store.open("Ada") as again:
        assert again.profile.answers_total == 50
        assert again.profile.current_attempt == attempt_id


def test_recovery_skips_what_is_not_a_regular_attempt_file(
    store: ProfileStore, tiny_bank: Bank
) -> None:
    """A FIFO or a folder named like an attempt file is not read when counting (no hang, no error)."""
    with store.open("Ada") as opened:
        _session_at(store, tiny_bank, opened, 2)
        attempts = opened.folder / "attempts"
    os.mkfifo(attempts / "20990101T000000Z-quick.toml")
    (attempts / "20990102T000000Z-quick.toml").mkdir()
    with store.open("Ada") as again:
        assert again.profile.answers_total == 2
