"""A footer that fits narrow terminals: compact spacing and no palette hint below 80 columns."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

NARROW = 80
"""Below this many columns the footer packs its keys tighter and leaves out the ^p hint."""


class FitFooter(Footer):
    """Textual's footer, packed tighter on a narrow terminal so every key shown fits."""

    def on_mount(self) -> None:
        self._fit(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        narrow = width < NARROW
        self.compact = narrow
        # The palette still opens with ctrl+p; the help lists it.
        self.show_command_palette = not narrow
