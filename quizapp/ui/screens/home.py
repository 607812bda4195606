"""The home screen of one person: start or resume a quiz, open the learning path, see past attempts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from quizapp.core.flow import MenuEntry, history_lines, home_menu, home_view, pack_entry
from quizapp.core.recommend import retired_notice
from quizapp.core.scoring import attempt_score
from quizapp.ui.messages import (
    ResumeQuiz,
    ShowComparison,
    ShowPath,
    StartPack,
    StartQuiz,
    SwitchProfile,
)
from quizapp.ui.widgets.action_list import ActionList
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.progress_summary import progress_text
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.core.bank import Bank
    from quizapp.core.profile import Answer, Attempt
    from quizapp.ui.context import QuizContext

HISTORY_SHOWN = 8
"""How many past attempts the history lists."""


class HomeScreen(Screen[None]):
    """Who you are and where you stand (greeting, verdict, progress, the one next step), then what
    to do: the menu starts on the next step, and Resume is first when a quiz is unfinished."""

    BINDINGS = [
        ("p", "path", "Path"),
        ("c", "compare", "Compare"),
        ("s", "switch", "Switch profile"),
        ("o", "older", "Older attempts"),
        Binding("q", "app.quit", "Quit"),
        Binding("escape", "nothing", show=False),
    ]
    """Shortcuts beside the menu. q quits; Escape never does (it only ever goes back, and home is
    where back leads)."""

    KEY_HELP = (
        (
            "Choose",
            (
                ("↑ ↓ / j k, Enter", "move in the menu, open what is highlighted"),
                ("p", "your learning path"),
                ("c", "engineer or developer: the two roles side by side"),
                ("s", "switch profile (someone else on this computer)"),
                ("o", "older attempts in the history, when there are more"),
            ),
        ),
        (
            "Leave",
            (
                ("q / ctrl+q", "quit quizapp (every answer is saved)"),
                ("Escape", "stays here: Escape only ever goes back, and never quits"),
            ),
        ),
    )
    """The keys of this screen, grouped, as the help shows them first."""

    AUTO_FOCUS = ""
    """No auto-focus: `on_mount` focuses the menu once its options are in, without scrolling.
    Textual's auto-focus at compose time asked to centre the still-empty menu; the scroll then ran
    against a half-built layout and left home scrolled down, the greeting off the top (a snapshot
    caught it on 3.12 and 3.13, where the scroll lands before the screenshot)."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="home", can_focus=False):
            yield Static("", id="greeting", classes="section-title")
            yield Static("", id="standing")
            yield Static("", id="next-step")
            yield ActionList(id="menu")
            yield Static("Your progress", id="progress-title", classes="section-title")
            yield Static("", id="home-progress")
            yield Static("History", classes="section-title")
            yield Static("", id="history")
            yield Static("", id="scores-label", classes="muted")
            yield Sparkline([], id="scores")
            yield Static("", id="profile-file", classes="muted")
        yield FitFooter()

    async def on_mount(self) -> None:
        person = self.app.person
        assert person is not None
        bank = await self.app.bank()
        if bank is None:
            return
        pack = self.app.pack
        now = self.app.store.clock()
        class_entry = pack_entry(person, pack, now) if pack is not None else None
        catalogue = self.app.library.catalogue() if pack is None else None
        view = home_view(
            person,
            bank,
            catalogue,
            now,
            pack_title=pack.title if pack is not None else None,
            class_entry=class_entry,
        )
        self.query_one("#greeting", Static).update(view.greeting)
        standing = Text()
        for line in (view.verdict, view.progress):
            if line:
                standing.append(("\n" if standing else "") + line)
        self.query_one("#standing", Static).update(standing)
        self.query_one("#standing").display = bool(standing)
        self.query_one("#next-step", Static).update(Text(view.next_words, style="bold"))
        self.query_one("#next-step").display = bool(view.next_words)
        menu = self.query_one("#menu", ActionList)
        self._entries: list[MenuEntry] = home_menu(
            person,
            bank,
            now,
            pack_title=pack.title if pack is not None else None,
            class_student=self.app.class_student,
            class_entry=class_entry,
        )
        for number, entry in enumerate(self._entries):
            menu.add_option(Option(Text(entry.label), id=f"action-{number}"))
        # The menu starts on the one next step (Resume, the full assessment for someone new...).
        start = next(
            (n for n, entry in enumerate(self._entries) if entry.action == view.next_action), 0
        )
        menu.focus(scroll_visible=False)
        menu.highlighted = start
        if pack is not None:
            # A class quiz: only the quiz itself, so nothing here reveals held-back answers.
            for hidden in self.query("#progress-title, #home-progress"):
                hidden.display = False  # a class quiz shows no path and no per-area marks
        else:
            self.query_one("#home-progress", Static).update(
                progress_text(person, bank, catalogue, view.recommendation)
            )
        self._show_history(bank)
        self.query_one("#profile-file", Static).update(f"Your profile: {person.path}")

    def action_nothing(self) -> None:
        """Escape on home: stay (it never quits)."""

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """Enter opens what the menu highlights."""
        if binding.action == "select":
            return ("enter", "Open")
        return None

    def _show_history(self, bank: Bank) -> None:
        """The newest attempts (named by the profile's summary: no other attempt file is read)."""
        person = self.app.person
        assert person is not None
        entries = person.past_attempts(HISTORY_SHOWN)
        self._history_text = Text()
        self._oldest_shown = entries[-1][0].stem if entries else None
        self._shown = len(entries)
        scores: list[float] = []
        read: list[Answer] = []
        for path, attempt, error in entries:
            if attempt is None:  # one unreadable file must not hide the rest
                self._history_text.append(f"{path.name}: cannot be read ({error})\n")
                continue
            read.extend(attempt.answers)
            self._history_text.append(self._history_line(attempt, bank))
            if attempt.mode == "full" and (shown_score := attempt_score(attempt, bank)).out_of:
                scores.append(shown_score.percent)
        if not entries:
            self._history_text.append("No attempts yet: start with the full assessment.")
        lines = self._history_text.copy()
        notice = retired_notice(read, bank)
        if notice:
            # Old profiles: answers to retired questions are kept in the files but no longer count.
            lines.append(f"\n{notice}", style="italic")
        self._show_older_hint(lines)
        # One trend of like with like: full assessments only (a review or a topic quiz is not
        # comparable with them).
        sparkline = self.query_one("#scores", Sparkline)
        sparkline.data = list(reversed(scores))
        sparkline.display = len(scores) > 1
        label = self.query_one("#scores-label", Static)
        label.display = len(scores) > 1
        label.update(
            f"Full assessment scores, oldest to newest ({len(scores)} of the last "
            f"{HISTORY_SHOWN} attempts): lowest {min(scores, default=0):.0f}%, "
            f"highest {max(scores, default=0):.0f}%"
        )

    def _history_line(self, attempt: Attempt, bank: Bank) -> str:
        """One past attempt in words (`quizapp.core.flow.history_lines`): when and which mode, then
        its one score (a class quiz's waits until the quiz closes for the class), or the verdict
        its answers gave, and how it ended."""
        when_and_mode, how = history_lines(
            attempt, bank, self.app.store.clock(), self.app.person, self.app.pack
        )
        return f"{when_and_mode}\n    {how}\n"

    def _older_waiting(self) -> bool:
        person = self.app.person
        return person is not None and person.history().attempts > getattr(self, "_shown", 0)

    def _show_older_hint(self, lines: Text) -> None:
        if self._older_waiting():
            lines.append("\nPress o for older attempts.", style="italic")
        self.query_one("#history", Static).update(lines)
        self.refresh_bindings()

    async def action_older(self) -> None:
        """Add the next older attempts to the history, read from their files only now."""
        person = self.app.person
        bank = await self.app.bank()
        if person is None or bank is None or self._oldest_shown is None:
            return
        entries = person.past_attempts(HISTORY_SHOWN, before=self._oldest_shown)
        for path, attempt, error in entries:
            if attempt is None:
                self._history_text.append(f"{path.name}: cannot be read ({error})\n")
            else:
                self._history_text.append(self._history_line(attempt, bank))
        if entries:
            self._oldest_shown = entries[-1][0].stem
        self._shown += len(entries)
        if not entries:
            self._shown = person.history().attempts  # nothing older: the hint goes
        self._show_older_hint(self._history_text.copy())

    @on(OptionList.OptionSelected, "#menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        entry = self._entries[event.option_index]
        if entry.action == "path":
            self.action_path()
        elif entry.action == "compare":
            self.action_compare()
        elif entry.action == "switch":
            self.action_switch()
        elif entry.action == "resume":
            self.post_message(ResumeQuiz())
        elif entry.action == "pack":
            self.post_message(StartPack())
        else:
            # The same mode as an unfinished attempt asks Resume or Start again, never silently.
            self.post_message(StartQuiz(entry.action, entry.topic, ask_same=True))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a class quiz the path and the comparison are off, and a browser student cannot
        switch profile, so those keys are not shown."""
        if action in ("path", "compare"):
            return self.app.pack is None
        if action == "switch":
            return not self.app.class_student
        if action == "older":
            return self._older_waiting()
        return True

    def action_path(self) -> None:
        """Open the learning path (not during a class quiz)."""
        if self.app.pack is None:
            self.post_message(ShowPath())

    def action_compare(self) -> None:
        """Open the two roles side by side (not during a class quiz)."""
        if self.app.pack is None:
            self.post_message(ShowComparison())

    def action_switch(self) -> None:
        """Back to the profile list."""
        self.post_message(SwitchProfile())
