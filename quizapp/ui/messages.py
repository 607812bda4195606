"""Navigation messages: screens post them and the app decides where to go (no screen imports the app)."""

from __future__ import annotations

from textual.message import Message


class ShowComparison(Message):
    """Show the two roles side by side."""
