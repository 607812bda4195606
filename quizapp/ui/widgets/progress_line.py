"""The quiz's progress bar: one line, filled in proportion to the questions answered."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class ProgressLine(Widget, can_focus=False):
    """Questions answered out of the total, as a line of `━` in theme colours.

    The count is also written beside it ("Question 3 of 10"), so colour is never the only sign.
    Lighter than Textual's ProgressBar (no ETA, percentage or animation widgets), which matters on
    the way to the first question.
    """

    COMPONENT_CLASSES = {"progress-line--done", "progress-line--todo", "progress-line--complete"}
    """The filled part, the rest, and the filled part once every question is answered."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.done = 0
        """Questions answered."""
        self.total = 1
        """Questions in the quiz."""

    def update(self, *, done: int, total: int) -> None:
        """Show `done` of `total`."""
        self.done, self.total = done, total
        self.refresh()

    def render(self) -> Text:
        width = self.size.width
        share = self.done / self.total if self.total > 0 else 0.0
        filled = max(0, min(width, round(width * share)))
        finished = "complete" if self.total > 0 and self.done >= self.total else "done"
        return Text.assemble(
            ("━" * filled, self.get_component_rich_style(f"progress-line--{finished}")),
            ("━" * (width - filled), self.get_component_rich_style("progress-line--todo")),
        )
