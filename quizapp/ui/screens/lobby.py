"""The lobby of a class quiz: students wait here until the teacher starts everyone at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from quizapp.ui.messages import StartPack, SwitchProfile
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext

CHECK_SECONDS = 1.0
"""How often the lobby asks whether the teacher has started the quiz."""


class LobbyScreen(Screen[None]):
    """Waiting for the teacher: the quiz's title and what happens next; it starts by itself."""

    BINDINGS = [
        Binding("s", "switch", "Switch student"),
        Binding("q,escape", "app.quit", "Quit"),
    ]
    """Another student (not for a browser student), or leave (nothing has started yet)."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def __init__(self, title: str, words: str) -> None:
        super().__init__()
        self.quiz_title = title
        """The class quiz's title."""
        self.words = words
        """What the student reads while waiting (the flow's words)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="lobby"):
            yield Static(self.quiz_title, classes="section-title", markup=False)
            yield Static(self.words, id="lobby-words", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        # The flow is asked again each second: once the teacher has started the quiz, the first
        # question replaces this screen (and the student's clock started with everyone's).
        self.set_interval(CHECK_SECONDS, self._ask_again)

    def _ask_again(self) -> None:
        self.post_message(StartPack())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A browser student stays the student they joined as."""
        if action == "switch":
            return not self.app.class_student
        return True

    def action_switch(self) -> None:
        """Another student at this terminal."""
        if not self.app.class_student:
            self.post_message(SwitchProfile())
