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
from textual.widgets import DataTable, Footer, Static

from quizapp.core.classwatch import STATUS_WORDS, ClassSnapshot
from quizapp.core.formats import local_time
from quizapp.ui.widgets.bars import bar
from quizapp.ui.widgets.title_bar import TitleBar

EXTEND_MINUTES = 5
"""How much one press of an extend key adds."""
REFRESH_SECONDS = 1.0
"""How often the view reads the class folder again."""


class TeacherAction(Message):
    """The teacher asked for a control: the app carries it out (the screen writes nothing itself)."""

    def __init__(self, action: str, student_key: str | None = None) -> None:
        super().__init__()
        self.action = action
        """`end`, `extend-all`, `extend-one` or `release`."""
        self.student_key = student_key
        """The student it is for (extend-one, release)."""


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
        self._confirm_end_until: datetime | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="watch"):
            yield Static(self.quiz_title, classes="section-title", markup=False)  # the pack's title
            yield Static("", id="watch-summary")
            yield Static("", id="watch-progress")
            yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
            yield Static("Questions, hardest first", classes="section-title")
            yield DataTable(id="question-results", cursor_type="none")
            yield Static("", id="watch-problems", classes="error", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        roster = self.query_one("#roster", DataTable)
        roster.add_columns("Student", "Status", "Question", "Answered", "Right", "Time left")
        questions = self.query_one("#question-results", DataTable)
        questions.add_columns("Right", "Answered", "Most common wrong answer", "Question")
        self.refresh_view()
        self.set_interval(REFRESH_SECONDS, self.refresh_view)
        roster.focus()

    def refresh_view(self) -> None:
        """Read the class again and redraw, keeping the teacher's place in the roster."""
        snapshot = self.take_snapshot()
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
        roster = self.query_one("#roster", DataTable)
        keep = roster.cursor_row
        roster.clear()
        for row in snapshot.rows:
            roster.add_row(
                row.name,
                STATUS_WORDS.get(row.status, row.status),
                f"{row.reached} of {row.total}",
                str(row.answered),
                "–" if row.right is None else f"{row.right} of {row.answered}",
                time_left(row.seconds_left),
                key=row.key,
            )
        if snapshot.rows:
            roster.move_cursor(row=min(keep, len(snapshot.rows) - 1))
        questions = self.query_one("#question-results", DataTable)
        questions.clear()
        for question in snapshot.questions:
            wrong = (
                f"{question.common_wrong} ({question.common_wrong_count})"
                if question.common_wrong
                else "–"
            )
            questions.add_row(
                f"{bar(question.percent_right / 100, 10)} {question.percent_right:>3}%",
                str(question.answered),
                Text(wrong),  # bank text as written: a str cell is read as markup ("[/]" raised)
                Text(question.prompt),
            )
        problems = self.query_one("#watch-problems", Static)
        problems.update("\n".join(f"Could not read: {p}" for p in snapshot.problems))

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
