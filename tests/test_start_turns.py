"""The fork helper's start turns: first come first served, at most N starting, never stuck."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from quizapp.zygote import (
    TURN_DONE,
    TURN_GRANTED,
    TURN_SECONDS,
    StartTurns,
    _wait_for_turn,
    start_turns_available,
)


class Child:
    """One forked child as the helper sees it: the helper's end, and the child's end to play it."""

    def __init__(self) -> None:
        self.helper_end, self.child_end = socket.socketpair()
        self.child_end.setblocking(False)

    def granted(self) -> bool:
        """Whether the helper has said this child may start (reads what it sent)."""
        try:
            return self.child_end.recv(1) == TURN_GRANTED
        except BlockingIOError:
            return False

    def close(self) -> None:
        self.child_end.close()
        self.helper_end.close()


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def children() -> Iterator[list[Child]]:
    made = [Child() for _ in range(6)]
    yield made
    for child in made:
        child.close()


@pytest.mark.parametrize(
    ("limit", "arrive", "finish", "granted_in_order"),
    [
        # two turns: the first two start, the third waits for one to finish
        (2, 3, [], [0, 1]),
        (2, 3, [0], [0, 1, 2]),
        (2, 5, [1, 0], [0, 1, 2, 3]),
        # one turn: strictly one at a time, in arrival order
        (1, 4, [0], [0, 1]),
        (1, 4, [0, 1, 2], [0, 1, 2, 3]),
        # more turns than children: everyone starts at once
        (8, 5, [], [0, 1, 2, 3, 4]),
    ],
)
def test_turns_go_first_come_first_served_up_to_the_limit(
    children: list[Child], limit: int, arrive: int, finish: list[int], granted_in_order: list[int]
) -> None:
    turns = StartTurns(limit)
    for child in children[:arrive]:
        turns.add(child.helper_end)
    for number in finish:
        assert children[number].helper_end in turns.starting
        turns.finished(children[number].helper_end)
    granted = [number for number, child in enumerate(children[:arrive]) if child.granted()]
    assert granted == granted_in_order
    assert len(turns.starting) == min(limit, arrive - len(finish))


def test_a_child_gone_while_waiting_gives_its_place_to_the_next(children: list[Child]) -> None:
    closed: list[socket.socket] = []
    turns = StartTurns(1, on_close=closed.append)
    first, gone, third = children[:3]
    for child in (first, gone, third):
        turns.add(child.helper_end)
    gone.child_end.close()  # died before its turn: the helper's send fails
    turns.finished(first.helper_end)
    assert third.granted()
    assert list(turns.starting) == [third.helper_end]
    assert closed == [first.helper_end, gone.helper_end]  # unwatched before being closed
    assert turns.waiting == type(turns.waiting)()


def test_a_child_that_ends_while_waiting_leaves_the_queue(children: list[Child]) -> None:
    turns = StartTurns(1)
    first, quitter, third = children[:3]
    for child in (first, quitter, third):
        turns.add(child.helper_end)
    turns.finished(quitter.helper_end)  # its end closed (EOF) while it waited
    assert list(turns.waiting) == [third.helper_end]
    turns.finished(first.helper_end)
    assert third.granted()


def test_a_turn_that_outlasts_its_time_frees_the_queue(children: list[Child]) -> None:
    clock = FakeClock()
    turns = StartTurns(1, clock=clock)
    stuck, next_child = children[:2]
    turns.add(stuck.helper_end)
    turns.add(next_child.helper_end)
    assert turns.next_expiry() == pytest.approx(TURN_SECONDS)
    clock.now += TURN_SECONDS - 0.01
    turns.expire()
    assert not next_child.granted()
    clock.now += 0.02
    assert turns.next_expiry() == 0.0
    turns.expire()
    assert next_child.granted()
    assert list(turns.starting) == [next_child.helper_end]


def test_no_one_starting_means_no_timeout() -> None:
    assert StartTurns(2).next_expiry() is None


@pytest.mark.parametrize(
    ("cpus", "turns"),
    [({0, 1}, 2), ({3}, 1), (set(range(8)), 8), (set(), 1)],
    ids=["two-cpus", "one-cpu", "eight-cpus", "none-reported"],
)
def test_as_many_turns_as_cpus_this_process_may_use(
    monkeypatch: pytest.MonkeyPatch, cpus: set[int], turns: int
) -> None:
    """One start at a time per CPU the helper may run on, and never fewer than one."""
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: cpus, raising=False)
    assert start_turns_available() == turns


def test_without_affinity_the_cpu_count_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the OS has no CPU affinity, the CPU count decides; an unknown count gives one turn."""
    monkeypatch.delattr("os.sched_getaffinity", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert start_turns_available() == 4
    monkeypatch.setattr("os.cpu_count", lambda: None)
    assert start_turns_available() == 1


def test_a_child_waits_for_its_turn_and_frees_it_when_its_screen_is_up() -> None:
    helper_end, child_end = socket.socketpair()
    try:
        waited = threading.Event()

        def child() -> None:
            first_screen_up = _wait_for_turn(child_end)
            waited.set()
            first_screen_up()

        thread = threading.Thread(target=child)
        thread.start()
        assert not waited.wait(0.2)  # no turn yet
        helper_end.send(TURN_GRANTED)
        thread.join(5)
        assert waited.is_set()
        assert helper_end.recv(1) == TURN_DONE
        assert helper_end.recv(1) == b""  # and the child's end is closed
    finally:
        helper_end.close()


def test_a_child_starts_anyway_if_the_helper_is_gone() -> None:
    """A child whose helper is gone starts at once (EOF), not after its 30 s wait, and telling the
    gone helper its screen is up is harmless."""
    helper_end, child_end = socket.socketpair()
    helper_end.close()
    started = threading.Event()

    def child() -> None:
        first_screen_up = _wait_for_turn(child_end)
        started.set()
        first_screen_up()

    thread = threading.Thread(target=child, daemon=True)
    thread.start()
    assert started.wait(5), "the child waited for a helper that is gone"
    thread.join(5)
    assert not thread.is_alive()
    assert child_end.fileno() == -1  # its end of the pair is closed
