"""The messages screens post; the app routes them (no screen imports the app or calls it to move on)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.text import Text
    from textual.widget import Widget

    from quizapp.core.flow import Notice, PathChoice
    from quizapp.core.session import QuizSession


class OpenPerson(Message):
    """Open (or create) this person's profile, then go home or into the chosen quiz."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        """The name chosen or typed."""


class StartQuiz(Message):
    """Start (or resume, or ask about) a quiz of this mode."""

    def __init__(self, mode: str, topic: str | None = None, *, ask_same: bool = False) -> None:
        super().__init__()
        self.mode = mode
        """full, quick, fit, review or topic."""
        self.topic = topic
        """The topic of a by-topic quiz."""
        self.ask_same = ask_same
        """Chosen beside "Resume": an unfinished quiz of the same mode is asked about, not resumed."""


class StartPack(Message):
    """Start (or resume) the class quiz."""


class ResumeQuiz(Message):
    """Go on with the unfinished quiz."""


class ShowResults(Message):
    """Show a session's results, with what to say on arriving there."""

    def __init__(self, session: QuizSession, notice: Notice | None = None) -> None:
        super().__init__()
        self.session = session
        """The attempt's session."""
        self.notice = notice
        """Said once the results are up (time is up, the teacher ended the quiz)."""


class ShowComparison(Message):
    """Show the two roles side by side."""


class ShowPath(Message):
    """Show the learning path."""


class GoHome(Message):
    """Go to the person's home screen."""

    def __init__(self, notice: Notice | None = None) -> None:
        super().__init__()
        self.notice = notice
        """Said once home is up (every answer is saved)."""


class SwitchProfile(Message):
    """Close the profile and go back to the welcome screen."""


class MoveAside(Message):
    """Ask, then move a damaged profile or attempt file aside and open the profile afresh."""

    def __init__(self, name: str, file: Path) -> None:
        super().__init__()
        self.name = name
        """The profile's name."""
        self.file = file
        """The damaged file (the one its problem names, never another)."""


class QuitApp(Message):
    """Leave the app with this message and exit code."""

    def __init__(self, message: str, return_code: int) -> None:
        super().__init__()
        self.message = message
        """Printed in the terminal after leaving."""
        self.return_code = return_code
        """The exit code."""


class ShowNote(Message):
    """Show a note over the screen that asked (what an answer meant, the verdict in full)."""

    def __init__(
        self,
        title: str,
        context: str,
        body: Text | Widget,
        after: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.title = title
        """The note's title."""
        self.context = context
        """What it is about (a question's prompt), or ""."""
        self.body = body
        """The note: text, or a widget (the verdict picture)."""
        self.after = after
        """Run once the note is on screen (a widget that draws itself once laid out)."""


class ChoosePath(Message):
    """Ask which path to follow; `reply` gets the choice, or "cancel"."""

    def __init__(
        self,
        choices: list[tuple[PathChoice, str]],
        chosen: str | None,
        reply: Callable[[PathChoice | str | None], None],
    ) -> None:
        super().__init__()
        self.choices = choices
        """(the path, its words), in order (`quizapp.core.flow.path_choices`)."""
        self.chosen = chosen
        """The path followed now."""
        self.reply = reply
        """Called with the path chosen, or "cancel"."""
