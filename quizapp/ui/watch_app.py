"""The teacher's app: the live view of one class quiz, carrying out the teacher's controls."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path

from textual.message import Message

from quizapp.core.bank import Bank
from quizapp.core.classcontrol import ControlStore
from quizapp.core.classwatch import ClassSnapshot, ClassWatch
from quizapp.core.formats import utc_now
from quizapp.ui.notify import PlainNotifications
from quizapp.ui.one_layout import install as install_one_layout
from quizapp.ui.screens.watch import EXTEND_MINUTES, TeacherAction, WatchScreen

install_one_layout()


SERVER_NOTES_KEPT = 5
"""How many of the web server's latest messages the view keeps on screen."""


class ServerNote(Message):
    """A line the web server logged (under `quizapp serve`), for the teacher to see."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        """The line."""


class ReadAbandoned(Exception):
    """The view is closing: a long read of the class folder stops between two files."""


class WatchApp(PlainNotifications):
    """`quizapp watch` (and `quizapp serve` in a terminal): the live view and the controls."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp — class quiz, live"

    def __init__(
        self,
        *,
        folder: Path,
        bank: Bank,
        pack_id: str,
        pack_title: str,
        clock: Callable[[], datetime] = utc_now,
        on_start: Callable[[], Awaitable[None]] | None = None,
        on_stop: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """Args:
        folder: the class folder.
        bank: the question bank.
        pack_id: the pack to watch.
        pack_title: its title, for the heading.
        clock: the time source (UTC); tests pass a fixed one.
        on_start: run once the app is up (`quizapp serve` starts its web server here).
        on_stop: run when the app ends (`quizapp serve` stops its web server here).
        """
        super().__init__()
        self.folder = folder
        self.bank = bank
        self.pack_id = pack_id
        self.pack_title = pack_title
        self.clock = clock
        self.controls = ControlStore(folder)
        """The only writer of the class control file."""
        self.class_watch = ClassWatch(folder, bank, pack_id, between_files=self._between_files)
        """Reads the class folder again each second, parsing only what changed (on the
        screen's reading thread)."""
        self._on_start = on_start
        self._on_stop = on_stop
        self._view_closing = threading.Event()
        self.server_notes: deque[str] = deque(maxlen=SERVER_NOTES_KEPT)
        """The web server's latest messages (under `quizapp serve`)."""

    def server_note(self, text: str) -> None:
        """Show a line the web server logged (called from the thread that reads them)."""
        self.post_message(ServerNote(text))

    def on_server_note(self, message: ServerNote) -> None:
        from quizapp.core.reading import printable

        text = printable(message.text)
        self.server_notes.append(text)
        self.notify(text, title="Class server", severity="warning", timeout=8)
        if isinstance(self.screen, WatchScreen):
            self.screen.show_server_notes(list(self.server_notes))

    def _between_files(self) -> None:
        """Between two files of a long read (on the reading thread): let the view's thread have
        the GIL if it waits for it, and stop reading once the view is closing."""
        time.sleep(0)
        if self._view_closing.is_set():
            raise ReadAbandoned

    def snapshot(self) -> ClassSnapshot:
        """The class as it is now (called on the screen's reading thread)."""
        return self.class_watch.snapshot(self.clock())

    async def on_mount(self) -> None:
        if self._on_start is not None:
            await self._on_start()
        await self.push_screen(WatchScreen(self.snapshot, self.pack_title))

    async def on_unmount(self) -> None:
        self._view_closing.set()
        if self._on_stop is not None:
            await self._on_stop()

    def on_teacher_action(self, message: TeacherAction) -> None:
        """Carry out a control: write it to the class control file; students see it within 2 s."""
        from quizapp.core.classcontrol import ControlError

        try:
            if message.action == "end":
                self.controls.end_quiz(self.pack_id, self.clock())
                self.notify("The quiz is ended for every student; their answers are kept.")
            elif message.action == "extend-all":
                self.controls.extend(self.pack_id, EXTEND_MINUTES)
                self.notify(f"Every student has {EXTEND_MINUTES} more minutes.")
            elif message.action == "extend-one" and message.student_key:
                self.controls.extend(self.pack_id, EXTEND_MINUTES, message.student_key)
                self.notify(f"{message.student_key} has {EXTEND_MINUTES} more minutes.")
            elif message.action == "release" and message.student_key:
                self.controls.release(self.pack_id, message.student_key, self.clock())
                self.notify(
                    f"{message.student_key} is released: they can join again from any browser."
                )
        except (ControlError, OSError) as error:
            self.notify(f"The control was not saved: {error}", severity="error")
        if isinstance(self.screen, WatchScreen):
            self.screen.refresh_view()
