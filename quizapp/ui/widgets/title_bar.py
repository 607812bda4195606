"""The one-line title bar at the top of every screen."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static


def title_words(title: str, sub_title: str, width: int) -> tuple[str, str]:
    """The title and subtitle that fit `width` columns: both, else the subtitle alone, else the
    subtitle with the part before its last " · " shortened (a class's title shortened, the
    student's name kept whole). Returns (title, subtitle); the title is "" when left out."""
    if cell_len(f"{title} — {sub_title}") <= width or not sub_title:
        return title, sub_title
    if cell_len(sub_title) <= width:
        return "", sub_title
    head, _, tail = sub_title.rpartition(" · ")
    if not head:
        return "", sub_title[: max(1, width - 1)] + "…"
    room = width - cell_len(f"… · {tail}")
    return "", (head[: max(1, room)] + "… · " + tail) if room > 0 else tail


class TitleBar(Static):
    """The app's title and subtitle, centred on one line, shortened to fit (the subtitle's last
    part, a class student's name, always shows).

    Textual's `Header` mounts an icon, a title and a clock-space widget and watches the titles; this
    app's titles never change, and a plain line keeps every screen quicker to build (it is on the
    critical path of the first screen).
    """

    def on_mount(self) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        width = self.size.width or self.app.size.width
        title, sub_title = title_words(self.app.title, self.app.sub_title, width)
        line = Text(title)
        if title and sub_title:
            line.append(" — ")
        if sub_title:
            line.append(sub_title, style="dim")
        self.update(line)
