"""Pilot scenarios for a class quiz's rules in the terminal: the lobby and the shared start, one
attempt, a late joiner after the end, the words for who ended it, and only keys that work."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

from textual.widgets import OptionList

from quizapp.core.classcontrol import ControlStore
from quizapp.core.store import ProfileStore
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.lobby import LobbyScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen

from .conftest import FIXED_NOW, AppFactory, answer_current, wait_for_screen
from .test_classroom import MovableClock, text_of, write_pack


def menu_of(screen: object) -> list[str]:
    """The home menu's options, in words."""
    options = screen.query_one("#menu", OptionList).options  # type: ignore[attr-defined]
    return [str(option.prompt) for option in options]


def attempts_of(profiles_dir: Path, key: str) -> list[dict[str, object]]:
    """A student's attempt files, oldest first."""
    folder = profiles_dir / key / "attempts"
    return [tomllib.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.toml"))]


async def finish(pilot, app) -> None:  # type: ignore[no-untyped-def]
    """Answer every question of the class quiz on screen and go on to the results."""
    for _ in range(4):
        await answer_current(pilot, right=True)
        await pilot.press("n")
    await wait_for_screen(pilot, ResultsScreen)


async def test_students_wait_in_the_lobby_and_every_clock_starts_with_the_teacher(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """With the default `start = "teacher"`: the lobby, a note the roster reads as waiting; when
    the teacher starts, the first question comes by itself and the clock counts from the start."""
    from quizapp.core.presence import read_waiting

    pack = write_pack(tmp_path, start="teacher", time_limit_minutes=10)
    clock = MovableClock()
    app = build_app(
        pack_path=pack, profile_name="Ada", store=ProfileStore(profiles_dir, clock=clock)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, LobbyScreen)
        assert "Waiting for your teacher to start the quiz" in text_of(app.screen, "#lobby-words")
        waiting = read_waiting(profiles_dir / "ada")
        assert waiting is not None and waiting.pack_id == "class-7"
        assert not (profiles_dir / "ada" / "attempts").exists()  # nothing started, no clock
        clock.now = FIXED_NOW + timedelta(minutes=3)
        started = FIXED_NOW + timedelta(minutes=2)
        ControlStore(profiles_dir).start_quiz("class-7", started)
        await wait_for_screen(pilot, QuestionScreen, tries=60)
        assert "Time left 09:00" in text_of(app.screen, "#time-left")  # a minute after the start
    [attempt] = attempts_of(profiles_dir, "ada")
    assert attempt["started"] == started.isoformat().replace("+00:00", "Z")
    assert read_waiting(profiles_dir / "ada") is None


async def test_one_attempt_then_results_and_another_go_from_the_teacher(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """`attempts = 1` (the default): after finishing, Enter from the results and from home shows
    the results, never a new attempt; once the teacher gives one more, a new attempt starts."""
    pack = write_pack(tmp_path)
    app = build_app(pack_path=pack, profile_name="Bea")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await finish(pilot, app)
        await pilot.press("enter")  # the focused Home button
        await wait_for_screen(pilot, HomeScreen)
        assert menu_of(app.screen) == [
            "Your results: Week 3 check",
            "Switch profile (another student)",
        ]
        await pilot.press("enter")
        await wait_for_screen(pilot, ResultsScreen)
        assert len(attempts_of(profiles_dir, "bea")) == 1
        ControlStore(profiles_dir).allow_another_attempt("class-7", "bea")
        await pilot.press("h")
        await wait_for_screen(pilot, HomeScreen)
        assert menu_of(app.screen)[0] == "Take the class quiz: Week 3 check"
        await pilot.press("enter")
        await wait_for_screen(pilot, QuestionScreen)
    assert len(attempts_of(profiles_dir, "bea")) == 2


async def test_a_late_joiner_after_the_end_is_told_and_nothing_is_made(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """Once the teacher ended the quiz, a student who never took it is told so at home; the quiz
    is not on the menu and no attempt is made (no fit wording, no empty "Not passed")."""
    pack = write_pack(tmp_path)
    ControlStore(profiles_dir).end_quiz("class-7", FIXED_NOW - timedelta(minutes=1))
    app = build_app(pack_path=pack, profile_name="Cy")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        assert "This class quiz has ended" in text_of(app.screen, "#greeting")
        assert menu_of(app.screen) == ["Switch profile (another student)"]
    assert not (profiles_dir / "cy" / "attempts").exists()


async def test_ended_by_the_teacher_is_said_so_and_class_results_offer_only_working_keys(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """Ended by the teacher at 1 of 4: "(ended by your teacher)", not "time ran out"; the same
    score on the results and in the history; the footer offers Home only (no f, r, p or c)."""
    pack = write_pack(tmp_path, time_limit_minutes=10, pass_percent=50)
    clock = MovableClock()
    app = build_app(
        pack_path=pack, profile_name="Dee", store=ProfileStore(profiles_dir, clock=clock)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await answer_current(pilot, right=True)
        await pilot.press("n")
        clock.now = FIXED_NOW + timedelta(minutes=2)
        ControlStore(profiles_dir).end_quiz("class-7", clock.now)
        await wait_for_screen(pilot, ResultsScreen, tries=60)
        score = text_of(app.screen, "#score")
        assert "1 of 4 right (ended by your teacher)" in score and "time ran out" not in score
        shown = {
            key
            for key, binding in app.screen.active_bindings.items()
            if binding.binding.show and binding.enabled
        }
        assert {"f", "r", "p", "c"}.isdisjoint(shown), shown
        assert "h" in shown
        await pilot.press("h")
        await wait_for_screen(pilot, HomeScreen)
        history = text_of(app.screen, "#history")
        assert "25% (1 of 4 right)" in history and "ended by your teacher" in history
    # The same one score for the teacher: the report (text, CSV, JSON) and the live roster.
    import csv
    import json

    from quizapp.core.classwatch import ClassWatch
    from quizapp.core.loader import load_checked_bank
    from quizapp.core.report import build_report
    from quizapp.report import format_table, to_json, write_csv

    from .conftest import SEEDS, TINY_QUESTIONS

    bank = load_checked_bank(TINY_QUESTIONS, SEEDS)
    later = FIXED_NOW + timedelta(minutes=5)
    report = build_report(profiles_dir, bank, "class-7", now=later)
    [row] = report.students
    assert (row.latest.percent, row.latest.right, row.latest.graded) == (25, 1, 4)
    assert row.latest.passed is False and row.attempts == 1
    [line] = [line for line in format_table(report).splitlines() if line.startswith("Dee ")]
    assert line.split()[1:3] == ["25%", "25%"] and " fail " in line
    write_csv(report, tmp_path / "class.csv")
    with (tmp_path / "class.csv").open(encoding="utf-8", newline="") as handle:
        [student] = list(csv.DictReader(handle))
    assert (student["latest_percent"], student["passed"]) == ("25", "False")
    [in_json] = json.loads(to_json(report))["students"]
    assert in_json["latest"]["percent"] == 25
    [roster] = ClassWatch(profiles_dir, bank, "class-7").snapshot(later).rows
    assert roster.score == 25
