"""Small modal questions: yes/no, and resume or start afresh."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quizapp.ui.widgets.fit_footer import FitFooter


class ConfirmScreen(ModalScreen[bool]):
    """Asks a yes/no question; Escape means no."""

    BINDINGS = [("y", "dismiss(True)", "Yes"), ("escape", "dismiss(False)", "No")]
    """y confirms, Escape declines."""

    KEY_HELP = (
        (
            "Answer",
            (
                ("y", "yes"),
                ("Escape", "no, nothing changes"),
                ("Tab, Enter", "move between the buttons and press one"),
            ),
        ),
    )
    """The keys of this dialog, as the help shows them first."""

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
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)


class ResumeOrAfresh(ModalScreen[str]):
    """An unfinished attempt exists: resume it (the default) or start the quiz chosen (the
    unfinished one is kept, marked left unfinished); each choice is named for what it does."""

    BINDINGS = [
        ("r", "dismiss('resume')", "Resume"),
        ("a", "dismiss('afresh')", "Start"),
        ("escape", "dismiss('cancel')", "Back"),
    ]
    """r resumes, a starts the quiz chosen, Escape goes back."""

    KEY_HELP = (
        (
            "Choose",
            (
                ("r", "resume the unfinished quiz where you left off"),
                ("a", "start the quiz you chose; the unfinished one stays in your history"),
                ("Tab, Enter", "move between the two and press one"),
                ("Escape", "back, nothing changes"),
            ),
        ),
    )
    """The keys of this dialog, as the help shows them first."""

    def __init__(
        self, question: str, resume_label: str = "Resume it", afresh_label: str = "Start again"
    ) -> None:
        super().__init__()
        self.question = question
        """The question, as the flow words it (`quizapp.core.flow.resume_question`)."""
        self.resume_label = resume_label
        """What resuming is called ("Resume By topic: tools")."""
        self.afresh_label = afresh_label
        """What the other choice is called ("Start Review of missed questions")."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            # One under the other: each says what it does, too long to sit side by side.
            with Vertical(classes="dialog-actions stacked"):
                yield Button(f"{self.resume_label} (r)", id="resume", variant="primary")
                yield Button(f"{self.afresh_label} (a)", id="afresh")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")
