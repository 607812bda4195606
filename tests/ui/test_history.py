"""Home's history with a long past: the newest attempts without reading the others, older ones on demand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from quizapp.core.history import WINDOW
from quizapp.core.loader import load_checked_bank
from quizapp.core.session import QuizSession, plan_attempt
from quizapp.core.store import ProfileStore
from quizapp.ui.screens.home import HomeScreen

from .conftest import FIXED_NOW, SEEDS, TINY_QUESTIONS, AppFactory, wait_for_screen

PAST = WINDOW + 5
"""Finished attempts in the profile: more than home shows at first."""


def give_past_attempts(profiles_dir: Path, count: int) -> None:
    """Ada, with `count` finished one-question attempts, an hour apart, before FIXED_NOW."""
    from datetime import timedelta

    from responses import right_response

    bank = load_checked_bank(TINY_QUESTIONS, SEEDS)
    now = [FIXED_NOW - timedelta(hours=count)]
    store = ProfileStore(profiles_dir, clock=lambda: now[0])
    with store.open("Ada") as opened:
        for number in range(count):
            now[0] += timedelta(minutes=30)
            plan = plan_attempt(bank, opened.profile, "quick", seed=number, now=store.clock())
            plan.question_ids = plan.question_ids[:1]
            session = QuizSession.start(bank, opened, plan)
            question = session.current()
            assert question is not None
            session.record(right_response(question))


def history_text(app: Any) -> str:
    return str(app.screen.query_one("#history", Static).render())


async def test_home_shows_the_newest_then_older_attempts_on_demand(
    build_app: AppFactory, profiles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest attempts come from their own files only; `o` adds the older ones, read then."""
    give_past_attempts(profiles_dir, PAST)
    read: list[Path] = []
    real = ProfileStore.read_attempt

    def counting(self: ProfileStore, path: Path) -> Any:
        read.append(path)
        return real(self, path)

    monkeypatch.setattr(ProfileStore, "read_attempt", counting)
    app = build_app(profile_name="Ada")
    async with app.run_test(size=(100, 60)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        assert history_text(app).count("Quick quiz") == WINDOW
        assert "Press o for older attempts." in history_text(app)
        assert len(set(read)) == WINDOW  # the newest files, each read, and no other
        newest = {path.stem for path in read}
        read.clear()
        await pilot.press("o")
        await pilot.pause()
        assert history_text(app).count("Quick quiz") == PAST
        assert "Press o for older attempts." not in history_text(app)
        assert len(read) == PAST - WINDOW and not newest & {path.stem for path in read}
        await pilot.press("o")  # nothing older: nothing happens
        await pilot.pause()
        assert history_text(app).count("Quick quiz") == PAST
