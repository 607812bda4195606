"""Pilot scenario: "Move it aside" moves the damaged file it names, never the healthy profile."""

from __future__ import annotations

import tomllib
from pathlib import Path

from quizapp.core.loader import load_checked_bank
from quizapp.core.session import QuizSession, plan_attempt
from quizapp.core.store import ProfileStore
from quizapp.ui.screens.error import ErrorScreen
from quizapp.ui.screens.question import QuestionScreen

from .conftest import SEEDS, TINY_QUESTIONS, AppFactory, fixed_clock, wait_for_screen


async def test_a_broken_attempt_file_is_moved_aside_and_the_profile_kept(
    build_app: AppFactory, profiles_dir: Path
) -> None:
    """A broken current attempt: the attempt file is renamed, profile.toml stays, the quiz starts again."""
    store = ProfileStore(profiles_dir, clock=fixed_clock)
    bank = load_checked_bank(TINY_QUESTIONS, SEEDS)
    with store.open("Jo") as opened:
        plan = plan_attempt(bank, opened.profile, "quick", seed=1, now=store.clock())
        session = QuizSession.start(bank, opened, plan)
        broken = opened.attempt_path(session.attempt.id)
        folder = opened.folder
    damaged = b"answers = [[[\n"
    broken.write_bytes(damaged)
    healthy = (folder / "profile.toml").read_bytes()

    app = build_app(profile_name="Jo", mode="quick")
    told: list[str] = []
    original = app.notify

    def capture(message: str, **kwargs: object) -> None:
        told.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = capture  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ErrorScreen)
        assert broken.name in str(app.screen.query_one("#error-message").render())
        await pilot.click("#move-aside")
        await pilot.pause()
        await pilot.press("y")
        await wait_for_screen(pilot, QuestionScreen)
    assert not any("another quizapp" in message for message in told), told
    assert (folder / "profile.toml").is_file()
    assert not list(folder.glob("profile.toml.corrupt-*"))
    kept = list(broken.parent.glob(f"{broken.name}.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    profile = tomllib.loads((folder / "profile.toml").read_text("utf-8"))
    assert profile["name"] == "Jo"
    assert tomllib.loads(healthy.decode())["created"] == profile["created"]
    assert app.return_code in (None, 0)
