"""Screens post messages and the app routes them: what the flow says on the way arrives with the screen
it belongs to (a time-up toast on the results, "saved" on home), and a late answer is not recorded."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

from quizapp.core.store import ProfileStore
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.results import ResultsScreen

from .conftest import (
    FIXED_NOW,
    AppFactory,
    answer_current,
    answer_keys,
    wait_for_question,
    wait_for_screen,
)
from .test_classroom import MovableClock, write_pack


def toasts(app: object) -> list[str]:
    """The messages of the toasts showing now."""
    return [note.message for note in app._notifications]  # type: ignore[attr-defined]


async def test_the_teachers_end_is_said_on_the_results(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """The question screen asks for the results with the flow's words; they stay once there."""
    from quizapp.core.classcontrol import ControlStore

    pack = write_pack(tmp_path, time_limit_minutes=10)
    clock = MovableClock()
    app = build_app(
        pack_path=pack, profile_name="Ola", store=ProfileStore(profiles_dir, clock=clock)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_question(pilot)
        ControlStore(profiles_dir).end_quiz("class-7", clock.now)
        await wait_for_screen(pilot, ResultsScreen, tries=150)
        await pilot.pause()
        assert "Your teacher ended the quiz: your answers are saved." in toasts(app)


async def test_an_answer_after_the_end_is_not_recorded(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """The time runs out between two ticks of the countdown: the key press records nothing."""
    pack = write_pack(tmp_path, time_limit_minutes=10)
    clock = MovableClock()
    app = build_app(
        pack_path=pack, profile_name="Pat", store=ProfileStore(profiles_dir, clock=clock)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_question(pilot)
        keys = answer_keys(screen, right=True)
        clock.now = FIXED_NOW + timedelta(minutes=10)
        await pilot.press(*keys)
        await wait_for_screen(pilot, ResultsScreen)
        await pilot.pause()
        assert any("came after the end, so it was not recorded" in m for m in toasts(app))
    attempt_file = next((profiles_dir / "pat" / "attempts").glob("*.toml"))
    attempt = tomllib.loads(attempt_file.read_text("utf-8"))
    assert attempt["status"] == "timed_out" and attempt.get("answers", []) == []


async def test_leaving_says_on_home_that_every_answer_is_saved(build_app: AppFactory) -> None:
    """q on a question: home, with the flow's words about what is saved."""
    app = build_app(profile_name="Lea", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_question(pilot)
        await answer_current(pilot)
        await pilot.press("q")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.pause()
        assert "Your 1 answer is saved. Choose Resume to carry on where you left off." in toasts(
            app
        )
