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

from quizapp.core.classwatch import STATUS_WORDS, ClassSnapshot
from quizapp.core.formats import local_time
from quizapp.ui.background import BackgroundRead
from quizapp.ui.widgets.bars import bar
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar

EXTEND_MINUTES = 5
"""How much one press of an extend key adds."""
REFRESH_SECONDS = 1.0
"""How often the view reads the class folder again."""
READING_WORDS = "Reading the class folder…"
"""The summary until the first read of the class folder is in."""


class TeacherAction(Message):
    """The teacher asked for a control: the app carries it out (the screen writes nothing itself)."""

    def __init__(self, action: str, student_key: str | None = None) -> None:
        super().__init__()
        self.action = action
        """`end`, `extend-all`, `extend-one` or `release`."""
        self.student_key = student_key
        """The student it is for (extend-one, release)."""


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


def time_left(seconds: int | None) -> str:
    """`12:05`, or a dash when there is no deadline."""
    if seconds is None:
        return "–"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes:02d}:{rest:02d}"


class WatchScreen(Screen[None]):
    """Live: who joined and where they are, how each question goes, and the teacher's controls."""

    BINDINGS = [
        Binding("e", "end", "End quiz"),
        Binding("x", "extend_all", f"+{EXTEND_MINUTES} min all"),
        Binding("plus,equals_sign", "extend_one", f"+{EXTEND_MINUTES} min student"),
        Binding("r", "release", "Release student"),
        Binding("q", "app.quit", "Quit"),
    ]
    """The teacher's controls; the roster's highlighted row is the student they act on."""

    def __init__(self, take_snapshot: Callable[[], ClassSnapshot], title: str) -> None:
        super().__init__()
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
            yield DataTable(id="question-results", cursor_type="none")
            yield Static("", id="watch-problems", classes="error", markup=False)
            yield Static("", id="server-notes", classes="error", markup=False)
        yield FitFooter()  # the keys that fit, whole (Textual's footer cut them at 80 columns)

    def on_mount(self) -> None:
        roster = self.query_one("#roster", DataTable)
        roster.add_columns("Student", "Status", "Question", "Answered", "Right", "Time left")
        questions = self.query_one("#question-results", DataTable)
        questions.add_columns("Right", "Answered", "Most common wrong answer", "Question")
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
        self._show_problems(self.snapshot.problems if self.snapshot else [])

    def show_snapshot(self, snapshot: ClassSnapshot) -> None:
        """Draw a read of the class, keeping the teacher's place in the roster."""
        self.snapshot = snapshot
        summary = Text()
        summary.append(f"{len(snapshot.rows)} joined", style="bold")
        for status in ("answering", "idle", "finished", "timed_out", "abandoned"):
            if count := snapshot.count(status):
                summary.append(f" · {count} {STATUS_WORDS[status]}")
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
            [
                (
                    row.key,
                    (
                        row.name,
                        STATUS_WORDS.get(row.status, row.status),
                        f"{row.reached} of {row.total}",
                        str(row.answered),
                        "–" if row.right is None else f"{row.right} of {row.answered}",
                        time_left(row.seconds_left),
                    ),
                )
                for row in snapshot.rows
            ],
        )
        question_rows: list[tuple[str, tuple[object, ...]]] = []
        for question in snapshot.questions:
            wrong = (
                f"{question.common_wrong} ({question.common_wrong_count})"
                if question.common_wrong
                else "–"
            )
            question_rows.append(
                (
                    question.question_id,
                    (
                        f"{bar(question.percent_right / 100, 10)} {question.percent_right:>3}%",
                        str(question.answered),
                        # Bank text as written: a str cell is read as markup ("[/]" raised).
                        Text(wrong),
                        Text(question.prompt),
                    ),
                )
            )
        self._fill_table(self.query_one("#question-results", DataTable), question_rows)
        self._show_problems(snapshot.problems)

    def show_server_notes(self, notes: list[str]) -> None:
        """Show the web server's latest messages (under `quizapp serve`)."""
        text = "\n".join(f"Class server: {note}" for note in notes)
        self.query_one("#server-notes", Static).update(text)

    def _show_problems(self, problems: list[str]) -> None:
        lines = [f"Could not read: {problem}" for problem in problems]
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
                        table.update_cell(key, column, after)
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

    def _selected(self) -> str | None:
        roster = self.query_one("#roster", DataTable)
        if self.snapshot is None or not self.snapshot.rows:
            self.notify("No student is selected: nobody has joined yet.")
            return None
        return self.snapshot.rows[min(roster.cursor_row, len(self.snapshot.rows) - 1)].key

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
        if (key := self._selected()) is not None:
            self.post_message(TeacherAction("extend-one", key))

    def action_release(self) -> None:
        """Release the highlighted student's browser seat (their device died; another may join)."""
        if (key := self._selected()) is not None:
            self.post_message(TeacherAction("release", key))
