"""One layout pass per change: stops Textual laying the screen out a second time for nothing.

After a layout pass, Textual stores each widget's new size; when a widget's scrollable ("virtual")
size changed, it asks for a whole new layout pass. That second pass computes the same regions as
the first: sizes are worked out top-down in one go, and a scrollbar that must appear or go still
asks for its own layout (`show_vertical_scrollbar` is a layout reactive of its own, set in
`_scroll_update`). Textual's partial-layout path already stores the size without asking again.

On the question screen every answer and every next question changed the size of the prompt, the
feedback and their scroll containers, so each cost two layout passes. Measured A/B with
`benchmarks/bench_serve.py` (30 students answering as each question shows, 2 CPUs): CPU per
student 0.15 -> 0.13 s; with `benchmarks/profile_first_screen.py --compare`: about 16% less CPU
to a forked student's first question. The patch is for the pinned Textual (see pyproject.toml):
`tests/ui/test_textual_tweaks.py` checks that it still applies and that scrollbars still come and
go, `tests/test_pins.py` that Textual is the version it was written for.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget

_textual_size_updated = Widget._size_updated


def _size_updated_without_second_layout(
    self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
) -> bool:
    """Textual's `Widget._size_updated`, storing the virtual size without asking for a layout."""
    return _textual_size_updated(self, size, virtual_size, container_size, layout=False)


def install() -> None:
    """Make every widget store its new size without asking for a second layout (idempotent)."""
    Widget._size_updated = _size_updated_without_second_layout  # type: ignore[method-assign]


def installed() -> bool:
    """Whether `install` has run."""
    return Widget._size_updated is _size_updated_without_second_layout
