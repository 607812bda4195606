"""The class server's rules without a server: codes, seats, tickets, the cap and terminal sizes."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.classcode import (
    MAX_DELAY,
    MAX_WAITING,
    MIN_CODE_BITS,
    MOST_FREE_PER_ADDRESS,
    WORDS,
    WRONG_FREE_PER_ADDRESS,
    WRONG_PER_NAME,
    WRONG_WINDOW,
    WrongCodeGuard,
    code_bits,
    free_tries_for,
    new_code,
)
from quizapp.serve import (
    MAX_COLUMNS,
    MAX_ROWS,
    MIN_COLUMNS,
    MIN_ROWS,
    TICKET_GRACE_SECONDS,
    TICKET_SECONDS,
    ClassRoom,
    clamp_size,
    keep_error_log_small,
    seat_cookie,
)


class Clock:
    """A monotonic clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def room(max_sessions: int = 3) -> tuple[ClassRoom, Clock]:
    """A class room on a hand-moved clock."""
    clock = Clock()
    return ClassRoom(code=new_code(), max_sessions=max_sessions, clock=clock), clock


def test_generated_codes_are_four_words_of_a_256_word_list() -> None:
    """32 bits, easy to dictate, and different each time."""
    assert len(set(WORDS)) == 256
    codes = {new_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert code_bits(code) == 32.0
        assert all(word in WORDS for word in code.split("-"))


@pytest.mark.parametrize(
    ("code", "refused"),
    [("1", True), ("abc123", True), ("blue42", True), ("amber-fox-river-otter", False)],
)
def test_weak_codes_fall_below_the_minimum(code: str, refused: bool) -> None:
    """Short or simple codes are refused; generated-style ones pass."""
    assert (code_bits(code) < MIN_CODE_BITS) is refused


def test_tickets_are_single_use_and_expire_in_seconds() -> None:
    """A ticket redeems once, with the page's seat token; an unused one is gone after TICKET_SECONDS."""
    classroom, clock = room()
    ticket = classroom.issue("Ann", token="token-a")
    assert classroom.redeem(ticket) == ("Ann", "token-a")
    assert classroom.redeem(ticket) is None
    late = classroom.issue("Bob", token="token-b")
    clock.now += TICKET_SECONDS + 1
    assert classroom.redeem(late) is None


def test_the_cap_counts_tickets_and_live_sessions_once_per_student() -> None:
    """Two pages for two students fill a class of two; a third student waits; a reload does not."""
    classroom, clock = room(max_sessions=2)
    classroom.issue("Ann")
    classroom.issue("Bob")
    assert not classroom.has_room_for("Cy")
    assert classroom.has_room_for("ann")  # her own reload
    clock.now += TICKET_SECONDS + 1  # unused pages expire
    assert classroom.has_room_for("Cy")


def test_one_students_typos_lock_out_only_that_name() -> None:
    """Behind one school address: after WRONG_PER_NAME wrong codes Ann waits; Bob does not."""
    clock = Clock()
    guard = WrongCodeGuard(clock)
    for _ in range(WRONG_PER_NAME):
        assert guard.refusal("10.0.0.5", "ann") is None
        assert guard.note_wrong("10.0.0.5", "ann") == 0
    assert guard.refusal("10.0.0.5", "ann") == "name"
    assert 1 <= guard.retry_after("10.0.0.5", "ann") <= WRONG_WINDOW + 1
    assert guard.refusal("10.0.0.5", "bob") is None
    assert guard.refusal("10.0.0.6", "ann") is None
    clock.now += WRONG_WINDOW + 1
    assert guard.refusal("10.0.0.5", "ann") is None


def test_a_whole_class_of_typos_is_answered_at_once() -> None:
    """Thirty students behind one address, one typo each, in one minute: no delay, no refusal."""
    clock = Clock()
    guard = WrongCodeGuard(clock)
    for number in range(WRONG_FREE_PER_ADDRESS):
        assert guard.refusal("10.0.0.5", f"student {number}") is None
        assert guard.note_wrong("10.0.0.5", f"student {number}") == 0
        clock.now += 1


def test_a_class_of_forty_with_two_typos_each_is_answered_at_once() -> None:
    """A class of 40 (the default cap) typing a four-word code on phones, two typos each in one
    minute behind one address: no delay, no refusal. The free tries grow with the class, to a cap."""
    assert free_tries_for(3) == WRONG_FREE_PER_ADDRESS
    assert free_tries_for(40) == 80
    assert free_tries_for(10_000) == MOST_FREE_PER_ADDRESS
    classroom, clock = room(max_sessions=40)
    for number in range(40):
        for _ in range(2):
            assert classroom.guard.refusal("10.0.0.5", f"student {number}") is None
            assert classroom.guard.note_wrong("10.0.0.5", f"student {number}") == 0
        clock.now += 1
    assert classroom.guard.note_wrong("10.0.0.5", "one too many") > 0


def test_a_joined_student_reloading_is_never_held_up_by_guesses_from_their_network() -> None:
    """While an address's slowed guesses fill its waiting places, new names from it are refused,
    but a browser holding its seat (its cookie) is not: it proved the code when it joined."""
    classroom, _ = room(max_sessions=3)
    token = classroom.seat_token("Ann", None)
    assert token is not None and classroom.bind("Ann", token)
    for _ in range(MAX_WAITING):
        classroom.guard.hold("10.0.0.5")
    assert classroom.guard.refusal("10.0.0.5", "ann") == "address"
    assert classroom.holds_seat("Ann", {seat_cookie("Ann"): token})
    assert not classroom.holds_seat("Ann", {seat_cookie("Ann"): "forged"})
    assert not classroom.holds_seat("Ann", {})
    assert not classroom.holds_seat("Bob", {seat_cookie("Bob"): token})
    assert not classroom.holds_seat("", {})  # a name that is not allowed: no seat, no error


def test_guessing_past_the_free_tries_is_slowed_and_cannot_be_parallel() -> None:
    """Past the free tries each wrong code waits twice as long (up to MAX_DELAY); while
    MAX_WAITING wait, the address is refused before its code is checked."""
    clock = Clock()
    guard = WrongCodeGuard(clock)
    for number in range(WRONG_FREE_PER_ADDRESS):
        guard.note_wrong("10.0.0.9", f"name {number}")
    delays = [guard.note_wrong("10.0.0.9", f"more {n}") for n in range(8)]
    assert delays == [1, 2, 4, 8, 16, MAX_DELAY, MAX_DELAY, MAX_DELAY]
    for _ in range(MAX_WAITING):
        guard.hold("10.0.0.9")
    assert guard.refusal("10.0.0.9", "anyone") == "address"
    assert guard.refusal("10.0.0.10", "anyone") is None
    guard.release("10.0.0.9")
    assert guard.refusal("10.0.0.9", "anyone") is None


def test_a_code_guessed_from_one_address_takes_decades() -> None:
    """The most wrong codes one address can try in a minute, against 2**32 codes."""
    most_per_minute = MOST_FREE_PER_ADDRESS + MAX_WAITING * 60 / MAX_DELAY
    years = 2**31 / most_per_minute / 60 / 24 / 365
    assert years > 30


def test_addresses_and_names_whose_wrong_codes_are_old_are_forgotten() -> None:
    """A thousand addresses with one wrong code each are not kept once their window has passed."""
    clock = Clock()
    guard = WrongCodeGuard(clock)
    for number in range(1000):
        guard.note_wrong(f"10.0.{number // 250}.{number % 250}", "ann")
    assert len(guard.by_address) == 1000 and len(guard.by_name) == 1000
    clock.now += WRONG_WINDOW + 1
    guard.note_wrong("10.9.9.9", "ann")
    assert list(guard.by_address) == ["10.9.9.9"] and len(guard.by_name) == 1


@pytest.mark.parametrize(
    ("size", "moved"),
    [
        pytest.param(1024 * 1024 + 1, True, id="past-the-cap-moved-aside"),
        pytest.param(1024 * 1024, False, id="at-the-cap-kept"),
        pytest.param(None, False, id="no-log-yet"),
    ],
)
def test_the_error_log_is_moved_aside_past_its_cap(
    tmp_path: Path, size: int | None, moved: bool
) -> None:
    """One older log is kept as serve-errors.log.1; a small or missing log is left alone."""
    log = tmp_path / "serve-errors.log"
    older = tmp_path / "serve-errors.log.1"
    older.write_text("the older log\n", encoding="utf-8")
    if size is not None:
        log.write_bytes(b"x" * size)
    keep_error_log_small(log)
    assert log.exists() is (size is not None and not moved)
    assert older.read_bytes() == (b"x" * size if moved and size else b"the older log\n")


def test_a_seat_is_bound_by_the_first_page_that_connects_not_by_a_page_load() -> None:
    """Loading pages binds nothing; the first page to connect binds the seat; another browser is
    then refused; a closed page keeps the seat (shown as left); release frees it."""
    classroom, _ = room()
    first = classroom.seat_token("Ann", None)
    second = classroom.seat_token("ann", None)  # a link preview, a classmate, a second tab
    assert first and second and first != second
    assert classroom.seats == {}
    assert classroom.bind("Ann", second)  # the preview never connects: the other page does
    assert not classroom.bind("ANN", first)
    assert classroom.seat_token("Ann", first) is None
    assert classroom.seat_token("Ann", second) == second  # a reload in that browser
    assert classroom.seats["ann"].connected and classroom.seats["ann"].name == "Ann"
    classroom.left("Ann", second)
    assert not classroom.seats["ann"].connected
    assert classroom.bind("Ann", second)  # back from the same browser
    assert classroom.release("ann")
    assert classroom.bind("Ann", first)


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((3000, 3000), (MAX_COLUMNS, MAX_ROWS)),
        ((0, -5), (MIN_COLUMNS, MIN_ROWS)),
        ((100, 30), (100, 30)),
    ],
)
def test_terminal_sizes_are_clamped(size: tuple[int, int], expected: tuple[int, int]) -> None:
    """A browser cannot make a student's process draw a 3000x3000 terminal."""
    assert clamp_size(*size) == expected


async def test_a_students_errors_go_to_the_class_log_not_the_teachers_terminal(
    tmp_path: Path,
) -> None:
    """What a forked student's quizapp writes to stderr lands in serve-errors.log; the server's
    reader of that stream sees nothing (textual-serve would print it on the teacher's screen)."""
    import asyncio
    import os

    from quizapp.serve import ERROR_LOG, ForkedAppService

    class FakeZygote:
        """Writes a crash report to the stderr it is given, as a crashing student would."""

        def spawn(self, student: str, env: dict[str, str], fds: list[int]) -> int:
            os.write(fds[2], b"Traceback: secret_local = 'amber-fox'\n")
            return os.getpid()

    async def ignore(*_: object) -> None:
        return None

    service = ForkedAppService(
        FakeZygote(),  # type: ignore[arg-type]
        asyncio.Lock(),
        "Ann",
        tmp_path / ERROR_LOG,
        write_bytes=ignore,
        write_str=ignore,
        close=ignore,
        download_manager=None,  # type: ignore[arg-type]
    )
    process = await service._open_app_process(80, 24)
    assert await asyncio.wait_for(process.stderr.read(), 5) == b""
    assert "secret_local" in (tmp_path / ERROR_LOG).read_text()
    process.stdin.close()


def test_a_browser_student_never_gets_plain_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """The teacher's TERM=dumb or ACCESSIBLE=1 (inherited by students' processes) must not put a
    browser student into the line-by-line mode: their terminal is the page."""
    import argparse

    from quizapp.cli import wants_plain

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("ACCESSIBLE", "1")
    assert wants_plain(argparse.Namespace(plain=False, class_student=False)) is True
    assert wants_plain(argparse.Namespace(plain=False, class_student=True)) is False


def test_a_flood_of_unused_pages_cannot_keep_the_class_full() -> None:
    """60 pages loaded from one address, none connecting: once they are TICKET_GRACE_SECONDS
    old, a student from elsewhere gets a place (the flood's oldest ticket gives way)."""
    classroom, clock = room(max_sessions=3)
    for number in range(60):
        if classroom.make_room_for(f"Bot {number}"):
            classroom.issue(f"Bot {number}", "10.0.0.66")
    assert len(classroom.tickets) == 3
    assert not classroom.make_room_for("Ann")  # the flood is seconds old: browsers still connect
    clock.now += TICKET_GRACE_SECONDS
    assert classroom.make_room_for("Ann")
    ticket = classroom.issue("Ann", "10.0.0.7")
    assert classroom.redeem(ticket) == ("Ann", "")
    assert len(classroom.tickets) == 2  # two of the flood's three are left


def test_a_class_behind_one_address_fits() -> None:
    """A whole class loading at once from one school address all get pages that work."""
    classroom, _ = room(max_sessions=30)
    tickets = []
    for number in range(30):
        assert classroom.make_room_for(f"Student {number}")
        tickets.append(classroom.issue(f"Student {number}", "192.0.2.1"))
    assert [classroom.redeem(ticket) for ticket in tickets] == [
        (f"Student {number}", "") for number in range(30)
    ]


def test_one_address_holds_at_most_a_class_of_unused_tickets() -> None:
    """Past max_sessions unused tickets from one address, its oldest is dropped (memory stays
    bounded whatever the flood); other addresses keep theirs."""
    classroom, clock = room(max_sessions=3)
    other = classroom.issue("Ann", "10.0.0.1")
    tickets = []
    for number in range(5):
        clock.now += 0.01
        tickets.append(classroom.issue(f"Bot {number}", "10.0.0.66"))
    assert [classroom.redeem(ticket) for ticket in tickets] == [
        None,
        None,
        ("Bot 2", ""),
        ("Bot 3", ""),
        ("Bot 4", ""),
    ]
    assert classroom.redeem(other) == ("Ann", "")


def test_the_stale_ticket_given_up_is_from_the_address_holding_most() -> None:
    """When the class is full of unused tickets, the flooding address gives way, not a student."""
    classroom, clock = room(max_sessions=3)
    ann = classroom.issue("Ann", "10.0.0.1")
    classroom.issue("Bot 1", "10.0.0.66")
    classroom.issue("Bot 2", "10.0.0.66")
    clock.now += TICKET_GRACE_SECONDS
    assert classroom.make_room_for("Cy")
    assert classroom.redeem(ann) == ("Ann", "")
