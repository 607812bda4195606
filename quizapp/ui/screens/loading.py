"""A brief screen shown while the bank loads and the profile opens."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class LoadingScreen(Screen[None]):
    """Shown for the moment between start-up and the first real screen."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening your profile…", id="loading")
        yield Footer()
