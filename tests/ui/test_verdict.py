"""The verdict in the app: the "Which path fits me?" mode, no verdict after a knowledge quiz, the picture."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, OptionList, Static

from quizapp.core.bank import FitQuestion
from quizapp.core.picture import TITLES_LINE
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.note import NoteScreen
from quizapp.ui.screens.path import PathScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.widgets.verdict import VerdictPicture

from .conftest import REAL_QUESTIONS, AppFactory, answer_current, wait_for_question, wait_for_screen


def fit_key(question: FitQuestion, side: str) -> str:
    """The number key of the option a `side`-minded person picks (least interest in the other's)."""
    points = [getattr(option, side) for option in question.options]
    index = points.index(max(points)) if max(points) else len(points) - 1
    return str(index + 1)


async def answer_fit_until_results(pilot: Pilot[None], side: str) -> int:
    """Answer every question on screen as a `side`-minded person until the results; return how many."""
    asked = 0
    while not isinstance(pilot.app.screen, ResultsScreen):
        screen = pilot.app.screen
        assert isinstance(screen, QuestionScreen)
        question = screen.question
        if isinstance(question, FitQuestion):
            counter = str(screen.query_one("#counter", Static).render())
            assert "until the verdict is sure" in counter
            await pilot.press(fit_key(question, side))
            await pilot.pause()
            asked += 1
        else:
            await answer_current(pilot)
        await pilot.press("n")
        await pilot.pause()
        if not isinstance(pilot.app.screen, QuestionScreen | ResultsScreen):
            await wait_for_screen(pilot, ResultsScreen)
    return asked


def picture_text(screen: object) -> str:
    return str(screen.query_one(VerdictPicture).render())  # type: ignore[attr-defined]


@pytest.mark.parametrize("side", ["engineer", "developer"])
async def test_fit_mode_from_home_reaches_a_sure_verdict(build_app: AppFactory, side: str) -> None:
    """Home offers "Which path fits me?"; a clear person gets that role, strong and sure, in a few
    items, with the line about job titles."""
    app = build_app(profile_name="Eve", questions_dir=REAL_QUESTIONS)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        menu = app.screen.query_one("#menu", OptionList)
        labels = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        fit_index = next(i for i, label in enumerate(labels) if "Which path fits me?" in label)
        menu.highlighted = fit_index
        await pilot.press("enter")
        await wait_for_screen(pilot, QuestionScreen)
        asked = await answer_fit_until_results(pilot, side)
        await wait_for_screen(pilot, ResultsScreen)
        assert asked <= 12
        title = "Backend engineer" if side == "engineer" else "Backend developer"
        text = picture_text(app.screen)
        assert f"{title} fits you better: a strong lean." in text
        assert "How sure: sure." in text and TITLES_LINE in text
        reasons = str(app.screen.query_one("#verdict-reasons", Static).render())
        assert f"toward {side} work" in reasons and reasons.count("•") >= 2
        assert "●" in text and "[" in text and "]" in text
        assert not app.screen.query_one("#to-fit", Button).display
        # Only fit items: no score out of zero, no empty knowledge sections.
        assert "about you noted" in str(app.screen.query_one("#score", Static).render())
        assert not app.screen.query_one("#by-topic", Static).display


async def test_knowledge_quiz_gives_no_verdict_and_offers_fit(build_app: AppFactory) -> None:
    """After a quick quiz: no verdict, said in words, and the fit questions offered (f)."""
    app = build_app(profile_name="Flo", mode="quick")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await wait_for_question(pilot)
        for _ in range(screen.session.total):
            await answer_current(pilot)
            await pilot.press("n")
        await wait_for_screen(pilot, ResultsScreen)
        results = app.screen
        assert "gives no verdict" in str(results.query_one("#lean", Static).render())
        assert not results.query_one("#verdict").display
        assert results.query_one("#to-fit", Button).display
        await pilot.press("f")
        await wait_for_screen(pilot, QuestionScreen)
        question_screen = app.screen
        assert isinstance(question_screen, QuestionScreen)
        assert question_screen.session.attempt.mode == "fit"
        assert isinstance(question_screen.question, FitQuestion)


async def test_path_picture_with_no_color_at_60_columns(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch, profiles_dir: Path
) -> None:
    """NO_COLOR at 60 columns: the line fits, and interval and mark are told by characters alone."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(profile_name="Gus", questions_dir=REAL_QUESTIONS, mode="fit")
    async with app.run_test(size=(60, 24)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await answer_fit_until_results(pilot, "developer")
        await pilot.press("p")
        await wait_for_screen(pilot, PathScreen)
        await pilot.pause()
        # Under 90 columns the path's top says the verdict's sentence whole; v shows the picture.
        assert "Backend developer fits you better: a strong lean." in str(
            app.screen.query_one("#verdict-short", Static).render()
        )
        await pilot.press("v")
        await wait_for_screen(pilot, NoteScreen)
        await pilot.pause()
        widget = app.screen.query_one(VerdictPicture)
        line = picture_text(app.screen).splitlines()[0]
        assert line.startswith("Developer ") and line.endswith(" Engineer")
        assert len(line) <= widget.content_size.width <= 60
        assert "●" in line and "[" in line and "]" in line
        assert "Backend developer fits you better: a strong lean." in picture_text(app.screen)


async def test_home_tells_of_answers_to_retired_questions(
    build_app: AppFactory, profiles_dir: Path
) -> None:
    """An old profile's answers to retired questions (a self-rating, an earlier fit item: the
    bank's retired.toml names them) are counted on home, with what to answer instead; the attempt
    file keeps them."""
    from quizapp.core.loader import load_checked_bank
    from quizapp.core.profile import Answer
    from quizapp.core.session import new_attempt
    from quizapp.core.store import ProfileStore

    from .conftest import FIXED_NOW, SEEDS, TINY_QUESTIONS, fixed_clock

    bank = load_checked_bank(TINY_QUESTIONS, SEEDS)
    store = ProfileStore(profiles_dir, clock=fixed_clock)
    with store.open("Hal") as opened:
        attempt = new_attempt(bank, ["tiny-duty-single"], "full", seed=1, started=FIXED_NOW)
        for question_id in ("skill-rate-security-confidence", "tiny-old-fit-choice"):
            attempt.answers.append(
                Answer(question_id=question_id, response=1, answered_at=FIXED_NOW, version="x")
            )
        opened.save_attempt(attempt)
        saved = opened.attempt_path(attempt.id)
    app = build_app(profile_name="Hal")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, HomeScreen)
        history = str(app.screen.query_one("#history", Static).render())
        assert "1 earlier self-rating answer no longer counts" in history
        assert (
            'Your 1 answer to earlier "Which path fits me?" questions no longer counts' in history
        )
        assert "They are kept in your files" in history
    kept = saved.read_text(encoding="utf-8")
    assert "skill-rate-security-confidence" in kept and "tiny-old-fit-choice" in kept


async def test_neither_is_said_on_the_results_screen(build_app: AppFactory) -> None:
    """All "neither" and "not at all" in the app: neither path, never "both fit", with what it
    may mean and the line about job titles."""
    app = build_app(profile_name="Nia", questions_dir=REAL_QUESTIONS, mode="fit")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        while not isinstance(app.screen, ResultsScreen):
            screen = app.screen
            assert isinstance(screen, QuestionScreen) and isinstance(screen.question, FitQuestion)
            await pilot.press(str(len(screen.question.options)))
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            if not isinstance(app.screen, QuestionScreen | ResultsScreen):
                await wait_for_screen(pilot, ResultsScreen)
        text = picture_text(app.screen)
        assert "Neither path draws you much" in text
        assert "front end" in text and TITLES_LINE in text
        assert "fit you" not in text.split("\n")[2]
