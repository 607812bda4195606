"""The live view's reader of a class folder: it parses only what changed, only the pack's attempts,
and a folder that breaks or vanishes while it is read is a message, never a crash."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FixedClock
from responses import right_response, wrong_response

from quizapp.core.bank import Bank, is_graded
from quizapp.core.classwatch import ClassReader, ClassWatch, class_snapshot, may_be_pack_attempt
from quizapp.core.report import build_report
from quizapp.core.session import QuizSession, new_attempt
from quizapp.core.store import ProfileStore

PACK = "class-7"


def start(
    bank: Bank, store: ProfileStore, name: str, answers: list[bool], mode: str = "pack"
) -> None:
    """A student starts an attempt (the pack's, unless `mode` says otherwise) and answers."""
    ids = [question.id for question in bank.questions if is_graded(question)][:4]
    with store.open(name) as person:
        attempt = new_attempt(bank, ids, mode, seed=1, started=store.clock())  # type: ignore[arg-type]
        if mode == "pack":
            attempt.pack_id, attempt.time_limit_seconds = PACK, 600
        session = QuizSession.start(bank, person, attempt)
        for right in answers:
            question = session.current()
            assert question is not None
            session.record(right_response(question) if right else wrong_response(question))


def answer_more(bank: Bank, store: ProfileStore, name: str, right: bool) -> None:
    """The student answers one more question of their open attempt."""
    with store.open(name) as person:
        attempt = person.current_attempt()
        assert attempt is not None
        session = QuizSession(bank, person, attempt)
        question = session.current()
        assert question is not None
        session.record(right_response(question) if right else wrong_response(question))


@pytest.fixture
def class_of_three(tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock) -> Path:
    """Ann (2 answers), Bob (1) and Cy (none) on the pack; Ann also did a quick quiz first."""
    start(tiny_bank, store, "Ann", [True, True], mode="quick")
    fixed_clock.advance(minutes=1)
    start(tiny_bank, store, "Ann", [True, False])
    start(tiny_bank, store, "Bob", [False])
    start(tiny_bank, store, "Cy", [])
    return store.folder


def test_a_second_read_parses_nothing_and_sees_the_same_class(
    tiny_bank: Bank, class_of_three: Path, fixed_clock: FixedClock
) -> None:
    """Read twice with nothing changed: nothing parsed the second time, the same picture, and the
    same picture as a one-off read and as the class report's question table."""
    watch = ClassWatch(class_of_three, tiny_bank, PACK)
    first = watch.snapshot(fixed_clock.now)
    # Three profiles and three pack attempts; Ann's quick quiz is never opened.
    assert watch.reader.files_parsed == 6
    second = watch.snapshot(fixed_clock.now)
    assert watch.reader.files_parsed == 0 and not watch.reader.changed
    assert first.rows == second.rows
    assert second.rows == class_snapshot(class_of_three, tiny_bank, PACK, fixed_clock.now).rows
    report = build_report(class_of_three, tiny_bank, PACK, now=fixed_clock.now)
    assert second.questions == report.questions
    assert [(row.name, row.answered) for row in second.rows] == [("Ann", 2), ("Bob", 1), ("Cy", 0)]


def test_an_answer_reparses_only_that_students_files(
    tiny_bank: Bank, store: ProfileStore, class_of_three: Path, fixed_clock: FixedClock
) -> None:
    """One answer rewrites one attempt file and one profile: only those two are parsed again."""
    watch = ClassWatch(class_of_three, tiny_bank, PACK)
    watch.snapshot(fixed_clock.now)
    answer_more(tiny_bank, store, "Bob", right=True)
    snapshot = watch.snapshot(fixed_clock.now)
    assert watch.reader.files_parsed == 2 and watch.reader.changed
    assert {row.name: row.answered for row in snapshot.rows} == {"Ann": 2, "Bob": 2, "Cy": 0}
    assert sum(row.answered for row in snapshot.questions) == 4
    report = build_report(class_of_three, tiny_bank, PACK, now=fixed_clock.now)
    assert snapshot.questions == report.questions


def test_students_joining_and_leaving_the_folder_are_seen(
    tiny_bank: Bank, store: ProfileStore, class_of_three: Path, fixed_clock: FixedClock
) -> None:
    """A new student's folder is read; a removed one drops out of the picture."""
    watch = ClassWatch(class_of_three, tiny_bank, PACK)
    watch.snapshot(fixed_clock.now)
    start(tiny_bank, store, "Dee", [True])
    shutil.rmtree(class_of_three / "bob")
    snapshot = watch.snapshot(fixed_clock.now)
    assert [row.name for row in snapshot.rows] == ["Ann", "Cy", "Dee"]
    assert watch.reader.files_parsed == 2  # Dee's profile and attempt


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("20261122T041500Z-pack.toml", True),
        ("20261122T041500Z-pack-2.toml", True),
        ("20261122T041500Z-quick.toml", False),
        ("20261122T041500Z-full-3.toml", False),
        ("20261122T041500Z-review.toml", False),
        ("20261122T041500Z-fit.toml", False),
        ("20261122T041500Z-topic.toml", False),
        ("odd-name.toml", True),  # not an attempt name the store writes: read to be sure
        ("20261122T041500Z.toml", True),
    ],
)
def test_only_files_that_may_hold_a_pack_attempt_are_read(name: str, read: bool) -> None:
    """The attempt's mode is in its file name: other modes are never opened by the live view."""
    assert may_be_pack_attempt(Path(name)) is read


def test_a_broken_attempt_is_listed_and_the_rest_of_the_student_shown(
    tiny_bank: Bank, class_of_three: Path, fixed_clock: FixedClock
) -> None:
    """A damaged pack attempt is one line in the problems; once fixed it is read again."""
    [attempt] = (class_of_three / "bob" / "attempts").glob("*-pack.toml")
    good = attempt.read_bytes()
    attempt.write_bytes(b"not = [toml")
    watch = ClassWatch(class_of_three, tiny_bank, PACK)
    snapshot = watch.snapshot(fixed_clock.now)
    assert [problem for problem in snapshot.problems if str(attempt) in problem]
    assert "Bob" not in [row.name for row in snapshot.rows]
    attempt.write_bytes(good)
    snapshot = watch.snapshot(fixed_clock.now)
    assert snapshot.problems == [] and "Bob" in [row.name for row in snapshot.rows]


def vanish_after(count: int, target: Path) -> Callable[[], None]:
    """A `between_files` hook that deletes `target` once `count` files were parsed."""
    parsed = 0

    def hook() -> None:
        nonlocal parsed
        parsed += 1
        if parsed == count and target.exists():
            shutil.rmtree(target)

    return hook


@pytest.mark.parametrize("after", [1, 2, 4])
def test_a_class_folder_that_vanishes_mid_read_is_a_message(
    tiny_bank: Bank, class_of_three: Path, fixed_clock: FixedClock, after: int
) -> None:
    """The whole class folder is deleted while a read is under way: no exception; the next read
    says the folder is gone and shows no one."""
    watch = ClassWatch(
        class_of_three, tiny_bank, PACK, between_files=vanish_after(after, class_of_three)
    )
    watch.snapshot(fixed_clock.now)
    assert not class_of_three.exists()
    snapshot = watch.snapshot(fixed_clock.now)
    assert snapshot.rows == []
    assert any("gone" in problem for problem in snapshot.problems), snapshot.problems


def test_a_student_folder_that_vanishes_mid_read_drops_out(
    tiny_bank: Bank, class_of_three: Path, fixed_clock: FixedClock
) -> None:
    """A student's folder deleted between its profile and its attempts: the read goes on."""
    reader = ClassReader(
        class_of_three, PACK, between_files=vanish_after(1, class_of_three / "ann")
    )
    files = reader.read()
    assert [person.folder.name for person in files.people if person.attempts] == ["bob", "cy"]
    assert [person.folder.name for person in reader.read().people] == ["bob", "cy"]


def test_the_report_of_a_vanished_class_folder_is_a_message(
    tiny_bank: Bank, class_of_three: Path, fixed_clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`quizapp report` on a folder deleted after it was found: skipped with a reason, no crash."""
    real_iterdir = Path.iterdir

    def vanishing(self: Path):  # type: ignore[no-untyped-def]
        if self == class_of_three:
            shutil.rmtree(class_of_three)
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", vanishing)
    report = build_report(class_of_three, tiny_bank, PACK, now=fixed_clock.now)
    assert report.students == []
    assert [reason for _, reason in report.skipped] == [
        "the folder is gone (moved or deleted while it was being read)"
    ]
