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
from quizapp.core.packs import Pack
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
        pack: Pack | None = None,
        stops_server: bool = False,
    ) -> None:
        """Args:
        folder: the class folder.
        bank: the question bank.
        pack_id: the pack to watch.
        pack_title: its title, for the heading.
        clock: the time source (UTC); tests pass a fixed one.
        on_start: run once the app is up (`quizapp serve` starts its web server here).
        on_stop: run when the app ends (`quizapp serve` stops its web server here).
        pack: the pack itself, when watched by its file (its preview, its rules).
        stops_server: quitting the view stops the class server (`quizapp serve`).
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
        self.pack = pack
        """The pack watched, when known by its file."""
        self.stops_server = stops_server or on_stop is not None
        """Whether quitting the view stops a class server (then `q` asks first while students
        are connected)."""

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
        preview = None
        if self.pack is not None:
            from quizapp.core.packs import preview_lines

            preview = preview_lines(self.pack, self.bank, max(40, self.size.width - 6))
        await self.push_screen(
            WatchScreen(
                self.snapshot,
                self.pack_title,
                preview=preview,
                stops_server=self.stops_server,
            )
        )

    async def on_unmount(self) -> None:
        self._view_closing.set()
        if self._on_stop is not None:
            await self._on_stop()

    def on_teacher_action(self, message: TeacherAction) -> None:
        """Carry out a control: write it to the class control file; students see it within 2 s."""
        from quizapp.core.classcontrol import ControlError

        who = message.student_name or message.student_key or "The student"
        try:
            if message.action == "start":
                self.controls.start_quiz(self.pack_id, self.clock())
                self.notify("The quiz has started for everyone: every clock starts now.")
            elif message.action == "end":
                self.controls.end_quiz(self.pack_id, self.clock())
                self.notify("The quiz is ended for every student; their answers are kept.")
            elif message.action == "extend-all":
                self.controls.extend(self.pack_id, EXTEND_MINUTES)
                self.notify(f"Every student has {EXTEND_MINUTES} more minutes.")
            elif message.action == "extend-one" and message.student_key:
                self.controls.extend(self.pack_id, EXTEND_MINUTES, message.student_key)
                self.notify(f"{who} has {EXTEND_MINUTES} more minutes.")
            elif message.action == "another-attempt" and message.student_key:
                self.controls.allow_another_attempt(self.pack_id, message.student_key)
                self.notify(f"{who} may take the quiz once more (from their home screen).")
            elif message.action == "release" and message.student_key:
                self.controls.release(self.pack_id, message.student_key, self.clock())
                self.notify(f"{who} is released: they can join again from any browser.")
            elif message.action == "replace-control":
                aside = self.controls.replace_damaged(self.clock())
                self.notify(
                    f"A fresh control file is in place; the damaged one is kept as {aside.name}.",
                )
        except ControlError as error:
            self.notify(
                f"The control was not saved: {error}. Press d to replace the damaged file.",
                severity="error",
            )
        except OSError as error:
            self.notify(f"The control was not saved: {error}", severity="error")
        if isinstance(self.screen, WatchScreen):
            self.screen.refresh_view()
