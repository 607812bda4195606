"""Navigation messages: screens post them and the app decides where to go (no screen imports the app)."""

from __future__ import annotations

from textual.message import Message


class ShowComparison(Message):
    """Show the two roles side by side."""


class ShowPath(Message):
    """Show the learning path."""


class GoHome(Message):
    """Go to the person's home screen."""


class SwitchProfile(Message):
    """Close the profile and go back to the welcome screen."""
