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
from quizapp.ui.messages import GoHome, ShowComparison, ShowPath, SwitchProfile
from quizapp.ui.notify import PlainNotifications
from quizapp.ui.one_layout import install as install_one_layout

if TYPE_CHECKING:
    from collections.abc import Iterable

    from quizapp.core.bank import Bank
    from quizapp.core.packs import Pack
    from quizapp.core.profile import Attempt
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
        from quizapp.core.store import (
            InvalidNameError,
            ProfileError,
            ProfileLockedError,
            check_name,
        )

        bank = await self.bank()
        if bank is None:
            return
        if self.setup.pack_path is not None and self.pack is None:
            if not self._load_pack(bank):
                return
        try:
            stored = self.store.stored_name(name)
            if stored is not None and stored != check_name(name):
                # Names that fold to the same folder are the same profile: ask before opening it.
                from quizapp.ui.screens.confirm import ConfirmScreen

                question = f"A profile named {stored} already exists in this folder; is that you?"
                if not await self.push_screen_wait(ConfirmScreen(question)):
                    self._leave_with(
                        f"A profile named {stored} already exists in this folder: choose another "
                        "name."
                    )
                    return
                name = stored
            person = self.store.open(name)
        except InvalidNameError as error:
            self._leave_with(f"Profile name {name!r} is not allowed: {error}")
            return
        except ProfileLockedError as error:
            self._leave_with(str(error.problem))
            return
        except ProfileError as error:
            from quizapp.ui.screens.error import ErrorScreen

            self._show(ErrorScreen(error.problem, name=name, corrupt=error.corrupt))
            return
        self.person = person
        if self.pack is not None:
            # Whose quiz it is, on every screen: a class shares screens and devices.
            self.sub_title = f"{self.pack.title} · {person.profile.name}"
        self._apply_theme(person.profile.settings.theme)
        if person.read_only is not None:
            self.notify(
                f"Opened {person.profile.name} read-only: {person.read_only}.",
                title="Read-only",
                severity="warning",
                timeout=20,
            )
        if self.pack is not None:
            await self.start_pack()
        elif self.setup.mode:
            mode, topic = parse_mode(self.setup.mode)
            await self.start_quiz(mode, topic)
        else:
            self.go_home()

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
                self._saved(person.save)

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

    def _writable(self, person: OpenProfile) -> bool:
        """Whether answers can be saved; if not, say why and stay home (quizzes are off)."""
        if person.read_only is None:
            return True
        self.notify(
            f"Quizzes are off: answers cannot be saved ({person.read_only}).",
            title="Read-only",
            severity="warning",
            timeout=15,
        )
        if len(self.screen_stack) < 2 or self.setup.mode or self.pack is not None:
            self.go_home()
        return False

    async def start_quiz(
        self, mode: str, topic: str | None = None, *, ask: bool = True, ask_same: bool = False
    ) -> None:
        """Start a quiz of `mode`, resuming the unfinished one of the same mode.

        With an unfinished attempt of another mode (or of the same mode, with `ask_same`: a choice
        on home), `ask` offers Resume or Start again (the old attempt is kept, marked abandoned);
        without `ask` it is abandoned straight away. `--mode` alone resumes the same mode.
        """
        from quizapp.core.session import NothingToAsk, QuizSession, plan_attempt

        bank = await self.bank()
        person = self.person
        if bank is None or person is None or not self._writable(person):
            return
        readable, current = self._current_attempt(person)
        if not readable:
            return
        if current is not None and current.mode == mode and current.topic == topic and not ask_same:
            self.resume(current)
            return
        if current is not None:
            if ask:
                from quizapp.ui.screens.confirm import ResumeOrAfresh

                choice = await self.push_screen_wait(ResumeOrAfresh(current.mode, current.topic))
                if choice == "resume":
                    self.resume(current)
                    return
                if choice != "afresh":
                    if len(self.screen_stack) < 2:  # started with --mode: nothing behind, go home
                        self.go_home()
                    return
            if not self._saved(lambda: QuizSession(bank, person, current).close("abandoned")):
                return
        try:
            attempt = plan_attempt(
                bank,
                person.profile,
                mode,  # type: ignore[arg-type]
                seed=self._new_seed(),
                now=self.store.clock(),
                topic=topic,
            )
        except NothingToAsk as error:
            self.notify(str(error), title="Nothing to ask")
            if not self.screen_stack or len(self.screen_stack) < 2 or self.setup.mode:
                self.go_home()
            return
        self._start(bank, person, attempt)

    def _saved(self, write: Callable[[], object]) -> bool:
        """Run a save; on a write failure say it was not saved and why, go home, return False."""
        from quizapp.core.store import describe_write_error

        try:
            write()
        except OSError as error:
            self.notify(
                f"Nothing was saved: {describe_write_error(error)}. Your earlier answers are safe.",
                title="Not saved",
                severity="error",
                timeout=15,
            )
            if len(self.screen_stack) < 2 or self.setup.mode or self.pack is not None:
                self.go_home()
            return False
        return True

    def _start(self, bank: Bank, person: OpenProfile, attempt: Attempt) -> None:
        """Save a new attempt and ask it (or say why it could not be saved)."""
        from quizapp.core.session import QuizSession

        sessions: list[QuizSession] = []
        if self._saved(
            lambda: sessions.append(
                QuizSession.start(bank, person, attempt, monotonic=self.setup.monotonic)
            )
        ):
            self.ask(sessions[0])

    def _current_attempt(self, person: OpenProfile) -> tuple[bool, Attempt | None]:
        """The unfinished attempt (readable, attempt); a damaged file shows the error screen instead."""
        from quizapp.core.store import ProfileError

        try:
            return True, person.current_attempt()
        except ProfileError as error:
            from quizapp.ui.screens.error import ErrorScreen

            self._show(ErrorScreen(error.problem, name=person.profile.name, corrupt=error.corrupt))
            return False, None

    async def start_pack(self) -> None:
        """Start (or resume) the classroom pack for the open profile."""
        from quizapp.core.packs import new_pack_attempt
        from quizapp.core.session import QuizSession

        bank = await self.bank()
        person, pack = self.person, self.pack
        if bank is None or person is None or pack is None or self.setup.pack_path is None:
            return
        if not self._writable(person):
            return
        readable, current = self._current_attempt(person)
        if not readable:
            return
        if current is not None and current.mode == "pack" and current.pack_id == pack.id:
            self.resume(current)
            return
        if current is not None:
            if not self._saved(lambda: QuizSession(bank, person, current).close("abandoned")):
                return
        attempt = new_pack_attempt(
            bank, pack, self.setup.pack_path, person.profile.name, self.store.clock()
        )
        self._start(bank, person, attempt)

    def resume(self, attempt: Attempt) -> None:
        """Continue an unfinished attempt at its first unanswered question."""
        from quizapp.core.session import QuizSession, ResumeReport

        assert self.person is not None and self._bank_worker is not None
        bank = self._bank_worker.result
        assert bank is not None
        session = QuizSession(bank, self.person, attempt, monotonic=self.setup.monotonic)
        reports: list[ResumeReport] = []
        if not self._saved(lambda: reports.append(session.reconcile())):
            return
        report = reports[0]
        if report.removed or report.edited:
            self.notify(
                f"Since you started, {plural(report.removed, 'question')} "
                f"{'was' if report.removed == 1 else 'were'} removed from the bank (skipped) and "
                f"{report.edited} {'was' if report.edited == 1 else 'were'} edited (asked again).",
                title="The questions changed",
                timeout=8,
            )
        if session.is_complete:
            self._saved(lambda: session.close("abandoned"))
            self.show_results(session)
            return
        self.ask(session)

    def ask(self, session: QuizSession) -> None:
        """Show the question screen for a session."""
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
        from quizapp.core.compare import load_comparison
        from quizapp.core.loader import Documents
        from quizapp.ui.screens.compare import CompareScreen

        if isinstance(self.screen, CompareScreen):
            return
        documents = Documents.load(self.library.seeds_dir)
        comparison, _ = load_comparison(self.library.questions_dir, documents)
        if comparison is None:
            self.notify(
                "The comparison of the two roles is missing or broken: run `quizapp check`."
            )
            return
        self.push_screen(CompareScreen(comparison, sorted(documents.texts)))

    def on_show_comparison(self, _: ShowComparison) -> None:
        """A screen asked for the comparison of the two roles."""
        self.show_comparison()

    def on_show_path(self, _: ShowPath) -> None:
        """A screen asked for the learning path (never during a class quiz)."""
        if self.pack is None:
            self.show_path()

    def on_go_home(self, _: GoHome) -> None:
        """A screen asked to go home."""
        if self.person is not None:
            self.go_home()

    def on_switch_profile(self, _: SwitchProfile) -> None:
        """A screen asked to close the profile and choose another."""
        self.switch_profile()

    # Actions and commands ----------------------------------------------------

    def action_help(self) -> None:
        """Show the help screen."""
        from quizapp.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

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
