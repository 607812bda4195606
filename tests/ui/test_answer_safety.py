"""Pilot scenarios: an answer is recorded only for the question on screen, only once, and a failed save says so."""

from __future__ import annotations

import errno
import tomllib
from pathlib import Path
from typing import Any

import pytest

from quizapp.core import store as store_module
from quizapp.core.bank import MultiQuestion
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.widgets.choices import ChoiceList

from .conftest import AppFactory, answer_current, answer_keys, wait_for_question, wait_for_screen


def saved_attempt(profiles_dir: Path, key: str) -> dict[str, Any]:
    """The person's latest attempt file, parsed."""
    paths = sorted((profiles_dir / key / "attempts").glob("*.toml"))
    return tomllib.loads(paths[-1].read_text("utf-8"))


def saved_profile(profiles_dir: Path, key: str) -> dict[str, Any]:
    """The person's profile file, parsed."""
    return tomllib.loads((profiles_dir / key / "profile.toml").read_text("utf-8"))


class FailingWrites:
    """Replaces the store's atomic_write: while armed, writing the named file fails with ENOSPC."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, file: str) -> None:
        self.file = file
        self.armed = False
        self.failures = 0
        self._real = store_module.atomic_write
        monkeypatch.setattr(store_module, "atomic_write", self)

    def __call__(self, path: Path, data: bytes, *, durable: bool = True) -> None:
        target = "profile" if path.name == "profile.toml" else "attempt"
        if self.armed and target == self.file:
            self.failures += 1
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        self._real(path, data, durable=durable)


def capture_notices(app: Any) -> list[str]:
    """Every notification the app shows from now on."""
    told: list[str] = []
    original = app.notify

    def capture(message: str, **kwargs: object) -> None:
        told.append(message)
        original(message, **kwargs)

    app.notify = capture
    return told


@pytest.mark.parametrize("file", ["attempt", "profile"])
async def test_a_failed_save_is_not_recorded_and_the_retry_answers_the_same_question(
    build_app: AppFactory, profiles_dir: Path, monkeypatch: pytest.MonkeyPatch, file: str
) -> None:
    """Disk full: 'NOT saved' and why; the retry answers the same question; the next one (another kind) works."""
    faults = FailingWrites(monkeypatch, file)
    app = build_app(profile_name="Ed", mode="quick")
    told = capture_notices(app)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_question(pilot)
        session = screen.session
        ids = session.question_ids
        kinds = [session.bank[qid].kind for qid in ids]
        # go to a question followed by one of another kind
        target = next(i for i in range(len(ids) - 1) if kinds[i] != kinds[i + 1])
        for _ in range(target):
            await answer_current(pilot)
            await pilot.press("n")
        question = screen.question
        assert question is not None and question.id == ids[target]

        faults.armed = True
        await pilot.press(*answer_keys(screen, right=False))
        await pilot.pause()
        faults.armed = False
        assert faults.failures == 1
        assert not screen.answered
        assert any("NOT saved" in m and "disk is full" in m for m in told), told
        assert len(session.attempt.answers) == target
        answers = saved_attempt(profiles_dir, "ed")["answers"]
        assert [a["question_id"] for a in answers] == ids[:target]
        assert saved_profile(profiles_dir, "ed")["answers_total"] == target

        await answer_current(pilot, right=True)
        answers = saved_attempt(profiles_dir, "ed")["answers"]
        assert [a["question_id"] for a in answers] == ids[: target + 1]
        assert saved_profile(profiles_dir, "ed")["answers_total"] == target + 1

        await pilot.press("n")
        assert screen.question is not None and screen.question.id == ids[target + 1]
        assert screen.question.kind != question.kind
        await answer_current(pilot)  # the choices of the other kind are not locked
        answers = saved_attempt(profiles_dir, "ed")["answers"]
        assert [a["question_id"] for a in answers] == ids[: target + 2]


@pytest.mark.parametrize("file", ["attempt", "profile"])
async def test_a_failed_save_on_the_last_question_leaves_it_to_answer_again(
    build_app: AppFactory, profiles_dir: Path, monkeypatch: pytest.MonkeyPatch, file: str
) -> None:
    """On the last question a failed save (attempt or profile) leaves the quiz open; the retry finishes it."""
    faults = FailingWrites(monkeypatch, file)
    app = build_app(profile_name="Flo", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_question(pilot)
        total = screen.session.total
        for _ in range(total - 1):
            await answer_current(pilot)
            await pilot.press("n")
        last = screen.question
        assert last is not None
        faults.armed = True
        await pilot.press(*answer_keys(screen, right=True))
        await pilot.pause()
        faults.armed = False
        assert not screen.answered
        attempt = saved_attempt(profiles_dir, "flo")
        assert attempt["status"] == "active" and len(attempt["answers"]) == total - 1
        assert saved_profile(profiles_dir, "flo")["current_attempt"] == attempt["id"]
        await answer_current(pilot, right=True)
        await pilot.press("n")
        await wait_for_screen(pilot, ResultsScreen)
    attempt = saved_attempt(profiles_dir, "flo")
    assert attempt["status"] == "finished"
    assert [a["question_id"] for a in attempt["answers"]][-1] == last.id
    assert len(attempt["answers"]) == total
    profile = saved_profile(profiles_dir, "flo")
    assert "current_attempt" not in profile and profile["answers_total"] == total


def _go_to_single_choice(screen: QuestionScreen) -> bool:
    question = screen.question
    return question is not None and not isinstance(question, MultiQuestion)


@pytest.mark.parametrize("pause_between", [False, True], ids=["at-once", "after-draw"])
async def test_enter_twice_on_the_feedback_never_answers_the_next_question(
    build_app: AppFactory, profiles_dir: Path, pause_between: bool
) -> None:
    """The second Enter lands on a question nobody has looked at: it answers nothing."""
    app = build_app(profile_name="Gus", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_question(pilot)
        # answer questions until the next one is a single-pick (where Enter would pick)
        while True:
            await answer_current(pilot)
            following = screen.session.current()
            if following is not None and not isinstance(following, MultiQuestion):
                break
            await pilot.press("n")
        before = len(screen.session.attempt.answers)
        if pause_between:
            await pilot.press("enter")
            await pilot.pause()
            await pilot.pause()
            await pilot.press("enter")
        else:
            await pilot.press("enter", "enter")
        await pilot.pause()
        assert screen.question is not None and screen.question.id == following.id
        assert not screen.answered
        assert len(screen.session.attempt.answers) == before
        assert len(saved_attempt(profiles_dir, "gus")["answers"]) == before
        # a number key still answers at once
        await pilot.press(*answer_keys(screen, right=True))
        await pilot.pause()
        assert screen.answered
        assert saved_attempt(profiles_dir, "gus")["answers"][-1]["question_id"] == following.id


async def test_enter_answers_the_choice_the_person_moved_to(
    build_app: AppFactory, profiles_dir: Path
) -> None:
    """Arrows then Enter answer the highlighted choice (the choice moved to, not the first)."""
    app = build_app(profile_name="Hal", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_question(pilot)
        while not _go_to_single_choice(screen):
            await answer_current(pilot)
            await pilot.press("n")
        choices = screen.query_one(ChoiceList)
        await pilot.press("enter")  # not moved yet: nothing
        await pilot.pause()
        assert not screen.answered
        await pilot.press("down", "enter")
        await pilot.pause()
        assert screen.answered
        expected = choices.choices[1][1]
        assert saved_attempt(profiles_dir, "hal")["answers"][-1]["response"] == expected


async def test_keys_before_the_question_is_drawn_are_dropped(
    build_app: AppFactory, profiles_dir: Path
) -> None:
    """A number key that arrives between Next and the new question's first paint answers nothing."""
    app = build_app(profile_name="Ivy", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_question(pilot)
        await answer_current(pilot)
        before = len(screen.session.attempt.answers)
        screen.action_next()
        screen.action_pick(1)  # before any refresh: the new list is not drawn yet
        screen.query_one(ChoiceList).action_select()
        await pilot.pause()
        await pilot.pause()
        assert not screen.answered
        assert len(saved_attempt(profiles_dir, "ivy")["answers"]) == before
        await pilot.press(*answer_keys(screen, right=True))
        await pilot.pause()
        assert screen.answered
