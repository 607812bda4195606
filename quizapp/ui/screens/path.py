"""The learning path screen: the recommendation with its reasons, the steps, and each step's projects."""

from __future__ import annotations

from typing import TYPE_CHECKING, get_args

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizapp.core.flow import (
    NEXT_STEP_STATUS,
    STEP_STATUS_MARKS,
    Notice,
    PathChoice,
    PathView,
    follow_path,
    mark_step,
    path_choices,
    path_view,
    step_lines,
    verdict_headline,
)
from quizapp.core.paths import Catalogue
from quizapp.core.profile import StepMark
from quizapp.core.recommend import PlannedStep, Recommendation
from quizapp.ui.messages import ChoosePath, GoHome, ShowNote, StartQuiz
from quizapp.ui.said import said_text
from quizapp.ui.widgets.action_list import ActionList
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.ui.widgets.verdict import VerdictView

if TYPE_CHECKING:
    from quizapp.core.bank import Bank
    from quizapp.ui.context import QuizContext

STATUS_MARKS = STEP_STATUS_MARKS
"""Each status as text, so it never depends on colour (the flow's words)."""

NARROW = 90
"""Below this many columns the steps and a step's details take turns instead of sitting side by side."""

TITLE_STYLES: dict[str, str] = {"learning": "bold", "skipped": "strike dim"}
"""How a step's title looks by status, beside its status text (never the only sign)."""


class PathScreen(Screen[None]):
    """Which role fits, why, and the ordered steps to get there; keys mark a step's status."""

    BINDINGS = [
        Binding("t", "mark('todo')", "Mark", key_display="t/l/s/d"),
        Binding("l", "mark('learning')", "Learning", show=False),
        Binding("s", "mark('skipped')", "Skipped", show=False),
        Binding("d", "mark('done')", "Done", show=False),
        Binding("c", "choose_path", "Path"),
        Binding("v", "verdict", "Verdict"),
        Binding("escape", "back", "Back"),
        Binding("h,escape", "home", "Home"),
        Binding("space", "cycle", "Next status"),
        Binding("f", "fit", "Fit questions"),
    ]
    """t, l, s and d mark the highlighted step to do, learning, skipped or done, and space moves it
    to the next of those; c chooses which path to follow; h or Escape goes home (the footer shows
    them in this order, the last left out first when they do not fit). On a narrow
    terminal the steps and a step's details take turns: Enter opens the details, Escape goes back;
    the top shows the verdict's sentence, and v the verdict in full."""

    KEY_HELP = (
        (
            "Steps",
            (
                ("↑ ↓ / j k", "move between the steps"),
                ("t / l / s / d", "mark the step to do, learning, skipped or done (saved at once)"),
                ("space", "the step's next status (to do, learning, done, skipped)"),
                ("Enter", "under 90 columns: the step's details (Escape goes back to the list)"),
            ),
        ),
        (
            "Your path",
            (
                ("c", "choose which path to follow: the recommendation, engineer or developer"),
                ("v", "the verdict in full: the picture, how sure, the reasons"),
                ("f", 'more "Which path fits me?" questions'),
            ),
        ),
        ("Leave", (("h / Escape", "home (from a step's details, Escape goes back first)"),)),
    )
    """The keys of this screen, grouped, as the help shows them first."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue
        """The path catalogue."""
        self.planned: list[PlannedStep] = []
        """Every step shown, in list order."""
        self.recommendation: Recommendation | None = None
        """The recommendation shown."""
        self.view: PathView | None = None
        """What the flow planned (once the bank is loaded)."""
        self.bank: Bank | None = None
        """The bank the path was planned with."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="path-top", can_focus=False):
            yield Static("", id="recommendation")
            yield VerdictView(id="verdict")
            yield Static("", id="verdict-short")
            yield Static("", id="fit-offer", classes="muted")
        yield Static("", id="path-progress", classes="section-title")
        with Horizontal(id="path-main"):
            yield ActionList(id="steps")
            with VerticalScroll(id="step-detail-scroll"):
                yield Static("", id="step-detail")
        yield FitFooter()

    def on_resize(self) -> None:
        """Side by side when wide; list, then details, on a narrow terminal."""
        narrow = self.app.size.width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if not narrow:
                self._leave_details()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back only from a step's details on a narrow terminal; the verdict key where the top
        shows only its sentence."""
        details = self.has_class("-details")
        if action == "back":
            return details
        if action == "home":
            return not details
        if action == "verdict":
            return self.has_class("-narrow") and self.view is not None
        return True

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """Enter on the steps opens a step's details on a narrow terminal (beside them, it moves
        the status on, as space says already)."""
        if binding.action == "select":
            narrow = self.has_class("-narrow") and not self.has_class("-details")
            return ("enter", "Details") if narrow else ("", "")
        return None

    def action_details(self) -> None:
        """Narrow terminal: show the highlighted step's details in place of the list."""
        if self.has_class("-narrow") and self._highlighted_step() is not None:
            self.add_class("-details")
            self.query_one("#step-detail-scroll", VerticalScroll).focus()
            self.refresh_bindings()

    def action_back(self) -> None:
        """Back from a step's details to the list of steps."""
        self._leave_details()

    def _leave_details(self) -> None:
        if self.has_class("-details"):
            self.remove_class("-details")
            self.query_one("#steps", OptionList).focus()
            self.refresh_bindings()

    async def on_mount(self) -> None:
        bank = await self.app.bank()
        person = self.app.person
        if bank is None or person is None:
            return
        self.bank = bank
        self.view = path_view(person, bank, self.catalogue)
        self.recommendation = self.view.recommendation
        self._show_recommendation()
        self._fill()
        self.query_one("#steps", OptionList).focus()

    def _show_recommendation(self) -> None:
        assert self.view is not None
        view = self.view
        top = Text("Which path fits you", style="bold")
        if view.chosen:
            top.append(f"  · you chose to follow the {view.chosen} path (c to change)")
        self.query_one("#recommendation", Static).update(top)
        self.query_one("#verdict", VerdictView).show(view.recommendation)
        # Narrow: the verdict's sentence whole, the picture and reasons behind v.
        self.query_one("#verdict-short", Static).update(
            f"{verdict_headline(view.recommendation)} (v: the verdict in full)"
        )
        offer = f"Press f to {view.fit_offer}" if view.fit_offer else ""
        if offer and view.recommendation.outcome == "not enough answers":
            offer = "Press f to answer them."  # the verdict's line above says how many
        self.query_one("#fit-offer", Static).update(offer)
        self.query_one("#fit-offer", Static).display = bool(offer)

    def _replan(self) -> None:
        """Plan again after a change of marks or path (the answers, so the verdict, are the same)."""
        assert self.app.person is not None and self.bank is not None
        self.view = path_view(self.app.person, self.bank, self.catalogue, self.recommendation)

    def _fill(self, keep: str | None = None) -> None:
        assert self.view is not None
        steps = self.query_one("#steps", OptionList)
        steps.clear_options()
        self.planned = []
        for section in self.view.sections:
            steps.add_option(Option(Text(section.title, style="bold"), disabled=True))
            for item in section.steps:
                # A grid keeps a wrapped title beside its status instead of under it.
                label = Table.grid(padding=(0, 1))
                label.add_column(width=15, no_wrap=True)
                label.add_column(ratio=1)
                title = Text(item.step.title, style=TITLE_STYLES.get(item.status, ""))
                label.add_row(Text(STATUS_MARKS[item.status]), title)
                steps.add_option(Option(label, id=item.step.id))
                self.planned.append(item)
        self.query_one("#path-progress", Static).update(self.view.progress_words)
        index = 1
        if keep is not None:
            index = next(
                (number for number, option in enumerate(steps.options) if option.id == keep), 1
            )
        steps.highlighted = min(index, steps.option_count - 1)

    def _highlighted_step(self) -> PlannedStep | None:
        steps = self.query_one("#steps", OptionList)
        if steps.highlighted is None:
            return None
        option_id = steps.get_option_at_index(steps.highlighted).id
        return next((item for item in self.planned if item.step.id == option_id), None)

    @on(OptionList.OptionHighlighted, "#steps")
    def _show_detail(self) -> None:
        item = self._highlighted_step()
        if item is None:
            return
        self.query_one("#step-detail", Static).update(
            said_text(step_lines(item, self.app.library.document_names()), terminated=True)
        )
        self.query_one("#step-detail-scroll", VerticalScroll).scroll_home(animate=False)

    @on(OptionList.OptionSelected, "#steps")
    def _selected(self) -> None:
        """Enter or a click: the details on a narrow terminal, else the next status."""
        if self.has_class("-narrow"):
            self.action_details()
        else:
            self.action_cycle()

    def action_cycle(self) -> None:
        """Move the highlighted step on: to do, learning, done, skipped, to do (saved at once)."""
        item = self._highlighted_step()
        if item is not None:
            self.action_mark(NEXT_STEP_STATUS[item.status])

    def action_mark(self, status: StepMark) -> None:
        """Mark the highlighted step to do, learning, skipped or done (saved at once)."""
        person = self.app.person
        item = self._highlighted_step()
        if item is None or person is None or status not in get_args(StepMark):
            return
        marked = mark_step(person, item, status)
        if marked.saved:
            self._replan()
            self._fill(keep=item.step.id)
            # Confirmed in the progress line, not by a toast: quick marks stacked toasts over
            # half the list for seconds.
            self._confirm(marked.notice)
        else:
            self._say(marked.notice)

    def _confirm(self, notice: Notice) -> None:
        """Say a saved change in the progress line (the list shows it too)."""
        assert self.view is not None
        line = Text(self.view.progress_words)
        line.append(f"  ✓ saved: {notice.message}", style="not bold")
        self.query_one("#path-progress", Static).update(line)

    def action_choose_path(self) -> None:
        """Choose which path to follow from a list: the recommendation, engineer or developer."""
        if self.app.person is None or self.view is None:
            return
        self.post_message(ChoosePath(path_choices(self.view), self.view.chosen, self._follow))

    def _follow(self, choice: PathChoice | str | None) -> None:
        person = self.app.person
        if person is None or choice == "cancel" or self.view is None:
            return
        if choice == self.view.chosen:
            return
        marked = follow_path(person, choice)  # type: ignore[arg-type]
        if marked.saved:
            self._replan()
            self._show_recommendation()
            self._fill()
            self._confirm(marked.notice)
        else:
            self._say(marked.notice)

    def action_verdict(self) -> None:
        """The verdict in full (picture, how sure, reasons), over the path."""
        if self.view is None:
            return
        verdict = VerdictView()
        recommendation = self.view.recommendation
        self.post_message(
            ShowNote("Which path fits you", "", verdict, lambda: verdict.show(recommendation))
        )

    def _say(self, notice: Notice) -> None:
        self.notify(
            notice.message, title=notice.title, severity=notice.severity, timeout=notice.timeout
        )

    def action_fit(self) -> None:
        """Start the "Which path fits me?" questions."""
        self.post_message(StartQuiz("fit"))

    def action_home(self) -> None:
        """Back home."""
        self.post_message(GoHome())
