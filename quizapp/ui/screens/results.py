"""The results screen: score overall, per topic and per area, the verdict (only after a quiz that asked
enough fit items), the time, and the misses explained."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from quizapp.core.flow import ResultsView, class_results, results_view
from quizapp.core.profile import Attempt
from quizapp.core.scoring import latest_answers
from quizapp.ui.messages import GoHome, ShowComparison, ShowPath, StartQuiz
from quizapp.ui.said import feedback_text
from quizapp.ui.widgets.bars import tally_line
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.ui.widgets.verdict import VerdictView

if TYPE_CHECKING:
    from textual.timer import Timer

    from quizapp.ui.context import QuizContext

HELD_BACK_CHECK_SECONDS = 2.0
"""How often held-back results look whether the class quiz has closed."""


class ResultsScreen(Screen[None]):
    """How the attempt went, and where to go next."""

    BINDINGS = [
        ("h,escape", "home", "Home"),
        ("p", "path", "Path"),
        ("r", "review", "Review misses"),
        ("f", "fit", "Fit questions"),
        ("c", "compare", "Compare"),
    ]
    """Shortcuts for the actions (the footer shows them in this order, the last left out first
    when they do not fit)."""

    KEY_HELP = (
        (
            "Read",
            (
                ("↑ ↓, PageUp / PageDown", "scroll your results and the misses explained"),
                ("Tab, Enter", "move between the buttons at the end and press one"),
            ),
        ),
        (
            "Go on",
            (
                ("p", "your learning path"),
                ("r", "review the questions you missed"),
                ("f", '"Which path fits me?" questions, when the verdict is missing or unsure'),
                ("c", "engineer or developer: the two roles side by side"),
                ("h / Escape", "home"),
            ),
        ),
    )
    """The keys of this screen, grouped, as the help shows them first."""

    NARROW = 90
    """Below this many columns the four buttons sit in two rows."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt
        """The attempt shown."""
        self.missed = 0
        """How many questions of the attempt were missed (shown once scored)."""
        self.view: ResultsView | None = None
        """What the flow decided to show (once the bank is loaded)."""
        self._waiting: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="results-body", can_focus=False):
            yield Static("", id="score", classes="section-title")
            yield Static("", id="by-topic")
            yield Static("", id="by-area")
            yield Static("", id="lean")
            yield VerdictView(id="verdict")
            yield Static("", id="missed")
            with Horizontal(id="results-actions"):
                yield Button("Learning path (p)", id="to-path", variant="primary")
                yield Button("Which path fits me? (f)", id="to-fit")
                yield Button("Review misses (r)", id="to-review")
                yield Button("Home (h)", id="to-home")
        yield FitFooter()

    async def on_mount(self) -> None:
        await self._show_results()
        if self.view is not None and self.view.held_back:
            # Results of a class quiz wait until it closes for the class; they appear by themselves.
            self._waiting = self.set_interval(HELD_BACK_CHECK_SECONDS, self._check_released)

    async def _check_released(self) -> None:
        """Once the class quiz has closed, show the results in place of "Submitted"."""
        await self._show_results()
        if self.view is not None and not self.view.held_back and self._waiting is not None:
            self._waiting.stop()
            self._waiting = None

    async def _show_results(self) -> None:
        bank = await self.app.bank()
        if bank is None:
            return
        person = self.app.person
        history = person.answers() if person is not None else latest_answers(self.attempt)
        documents = self.app.library.document_names()
        class_state = (
            class_results(person, self.attempt, self.app.store.clock(), self.app.pack)
            if person is not None
            else None
        )
        view = results_view(self.attempt, bank, history, documents, class_state=class_state)
        if self.view is not None and self.view == view:
            return  # nothing changed since the last look
        self.view = view
        headline = Text(view.headline)
        if view.pass_words is not None:
            headline.append(f"\n{'✓' if view.passed else '✗'} {view.pass_words}", style="bold")
        self.query_one("#score", Static).update(headline)
        for section in ("#by-topic", "#by-area", "#missed"):
            self.query_one(section, Static).display = view.knowledge
        topic_lines = Text("By topic\n", style="bold")
        for label, tally in view.by_topic:
            topic_lines.append_text(tally_line(label, tally))
            topic_lines.append("\n")
        self.query_one("#by-topic", Static).update(topic_lines)
        area_lines = Text("By area\n", style="bold")
        for label, tally in view.by_area:
            area_lines.append_text(tally_line(label, tally))
            area_lines.append("\n")
        self.query_one("#by-area", Static).update(area_lines)
        lean = Text("Which path fits you\n", style="bold")
        verdict = self.query_one("#verdict", VerdictView)
        if view.recommendation is not None:
            verdict.show(view.recommendation)
        else:
            verdict.display = False
            if view.no_verdict is not None:
                lean.append(view.no_verdict)
        self.query_one("#lean", Static).display = (
            view.recommendation is not None or view.no_verdict is not None
        )
        self.query_one("#lean", Static).update(lean)
        self.query_one("#to-fit", Button).display = view.offer_fit
        missed = Text(f"Missed questions ({len(view.misses)})\n", style="bold")
        if not view.misses:
            missed.append("None: well done.\n")
        for miss in view.misses:
            missed.append(f"✗ {miss.prompt}\n", style="bold")
            missed.append_text(feedback_text(miss.teaching, indent="  "))
            missed.append("\n\n")
        self.query_one("#missed", Static).update(missed)
        self.missed = len(view.misses)
        self.query_one("#to-review", Button).display = self.check_action("review", ()) is True
        self.query_one("#to-path", Button).display = self.app.pack is None
        self.query_one("#missed", Static).display = view.knowledge
        self.refresh_bindings()
        focus = "#to-path" if self.app.pack is None else "#to-home"
        self.query_one(focus, Button).focus(scroll_visible=False)
        body = self.query_one("#results-body", VerticalScroll)
        # After the new text is laid out, so the score, not the last miss, is what shows first.
        self.call_after_refresh(body.scroll_home, animate=False)

    def on_resize(self) -> None:
        """Two rows of buttons on a narrow terminal."""
        narrow = self.size.width < self.NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only keys that work: no path or comparison in a class quiz, "Which path fits me?"
        only where offered (never after a class quiz), no review with nothing missed."""
        if action in ("path", "compare"):
            return self.app.pack is None and self.attempt.pack_id is None
        if action == "fit":
            return self.view is not None and self.view.offer_fit
        if action == "review":
            return self.view is not None and self.view.offer_review and self.app.pack is None
        return True

    @on(Button.Pressed, "#to-path")
    def action_path(self) -> None:
        """Open the learning path (not in a class quiz)."""
        if self.app.pack is None:
            self.post_message(ShowPath())

    def action_compare(self) -> None:
        """Open the two roles side by side (not in a class quiz, whose role questions it would answer)."""
        if self.app.pack is None:
            self.post_message(ShowComparison())

    @on(Button.Pressed, "#to-fit")
    def action_fit(self) -> None:
        """Start the "Which path fits me?" questions."""
        if self.check_action("fit", ()) is True:
            self.post_message(StartQuiz("fit"))

    @on(Button.Pressed, "#to-review")
    def action_review(self) -> None:
        """Start a review of the missed questions."""
        if self.check_action("review", ()) is not True:
            return
        self.post_message(StartQuiz("review"))

    @on(Button.Pressed, "#to-home")
    def action_home(self) -> None:
        """Back home."""
        self.post_message(GoHome())
