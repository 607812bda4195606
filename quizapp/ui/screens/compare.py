"""The two roles side by side: the documents' picture of each, by duties, skills and tools, with sources."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quizapp.core.bank import document_label
from quizapp.core.compare import SIDE_TITLES, Comparison, Row, Side, row_mark
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar

NARROW_WIDTH = 80
"""Below this many columns the two sides are stacked instead of side by side."""


def side_text(title: str, side: Side | None, documents: list[str]) -> str:
    """One role's side of a row, with its quoted source, as Rich markup-free text."""
    if side is None:
        return f"{title}\nThe documents say nothing."
    label = document_label(side.source.doc, documents)
    return f"{title}\n{side.says}\nSource, {label}: “{side.source.quote}”"


class ComparisonRow(Vertical):
    """One aspect: its title and mark, the two sides, and the honest difference."""

    def __init__(self, row: Row, documents: list[str]) -> None:
        super().__init__(classes="compare-row")
        self.row = row
        """The row shown."""
        self.documents = documents

    def compose(self) -> ComposeResult:
        row = self.row
        yield Static(f"{row.aspect} · {row_mark(row)}", classes="compare-aspect", markup=False)
        if row.both is not None:
            yield Static(
                side_text("Both roles", row.both, self.documents),
                classes="compare-side",
                markup=False,
            )
        else:
            with Horizontal(classes="compare-sides"):
                for key, title in SIDE_TITLES:
                    yield Static(
                        side_text(title, getattr(row, key), self.documents),
                        classes=f"compare-side compare-{key}",
                        markup=False,
                    )
        yield Static(f"In short: {row.note}", classes="compare-note muted", markup=False)


class CompareScreen(Screen[None]):
    """What each role does according to the documents, and what both share."""

    BINDINGS = [
        Binding("escape,q,h", "app.pop_screen", "Back"),
        Binding("j", "scroll_lines(1)", "Down", show=False),
        Binding("k", "scroll_lines(-1)", "Up", show=False),
    ]
    """Leave the comparison; j and k scroll like the arrows."""

    KEY_HELP = (
        (
            "Read",
            (
                ("↑ ↓ / j k", "scroll a line"),
                ("PageUp / PageDown, Home / End", "scroll a page, to the top or the end"),
            ),
        ),
        ("Leave", (("Escape / q / h", "back where you were"),)),
    )
    """The keys of this screen, grouped, as the help shows them first."""

    def __init__(self, comparison: Comparison, documents: list[str]) -> None:
        super().__init__()
        self.comparison = comparison
        """What is shown."""
        self.documents = documents
        """The seed documents' file names, in order, for naming sources."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="compare"):
            yield Static("The two roles side by side", classes="section-title")
            # roles.toml text is shown as written: "[/]" or "[@click=...]" in it is not markup.
            yield Static(self.comparison.summary, id="compare-summary", markup=False)
            for topic, rows in self.comparison.by_topic().items():
                yield Static(topic.capitalize(), classes="section-title")
                for row in rows:
                    yield ComparisonRow(row, self.documents)
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#compare", VerticalScroll).focus()
        self._fit(self.size.width)

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """The scrolling box's arrows, named once in the footer."""
        if binding.action == "scroll_down":
            return ("↑↓", "Scroll")
        return None

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll the comparison a line."""
        self.query_one("#compare", VerticalScroll).scroll_relative(y=lines, animate=False)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        """Stack the two sides on narrow terminals, where two columns would be too thin to read."""
        self.set_class(width < NARROW_WIDTH, "-narrow")
