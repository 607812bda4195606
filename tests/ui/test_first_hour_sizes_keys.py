"""Issue 25, the first hour round two: every screen whole at 60x20 and 80x24, keys that do what
help says, Escape that never quits, counts that tell the truth (Pilot scenarios on state)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Static

from quizapp.core.bank import MultiQuestion
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.note import NoteScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.screens.welcome import WelcomeScreen
from quizapp.ui.widgets.choices import ChoiceList
from quizapp.ui.widgets.fit_footer import FitFooter

from .conftest import (
    REAL_QUESTIONS,
    AppFactory,
    answer_current,
    wait_for_question,
    wait_for_screen,
)

SIZES = [pytest.param((60, 20), id="60x20"), pytest.param((80, 24), id="80x24")]
"""The two sizes the README promises every screen is whole at."""


def pack_of(
    folder: Path, *question_ids: str, feedback: str = "immediate", minutes: int = 0
) -> Path:
    """A class pack asking these questions in this order (choices not shuffled)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pack.toml"
    listed = ", ".join(f'"{question_id}"' for question_id in question_ids)
    limit = f"time_limit_minutes = {minutes}\n" if minutes else ""
    path.write_text(
        f'id = "sizes"\ntitle = "Sizes"\nquestions = [{listed}]\nshuffle_choices = false\n'
        f'start = "immediate"\nfeedback = "{feedback}"\n{limit}',
        encoding="utf-8",
    )
    return path


def top_in_view(widget: Widget) -> bool:
    """Whether the widget's first line is on screen inside its scrolling box."""
    box = widget.parent
    while box is not None and not isinstance(box, VerticalScroll):
        box = box.parent
    region = widget.region
    if not widget.display or not region.height:
        return False
    window = box.region if box is not None else widget.screen.region
    return window.contains(region.x, region.y)


def wholly_in_view(widget: Widget) -> bool:
    """Whether every line of the widget is on screen inside its scrolling box."""
    box = widget.parent
    while box is not None and not isinstance(box, VerticalScroll):
        box = box.parent
    window = box.region if box is not None else widget.screen.region
    return widget.display and widget.region.height > 0 and window.contains_region(widget.region)


def engineer_side(screen: QuestionScreen) -> str:
    """The key of the answer leaning furthest to the engineer side (a clear person)."""
    from quizapp.core.bank import FitQuestion

    question = screen.question
    assert isinstance(question, FitQuestion)
    options = question.options
    best = max(range(len(options)), key=lambda i: options[i].engineer - options[i].developer)
    return str(best + 1)


def as_text(widget: Static) -> str:
    """What a Static shows, as plain text lines (its renderable printed 76 columns wide)."""
    import io

    from rich.console import Console

    console = Console(width=76, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined]


def footer_line(pilot: Pilot[None]) -> str:
    """The footer as drawn now."""
    return str(pilot.app.screen.query_one(FitFooter).render())


async def settle(pilot: Pilot[None]) -> None:
    """Let layout, scrolling and refreshes finish."""
    for _ in range(3):
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()


class TestEveryScreenWhole:
    """The head gives the label room; the question shows with its choices; resizing keeps it so."""

    @pytest.mark.parametrize("size", SIZES)
    async def test_a_fit_question_keeps_its_label_and_its_question(
        self, build_app: AppFactory, size: tuple[int, int]
    ) -> None:
        """'Which path fits me?': the counter goes on its own line rather than squeezing the topic
        label into a tower; the label is one line, the prompt and every choice show."""
        app = build_app(profile_name="Ada", mode="fit", questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=size) as pilot:
            screen = await wait_for_question(pilot)
            await settle(pilot)
            where = screen.query_one("#where", Static)
            counter = screen.query_one("#counter", Static)
            assert "more only until the verdict is sure" in str(counter.render())
            assert where.region.height == 1 and where.region.width >= size[0] - 4
            assert counter.region.y > where.region.y  # on a line of its own
            assert top_in_view(screen.query_one("#prompt"))
            assert wholly_in_view(screen.query_one(ChoiceList))

    async def test_a_class_question_with_its_clock_at_60x20(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """A long select-all as a class student's first question, with the clock: the prompt is in
        view (the list's focus never scrolls it off); the title keeps the student's name."""
        pack = pack_of(profiles_dir.parent, "duty-server-memory-keeps-growing", minutes=15)
        app = build_app(profile_name="Ada", pack_path=pack, questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(60, 20)) as pilot:
            screen = await wait_for_question(pilot)
            await settle(pilot)
            assert isinstance(screen.question, MultiQuestion)
            assert str(screen.query_one("#time-left", Static).render()) == "Time left 15:00"
            assert top_in_view(screen.query_one("#prompt"))
            assert str(app.screen.query_one("TitleBar", Static).render()).rstrip().endswith("· Ada")
            body = screen.query_one("#question-body", VerticalScroll)
            assert body.max_scroll_y > 0  # the choices go on below: the case that hid the prompt
            await pilot.press("pagedown", "pagedown")
            await settle(pilot)
            assert not top_in_view(screen.query_one("#prompt"))
            await pilot.press("pageup", "pageup")
            await settle(pilot)
            assert top_in_view(screen.query_one("#prompt"))
            await pilot.press("end")  # the last choice...
            await settle(pilot)
            choices = screen.query_one(ChoiceList)
            assert choices.highlighted == len(choices.choices) - 1
            assert not top_in_view(screen.query_one("#prompt"))  # scrolled to the last choice
            await pilot.press("home")  # ...and Home: the first, with the question above it
            await settle(pilot)
            assert top_in_view(screen.query_one("#prompt"))
            assert screen.query_one(ChoiceList).highlighted == 0

    async def test_the_first_question_after_a_resume_shows_its_prompt(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Leave on a long select-all, come back through Resume at 60x20: the prompt is in view."""
        pack = pack_of(
            profiles_dir.parent, "duty-backend-frontend-split", "duty-server-memory-keeps-growing"
        )
        app = build_app(profile_name="Ada", pack_path=pack, questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(60, 20)) as pilot:
            await wait_for_question(pilot)
            await answer_current(pilot)
        again = build_app(profile_name="Ada", pack_path=pack, questions_dir=REAL_QUESTIONS)
        async with again.run_test(size=(60, 20)) as pilot:
            screen = await wait_for_question(pilot)
            await settle(pilot)
            assert isinstance(screen.question, MultiQuestion)
            assert top_in_view(screen.query_one("#prompt"))

    @pytest.mark.parametrize("answered", [False, True], ids=["asking", "feedback"])
    async def test_resizing_60x20_80x24_60x20_keeps_the_question_whole(
        self, build_app: AppFactory, answered: bool
    ) -> None:
        """Grown from 60x20 after scrolling down, no stale scroll hides a choice above blank lines;
        shrunk again, the question and its counter still show."""
        app = build_app(profile_name="Ada", mode="quick", questions_dir=REAL_QUESTIONS, seed=1)
        async with app.run_test(size=(60, 20)) as pilot:
            screen = await wait_for_question(pilot)
            if answered:
                await answer_current(pilot, right=False)
            await pilot.press("pagedown", "pagedown")
            await settle(pilot)
            for size in ((80, 24), (60, 20)):
                await pilot.resize_terminal(*size)
                await settle(pilot)
                for box in screen.query(VerticalScroll):
                    if box.display:
                        assert 0 <= box.scroll_y <= box.max_scroll_y, (size, box.id)
                body = screen.query_one("#question-body", VerticalScroll)
                if body.virtual_size.height <= body.region.height:
                    assert body.scroll_y == 0
                assert top_in_view(screen.query_one("#counter"))
                if answered:  # the feedback's box shows, a few lines of it at least
                    box = screen.query_one("#feedback-scroll")
                    assert box.region.height >= 3 and screen.region.contains_region(box.region)
                elif size == (80, 24):
                    assert wholly_in_view(screen.query_one(ChoiceList))
                    assert top_in_view(screen.query_one("#prompt"))


class TestKeysDoWhatHelpSays:
    """Feedback scrolls by keyboard, the footer names only live keys with the right range."""

    async def test_arrows_j_k_and_page_keys_scroll_the_feedback_right_after_an_answer(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """At 80x24, with no Tab first: Down/j and PageDown scroll the feedback, Up/k and Home back."""
        pack = pack_of(profiles_dir.parent, "duty-server-memory-keeps-growing")
        app = build_app(profile_name="Ada", pack_path=pack, questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            await answer_current(pilot, right=False)
            await settle(pilot)
            box = screen.query_one("#feedback-scroll", VerticalScroll)
            assert box.max_scroll_y > 2
            assert "Scroll" in footer_line(pilot)
            steps = [("down", 1), ("j", 2), ("up", 1), ("k", 0), ("pagedown", None)]
            for key, expected in steps:
                await pilot.press(key)
                await settle(pilot)
                if expected is None:
                    assert box.scroll_y > 2
                else:
                    assert box.scroll_y == expected, key
            await pilot.press("home")
            await settle(pilot)
            assert box.scroll_y == 0
            await pilot.press("end")
            await settle(pilot)
            assert box.scroll_y == box.max_scroll_y

    @pytest.mark.parametrize(
        ("question_id", "before", "enter"),
        [
            ("tiny-duty-true-false", "Choose", False),
            ("tiny-duty-role", "Choose", False),
            ("tiny-duty-single", "Choose", False),
            ("tiny-duty-multi", "Tick", True),
        ],
    )
    async def test_the_footer_names_the_range_of_this_question(
        self,
        build_app: AppFactory,
        profiles_dir: Path,
        question_id: str,
        before: str,
        enter: bool,
    ) -> None:
        """1-2 on true/false, 1-3 on a role question; a select-all ticks and Enter submits; after
        the answer only Next and the keys that work then."""
        pack = pack_of(profiles_dir.parent, question_id)
        app = build_app(profile_name="Ada", pack_path=pack)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            count = len(screen.query_one(ChoiceList).choices)
            line = footer_line(pilot)
            assert f"1-{count} {before}" in line and "1-9" not in line
            assert ("enter Submit" in line) is enter
            assert "Next" not in line
            await answer_current(pilot, right=False)
            await settle(pilot)
            line = footer_line(pilot)
            assert "n/enter Next" in line and "Choose" not in line and "Tick" not in line

    @pytest.mark.parametrize(
        ("size", "where", "keys", "shown"),
        [
            pytest.param((80, 24), HomeScreen, [], "enter Open", id="home"),
            pytest.param((80, 24), "path", ["p"], "enter Details", id="path-narrow"),
        ],
    )
    async def test_enter_is_shown_where_it_opens_something(
        self,
        build_app: AppFactory,
        size: tuple[int, int],
        where: object,
        keys: list[str],
        shown: str,
    ) -> None:
        """Enter on home's menu and, under 90 columns, on the path's steps: the footer says so."""
        from quizapp.ui.screens.path import PathScreen

        app = build_app(profile_name="Ada", questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=size) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press(*keys)
            if keys:
                await wait_for_screen(pilot, PathScreen)
            await settle(pilot)
            assert shown in footer_line(pilot)

    @pytest.mark.first
    @pytest.mark.parametrize("size", SIZES)
    async def test_footers_fit_whole_and_keep_help(
        self, build_app: AppFactory, size: tuple[int, int]
    ) -> None:
        """On every screen on the way (welcome, home, a question and its feedback, results, path,
        comparison, help): the footer fits the width, no key cut in the middle, Help always there."""
        from quizapp.ui.screens.compare import CompareScreen
        from quizapp.ui.screens.path import PathScreen

        app = build_app(questions_dir=REAL_QUESTIONS, seed=2)
        seen: list[str] = []

        async def check() -> None:
            await settle(pilot)
            footer = app.screen.query_one(FitFooter)
            line = str(footer.render())
            seen.append(type(app.screen).__name__)
            assert len(line) <= size[0], (seen[-1], line)
            assert "Help" in line or isinstance(app.screen, HelpScreen | NoteScreen), line
            for hint in footer.hints:
                assert hint.end <= size[0] + 1

        async with app.run_test(size=size) as pilot:
            await wait_for_screen(pilot, WelcomeScreen)
            await check()
            await pilot.press(*"Ada", "enter")
            await wait_for_screen(pilot, HomeScreen)
            await check()
            await pilot.press("p")
            await wait_for_screen(pilot, PathScreen)
            await check()
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("c")
            await wait_for_screen(pilot, CompareScreen)
            await check()
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("question_mark")
            await wait_for_screen(pilot, HelpScreen)
            await check()
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("down", "enter")  # the quick quiz (the menu starts on the full one)
            screen = await wait_for_question(pilot)
            for _ in range(screen.session.total):
                await check()
                await answer_current(pilot, right=False)
                await check()
                await pilot.press("n")
            await wait_for_screen(pilot, ResultsScreen)
            await check()
        assert {"WelcomeScreen", "HomeScreen", "QuestionScreen", "ResultsScreen"} <= set(seen)


class TestEscapeNeverQuits:
    """Escape goes back, or stays; q and ctrl+q quit; a browser student has no key that quits."""

    async def test_escape_on_home_and_welcome_stays(self, build_app: AppFactory) -> None:
        """Escape on the welcome screen and on home (twice): still running; q on home quits."""
        app = build_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_screen(pilot, WelcomeScreen)
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen) and app.is_running
            await pilot.press(*"Ada", "enter")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("escape", "escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and app.is_running
            await pilot.press("s")  # Switch profile: the welcome screen again
            await wait_for_screen(pilot, WelcomeScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen) and app.is_running
            await pilot.press("down", "enter")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("q")
            await pilot.pause()
        assert app.return_code == 0

    async def test_escape_in_a_quiz_goes_home(self, build_app: AppFactory) -> None:
        """Escape on a question leaves it (saved) for home, never the app."""
        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_question(pilot)
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and app.is_running

    async def test_a_browser_student_cannot_end_their_session_by_a_key(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Under `quizapp serve`: ctrl+q, q and Escape on home, Escape in the quiz: still running;
        the footer offers no Quit."""
        pack = pack_of(profiles_dir.parent, "tiny-duty-single", "tiny-duty-true-false")
        app = build_app(profile_name="Ada", pack_path=pack, class_student=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_question(pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert app.is_running
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
            assert "Quit" not in footer_line(pilot)
            for key in ("q", "escape", "ctrl+q"):
                await pilot.press(key)
                await pilot.pause()
                assert app.is_running and isinstance(app.screen, HomeScreen), key


class TestHelpIsAKeyTableFirst:
    """F1/? shows the keys of the screen it was opened on, grouped, before the longer help."""

    async def test_help_on_a_question_lists_its_keys_first_and_escape_closes_it(
        self, build_app: AppFactory
    ) -> None:
        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_question(pilot)
            await pilot.press("question_mark")
            await wait_for_screen(pilot, HelpScreen)
            keys = as_text(app.screen.query_one("#help-keys", Static))
            assert keys.startswith("Keys here: A question")
            groups = [line for line in keys.splitlines() if line and not line.startswith(" ")]
            assert groups[1:] == ["Answer", "After the answer", "Leave", "Everywhere"]
            assert "Escape / q" in keys and "scroll the feedback" in keys
            assert "esc Close" in footer_line(pilot)
            await pilot.press("escape")
            await wait_for_screen(pilot, QuestionScreen)

    @pytest.mark.parametrize(
        "screen_class",
        [
            "quizapp.ui.screens.welcome:WelcomeScreen",
            "quizapp.ui.screens.home:HomeScreen",
            "quizapp.ui.screens.question:QuestionScreen",
            "quizapp.ui.screens.results:ResultsScreen",
            "quizapp.ui.screens.path:PathScreen",
            "quizapp.ui.screens.compare:CompareScreen",
            "quizapp.ui.screens.error:ErrorScreen",
            "quizapp.ui.screens.note:NoteScreen",
            "quizapp.ui.screens.path_chooser:PathChooser",
            "quizapp.ui.screens.confirm:ConfirmScreen",
            "quizapp.ui.screens.confirm:ResumeOrAfresh",
            "quizapp.ui.screens.help:HelpScreen",
        ],
    )
    def test_every_key_a_screen_binds_is_in_its_help(self, screen_class: str) -> None:
        """Each key a screen binds (shown or not) is named in its help table, so help says what
        the footer and the keys do."""
        import importlib

        from textual.binding import Binding

        module, name = screen_class.split(":")
        screen = getattr(importlib.import_module(module), name)
        table = " ".join(f"{keys} {what}" for _, rows in screen.KEY_HELP for keys, what in rows)
        named = table.casefold().replace("escape", "escape esc")
        spoken = {"question_mark": "?", "pageup": "pageup", "pagedown": "pagedown"}
        for entry in screen.BINDINGS:
            binding = entry if isinstance(entry, Binding) else Binding(*entry)
            for key in binding.key.split(","):
                if key in {"2", "3", "4", "5", "6", "7", "8", "9"}:
                    continue  # the 1-9 range
                word = spoken.get(key, key).casefold()
                assert word in named.replace(" ", "").replace("/", "") or word in named, (
                    name,
                    key,
                )


class TestCountsTellTheTruth:
    """The counter separates the parts; answers about you go on at once, one key from their note."""

    async def test_a_fit_answer_moves_on_at_once_and_e_shows_what_it_meant(
        self, build_app: AppFactory
    ) -> None:
        app = build_app(profile_name="Ada", mode="fit", questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            first = screen.question
            assert first is not None
            await pilot.press("1")
            await settle(pilot)
            assert screen.question is not first and not screen.answered  # the next, at once
            assert "Question 2 · more only until the verdict is sure" in str(
                screen.query_one("#counter", Static).render()
            )
            note = str(screen.query_one("#last-note", Static).render())
            assert note.startswith("● e: what it means · Noted: "), note
            assert "e Your last answer" in footer_line(pilot)
            await pilot.press("e")
            await wait_for_screen(pilot, NoteScreen)
            text = str(app.screen.query_one("#note-text", Static).render())
            assert "Not scored: it helps decide which path fits you." in text
            assert "Source: " in text
            await pilot.press("escape")
            await wait_for_screen(pilot, QuestionScreen)
        saved = sorted((app.store.folder / "ada" / "attempts").glob("*.toml"))
        data = tomllib.loads(saved[-1].read_text(encoding="utf-8"))
        assert [answer["question_id"] for answer in data["answers"]] == [first.id]

    async def test_a_full_assessment_counts_knowledge_readiness_and_about_you(
        self, build_app: AppFactory
    ) -> None:
        """In the app: "Knowledge n of K" and "Readiness n of R" as they come, then "About you"."""
        app = build_app(profile_name="Ada", mode="full")
        said: list[str] = []
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await wait_for_question(pilot)
            for _ in range(40):
                if not isinstance(app.screen, QuestionScreen):
                    break
                said.append(str(screen.query_one("#counter", Static).render()))
                await answer_current(pilot, right=True)
                await pilot.press("n")
                await pilot.pause()
        knowledge = [words for words in said if words.startswith("Knowledge ")]
        assert knowledge and knowledge[0] == f"Knowledge 1 of {len(knowledge)}"
        assert any(words.startswith("Readiness 1 of ") for words in said)
        assert any(words.startswith("About you 1 · ") for words in said)
        assert not any(words.startswith("Question ") for words in said)


class TestHomeAndHistory:
    """Home at 80x24 says who you are and where you stand; history names modes and verdicts."""

    async def test_home_at_80x24_shows_greeting_next_step_verdict_and_progress(
        self, build_app: AppFactory
    ) -> None:
        """After a "Which path fits me?" run: greeting, verdict with strength, progress and the
        next step all in view at once, with the menu on the next step."""
        app = build_app(profile_name="Ada", mode="fit", questions_dir=REAL_QUESTIONS)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_question(pilot)
            for _ in range(30):
                screen = app.screen
                if not isinstance(screen, QuestionScreen):
                    break
                await pilot.press(engineer_side(screen))
                await pilot.pause()
            await wait_for_screen(pilot, ResultsScreen)
            await pilot.press("h")
            await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
            screen = app.screen
            for selector in ("#greeting", "#standing", "#next-step", "#menu"):
                assert wholly_in_view(screen.query_one(selector)) or selector == "#menu"
            assert top_in_view(screen.query_one("#menu"))
            standing = str(screen.query_one("#standing", Static).render())
            assert standing.startswith("Which path fits you: ")
            # The verdict with its strength, in the verdict's own words.
            assert "fits you better: a " in standing.splitlines()[0]
            assert "steps done" in standing
            next_step = str(screen.query_one("#next-step", Static).render())
            assert next_step.startswith("Next")
            history = str(screen.query_one("#history", Static).render())
            assert "Which path fits me?" in history and " lean. · finished" in history
            assert "–" not in history

    async def test_a_new_person_is_told_where_to_start(self, build_app: AppFactory) -> None:
        """No answers yet: the next step is the full assessment, and the menu starts on it."""
        app = build_app(profile_name="Ada")
        async with app.run_test(size=(60, 20)) as pilot:
            await wait_for_screen(pilot, HomeScreen)
            await settle(pilot)
            screen = app.screen
            next_step = str(screen.query_one("#next-step", Static).render())
            assert next_step.startswith("New here? Start with the full assessment")
            assert top_in_view(screen.query_one("#greeting"))
            assert top_in_view(screen.query_one("#next-step"))
            menu = screen.query_one("#menu")
            assert menu.highlighted == 0  # type: ignore[attr-defined]
            assert str(menu.get_option_at_index(0).prompt).startswith(  # type: ignore[attr-defined]
                "Full assessment: "
            )


class TestSmallerItems:
    """Ticks kept, honest dialog words, the name field at 60x20."""

    async def test_ticks_on_an_unsubmitted_select_all_are_kept_on_leave_and_resume(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """Tick two choices, leave (Escape): Resume shows them ticked; so does a new start; the
        submitted answer clears them from the file."""
        pack = pack_of(profiles_dir.parent, "tiny-duty-multi", "tiny-duty-single")
        app = build_app(profile_name="Ada", pack_path=pack)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            await pilot.press("1", "3", "escape")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("enter")  # the class quiz again: it resumes
            screen = await wait_for_question(pilot)
            assert screen.query_one(ChoiceList).ticked == {0, 2}
        attempt = sorted((profiles_dir / "ada" / "attempts").glob("*.toml"))[-1]
        assert tomllib.loads(attempt.read_text("utf-8"))["ticked"] == {"tiny-duty-multi": [0, 2]}
        again = build_app(profile_name="Ada", pack_path=pack)
        async with again.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            choices = screen.query_one(ChoiceList)
            assert choices.ticked == {0, 2}
            assert "[x]" in choices.line_text(0) and "[ ]" in choices.line_text(1)
            await pilot.press("2", "enter")  # tick one more and submit
            await pilot.pause()
            assert screen.answered
        data = tomllib.loads(attempt.read_text("utf-8"))
        assert "ticked" not in data
        assert data["answers"][0]["response"] == [0, 1, 2]

    async def test_the_unfinished_attempt_dialog_says_what_each_choice_does(
        self, build_app: AppFactory
    ) -> None:
        """An unfinished topic quiz, then Review chosen: the buttons name both quizzes."""
        from textual.widgets import Button

        from quizapp.ui.screens.confirm import ResumeOrAfresh

        app = build_app(profile_name="Ada", mode="topic:tools")
        async with app.run_test(size=(60, 20)) as pilot:
            await wait_for_question(pilot)
            await answer_current(pilot, right=False)
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)
            await pilot.press("down")  # Full assessment, after Resume (where the menu starts)
            await pilot.press("enter")
            await wait_for_screen(pilot, ResumeOrAfresh)
            dialog = app.screen
            question = str(dialog.query_one(Static).render())
            assert "By topic: tools (1 of " in question
            assert "leave it unfinished and start Full assessment instead?" in question
            assert str(dialog.query_one("#resume", Button).label) == "Resume By topic: tools (r)"
            assert str(dialog.query_one("#afresh", Button).label) == "Start Full assessment (a)"
            for button in dialog.query(Button):
                assert wholly_in_view(button)
            await pilot.press("escape")
            await wait_for_screen(pilot, HomeScreen)

    async def test_the_name_field_placeholder_is_whole_at_60x20(
        self, build_app: AppFactory
    ) -> None:
        """The placeholder fits the field; the rules for names are said in a line of their own."""
        app = build_app()
        async with app.run_test(size=(60, 20)) as pilot:
            await wait_for_screen(pilot, WelcomeScreen)
            await settle(pilot)
            field = app.screen.query_one("#name", Input)
            assert len(field.placeholder) <= field.content_region.width
            rules = str(app.screen.query_one("#name-rules", Static).render())
            assert "Letters, digits, spaces, - and _" in rules
            assert top_in_view(app.screen.query_one("#name-rules"))

    async def test_review_times_read_as_a_person_says_them(
        self, build_app: AppFactory, profiles_dir: Path
    ) -> None:
        """A right answer in a review comes back "Wednesday, 09:30", not a date and a zone."""
        from datetime import timedelta

        from quizapp.core.store import ProfileStore

        from .conftest import FIXED_NOW

        app = build_app(profile_name="Ada", mode="quick")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            for _ in range(screen.session.total):
                await answer_current(pilot, right=False)
                await pilot.press("n")
        later = FIXED_NOW + timedelta(days=1)
        app = build_app(
            profile_name="Ada", mode="review", store=ProfileStore(profiles_dir, clock=lambda: later)
        )
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await wait_for_question(pilot)
            await answer_current(pilot, right=True)
            feedback = str(screen.query_one("#feedback", Static).render())
            assert "Comes back for review: Wednesday, 09:30" in feedback
            assert "UTC" not in feedback
