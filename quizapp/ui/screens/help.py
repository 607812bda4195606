"""The help screen: every key, what each mode does, and where the profile file is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext

HELP_TEXT = """\
# Help

## Keys
- `1`-`9`: choose that choice and answer at once (true/false: 1 true, 2 false; role: 1 engineer, 2 developer, 3 both)
- `space`: tick or untick a choice of a *select all that apply* question
- `Enter`: answer with the highlighted choice, submit ticked choices, or go on after the feedback
- `up` / `down`: move between choices and menu items
- `n`: next question after the feedback
- `q` / `Escape`: leave the quiz; every answer is already saved, and Resume carries on at the same question
- `p`: learning path (from home and results); on the path, `t`, `l`, `s` and `d` mark a step to do, learning, skipped or done and `space` moves it to the next of those (`[r] review only` means your answers and how ready you feel both say you know it), `f` asks more "Which path fits me?" questions and `c` picks which path to follow (engineer, developer, or the recommendation)
- `ctrl+p`: command palette: switch theme (saved in your profile), learning path, home, help
  (on a terminal under 80 columns the footer leaves out its `^p` hint; the key still works)
- `F1` / `?`: this help (`F1` also while typing a name); `ctrl+q`: quit
- `pageup` / `pagedown`: scroll a long question or feedback

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


class HelpScreen(ModalScreen[None]):
    """Keys, modes and data location."""

    BINDINGS = [("escape,question_mark,q,f1", "dismiss", "Close")]
    """Any of these closes the help."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    def compose(self) -> ComposeResult:
        person = self.app.person
        if person is not None:
            location = (
                f"Your profile file: `{person.path}` (attempts in `{person.folder / 'attempts'}`)."
            )
        else:
            location = f"Profiles are kept in `{self.app.store.folder}`."
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Markdown(HELP_TEXT.format(location=location))
