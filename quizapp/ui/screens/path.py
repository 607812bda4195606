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

from quizapp.core.bank import AREAS, document_label
from quizapp.core.paths import Catalogue, progress
from quizapp.core.profile import StepMark
from quizapp.core.recommend import (
    PlannedStep,
    Recommendation,
    paths_to_show,
    plan_path,
    recommend,
)
from quizapp.ui.messages import GoHome
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.ui.widgets.verdict import VerdictView

if TYPE_CHECKING:
    from quizapp.core.store import OpenProfile
    from quizapp.ui.context import QuizContext

STATUS_MARKS: dict[str, str] = {
    "todo": "[ ] to do",
    "learning": "[~] learning",
    "skipped": "[-] skipped",
    "done": "[x] done",
    "review": "[r] review only",
}
"""Each status as text, so it never depends on colour."""

READINESS_WORDS = ("new to it", "knows the ideas", "can do it alone", "could teach it")
"""Readiness levels 0 to 3 in words."""

NEXT_STATUS: dict[str, StepMark] = {
    "todo": "learning",
    "learning": "done",
    "done": "skipped",
    "skipped": "todo",
    "review": "learning",
}
"""What space turns each status into (review only is computed, so it moves on like to do)."""

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
        Binding("space", "cycle", "Status"),
        Binding("enter", "details", "Details"),
        Binding("c", "choose_path", "Path"),
        Binding("f", "fit", "Fit questions"),
        Binding("escape", "back", "Back"),
        Binding("h,escape", "home", "Home"),
    ]
    """t, l, s and d mark the highlighted step to do, learning, skipped or done, and space moves it
    to the next of those; c picks which path to follow; h or Escape goes home. On a narrow
    terminal the steps and a step's details take turns: Enter opens the details, Escape goes back."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.catalogue = catalogue
        """The path catalogue."""
        self.planned: list[PlannedStep] = []
        """Every step shown, in list order."""
        self.recommendation: Recommendation | None = None
        """The recommendation shown."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="path-top", can_focus=False):
            yield Static("", id="recommendation")
            yield VerdictView(id="verdict")
            yield Static("", id="fit-offer", classes="muted")
        yield Static("", id="path-progress", classes="section-title")
        with Horizontal(id="path-main"):
            yield OptionList(id="steps")
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
        """Details and Back only on a narrow terminal, each in its own view."""
        details = self.has_class("-details")
        if action == "details":
            return self.has_class("-narrow") and not details
        if action == "back":
            return details
        if action == "home":
            return not details
        return True

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
        answers = person.store.all_answers(person.folder)
        self.recommendation = recommend(answers, bank)
        self._show_recommendation()
        self._fill()
        self.query_one("#steps", OptionList).focus()

    def _show_recommendation(self) -> None:
        assert self.recommendation is not None and self.app.person is not None
        chosen = self.app.person.profile.path.chosen
        recommendation = self.recommendation
        top = Text("Which path fits you", style="bold")
        if chosen:
            top.append(f"  · you chose to follow the {chosen} path (c to change)")
        self.query_one("#recommendation", Static).update(top)
        self.query_one("#verdict", VerdictView).show(recommendation)
        offer = ""
        if not recommendation.settled and recommendation.fit_unanswered:
            more = recommendation.answers_needed
            offer = (
                f'Press f to answer {more} more "Which path fits me?" question(s) for a verdict.'
                if more
                else 'Press f to answer more "Which path fits me?" questions for a surer verdict.'
            )
        self.query_one("#fit-offer", Static).update(offer)
        self.query_one("#fit-offer", Static).display = bool(offer)

    def _fill(self, keep: str | None = None) -> None:
        assert self.recommendation is not None and self.app.person is not None
        state = self.app.person.profile.path
        steps = self.query_one("#steps", OptionList)
        steps.clear_options()
        self.planned = []
        for learning_path in paths_to_show(self.recommendation, self.catalogue, state.chosen):
            steps.add_option(Option(Text(learning_path.title, style="bold"), disabled=True))
            for item in plan_path(
                learning_path, self.recommendation.by_area, state, self.recommendation.readiness
            ):
                # A grid keeps a wrapped title beside its status instead of under it.
                label = Table.grid(padding=(0, 1))
                label.add_column(width=15, no_wrap=True)
                label.add_column(ratio=1)
                title = Text(item.step.title, style=TITLE_STYLES.get(item.status, ""))
                label.add_row(Text(STATUS_MARKS[item.status]), title)
                steps.add_option(Option(label, id=item.step.id))
                self.planned.append(item)
        finished, counted = progress(item.status for item in self.planned)
        skipped = len(self.planned) - counted
        self.query_one("#path-progress", Static).update(
            f"{finished} of {counted} steps done or mastered"
            + (f" ({skipped} skipped)" if skipped else "")
        )
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
        step = item.step
        text = Text()
        text.append(f"{step.title}\n", style="bold")
        areas = ", ".join(AREAS.get(area, area) for area in step.areas)
        mastery = "not tested yet" if item.mastery is None else f"{round(100 * item.mastery)}%"
        ready = "not rated yet" if item.readiness is None else READINESS_WORDS[item.readiness]
        text.append(
            f"{STATUS_MARKS[item.status]} · {areas} · your mastery: {mastery} · "
            f"your readiness: {ready}\n\n"
        )
        text.append("Learn: ", style="bold")
        text.append(step.learn + "\n")
        text.append("Why: ", style="bold")
        text.append(step.why + "\n")
        source = document_label(step.source.doc, self.app.library.document_names())
        text.append(f"“{step.source.quote}” ({source})\n\n", style="italic")
        for project in step.projects:
            text.append(f"Project ({project.difficulty}): {project.title}\n", style="bold")
            text.append(f"{project.brief}\nSkills: {', '.join(project.skills)}\n")
            text.append(f"Done when: {project.done_when}\n\n")
        for resource in step.resources:
            text.append(f"{resource.kind.capitalize()}: {resource.credit}\n", style="bold")
            text.append(f"{resource.detail}\n")
            text.append(f"{resource.url}\n\n" if resource.url else "\n")
        self.query_one("#step-detail", Static).update(text)
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
            self.action_mark(NEXT_STATUS[item.status])

    def action_mark(self, status: StepMark) -> None:
        """Mark the highlighted step to do, learning, skipped or done (saved at once)."""
        person = self.app.person
        item = self._highlighted_step()
        if item is None or person is None or status not in get_args(StepMark):
            return
        before = (person.profile.path.steps.get(item.step.id), person.profile.last_activity)
        person.profile.path.steps[item.step.id] = status
        person.profile.last_activity = person.store.clock()
        if not self._saved(person):
            old_status, person.profile.last_activity = before
            if old_status is None:
                del person.profile.path.steps[item.step.id]
            else:
                person.profile.path.steps[item.step.id] = old_status
            return
        self._fill(keep=item.step.id)
        self.notify(f"{item.step.title}: {STATUS_MARKS[status]}", timeout=2)

    def action_choose_path(self) -> None:
        """Follow the engineer path, the developer path, or the recommendation (cycles)."""
        person = self.app.person
        if person is None or self.recommendation is None:
            return
        following = {None: "engineer", "engineer": "developer", "developer": None}
        before = person.profile.path.chosen
        person.profile.path.chosen = following[person.profile.path.chosen]  # type: ignore[assignment]
        if not self._saved(person):
            person.profile.path.chosen = before
            return
        self._show_recommendation()
        self._fill()
        chosen = person.profile.path.chosen
        self.notify(f"Following the {chosen} path." if chosen else "Following the recommendation.")

    def _saved(self, person: OpenProfile) -> bool:
        """Save the profile; on failure (a read-only profile, a full disk) say so and return False."""
        from quizapp.core.store import describe_write_error

        try:
            person.save()
        except OSError as error:
            self.notify(f"Not saved: {describe_write_error(error)}.", severity="error", timeout=10)
            return False
        return True

    def action_fit(self) -> None:
        """Start the "Which path fits me?" questions."""
        self.app.run_worker(self.app.start_quiz("fit"), exclusive=True)

    def action_home(self) -> None:
        """Back home."""
        self.post_message(GoHome())
