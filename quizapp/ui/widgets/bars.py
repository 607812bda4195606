"""Labelled score bars drawn with characters, so a score never depends on colour alone."""

from __future__ import annotations

from rich.text import Text

from quizapp.core.scoring import Tally

BAR_WIDTH = 20
"""Characters in a full bar."""


def bar(share: float, width: int = BAR_WIDTH) -> str:
    """A bar of `width` characters, filled in proportion to `share` (0 to 1)."""
    filled = max(0, min(width, round(share * width)))
    return "█" * filled + "░" * (width - filled)


def tally_line(label: str, tally: Tally, label_width: int = 38) -> Text:
    """`label  ████░░░░  60%  3/5` as one line of text."""
    line = Text()
    line.append(f"{label:<{label_width}.{label_width}} ")
    line.append(bar(tally.share), style="bold")
    line.append(f" {round(100 * tally.share):>3}%  {tally.right}/{tally.total}")
    return line
