"""A class quiz's rules under `quizapp serve`, at the protocol level (the real server, a student as
an aiohttp client reading the screen): the lobby and the teacher's start, results held back
until the class ends and then shown by themselves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import real_utc_now
from test_serve import (
    ServeProcess,
    ServerFactory,
    Terminal,
    browser,
    open_page,
    open_student,
    wait_answers,
    wait_until,
)

from quizapp.core.classcontrol import ControlStore
from quizapp.core.presence import read_waiting

TWO_QUESTIONS = (
    'id = "two-step"\ntitle = "Two steps"\norder = "fixed"\nshuffle_choices = false\n'
    'questions = ["duty-backend-frontend-split", "duty-restaurant-analogy-kitchen"]\n'
)
"""A class pack of two single-choice questions, in order (the rules are added per test)."""


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[ServerFactory]:
    """Start `quizapp serve` (with extra arguments) in tmp_path; stopped after the test."""
    started: list[ServeProcess] = []

    def start(*extra: str) -> ServeProcess:
        folder = tmp_path / f"server{len(started)}"
        folder.mkdir()
        server = ServeProcess(folder, *extra)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


def two_question_pack(folder: Path, rules: str) -> Path:
    """The two-question pack with `rules` (TOML lines) in a file of its own."""
    path = folder / "two-step.toml"
    path.write_text(TWO_QUESTIONS + rules, encoding="utf-8")
    return path


async def test_browser_students_wait_in_the_lobby_until_the_teacher_starts(
    serve: ServerFactory,
    tmp_path: Path,
) -> None:
    """Without --start-now a student sees the lobby (and is noted as waiting, no attempt made);
    once the teacher starts, the first question comes by itself."""
    server = serve("--lobby")
    async with browser() as session:
        ann = await open_student(session, server, "Ann", needle="Waiting for your teacher")
        await wait_until(lambda: read_waiting(server.profiles / "ann") is not None, "noted")
        assert not (server.profiles / "ann" / "attempts").exists()
        ControlStore(server.profiles).start_quiz("backend-roles-class", real_utc_now())
        await ann.wait_for("Question 1 of")
        await ann.press("1")
        await wait_answers(server, "ann", 1)
        await ann.ws.close()


@pytest.mark.parametrize("key", ["1"])
async def test_results_are_held_back_until_the_class_ends_then_appear(
    serve: ServerFactory,
    tmp_path: Path,
    key: str,
) -> None:
    """The first to finish reads "Submitted" and no score while a classmate is still answering;
    when the teacher ends the quiz the results appear on the page by themselves."""
    pack = two_question_pack(tmp_path, 'start = "immediate"\nfeedback = "end"\n')
    server = serve("--pack", str(pack))
    async with browser() as ann_browser, browser() as bob_browser:
        ann = await open_student(ann_browser, server, "Ann")
        bob = await open_student(bob_browser, server, "Bob")
        for number in (1, 2):
            mark = len(ann.text)
            await ann.press(key)
            await ann.wait_for("Answer saved", since=mark)
            await ann.press("n")
            if number == 1:
                await ann.wait_for("Question 2 of", since=mark)
        await ann.wait_for("Submitted: your results come when the class ends.")
        shown = len(ann.text)
        assert "You scored" not in ann.text
        ControlStore(server.profiles).end_quiz("two-step", real_utc_now())
        await ann.wait_for("You scored", since=shown)
        await bob.wait_for("ended")  # Bob's quiz closes too, his answers kept
        await ann.ws.close()
        await bob.ws.close()


async def test_a_page_for_a_joined_name_loaded_and_never_connected_binds_nothing(
    serve: ServerFactory,
) -> None:
    """Loading a classmate's link (never connecting) leaves the name free for its owner."""
    server = serve()
    async with browser() as preview, browser() as owner:
        await open_page(preview, server, "Cara")
        cara = await open_student(owner, server, "Cara")
        assert isinstance(cara, Terminal)
        await cara.ws.close()
