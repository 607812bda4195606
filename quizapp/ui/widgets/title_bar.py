"""The one-line title bar at the top of every screen."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class TitleBar(Static):
    """The app's title and subtitle, centred on one line.

    Textual's `Header` mounts an icon, a title and a clock-space widget and watches the titles; this
    app's titles never change, and a plain line keeps every screen quicker to build (it is on the
    critical path of the first screen).
    """

    def on_mount(self) -> None:
        line = Text(self.app.title)
        if self.app.sub_title:
            line.append(" — ")
            line.append(self.app.sub_title, style="dim")
        self.update(line)
