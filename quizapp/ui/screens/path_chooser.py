"""Which path to follow: the recommendation, the engineer's or the developer's, chosen from a list."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizapp.core.flow import PathChoice
from quizapp.ui.widgets.action_list import ActionList
from quizapp.ui.widgets.fit_footer import FitFooter


class PathChooser(ModalScreen[PathChoice | str]):
    """Lists the paths to follow (`quizapp.core.flow.path_choices`); Enter follows the highlighted
    one, Escape goes back with nothing changed (it returns "cancel")."""

    BINDINGS = [Binding("escape", "dismiss('cancel')", "Back")]
    """Escape closes the chooser; nothing changes."""

    KEY_HELP = (
        (
            "Choose",
            (
                ("↑ ↓ / j k, Enter", "follow the highlighted path (saved at once)"),
                ("Escape", "back, nothing changes"),
            ),
        ),
    )
    """The keys of this dialog, as the help shows them first."""

    def __init__(self, choices: list[tuple[PathChoice, str]], chosen: str | None) -> None:
        super().__init__()
        self.choices = choices
        """(the path, its words), in order."""
        self.chosen = chosen
        """The path followed now (highlighted first)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="path-chooser"):
            yield Static("Which path do you want to follow?", classes="section-title")
            yield ActionList(
                *[Option(Text(words), id=f"path-{n}") for n, (_, words) in enumerate(self.choices)],
                id="path-choices",
            )
        yield FitFooter()

    def on_mount(self) -> None:
        listed = self.query_one("#path-choices", ActionList)
        listed.highlighted = next(
            (n for n, (choice, _) in enumerate(self.choices) if choice == self.chosen), 0
        )
        listed.focus()

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """Enter follows the highlighted path."""
        if binding.action == "select":
            return ("enter", "Follow")
        return None

    @on(OptionList.OptionSelected, "#path-choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][0])
