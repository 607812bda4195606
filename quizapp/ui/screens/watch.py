"""The teacher's live view of a class quiz: the roster, each question's results, the class's progress."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.core.classwatch import STATUS_WORDS, ClassSnapshot, RosterRow
from quizapp.core.formats import local_time
from quizapp.ui.background import BackgroundRead
from quizapp.ui.watch_cells import (
    QUESTION_COLUMNS,
    ROSTER_COLUMNS,
    flag_lines,
    question_cells,
    roster_cells,
    summary_line,
    time_left,
)
from quizapp.ui.widgets.bars import bar
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar

__all__ = ["EXTEND_MINUTES", "TeacherAction", "WatchScreen", "time_left"]

EXTEND_MINUTES = 5
"""How much one press of an extend key adds."""
REFRESH_SECONDS = 1.0
"""How often the view reads the class folder again."""
READING_WORDS = "Reading the class folder…"
"""The summary until the first read of the class folder is in."""


class TeacherAction(Message):
    """The teacher asked for a control: the app carries it out (the screen writes nothing itself)."""

    def __init__(
        self, action: str, student_key: str | None = None, student_name: str | None = None
    ) -> None:
        super().__init__()
        self.action = action
        """`start`, `end`, `extend-all`, `extend-one`, `another-attempt`, `release` or
        `replace-control`."""
        self.student_key = student_key
        """The student it is for (extend-one, another-attempt, release)."""
        self.student_name = student_name
        """Their name as they typed it, for the teacher's messages."""


class ClassRead(Message):
    """A read of the class folder is in (posted from the reading thread)."""

    def __init__(self, snapshot: ClassSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot
        """The class as read."""


class ClassReadFailed(Message):
    """A read of the class folder failed unexpectedly (posted from the reading thread)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
        """What went wrong; the next read is tried a second later."""


class WatchScreen(Screen[None]):
    """Live: who joined and where they are, how each question goes, and the teacher's controls."""

    BINDINGS = [
        Binding("s", "start", "Start quiz"),
        Binding("e", "end", "End quiz"),
        Binding("x", "extend_all", f"+{EXTEND_MINUTES} min all"),
        Binding("plus,equals_sign", "extend_one", f"+{EXTEND_MINUTES} min student"),
        Binding("a", "another_attempt", "Another go"),
        Binding("r", "release", "Release student"),
        Binding("v", "preview", "Preview"),
        Binding("d", "replace_control", "Replace control file"),
        Binding("q", "quit", "Quit"),
    ]
    """The teacher's controls; the roster's highlighted row is the student they act on."""

    def __init__(
        self,
        take_snapshot: Callable[[], ClassSnapshot],
        title: str,
        *,
        preview: list[str] | None = None,
        stops_server: bool = False,
    ) -> None:
        super().__init__()
        self.preview = preview
        """The pack's questions in order and its total time (None: watched by id, no file)."""
        self.stops_server = stops_server
        """Quitting this view stops the class server (`quizapp serve` in a terminal)."""
        self.take_snapshot = take_snapshot
        """Reads the class folder now (injected: the screen never opens files itself)."""
        self.quiz_title = title
        """The pack's title, for the heading."""
        self.snapshot: ClassSnapshot | None = None
        """The picture on screen."""
        self.reads = BackgroundRead(
            take_snapshot,
            lambda snapshot: self.post_message(ClassRead(snapshot)),
            lambda error: self.post_message(ClassReadFailed(error)),
            name="class-read",
        )
        """Reads the class folder on a thread of its own: the teacher's keys never wait for it."""
        self.read_error: str | None = None
        """Why the last read failed, shown until a read succeeds."""
        self._shown_rows: dict[str, list[tuple[str, tuple[object, ...]]]] = {}
        self._confirm_end_until: datetime | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="watch"):
            yield Static(self.quiz_title, classes="section-title", markup=False)  # the pack's title
            yield Static(READING_WORDS, id="watch-summary")
            yield Static("", id="watch-progress")
            yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
            yield Static("Questions, hardest first", classes="section-title")
            yield Static("", id="watch-class", markup=False)
            yield DataTable(id="question-results", cursor_type="none")
            yield Static("", id="watch-flags", markup=False)
            yield Static("", id="watch-problems", classes="error", markup=False)
            yield Static("", id="server-notes", classes="error", markup=False)
        yield FitFooter()  # the keys that fit, whole (Textual's footer cut them at 80 columns)

    def on_mount(self) -> None:
        roster = self.query_one("#roster", DataTable)
        roster.add_columns(*ROSTER_COLUMNS)
        questions = self.query_one("#question-results", DataTable)
        questions.add_columns(*QUESTION_COLUMNS)
        self.refresh_view()
        self.set_interval(REFRESH_SECONDS, self.refresh_view)
        roster.focus(scroll_visible=False)  # the class title stays in view on a small terminal

    def on_unmount(self) -> None:
        self.reads.stop()

    def refresh_view(self) -> None:
        """Read the class again, on the reading thread; the view is redrawn when the read is in."""
        self.reads.request()

    def on_class_read(self, message: ClassRead) -> None:
        self.read_error = None
        self.show_snapshot(message.snapshot)

    def on_class_read_failed(self, message: ClassReadFailed) -> None:
        from quizapp.core.reading import printable

        error = message.error
        self.read_error = printable(f"{type(error).__name__}: {error}")
        self._show_problems(self.snapshot)

    def show_snapshot(self, snapshot: ClassSnapshot) -> None:
        """Draw a read of the class, keeping the teacher's place in the roster."""
        self.snapshot = snapshot
        summary = Text()
        summary.append(f"{len(snapshot.rows)} joined", style="bold")
        for status in STATUS_WORDS:
            if count := snapshot.count(status):
                summary.append(f" · {count} {STATUS_WORDS[status]}")
        if snapshot.started is None and snapshot.ended is None and self.preview is not None:
            summary.append(" · not started: press s to start everyone", style="bold")
        if snapshot.ended is not None:
            summary.append(f" · ended by you at {local_time(snapshot.ended)}", style="bold")
        summary.append(f"   (updated {local_time(snapshot.taken_at)})", style="dim")
        self.query_one("#watch-summary", Static).update(summary)
        share = snapshot.answered_share
        self.query_one("#watch-progress", Static).update(
            f"Class progress {bar(share, 30)} {round(100 * share):>3}% of all questions answered"
        )
        self._fill_table(
            self.query_one("#roster", DataTable),
            [(row.key, roster_cells(row)) for row in snapshot.rows],
        )
        # The view's padding and its scroll bar take 6 columns of the screen.
        width = (self.size.width or self.app.size.width) - 6
        self._fill_table(
            self.query_one("#question-results", DataTable),
            [
                (question.question_id, question_cells(question, width))
                for question in snapshot.questions
            ],
        )
        self.query_one("#watch-class", Static).update(summary_line(snapshot.summary))
        self.query_one("#watch-flags", Static).update("\n".join(flag_lines(snapshot.questions)))
        self._show_problems(snapshot)
        self.refresh_bindings()

    def show_server_notes(self, notes: list[str]) -> None:
        """Show the web server's latest messages (under `quizapp serve`)."""
        text = "\n".join(f"Class server: {note}" for note in notes)
        self.query_one("#server-notes", Static).update(text)

    def _show_problems(self, snapshot: ClassSnapshot | None) -> None:
        lines = [f"Could not read: {problem}" for problem in snapshot.problems] if snapshot else []
        if snapshot is not None and snapshot.control_problem is not None:
            lines.insert(
                0,
                "The class control file is damaged, so students cannot be started, ended or "
                "given time: press d to replace it with a fresh one (the damaged one is kept).",
            )
        if self.read_error:
            lines.insert(0, f"The class folder could not be read just now: {self.read_error}")
        self.query_one("#watch-problems", Static).update("\n".join(lines))

    def _fill_table(
        self, table: DataTable[object], rows: list[tuple[str, tuple[object, ...]]]
    ) -> None:
        """Show `rows` (key, cells) in `table`, changing only the cells that changed.

        Rebuilt only when students join or leave (or questions get their first answer): with
        thousands of rows, a rebuild every second kept the view's thread busy for nothing.
        """
        shown = self._shown_rows.get(table.id or "")
        if shown == rows:
            return
        if shown is not None and [key for key, _ in shown] == [key for key, _ in rows]:
            columns = [column.key for column in table.ordered_columns]
            for (key, old), (_, new) in zip(shown, rows, strict=True):
                for column, before, after in zip(columns, old, new, strict=True):
                    if before != after:
                        # Widen a column for a longer value ("waiting" became "answering"), but
                        # never measure a whole column again to narrow it.
                        wider = len(str(after)) > len(str(before))
                        table.update_cell(key, column, after, update_width=wider)
        else:
            selected = shown[min(table.cursor_row, len(shown) - 1)][0] if shown else None
            table.clear()
            for key, cells in rows:
                table.add_row(*cells, key=key)
            keys = [key for key, _ in rows]
            if rows:
                table.move_cursor(
                    row=keys.index(selected)
                    if selected in keys
                    else min(table.cursor_row, len(rows) - 1)
                )
        self._shown_rows[table.id or ""] = rows

    def _selected(self) -> RosterRow | None:
        roster = self.query_one("#roster", DataTable)
        if self.snapshot is None or not self.snapshot.rows:
            self.notify("No student is selected: nobody has joined yet.")
            return None
        return self.snapshot.rows[min(roster.cursor_row, len(self.snapshot.rows) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only keys that work: start until started, replace the control file only when damaged."""
        snapshot = self.snapshot
        if action == "start":
            return snapshot is None or (snapshot.started is None and snapshot.ended is None)
        if action == "replace_control":
            return snapshot is not None and snapshot.control_problem is not None
        if action == "preview":
            return self.preview is not None
        return True

    def action_start(self) -> None:
        """Start the quiz for everyone at once: every waiting student's clock starts now."""
        self.post_message(TeacherAction("start"))

    def action_another_attempt(self) -> None:
        """Give the highlighted student one more attempt than the pack allows."""
        if (row := self._selected()) is not None:
            self.post_message(TeacherAction("another-attempt", row.key, row.name))

    def action_preview(self) -> None:
        """The pack's questions in order and its total time."""
        from quizapp.ui.screens.text_view import TextScreen

        if self.preview is not None:
            self.app.push_screen(TextScreen("Preview of the quiz", self.preview))

    def action_replace_control(self) -> None:
        """Replace a damaged control file (after asking; the damaged one is kept aside)."""
        from quizapp.ui.screens.confirm import ConfirmScreen

        if self.snapshot is None or self.snapshot.control_problem is None:
            return
        question = (
            f"{self.snapshot.control_problem}\n\nReplace it with a fresh control file? The "
            "damaged file is kept beside it; an end or extra time it held must be given again."
        )

        def replace(yes: bool | None) -> None:
            if yes:
                self.post_message(TeacherAction("replace-control"))

        self.app.push_screen(ConfirmScreen(question), replace)

    def action_quit(self) -> None:
        """Quit; when this view runs the class server and students are connected, ask first."""
        from quizapp.ui.screens.confirm import ConfirmScreen

        connected = self.snapshot.connected if self.snapshot is not None else None
        if not (self.stops_server and connected):
            self.app.exit()
            return
        question = (
            f"{connected} student{'s are' if connected != 1 else ' is'} connected. Quitting stops "
            "the class server and their quizzes (every answer is saved). Quit?"
        )

        def leave(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(ConfirmScreen(question), leave)

    def action_end(self) -> None:
        """End the quiz for everyone: press `e` twice within 5 seconds, so it is never an accident."""
        now = self.snapshot.taken_at if self.snapshot else None
        if (
            now is not None
            and self._confirm_end_until is not None
            and now <= self._confirm_end_until
        ):
            self._confirm_end_until = None
            self.post_message(TeacherAction("end"))
            return
        if now is not None:
            from datetime import timedelta

            self._confirm_end_until = now + timedelta(seconds=5)
        self.notify("Press e again to end the quiz for every student.", title="End the quiz?")

    def action_extend_all(self) -> None:
        """Give every student more time."""
        self.post_message(TeacherAction("extend-all"))

    def action_extend_one(self) -> None:
        """Give the highlighted student more time."""
        if (row := self._selected()) is not None:
            self.post_message(TeacherAction("extend-one", row.key, row.name))

    def action_release(self) -> None:
        """Release the highlighted student's browser seat (their device died; another may join)."""
        if (row := self._selected()) is not None:
            self.post_message(TeacherAction("release", row.key, row.name))
