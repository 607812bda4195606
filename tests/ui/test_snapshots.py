"""SVG snapshots of every screen, grouped by feature: at 100x30, and at the two sizes the README
promises every screen is whole at (60x20 and 80x24) in every state. Fixed clock, seeded order,
no cursor blink."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.core.loader import load_checked_bank
from quizapp.core.session import QuizSession, new_attempt
from quizapp.core.store import ProfileStore
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.path import PathScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.screens.welcome import WelcomeScreen

from .conftest import (
    FIXED_NOW,
    REAL_QUESTIONS,
    SEEDS,
    TINY_QUESTIONS,
    AppFactory,
    answer_current,
    wait_for_question,
    wait_for_screen,
)

SIZE = (100, 30)


@pytest.fixture
def snap_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A relative profiles folder inside the test's own temp dir.

    The home and help screens print the profile's path; a relative path reads the same in every run.
    """
    monkeypatch.chdir(tmp_path)
    folder = Path("profiles")
    folder.mkdir()
    return folder


def store(folder: Path) -> ProfileStore:
    """A store on the snapshot folder and the fixed clock."""
    return ProfileStore(folder, clock=lambda: FIXED_NOW)


def one_question_pack(folder: Path, question_id: str) -> Path:
    """A pack asking exactly one question, so a snapshot can show each kind."""
    path = folder.resolve().parent / f"pack-{question_id}.toml"
    path.write_text(
        f'id = "snap-{question_id}"\ntitle = "Snapshot"\nquestions = ["{question_id}"]\n'
        # The rules of a self-paced quiz: these snapshots are of the questions, not of a class.
        'shuffle_choices = false\nstart = "immediate"\nfeedback = "immediate"\n',
        encoding="utf-8",
    )
    return path


async def no_blink(pilot: Pilot[None]) -> None:
    """Stop every cursor from blinking so the picture is stable."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def take_quiz(folder: Path, name: str, responses: dict[str, object]) -> None:
    """Give `name` a finished attempt with these responses, through the real session code."""
    bank = load_checked_bank(REAL_QUESTIONS, SEEDS)
    profiles = store(folder)
    with profiles.open(name) as person:
        attempt = new_attempt(
            bank, list(responses), "full", seed=1, started=FIXED_NOW - timedelta(days=1)
        )
        session = QuizSession.start(bank, person, attempt)
        for question_id in session.question_ids:
            session.record(responses[question_id])  # type: ignore[arg-type]


def lean_answers(lean: str) -> dict[str, object]:
    """Responses that lean to `lean` (engineer, developer or tie), right on every graded question."""
    bank = load_checked_bank(REAL_QUESTIONS, SEEDS)
    responses: dict[str, object] = {}
    for question in bank.questions:
        if question.kind == "readiness":
            responses[question.id] = 1
        elif question.kind == "fit":
            options = question.options  # type: ignore[union-attr]
            if lean == "tie":  # "both" on every choice, the middle of every scale
                both = [i for i, o in enumerate(options) if o.engineer == o.developer > 0]
                choice = both[0] if both else 1
            else:
                choice = max(
                    range(len(options)),
                    key=lambda i: (
                        getattr(options[i], lean)
                        - getattr(options[i], "developer" if lean == "engineer" else "engineer"),
                        -i,
                    ),
                )
            responses[question.id] = choice
        elif question.kind == "single":
            responses[question.id] = question.answer  # type: ignore[union-attr]
        elif question.kind == "multi":
            responses[question.id] = sorted(question.answers)  # type: ignore[union-attr]
        else:
            responses[question.id] = question.answer  # type: ignore[union-attr]
    return responses


class TestWelcomeAndHome:
    """The first screens a person sees."""

    def test_welcome(self, snap_compare, build_app: AppFactory, snap_profiles: Path) -> None:
        """The welcome screen lists profiles with last activity and an unfinished mark."""
        take_quiz(snap_profiles, "Ada", {"duty-role-central-database": "developer"})
        with store(snap_profiles).open("Ben"):
            pass
        app = build_app(profiles_dir=snap_profiles, store=store(snap_profiles))

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, WelcomeScreen)
            await no_blink(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_home_with_history(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path
    ) -> None:
        """Home shows the menu and the history of past attempts."""
        take_quiz(snap_profiles, "Ada", lean_answers("engineer"))
        app = build_app(
            profiles_dir=snap_profiles,
            store=store(snap_profiles),
            profile_name="Ada",
            questions_dir=REAL_QUESTIONS,
        )

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, HomeScreen)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    async def test_home_with_history_opens_at_the_top(
        self, build_app: AppFactory, snap_profiles: Path
    ) -> None:
        """Home stays scrolled to the top, greeting in view, once every scroll has run (it used
        to centre the menu focused while still empty, leaving the greeting off the top)."""
        take_quiz(snap_profiles, "Ada", lean_answers("engineer"))
        app = build_app(
            profiles_dir=snap_profiles,
            store=store(snap_profiles),
            profile_name="Ada",
            questions_dir=REAL_QUESTIONS,
        )
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            for _ in range(3):
                await pilot.wait_for_scheduled_animations()
                await pilot.pause()
            home = app.screen.query_one("#home", VerticalScroll)
            greeting = app.screen.query_one("#greeting", Static)
            assert home.scroll_y == 0
            assert home.max_scroll_y > 0  # the history is longer than the screen
            assert greeting.region.height == 1 and greeting.region.y >= home.region.y
            assert app.focused is app.screen.query_one("#menu")


class TestQuestionKinds:
    """One snapshot per question kind, and the feedback panel."""

    @pytest.mark.parametrize(
        "question_id",
        [
            "tiny-duty-single",
            "tiny-duty-multi",
            "tiny-duty-true-false",
            "tiny-duty-role",
            "tiny-duty-rating",
        ],
    )
    def test_question_kind(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, question_id: str
    ) -> None:
        """Each kind shows its instruction line and numbered choices."""
        app = build_app(
            profiles_dir=snap_profiles,
            store=store(snap_profiles),
            profile_name="Ada",
            pack_path=one_question_pack(snap_profiles, question_id),
            questions_dir=TINY_QUESTIONS,
        )

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, QuestionScreen)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

    def test_feedback_after_a_wrong_answer(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path
    ) -> None:
        """A wrong answer: the mark, the words, the right answer, the explanation and the source."""
        app = build_app(
            profiles_dir=snap_profiles,
            store=store(snap_profiles),
            profile_name="Ada",
            pack_path=one_question_pack(snap_profiles, "tiny-duty-single"),
            questions_dir=TINY_QUESTIONS,
        )

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, QuestionScreen)
            await answer_current(pilot, right=False)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def quick_quiz_app(build_app: AppFactory, snap_profiles: Path) -> QuizApp:
    """Ada's quick quiz on the tiny bank, on the snapshot clock."""
    return build_app(
        profiles_dir=snap_profiles,
        store=store(snap_profiles),
        profile_name="Ada",
        mode="quick",
        questions_dir=TINY_QUESTIONS,
    )


async def finish_with_misses(pilot: Pilot[None]) -> None:
    """Answer every question (every third one wrong) and wait for the results."""
    screen = await wait_for_question(pilot)
    for number in range(screen.session.total):
        await answer_current(pilot, right=number % 3 != 0)
        await pilot.press("n")
    await wait_for_screen(pilot, ResultsScreen)


class TestResultsAndHelp:
    """The end of a quiz, and the help."""

    def test_results(self, snap_compare, build_app: AppFactory, snap_profiles: Path) -> None:
        """Results: score, bars per topic and area, the lean, and the misses explained."""
        app = quick_quiz_app(build_app, snap_profiles)
        assert snap_compare(app, terminal_size=SIZE, run_before=finish_with_misses)

    def test_help(self, snap_compare, build_app: AppFactory, snap_profiles: Path) -> None:
        """Help lists every key, the modes and where the profile is."""
        app = build_app(profiles_dir=snap_profiles, store=store(snap_profiles), profile_name="Ada")

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("question_mark")
            await wait_for_screen(pilot, HelpScreen)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


class TestLearningPath:
    """The path screen for each kind of recommendation."""

    @pytest.mark.parametrize("lean", ["engineer", "developer", "tie"])
    def test_path(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, lean: str
    ) -> None:
        """The recommendation with reasons on top, the steps and the first step's projects."""
        take_quiz(snap_profiles, "Ada", lean_answers(lean))
        app: QuizApp = build_app(
            profiles_dir=snap_profiles,
            store=store(snap_profiles),
            profile_name="Ada",
            questions_dir=REAL_QUESTIONS,
        )

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)

        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


SMALL = (60, 20)
"""The smallest size every screen is designed for."""


def path_bank(folder: Path) -> Path:
    """The tiny bank plus the real path catalogue (the real bank is being fixed elsewhere)."""
    import shutil

    bank = folder.resolve().parent / "path-bank"
    bank.mkdir(exist_ok=True)
    shutil.copy(TINY_QUESTIONS / "tiny.toml", bank)
    shutil.copy(REAL_QUESTIONS / "paths.toml", bank)
    return bank


def path_app(build_app: AppFactory, snap_profiles: Path) -> QuizApp:
    """Ada's app on the bank that gives her a learning path, for the 60x20 path snapshots."""
    return build_app(
        profiles_dir=snap_profiles,
        store=store(snap_profiles),
        profile_name="Ada",
        questions_dir=path_bank(snap_profiles),
    )


class TestAt60x20:
    """Each main screen at the minimum size: nothing cut off that matters."""

    def test_welcome_with_an_error(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path
    ) -> None:
        """Several profiles and an invalid name: the error and the field are both in view."""
        for name in ("Ada", "Ben", "Cy", "Dee", "Eve"):
            with store(snap_profiles).open(name):
                pass
        app = build_app(profiles_dir=snap_profiles, store=store(snap_profiles))

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, WelcomeScreen)
            await pilot.press("!")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause(0.2)
            await no_blink(pilot)

        assert snap_compare(app, terminal_size=SMALL, run_before=run_before)

    def test_path_step_details(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path
    ) -> None:
        """Enter on a step at 60x20: its details full width, Escape to go back."""
        app = path_app(build_app, snap_profiles)

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            await pilot.press("enter")
            await pilot.pause(0.2)

        assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


SIZES = [pytest.param((60, 20), id="60x20"), pytest.param((80, 24), id="80x24")]
"""The sizes every screen is designed for, smallest first."""


def real_app(build_app: AppFactory, snap_profiles: Path, **options: object) -> QuizApp:
    """Ada's app on the real bank and the snapshot clock."""
    return build_app(
        profiles_dir=snap_profiles,
        store=store(snap_profiles),
        profile_name="Ada",
        questions_dir=REAL_QUESTIONS,
        **options,
    )


def real_pack(
    folder: Path, *question_ids: str, minutes: int = 0, feedback: str = "immediate"
) -> Path:
    """A pack of real questions, in this order, choices as written."""
    path = folder.resolve().parent / "pack-real.toml"
    listed = ", ".join(f'"{question_id}"' for question_id in question_ids)
    limit = f"time_limit_minutes = {minutes}\n" if minutes else ""
    path.write_text(
        f'id = "snap-real"\ntitle = "Week 3 quiz"\nquestions = [{listed}]\n'
        f'shuffle_choices = false\nstart = "immediate"\nfeedback = "{feedback}"\n{limit}',
        encoding="utf-8",
    )
    return path


async def settled(pilot: Pilot[None]) -> None:
    """Let layout, scrolling and the footer settle before the picture."""
    for _ in range(3):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
    await no_blink(pilot)


class TestQuestionAtEverySize:
    """A question before and after an answer, the adaptive counter, a class question with its
    clock: the head gives the label room, the question shows with its choices."""

    @pytest.mark.parametrize("size", SIZES)
    def test_before_an_answer(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """A single-choice question with long choices: wrapped lines indented under their text."""
        app = real_app(
            build_app,
            snap_profiles,
            pack_path=real_pack(snap_profiles, "duty-backend-frontend-split"),
        )

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, QuestionScreen)
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_after_a_wrong_answer(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """The marked choices, the feedback from its first line, Next and the scroll keys."""
        app = real_app(
            build_app,
            snap_profiles,
            pack_path=real_pack(snap_profiles, "duty-backend-frontend-split"),
        )

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, QuestionScreen)
            await answer_current(pilot, right=False)
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_about_you_in_a_full_assessment(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """The adaptive part: "About you 2 · more only until the verdict is sure" on its own line
        when it does not fit beside the label; the last answer noted, e for what it meant."""
        app = real_app(build_app, snap_profiles, mode="full", seed=5)

        async def run_before(pilot: Pilot[None]) -> None:
            screen = await wait_for_question(pilot)
            from quizapp.core.bank import FitQuestion

            for _ in range(40):
                if isinstance(screen.question, FitQuestion) and screen.last_note is not None:
                    break
                await answer_current(pilot, right=True)
                await pilot.press("n")
                await pilot.pause()
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_a_class_question_with_its_clock(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """A long select-all as a class student's first question: the question in view, the clock
        and the counter together, the student's name in the title."""
        app = real_app(
            build_app,
            snap_profiles,
            pack_path=real_pack(
                snap_profiles, "duty-server-memory-keeps-growing", minutes=15, feedback="end"
            ),
        )

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, QuestionScreen)
            await pilot.press("2")  # a tick
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)


class TestScreensAtEverySize:
    """Home, results, path, help, the comparison and the teacher's view at 60x20 and 80x24."""

    @pytest.mark.parametrize("size", SIZES)
    def test_home_after_a_verdict(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """Greeting, the verdict with its strength, progress and the next step above the menu."""
        take_quiz(snap_profiles, "Ada", lean_answers("engineer"))
        app = real_app(build_app, snap_profiles)

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, HomeScreen)
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_results(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """A quick quiz's results with misses: Home first in the footer."""
        app = quick_quiz_app(build_app, snap_profiles)

        async def run_before(pilot: Pilot[None]) -> None:
            await finish_with_misses(pilot)
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_path(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """The verdict's sentence whole, v for the rest; Enter opens a step's details."""
        take_quiz(snap_profiles, "Ada", lean_answers("engineer"))
        app = real_app(build_app, snap_profiles)

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            await pilot.press("d")  # a mark, confirmed in the progress line
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_path_chooser(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """c: the three paths to follow, the one followed now marked."""
        take_quiz(snap_profiles, "Ada", lean_answers("engineer"))
        app = real_app(build_app, snap_profiles)

        async def run_before(pilot: Pilot[None]) -> None:
            from quizapp.ui.screens.path_chooser import PathChooser

            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            await pilot.press("c")
            await wait_for_screen(pilot, PathChooser)
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_help_on_a_question(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """The question's keys first, grouped; Escape closes it, as its footer says."""
        app = quick_quiz_app(build_app, snap_profiles)

        async def run_before(pilot: Pilot[None]) -> None:
            await wait_for_question(pilot)
            await pilot.press("question_mark")
            await wait_for_screen(pilot, HelpScreen)
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_comparison(
        self, snap_compare, build_app: AppFactory, snap_profiles: Path, size: tuple[int, int]
    ) -> None:
        """The two roles, stacked on a narrow terminal."""
        app = real_app(build_app, snap_profiles)

        async def run_before(pilot: Pilot[None]) -> None:
            from quizapp.ui.screens.compare import CompareScreen

            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("c")
            await wait_for_screen(pilot, CompareScreen)
            await settled(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", SIZES)
    def test_teachers_view(self, snap_compare, tiny_bank_for_watch, size: tuple[int, int]) -> None:
        """Two students mid-quiz: the roster, the class's progress and the keys that fit."""
        from .test_watch import wait_for_class

        async def run_before(pilot: Pilot[None]) -> None:
            from textual.widgets import DataTable

            await wait_for_class(pilot)  # the class folder is read on a thread of its own
            # Both tables filled and laid out (a loaded machine once pictured the roster's header
            # before its columns had widened to the rows).
            tables = list(pilot.app.screen.query(DataTable))
            for _ in range(100):
                if all(table.row_count for table in tables):
                    break
                await pilot.pause(0.02)
            await pilot.pause(0.1)
            await settled(pilot)
            for table in tables:
                table.refresh()
            await settled(pilot)

        assert snap_compare(tiny_bank_for_watch(), terminal_size=size, run_before=run_before)


@pytest.fixture
def tiny_bank_for_watch(snap_profiles: Path):
    """The teacher's live view of a class of two on the tiny bank, on the snapshot clock."""
    from responses import right_response

    from quizapp.core.bank import is_graded
    from quizapp.ui.watch_app import WatchApp

    bank = load_checked_bank(TINY_QUESTIONS, SEEDS)
    profiles = store(snap_profiles)
    ids = [question.id for question in bank.questions if is_graded(question)][:4]
    for name, answered in (("Ann", 2), ("Bob", 4)):
        with profiles.open(name) as person:
            attempt = new_attempt(bank, ids, "pack", seed=1, started=FIXED_NOW)
            attempt.pack_id, attempt.time_limit_seconds = "class-7", 600
            session = QuizSession.start(bank, person, attempt)
            for _ in range(answered):
                question = session.current()
                assert question is not None
                session.record(right_response(question))

    def build() -> WatchApp:
        return WatchApp(
            folder=profiles.folder,
            bank=bank,
            pack_id="class-7",
            pack_title="Week 3",
            clock=lambda: FIXED_NOW,
        )

    return build
