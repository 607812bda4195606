"""The question screen: one question, its choices, and after answering the feedback with its source."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
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
    Teaching,
    class_clock,
    class_controls,
    close_for_time,
    counter_words,
    leave_notice,
    moves_on_at_once,
    question_words,
    record_answer,
    shown_choices,
    teaching_for,
    where_words,
)
from quizapp.core.profile import Response
from quizapp.core.session import QuizSession
from quizapp.core.store import describe_write_error
from quizapp.ui.messages import GoHome, ShowNote, ShowResults
from quizapp.ui.said import feedback_text
from quizapp.ui.widgets.choices import ChoiceList
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.progress_line import ProgressLine
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext


def how_to_answer(question: AnyQuestion, count: int = 9) -> str:
    """The one-line instruction under the prompt: what it asks (`quizapp.core.flow.question_words`)
    and the keys that answer it (`count` choices)."""
    asked = question_words(question)
    if isinstance(question, MultiQuestion):
        return f"Tick every right choice (1-{count} or space), then press Enter to submit."
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
        Binding("n", "next", "Next", key_display="n/enter"),
        Binding("e", "last_note", "Your last answer"),
        Binding("escape,q", "leave", "Leave (saved)"),
        Binding("up,k", "scroll_lines(-1)", "Scroll", key_display="↑↓", priority=True),
        Binding("down,j", "scroll_lines(1)", "Scroll", show=False, priority=True),
        Binding("home", "scroll_edge(-1)", "Top", show=False, priority=True),
        Binding("end", "scroll_edge(1)", "Bottom", show=False, priority=True),
        Binding("pageup", "scroll_page(-1)", "Page up", show=False, priority=True),
        Binding("pagedown", "scroll_page(1)", "Page down", show=False, priority=True),
    ]
    """Number keys choose; n or Enter goes on after feedback; q or Escape leaves (everything is
    saved). Before an answer the arrows, j/k and Home/End move among the choices (Home also brings
    the question into view); after it they scroll the feedback (priority bindings, on only once
    answered: the boxes around the list would take the keys otherwise). PageUp/PageDown always
    scroll what is on screen: the question and its choices, then the feedback."""

    KEY_HELP = (
        (
            "Answer",
            (
                ("1-9", "choose that choice and answer at once"),
                ("↑ ↓ / j k, Enter", "move to a choice, then answer with it"),
                ("space", "tick or untick (select all that apply); Enter submits the ticks"),
                ("Home", "the first choice, with the question above it"),
            ),
        ),
        (
            "After the answer",
            (
                ("n / Enter", "the next question (or your results)"),
                ("↑ ↓ / j k", "scroll the feedback a line"),
                ("PageUp / PageDown", "scroll the feedback a page (before: the question)"),
                ("Home / End", "the feedback's top or end"),
                ("e", "what your last answer about you means (those go on at once)"),
            ),
        ),
        (
            "Leave",
            (("Escape / q", "leave the quiz: every answer is saved, Resume carries on here"),),
        ),
    )
    """The keys of this screen, grouped, as the help shows them first."""

    AUTO_FOCUS = ""
    """No auto-focus: `show_current` focuses the choices without scrolling. Textual's auto-focus
    scrolled the whole list into view, which on a small terminal pushed the question off the top
    of the first question shown (after a resume, or a class student's first question)."""

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
        self.last_note: tuple[str, Teaching] | None = None
        """The last answer without a right or wrong (its question and what it means): it went on
        at once, and `e` shows it."""
        self._time_left_text = ""
        self._composed_choices: AnyQuestion | None = None
        self._choice_list: ChoiceList | None = None
        self.control_store = ControlStore(session.profile.store.folder)
        """The class's control file, kept so each second's check re-reads it only if it changed."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # The counter and progress never scroll away; the question and its choices scroll in
        # their own box, and the feedback in another below, so both show at once.
        with Vertical(id="question-head"):
            # Side by side when both fit; otherwise the counter goes on a line of its own, so the
            # topic label keeps the width (it was squeezed into a tower of 2-4 columns).
            with Horizontal(id="question-meta"):
                yield Static("", id="where", markup=False)
                with Horizontal(id="count-box"):
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
                multi = isinstance(first, MultiQuestion)
                kept = self.session.kept_ticks(first) if multi else []
                entries = shown_choices(self.session, first)
                yield ChoiceList(
                    entries,
                    multi=multi,
                    ticked={n for n, (_, value) in enumerate(entries) if value in kept},
                    id="choices",
                )
            # Its buttons are mounted when first needed: building Buttons is a good part of the
            # time to the first question, and most questions never show Submit.
            yield Horizontal(id="question-actions")
        with VerticalScroll(id="feedback-scroll", can_focus=False):
            yield Static("", id="feedback")
            yield Horizontal(id="feedback-actions")
        yield Static("", id="last-note", classes="muted", markup=False)
        yield FitFooter()

    def on_mount(self) -> None:
        attempt = self.session.attempt
        # A class quiz checks the teacher's controls every second (an end or extra time shows
        # within 2 s), with or without a time limit; other quizzes only count down their limit.
        if attempt.time_limit_seconds or attempt.pack_id:
            self._tick()
            self.set_interval(1, self._tick)
        self.show_current()

    def on_resize(self) -> None:
        """Fit the head to the new width, and keep what was in view in view (a scroll position
        kept from a smaller terminal hid choice 4 above six blank lines)."""
        self._fit_head()
        self.call_after_refresh(self._settle_scroll)

    def _settle_scroll(self) -> None:
        for box in self.query(VerticalScroll):
            if box.scroll_y > box.max_scroll_y:
                box.scroll_to(y=box.max_scroll_y, animate=False, immediate=True)
        choices = self._choices()
        if choices is not None and not self.answered:
            choices.scroll_to_highlight()

    def _fit_head(self) -> None:
        """The topic label and the counter side by side when both fit the width, else stacked."""
        where = self.query_one("#where", Static)
        counter = self.query_one("#counter", Static)
        width = self.size.width - 4  # the head's padding
        needed = (
            cell_len(str(where.content))
            + 2
            + cell_len(str(counter.content))
            + (2 + cell_len(self._time_left_text) if self._time_left_text else 0)
        )
        stacked = needed > width
        meta = self.query_one("#question-meta")
        layout = "vertical" if stacked else "horizontal"
        if meta.styles.layout is None or meta.styles.layout.name != layout:
            meta.styles.layout = layout
            where.styles.width = "100%" if stacked else "1fr"
            counter.styles.margin = (0, 0, 0, 0) if stacked else (0, 0, 0, 2)

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
        corner = self.query_one("#time-left", Static)
        corner.update(text, layout=layout)
        if layout:
            corner.display = bool(text)
            self._fit_head()

    def show_current(self) -> None:
        """Put the current question (the first unanswered) on screen."""
        question = self.session.current()
        if question is None:
            self.post_message(ShowResults(self.session))
            return
        self.question = question
        self.answered = False
        self._show_answered(False)
        number = self.session.position + 1
        total = self.session.total
        where = where_words(self.session, question)
        if not isinstance(question, FitQuestion | ReadinessQuestion):
            # Difficulty 1-3 as dots (explained in the help); questions about you have none.
            where += " · " + "●" * question.difficulty + "○" * (3 - question.difficulty)
        self.query_one("#where", Static).update(where)
        self.query_one("#counter", Static).update(counter_words(self.session, question))
        self._fit_head()
        self.query_one("#progress", ProgressLine).update(done=number - 1, total=total)
        self.query_one("#prompt", Static).update(question.prompt)
        entries = shown_choices(self.session, question)
        self.query_one("#how", Static).update(how_to_answer(question, len(entries)))
        self.query_one("#feedback", Static).update("")
        self.query_one("#how").display = True
        multi = isinstance(question, MultiQuestion)
        kept = self.session.kept_ticks(question) if multi else []
        ticked = {position for position, (_, value) in enumerate(entries) if value in kept}
        choices = self._choices()
        if choices is None:
            choices = ChoiceList(entries, multi=multi, ticked=ticked, id="choices")
            self.mount(choices, after=self.query_one("#choices-slot"))
        elif self._composed_choices is question:
            pass  # built in compose for this very question
        else:
            # One list for the whole quiz: a new one per question cost a mount, a focus change
            # and a second frame on every next question.
            choices.show(entries, multi=multi, ticked=ticked)
        for button in self.query("#question-actions Button"):
            button.display = False
        if multi:
            # After the question is painted: the first Button mounted makes Textual parse the
            # stylesheet again, and the footer already says Enter submits.
            self.call_after_refresh(self._show_submit, question)
        self._composed_choices = None
        if self.focused is not choices:
            # Not scrolled into view: a list taller than the box would push the question off the
            # top (the list shows its first choice with the question above it itself).
            choices.focus(scroll_visible=False)
        self.refresh_bindings()
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
        """Only keys that work now, so the footer shows only those: choosing until answered,
        Next and scrolling the feedback after; `e` once an answer about you went on at once."""
        if action == "pick":
            return not self.answered
        if action == "next":
            return self.answered
        if action == "scroll_lines":
            return self.answered and self._feedback_scrolls()
        if action == "scroll_edge":
            return self.answered
        if action == "last_note":
            return self.last_note is not None and not self.answered
        return True

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """The footer's words for a key that depend on the question: the range of its choices
        (`1-2` on true/false), Tick on a select-all, what Enter does now (hidden when the number
        keys say it)."""
        multi = isinstance(self.question, MultiQuestion)
        if binding.action == "pick(1)":
            choices = self._choices()
            count = len(choices.choices) if choices is not None else 9
            return (f"1-{count}", "Tick" if multi else "Choose")
        if binding.action == "select":
            return ("enter", "Submit") if multi and not self.answered else ("", "")
        return None

    def _feedback_scrolls(self) -> bool:
        box = self.query_one("#feedback-scroll", VerticalScroll)
        return box.max_scroll_y > 0

    def action_scroll_lines(self, lines: int) -> None:
        """Up/Down and j/k after an answer: scroll the feedback a line."""
        box = self.query_one("#feedback-scroll", VerticalScroll)
        box.scroll_relative(y=lines, animate=False)

    def action_scroll_edge(self, direction: int) -> None:
        """Home/End after an answer: the feedback's top or end."""
        box = self.query_one("#feedback-scroll", VerticalScroll)
        if direction < 0:
            box.scroll_home(animate=False)
        else:
            box.scroll_end(animate=False)

    def action_scroll_page(self, direction: int) -> None:
        """PageUp/PageDown: page what is on screen, the question before an answer, the feedback
        after (never moving the choice Enter would answer)."""
        box = self.query_one(
            "#feedback-scroll" if self.answered else "#question-body", VerticalScroll
        )
        if direction < 0:
            box.scroll_page_up(animate=False)
        else:
            box.scroll_page_down(animate=False)

    def _choices(self) -> ChoiceList | None:
        # One list for the whole quiz, never removed: found once, not queried on every call (the
        # footer asks for each of its keys on every redraw).
        if self._choice_list is None:
            found = self.query(ChoiceList)
            self._choice_list = found.first() if found else None
        return self._choice_list

    def action_pick(self, number: int) -> None:
        """Choose (or, for a multi-select, tick) the choice with this number."""
        choices = self._choices()
        if choices is not None and not self.answered:
            choices.pick(number - 1)

    def action_last_note(self) -> None:
        """Show what the last answer about you means (it went on at once)."""
        if self.last_note is None:
            return
        prompt, teaching = self.last_note
        self.post_message(ShowNote("Your last answer", prompt, feedback_text(teaching)))

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
        question = self.question
        teaching = teaching_for(self.session, answer, self.app.library.document_names())
        if moves_on_at_once(teaching):
            # No right or wrong: straight on, its meaning one key away (e).
            self.last_note = (question.prompt, teaching)
            note = self.query_one("#last-note", Static)
            # The key first: a long answer is cut at the right edge, never the way to its meaning.
            note.update(f"● e: what it means · {teaching.lines[0]}")
            note.display = True
            if self.session.is_complete:
                self.post_message(ShowResults(self.session))
            else:
                self.show_current()
            return
        self.last_note = None
        self.query_one("#last-note").display = False
        self.answered = True
        self._show_answered(True)
        self.query_one("#how").display = False
        feedback = self.query_one("#feedback", Static)
        feedback.update(feedback_text(teaching))
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
        self.refresh_bindings()
        self.call_after_refresh(self._show_feedback)

    def _show_submit(self, question: AnyQuestion) -> None:
        """The Submit button under a select-all's choices (for the mouse), while it is on screen."""
        if self.is_attached and self.question is question and not self.answered:
            self._action_button("submit", "Submit (Enter)").display = True

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
        """Show the feedback from its verdict line, and the picked choice in the list above it;
        then say in the footer whether the feedback scrolls."""
        self.query_one("#feedback-scroll", VerticalScroll).scroll_home(animate=False)
        choices = self._choices()
        if choices is not None:
            # Once the smaller box and the marked choices (a line longer, some) are laid out:
            # scrolled before, it clamped to the old sizes and cut the mark off.
            self.call_after_refresh(self.call_after_refresh, choices.scroll_to_highlight)
        self.refresh_bindings()

    @on(Button.Pressed, "#next")
    @on(ChoiceList.GoOn)
    def _go_on(self) -> None:
        """The Next button, or Enter on the list just answered: go on."""
        self.action_next()

    def action_next(self) -> None:
        """Go on to the next question (or the results) after the feedback."""
        if not self.answered:
            return
        self.query_one("#last-note").display = False
        if self.session.is_complete:
            self.post_message(ShowResults(self.session))
        else:
            self.show_current()

    def keep_ticks(self) -> None:
        """Keep the ticks of a select-all left unsubmitted, so Resume shows them again (a failed
        save is said; the answers already given are safe)."""
        choices = self._choices()
        if (
            choices is None
            or self.answered
            or not isinstance(self.question, MultiQuestion)
            or not self.session.attempt.is_open
        ):
            return
        ticked = [value for value in choices.ticked_values() if isinstance(value, int)]
        try:
            self.session.keep_ticks(ticked)
        except OSError as error:
            self.notify(
                f"Your ticks on this question were not kept: {describe_write_error(error)}. "
                "Your answers are safe.",
                severity="warning",
            )

    def on_unmount(self) -> None:
        self.keep_ticks()

    def action_leave(self) -> None:
        """Leave the quiz; every answer is already saved (and a select-all's ticks are kept)."""
        self.keep_ticks()
        self.post_message(GoHome(leave_notice(self.session)))
