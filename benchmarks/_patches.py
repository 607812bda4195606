"""Turning quizapp's contained patches to Textual off, for A/B runs of the benchmarks.

`quizapp.ui.one_layout` and `quizapp.ui.shared_css` each replace one private method of the pinned
Textual; they stay only where an A/B measurement shows a difference a person would notice. Call
`disable(names)` before quizapp's UI is imported: their `install` functions then do nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

PATCHES = ("one_layout", "shared_css")
"""The patches that can be turned off."""


def disable(names: Iterable[str]) -> list[str]:
    """Make the named patches' `install` do nothing (and undo them if already installed)."""
    done = []
    for name in names:
        if not name:
            continue
        if name not in PATCHES:
            raise SystemExit(f"unknown patch {name!r}; known: {', '.join(PATCHES)}")
        if name == "one_layout":
            from textual.widget import Widget

            from quizapp.ui import one_layout

            Widget._size_updated = one_layout._textual_size_updated  # type: ignore[method-assign]
            one_layout.install = lambda: None
        else:
            from textual.css.stylesheet import Stylesheet

            from quizapp.ui import shared_css

            Stylesheet._parse_rules = shared_css._textual_parse_rules  # type: ignore[method-assign]
            shared_css.install = lambda: None
        done.append(name)
    return done
