"""Pilot scenarios: a person takes quizzes with keys or mouse; we check the screens and the saved files."""

from __future__ import annotations

import gc
import tomllib
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from quizapp.core.store import ProfileStore
from quizapp.ui.screens.error import ErrorScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.path import STATUS_MARKS, PathScreen
from quizapp.ui.screens.path_chooser import PathChooser
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.screens.welcome import WelcomeScreen
from quizapp.ui.widgets.choices import ChoiceList

from .conftest import (
    REAL_QUESTIONS,
    TINY_QUESTIONS,
    AppFactory,
    answer_current,
    answer_keys,
    wait_for_question,
    wait_for_screen,
)


def saved_attempts(profiles_dir: Path, key: str) -> list[dict[str, object]]:
    """Every attempt file of a person, parsed, oldest first."""
    folder = profiles_dir / key / "attempts"
    return [tomllib.loads(path.read_text("utf-8")) for path in sorted(folder.glob("*.toml"))]


def text_of(screen: object, selector: str) -> str:
    """The rendered text of a Static on a screen."""
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.render())


class TestKeyboard:
    """Everything works with the keyboard alone."""

    async def test_quick_quiz_by_keyboard_from_the_welcome_screen(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Create a profile by typing, take a quick quiz with number keys and Enter, see results."""
        app = build_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, WelcomeScreen)
            await pilot.press(*"Ada", "enter")
            await wait_for_screen(pilot, HomeScreen)
            menu = app.screen.query_one("#menu", OptionList)
            await pilot.press("down", "enter")  # Full, then Quick
            assert menu.highlighted == 1
            screen = await wait_for_question(pilot)
            total = screen.session.total
            assert total == 10
            for number in range(1, total + 1):
                assert f"Question {number} of {total}" in text_of(screen, "#counter")
                await answer_current(pilot, right=True)
                await pilot.press("enter")
            await wait_for_screen(pilot, ResultsScreen)
            assert "You scored 100%" in text_of(app.screen, "#score")
        attempt = saved_attempts(profiles_dir, "ada")[-1]
        assert attempt["status"] == "finished"
        assert len(attempt["answers"]) == 10  # type: ignore[arg-type]
        profile = tomllib.loads((profiles_dir / "ada" / "profile.toml").read_text("utf-8"))
        assert profile["answers_total"] == 10
        assert "current_attempt" not in profile

    async def test_enter_goes_on_even_before_the_next_button_has_focus(
        self, build_app: AppFactory
    ) -> None:
        """Enter after an answer goes on whether it reaches the Next button or the answered list."""
        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            await answer_current(pilot, right=True)
            screen.query_one(ChoiceList).focus()  # as if Enter came before the focus moved
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert "Question 2 of" in text_of(screen, "#counter")
            assert not screen.answered
            await pilot.press("enter")  # on the new list, untouched: answers nothing
            await pilot.pause()
            assert not screen.answered and screen.session.position == 1

    async def test_wrong_answer_shows_the_right_one_and_the_quote(
        self, build_app: AppFactory
    ) -> None:
        """After a wrong answer the feedback says so in words, gives the right answer and the source."""
        app = build_app(profile_name="Bo", mode="topic:duties")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            while screen.question is not None and screen.question.kind in (
                "fit",
                "readiness",
                "multi",
            ):
                await answer_current(pilot)
                await pilot.press("n")
            question = screen.question
            assert question is not None
            await answer_current(pilot, right=False)
            feedback = text_of(screen, "#feedback")
            assert "✗ Not quite" in feedback
            assert "The right answer:" in feedback
            assert question.source.doc in feedback
            assert question.source.quote in " ".join(feedback.split())
            assert feedback.count("✓") == 0

    async def test_multi_select_partly_right_records_partial_credit(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Ticking only some right choices is wrong overall, says 'Partly right' and keeps the credit."""
        app = build_app(profile_name="Cy", mode="topic:duties")
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            while screen.question is not None and screen.question.kind != "multi":
                await answer_current(pilot)
                await pilot.press("n")
            assert screen.question is not None
            await pilot.press("enter")  # nothing ticked: refused, not an answer
            assert not screen.answered
            await answer_current(pilot, right=False)
            assert "Partly right" in text_of(screen, "#feedback")
        answer = saved_attempts(profiles_dir, "cy")[-1]["answers"][-1]  # type: ignore[index]
        assert answer["correct"] is False
        assert 0 < answer["credit"] < 1

    async def test_leave_after_three_answers_and_resume_at_question_four(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """q leaves (saved); a new app instance resumes at question 4 with the 3 answers kept."""
        app = build_app(profile_name="Di", mode="quick")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            first_ids = list(app.screen.session.question_ids)  # type: ignore[attr-defined]
            for _ in range(3):
                await answer_current(pilot)
                await pilot.press("n")
            await pilot.press("q")
            await wait_for_screen(pilot, HomeScreen)
            resume_label = str(
                app.screen.query_one("#menu", OptionList).get_option_at_index(0).prompt
            )
            assert "Resume" in resume_label and "3 of 10" in resume_label
        saved = saved_attempts(profiles_dir, "di")[-1]
        assert saved["status"] == "active" and len(saved["answers"]) == 3  # type: ignore[arg-type]

        again = build_app(profile_name="Di")
        async with again.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("enter")  # Resume is first and highlighted
            await wait_for_screen(pilot, QuestionScreen)
            screen = again.screen
            assert isinstance(screen, QuestionScreen)
            assert screen.session.question_ids == first_ids
            assert "Question 4 of 10" in text_of(screen, "#counter")
            assert len(screen.session.attempt.answers) == 3

    async def test_mode_flag_resumes_the_unfinished_quiz_of_the_same_mode(
        self, build_app: AppFactory
    ) -> None:
        """`--mode quick` again continues the unfinished quick quiz instead of starting another."""
        app = build_app(profile_name="Ed", mode="quick")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            await answer_current(pilot)
            await pilot.press("n")
        again = build_app(profile_name="Ed", mode="quick")
        async with again.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            assert "Question 2 of 10" in text_of(again.screen, "#counter")

    async def test_review_brings_back_exactly_the_missed_questions(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Miss two questions in a quiz; review mode asks exactly those two."""
        app = build_app(profile_name="Fay", mode="quick")
        missed: set[str] = set()
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            for _ in range(screen.session.total):
                question = screen.question
                assert question is not None
                miss = question.kind not in ("fit", "readiness") and len(missed) < 2
                if miss:
                    missed.add(question.id)
                await answer_current(pilot, right=not miss)
                await pilot.press("n")
            await wait_for_screen(pilot, ResultsScreen)
            await pilot.press("r")
            await wait_for_screen(pilot, QuestionScreen)
            review = app.screen
            assert isinstance(review, QuestionScreen)
            assert review.session.attempt.mode == "review"
            assert set(review.session.question_ids) == missed

    async def test_corrupt_profile_shows_error_screen_and_leaves_file_untouched(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """A damaged profile.toml gets the error screen naming the file; the bytes do not change."""
        folder = profiles_dir / "gus"
        folder.mkdir(parents=True)
        damaged = b'name = "Gus"\ncreated = [broken\n'
        (folder / "profile.toml").write_bytes(damaged)
        app = build_app(profile_name="Gus")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, ErrorScreen)
            message = text_of(app.screen, "#error-message")
            assert "profile.toml" in message and "not valid TOML" in message
            await pilot.press("escape")  # never quits; nothing behind to go back to
            await pilot.pause()
            assert isinstance(app.screen, ErrorScreen) and app.return_code is None
            await pilot.press("q")
        assert (folder / "profile.toml").read_bytes() == damaged
        assert app.return_code == 1

    async def test_move_aside_needs_explicit_confirmation(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Moving a damaged profile aside happens only after 'y', and keeps the old bytes."""
        folder = profiles_dir / "hal"
        folder.mkdir(parents=True)
        damaged = b"\xff\xfe not utf-8"
        (folder / "profile.toml").write_bytes(damaged)
        app = build_app(profile_name="Hal")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, ErrorScreen)
            await pilot.click("#move-aside")
            await pilot.pause()
            await pilot.press("escape")  # declined
            await pilot.pause()
            assert (folder / "profile.toml").read_bytes() == damaged
            await pilot.click("#move-aside")
            await pilot.pause()
            await pilot.press("y")
            await wait_for_screen(pilot, HomeScreen)
        kept = list(folder.glob("profile.toml.corrupt-*"))
        assert len(kept) == 1 and kept[0].read_bytes() == damaged
        assert tomllib.loads((folder / "profile.toml").read_text("utf-8"))["name"] == "Hal"

    async def test_bad_name_is_refused_inline_and_creates_nothing(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """A name with a path separator gets an inline error; no file or folder is created."""
        app = build_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, WelcomeScreen)
            app.screen.query_one("#name", Input).value = "../etc"
            await pilot.press("enter")
            await pilot.pause()
            assert "cannot be used" in text_of(app.screen, "#welcome-error")
            assert isinstance(app.screen, WelcomeScreen)
        assert not profiles_dir.exists() or not any(profiles_dir.iterdir())

    async def test_profile_open_in_another_app_is_refused(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """While another quizapp holds the profile, opening it says so and changes nothing."""
        holder = ProfileStore(profiles_dir).open("Ida")
        try:
            app = build_app()
            async with app.run_test(size=(100, 30)) as pilot:
                await wait_for_screen(pilot, WelcomeScreen)
                await pilot.press("enter")  # Ida is listed and highlighted
                await pilot.pause(0.2)
                assert "is open in another quizapp" in text_of(app.screen, "#welcome-error")
        finally:
            holder.close()


class TestMouse:
    """Everything works with the mouse alone."""

    async def test_quick_quiz_by_mouse_only(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Click Quick on the home screen, click answers, Submit and Next, and reach the results."""
        app = build_app(profile_name="Jo")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.click("#menu", offset=(10, 2))  # second item: Quick quiz
            screen = await wait_for_question(pilot)
            for _ in range(screen.session.total):
                keys = answer_keys(screen, right=True)
                choices = screen.query_one(ChoiceList)
                for key in keys:
                    if key == "enter":
                        await pilot.click("#submit")
                    else:
                        await pilot.click(f"#{choices.id}", offset=(6, int(key)))
                    await pilot.pause()
                assert screen.answered
                await pilot.click("#next")
                await pilot.pause()
            await wait_for_screen(pilot, ResultsScreen)
            assert "You scored 100%" in text_of(app.screen, "#score")
        assert saved_attempts(profiles_dir, "jo")[-1]["status"] == "finished"


class TestSmallTerminal:
    """The layout stays usable at 60x20."""

    async def test_whole_quiz_at_60x20(self, build_app: AppFactory, profiles_dir: Path) -> None:
        """A whole quick quiz can be taken at 60x20, and a resize mid-quiz does not crash."""
        app = build_app(profile_name="Kim", mode="quick")
        async with app.run_test(size=(60, 20)) as pilot:
            screen = await wait_for_question(pilot)
            for number in range(screen.session.total):
                if number == 4:
                    await pilot.resize_terminal(80, 24)
                    await pilot.pause()
                    await pilot.resize_terminal(60, 20)
                await answer_current(pilot)
                await pilot.pause(0.2)
                # The verdict line (the feedback's top) is on screen, not below the fold.
                box = screen.query_one("#feedback-scroll").region
                feedback = screen.query_one("#feedback").region
                assert box.contains(feedback.x, feedback.y), (box, feedback)
                await pilot.press("n")
            await wait_for_screen(pilot, ResultsScreen)
        assert len(saved_attempts(profiles_dir, "kim")[-1]["answers"]) == 10  # type: ignore[arg-type]


class TestLearningPath:
    """From a finished quiz to the learning path, and marks that survive a restart."""

    async def test_mark_a_step_done_and_see_it_after_restart(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Finish a quiz, open the path, mark a step done with space; a new app shows it done."""
        app = build_app(profile_name="Lu", mode="quick", questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            for _ in range(screen.session.total):
                await answer_current(pilot)
                await pilot.press("n")
            await wait_for_screen(pilot, ResultsScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            path_screen = app.screen
            assert isinstance(path_screen, PathScreen)
            assert text_of(path_screen, "#recommendation")
            step = path_screen.planned[0]
            steps = path_screen.query_one("#steps", OptionList)
            steps.highlighted = next(
                index for index, option in enumerate(steps.options) if option.id == step.step.id
            )
            await pilot.press("space", "space")  # to do -> learning -> done
            await pilot.pause()
            assert "of" in text_of(path_screen, "#path-progress")
        profile = tomllib.loads((profiles_dir / "lu" / "profile.toml").read_text("utf-8"))
        assert profile["path"]["steps"][step.step.id] in ("done", "learning")
        marked = profile["path"]["steps"][step.step.id]

        again = build_app(profile_name="Lu", questions_dir=REAL_QUESTIONS)
        async with again.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            shown = {item.step.id: item.status for item in again.screen.planned}  # type: ignore[attr-defined]
            assert shown[step.step.id] == marked

    @pytest.mark.parametrize(
        ("keys", "stored", "finished", "skipped"),
        [
            pytest.param(["l"], "learning", 0, 0, id="l-learning"),
            pytest.param(["s"], "skipped", 0, 1, id="s-skipped"),
            pytest.param(["d"], "done", 1, 0, id="d-done"),
            pytest.param(["d", "t"], "todo", 0, 0, id="t-after-d"),
            pytest.param(["s", "d"], "done", 1, 0, id="d-after-s"),
            pytest.param(["space"], "learning", 0, 0, id="space-once"),
            pytest.param(["space"] * 2, "done", 1, 0, id="space-twice"),
            pytest.param(["space"] * 3, "skipped", 0, 1, id="space-thrice"),
            pytest.param(["space"] * 4, "todo", 0, 0, id="space-round"),
        ],
    )
    async def test_keys_set_a_steps_status_and_save_it(
        self,
        build_app: AppFactory,
        profiles_dir: Path,
        keys: list[str],
        stored: str,
        finished: int,
        skipped: int,
    ) -> None:
        """t, l, s and d set the highlighted step's status, space cycles; each is saved at once,
        shown in words beside the step, and skipped steps leave the progress count."""
        app = build_app(profile_name="Mo", questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            screen = app.screen
            assert isinstance(screen, PathScreen)
            shown = {binding.key: binding for binding in screen.BINDINGS if binding.show}
            assert {"t", "space"} <= set(shown)
            assert shown["t"].key_display == "t/l/s/d"  # one footer entry for the four marks
            await pilot.press("c")  # the chooser: follow the engineer path alone
            await wait_for_screen(pilot, PathChooser)
            await pilot.press("down", "enter")
            await wait_for_screen(pilot, PathScreen)
            assert {item.status for item in screen.planned} == {"todo"}  # no answers, no marks
            first = screen.planned[0].step.id
            told: list[str] = []
            app.notify = lambda message, **_: told.append(message)  # type: ignore[method-assign]
            await pilot.press(*keys)
            await pilot.pause()
            item = next(item for item in screen.planned if item.step.id == first)
            assert item.status == stored
            counted = len(screen.planned) - skipped
            shown = f"{finished} of {counted} steps done or mastered"
            shown += f" ({skipped} skipped)" if skipped else ""
            # Confirmed in the progress line, not by stacking toasts over the list.
            assert text_of(screen, "#path-progress").startswith(shown + "  ✓ saved: ")
            assert told == []  # no toast at all
            assert STATUS_MARKS[stored] in text_of(screen, "#step-detail")
        profile = tomllib.loads((profiles_dir / "mo" / "profile.toml").read_text("utf-8"))
        assert profile["path"]["steps"] == {first: stored}
        assert profile["schema_version"] == 3

    async def test_choosing_a_path_shows_only_that_path_and_is_saved(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """c follows the engineer path, then the developer path, then the recommendation again."""
        app = build_app(profile_name="Nia", questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            screen = app.screen
            assert isinstance(screen, PathScreen)
            assert {item.step.id[:4] for item in screen.planned} == {
                "eng-",
                "dev-",
            }  # no answers yet
            await pilot.press("c")
            await wait_for_screen(pilot, PathChooser)
            chooser = app.screen
            assert isinstance(chooser, PathChooser)
            assert [words for _, words in chooser.choices] == [
                "The recommendation: both paths, side by side until the verdict is clear  "
                "(following now)",
                "The backend engineer path",
                "The backend developer path",
            ]
            await pilot.press("escape")  # back: nothing changes
            await wait_for_screen(pilot, PathScreen)
            assert {item.step.id[:4] for item in screen.planned} == {"eng-", "dev-"}
            await pilot.press("c")
            await wait_for_screen(pilot, PathChooser)
            await pilot.press("j", "enter")
            await wait_for_screen(pilot, PathScreen)
            assert {item.step.id[:4] for item in screen.planned} == {"eng-"}
            assert "you chose to follow the engineer path" in text_of(screen, "#recommendation")
            await pilot.press("c")
            await wait_for_screen(pilot, PathChooser)
            await pilot.press("down", "enter")
            await wait_for_screen(pilot, PathScreen)
            assert {item.step.id[:4] for item in screen.planned} == {"dev-"}
        profile = tomllib.loads((profiles_dir / "nia" / "profile.toml").read_text("utf-8"))
        assert profile["path"]["chosen"] == "developer"

    async def test_theme_from_the_palette_is_saved_in_the_profile(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Changing the theme is remembered in the profile and applied on the next start."""
        app = build_app(profile_name="Mo")
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            app.theme = "textual-light"
            await pilot.pause()
        profile = tomllib.loads((profiles_dir / "mo" / "profile.toml").read_text("utf-8"))
        assert profile["settings"]["theme"] == "textual-light"
        again = build_app(profile_name="Mo")
        async with again.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            assert again.theme == "textual-light"


class TestDamagedProfileFromThePicker:
    """A damaged profile picked from the list can be left without quitting."""

    async def test_back_to_the_profiles(self, build_app: AppFactory, profiles_dir: Path) -> None:
        """The error screen offers a way back to the picker; the file stays as it was."""
        folder = profiles_dir / "ola"
        folder.mkdir(parents=True)
        damaged = b"name = [\n"
        (folder / "profile.toml").write_bytes(damaged)
        app = build_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, WelcomeScreen)
            await pilot.press("enter")
            await wait_for_screen(pilot, ErrorScreen)
            await pilot.click("#back")
            await wait_for_screen(pilot, WelcomeScreen)
        assert (folder / "profile.toml").read_bytes() == damaged


class TestLongFeedbackOnASmallTerminal:
    """Feedback taller than the screen starts at its verdict line."""

    async def test_verdict_is_visible_at_60x20(self, build_app: AppFactory) -> None:
        """At 60x20 a long explanation and quote scroll into view from the top of the feedback."""
        app = build_app(profile_name="Lee", mode="full", seed=5, questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(60, 20)) as pilot:
            screen = await wait_for_question(pilot)
            await answer_current(pilot, right=False)
            await pilot.pause(0.3)
            box = screen.query_one("#feedback-scroll").region
            feedback = screen.query_one("#feedback").region
            assert feedback.height > box.height  # a long one, or this proves nothing
            assert box.contains(feedback.x, feedback.y), (box, feedback)


class TestBankChangedSinceStarting:
    """Resuming after the bank changed says what happened."""

    async def test_removed_skipped_and_edited_asked_again_and_told(
        self, build_app: AppFactory, tmp_path: Path, profiles_dir: Path
    ) -> None:
        """One answered question edited and one unanswered removed: both counted in a notice."""
        from .conftest import TINY_QUESTIONS

        bank_dir = tmp_path / "bank"
        bank_dir.mkdir()
        (bank_dir / "tiny.toml").write_text(
            (TINY_QUESTIONS / "tiny.toml").read_text("utf-8"), encoding="utf-8"
        )
        app = build_app(profile_name="Pia", mode="quick", questions_dir=bank_dir)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            order = list(screen.session.question_ids)
            await answer_current(pilot)
            await pilot.press("q")
            await wait_for_screen(pilot, HomeScreen)
        edited, removed = order[0], order[-1]
        data = tomllib.loads((bank_dir / "tiny.toml").read_text("utf-8"))
        import tomli_w

        kept = [q for q in data["questions"] if q["id"] != removed]
        for question in kept:
            if question["id"] == edited:
                question["explanation"] += " (Reworded.)"
        (bank_dir / "tiny.toml").write_text(tomli_w.dumps({"questions": kept}), encoding="utf-8")

        again = build_app(profile_name="Pia", mode="quick", questions_dir=bank_dir)
        told: list[str] = []
        original = again.notify

        def capture(message: str, **kwargs: object) -> None:
            told.append(message)
            original(message, **kwargs)  # type: ignore[arg-type]

        again.notify = capture  # type: ignore[method-assign]
        async with again.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, QuestionScreen)
            screen = again.screen
            assert isinstance(screen, QuestionScreen)
            assert removed not in screen.session.question_ids
            assert screen.question is not None and screen.question.id == edited
            assert "Question 1 of 9" in text_of(screen, "#counter")
        assert any("1 question was removed" in m and "1 was edited" in m for m in told), told


@pytest.mark.parametrize(
    ("options", "screen"),
    [
        pytest.param({}, WelcomeScreen, id="welcome"),
        pytest.param({"profile_name": "Ada", "mode": "quick"}, QuestionScreen, id="quiz-start"),
    ],
)
async def test_the_collector_paused_for_start_up_resumes_once_the_first_screen_is_up(
    build_app: AppFactory, options: dict[str, object], screen: type
) -> None:
    """As `quizapp` starts with the garbage collector paused, the app turns it back on, frozen."""
    gc.disable()
    frozen_before = gc.get_freeze_count()
    try:
        app = build_app(collector_paused=True, **options)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, screen)
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()
        gc.enable()


async def test_an_app_the_cli_did_not_pause_leaves_the_collector_alone(
    build_app: AppFactory,
) -> None:
    """Only the CLI's pause is undone: a collector someone else turned off stays off."""
    gc.disable()
    try:
        app = build_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_screen(pilot, WelcomeScreen)
            assert not gc.isenabled()
    finally:
        gc.enable()


class TestCompareRoles:
    """The two roles side by side, from home, before any quiz."""

    @pytest.mark.parametrize(("size", "narrow"), [((100, 30), False), ((60, 20), True)])
    async def test_home_key_c_opens_the_comparison_and_escape_returns(
        self, build_app: AppFactory, tmp_path: Path, size: tuple[int, int], narrow: bool
    ) -> None:
        """`c` on home shows every aspect with both sides; narrow terminals stack the sides."""
        import shutil

        from quizapp.ui.screens.compare import CompareScreen, ComparisonRow

        questions = tmp_path / "questions"
        shutil.copytree(TINY_QUESTIONS, questions)
        shutil.copy(REAL_QUESTIONS / "roles.toml", questions)
        app = build_app(profile_name="Cy", questions_dir=questions)
        async with app.run_test(size=size) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("c")
            await wait_for_screen(pilot, CompareScreen)
            screen = app.screen
            rows = list(screen.query(ComparisonRow))
            assert len(rows) >= 15
            assert screen.has_class("-narrow") is narrow
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
