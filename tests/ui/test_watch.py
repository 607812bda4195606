"""The teacher's live view: the roster and question results from a class folder, and the controls."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from conftest import FixedClock
from responses import right_response, wrong_response
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from quizapp.core.bank import Bank, is_graded
from quizapp.core.classcontrol import ControlStore
from quizapp.core.classwatch import ClassSnapshot
from quizapp.core.session import QuizSession, new_attempt
from quizapp.core.store import ProfileStore
from quizapp.ui import watch_app
from quizapp.ui.screens.watch import WatchScreen
from quizapp.ui.watch_app import WatchApp

from .conftest import wait_for_screen


async def wait_for_class(pilot: Pilot[None]) -> WatchScreen:
    """Let the view run until its first read of the class folder (on its reading thread) is drawn."""
    await wait_for_screen(pilot, WatchScreen)
    screen = pilot.app.screen
    assert isinstance(screen, WatchScreen)
    for _ in range(250):
        if screen.snapshot is not None:
            await pilot.pause()
            return screen
        await pilot.pause(0.02)
    raise AssertionError("the class folder was never read")


def take_part(
    bank: Bank, store: ProfileStore, name: str, answers: list[bool], limit: int | None = 600
) -> None:
    """A student starts the pack and gives these answers (True right, False wrong)."""
    ids = [question.id for question in bank.questions if is_graded(question)][:4]
    with store.open(name) as person:
        attempt = new_attempt(bank, ids, "pack", seed=1, started=store.clock())
        attempt.pack_id, attempt.time_limit_seconds = "class-7", limit
        session = QuizSession.start(bank, person, attempt)
        for right in answers:
            question = session.current()
            assert question is not None
            session.record(right_response(question) if right else wrong_response(question))


async def test_roster_questions_and_controls(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """Two students mid-quiz and one done; x, + and r write controls; e twice ends the quiz."""
    take_part(tiny_bank, store, "Ann", [True, False])
    take_part(tiny_bank, store, "Bob", [True, True, True, True])
    take_part(tiny_bank, store, "Cy", [])
    fixed_clock.advance(minutes=4)
    take_part(tiny_bank, store, "Dee", [False])
    app = WatchApp(
        folder=store.folder,
        bank=tiny_bank,
        pack_id="class-7",
        pack_title="Week 3",
        clock=fixed_clock,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_class(pilot)
        screen = app.screen
        assert isinstance(screen, WatchScreen) and screen.snapshot is not None
        rows = {row.name: row for row in screen.snapshot.rows}
        assert rows["Ann"].status == "idle" and rows["Ann"].reached == 3
        assert rows["Ann"].right == 1 and rows["Ann"].seconds_left == 6 * 60
        assert rows["Bob"].status == "finished" and rows["Bob"].answered == 4
        assert rows["Dee"].status == "answering" and rows["Dee"].seconds_left == 10 * 60
        roster = screen.query_one("#roster", DataTable)
        assert roster.row_count == 4
        assert screen.query_one("#question-results", DataTable).row_count >= 2
        await pilot.press("x")
        roster.move_cursor(row=0)  # Ann
        await pilot.press("plus", "r")
        await pilot.press("e")
        assert ControlStore(store.folder).load().for_pack("class-7").ended is None  # once asks
        await pilot.press("e")
        await pilot.pause()
    pack = ControlStore(store.folder).load().for_pack("class-7")
    assert pack.extra_minutes == 5
    assert pack.students["ann"].extra_minutes == 5
    assert pack.students["ann"].released == fixed_clock.now
    assert pack.ended == fixed_clock.now
    # The view only wrote the control file: every student's files are as they were.
    assert sorted(p.name for p in store.folder.iterdir() if p.is_file()) == ["class-control.toml"]


async def test_time_runs_out_for_an_absent_student(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """A student whose quiz passed its limit while away shows as timed out, not active."""
    take_part(tiny_bank, store, "Eve", [True], limit=300)
    fixed_clock.advance(minutes=6)
    app = WatchApp(
        folder=store.folder,
        bank=tiny_bank,
        pack_id="class-7",
        pack_title="Week 3",
        clock=fixed_clock,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_class(pilot)
        assert isinstance(app.screen, WatchScreen) and app.screen.snapshot is not None
        [row] = app.screen.snapshot.rows
        assert row.status == "timed_out" and row.seconds_left is None


async def test_prompts_that_look_like_markup_are_shown_as_written(
    store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """A prompt like `items[i] [/]` lost its `[i]` (read as italics) in the question table."""
    from pathlib import Path

    from textual.widgets._data_table import default_cell_formatter

    from quizapp.core.loader import load_checked_bank

    tests = Path(__file__).resolve().parents[1]
    bank = load_checked_bank(tests / "data" / "bank" / "markup_in_prompts", tests.parent / "seeds")
    take_part(bank, store, "Ann", [True, False])
    app = WatchApp(
        folder=store.folder, bank=bank, pack_id="class-7", pack_title="Week 3", clock=fixed_clock
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_class(pilot)
        table = app.screen.query_one("#question-results", DataTable)
        await pilot.pause()
        # Drawn the way the table draws a cell (a str is read as Rich markup there).
        prompts = [
            default_cell_formatter(table.get_row_at(index)[0]).plain  # type: ignore[union-attr]
            for index in range(table.row_count)
        ]
    assert prompts and all(": Markup: items[i] [/]" in p for p in prompts), prompts


class SlowWatchApp(WatchApp):
    """The live view over a class folder that answers only when the test lets it (a fake slow
    store: a network folder, or thousands of profiles read the first time)."""

    CSS_PATH = str(Path(watch_app.__file__).with_name(WatchApp.CSS_PATH))  # type: ignore[arg-type]

    def __init__(self, gate: threading.Event, fail_first: bool = False, **options: Any) -> None:
        super().__init__(**options)
        self.gate = gate
        """Reads wait until it is set."""
        self.fail_first = fail_first
        """The first read fails; the gate is cleared then, so the next waits for the test."""

    def snapshot(self) -> ClassSnapshot:
        if not self.gate.wait(timeout=30):
            raise TimeoutError("the test never let the read finish")
        if self.fail_first:
            self.fail_first = False
            self.gate.clear()
            raise OSError(5, "Input/output error")
        return super().snapshot()


async def test_a_slow_read_never_holds_up_the_teachers_keys(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """While a read of the class folder hangs, the teacher's keys are handled at once (here `x`
    gives everyone more time); the class is drawn when the read comes in."""
    take_part(tiny_bank, store, "Ann", [True])
    gate = threading.Event()
    app = SlowWatchApp(
        gate,
        folder=store.folder,
        bank=tiny_bank,
        pack_id="class-7",
        pack_title="Week 3",
        clock=fixed_clock,
    )
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_screen(pilot, WatchScreen)
            screen = app.screen
            assert isinstance(screen, WatchScreen)
            await pilot.press("x")
            await pilot.pause()
            assert ControlStore(store.folder).load().for_pack("class-7").extra_minutes == 5
            assert screen.snapshot is None and screen.reads.busy
            summary = screen.query_one("#watch-summary", Static)
            assert "Reading the class folder" in str(summary.render())
            gate.set()
            await wait_for_class(pilot)
            assert [row.name for row in screen.snapshot.rows] == ["Ann"]  # type: ignore[union-attr]
    finally:
        gate.set()


async def test_a_failed_read_is_shown_and_the_next_one_recovers(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """An unexpected error while reading (a disk error, say) is a line in the view, not a crash;
    the next read a second later draws the class."""
    take_part(tiny_bank, store, "Ann", [True])
    gate = threading.Event()
    gate.set()
    app = SlowWatchApp(
        gate,
        fail_first=True,
        folder=store.folder,
        bank=tiny_bank,
        pack_id="class-7",
        pack_title="Week 3",
        clock=fixed_clock,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_screen(pilot, WatchScreen)
        screen = app.screen
        assert isinstance(screen, WatchScreen)
        for _ in range(100):
            if screen.read_error:
                break
            await pilot.pause(0.02)
        problems = screen.query_one("#watch-problems", Static)
        assert "Input/output error" in str(problems.render())
        gate.set()
        await wait_for_class(pilot)
        assert screen.read_error is None
        assert "Input/output error" not in str(problems.render())


async def test_the_servers_messages_are_shown_in_the_view(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """Under `quizapp serve` the web server runs apart: what it logs (a class folder that cannot
    be written, say) reaches the view from another thread and stays on screen."""
    take_part(tiny_bank, store, "Ann", [True])
    app = WatchApp(
        folder=store.folder,
        bank=tiny_bank,
        pack_id="class-7",
        pack_title="Week 3",
        clock=fixed_clock,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await wait_for_class(pilot)
        line = "The class folder /srv/7a cannot be written (Read-only file system)"
        sender = threading.Thread(target=app.server_note, args=(line,))
        sender.start()
        sender.join()
        for _ in range(100):
            if app.server_notes:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        notes = screen.query_one("#server-notes", Static)
        assert f"Class server: {line}" in str(notes.render())
