"""A text shown over the screen it was asked from: what an answer meant, the verdict in full."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from quizapp.ui.widgets.fit_footer import FitFooter


class NoteScreen(ModalScreen[None]):
    """A title, a line of context and a text that scrolls; Escape (or q, Enter) closes it."""

    BINDINGS = [
        Binding("escape,q,enter", "dismiss", "Close", key_display="esc"),
        Binding("j", "scroll_lines(1)", "Down", show=False),
        Binding("k", "scroll_lines(-1)", "Up", show=False),
    ]
    """Escape closes; the arrows (the scrolling box's own keys) and j/k scroll, as do PageUp,
    PageDown, Home and End."""

    KEY_HELP = (
        (
            "This note",
            (
                ("Escape / q / Enter", "close it, back where you were"),
                ("↑ ↓ / j k, PageUp / PageDown", "scroll"),
            ),
        ),
    )
    """The keys of this screen, as the help shows them."""

    def __init__(
        self,
        title: str,
        context: str,
        text: Text | Widget,
        after: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.after = after
        """Run once the note is on screen (a widget that draws itself once laid out)."""
        self.note_title = title
        """The note's title."""
        self.context = context
        """What it is about (a question's prompt); bank text, shown as written."""
        self.text = text
        """The note itself (text, or a widget such as the verdict picture)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="note-body", classes="dialog"):
            yield Static(self.note_title, classes="section-title", markup=False)
            if self.context:
                yield Static(self.context, id="note-context", markup=False)
            if isinstance(self.text, Widget):
                yield self.text
            else:
                yield Static(self.text, id="note-text")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#note-body", VerticalScroll).focus(scroll_visible=False)
        if self.after is not None:
            self.call_after_refresh(self.after)

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """The scrolling box's arrows, named once in the footer."""
        if binding.action == "scroll_down":
            return ("↑↓", "Scroll")
        return None

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll the note a line."""
        self.query_one("#note-body", VerticalScroll).scroll_relative(y=lines, animate=False)
