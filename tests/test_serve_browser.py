"""`quizapp serve` end to end in a real headless browser: Debian's chromium driven by playwright.

The page draws the terminal on a canvas, so the test does not read the screen: it waits for the
student's attempt file (written when the first question is shown), types into xterm's input
element the way a student does, and reads the answers back from the attempt file.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# tests/ has no __init__.py, so pytest puts it on sys.path: the protocol tests' helpers are shared.
from test_serve import HOST, ServeProcess, attempt_answers

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""No sandbox (containers, root) and no background traffic to Google."""
WAIT_SECONDS = 30.0
"""How long the page may take to start the session, or a key to reach the attempt file."""


def wait_for(check: Callable[[], object], what: str, timeout: float = WAIT_SECONDS) -> None:
    """Poll `check` until it returns something true; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true after {timeout} s: {what}")
        time.sleep(0.1)


@pytest.fixture
def class_server(tmp_path: Path) -> Iterator[ServeProcess]:
    """`quizapp serve` with the sample pack on a free loopback port, stopped after the test."""
    server = ServeProcess(tmp_path)
    try:
        yield server.start()
    finally:
        server.stop()


def answer_count(server: ServeProcess, key: str) -> int:
    """Answers in the student's attempt files."""
    return sum(len(answers) for _, answers in attempt_answers(server, key))


@pytest.mark.slow
@pytest.mark.skipif(
    not CHROMIUM.is_file(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"
)
def test_student_answers_in_a_real_browser(class_server: ServeProcess) -> None:
    """A student opens the class address in chromium, presses 1 twice with n between, and both answers are saved."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    server = class_server
    requested: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("request", lambda request: requested.append(request.url))
            page.goto(server.page_url("Ann"), timeout=WAIT_SECONDS * 1000)
            wait_for(
                lambda: attempt_answers(server, "ann"), "the first question is shown (attempt file)"
            )
            page.wait_for_selector(".xterm-helper-textarea", state="attached")

            def press_until(count: int) -> None:
                """Press 1 in the terminal until the attempt file holds `count` answers."""
                deadline = time.monotonic() + WAIT_SECONDS
                while answer_count(server, "ann") < count:
                    assert time.monotonic() < deadline, f"answer {count} never saved"
                    page.focus(".xterm-helper-textarea")
                    page.keyboard.press("1")
                    # A key sent before the screen is ready is lost: press again after 2 s.
                    end = time.monotonic() + 2
                    while answer_count(server, "ann") < count and time.monotonic() < end:
                        time.sleep(0.1)

            press_until(1)
            page.keyboard.press("n")
            press_until(2)
            body_class = page.evaluate("document.body.className")
        finally:
            browser.close()
    [(path, answers)] = attempt_answers(server, "ann")
    assert path.parent == server.profiles / "ann" / "attempts"
    assert len(answers) == 2
    assert answers[0]["question_id"] != answers[1]["question_id"]
    assert "-first-byte" in body_class and "-closed" not in body_class
    origin = f"http://{HOST}:{server.port}/"
    assert requested and all(url.startswith(origin) for url in requested), requested
    assert any(url.endswith(".ttf") for url in requested), "the bundled font was not loaded"
