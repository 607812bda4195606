"""The question screen: one question, its choices, and after answering the feedback with its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Button, Static

from quizapp.core.bank import (
    AREAS,
    ROLES,
    AnyQuestion,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    document_label,
)
from quizapp.core.classcontrol import ControlError, ControlStore, PackControl, deadline
from quizapp.core.formats import local_time
from quizapp.core.profile import Answer, Response
from quizapp.core.scoring import ResponseError, response_text, right_answer_text
from quizapp.core.session import QuizSession
from quizapp.core.store import describe_write_error
from quizapp.ui.widgets.choices import ChoiceList
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.progress_line import ProgressLine
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext

ROLE_LABELS = {"engineer": "Backend engineer", "developer": "Backend developer", "both": "Both"}
"""How role answers read on screen."""


def choices_for(session: QuizSession, question: AnyQuestion) -> list[tuple[str, Response]]:
    """(text, value) pairs in the order this attempt shows them."""
    if isinstance(question, TrueFalseQuestion):
        return [("True", True), ("False", False)]
    if isinstance(question, RoleQuestion):
        return [(ROLE_LABELS[role], role) for role in ROLES]
    if isinstance(question, FitQuestion):
        return [(option.text, index) for index, option in enumerate(question.options)]
    if isinstance(question, ReadinessQuestion):
        return [(rating.text, index) for index, rating in enumerate(question.options)]
    assert isinstance(question, SingleQuestion | MultiQuestion)
    return [(question.choices[index], index) for index in session.display_order(question)]


def how_to_answer(question: AnyQuestion) -> str:
    """The one-line instruction under the prompt."""
    if isinstance(question, MultiQuestion):
        return "Tick every right choice (1-9 or space), then press Enter to submit."
    if isinstance(question, TrueFalseQuestion):
        return "True or false? 1 True, 2 False."
    if isinstance(question, RoleQuestion):
        return "Which role do the documents give this to? 1 engineer, 2 developer, 3 both."
    if isinstance(question, FitQuestion):
        return "No right answer: pick what you would enjoy; it decides which path fits you."
    if isinstance(question, ReadinessQuestion):
        return "No right answer: how ready are you? It orders your learning path."
    return "Choose one: press its number, or arrows and Enter."


def choice_marks(
    question: AnyQuestion, response: Response, *, held_back: bool
) -> dict[Response, str]:
    """The mark beside each choice value once answered: right, wrong, missed or just "yours".

    Marks are words with a sign, never colour alone. With held-back feedback only the answer
    given is marked (whether it is right is not known yet).
    """
    given: list[Response] = list(response) if isinstance(response, list) else [response]
    if held_back or isinstance(question, FitQuestion | ReadinessQuestion):
        return {value: "● your answer" for value in given}
    if isinstance(question, MultiQuestion):
        marks: dict[Response, str] = {}
        for index in range(len(question.choices)):
            right, ticked = index in question.answers, index in given
            if right and ticked:
                marks[index] = "✓ right tick"
            elif ticked:
                marks[index] = "✗ wrong tick"
            elif right:
                marks[index] = "✓ right, not ticked"
        return marks
    right_value: Response = question.answer
    marks = {right_value: "✓ right answer"}
    for value in given:
        if value != right_value:
            marks[value] = "✗ your answer"
    return marks


def feedback_text(
    question: AnyQuestion,
    answer: Answer,
    *,
    held_back: bool,
    documents: list[str] | None = None,
    order: list[int] | None = None,
) -> Text:
    """The feedback panel: right or wrong in words and a mark, the right answer, why, and the source.

    `order` (original choice indexes as shown) lists a multi-select's answers in the order shown.
    """
    text = Text()
    if held_back:
        # No tick: beside a class quiz's answers a tick reads as "right", which is not known yet.
        text.append("Answer saved (not marked yet). ", style="bold")
        text.append("Whether it is right is shown at the end of this quiz, with explanations.")
        return text
    if answer.correct is None:
        text.append("● Noted: ", style="bold")
        text.append(response_text(question, answer.response))
        text.append(
            ". Not scored: it helps decide which path fits you.\n\n"
            if isinstance(question, FitQuestion)
            else ". Not scored: it orders your learning path.\n\n"
        )
    elif answer.correct:
        text.append("✓ Right. ", style="bold")
        text.append(f"The answer is: {right_answer_text(question, order)}\n\n")
    else:
        if isinstance(question, MultiQuestion) and answer.credit > 0:
            judged = round(answer.credit * len(question.choices))
            text.append("✗ Partly right, so not scored: ", style="bold")
            text.append(
                f"you ticked or left {judged} of {len(question.choices)} choices correctly "
                "(each is marked in the list); every one must be right.\n"
            )
            text.append(f"You answered: {response_text(question, answer.response, order)}\n")
        else:
            text.append("✗ Not quite. ", style="bold")
            text.append(f"You answered: {response_text(question, answer.response, order)}\n")
        text.append("The right answer: ", style="bold")
        text.append(f"{right_answer_text(question, order)}\n")
        note = _why_wrong(question, answer.response)
        if note:
            text.append(f"Why not yours: {note}\n")
        text.append("\n")
    text.append(question.explanation + "\n\n")
    text.append("Source: ", style="bold")
    text.append(f"{document_label(question.source.doc, documents or [])}\n")
    text.append(f"“{question.source.quote}”", style="italic")
    return text


def _why_wrong(question: AnyQuestion, response: Response) -> str:
    if isinstance(question, SingleQuestion) and isinstance(response, int):
        return question.why_wrong.get(str(response), "")
    return ""


class QuestionScreen(Screen[None]):
    """Asks the session's questions one by one; every answer is saved before its feedback shows."""

    BINDINGS = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *[Binding(str(number), f"pick({number})", show=False) for number in range(2, 10)],
        Binding("n", "next", "Next"),
        Binding("escape,q", "leave", "Leave (saved)"),
        Binding("pageup", "scroll_body(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_body(1)", "Scroll down", show=False),
    ]
    """Number keys choose; n goes on after feedback; q or Escape leaves (everything is saved)."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session
        """The attempt being answered."""
        self.question: AnyQuestion | None = None
        """The question on screen."""
        self.answered = False
        """Whether the question on screen has been answered."""
        self.held_back = session.attempt.feedback == "end"
        """Classroom packs may hold feedback back until the end."""
        self._time_left_text = ""
        self.control_store = ControlStore(session.profile.store.folder)
        """The class's control file, kept so each second's check re-reads it only if it changed."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # The counter and progress never scroll away; the question and its choices scroll in
        # their own box, and the feedback in another below, so both show at once.
        with Vertical(id="question-head"):
            with Horizontal(id="question-meta"):
                yield Static("", id="where")
                yield Static("", id="counter")
                yield Static("", id="time-left")
            yield ProgressLine(id="progress")
        with VerticalScroll(id="question-body", can_focus=False):
            yield Static("", id="prompt", markup=False)  # bank text: "[/]" is not markup
            yield Static("", id="how", classes="muted")
            yield Static(id="choices-slot")
            # Its buttons are mounted when first needed: building Buttons is a good part of the
            # time to the first question, and most questions never show Submit.
            yield Horizontal(id="question-actions")
        with VerticalScroll(id="feedback-scroll", can_focus=False):
            yield Static("", id="feedback")
            yield Horizontal(id="feedback-actions")
        yield FitFooter()

    def on_mount(self) -> None:
        attempt = self.session.attempt
        # A class quiz checks the teacher's controls every second (an end or extra time shows
        # within 2 s), with or without a time limit; other quizzes only count down their limit.
        if attempt.time_limit_seconds or attempt.pack_id:
            self._tick()
            self.set_interval(1, self._tick)
        self.show_current()

    def _controls(self) -> PackControl:
        """The teacher's controls for this class quiz (none outside a class, or if unreadable)."""
        attempt = self.session.attempt
        if not attempt.pack_id:
            return PackControl()
        try:
            return self.control_store.load().for_pack(attempt.pack_id)
        except ControlError:
            return PackControl()  # a damaged control file must not stop the quiz

    def _tick(self) -> None:
        attempt = self.session.attempt
        if not attempt.is_open:
            return
        controls = self._controls()
        ends = deadline(
            attempt.started, attempt.time_limit_seconds, controls, self.session.profile.folder.name
        )
        if ends is None:
            self._show_time_left("")
            return
        left = (ends - self.app.store.clock()).total_seconds()
        if left <= 0:
            ended_by_teacher = controls.ended is not None and controls.ended <= ends
            self._show_time_left("Quiz ended" if ended_by_teacher else "Time is up")
            try:
                self.session.close("timed_out")
            except OSError as error:
                self.app.notify(
                    f"Time is up. Your answers are saved, but closing the quiz was not: "
                    f"{describe_write_error(error)}.",
                    title="Time is up",
                    severity="error",
                    timeout=15,
                )
            else:
                if ended_by_teacher:
                    self.app.notify("Your teacher ended the quiz: your answers are saved.")
                else:
                    self.app.notify("Time is up: your answers are saved.", title="Time is up")
            self.app.show_results(self.session)
            return
        minutes, seconds = divmod(int(left), 60)
        self._show_time_left(f"Time left {minutes:02d}:{seconds:02d}")

    def _show_time_left(self, text: str) -> None:
        """Put `text` in the time-left corner, laying the screen out again only if its width changed.

        It changes every second; a layout of the whole screen each time was most of what a class's
        quizapps cost while their students read.
        """
        if text == self._time_left_text:
            return
        layout = len(text) != len(self._time_left_text)
        self._time_left_text = text
        self.query_one("#time-left", Static).update(text, layout=layout)

    def show_current(self) -> None:
        """Put the current question (the first unanswered) on screen."""
        question = self.session.current()
        if question is None:
            self.app.show_results(self.session)
            return
        self.question = question
        self.answered = False
        self._show_answered(False)
        self.refresh_bindings()
        number = self.session.position + 1
        total = self.session.total
        where = f"{question.topic.capitalize()} · {AREAS.get(question.area, question.area)}"
        if isinstance(question, FitQuestion | ReadinessQuestion):
            where += " · about you"
        else:
            # Difficulty 1-3 as dots (explained in the help); questions about you have none.
            where += " · " + "●" * question.difficulty + "○" * (3 - question.difficulty)
        if self.session.attempt.mode == "review":
            where = f"Review of a missed question · {where}"
        self.query_one("#where", Static).update(where)
        counter = f"Question {number} of {total}"
        if isinstance(question, FitQuestion) and self.session.attempt.mode in ("fit", "full"):
            # Fit items are added one at a time until the verdict is sure: the total is not known.
            counter = f"Question {number} · more only until the verdict is sure"
        self.query_one("#counter", Static).update(counter)
        self.query_one("#progress", ProgressLine).update(done=number - 1, total=total)
        self.query_one("#prompt", Static).update(question.prompt)
        self.query_one("#how", Static).update(how_to_answer(question))
        self.query_one("#feedback", Static).update("")
        self.query_one("#how").display = True
        entries = choices_for(self.session, question)
        multi = isinstance(question, MultiQuestion)
        choices = self._choices()
        if choices is None:
            choices = ChoiceList(entries, multi=multi, id="choices")
            self.mount(choices, after=self.query_one("#choices-slot"))
        else:
            # One list for the whole quiz: a new one per question cost a mount, a focus change
            # and a second frame on every next question.
            choices.show(entries, multi=multi)
        for button in self.query("#question-actions Button"):
            button.display = False
        if multi:
            self._action_button("submit", "Submit (Enter)").display = True
        if self.focused is not choices:
            choices.focus()
        self.session.mark_shown()
        self.query_one("#question-body", VerticalScroll).scroll_home(animate=False)

    def _show_answered(self, answered: bool) -> None:
        """Switch the layout between asking (the question fills the screen) and feedback.

        Set on the widgets' own styles, not by a CSS class: a class change restyles the whole
        subtree under it (on the screen, every widget), a good part of a class's quizapps' CPU on
        every answer (A/B in bench_serve).
        """
        body = self.query_one("#question-body")
        body.styles.height = "auto" if answered else "1fr"
        body.styles.max_height = "55%" if answered else None
        # Asking: a blank line above the prompt; feedback: one below it, above the marked choices.
        self.query_one("#prompt").styles.margin = (0, 0, 1, 0) if answered else (1, 0, 0, 0)
        self.query_one("#feedback-scroll").display = answered

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Choosing until answered, Next only after: the footer shows only keys that work now."""
        if action == "pick":
            return not self.answered
        if action == "next":
            return self.answered
        return True

    def action_scroll_body(self, direction: int) -> None:
        """Page the question body up or down (long feedback on a small terminal)."""
        body = self.query_one(
            "#feedback-scroll" if self.answered else "#question-body", VerticalScroll
        )
        if direction < 0:
            body.scroll_page_up(animate=False)
        else:
            body.scroll_page_down(animate=False)

    @on(ChoiceList.OptionHighlighted)
    def _keep_highlight_visible(self, event: ChoiceList.OptionHighlighted) -> None:
        """The list never scrolls itself; the body scrolls so the highlighted choice shows."""
        choices = event.option_list
        body = self.query_one("#question-body", VerticalScroll)
        line = choices.virtual_region.y + 1 + event.option_index
        body.scroll_to_region(Region(0, line, 1, 1), animate=False)

    def _choices(self) -> ChoiceList | None:
        found = self.query(ChoiceList)
        return found.first() if found else None

    def action_pick(self, number: int) -> None:
        """Choose (or, for a multi-select, tick) the choice with this number."""
        choices = self._choices()
        if choices is not None and not self.answered:
            choices.pick(number - 1)

    @on(Button.Pressed, "#submit")
    def _submit(self) -> None:
        choices = self._choices()
        if choices is not None:
            choices.submit()

    @on(ChoiceList.Answered)
    def _answered(self, event: ChoiceList.Answered) -> None:
        if self.answered or self.question is None:
            return
        try:
            answer = self.session.record(event.response)
        except ResponseError as error:
            self.app.notify(str(error), severity="error")
            return
        except OSError as error:
            # The session is exactly as before the key press: the same question, still to answer.
            choices = self._choices()
            if choices is not None:
                choices.locked = False
            self.app.notify(
                f"Your answer was NOT saved: {describe_write_error(error)}. Your earlier answers "
                "are safe. Free some space or fix the folder, then answer this question again.",
                title="Not saved",
                severity="error",
                timeout=15,
            )
            return
        self.answered = True
        self._show_answered(True)
        self.query_one("#how").display = False
        self.refresh_bindings()
        question = self.question
        order = (
            self.session.display_order(question)
            if isinstance(question, SingleQuestion | MultiQuestion)
            else None
        )
        feedback = self.query_one("#feedback", Static)
        text = feedback_text(
            question,
            answer,
            held_back=self.held_back,
            documents=self.app.library.document_names(),
            order=order,
        )
        if not self.held_back and answer.correct is not None:
            state = self.session.profile.profile.review.get(question.id)
            if state is not None:
                text.append("\n\nComes back for review: ", style="bold")
                if state.due <= answer.answered_at:
                    text.append("in your next review (due now)")
                else:
                    text.append(local_time(state.due))
        feedback.update(text)
        feedback.set_class(answer.correct is True and not self.held_back, "right")
        feedback.set_class(answer.correct is False and not self.held_back, "wrong")
        choices = self._choices()
        if choices is not None:
            choices.reveal(choice_marks(question, answer.response, held_back=self.held_back))
        for submit in self.query("#submit"):
            submit.display = False
        next_button = self._action_button("next", "Next (Enter / n)", "#feedback-actions")
        next_button.label = (
            "See your results (Enter / n)" if self.session.is_complete else "Next (Enter / n)"
        )
        # The focus stays on the answered list, where Enter goes on (ChoiceList.GoOn): moving it
        # to this button restyled both and drew a second frame on every answer, and Enter on the
        # button was ignored for 0.2 s after its last press (Textual's press effect).
        next_button.display = True
        self.query_one("#progress", ProgressLine).update(
            done=self.session.position, total=self.session.total
        )
        self.call_after_refresh(self._show_feedback)

    def _action_button(
        self, button_id: str, label: str, where: str = "#question-actions"
    ) -> Button:
        """The action button `button_id`, mounted in `where` the first time it is needed."""
        for button in self.query(f"#{button_id}").results(Button):
            return button
        button = Button(label, id=button_id, variant="primary")
        self.query_one(where).mount(button)
        return button

    def _show_feedback(self) -> None:
        """Show the feedback from its verdict line, and the picked choice in the list above it."""
        self.query_one("#feedback-scroll", VerticalScroll).scroll_home(animate=False)
        choices = self._choices()
        if choices is not None and choices.highlighted is not None:
            body = self.query_one("#question-body", VerticalScroll)
            line = choices.virtual_region.y + 1 + choices.highlighted
            body.scroll_to_region(Region(0, line, 1, 1), animate=False)

    @on(Button.Pressed, "#next")
    @on(ChoiceList.GoOn)
    def _go_on(self) -> None:
        """The Next button, or Enter on the list just answered: go on."""
        self.action_next()

    def action_next(self) -> None:
        """Go on to the next question (or the results) after the feedback."""
        if not self.answered:
            return
        if self.session.is_complete:
            self.app.show_results(self.session)
        else:
            self.show_current()

    def action_leave(self) -> None:
        """Leave the quiz; every answer is already saved."""
        answered = len(self.session.answered_ids)
        saved = (
            f"Your {answered} answer{'s are' if answered != 1 else ' is'} saved."
            if answered
            else ""
        )
        self.app.notify(
            f"{saved} Choose Resume to carry on where you left off.".strip(), title="Saved"
        )
        self.app.go_home()
