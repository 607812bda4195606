"""Joining a class in a real headless browser (Debian's chromium driven by playwright): the join
page, a phone-sized screen, a second browser for a name that joined, and a closed tab."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import real_utc_now
from test_serve import CODE, ServeProcess, attempt_answers
from test_serve_browser import CHROMIUM, CHROMIUM_ARGS, WAIT_SECONDS, wait_for

from quizapp.core.presence import read_seats

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.is_file(), reason=f"{CHROMIUM} is missing (apt-get install chromium)"
    ),
]

PACK_ID = "backend-roles-class"


@pytest.fixture
def class_server(tmp_path: Path) -> Iterator[ServeProcess]:
    """`quizapp serve` with the sample pack, started at once, on a free loopback port."""
    server = ServeProcess(tmp_path)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def chromium() -> Iterator[Any]:
    """A headless chromium (no downloads: Debian's)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            # A page the test serves itself (route.fulfill) counts as public to chromium, which
            # would then block its websocket to this loopback server.
            args=[*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"],
        )
        try:
            yield browser
        finally:
            browser.close()


def seat(server: ServeProcess, key: str) -> Any:
    """The seat the server reports for a student key (None if none)."""
    seats = read_seats(server.profiles, PACK_ID, real_utc_now())
    return None if seats is None else seats.seats.get(key)


def test_a_student_joins_from_the_form_on_a_phone(
    class_server: ServeProcess, chromium: Any
) -> None:
    """On a phone-sized screen the bare address shows the form; the labels name the boxes; a
    wrong code says so with the name kept; the right code starts the student's quiz."""
    server = class_server
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = phone.new_page()
    page.goto(server.base + "/", timeout=WAIT_SECONDS * 1000)
    code_box = page.get_by_label("Class code")
    name_box = page.get_by_label("Your name")
    assert code_box.is_visible() and name_box.is_visible()
    box = code_box.bounding_box()
    assert box is not None and box["width"] >= 300 and box["height"] >= 44  # thumb-sized
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    code_box.fill("wrong-code-words-here")
    name_box.fill("Ann")
    page.get_by_role("button", name="Join").click()
    page.wait_for_selector("#join-error")
    assert "Wrong or missing class code" in page.inner_text("#join-error")
    assert page.get_by_label("Your name").input_value() == "Ann"
    page.get_by_label("Class code").fill(CODE)
    page.get_by_role("button", name="Join").click()
    wait_for(lambda: attempt_answers(server, "ann"), "Ann's quiz started (attempt file)")
    phone.close()


def test_a_second_browser_is_told_why_and_a_closed_tab_shows_left(
    class_server: ServeProcess, chromium: Any
) -> None:
    """Ann's page connects and holds her seat; a classmate's browser opening her link is shown
    why it cannot join; when Ann closes her tab the server reports her as left within 10 s."""
    server = class_server
    ann_browser = chromium.new_context()
    ann = ann_browser.new_page()
    ann.goto(server.page_url("Ann"), timeout=WAIT_SECONDS * 1000)
    wait_for(lambda: getattr(seat(server, "ann"), "connected", False), "Ann's seat is connected")
    other = chromium.new_context().new_page()
    response = other.goto(server.page_url("Ann"), timeout=WAIT_SECONDS * 1000)
    assert response is not None and response.status == 409
    assert "ask your teacher" in other.inner_text("body")
    closed_at = time.monotonic()
    ann_browser.close()
    wait_for(lambda: getattr(seat(server, "ann"), "connected", True) is False, "Ann left", 10)
    assert time.monotonic() - closed_at < 10


def test_two_pages_loaded_before_either_connects_the_second_is_told_why(
    class_server: ServeProcess, chromium: Any
) -> None:
    """Two browsers load Ann's link before either connects (both get a page): the first to connect
    gets the seat; the other page, connecting after, shows the server's reason, not "Session
    ended", and no second quizapp runs for Ann."""
    import urllib.request

    server = class_server
    # The classmate's page is loaded now (its one-time ticket issued) and connects only later.
    with urllib.request.urlopen(server.page_url("Ann"), timeout=WAIT_SECONDS) as response:
        classmates_page = response.read()
    ann = chromium.new_context().new_page()
    ann.goto(server.page_url("Ann"), timeout=WAIT_SECONDS * 1000)
    wait_for(lambda: getattr(seat(server, "ann"), "connected", False), "Ann's page connected")
    classmate = chromium.new_context().new_page()
    classmate.route(
        server.page_url("Ann"),
        lambda route: route.fulfill(status=200, body=classmates_page, content_type="text/html"),
    )
    classmate.goto(server.page_url("Ann"), timeout=WAIT_SECONDS * 1000)
    classmate.wait_for_function("document.body.dataset.closeCode === '4009'", timeout=15_000)
    message = classmate.inner_text(".closed-dialog .message")
    assert "already joined from another browser" in message and "ask your teacher" in message
    assert len(attempt_answers(server, "ann")) == 1


def test_a_browser_student_waits_in_the_lobby_until_the_teacher_starts(
    tmp_path: Path, chromium: Any
) -> None:
    """In chromium: the page connects and the student waits (noted, no attempt, no clock); once
    the teacher starts, the quiz begins by itself and the first answer is saved."""
    from quizapp.core.classcontrol import ControlStore
    from quizapp.core.presence import read_waiting

    server = ServeProcess(tmp_path, "--lobby").start()
    try:
        page = chromium.new_page()
        page.goto(server.page_url("Ann"), timeout=WAIT_SECONDS * 1000)
        wait_for(lambda: read_waiting(server.profiles / "ann"), "Ann waits in the lobby")
        assert not attempt_answers(server, "ann")
        ControlStore(server.profiles).start_quiz(PACK_ID, real_utc_now())
        wait_for(lambda: attempt_answers(server, "ann"), "the quiz started for Ann")
        page.wait_for_selector(".xterm-helper-textarea", state="attached")
        deadline = time.monotonic() + WAIT_SECONDS
        while not attempt_answers(server, "ann")[0][1]:
            assert time.monotonic() < deadline, "the first answer was never saved"
            page.focus(".xterm-helper-textarea")
            page.keyboard.press("1")
            time.sleep(1)
    finally:
        server.stop()
