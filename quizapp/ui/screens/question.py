"""The question screen: one question, its choices, and after answering the feedback with its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Button, Static

from quizapp.core.bank import (
    AnyQuestion,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    TrueFalseQuestion,
)
from quizapp.core.classcontrol import ControlStore
from quizapp.core.flow import (
    LATE_ANSWER,
    ClassClock,
    Notice,
    class_clock,
    class_controls,
    close_for_time,
    counter_words,
    leave_notice,
    question_words,
    record_answer,
    shown_choices,
    teaching_for,
    where_words,
)
from quizapp.core.profile import Response
from quizapp.core.session import QuizSession
from quizapp.ui.messages import GoHome, ShowResults
from quizapp.ui.said import feedback_text
from quizapp.ui.widgets.choices import ChoiceList
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.progress_line import ProgressLine
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext


def how_to_answer(question: AnyQuestion) -> str:
    """The one-line instruction under the prompt: what it asks (`quizapp.core.flow.question_words`)
    and the keys that answer it."""
    asked = question_words(question)
    if isinstance(question, MultiQuestion):
        return "Tick every right choice (1-9 or space), then press Enter to submit."
    if isinstance(question, TrueFalseQuestion):
        return f"{asked} 1 True, 2 False."
    if isinstance(question, RoleQuestion):
        return f"{asked} 1 engineer, 2 developer, 3 both."
    if asked is not None:
        return asked
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
        self._composed_choices: AnyQuestion | None = None
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
            first = self.session.current()
            if first is not None:
                # The first question's choices are built with the screen, so its first frame
                # shows them, focused: mounted afterwards, they cost two more frames and a
                # layout (a forked class student's start: about a fifth of its CPU).
                self._composed_choices = first
                yield ChoiceList(
                    shown_choices(self.session, first),
                    multi=isinstance(first, MultiQuestion),
                    id="choices",
                )
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

    def _clock(self) -> ClassClock:
        """The class clock now: the teacher's controls (re-read only when the file changed) and
        the time limit, as the flow reads them."""
        attempt = self.session.attempt
        controls = class_controls(self.control_store, attempt.pack_id)
        return class_clock(
            attempt, controls, self.session.profile.folder.name, self.app.store.clock()
        )

    def _tick(self) -> None:
        if not self.session.attempt.is_open:
            return
        clock = self._clock()
        self._show_time_left(clock.corner)
        if clock.over:
            self._close_for_time(clock)

    def _close_for_time(self, clock: ClassClock, *, late: bool = False) -> None:
        """The class quiz is over: close it (answers kept) and show the results with why."""
        notice = close_for_time(self.session, clock)
        if late:
            notice = Notice(f"{notice.message} {LATE_ANSWER}", notice.title, notice.severity, 15)
        self.post_message(ShowResults(self.session, notice))

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
            self.post_message(ShowResults(self.session))
            return
        self.question = question
        self.answered = False
        self._show_answered(False)
        self.refresh_bindings()
        number = self.session.position + 1
        total = self.session.total
        where = where_words(self.session, question)
        if not isinstance(question, FitQuestion | ReadinessQuestion):
            # Difficulty 1-3 as dots (explained in the help); questions about you have none.
            where += " · " + "●" * question.difficulty + "○" * (3 - question.difficulty)
        self.query_one("#where", Static).update(where)
        self.query_one("#counter", Static).update(counter_words(self.session, question))
        self.query_one("#progress", ProgressLine).update(done=number - 1, total=total)
        self.query_one("#prompt", Static).update(question.prompt)
        self.query_one("#how", Static).update(how_to_answer(question))
        self.query_one("#feedback", Static).update("")
        self.query_one("#how").display = True
        entries = shown_choices(self.session, question)
        multi = isinstance(question, MultiQuestion)
        choices = self._choices()
        if choices is None:
            choices = ChoiceList(entries, multi=multi, id="choices")
            self.mount(choices, after=self.query_one("#choices-slot"))
        elif self._composed_choices is question:
            pass  # built in compose for this very question
        else:
            # One list for the whole quiz: a new one per question cost a mount, a focus change
            # and a second frame on every next question.
            choices.show(entries, multi=multi)
        for button in self.query("#question-actions Button"):
            button.display = False
        if multi:
            self._action_button("submit", "Submit (Enter)").display = True
        self._composed_choices = None
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
        if self.session.attempt.pack_id or self.session.attempt.time_limit_seconds:
            clock = self._clock()
            if clock.over:  # typed after the end (between two ticks): not recorded
                self._close_for_time(clock, late=True)
                return
        answer = record_answer(self.session, event.response)
        if isinstance(answer, Notice):
            # The session is exactly as before the key press: the same question, still to answer.
            choices = self._choices()
            if choices is not None:
                choices.locked = False
            self.notify(
                answer.message, title=answer.title, severity=answer.severity, timeout=answer.timeout
            )
            return
        self.answered = True
        self._show_answered(True)
        self.query_one("#how").display = False
        self.refresh_bindings()
        question = self.question
        feedback = self.query_one("#feedback", Static)
        feedback.update(
            feedback_text(teaching_for(self.session, answer, self.app.library.document_names()))
        )
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
            self.post_message(ShowResults(self.session))
        else:
            self.show_current()

    def action_leave(self) -> None:
        """Leave the quiz; every answer is already saved."""
        self.post_message(GoHome(leave_notice(self.session)))
