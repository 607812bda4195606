"""The help screen: the keys of the screen it was opened on, grouped, then every key, what each mode
does, and where the profile file is."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from quizapp.ui.widgets.fit_footer import FitFooter

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext

HELP_TEXT = """\
## All the keys
- `1`-`9`: choose that choice and answer at once (true/false: 1 true, 2 false; role: 1 engineer, 2 developer, 3 both)
- `space`: tick or untick a choice of a *select all that apply* question
- `Enter`: answer with the highlighted choice, submit ticked choices, or go on after the feedback
- `up` / `down`: move between choices and menu items
- `n`: next question after the feedback
- `q` / `Escape`: leave the quiz; every answer is already saved, and Resume carries on at the same question.
  Escape goes back everywhere and never quits; `q` on home or `ctrl+q` anywhere quits
- `p`: learning path (from home and results); on the path, `t`, `l`, `s` and `d` mark a step to do, learning, skipped or done and `space` moves it to the next of those (`[r] review only` means your answers and how ready you feel both say you know it), `f` asks more "Which path fits me?" questions and `c` picks which path to follow (engineer, developer, or the recommendation)
- `ctrl+p`: command palette: switch theme (saved in your profile), learning path, home, help
  (on a terminal under 80 columns the footer leaves out its `^p` hint; the key still works)
- `F1` / `?`: this help (`F1` also while typing a name); `ctrl+q`: quit
- `pageup` / `pagedown`: scroll a long question or feedback; after an answer `up` / `down` and `j` / `k`
  scroll the feedback too
- `e`: after an answer about you (those go on at once), what it means

The mouse works too: click a choice, a button or a menu item.

## Modes
- **Full assessment**: 20 knowledge questions across duties, skills and tools, how ready you feel
  in each area, then "Which path fits me?".
- **Which path fits me?**: what you would enjoy, one question at a time, until the verdict is sure.
- **Quick quiz**: 10 knowledge questions from every topic (no verdict on which path fits you).
- **By topic**: only duties, only skills or only tools.
- **Review missed**: the questions you got wrong come back when you are about to forget them
  (FSRS, the scheduler Anki uses): a miss is due again at once, and each right answer waits longer
  (about 1, 2, 6, 18, 45 days). Home says how many are due and when the next one comes back.
- **Learning path**: which role fits you, why, and the steps and small projects to do next.

Fit questions (what you would enjoy) and readiness questions (how ready you feel) have no right
answer. Only fit answers decide which path fits you; readiness and knowledge order your path.
Every question cites the passage of the source document it comes from.

## On the question screen
- `●○○`, `●●○`, `●●●` beside the topic: how hard the question is (1 to 3 dots); harder ones
  count more towards your mastery of an area. Self-ratings have no dots.
- After you answer, the list marks `✓ right answer` and `✗ your answer`; in a *select all that
  apply* question every choice says `✓ right tick`, `✗ wrong tick` or `✓ right, not ticked`.
- A review says so at the top, and after each answer says when that question comes back.
- Below 60x20 the app asks for a bigger terminal; on a narrow one the learning path shows the
  steps, then a step's details (`Enter`, and `Escape` to go back).

## Your data
{location}

Every answer is saved the moment you give it, so quitting or closing the terminal loses nothing.

Press `Escape` to close this help.
"""
"""The help text; `{location}` is filled with the profile folder."""


SCREEN_NAMES = {
    "WelcomeScreen": "Choosing who you are",
    "HomeScreen": "Home",
    "QuestionScreen": "A question",
    "ResultsScreen": "Your results",
    "PathScreen": "Your learning path",
    "CompareScreen": "Engineer or developer, side by side",
    "ErrorScreen": "A profile that cannot be opened",
    "NoteScreen": "A note",
    "PathChooser": "Choosing your path",
}
"""What each screen is called at the top of its help."""

EVERYWHERE = (
    ("F1 / ?", "this help (F1 also while typing a name)"),
    ("ctrl+p", "the command palette: theme (saved in your profile), learning path, home, help"),
    ("ctrl+q", "quit quizapp; every answer is already saved"),
    ("Escape", "back (it never quits)"),
)
"""Keys that work on every screen."""

KeyGroups = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
"""A screen's `KEY_HELP`: (group title, ((keys, what they do), ...)), in order."""


def key_table(name: str, groups: KeyGroups, *, class_student: bool = False) -> Group:
    """The keys of a screen, grouped, then the keys that work everywhere: a title per group and a
    grid of keys and what they do (a long line wraps under its own column)."""
    everywhere = tuple(row for row in EVERYWHERE if not (class_student and row[0] == "ctrl+q"))
    parts: list[RenderableType] = [Text(f"Keys here: {name}", style="bold")]
    for title, rows in (*groups, ("Everywhere", everywhere)):
        parts.append(Text(f"\n{title}", style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for keys, what in rows:
            grid.add_row(keys, what)
        parts.append(Padding(grid, (0, 0, 0, 2)))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen it was opened on, grouped, first; then keys, modes and where the
    profile is. Escape closes it (its footer says so)."""

    BINDINGS = [
        Binding("escape,question_mark,q,f1", "dismiss", "Close", key_display="esc"),
        Binding("j", "scroll_lines(1)", "Down", show=False),
        Binding("k", "scroll_lines(-1)", "Up", show=False),
    ]
    """Escape (or ?, q, F1) closes the help; the arrows, j/k and the page keys scroll it."""

    KEY_HELP = (
        (
            "This help",
            (
                ("Escape / ? / q / F1", "close it, back where you were"),
                ("↑ ↓ / j k, PageUp / PageDown", "scroll"),
            ),
        ),
    )
    """The keys of the help itself."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def __init__(self, under: Screen[Any] | None = None) -> None:
        super().__init__()
        self.under = under
        """The screen the help was opened on: its keys come first."""

    def compose(self) -> ComposeResult:
        person = self.app.person
        if person is not None:
            location = (
                f"Your profile file: `{person.path}` (attempts in `{person.folder / 'attempts'}`)."
            )
        else:
            location = f"Profiles are kept in `{self.app.store.folder}`."
        under = self.under
        groups: KeyGroups = getattr(under, "KEY_HELP", ()) if under is not None else ()
        name = SCREEN_NAMES.get(type(under).__name__, "This screen")
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(
                key_table(name, groups, class_student=self.app.class_student), id="help-keys"
            )
            yield Markdown(HELP_TEXT.format(location=location))
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus(scroll_visible=False)

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """The scrolling box's arrows, named once in the footer."""
        if binding.action == "scroll_down":
            return ("↑↓", "Scroll")
        return None

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll the help a line."""
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=lines, animate=False)
