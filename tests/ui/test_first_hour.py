"""Issue 15, the first hour: context stays on screen, every size works, keys shown are keys that work."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from quizapp.core.bank import MultiQuestion
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.widgets.choices import ChoiceList

from .conftest import AppFactory, answer_current, wait_for_question, wait_for_screen


def one_question_pack(folder: Path, question_id: str, *, shuffle: bool = True) -> Path:
    """A class pack of one question (feedback straight away), to reach a given kind."""
    path = folder / f"pack-{question_id}.toml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'id = "one-{question_id}"\ntitle = "One"\nquestions = ["{question_id}"]\n'
        f"shuffle_choices = {'true' if shuffle else 'false'}\n"
        'start = "immediate"\nfeedback = "immediate"\n',
        encoding="utf-8",
    )
    return path


def visible(screen: object, selector: str) -> bool:
    """Whether the widget's top line is inside the terminal and inside every scrolling parent."""
    widget = screen.query_one(selector)  # type: ignore[attr-defined]
    region = widget.region
    if not region.height or not widget.display:
        return False
    screen_region = widget.screen.region
    if not screen_region.contains(region.x, region.y):
        return False
    parent = widget.parent
    while parent is not None and parent is not widget.screen:
        if parent.region.height and not parent.region.contains(region.x, region.y):
            return False
        parent = parent.parent
    return True


def option_texts(screen: QuestionScreen) -> list[str]:
    """The choice lines as shown, marks included."""
    choices = screen.query_one(ChoiceList)
    return [choices.line_text(i) for i in range(choices.option_count)]


class TestContextStaysOnScreen:
    """The question, its counter and the choices stay visible beside the feedback."""

    @pytest.mark.parametrize("size", [(80, 24), (100, 30), (60, 20)])
    async def test_question_counter_choices_and_feedback_all_show(
        self, build_app: AppFactory, size: tuple[int, int]
    ) -> None:
        """After a wrong answer the counter, progress, prompt, choices and verdict are all on screen."""
        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=size) as pilot:
            screen = await wait_for_question(pilot)
            for _ in range(3):  # a few kinds, each with its feedback
                await answer_current(pilot, right=False)
                await pilot.pause(0.1)
                for selector in ("#counter", "#progress", "#feedback"):
                    assert visible(screen, selector), selector
                if size != (60, 20):  # at 60x20 the prompt may scroll inside its own box
                    assert visible(screen, "#prompt")
                    assert visible(screen, ChoiceList)
                await pilot.press("n")
                await pilot.pause()

    async def test_the_right_choice_is_marked_in_the_list(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """A wrong single answer: the right choice says so, and the one picked says it was wrong."""
        pack = one_question_pack(profiles_dir.parent, "tiny-duty-single")
        app = build_app(profile_name="Ada", pack_path=pack)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            assert not any("✓" in line for line in option_texts(screen))
            await answer_current(pilot, right=False)
            lines = option_texts(screen)
            question = screen.question
            assert question is not None
            order = screen.session.display_order(question)
            right_line = lines[order.index(question.answer)]  # type: ignore[union-attr]
            assert "✓ right answer" in right_line
            assert sum("✗ your answer" in line for line in lines) == 1

    async def test_each_tick_of_a_multi_select_is_marked_and_answers_follow_the_order_shown(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """A partly right multi-select marks every tick right or wrong, and lists answers as shown."""
        pack = one_question_pack(profiles_dir.parent, "tiny-skill-multi")
        app = build_app(profile_name="Ada", pack_path=pack, seed=3)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            question = screen.question
            assert isinstance(question, MultiQuestion)
            order = screen.session.display_order(question)
            assert order != sorted(order), "the seed must shuffle, or the order proves nothing"
            wrong = next(i for i in range(len(question.choices)) if i not in question.answers)
            ticks = [question.answers[0], wrong]
            await pilot.press(*[str(order.index(i) + 1) for i in ticks], "enter")
            await pilot.pause()
            lines = option_texts(screen)
            assert "✓ right tick" in lines[order.index(question.answers[0])]
            assert "✗ wrong tick" in lines[order.index(wrong)]
            for index in question.answers[1:]:
                assert "✓ right, not ticked" in lines[order.index(index)]
            feedback = str(screen.query_one("#feedback", Static).render())
            shown = [question.choices[i] for i in order if i in question.answers]
            assert "The right answer: " + "; ".join(shown) in feedback


class TestEverySize:
    """Below the minimum a clear screen says so; at the minimum every screen works."""

    async def test_too_small_says_how_big_and_goes_away(self, build_app: AppFactory) -> None:
        """At 40x15 a screen asks for 60x20 and keys do nothing; at 60x20 the welcome is back."""
        from quizapp.ui.screens.too_small import TooSmallScreen
        from quizapp.ui.screens.welcome import WelcomeScreen

        app = build_app()
        async with app.run_test(size=(40, 15)) as pilot:
            await wait_for_screen(pilot, TooSmallScreen)
            text = str(app.screen.query_one("#too-small-text", Static).render())
            assert "at least 60x20" in text and "40x15" in text
            await pilot.press("question_mark", "x")
            assert isinstance(app.screen, TooSmallScreen)
            await pilot.resize_terminal(60, 20)
            await wait_for_screen(pilot, WelcomeScreen)
            await pilot.resize_terminal(59, 30)
            await wait_for_screen(pilot, TooSmallScreen)

    async def test_a_screen_change_while_too_small_stays_covered(
        self, build_app: AppFactory
    ) -> None:
        """The quiz opening under the too-small screen does not uncover it."""
        from quizapp.ui.screens.too_small import TooSmallScreen

        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(50, 15)) as pilot:
            await pilot.pause(0.5)
            await wait_for_screen(pilot, TooSmallScreen)
            assert any(isinstance(screen, QuestionScreen) for screen in app.screen_stack)
            await pilot.resize_terminal(80, 24)
            await wait_for_screen(pilot, QuestionScreen)

    async def test_welcome_error_shows_at_60x20_and_typing_needs_no_tab(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """With many profiles, typing a bad name on the list fills the field; its error is in view."""
        from quizapp.core.store import ProfileStore
        from quizapp.ui.screens.welcome import WelcomeScreen

        profiles = ProfileStore(profiles_dir)
        for name in ("Ada", "Ben", "Cy", "Dee", "Eve", "Fay", "Gus"):
            profiles.open(name).close()
        app = build_app()
        async with app.run_test(size=(60, 20)) as pilot:
            await wait_for_screen(pilot, WelcomeScreen)
            screen = app.screen
            assert screen.focused is screen.query_one("#profiles")
            await pilot.press("!")
            await pilot.pause()
            await pilot.press(*"ok", "enter")
            await pilot.pause(0.1)
            assert screen.query_one("#name").value == "!ok"  # type: ignore[attr-defined]
            assert "cannot be used" in str(screen.query_one("#welcome-error", Static).render())
            assert visible(screen, "#welcome-error")
            assert visible(screen, "#name")


class TestNarrowLearningPath:
    """At 60x20 the learning path is a list, then a step's details, not two cramped columns."""

    async def test_list_then_details_then_back(self, build_app: AppFactory, tmp_path: Path) -> None:
        """Enter opens the highlighted step full width; Escape goes back to the list; wide is side by side."""
        import shutil

        from quizapp.ui.screens.home import HomeScreen
        from quizapp.ui.screens.path import PathScreen

        from .conftest import REAL_QUESTIONS, TINY_QUESTIONS

        bank = tmp_path / "bank"
        bank.mkdir()
        shutil.copy(TINY_QUESTIONS / "tiny.toml", bank)
        shutil.copy(REAL_QUESTIONS / "paths.toml", bank)
        app = build_app(profile_name="Ada", questions_dir=bank)
        async with app.run_test(size=(60, 20)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            screen = app.screen
            steps, details = screen.query_one("#steps"), screen.query_one("#step-detail-scroll")
            assert steps.display and not details.display
            assert steps.region.width >= 50  # the titles get the width
            await pilot.press("down", "enter")
            await pilot.pause()
            assert details.display and not steps.display
            text = str(screen.query_one("#step-detail", Static).render())
            assert "Learn:" in text and "document (" in text  # a source named as everywhere
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, PathScreen)
            assert steps.display and not details.display
            await pilot.resize_terminal(120, 30)
            await pilot.pause()
            assert steps.display and details.display


def active_keys(screen: object) -> set[str]:
    """The keys the footer offers on a screen now (bindings whose action is allowed)."""
    return {
        binding.binding.key
        for binding in screen.active_bindings.values()  # type: ignore[attr-defined]
        if binding.enabled and binding.binding.show
    }


class TestKeysShownWork:
    """The footer and the palette offer only what works on that screen, in that state."""

    async def test_next_only_after_an_answer(self, build_app: AppFactory) -> None:
        """No `n Next` before answering; no choosing after."""
        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            assert "n" not in active_keys(app.screen)
            assert "1" in active_keys(app.screen)
            await answer_current(pilot, right=True)
            assert "n" in active_keys(app.screen)
            assert "1" not in active_keys(app.screen)

    @pytest.mark.parametrize(
        ("size", "before", "after", "palette"),
        [
            pytest.param((100, 30), " 1-{count} Choose ", " n/enter Next ", True, id="wide"),
            pytest.param(
                (60, 20), "1-{count} Choose ", "n/enter Next ", False, id="narrow-compact"
            ),
        ],
    )
    async def test_footer_draws_the_keys_that_work(
        self,
        build_app: AppFactory,
        size: tuple[int, int],
        before: str,
        after: str,
        palette: bool,
    ) -> None:
        """The footer line follows the keys: Choose before an answer, Next after; ^p only when wide."""
        from quizapp.ui.widgets.fit_footer import FitFooter

        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=size) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            await pilot.pause()
            footer = app.screen.query_one(FitFooter)
            line = str(footer.render())
            screen = app.screen
            assert isinstance(screen, QuestionScreen)
            count = len(
                screen.query_one(ChoiceList).choices
            )  # the range of this question's choices
            assert before.format(count=count) in line and "Next" not in line
            assert ("^p palette" in line) is palette
            await answer_current(pilot, right=True)
            await pilot.pause()
            line = str(footer.render())
            assert after in line and "Choose" not in line
            assert len(line) <= size[0]

    async def test_clicking_a_key_in_the_footer_presses_it(self, build_app: AppFactory) -> None:
        """A click on `n Next` goes to the next question, as pressing n does."""
        from quizapp.ui.widgets.fit_footer import FitFooter

        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            await answer_current(pilot, right=True)
            await pilot.pause()
            footer = screen.query_one(FitFooter)
            footer.render()
            (hint,) = [hint for hint in footer.hints if hint.key == "n"]
            assert screen.session.position == 1
            await pilot.click(FitFooter, offset=(hint.start + 1, 0))
            await pilot.pause()
            assert not screen.answered  # the next question is up, waiting for an answer
            counter = screen.query_one("#counter", Static).render()
            assert "Question 2 of" in str(counter)

    async def test_class_quiz_offers_no_path_and_no_review_with_nothing_missed(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """In a class quiz home and results show no `p` or `c`; with no miss, results show no `r`."""
        from quizapp.ui.screens.home import HomeScreen
        from quizapp.ui.screens.results import ResultsScreen

        pack = one_question_pack(profiles_dir.parent, "tiny-duty-single")
        app = build_app(profile_name="Ada", pack_path=pack)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            await answer_current(pilot, right=True)
            await pilot.press("n")
            await wait_for_screen(pilot, ResultsScreen)
            await pilot.pause(0.1)
            keys = active_keys(app.screen)
            assert not keys & {"p", "c", "r"}, keys
            assert not app.screen.query_one("#to-review").display
            assert not app.screen.query_one("#to-path").display
            titles = {command.title for command in app.get_system_commands(app.screen)}
            assert "Screenshot" not in titles and "Learning path" not in titles
            await pilot.press("h")
            await wait_for_screen(pilot, HomeScreen)
            assert not active_keys(app.screen) & {"p", "c"}

    async def test_results_offer_review_only_with_misses(self, build_app: AppFactory) -> None:
        """A quick quiz with misses: `r Review misses` and `p Learning path` are offered."""
        from quizapp.ui.screens.results import ResultsScreen

        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            for _ in range(screen.session.total):
                await answer_current(pilot, right=False)
                await pilot.press("n")
            await wait_for_screen(pilot, ResultsScreen)
            await pilot.pause(0.1)
            assert {"p", "r"} <= active_keys(app.screen)
            assert app.screen.query_one("#to-review").display


class TestChoicesNotSurprises:
    """Choosing the mode of an unfinished attempt asks; the old one is kept as abandoned."""

    async def test_same_mode_asks_resume_or_start_again(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Quick again from home: the dialog; `a` starts a new quick quiz, the old one abandoned."""
        import tomllib

        from quizapp.ui.screens.confirm import ResumeOrAfresh
        from quizapp.ui.screens.home import HomeScreen

        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            await answer_current(pilot)
            await pilot.press("q")
            await wait_for_screen(pilot, HomeScreen)
            menu = app.screen.query_one("#menu")
            labels = [str(option.prompt) for option in menu.options]  # type: ignore[attr-defined]
            assert labels[0] == "Resume: Quick quiz (1 of 10 answered)"
            menu.highlighted = next(i for i, t in enumerate(labels) if t.startswith("Quick quiz"))  # type: ignore[attr-defined]
            await pilot.press("enter")
            await wait_for_screen(pilot, ResumeOrAfresh)
            await pilot.press("a")
            screen = await wait_for_question(pilot)
            assert screen.session.position == 0
        folder = profiles_dir / "ada" / "attempts"
        attempts = [tomllib.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.toml"))]
        assert sorted(a["status"] for a in attempts) == ["abandoned", "active"]
        assert [a["mode"] for a in attempts] == ["quick", "quick"]


class TestWordsAndProgress:
    """Home names modes in words, shows local times, labels its trend, and shows progress."""

    @pytest.mark.first
    async def test_home_history_trend_and_progress(
        self, build_app: AppFactory, tmp_path: Path, profiles_dir: Path
    ) -> None:
        """After two full assessments and a topic quiz: words, a labelled full-only trend, progress."""
        import shutil
        from datetime import timedelta

        from quizapp.core.formats import when_words
        from quizapp.core.store import ProfileStore
        from quizapp.ui.screens.home import HomeScreen
        from quizapp.ui.screens.results import ResultsScreen

        from .conftest import FIXED_NOW, REAL_QUESTIONS, TINY_QUESTIONS

        bank = tmp_path / "bank"
        bank.mkdir()
        shutil.copy(TINY_QUESTIONS / "tiny.toml", bank)
        shutil.copy(REAL_QUESTIONS / "paths.toml", bank)
        runs = (("full", True), ("topic:tools", False), ("full", False))
        for hours, (mode, right) in enumerate(runs):
            moment = FIXED_NOW + timedelta(hours=hours)
            app = build_app(
                profile_name="Ada",
                mode=mode,
                questions_dir=bank,
                store=ProfileStore(profiles_dir, clock=lambda moment=moment: moment),
            )
            async with app.run_test(size=(100, 30)) as pilot:
                screen = await wait_for_question(pilot)
                # A full assessment adds its "which path fits" items one at a time, until sure.
                for _ in range(60):
                    if not isinstance(app.screen, QuestionScreen):
                        break
                    await answer_current(pilot, right=right)
                    await pilot.press("n")
                    await pilot.pause()
                await wait_for_screen(pilot, ResultsScreen)
                if mode == "full" and not right:
                    assert "about you noted" in str(app.screen.query_one("#score").render())
        app = build_app(profile_name="Ada", questions_dir=bank)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.pause(0.1)
            screen = app.screen
            history = str(screen.query_one("#history", Static).render())
            assert "By topic: tools" in history and "Full assessment" in history
            assert "topic:tools" not in history
            assert when_words(FIXED_NOW, FIXED_NOW) in history
            label = str(screen.query_one("#scores-label", Static).render())
            assert label.startswith("Full assessment scores") and "2 of the last" in label
            assert screen.query_one("#scores").data[0] > screen.query_one("#scores").data[-1]  # type: ignore[attr-defined]
            progress = str(screen.query_one("#home-progress", Static).render())
            assert "of 12 steps done" in progress or "of 11 steps done" in progress
            assert "next: " in progress
            assert "Knowledge per area" in progress and "%" in progress


class TestReviewAndToasts:
    """A review says it is one and when each question returns; toasts stay with their screen."""

    async def test_review_says_so_and_when_the_question_comes_back(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Miss questions, then review: the head says review, the feedback gives the due time."""
        from quizapp.core.formats import when_words
        from quizapp.core.store import ProfileStore

        from .conftest import FIXED_NOW

        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            assert "Review" not in str(screen.query_one("#where", Static).render())
            for _ in range(screen.session.total):
                await answer_current(pilot, right=False)
                await pilot.press("n")
            await pilot.pause(0.2)
        later = FIXED_NOW.replace(day=FIXED_NOW.day + 1)
        app = build_app(
            profile_name="Ada",
            mode="review",
            store=ProfileStore(profiles_dir, clock=lambda: later),
        )
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            assert str(screen.query_one("#where", Static).render()).startswith(
                "Review of a missed question"
            )
            question = screen.question
            assert question is not None
            await answer_current(pilot, right=True)
            due = screen.session.profile.profile.review[question.id].due
            assert due > later
            feedback = str(screen.query_one("#feedback", Static).render())
            assert f"Comes back for review: {when_words(due, later)}" in feedback

    async def test_a_toast_does_not_outlive_its_screen(self, build_app: AppFactory) -> None:
        """A hint toast on the question screen is gone on home; the 'saved' toast for home stays."""
        from quizapp.ui.screens.home import HomeScreen

        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            await pilot.press("enter")  # Enter before choosing: a hint toast
            await pilot.pause()
            assert any("Press a choice" in n.message for n in app._notifications)
            await pilot.press("q")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.pause(0.1)
            messages = [n.message for n in app._notifications]
            assert not any("Press a choice" in m for m in messages), messages
            assert any("Resume" in m for m in messages), messages
            assert app.NOTIFICATION_TIMEOUT <= 5
