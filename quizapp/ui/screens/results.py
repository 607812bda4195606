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

from quizapp.core.bank import AREAS, FitQuestion, document_label
from quizapp.core.formats import plural
from quizapp.core.profile import Attempt
from quizapp.core.recommend import recommend
from quizapp.core.scoring import latest_answers, outcome, score
from quizapp.ui.messages import GoHome, ShowComparison, ShowPath
from quizapp.ui.widgets.bars import tally_line
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar
from quizapp.ui.widgets.verdict import VerdictView

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext


class ResultsScreen(Screen[None]):
    """How the attempt went, and where to go next."""

    BINDINGS = [
        ("p", "path", "Path"),
        ("c", "compare", "Compare"),
        ("f", "fit", "Fit questions"),
        ("r", "review", "Review misses"),
        ("h,escape", "home", "Home"),
    ]
    """Shortcuts for the three actions."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt
        """The attempt shown."""
        self.missed = 0
        """How many questions of the attempt were missed (shown once scored)."""

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
        bank = await self.app.bank()
        if bank is None:
            return
        answers = latest_answers(self.attempt)
        results = score(answers, bank)
        minutes, seconds = divmod(round(results.seconds), 60)
        headline = Text()
        status = {"timed_out": " (time ran out)", "abandoned": " (left unfinished)"}.get(
            self.attempt.status, ""
        )
        knowledge = results.overall.total > 0
        shown = outcome(self.attempt, bank, results)
        if knowledge:
            headline.append(
                f"You scored {shown.percent}%: {shown.right} of {shown.out_of} right{status}. "
                f"Time spent answering: {minutes} min {seconds:02d} s."
            )
            if results.rated:
                headline.append(f" {plural(results.rated, 'answer')} about you noted.")
        else:
            headline.append(
                f"{plural(results.rated, 'answer')} about you noted{status}: no right or wrong here."
            )
        for section in ("#by-topic", "#by-area", "#missed"):
            self.query_one(section, Static).display = knowledge
        passed = shown.passed
        if passed is not None and self.attempt.pass_mark is not None:
            mark = round(100 * self.attempt.pass_mark)
            headline.append(
                f"\n{'✓ Passed' if passed else '✗ Not passed'} (pass mark {mark}%).", style="bold"
            )
        self.query_one("#score", Static).update(headline)
        topic_lines = Text("By topic\n", style="bold")
        for topic, tally in results.by_topic.items():
            topic_lines.append_text(tally_line(topic.capitalize(), tally))
            topic_lines.append("\n")
        self.query_one("#by-topic", Static).update(topic_lines)
        area_lines = Text("By area\n", style="bold")
        for area, tally in results.by_area.items():
            area_lines.append_text(tally_line(AREAS.get(area, area), tally))
            area_lines.append("\n")
        self.query_one("#by-area", Static).update(area_lines)
        person = self.app.person
        history = person.store.all_answers(person.folder) if person is not None else answers
        recommendation = recommend(history, bank)
        asked_fit = any(
            isinstance(bank.get(question_id), FitQuestion)
            for question_id in self.attempt.question_ids
        )
        lean = Text("Which path fits you\n", style="bold")
        verdict = self.query_one("#verdict", VerdictView)
        if asked_fit:
            verdict.show(recommendation)
        else:
            # A knowledge quiz says nothing about what a person would enjoy: no verdict from it.
            lean.append(
                "This quiz asked only knowledge questions, so it gives no verdict on which path "
                'fits you. "Which path fits me?" asks what you would enjoy.'
            )
            verdict.display = False
        self.query_one("#lean", Static).update(lean)
        offer = not asked_fit or (not recommendation.settled and recommendation.fit_unanswered > 0)
        self.query_one("#to-fit", Button).display = offer and self.attempt.pack_id is None
        missed = Text(f"Missed questions ({len(results.missed)})\n", style="bold")
        documents = self.app.library.document_names()
        if not results.missed:
            missed.append("None: well done.\n")
        for item in results.missed:
            missed.append(f"✗ {item.question.prompt}\n", style="bold")
            missed.append(f"  You answered: {item.given}\n")
            missed.append(f"  Right answer: {item.right}\n")
            missed.append(f"  {item.question.explanation}\n")
            source = document_label(item.question.source.doc, documents)
            missed.append(f"  Source: {source}: “{item.question.source.quote}”\n\n", style="italic")
        self.query_one("#missed", Static).update(missed)
        self.missed = len(results.missed)
        self.query_one("#to-review", Button).display = self.check_action("review", ()) is True
        self.query_one("#to-path", Button).display = self.app.pack is None
        self.refresh_bindings()
        focus = "#to-path" if self.app.pack is None else "#to-home"
        self.query_one(focus, Button).focus(scroll_visible=False)
        body = self.query_one("#results-body", VerticalScroll)
        # After the new text is laid out, so the score, not the last miss, is what shows first.
        self.call_after_refresh(body.scroll_home, animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only keys that work: no path or comparison in a class quiz, no review with nothing missed."""
        if action in ("path", "compare"):
            return self.app.pack is None
        if action == "review":
            return self.missed > 0 and self.app.pack is None
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
        if self.attempt.pack_id is None:
            self.app.run_worker(self.app.start_quiz("fit"), exclusive=True)

    @on(Button.Pressed, "#to-review")
    def action_review(self) -> None:
        """Start a review of the missed questions."""
        if self.check_action("review", ()) is not True:
            return
        self.app.run_worker(self.app.start_quiz("review"), exclusive=True)

    @on(Button.Pressed, "#to-home")
    def action_home(self) -> None:
        """Back home."""
        self.post_message(GoHome())
