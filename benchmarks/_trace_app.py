"""`quizapp` with a timing trace, for `bench_keypress.py --trace` (diagnosis only, never for targets).

Runs `quizapp.cli.main(argv)` unchanged, after wrapping a few functions so that each appends one line,
`<time.perf_counter()> <event>`, to the file named by $QUIZAPP_TRACE (perf_counter reads
CLOCK_MONOTONIC on Linux, the clock bench_keypress.py uses too):

* `key <name>`: a key event reached the app (App.post_message of events.Key, from the input thread);
* `record> / record<`: QuizSession.record, which grades and saves the answer (two fsynced writes);
* `answered> / answered<`: QuestionScreen._answered, the handler that saves and fills the feedback;
* `show> / show<`: QuestionScreen.show_current, which fills in the next question;
* `display <kind> <ms>`: App._display handed a frame to the driver (and how long that took);
* `flush <bytes>`: Textual's writer thread flushed that many bytes to the terminal.

Usage: `QUIZAPP_TRACE=FILE python benchmarks/_trace_app.py [quizapp arguments...]`.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any

_trace = open(os.environ["QUIZAPP_TRACE"], "a", buffering=1, encoding="utf-8")  # noqa: SIM115
_lock = threading.Lock()


def log(event: str) -> None:
    now = time.perf_counter()
    with _lock:
        _trace.write(f"{now:.6f} {event}\n")


def wrap(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        log(f"{label}>")
        try:
            return original(*args, **kwargs)
        finally:
            log(f"{label}<")

    setattr(owner, name, wrapper)


class _TracedFile:
    """The terminal file Textual's writer thread writes to, logging each flush."""

    def __init__(self, file: IO[str]) -> None:
        self._file = file
        self._pending = 0

    def write(self, text: str) -> int:
        self._pending += len(text)
        return self._file.write(text)

    def flush(self) -> None:
        self._file.flush()
        if self._pending:
            log(f"flush {self._pending}")
            self._pending = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._file, name)


def install() -> None:
    from textual import events
    from textual.app import App
    from textual.drivers import _writer_thread

    from quizapp.core.session import QuizSession
    from quizapp.ui.screens.question import QuestionScreen

    wrap(QuizSession, "record", "record")
    wrap(QuestionScreen, "show_current", "show")
    # `@on` handlers are dispatched from the class's `_decorated_handlers`, not by attribute name.
    original_answered = QuestionScreen._answered

    def traced_answered(self: QuestionScreen, event: Any) -> None:
        log("answered>")
        try:
            original_answered(self, event)
        finally:
            log("answered<")

    handlers = QuestionScreen.__dict__["_decorated_handlers"]
    for message_type, entries in handlers.items():
        handlers[message_type] = [
            (traced_answered if method is original_answered else method, selectors)
            for method, selectors in entries
        ]

    original_display = App._display

    def display(self: App[Any], screen: Any, renderable: Any) -> None:
        start = time.perf_counter()
        original_display(self, screen, renderable)
        if renderable is not None:
            log(f"display {type(renderable).__name__} {1000 * (time.perf_counter() - start):.2f}")

    App._display = display  # type: ignore[method-assign]

    original_post = App.post_message

    def post_message(self: App[Any], message: Any) -> bool:
        if isinstance(message, events.Key):
            log(f"key {message.key}")
        return original_post(self, message)

    App.post_message = post_message  # type: ignore[method-assign]

    original_init = _writer_thread.WriterThread.__init__

    def writer_init(self: Any, file: IO[str]) -> None:
        original_init(self, _TracedFile(file))  # type: ignore[arg-type]

    _writer_thread.WriterThread.__init__ = writer_init  # type: ignore[method-assign]


if __name__ == "__main__":
    install()
    from quizapp.cli import main

    sys.exit(main(sys.argv[1:]))
