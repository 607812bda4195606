"""The Textual app: built from ready domain objects by `make_app`, it routes between the screens."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker

from quizapp.core.formats import parse_mode, plural
from quizapp.core.library import Library
from quizapp.core.store import ProfileStore
from quizapp.ui.messages import (
    ChoosePath,
    GoHome,
    MoveAside,
    OpenPerson,
    QuitApp,
    ResumeQuiz,
    ShowComparison,
    ShowNote,
    ShowPath,
    ShowResults,
    StartPack,
    StartQuiz,
    SwitchProfile,
)
from quizapp.ui.notify import PlainNotifications
from quizapp.ui.one_layout import install as install_one_layout

if TYPE_CHECKING:
    from collections.abc import Iterable

    from quizapp.core.bank import Bank
    from quizapp.core.flow import Beginning, Damaged, Notice, Waiting
    from quizapp.core.packs import Pack
    from quizapp.core.session import QuizSession
    from quizapp.core.store import OpenProfile

install_one_layout()


@dataclass
class AppSetup:
    """Everything the app needs, built by the CLI (or a test) before the app starts."""

    store: ProfileStore
    """The profile store: the only thing that writes files."""
    library: Library
    """Where the bank and path catalogue come from (loaded after the first paint)."""
    profile_name: str | None = None
    """Open this profile straight away (skips the welcome screen)."""
    mode: str | None = None
    """Start this quiz straight away: quick, full, review or topic:NAME."""
    seed: int | None = None
    """Shuffle seed; None picks a random one (recorded in the attempt)."""
    pack_path: Path | None = None
    """A classroom pack to run instead of the self-assessment modes."""
    monotonic: Callable[[], float] = time.monotonic
    """The clock that times answers; tests fix it so screens are reproducible."""
    collector_paused: bool = False
    """True when the CLI paused the garbage collector for start-up; the app resumes it."""
    class_student: bool = False
    """A browser student under `quizapp serve`: the profile stays the one they joined as, for the
    whole session (no switching, nothing in the palette that leaves the quiz)."""
    on_first_screen: Callable[[], None] | None = None
    """Called once, when the first screen is up (a served student then frees its turn to start)."""


class QuizApp(PlainNotifications):
    """quizapp: learn what backend engineers and developers do, and which path fits you."""

    CSS_PATH = "app.tcss"
    NOTIFICATION_TIMEOUT = 4
    """Toasts go soon: they sit over the content (longer only for warnings that must be read)."""
    TITLE = "quizapp"
    SUB_TITLE = "backend engineer or backend developer?"
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", key_display="F1/?"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]
    """Help and quit work everywhere."""

    def __init__(self, setup: AppSetup) -> None:
        super().__init__()
        self.setup = setup
        """What the CLI built."""
        self.store = setup.store
        """The profile store."""
        self.library = setup.library
        """The bank and catalogue source."""
        self.person: OpenProfile | None = None
        """The open profile, once someone is chosen."""
        self.pack: Pack | None = None
        """The classroom pack being run, if any."""
        self._bank_worker: Worker[Bank] | None = None
        self._collector_paused = setup.collector_paused
        self._first_screen_shown = False

    @property
    def class_student(self) -> bool:
        """A browser student under `quizapp serve`: the profile stays fixed for the session."""
        return self.setup.class_student

    @property
    def profile_named_at_start(self) -> bool:
        """Whether the command line named the profile (there is no welcome screen behind)."""
        return self.setup.profile_name is not None

    # Loading -----------------------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(self.check_size)
        if self.setup.profile_name:
            # Straight to the quiz: loading the bank is the critical path, so it starts at once.
            self._start_bank_load()
            self.run_worker(self.open_profile(self.setup.profile_name))
        else:
            from quizapp.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(self.store, pack_title=self._pack_title()))
            self.call_after_refresh(self._first_screen_up)
            # The welcome screen needs no bank: paint it first, then load while the person reads.
            self.call_after_refresh(self._start_bank_load)

    def on_resize(self) -> None:
        """Below the minimum size, cover everything with "make the terminal bigger"."""
        self.call_after_refresh(self.check_size)

    def check_size(self) -> None:
        """Show or take away the too-small screen to match the terminal's size now."""
        from quizapp.ui.screens.too_small import TooSmallScreen, too_small

        covered = isinstance(self.screen, TooSmallScreen)
        small = too_small(self.size.width, self.size.height)
        if small and not covered:
            self.push_screen(TooSmallScreen())
        elif covered and not small:
            self.pop_screen()

    def _first_screen_up(self) -> None:
        """Once the first screen is up: tell `setup.on_first_screen`, and resume the collector."""
        if not self._first_screen_shown:
            self._first_screen_shown = True
            if self.setup.on_first_screen is not None:
                self.setup.on_first_screen()
        self._resume_collector()

    def _resume_collector(self) -> None:
        """Turn the garbage collector back on once the first screen is up, if the CLI paused it.

        What start-up built lives as long as the app, so it is frozen (never scanned again) and
        collection goes on for what comes after.
        """
        if self._collector_paused:
            self._collector_paused = False
            gc.freeze()
            gc.enable()

    def _pack_title(self) -> str | None:
        """The classroom pack's title for the welcome screen, read cheaply (checked later)."""
        if self.setup.pack_path is None:
            return None
        from quizapp.core.reading import SMALL_FILE_CAP, UnreadableFile, load_toml_file

        try:
            # Bounded and checked like every reader: a damaged pack is reported when it is loaded.
            title = load_toml_file(self.setup.pack_path, SMALL_FILE_CAP).get("title")
        except UnreadableFile:
            return None
        return title if isinstance(title, str) else None

    def _start_bank_load(self) -> None:
        """Load the bank in a thread (once)."""
        if self._bank_worker is None:
            self._bank_worker = self.run_worker(
                self.library.bank, thread=True, exit_on_error=False, name="load-bank", group="bank"
            )

    async def bank(self) -> Bank | None:
        """The bank, waiting for the background load; on a broken bank the app exits with code 1."""
        self._start_bank_load()
        worker = self._bank_worker
        assert worker is not None
        await worker.wait() if not worker.is_finished else None
        if worker.error is not None or worker.result is None:
            from quizapp.core.problems import ProblemsError

            error = worker.error
            if isinstance(error, ProblemsError):
                lines = "\n".join(f"  {problem}" for problem in error.problems)
                count = plural(len(error.problems), "problem")
                message = (
                    f"The question bank has {count}:\n{lines}\nRun `quizapp check` for details."
                )
            else:
                message = f"The question bank could not be loaded: {error}"
            self.exit(return_code=1, message=message)
            return None
        return worker.result

    # Profiles ----------------------------------------------------------------

    async def open_profile(self, name: str) -> None:
        """Open (or create) `name`'s profile, then go home or straight into the chosen quiz."""
        from quizapp.core.flow import ConfirmName, Damaged, Opened, Refused, open_person

        bank = await self.bank()
        if bank is None:
            return
        if self.setup.pack_path is not None and self.pack is None:
            if not self._load_pack(bank):
                return
        opening = open_person(self.store, name)
        if isinstance(opening, ConfirmName):
            from quizapp.ui.screens.confirm import ConfirmScreen

            if not await self.push_screen_wait(ConfirmScreen(opening.question)):
                self._leave_with(opening.declined)
                return
            opening = open_person(self.store, opening.stored)
        if isinstance(opening, Refused):
            self._leave_with(opening.message)
            return
        if isinstance(opening, Damaged):
            self._show_damaged(opening)
            return
        if not isinstance(opening, Opened):  # a name asked about twice: said as refused
            self._leave_with(f"The profile {name} cannot be opened: choose another name.")
            return
        person = opening.person
        self.person = person
        if self.pack is not None:
            # Whose quiz it is, on every screen: a class shares screens and devices.
            self.sub_title = f"{self.pack.title} · {person.profile.name}"
        self._apply_theme(person.profile.settings.theme)
        self._say(opening.notice)
        if self.pack is not None:
            await self.start_pack()
        elif self.setup.mode:
            mode, topic = parse_mode(self.setup.mode)
            await self.start_quiz(mode, topic)
        else:
            self.go_home()

    def _say(self, notice: Notice | None) -> None:
        """Show a notice of the flow as a toast."""
        if notice is not None:
            self.notify(
                notice.message, title=notice.title, severity=notice.severity, timeout=notice.timeout
            )

    def _show_damaged(self, damaged: Damaged) -> None:
        """A profile or attempt file that cannot be read: the error screen, with its safe choices."""
        from quizapp.ui.screens.error import ErrorScreen

        self._show(ErrorScreen(damaged.problem, name=damaged.name, corrupt=damaged.corrupt))

    def _leave_with(self, message: str) -> None:
        """Back to the welcome screen with `message`, or exit with it when the CLI named the profile."""
        from quizapp.ui.screens.welcome import WelcomeScreen

        if isinstance(self.screen, WelcomeScreen):
            self.screen.show_error(message)
        else:
            self.exit(return_code=1, message=message)

    def _load_pack(self, bank: Bank) -> bool:
        from quizapp.core.packs import load_pack

        assert self.setup.pack_path is not None
        pack, problems = load_pack(self.setup.pack_path, bank)
        if pack is None:
            lines = "\n".join(f"  {problem}" for problem in problems)
            self.exit(return_code=1, message=f"The quiz pack cannot be used:\n{lines}")
            return False
        self.pack = pack
        return True

    def _apply_theme(self, theme: str) -> None:
        if theme in self.available_themes:
            self.theme = theme

    def watch_theme(self, theme: str) -> None:
        """Remember a theme chosen from the command palette in the person's profile."""
        person = self.person
        if person is not None and person.profile.settings.theme != theme:
            person.profile.settings.theme = theme
            if person.read_only is None:
                from quizapp.core.store import describe_write_error

                try:
                    person.save()
                except OSError as error:
                    self.notify(
                        f"The theme was not saved: {describe_write_error(error)}.",
                        severity="error",
                    )

    def _show(self, screen: Screen[Any]) -> None:
        """Replace whatever is on top (welcome, home, a quiz) with `screen`, keeping one base screen."""
        from quizapp.ui.screens.too_small import TooSmallScreen

        self.call_after_refresh(self._first_screen_up)
        # Toasts belong to the screen they were raised on. One raised by the handler that is
        # switching now is still a pending message, so it arrives after this and stays.
        self.clear_notifications()
        if isinstance(self.screen, TooSmallScreen):
            self.pop_screen()  # put back over the new screen below, if still too small
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        # Always, not only when the too-small screen was on top: the check that start-up asked
        # for waits on the screen that was current then, and a screen covered before it refreshes
        # never runs it.
        self.call_after_refresh(self.check_size)

    def go_home(self) -> None:
        """Show the person's home screen."""
        from quizapp.ui.screens.home import HomeScreen

        assert self.person is not None
        self._show(HomeScreen())

    def close_profile(self) -> None:
        """Close the open profile, if any (its lock is released)."""
        if self.person is not None:
            self.person.close()
            self.person = None

    def switch_profile(self) -> None:
        """Close the profile and go back to the welcome screen (never for a browser student)."""
        from quizapp.ui.screens.welcome import WelcomeScreen

        if self.setup.class_student:
            name = self.person.profile.name if self.person else "this student"
            self.notify(f"You joined as {name}. To change student, ask your teacher.")
            return

        self.close_profile()
        self._show(WelcomeScreen(self.store, pack_title=self._pack_title()))

    # Quizzes -----------------------------------------------------------------

    def _new_seed(self) -> int:
        """The seed for a new attempt: the CLI's --seed, else a random one (recorded)."""
        import random

        return self.setup.seed if self.setup.seed is not None else random.randrange(1_000_000)

    async def start_quiz(
        self, mode: str, topic: str | None = None, *, ask_same: bool = False
    ) -> None:
        """Begin a quiz of `mode` as the flow decides (`quizapp.core.flow.begin`): resume it, ask
        Resume or Start again about an unfinished one, or start it."""
        from quizapp.core.flow import begin

        bank = await self.bank()
        person = self.person
        if bank is None or person is None:
            return
        beginning = begin(
            bank,
            person,
            mode,
            topic,
            seed=self._new_seed(),
            now=self.store.clock(),
            ask_same=ask_same,
            monotonic=self.setup.monotonic,
        )
        await self._render_beginning(bank, person, beginning, mode, topic)

    async def _render_beginning(
        self, bank: Bank, person: OpenProfile, beginning: Beginning, mode: str, topic: str | None
    ) -> None:
        """Show what the flow decided: the question, the resume-or-afresh question, or why not."""
        from quizapp.core.flow import (
            AskResumeOrAfresh,
            ClassDone,
            ClassEnded,
            Damaged,
            Resumed,
            Started,
            Waiting,
            resume,
            start_afresh,
        )

        if isinstance(beginning, AskResumeOrAfresh):
            from quizapp.ui.screens.confirm import ResumeOrAfresh

            choice = await self.push_screen_wait(
                ResumeOrAfresh(beginning.question, beginning.resume_label, beginning.afresh_label)
            )
            if choice == "resume":
                beginning = resume(bank, person, beginning.current, monotonic=self.setup.monotonic)
            elif choice == "afresh":
                beginning = start_afresh(
                    bank,
                    person,
                    beginning.current,
                    mode,
                    topic,
                    seed=self._new_seed(),
                    now=self.store.clock(),
                    monotonic=self.setup.monotonic,
                )
            else:
                if len(self.screen_stack) < 2:  # started with --mode: nothing behind, go home
                    self.go_home()
                return
        if isinstance(beginning, Resumed | Started):
            self._say(beginning.notice if isinstance(beginning, Resumed) else None)
            self.ask(beginning.session)
        elif isinstance(beginning, Damaged):
            self._show_damaged(beginning)
        elif isinstance(beginning, AskResumeOrAfresh):  # never asked twice
            return
        elif isinstance(beginning, Waiting):
            self._wait_in_lobby(beginning)
        elif isinstance(beginning, ClassDone):
            from quizapp.ui.screens.results import ResultsScreen

            self._show(ResultsScreen(beginning.attempt))
        elif isinstance(beginning, ClassEnded):
            self._say(beginning.notice)
            self.go_home()
        else:
            self._say(beginning.notice)
            if len(self.screen_stack) < 2 or self.setup.mode or self.pack is not None:
                self.go_home()

    async def start_pack(self) -> None:
        """Begin (or resume) the classroom pack for the open profile."""
        from quizapp.core.flow import begin_pack

        bank = await self.bank()
        person, pack = self.person, self.pack
        if bank is None or person is None or pack is None or self.setup.pack_path is None:
            return
        beginning = begin_pack(
            bank,
            person,
            pack,
            self.setup.pack_path,
            now=self.store.clock(),
            monotonic=self.setup.monotonic,
        )
        await self._render_beginning(bank, person, beginning, "pack", None)

    def _wait_in_lobby(self, waiting: Waiting) -> None:
        """Show the lobby (once: it asks the flow again each second until the teacher starts)."""
        from quizapp.ui.screens.lobby import LobbyScreen

        if not isinstance(self.screen, LobbyScreen):
            assert self.pack is not None
            self._show(LobbyScreen(self.pack.title, waiting.words))

    async def resume_current(self) -> None:
        """Go on with the unfinished attempt (home's Resume)."""
        from quizapp.core.flow import resume_current

        bank = await self.bank()
        person = self.person
        if bank is None or person is None:
            return
        beginning = resume_current(bank, person, monotonic=self.setup.monotonic)
        await self._render_beginning(bank, person, beginning, "", None)

    def ask(self, session: QuizSession) -> None:
        """Show the question screen for a session (its results when nothing is left to ask)."""
        from quizapp.ui.screens.question import QuestionScreen

        self._show(QuestionScreen(session))

    def show_results(self, session: QuizSession) -> None:
        """Show an attempt's results."""
        from quizapp.ui.screens.results import ResultsScreen

        self._show(ResultsScreen(session.attempt))

    def show_path(self) -> None:
        """Show the learning path screen."""
        from quizapp.ui.screens.path import PathScreen

        if self.person is None:
            self.notify("Choose a profile first.")
            return
        catalogue = self.library.catalogue()
        if catalogue is None:
            self.notify("The learning-path catalogue is missing or broken: run `quizapp check`.")
            return
        self.push_screen(PathScreen(catalogue))

    def show_comparison(self) -> None:
        """Show the two roles side by side (loaded and checked when first asked for)."""
        from quizapp.ui.screens.compare import CompareScreen

        if isinstance(self.screen, CompareScreen):
            return
        comparison = self.library.comparison()
        if comparison is None:
            self.notify(
                "The comparison of the two roles is missing or broken: run `quizapp check`."
            )
            return
        self.push_screen(CompareScreen(comparison, self.library.document_names()))

    async def move_aside(self, name: str, file: Path) -> None:
        """Ask, then move a damaged file aside (renamed, never deleted) and open the profile again."""
        from quizapp.ui.screens.confirm import ConfirmScreen

        question = f"Move the damaged file {file.name} aside and go on? It is renamed, not deleted."
        if not await self.push_screen_wait(ConfirmScreen(question)):
            return
        try:
            target = self.store.move_aside(name, file)
        except (OSError, ValueError) as error:
            self.notify(f"Could not move the file aside: {error}", severity="error")
            return
        self.notify(f"Moved the damaged file to {target}", timeout=8)
        # This app may hold the profile open (a broken attempt file): let go before reopening,
        # or the reopen would find the profile locked by this very app.
        self.close_profile()
        await self.open_profile(name)

    # Routing: what screens ask for -------------------------------------------

    def on_open_person(self, message: OpenPerson) -> None:
        """A person was chosen or typed on the welcome screen."""
        self.run_worker(self.open_profile(message.name), exclusive=True)

    def on_start_quiz(self, message: StartQuiz) -> None:
        """A screen asked for a quiz."""
        self.run_worker(
            self.start_quiz(message.mode, message.topic, ask_same=message.ask_same),
            exclusive=True,
        )

    def on_start_pack(self, _: StartPack) -> None:
        """Home asked for the class quiz."""
        self.run_worker(self.start_pack(), exclusive=True)

    def on_resume_quiz(self, _: ResumeQuiz) -> None:
        """Home asked to go on with the unfinished quiz."""
        self.run_worker(self.resume_current(), exclusive=True)

    def on_show_results(self, message: ShowResults) -> None:
        """The question screen is done: the results, then what to say there."""
        self.show_results(message.session)
        self._say(message.notice)

    def on_show_comparison(self, _: ShowComparison) -> None:
        """A screen asked for the comparison of the two roles."""
        self.show_comparison()

    def on_show_path(self, _: ShowPath) -> None:
        """A screen asked for the learning path (never during a class quiz)."""
        if self.pack is None:
            self.show_path()

    def on_show_note(self, message: ShowNote) -> None:
        """A screen asked to show a note over itself."""
        from quizapp.ui.screens.note import NoteScreen

        self.push_screen(NoteScreen(message.title, message.context, message.body, message.after))

    def on_choose_path(self, message: ChoosePath) -> None:
        """The path screen asked which path to follow: the chooser answers it."""
        from quizapp.ui.screens.path_chooser import PathChooser

        self.push_screen(PathChooser(message.choices, message.chosen), message.reply)

    def on_go_home(self, message: GoHome) -> None:
        """A screen asked to go home."""
        if self.person is not None:
            self.go_home()
            self._say(message.notice)

    def on_switch_profile(self, _: SwitchProfile) -> None:
        """A screen asked to close the profile and choose another."""
        self.switch_profile()

    def on_move_aside(self, message: MoveAside) -> None:
        """The error screen asked to move a damaged file aside."""
        self.run_worker(self.move_aside(message.name, message.file))

    def on_quit_app(self, message: QuitApp) -> None:
        """A screen asked to leave the app."""
        self.exit(return_code=message.return_code, message=message.message)

    # Actions and commands ----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A browser student cannot end their session by a key (ctrl+q, q on home): closing the
        tab is the way out, and the teacher's view says they left."""
        if action == "quit" and self.setup.class_student:
            return False
        return True

    def action_help(self) -> None:
        """Show the help screen."""
        from quizapp.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.setup.class_student:
            # Nothing that leaves the quiz: the theme and the help only.
            yield from (
                command
                for command in super().get_system_commands(screen)
                if command.title in ("Theme", "Keys")
            )
            yield SystemCommand("Help", "Keys, modes and where your profile is", self.action_help)
            return
        # Textual's Screenshot cannot deliver its file from a terminal app here: left out, so
        # the palette offers only commands that work.
        yield from (
            command
            for command in super().get_system_commands(screen)
            if command.title != "Screenshot"
        )
        if self.person is not None:
            if self.pack is None:
                yield SystemCommand(
                    "Learning path", "Your recommendation and learning path", self.show_path
                )
            yield SystemCommand("Home", "Back to your home screen", self.go_home)
        if self.pack is None:
            yield SystemCommand(
                "Compare the roles",
                "The backend engineer and developer side by side, with sources",
                self.show_comparison,
            )
        yield SystemCommand("Help", "Keys, modes and where your profile is", self.action_help)

    def on_unmount(self) -> None:
        if self.person is not None:
            self.person.close()


def make_app(
    *,
    profiles_dir: Path,
    questions_dir: Path,
    seeds_dir: Path,
    cache_dir: Path | None = None,
    profile_name: str | None = None,
    mode: str | None = None,
    seed: int | None = None,
    pack_path: Path | None = None,
    store: ProfileStore | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    collector_paused: bool = False,
    class_student: bool = False,
    on_first_screen: Callable[[], None] | None = None,
) -> QuizApp:
    """Build the app from folders and options: the one factory the CLI and the tests share."""
    setup = AppSetup(
        store=store or ProfileStore(profiles_dir, cache_dir=cache_dir),
        library=Library(questions_dir, seeds_dir, cache_dir),
        profile_name=profile_name,
        mode=mode,
        seed=seed,
        pack_path=pack_path,
        monotonic=monotonic,
        collector_paused=collector_paused,
        class_student=class_student,
        on_first_screen=on_first_screen,
    )
    return QuizApp(setup)
