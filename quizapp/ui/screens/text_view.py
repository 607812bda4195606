"""A page of plain lines over the current screen (the teacher's preview of a pack): read, then close."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class TextScreen(ModalScreen[None]):
    """A title and lines of text (file and bank text shown as written, never as markup)."""

    BINDINGS = [Binding("escape,q,v", "dismiss", "Close")]
    """Any of these closes it."""

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        """The heading."""
        self.lines = lines
        """The lines shown."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="text-view"):
            yield Static(self.title_text, classes="section-title", markup=False)
            yield Static("\n".join(self.lines), id="text-lines", markup=False)
        yield Footer()
