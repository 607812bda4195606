"""Pilot scenarios for a classroom pack: held-back feedback, the countdown, time running out, pass mark."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

from textual.widgets import OptionList, Static

from quizapp.core.store import ProfileStore
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.screens.welcome import WelcomeScreen

from .conftest import FIXED_NOW, AppFactory, answer_current, wait_for_question, wait_for_screen


class MovableClock:
    """A UTC clock a test can move forward."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


def write_pack(folder: Path, **fields: object) -> Path:
    """A pack over four tiny-bank questions in a fixed order, with extra fields.

    Unless a test says otherwise it starts on joining with right or wrong after each answer (the
    scenarios of the lobby and of results held back until the class closes say so)."""
    lines = [
        'id = "class-7"',
        'title = "Week 3 check"',
        'questions = ["tiny-duty-single", "tiny-duty-true-false", "tiny-skill-single", "tiny-tool-role"]',
        'order = "fixed"',
    ]
    fields = {"start": "immediate", "feedback": "immediate"} | fields
    for key, value in fields.items():
        lines.append(f"{key} = {value!r}".replace("'", '"'))
    path = folder / "class.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def text_of(screen: object, selector: str) -> str:
    """The rendered text of a Static on a screen."""
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_student_picks_a_name_and_feedback_is_held_back(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """The welcome names the pack; with feedback at the end, answers show only "saved" and the
    results only "Submitted" until the teacher ends the quiz, then the score, the pass mark and
    the misses appear by themselves; the attempt records the pack id and fingerprint."""
    pack = write_pack(tmp_path, feedback="end", pass_percent=75)
    app = build_app(pack_path=pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, WelcomeScreen)
        assert "Week 3 check: pick your name" in text_of(app.screen, "#pack-title")
        await pilot.press(*"Sam", "enter")
        screen = await wait_for_question(pilot)
        assert [q for q in screen.session.question_ids] == [
            "tiny-duty-single",
            "tiny-duty-true-false",
            "tiny-skill-single",
            "tiny-tool-role",
        ]
        for number in range(4):
            await answer_current(pilot, right=number != 0)
            feedback = text_of(screen, "#feedback")
            assert "Answer saved" in feedback
            assert "✓" not in feedback and "Not quite" not in feedback
            await pilot.press("n")
        await wait_for_screen(pilot, ResultsScreen)
        # The first to finish sees no score and no answer while classmates are still at it.
        score = text_of(app.screen, "#score")
        assert score == "Submitted: your results come when the class ends."
        assert not app.screen.query_one("#missed", Static).display
        assert "%" not in score and "right" not in score
        # The teacher ends the quiz for the class: the results appear by themselves.
        from quizapp.core.classcontrol import ControlStore

        ControlStore(profiles_dir).end_quiz("class-7", FIXED_NOW)
        for _ in range(60):
            await pilot.pause(0.1)
            if "3 of 4 right" in text_of(app.screen, "#score"):
                break
        score = text_of(app.screen, "#score")
        assert "3 of 4 right" in score and "✓ Passed (pass mark 75%)" in score
        assert "The right answer:" in text_of(app.screen, "#missed")
    attempt_file = next((profiles_dir / "sam" / "attempts").glob("*.toml"))
    attempt = tomllib.loads(attempt_file.read_text("utf-8"))
    assert attempt["pack_id"] == "class-7" and len(attempt["pack_fingerprint"]) == 12
    assert attempt["feedback"] == "end" and attempt["status"] == "finished"
    profile = tomllib.loads((profiles_dir / "sam" / "profile.toml").read_text("utf-8"))
    assert list(profile["review"]) == ["tiny-duty-single"]  # misses reach review once it ended


async def test_countdown_runs_and_time_up_closes_the_attempt(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """A visible countdown; when time is up the attempt closes, answers kept, and results say so."""
    pack = write_pack(tmp_path, time_limit_minutes=10, pass_percent=50)
    clock = MovableClock()
    app = build_app(
        pack_path=pack, profile_name="Tia", store=ProfileStore(profiles_dir, clock=clock)
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert "Time left 10:00" in text_of(app.screen, "#time-left")
        await answer_current(pilot, right=True)
        await pilot.press("n")
        clock.now = FIXED_NOW + timedelta(minutes=10, seconds=1)
        await wait_for_screen(pilot, ResultsScreen, tries=300)
        score = text_of(app.screen, "#score")
        assert "(time ran out)" in score and "✗ Not passed" in score
    attempt_file = next((profiles_dir / "tia" / "attempts").glob("*.toml"))
    attempt = tomllib.loads(attempt_file.read_text("utf-8"))
    assert attempt["status"] == "timed_out" and len(attempt["answers"]) == 1
    profile = tomllib.loads((profiles_dir / "tia" / "profile.toml").read_text("utf-8"))
    assert "current_attempt" not in profile


async def test_returning_student_resumes_the_pack(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """A student who leaves comes back to the same pack attempt at the next question."""
    pack = write_pack(tmp_path)
    app = build_app(pack_path=pack, profile_name="Uma")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await answer_current(pilot)
        await pilot.press("q")
        await wait_for_screen(pilot, HomeScreen)
    again = build_app(pack_path=pack, profile_name="Uma")
    async with again.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert "Question 2 of 4" in text_of(again.screen, "#counter")


async def test_leaving_a_held_back_quiz_reveals_nothing(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """Home during a class quiz offers only the quiz; no score or review of misses leaks out."""
    pack = write_pack(tmp_path, feedback="end")
    app = build_app(pack_path=pack, profile_name="Vic")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await answer_current(pilot, right=False)
        await pilot.press("q")
        await wait_for_screen(pilot, HomeScreen)
        menu = [
            str(option.prompt)
            for option in app.screen.query_one("#menu", OptionList).options  # type: ignore[attr-defined]
        ]
        assert menu == ["Resume the class quiz: Week 3 check", "Switch profile (another student)"]
        history = text_of(app.screen, "#history")
        assert "%" not in history and "unfinished" in history
        await pilot.press("enter")
        await wait_for_screen(pilot, QuestionScreen)
        assert "Question 2 of 4" in text_of(app.screen, "#counter")
    profile = tomllib.loads((profiles_dir / "vic" / "profile.toml").read_text("utf-8"))
    assert profile.get("review", {}) == {}


async def test_teacher_controls_reach_the_student_within_two_seconds(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """Extra time for one student shows in their countdown; ending the quiz closes it, answers kept."""
    from quizapp.core.classcontrol import ControlStore

    pack = write_pack(tmp_path, time_limit_minutes=10)
    clock = MovableClock()
    app = build_app(
        pack_path=pack, profile_name="Vic", store=ProfileStore(profiles_dir, clock=clock)
    )
    controls = ControlStore(profiles_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await answer_current(pilot, right=True)
        controls.extend("class-7", 5, "vic")
        controls.extend("class-7", 5, "someone-else")
        await pilot.pause(1.6)
        assert "Time left 15:00" in text_of(app.screen, "#time-left")
        clock.now = FIXED_NOW + timedelta(minutes=1)
        controls.end_quiz("class-7", clock.now)
        await pilot.pause(1.6)
        await wait_for_screen(pilot, ResultsScreen, tries=50)
    attempt_file = next((profiles_dir / "vic" / "attempts").glob("*.toml"))
    attempt = tomllib.loads(attempt_file.read_text("utf-8"))
    assert attempt["status"] == "timed_out" and len(attempt["answers"]) == 1


async def test_a_damaged_control_file_does_not_stop_the_quiz(
    build_app: AppFactory, tmp_path: Path, profiles_dir: Path
) -> None:
    """An unreadable class-control.toml leaves the pack's own limit in force and the quiz going."""
    pack = write_pack(tmp_path, time_limit_minutes=10)
    profiles_dir.mkdir(parents=True)
    (profiles_dir / "class-control.toml").write_text("packs = [unterminated", encoding="utf-8")
    app = build_app(pack_path=pack, profile_name="Wyn")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await pilot.pause(1.2)
        assert "Time left 10:00" in text_of(app.screen, "#time-left")
        await answer_current(pilot, right=True)
    assert (profiles_dir / "class-control.toml").read_text() == "packs = [unterminated"


async def test_a_browser_student_stays_who_they_joined_as(
    build_app: AppFactory, tmp_path: Path
) -> None:
    """Under `quizapp serve`: the name is on screen, no switching profile, no palette way out."""
    pack = write_pack(tmp_path)
    app = build_app(pack_path=pack, profile_name="Xia", class_student=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        assert "Xia" in app.sub_title and "Week 3 check" in app.sub_title
        await pilot.press("q")
        await wait_for_screen(pilot, HomeScreen)
        menu = app.screen.query_one("#menu", OptionList)
        assert menu.option_count == 1  # the class quiz only, no "Switch profile"
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.switch_profile()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.person is not None
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert titles <= {"Theme", "Keys", "Help"}


async def test_a_served_student_says_once_when_its_first_screen_is_up(
    build_app: AppFactory, tmp_path: Path
) -> None:
    """The fork helper's next student starts when this one's first screen is up: told once only."""
    pack = write_pack(tmp_path)
    calls: list[type] = []
    app = build_app(
        pack_path=pack,
        profile_name="Yan",
        class_student=True,
        on_first_screen=lambda: calls.append(type(app.screen)),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, QuestionScreen)
        await pilot.pause()
        assert calls == [QuestionScreen]
        await answer_current(pilot, right=True)
        await pilot.press("q")
        await wait_for_screen(pilot, HomeScreen)
        await pilot.pause()
        assert calls == [QuestionScreen]
