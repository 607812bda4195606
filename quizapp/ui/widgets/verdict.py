"""The verdict picture: a line from developer to engineer with the interval and the person's mark, the
words beside it, and the reasons (each side's strongest answers side by side when too close to call).

The picture is characters first (`quizapp.core.picture`), so it reads the same with NO_COLOR; colour
only adds emphasis, from the theme through component classes. It is redrawn to fit its width.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Static

from quizapp.core.picture import verdict_picture
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
        picture = verdict_picture(self.recommendation, width)
        line = Text(picture.line)
        if picture.interval is not None:
            low, high = picture.interval
            line.stylize(self.get_component_rich_style("verdict--interval"), low, high + 1)
        if picture.mark is not None:
            line.stylize(
                self.get_component_rich_style("verdict--mark"), picture.mark, picture.mark + 1
            )
        text = Text.assemble(line, "\n", picture.scale, "\n")
        words = self.get_component_rich_style("verdict--words")
        for number, sentence in enumerate(picture.words):
            text.append(sentence + "\n", style=words if number == 0 else "")
        self.update(text)


class VerdictView(Vertical):
    """The picture, then the reasons: one list under a verdict, both sides side by side otherwise."""

    def compose(self) -> ComposeResult:
        yield VerdictPicture(id="verdict-picture")
        yield Static("", id="verdict-reasons")
        with Horizontal(id="verdict-sides"):
            yield Static("", id="verdict-engineer", classes="verdict-side")
            yield Static("", id="verdict-developer", classes="verdict-side")

    def show(self, recommendation: Recommendation) -> None:
        """Show this recommendation."""
        self.query_one(VerdictPicture).show(recommendation)
        sides = recommendation.confidence == "too close to call" and bool(
            recommendation.engineer_reasons or recommendation.developer_reasons
        )
        reasons = Text()
        if not sides:
            for reason in recommendation.reasons:
                reasons.append(f"• {reason}\n")
        if recommendation.notice:
            reasons.append(recommendation.notice + "\n", style="italic")
        self.query_one("#verdict-reasons", Static).update(reasons)
        self.query_one("#verdict-sides").display = sides
        for side, listed in (
            ("engineer", recommendation.engineer_reasons),
            ("developer", recommendation.developer_reasons),
        ):
            column = Text(f"For the {side} side\n", style="bold")
            for reason in listed or ["(no answer leaned this way)"]:
                column.append(f"• {reason}\n")
            self.query_one(f"#verdict-{side}", Static).update(column)
