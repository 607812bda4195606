"""Start-up probe for bench_startup.py: run one app variant headless, report when its target screen is painted.

Usage (one fresh process per measurement; bench_startup.py spawns it):

    python benchmarks/_ready_probe.py VARIANT T0 [quizapp arguments...]

VARIANT is `minimal` (a bare Textual app with one Static), `welcome` (quizapp to the welcome screen),
`home` (quizapp to a person's home with its history filled in; bench_history.py) or `question`
(quizapp to the first question with its prompt and choices on screen). T0 is the
parent's `time.perf_counter()` just before it spawned this process (on Linux perf_counter reads
CLOCK_MONOTONIC, the same clock in every process), so the probe can split the wall time into phases.

quizapp variants go through the real command line, `quizapp.cli.main(argv)`, so argument parsing,
the lazy imports and `make_app` are exactly what `quizapp` runs. The only change is that `App.run`
is wrapped to force the headless driver at 100x30 and to install a hook on `App.post_display_hook`,
which Textual calls right after each frame is handed to the driver. "Ready" is the first frame in
which the target screen is the active screen and its key widgets have been laid out (non-empty
regions in that frame). At that moment the probe writes one line to fd 1 (bypassing Textual's
stdout capture) and asks the app to exit:

    READY <json with phase times and CPU time>

With $PROBE_TTY_OUT set (bench_startup.py's real-terminal rows), the app runs in the terminal it
was started in, with its own driver; the READY line goes to that file, and the app keeps running
until the benchmark, having seen the screen in the terminal, quits it with ctrl+q.
"""

from __future__ import annotations

import time

_PROBE_START = time.perf_counter()  # first thing: when the interpreter reached this script

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from typing import Any  # noqa: E402

SIZE = (100, 30)
"""The terminal size the headless driver reports."""


TTY_OUT = os.environ.get("PROBE_TTY_OUT")
"""In a real terminal (bench_startup.py's tmux rows): run with the terminal's own driver, append the
READY line to this file instead of fd 1 (the terminal), and leave quitting to the benchmark."""


def _emit(payload: dict[str, Any]) -> None:
    line = ("READY " + json.dumps(payload) + "\n").encode()
    if TTY_OUT:
        with open(TTY_OUT, "ab") as out:
            out.write(line)
    else:
        os.write(1, line)


def main() -> int:
    variant, t0 = sys.argv[1], float(sys.argv[2])
    cli_argv = sys.argv[3:]
    times: dict[str, float] = {"probe_start": _PROBE_START}

    from textual.app import App

    times["textual_imported"] = time.perf_counter()
    done = False
    first_frame = False

    def is_ready(app: App[Any]) -> bool:
        screen = app.screen
        name = type(screen).__name__
        if variant == "minimal":
            found = screen.query("#hello")
            return bool(found) and found.first().region.height > 0
        if variant.startswith("welcome"):
            if name != "WelcomeScreen":
                return False
            return (
                screen.query_one("#tagline").region.height > 0
                and screen.query_one("#name").region.height > 0
            )
        if variant == "home":
            if name != "HomeScreen":
                return False
            from textual.widgets import Static

            # Home is ready when its history (the last thing it fills in) is painted.
            history = screen.query_one("#history", Static)
            return bool(str(history.content)) and history.region.height > 0
        if name != "QuestionScreen":
            return False
        from textual.widgets import Static

        from quizapp.ui.widgets.choices import ChoiceList

        prompt = screen.query_one("#prompt", Static)
        choices = screen.query(ChoiceList)
        return (
            bool(str(prompt.content))
            and prompt.region.height > 0
            and bool(choices)
            and choices.first().region.height > 0
        )

    original_run = App.run

    def run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
        times["app_run"] = time.perf_counter()
        library = getattr(self, "library", None)
        if library is not None:
            # Note when the background bank load starts and ends (quizapp only).
            load_bank = library.bank

            def timed_bank() -> Any:
                times["bank_start"] = time.perf_counter()
                try:
                    return load_bank()
                finally:
                    times["bank_done"] = time.perf_counter()

            library.bank = timed_bank

            # Mark the steps on the way to the first question: opening the profile, asking.
            store = self.store  # type: ignore[attr-defined]
            open_profile = store.open

            def timed_open(*args: Any, **kwargs: Any) -> Any:
                times["open_start"] = time.perf_counter()
                try:
                    return open_profile(*args, **kwargs)
                finally:
                    times["open_done"] = time.perf_counter()

            store.open = timed_open
            ask = self.ask  # type: ignore[attr-defined]

            def timed_ask(*args: Any, **kwargs: Any) -> Any:
                times["ask"] = time.perf_counter()
                return ask(*args, **kwargs)

            self.ask = timed_ask  # type: ignore[attr-defined]

        def hook() -> None:
            nonlocal done, first_frame
            if done:
                return
            if not first_frame:
                first_frame = True
                times["first_frame"] = time.perf_counter()
            try:
                ready = is_ready(self)
            except Exception:  # a widget not there yet
                return
            if not ready:
                return
            done = True
            now = time.perf_counter()
            times["ready"] = now
            _emit(
                {
                    "variant": variant,
                    "wall_s": now - t0,
                    "cpu_s": time.process_time(),
                    "phases": {key: value - t0 for key, value in dict(times).items()},
                    "modules": len(sys.modules),
                    "pydantic_loaded": "pydantic" in sys.modules,
                    "threads": threading.active_count(),
                    "module_names": sorted(sys.modules) if os.environ.get("PROBE_MODULES") else [],
                }
            )
            if not TTY_OUT:
                self.exit()

        self.post_display_hook = hook  # type: ignore[method-assign]
        if TTY_OUT:
            return original_run(self)
        return original_run(self, headless=True, size=SIZE)

    App.run = run  # type: ignore[method-assign]

    if variant == "minimal":
        from textual.app import ComposeResult
        from textual.widgets import Static

        class Minimal(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("Hello from a minimal Textual app.", id="hello")

        times["main_called"] = time.perf_counter()
        Minimal().run()
        return 0

    times["main_called"] = time.perf_counter()
    from quizapp.cli import main as cli_main

    return cli_main(cli_argv)


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code or 0)
