"""The keys that work on a screen now, drawn as one line that fits narrow terminals."""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

NARROW = 80
"""Below this many columns the keys are packed tighter and the ^p palette hint is left out."""


KEPT = ("Help", "Quit")
"""Keys the footer always shows, last, when others must go for room: how to get help, and out."""


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

    A screen may name keys by the moment with `footer_label(binding) -> (key shown, description)`:
    the range of a question's choices, what Enter does in a list (a focused widget's hidden key
    shows when the screen names it), or ("", "") to leave a key out. None keeps the binding's own.

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

    def entries(self) -> list[tuple[str, str, str, bool]]:
        """The keys that work now, in order: (key pressed, key shown, description, enabled)."""
        palette_key = self.app.COMMAND_PALETTE_BINDING
        found: list[tuple[str, str, str, bool]] = []
        actions: set[str] = set()
        label_for = getattr(self.screen, "footer_label", None)
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                continue
            label = label_for(binding) if label_for is not None else None
            if label is not None and not label[1]:
                continue  # the screen hides it here (another key says the same)
            if (label is None and not binding.show) or binding.action in actions:
                continue
            actions.add(binding.action)
            shown_key = label[0] if label is not None else self.app.get_key_display(binding)
            description = label[1] if label is not None else binding.description
            found.append((binding.key, shown_key, description, active.enabled))
        return found

    def render(self) -> Text:
        """The keys that work now: `key description` for each action, palette hint last.

        Keys come in the order of the bindings (the focused widget's, the screen's, then the
        app's help); when they do not all fit, the spacing tightens, then the help key shortens to
        `?`, then the keys before Help and Quit (`KEPT`, always shown) go from the last until the
        rest fit whole (the help lists them all). A hint is never cut in the middle.
        """
        width = self.size.width
        key_style = self.get_component_rich_style("fit-footer--key")
        description_style = self.get_component_rich_style("fit-footer--description")
        entries = self.entries()

        def width_of(items: list[tuple[str, str, str, bool]], tight: bool) -> int:
            gap = 2 if tight else 3  # "k d " or " k d "
            return sum(cell_len(key) + cell_len(text) + gap for _, key, text, _ in items) - 1

        tight = self.app.size.width < NARROW or width_of(entries, False) > width
        if tight and width_of(entries, True) > width:
            entries = [
                (key, "?", description, enabled) if description == "Help" else entry
                for entry in entries
                for key, _, description, enabled in [entry]
            ]
        kept = [entry for entry in entries if entry[2] in KEPT]
        others = [entry for entry in entries if entry[2] not in KEPT]
        while others and width_of(others + kept, tight) > width:
            others.pop()
        line = Text(no_wrap=True, overflow="crop", end="")
        hints: list[KeyHint] = []
        for key, shown_key, description, enabled in others + kept:
            start = line.cell_len
            if tight:
                line.append(shown_key, key_style)
                line.append(f" {description}", description_style)
                line.append(" ")
            else:
                line.append(f" {shown_key} ", key_style)
                line.append(f"{description} ", description_style)
            if not enabled:
                line.stylize("dim", start)
            hints.append(KeyHint(key, start, line.cell_len))
        line.rstrip()
        palette = self._palette()
        if palette is not None and not tight:
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

    def _palette(self) -> tuple[str, str, str] | None:
        """The command palette's key, shown on the right when there is room."""
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None:
            return None
        binding = active.binding
        return (binding.key, self.app.get_key_display(binding), binding.description)

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it, as in Textual's footer."""
        for hint in self.hints:
            if hint.start <= event.x < hint.end:
                event.stop()
                self.app.simulate_key(hint.key)
                return
