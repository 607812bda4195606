"""The teacher's live view as a teacher uses it: the question first at 80 columns, names as typed,
the start, another go, the preview, a damaged control file replaced, quitting a live class."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from conftest import FixedClock
from textual.widgets import DataTable, Static

from quizapp.core.bank import Bank
from quizapp.core.classcontrol import CONTROL_FILE, ControlStore
from quizapp.core.packs import load_pack
from quizapp.core.presence import Seat, Seats, note_waiting, write_seats
from quizapp.core.store import ProfileStore
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.text_view import TextScreen
from quizapp.ui.screens.watch import WatchScreen
from quizapp.ui.watch_app import WatchApp

from .conftest import wait_for_screen
from .test_watch import take_part, wait_for_class


def watch(store: ProfileStore, bank: Bank, clock: FixedClock, **options: object) -> WatchApp:
    """The live view of pack class-7 in the store's folder."""
    return WatchApp(
        folder=store.folder,
        bank=bank,
        pack_id="class-7",
        pack_title="Week 3",
        clock=clock,
        **options,  # type: ignore[arg-type]
    )


def pack_file(folder: Path, bank: Bank) -> object:
    """Pack class-7 over four tiny questions, with a 10-minute limit."""
    path = folder / "class-7.toml"
    path.write_text(
        'id = "class-7"\ntitle = "Week 3"\ntime_limit_minutes = 10\n'
        'questions = ["tiny-duty-single", "tiny-duty-true-false", "tiny-skill-single", '
        '"tiny-tool-role"]\n',
        encoding="utf-8",
    )
    pack, problems = load_pack(path, bank)
    assert pack is not None, problems
    return pack


def text_of(screen: object, selector: str) -> str:
    """The rendered text of a Static on a screen."""
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_the_question_table_reads_at_80_columns_question_first(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """The first column is the question's id and first words; the table fits 80 columns."""
    take_part(tiny_bank, store, "Ann", [True, False, True])
    take_part(tiny_bank, store, "Bob", [False, True])
    async with watch(store, tiny_bank, fixed_clock).run_test(size=(80, 30)) as pilot:
        await wait_for_class(pilot)
        await pilot.pause()
        table = pilot.app.screen.query_one("#question-results", DataTable)
        assert [str(column.label) for column in table.ordered_columns][0] == "Question"
        first = [str(table.get_row_at(index)[0]) for index in range(table.row_count)]
        assert all(cell.split(":")[0] in tiny_bank for cell in first), first
        assert table.virtual_size.width <= table.size.width <= 80  # no sideways scrolling


async def test_controls_name_the_student_as_typed_and_give_another_go(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """Messages say "Ann Marie", not the folder's "ann marie"; a gives her one more attempt."""
    take_part(tiny_bank, store, "Ann Marie", [True])
    app = watch(store, tiny_bank, fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_class(pilot)
        await pilot.press("plus", "a", "r")
        await pilot.pause()
        said = [notification.message for notification in app._notifications]
        assert any(message.startswith("Ann Marie has 5 more minutes") for message in said), said
        assert any(message.startswith("Ann Marie may take the quiz once more") for message in said)
        assert any(message.startswith("Ann Marie is released") for message in said)
    assert (
        ControlStore(store.folder).load().for_pack("class-7").extra_attempts_for("ann marie") == 1
    )


async def test_start_everyone_preview_and_who_waits(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock, tmp_path: Path
) -> None:
    """Waiting students are listed (one whose quizapp stopped renewing its note as left); v shows the questions in order and the total time; s starts
    everyone (once: the key goes away)."""
    with store.open("Cy") as person:
        note_waiting(person.folder, "class-7", fixed_clock.now, fixed_clock.now)
    with store.open("Dan") as person:  # his quizapp stopped in the lobby 20 s ago
        earlier = fixed_clock.now - timedelta(seconds=20)
        note_waiting(person.folder, "class-7", earlier, earlier)
    pack = pack_file(tmp_path, tiny_bank)
    app = watch(store, tiny_bank, fixed_clock, pack=pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_class(pilot)
        screen = app.screen
        assert isinstance(screen, WatchScreen) and screen.snapshot is not None
        assert [(row.name, row.status) for row in screen.snapshot.rows] == [
            ("Cy", "waiting"),
            ("Dan", "away"),
        ]
        assert "1 waiting · 1 left" in text_of(screen, "#watch-summary")
        assert "press s to start everyone" in text_of(screen, "#watch-summary")
        await pilot.press("v")
        await wait_for_screen(pilot, TextScreen)
        lines = text_of(app.screen, "#text-lines")
        assert "4 questions · 10 minutes in all" in lines and "1. tiny-duty-single" in lines
        await pilot.press("escape")
        await wait_for_screen(pilot, WatchScreen)
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.check_action("start", ()) is False
    assert ControlStore(store.folder).load().for_pack("class-7").started == fixed_clock.now


async def test_a_damaged_control_file_is_shown_and_replaced_on_request(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """`ended = 0001-01-01T00:00:00+14:00` (it crashed the view): said, with d to replace it;
    after yes, a fresh file, the damaged one kept, and e twice ends the quiz again."""
    take_part(tiny_bank, store, "Dee", [True])
    damaged = b"[packs.class-7]\nended = 0001-01-01T00:00:00+14:00\n"
    (store.folder / CONTROL_FILE).write_bytes(damaged)
    app = watch(store, tiny_bank, fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_class(pilot)
        assert "press d to replace it" in text_of(app.screen, "#watch-problems")
        await pilot.press("e", "e")
        await pilot.pause()
        assert (store.folder / CONTROL_FILE).read_bytes() == damaged  # never overwritten unasked
        await pilot.press("d")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await wait_for_screen(pilot, WatchScreen)
        await pilot.pause()
        await pilot.press("e", "e")
        await pilot.pause()
    kept = list(store.folder.glob(f"{CONTROL_FILE}.damaged-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert ControlStore(store.folder).load().for_pack("class-7").ended == fixed_clock.now


async def test_quitting_a_serving_view_with_students_connected_asks_first(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """Under `quizapp serve` (the view stops the server): q asks while a student is connected;
    No keeps the class going, Yes quits. A closed page shows its student as left."""
    take_part(tiny_bank, store, "Eve", [True])
    take_part(tiny_bank, store, "Fay", [True])
    now = fixed_clock.now
    seats = Seats(
        "class-7",
        now,
        {"eve": Seat("Eve", True, now), "fay": Seat("Fay", False, now - timedelta(seconds=5))},
    )
    write_seats(store.folder, seats)

    app = watch(store, tiny_bank, fixed_clock, stops_server=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_class(pilot)
        screen = app.screen
        assert isinstance(screen, WatchScreen) and screen.snapshot is not None
        statuses = {row.name: row.status for row in screen.snapshot.rows}
        assert statuses["Fay"] == "away" and statuses["Eve"] in ("answering", "idle")
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmScreen)
        assert "1 student is connected" in text_of(app.screen, "Static")
        await pilot.press("escape")
        await wait_for_screen(pilot, WatchScreen)
        assert app.is_running
        await pilot.press("q")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running


async def test_a_status_that_grows_longer_is_shown_whole(
    tiny_bank: Bank, store: ProfileStore, fixed_clock: FixedClock
) -> None:
    """Cy waits in the lobby, then answers: the roster's status column widens to "answering"
    (cells are updated in place, and an update once left it cut to "answeri")."""
    with store.open("Cy") as person:
        note_waiting(person.folder, "class-7", fixed_clock.now, fixed_clock.now)
    app = watch(store, tiny_bank, fixed_clock)
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await wait_for_class(pilot)
        assert [row.status for row in screen.snapshot.rows] == ["waiting"]  # type: ignore[union-attr]
        take_part(tiny_bank, store, "Cy", [True])
        for _ in range(250):
            screen.refresh_view()
            await pilot.pause(0.02)
            if [row.status for row in screen.snapshot.rows] == ["answering"]:  # type: ignore[union-attr]
                break
        await pilot.pause()
        roster = screen.query_one("#roster", DataTable)
        status = roster.ordered_columns[1]
        assert str(roster.get_row_at(0)[1]) == "answering"
        assert status.get_render_width(roster) >= len("answering") + 2  # and its padding
