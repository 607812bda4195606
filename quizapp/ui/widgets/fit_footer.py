"""The keys that work on a screen now, drawn as one line that fits narrow terminals."""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

NARROW = 80
"""Below this many columns the keys are packed tighter and the ^p palette hint is left out."""


class KeyHint(NamedTuple):
    """One key shown in the footer and the columns it takes there."""

    key: str
    """The key pressed when this hint is clicked (the binding's first key)."""
    start: int
    """The first column of the hint."""
    end: int
    """The column after the hint."""


class FitFooter(Widget):
    """The screen's active keys (one per action), with the palette hint on the right when wide.

    One widget drawing one line of text, where Textual's `Footer` mounts a widget per key and
    rebuilds them all whenever the keys change: with keys changing on every answer, that was
    about a third of the CPU an answer cost a class's quizapps.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"fit-footer--key", "fit-footer--description"}
    """The key's style and its description's style (set in app.tcss with the footer colours)."""

    def __init__(self) -> None:
        super().__init__()
        self.hints: list[KeyHint] = []
        """The keys drawn at the last render, left to right, for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def render(self) -> Text:
        """The keys that work now: `key description` for each action, palette hint last."""
        width = self.size.width
        narrow = self.app.size.width < NARROW
        key_style = self.get_component_rich_style("fit-footer--key")
        description_style = self.get_component_rich_style("fit-footer--description")
        palette_key = self.app.COMMAND_PALETTE_BINDING
        line = Text(no_wrap=True, overflow="crop", end="")
        hints: list[KeyHint] = []
        palette: tuple[str, str, str] | None = None
        actions: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                palette = (binding.key, self.app.get_key_display(binding), binding.description)
                continue
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            shown_key = self.app.get_key_display(binding)
            start = line.cell_len
            if narrow:
                line.append(shown_key, key_style)
                line.append(f" {binding.description}", description_style)
                line.append(" ")
            else:
                line.append(f" {shown_key} ", key_style)
                line.append(f"{binding.description} ", description_style)
            if not active.enabled:
                line.stylize("dim", start)
            hints.append(KeyHint(binding.key, start, line.cell_len))
        if palette is not None and not narrow:
            key, shown_key, description = palette
            tail = Text.assemble(
                ("▏", "dim"), (f" {shown_key} ", key_style), (f"{description} ", description_style)
            )
            gap = width - line.cell_len - tail.cell_len
            if gap >= 1:
                line.append(" " * gap)
                start = line.cell_len
                line.append_text(tail)
                hints.append(KeyHint(key, start, line.cell_len))
        self.hints = hints
        return line

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as in Textual's footer."""
        for hint in self.hints:
            if hint.start <= event.x < hint.end:
                event.stop()
                self.app.simulate_key(hint.key)
                return
