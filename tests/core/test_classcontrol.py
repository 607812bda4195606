"""The teacher's class controls: read, written, damaged, and what they do to deadlines and the report."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import FixedClock
from responses import right_response

from quizapp.core.bank import Bank, is_graded
from quizapp.core.classcontrol import (
    CONTROL_FILE,
    ControlError,
    ControlStore,
    PackControl,
    deadline,
)
from quizapp.core.report import build_report
from quizapp.core.session import QuizSession, new_attempt
from quizapp.core.store import ProfileStore

DATA = Path(__file__).resolve().parents[1] / "data" / "control"
START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)

BROKEN = [
    pytest.param("not_toml", "", "not valid TOML", id="not-toml"),
    pytest.param(
        "negative_extra_minutes", "packs.class-7.extra_minutes", "whole number", id="negative"
    ),
    pytest.param("ended_without_zone", "packs.class-7.ended", "with a zone", id="no-zone"),
    pytest.param("newer_version", "schema_version", "reads version 1", id="newer"),
    pytest.param("students_not_a_table", "packs.class-7.students", "table", id="students"),
    pytest.param(
        "ended_before_the_calendar", "packs.class-7.ended", "year 1 is not plausible", id="year-1"
    ),
    pytest.param(
        "started_year_9999", "packs.class-7.started", "year 9999 is not plausible", id="year-9999"
    ),
    pytest.param("unknown_setting", "packs.class-7.extra_minute", "not a known", id="unknown"),
    pytest.param(
        "too_many_extra_attempts",
        "packs.class-7.students.sam.extra_attempts",
        "from 0 to 100",
        id="extra-attempts",
    ),
]


@pytest.mark.parametrize(("folder", "field", "message"), BROKEN)
def test_a_damaged_control_file_is_named_and_left_alone(
    tmp_path: Path, folder: str, field: str, message: str
) -> None:
    """Each broken file gives the file, the field and what is wrong; its bytes are unchanged."""
    shutil.copy(DATA / folder / CONTROL_FILE, tmp_path / CONTROL_FILE)
    before = (tmp_path / CONTROL_FILE).read_bytes()
    with pytest.raises(ControlError) as caught:
        ControlStore(tmp_path).load()
    assert caught.value.problem.where == field
    assert message in caught.value.problem.message
    assert caught.value.problem.file.endswith(CONTROL_FILE)
    assert (tmp_path / CONTROL_FILE).read_bytes() == before


def test_a_directory_named_like_the_control_file_is_refused(tmp_path: Path) -> None:
    """A folder in its place is reported, not read (and never hangs)."""
    (tmp_path / CONTROL_FILE).mkdir()
    with pytest.raises(ControlError, match="not a regular file"):
        ControlStore(tmp_path).load()


def test_controls_round_trip_and_accumulate(tmp_path: Path) -> None:
    """End, extend for all and for one, release: written once each, read back as written."""
    store = ControlStore(tmp_path)
    assert store.load().packs == {}
    store.extend("class-7", 5)
    store.extend("class-7", 3, "ann")
    store.extend("class-7", 2, "ann")
    store.release("class-7", "bob", START)
    store.end_quiz("class-7", START + timedelta(minutes=20))
    pack = ControlStore(tmp_path).load().for_pack("class-7")
    assert pack.extra_minutes == 5
    assert pack.students["ann"].extra_minutes == 5
    assert pack.students["bob"].released == START
    assert pack.ended == START + timedelta(minutes=20)
    assert pack.extra_for("ann") == timedelta(minutes=10)
    assert pack.extra_for("cy") == timedelta(minutes=5)


DEADLINES = [
    # (limit seconds, class extra, own extra, ended after minutes, expected minutes after start)
    pytest.param(600, 0, 0, None, 10, id="limit-only"),
    pytest.param(600, 5, 0, None, 15, id="class-extension"),
    pytest.param(600, 5, 2, None, 17, id="own-extension-adds"),
    pytest.param(600, 0, 0, 4, 4, id="ended-before-the-limit"),
    pytest.param(600, 0, 0, 30, 10, id="ended-after-the-limit-changes-nothing"),
    pytest.param(None, 5, 0, None, None, id="no-limit-no-end"),
    pytest.param(None, 0, 0, 7, 7, id="no-limit-but-ended"),
    pytest.param(600, 0, 0, -1, 10, id="an-end-before-the-start-is-another-go"),
]


@pytest.mark.parametrize(("limit", "extra", "own", "ended", "expected"), DEADLINES)
def test_deadline(
    limit: int | None, extra: int, own: int, ended: int | None, expected: int | None
) -> None:
    """The limit plus extra time, or the teacher's end, whichever comes first."""
    from quizapp.core.classcontrol import StudentControl

    pack = PackControl(
        ended=START + timedelta(minutes=ended) if ended is not None else None,
        extra_minutes=extra,
        students={"ann": StudentControl(extra_minutes=own)},
    )
    result = deadline(START, limit, pack, "ann")
    assert result == (START + timedelta(minutes=expected) if expected is not None else None)


def test_the_report_honours_extra_time_and_the_teachers_end(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """Past the pack's limit but within the extension: still active; once ended: timed out."""
    ids = [question.id for question in tiny_bank.questions if is_graded(question)][:3]
    with store.open("Ann") as person:
        attempt = new_attempt(tiny_bank, ids, "pack", seed=1, started=fixed_clock.now)
        attempt.pack_id, attempt.time_limit_seconds = "class-7", 600
        session = QuizSession.start(tiny_bank, person, attempt)
        question = session.current()
        assert question is not None
        session.record(right_response(question))
    controls = ControlStore(store.folder)
    controls.extend("class-7", 5, "ann")
    later = fixed_clock.now + timedelta(minutes=12)
    assert (
        build_report(store.folder, tiny_bank, "class-7", now=later).students[0].latest.status
        == "active"
    )
    controls.end_quiz("class-7", later)
    row = build_report(store.folder, tiny_bank, "class-7", now=later).students[0]
    assert row.latest.status == "timed_out"


def test_start_another_attempt_and_replacing_a_damaged_file(tmp_path: Path) -> None:
    """A second start keeps the first; another attempt adds one per press (bounded); a damaged
    file is moved aside whole (its bytes kept) and a fresh one written that loads."""
    store = ControlStore(tmp_path)
    store.start_quiz("class-7", START)
    store.start_quiz("class-7", START + timedelta(minutes=3))
    store.allow_another_attempt("class-7", "sam")
    store.allow_another_attempt("class-7", "sam")
    pack = ControlStore(tmp_path).load().for_pack("class-7")
    assert pack.started == START
    assert pack.extra_attempts_for("sam") == 2 and pack.extra_attempts_for("ann") == 0
    damaged = b"packs = [unterminated"
    (tmp_path / CONTROL_FILE).write_bytes(damaged)
    with pytest.raises(ControlError):
        store.load()
    aside = store.replace_damaged(START)
    assert aside.read_bytes() == damaged and aside.name.startswith(CONTROL_FILE + ".damaged-")
    assert store.load().packs == {}
    (tmp_path / CONTROL_FILE).write_bytes(damaged)
    second = store.replace_damaged(START)  # the same second: a new name, the first one kept
    assert second != aside and aside.read_bytes() == damaged
