"""A read that may be slow, run on a thread of its own so the screen that shows it never waits.

The teacher's live view reads the class folder every second: a few milliseconds for a class, but
seconds the first time for thousands of profiles, or while a network folder is slow. Run on the
app's thread, each read held up the teacher's keys (and, under `quizapp serve`, every student's).
Here it runs on a daemon thread, one read at a time; a request made while one runs asks for one
more straight after. Results and errors go to callbacks called on that thread: they must only
post a message (Textual's `post_message` is thread-safe).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class BackgroundRead(Generic[T]):
    """Runs `read` on a thread of its own when asked, never two at once."""

    def __init__(
        self,
        read: Callable[[], T],
        on_result: Callable[[T], object],
        on_error: Callable[[Exception], object],
        name: str = "background-read",
    ) -> None:
        """Args:
        read: the read (called on the reading thread).
        on_result: gets each result, on the reading thread.
        on_error: gets each exception a read raised, on the reading thread.
        name: the thread's name.
        """
        self._read = read
        self._on_result = on_result
        self._on_error = on_error
        self._name = name
        self._lock = threading.Lock()
        self._busy = False
        self._again = False
        self.stopped = threading.Event()
        """Set by `stop`: no new read starts, results are no longer handed on."""

    @property
    def busy(self) -> bool:
        """Whether a read is under way."""
        return self._busy

    def request(self) -> None:
        """Read now on the reading thread, or once more when the read under way ends."""
        with self._lock:
            if self.stopped.is_set():
                return
            if self._busy:
                self._again = True
                return
            self._busy = True
        threading.Thread(target=self._run, name=self._name, daemon=True).start()

    def _run(self) -> None:
        while True:
            try:
                result = self._read()
            except Exception as error:  # noqa: BLE001 - shown by the caller; the next read goes on
                if not self.stopped.is_set():
                    self._on_error(error)
            else:
                if not self.stopped.is_set():
                    self._on_result(result)
            with self._lock:
                if self.stopped.is_set() or not self._again:
                    self._busy = False
                    return
                self._again = False

    def stop(self) -> None:
        """Start no more reads and hand on no more results (a read under way may finish unseen)."""
        self.stopped.set()
