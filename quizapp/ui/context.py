"""What a screen may use of the app, as a Protocol: screens never import the app class itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen

    from quizapp.core.bank import Bank
    from quizapp.core.library import Library
    from quizapp.core.packs import Pack
    from quizapp.core.profile import Attempt
    from quizapp.core.session import QuizSession
    from quizapp.core.store import OpenProfile, ProfileStore


@runtime_checkable
class QuizContext(Protocol):
    """The app as screens see it: the open profile, the bank, the store, and where to go next.

    `quizapp.ui.app.QuizApp` provides it (a test checks); screens annotate `app: QuizContext`.
    """

    person: OpenProfile | None
    """The open profile, once someone is chosen."""
    pack: Pack | None
    """The classroom pack being run, if any."""
    store: ProfileStore
    """The profile store (the only thing that writes files)."""
    library: Library
    """Where the bank, the catalogue and the documents' names come from."""

    @property
    def size(self) -> Size:
        """The terminal's size."""

    @property
    def screen(self) -> Screen[Any]:
        """The screen on top."""

    @property
    def class_student(self) -> bool:
        """A browser student under `quizapp serve`: the profile stays fixed for the session."""

    @property
    def profile_named_at_start(self) -> bool:
        """Whether the command line named the profile (so there is no welcome screen to go back to)."""

    async def bank(self) -> Bank | None:
        """The bank, once loaded (None if it is broken: the app is exiting)."""

    async def open_profile(self, name: str) -> None:
        """Open (or create) a profile and go on."""

    async def start_quiz(
        self, mode: str, topic: str | None = None, *, ask: bool = True, ask_same: bool = False
    ) -> None:
        """Start (or resume, or ask about) a quiz of this mode."""

    async def start_pack(self) -> None:
        """Start (or resume) the class quiz."""

    def resume(self, attempt: Attempt) -> None:
        """Continue an unfinished attempt."""

    def show_results(self, session: QuizSession) -> None:
        """Show an attempt's results."""

    def show_path(self) -> None:
        """Show the learning path."""

    def go_home(self) -> None:
        """Show the home screen."""

    def switch_profile(self) -> None:
        """Close the profile and go back to the welcome screen."""

    def close_profile(self) -> None:
        """Close the open profile."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast."""

    def run_worker(self, work: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a coroutine or function in the background."""

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Show a screen on top."""

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None:
        """Leave the app."""
