"""The verdict picture: a line from developer to engineer with the interval and the person's mark, the
words of the verdict, and the reasons.

Every word comes from `quizapp.core.picture.verdict_text`, as in plain mode and `quizapp path`. The
picture is characters first, so it reads the same with NO_COLOR; colour only adds emphasis, from the
theme through component classes. It is redrawn to fit its width.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import Static

from quizapp.core.picture import verdict_text
from quizapp.core.recommend import Recommendation

MAX_WIDTH = 80
"""The widest the line is drawn."""


class VerdictPicture(Static):
    """The line and its words; colours come from the `verdict--*` component classes."""

    COMPONENT_CLASSES = {"verdict--interval", "verdict--mark", "verdict--words"}
    """Styled in app.tcss with theme variables."""

    recommendation: Recommendation | None = None

    def show(self, recommendation: Recommendation) -> None:
        """Draw this recommendation."""
        self.recommendation = recommendation
        self._draw()

    def on_resize(self, event: Resize) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.recommendation is None:
            return
        width = min(MAX_WIDTH, self.content_size.width or 60)
        said = verdict_text(self.recommendation, width)
        picture = said.picture
        line = Text(picture.line)
        if picture.interval is not None:
            low, high = picture.interval
            line.stylize(self.get_component_rich_style("verdict--interval"), low, high + 1)
        if picture.mark is not None:
            line.stylize(
                self.get_component_rich_style("verdict--mark"), picture.mark, picture.mark + 1
            )
        text = Text.assemble(line, "\n", picture.scale, "\n")
        text.append(said.headline + "\n", style=self.get_component_rich_style("verdict--words"))
        for sentence in said.words():
            text.append(sentence + "\n")
        self.update(text)


class VerdictView(Vertical):
    """The picture and its words, then the reasons and any notice."""

    def compose(self) -> ComposeResult:
        yield VerdictPicture(id="verdict-picture")
        yield Static("", id="verdict-reasons")

    def show(self, recommendation: Recommendation) -> None:
        """Show this recommendation."""
        self.query_one(VerdictPicture).show(recommendation)
        said = verdict_text(recommendation)
        reasons = Text()
        if said.reasons:
            reasons.append(said.reasons_heading + "\n", style="bold")
        for reason in said.reasons:
            reasons.append(f"• {reason}\n")
        if said.notice:
            reasons.append(said.notice + "\n", style="italic")
        self.query_one("#verdict-reasons", Static).update(reasons)
