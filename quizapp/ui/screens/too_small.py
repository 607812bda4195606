"""The "make the terminal bigger" screen, shown over everything while the terminal is too small."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
"""The narrowest terminal every screen is designed for (columns)."""
MIN_HEIGHT = 20
"""The shortest terminal every screen is designed for (lines)."""


def too_small(width: int, height: int) -> bool:
    """Whether a terminal of this size is below the minimum every screen is designed for."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """Covers the app while the terminal is below the minimum; it goes away once it is big enough.

    Keys do nothing here but quit, so nothing is answered or chosen unseen.
    """

    BINDINGS = [
        Binding("f1,question_mark,ctrl+p", "nothing", show=False),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]
    """Only quitting works; help and the palette wait until the terminal is big enough."""

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static("", id="too-small-text")

    def on_mount(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def on_resize(self) -> None:
        self.show_size(self.app.size.width, self.app.size.height)

    def show_size(self, width: int, height: int) -> None:
        """Say how big the terminal is and how big it must be."""
        self.query_one("#too-small-text", Static).update(
            f"This terminal is {width}x{height}.\n"
            f"Make it at least {MIN_WIDTH}x{MIN_HEIGHT}\n"
            "(a bigger window or a smaller font).\n\n"
            "Your answers are saved. Ctrl+Q quits."
        )

    def action_nothing(self) -> None:
        """Keys wait until the terminal is big enough."""
