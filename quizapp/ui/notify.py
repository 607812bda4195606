"""Notifications shown as written: their text often holds a file name or a title read from a file."""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel


class PlainNotifications(App[None]):
    """An App whose notifications never read their text as markup.

    A step title, a file path or an error from a file may hold `[/]` (which crashed the toast) or
    `[@click=...]` (a link that runs an action). None of quizapp's own messages uses markup.
    """

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification; `markup` is ignored (widgets pass True by default)."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
