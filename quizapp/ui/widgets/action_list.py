"""A list of choices as tall as its items, inside a box that scrolls: menus and the question's choices."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.geometry import Offset, Region
from textual.widget import Widget
from textual.widgets import OptionList


class ActionList(OptionList):
    """An `OptionList` that, made as tall as its items, lets the box around it scroll to show the
    highlighted item, and with the first item what is above the list too (a greeting, a question),
    as far as it fits. j and k move like the arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    """j and k move like Down and Up."""

    def scroll_to_region(self, region: Region, **options: Any) -> Offset:
        """Scroll the box around the list to show `region` (in the list's own lines); a list not
        sized to its items (a height set in CSS) scrolls itself as usual."""
        box = self.parent
        height = self.styles.height
        if height is None or not height.is_auto:
            return super().scroll_to_region(region, **options)
        if not self.is_mounted or not isinstance(box, Widget):
            return Offset(0, 0)
        top = self.virtual_region.y + self.gutter.top
        shown = region.translate((0, top))
        if self.highlighted == 0:
            shown = Region(shown.x, 0, shown.width, shown.bottom)
        return box.scroll_to_region(shown, animate=False, force=True, immediate=True)
