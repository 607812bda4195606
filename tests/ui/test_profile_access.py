"""Pilot scenarios: a name that folds onto another profile is asked about; a profile that cannot be written opens read-only."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from quizapp.core.store import ProfileStore
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.welcome import WelcomeScreen

from .conftest import AppFactory, fixed_clock, wait_for_screen


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (the lock file aside)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def make_profile(profiles_dir: Path, name: str) -> None:
    with ProfileStore(profiles_dir, clock=fixed_clock).open(name):
        pass


async def test_the_welcome_screen_says_who_a_folded_name_belongs_to(
    build_app: AppFactory, profiles_dir: Path
) -> None:
    """Typing 'strasse' when 'Straße' exists: the form names Straße and asks whether that is you."""
    make_profile(profiles_dir, "Straße")
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, WelcomeScreen)
        app.screen.query_one("#name", Input).focus()
        app.screen.query_one("#name", Input).value = "strasse"
        await pilot.press("enter")
        await pilot.pause()
        message = str(app.screen.query_one("#welcome-error", Static).render())
        assert "A profile named Straße already exists in this folder; is that you?" in message
        assert isinstance(app.screen, WelcomeScreen)
    assert [path.name for path in profiles_dir.iterdir()] == ["strasse"]


@pytest.mark.parametrize("answer", ["y", "escape"])
async def test_profile_option_with_a_folded_name_asks_first(
    build_app: AppFactory, profiles_dir: Path, answer: str
) -> None:
    """`--profile ſam` when Sam exists asks 'is that you?'; yes opens Sam's profile, no exits 1 saying why."""
    make_profile(profiles_dir, "Sam")
    before = files_of(profiles_dir)
    app = build_app(profile_name="ſam")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ConfirmScreen)
        assert "A profile named Sam already exists in this folder; is that you?" in str(
            app.screen.query_one(Static).render()
        )
        await pilot.press(answer)
        if answer == "y":
            await wait_for_screen(pilot, HomeScreen)
            assert app.person is not None and app.person.profile.name == "Sam"
        else:
            await pilot.pause()
    if answer == "escape":
        assert app.return_code == 1
        assert files_of(profiles_dir) == before


async def test_a_profile_that_cannot_be_locked_opens_read_only_with_quizzes_off(
    build_app: AppFactory, profiles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only folder: home opens (read-only, said so), a quiz is refused with the reason, no file changes."""
    make_profile(profiles_dir, "Uma")
    before = files_of(profiles_dir)
    import filelock

    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EROFS, "Read-only file system", "profiles/uma/.lock")

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    app = build_app(profile_name="Uma")
    told: list[str] = []
    original = app.notify

    def capture(message: str, **kwargs: object) -> None:
        told.append(message)
        original(message, **kwargs)  # type: ignore[arg-type]

    app.notify = capture  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        assert any("read-only" in message for message in told), told
        await pilot.press("down", "enter")  # Quick
        await pilot.pause()
        await pilot.pause()
        assert not isinstance(app.screen, QuestionScreen)
        assert any("Quizzes are off" in message for message in told), told
    assert files_of(profiles_dir) == before


async def test_a_full_disk_when_creating_a_profile_gives_a_clear_message(
    build_app: AppFactory, profiles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--profile New` on a full disk: the error screen says why and what to do; quitting exits 1."""
    from quizapp.core import store as store_module
    from quizapp.ui.screens.error import ErrorScreen

    def full(folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder))

    monkeypatch.setattr(store_module, "make_dirs", full)
    app = build_app(profile_name="New")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, ErrorScreen)
        message = str(app.screen.query_one("#error-message", Static).render())
        assert "disk is full" in message and "--profiles" in message
        assert not app.screen.query("#move-aside")  # nothing damaged: nothing to move
        await pilot.press("q")
    assert app.return_code == 1
    assert not profiles_dir.exists()
