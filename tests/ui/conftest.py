"""Fixtures and helpers for Pilot scenarios: an app on the tiny bank, a fixed clock, key helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from quizapp.core.bank import ROLES, MultiQuestion, RoleQuestion, SingleQuestion, TrueFalseQuestion
from quizapp.core.store import ProfileStore
from quizapp.ui.app import QuizApp, make_app
from quizapp.ui.screens.question import QuestionScreen

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
TINY_QUESTIONS = TESTS / "data" / "tiny_bank" / "questions"
REAL_QUESTIONS = REPO / "questions"
SEEDS = REPO / "seeds"
FIXED_NOW = datetime(2026, 11, 22, 9, 30, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    """A clock that always says 2026-11-22 09:30 UTC."""
    return FIXED_NOW


AppFactory = Callable[..., QuizApp]


@pytest.fixture
def profiles_dir(tmp_path: Path) -> Path:
    """A fresh profiles folder."""
    return tmp_path / "profiles"


@pytest.fixture
def build_app(profiles_dir: Path) -> AppFactory:
    """Build the app the way the CLI does, on the tiny bank, a fixed clock and a still timer."""

    def build(**options: object) -> QuizApp:
        options.setdefault("questions_dir", TINY_QUESTIONS)
        options.setdefault("seeds_dir", SEEDS)
        options.setdefault("profiles_dir", profiles_dir)
        folder = options["profiles_dir"]
        assert isinstance(folder, Path)
        options.setdefault("store", ProfileStore(folder, clock=fixed_clock))
        options.setdefault("monotonic", lambda: 0.0)
        options.setdefault("seed", 7)
        return make_app(**options)  # type: ignore[arg-type]

    return build


async def wait_for_screen(pilot: Pilot[None], kind: type, tries: int = 200) -> None:
    """Let the app run until a screen of `kind` is on top (bank loading runs in a thread)."""
    for _ in range(tries):
        if isinstance(pilot.app.screen, kind):
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"expected {kind.__name__}, still on {type(pilot.app.screen).__name__}")


async def wait_for_question(pilot: Pilot[None]) -> QuestionScreen:
    """Let the app run until a question is on screen, and return that screen."""
    await wait_for_screen(pilot, QuestionScreen)
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


def answer_keys(screen: QuestionScreen, *, right: bool) -> list[str]:
    """The keys that answer the question on screen rightly (or wrongly)."""
    question = screen.question
    assert question is not None
    order = screen.session.display_order(question)
    if isinstance(question, SingleQuestion):
        target = question.answer if right else (question.answer + 1) % len(question.choices)
        return [str(order.index(target) + 1)]
    if isinstance(question, MultiQuestion):
        picks = question.answers if right else question.answers[:1]
        if not right and len(question.answers) == 1:
            picks = [(question.answers[0] + 1) % len(question.choices)]
        return [str(order.index(index) + 1) for index in picks] + ["enter"]
    if isinstance(question, TrueFalseQuestion):
        return ["1" if question.answer == right else "2"]
    if isinstance(question, RoleQuestion):
        index = ROLES.index(question.answer)
        return [str((index if right else (index + 1) % 3) + 1)]
    return ["1"]


async def answer_current(pilot: Pilot[None], *, right: bool = True) -> None:
    """Answer the question on screen by keyboard and wait for its feedback (an answer with no
    right or wrong goes on at once, with no feedback to wait for)."""
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    given = len(screen.session.attempt.answers)
    await pilot.press(*answer_keys(screen, right=right))
    await pilot.pause()
    assert len(screen.session.attempt.answers) == given + 1, "the answer was not taken"
    assert screen.answered or screen.last_note is not None
