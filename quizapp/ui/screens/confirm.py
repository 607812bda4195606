"""Small modal questions: yes/no, and resume or start afresh."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Asks a yes/no question; Escape means no."""

    BINDINGS = [("escape", "dismiss(False)", "No"), ("y", "dismiss(True)", "Yes")]
    """y confirms, Escape declines."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        """The question asked."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)  # may name a file from disk
            with Horizontal(classes="dialog-actions"):
                yield Button("Yes (y)", id="yes", variant="warning")
                yield Button("No (Esc)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)


class ResumeOrAfresh(ModalScreen[str]):
    """An unfinished attempt exists: resume it (the default) or start afresh (it is kept, marked abandoned)."""

    BINDINGS = [
        ("r", "dismiss('resume')", "Resume"),
        ("a", "dismiss('afresh')", "Start again"),
        ("escape", "dismiss('cancel')", "Cancel"),
    ]
    """r resumes, a starts afresh, Escape goes back."""

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question
        """The question, as the flow words it (`quizapp.core.flow.resume_question`)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="dialog-actions"):
                yield Button("Resume (r)", id="resume", variant="primary")
                yield Button("Start again (a)", id="afresh")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")
