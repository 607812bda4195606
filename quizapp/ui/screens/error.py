"""The error screen for a profile that cannot be opened, with only the choices that are safe."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from quizapp.core.problems import Problem
from quizapp.ui.messages import MoveAside, QuitApp, SwitchProfile
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext


class ErrorScreen(Screen[None]):
    """Says what is wrong with a profile file and offers to move it aside, only on explicit confirmation."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    BINDINGS = [("q", "quit_app", "Quit"), ("escape", "back", "Back")]
    """q quits with a non-zero exit code; the file is left as it is. Escape goes back to the
    profiles (when there is a list to go back to); it never quits."""

    KEY_HELP = (
        (
            "Choose",
            (
                ("Tab, Enter", "move between the buttons and press one"),
                ("Escape", "back to the profiles (when quizapp was started without a name)"),
                ("q", "quit; the file is left as it is"),
            ),
        ),
    )
    """The keys of this screen, as the help shows them first."""

    def __init__(self, problem: Problem, *, name: str, corrupt: bool) -> None:
        super().__init__()
        self.problem = problem
        """What is wrong, where."""
        self.profile_name = name
        """The profile's name."""
        self.corrupt = corrupt
        """Whether the file may be moved aside (a newer-version file must not be)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="error-body", can_focus=False):
            yield Static("✗ This profile cannot be opened", classes="error section-title")
            yield Static(Text(str(self.problem)), id="error-message")
            yield Static(
                "The file has not been changed. "
                + (
                    "You can move it aside (it is renamed, never deleted) and start a fresh "
                    "profile with the same name, or quit and repair it by hand."
                    if self.corrupt
                    else "Quit, then deal with the cause above."
                ),
                id="error-advice",
            )
            with Horizontal(id="error-actions"):
                if self.corrupt:
                    yield Button(
                        "Move it aside and start fresh", id="move-aside", variant="warning"
                    )
                if not self.app.profile_named_at_start:
                    yield Button("Back to the profiles", id="back")
                yield Button("Quit", id="quit", variant="primary")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#quit", Button).focus()

    @on(Button.Pressed, "#quit")
    def action_quit_app(self) -> None:
        """Quit, repeating the problem in the terminal, with exit code 1."""
        self.post_message(QuitApp(str(self.problem), 1))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back only where there is a list of profiles to go back to."""
        if action == "back":
            return not self.app.profile_named_at_start and not self.app.class_student
        return True

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        """Back to the list of profiles."""
        if self.check_action("back", ()):
            self.post_message(SwitchProfile())

    @on(Button.Pressed, "#move-aside")
    def _move_aside(self) -> None:
        # The file the problem names (profile.toml or an attempt file), never another.
        self.post_message(MoveAside(self.profile_name, Path(self.problem.file)))
