"""The list of choices for a question: number keys, arrows, Enter, space and the mouse all work."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from quizapp.core.profile import Response
from quizapp.ui.widgets.action_list import ActionList


class ChoiceList(ActionList):
    """Choices numbered from 1. One pick answers at once; a multi-select toggles and Enter submits.

    Keys that arrive before the list is on screen are dropped (they were meant for the screen
    before), and Enter answers only a choice the person moved to: the first choice is highlighted
    to show where the arrows start, not as an answer, so a second Enter pressed quickly on the
    previous question's feedback never answers this one unseen. Number keys answer at once.
    """

    BINDINGS = [
        Binding("space", "tick", "Tick", show=False),
        Binding("enter", "select", "Answer"),
    ]
    """Space toggles the highlighted choice of a multi-select; Enter answers (the screen names it
    in the footer: Submit on a multi-select, Next once answered); j and k move like the arrows
    (`ActionList`), whose box shows the question with the first choice."""

    MOVES = frozenset({"cursor_down", "cursor_up", "first", "last", "page_down", "page_up"})
    """Actions that move the highlight: off once answered, so the keys scroll the feedback."""

    @dataclass
    class Answered(Message):
        """The person has answered."""

        response: Response
        """The answer, in the bank's own terms (original indexes, a bool or a role)."""

    class GoOn(Message):
        """Enter on a list already answered: the person wants the next question."""

    @dataclass
    class Changed(Message):
        """A multi-select's ticks changed (so the screen can say how many are ticked)."""

        ticked: int
        """How many choices are ticked."""

    def __init__(
        self,
        choices: list[tuple[str, Response]],
        *,
        multi: bool = False,
        ticked: set[int] | None = None,
        id: str | None = None,
    ) -> None:
        """Args:
        choices: (text shown, value answered) in display order.
        multi: tick several and submit with Enter.
        ticked: display positions ticked already (a select-all left unsubmitted).
        id: the widget id.
        """
        self.choices = choices
        """(text shown, value) in display order."""
        self.multi = multi
        """Whether several choices may be ticked."""
        self.ticked: set[int] = set(ticked or ())
        """Display positions ticked (multi only)."""
        self.locked = False
        """True once answered: no more changes."""
        self.ready = False
        """True once the list is on screen (mounted): keys before that are dropped."""
        self.engaged = False
        """True once the person has moved the highlight or picked: only then does Enter answer."""
        self.marks: dict[int, str] = {}
        """Display position -> the mark shown after answering (right, wrong, your answer)."""
        super().__init__(*[self._option(index) for index in range(len(choices))], id=id)

    def _parts(self, index: int) -> tuple[Text, Text]:
        """A choice's number (with its tick box) and its text (with its mark once answered)."""
        text, _ = self.choices[index]
        label = Text()
        label.append(text)
        mark = self.marks.get(index)
        if mark:
            style = "bold" if mark.startswith("✓") else ""
            label.append(f"  ← {mark}" if not mark.startswith("●") else f"  {mark}", style=style)
        number = Text(f"{index + 1}", style="bold")
        if self.multi:
            number.append(" [x]" if index in self.ticked else " [ ]")
        return number, label

    def line_text(self, index: int) -> str:
        """A choice as one line of plain text, as shown: "2 [x] Caching  ← ✓ right tick"."""
        number, label = self._parts(index)
        return f"{number.plain} {label.plain}"

    def _option(self, index: int) -> Option:
        """A choice as a grid: its number (and tick box) in a column of their own, so wrapped
        lines of its text stay indented under the text."""
        number, label = self._parts(index)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(number, label)
        return Option(grid, id=f"choice-{index}")

    def reveal(self, marks: dict[Response, str]) -> None:
        """After answering, mark choices by value (see `choice_marks`): a sign and words, not colour."""
        self.locked = True
        self.marks = {
            index: marks[value]
            for index, (_, value) in enumerate(self.choices)
            if _has(marks, value)
        }
        for index in range(len(self.choices)):
            self.replace_option_prompt_at_index(index, self._option(index).prompt)

    def show(
        self,
        choices: list[tuple[str, Response]],
        *,
        multi: bool = False,
        ticked: set[int] | None = None,
    ) -> None:
        """Show another question's choices in this list, as a new list would: nothing locked, ticks
        only those given (a select-all left unsubmitted), and keys taken only once the new
        choices are on screen."""
        self.choices = choices
        self.multi = multi
        self.ticked = set(ticked or ())
        self.locked = False
        self.ready = False
        self.engaged = False
        self.marks = {}
        self.set_options([self._option(index) for index in range(len(choices))])
        self.highlighted = 0
        self.call_after_refresh(self._now_on_screen)

    def ticked_values(self) -> list[Response]:
        """The ticked choices' values (a multi-select's answer so far), in the bank's terms."""
        return [value for index, (_, value) in enumerate(self.choices) if index in self.ticked]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once answered the list no longer moves: arrows, j/k and paging go to the screen, which
        scrolls the feedback with them."""
        if action in self.MOVES and self.locked:
            return False
        return True

    def on_mount(self) -> None:
        if self.highlighted is None:
            self.highlighted = 0
        self._now_on_screen()

    def _now_on_screen(self) -> None:
        # Painted with the question's text from now on: keys are taken. Keys queued before, typed
        # ahead while the previous question was still up, found the list unready.
        self.ready = True

    def pick(self, index: int) -> None:
        """Choose the choice at display position `index` (from a number key or a click)."""
        if self.locked or not self.ready or not 0 <= index < len(self.choices):
            return
        self.engaged = True
        self.highlighted = index
        if self.multi:
            self.ticked ^= {index}
            self.replace_option_prompt_at_index(index, self._option(index).prompt)
            self.post_message(self.Changed(len(self.ticked)))
        else:
            self.locked = True
            self.post_message(self.Answered(self.choices[index][1]))

    def submit(self) -> None:
        """Submit the ticked choices of a multi-select."""
        if self.locked or not self.multi or not self.ready:
            return
        if not self.ticked:
            self.app.notify("Tick at least one choice (1-9 or space), then press Enter.")
            return
        self.locked = True
        values = sorted(
            value for index, (_, value) in enumerate(self.choices) if index in self.ticked
        )
        self.post_message(self.Answered(values))  # type: ignore[arg-type]

    def action_tick(self) -> None:
        """Toggle the highlighted choice (multi) or pick it (single)."""
        if self.highlighted is not None:
            self.pick(self.highlighted)

    def action_select(self) -> None:
        """Enter: pick the highlighted choice the person moved to, or submit a multi-select.

        On a list already answered, Enter asks to go on, as the Next button does (the focus stays
        here after an answer).
        """
        if self.locked and self.ready:
            self.post_message(self.GoOn())
        elif self.multi:
            self.submit()
        elif not self.ready or self.locked:
            return
        elif not self.engaged:
            self.app.notify("Press a choice's number, or move to it with the arrows, then Enter.")
        elif self.highlighted is not None:
            self.pick(self.highlighted)

    def _move(self, action: str) -> None:
        """Move the highlight (once drawn): the person has now chosen where Enter points."""
        if not self.ready or self.locked:
            return
        self.engaged = True
        getattr(super(), f"action_{action}")()

    def action_cursor_down(self) -> None:
        """Down: the next choice."""
        self._move("cursor_down")

    def action_cursor_up(self) -> None:
        """Up: the previous choice."""
        self._move("cursor_up")

    def action_first(self) -> None:
        """Home: the first choice."""
        self._move("first")

    def action_last(self) -> None:
        """End: the last choice."""
        self._move("last")

    def action_page_down(self) -> None:
        """Page down."""
        self._move("page_down")

    def action_page_up(self) -> None:
        """Page up."""
        self._move("page_up")

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("option")
        if index is not None:
            event.stop()
            # OptionList's own click handler would also run and "select", which submits a
            # multi-select after its first tick.
            event.prevent_default()
            self.pick(index)


def _has(marks: dict[Response, str], value: Response) -> bool:
    """Whether `value` has a mark, keeping True apart from 1 (dict keys alone would mix them)."""
    return any(key == value and type(key) is type(value) for key in marks)
