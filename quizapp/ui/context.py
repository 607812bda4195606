"""What a screen may read of the app, as a Protocol: screens never import the app class itself.

Screens only read here; to move on they post a message (`quizapp.ui.messages`) and the app routes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.geometry import Size

    from quizapp.core.bank import Bank
    from quizapp.core.library import Library
    from quizapp.core.packs import Pack
    from quizapp.core.store import OpenProfile, ProfileStore


@runtime_checkable
class QuizContext(Protocol):
    """The app as screens see it: the open profile, the class quiz, the store, the library, the bank.

    `quizapp.ui.app.QuizApp` provides it (a test checks); screens annotate `app: QuizContext`.
    """

    person: OpenProfile | None
    """The open profile, once someone is chosen."""
    pack: Pack | None
    """The classroom pack being run, if any."""
    store: ProfileStore
    """The profile store (its clock, and the class's folder)."""
    library: Library
    """Where the catalogue and the documents' names come from."""

    @property
    def size(self) -> Size:
        """The terminal's size."""

    @property
    def class_student(self) -> bool:
        """A browser student under `quizapp serve`: the profile stays fixed for the session."""

    @property
    def profile_named_at_start(self) -> bool:
        """Whether the command line named the profile (so there is no welcome screen to go back to)."""

    async def bank(self) -> Bank | None:
        """The bank, once loaded (None if it is broken: the app is exiting)."""
