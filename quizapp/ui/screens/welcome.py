"""The welcome screen: pick your profile or create one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.core.formats import when_words
from quizapp.core.store import InvalidNameError, ProfileError, ProfileStore, check_name
from quizapp.ui.messages import OpenPerson
from quizapp.ui.widgets.fit_footer import FitFooter
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.context import QuizContext


class WelcomeScreen(Screen[None]):
    """Who is taking the quiz? Lists the profiles and creates new ones."""

    app: QuizContext  # type: ignore[assignment]  # the app as a Protocol, not the App class

    BINDINGS = [
        Binding("ctrl+q", "app.quit", "Quit", key_display="^q"),
        Binding("escape", "nothing", show=False),
    ]
    """ctrl+q quits (q would be typed into the name). Escape never quits: there is nothing behind
    this screen to go back to."""

    KEY_HELP = (
        (
            "Choose who you are",
            (
                ("↑ ↓, Enter", "pick your profile from the list"),
                ("type a name, Enter", "create a new profile (typing on the list starts it)"),
                ("Tab", "move between the list, the name field and Create"),
            ),
        ),
        (
            "Leave",
            (
                ("ctrl+q", "quit quizapp"),
                ("Escape", "stays here: Escape only ever goes back, and never quits"),
            ),
        ),
    )
    """The keys of this screen, grouped, as the help shows them first."""

    def __init__(self, store: ProfileStore, pack_title: str | None) -> None:
        super().__init__()
        self.store = store
        """Where the profiles are listed from."""
        self.pack_title = pack_title
        """The classroom quiz being run, if any."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="welcome", can_focus=False):
            yield Static(
                "Learn what backend engineers and backend developers do, and find out which "
                "path fits you.",
                id="tagline",
            )
            if self.pack_title:
                yield Static(
                    Text(f"{self.pack_title}: pick your name, or type it below."),
                    id="pack-title",
                    classes="section-title",
                )
            yield Static("Who is taking the quiz?", id="who", classes="section-title")
            yield OptionList(id="profiles")
            yield Static("New profile", classes="section-title")
            # The rules under the title, not in the placeholder, which a 60-column field cut.
            yield Static(
                "Letters, digits, spaces, - and _; up to 40.", id="name-rules", classes="muted"
            )
            # Above the field, so an error shows with the field on the smallest terminal.
            yield Static("", id="welcome-error", classes="error")
            with Horizontal(id="new-profile"):
                yield Input(
                    placeholder="Your name",
                    id="name",
                    select_on_focus=False,  # typed on the list, the first letter must stay
                )
                # The Create button (for the mouse; Enter in the field does the same) is added just
                # after the first paint: building a Button costs the first screen a frame or so.
        yield FitFooter()

    def action_nothing(self) -> None:
        """Escape: stay (it only ever goes back, and nothing is behind this screen)."""

    def footer_label(self, binding: Binding) -> tuple[str, str] | None:
        """Enter opens the highlighted profile on the list, or creates the one typed; ctrl+q
        quits (q would be typed)."""
        if binding.action == "select" and self.focused is self.query_one("#profiles"):
            return ("enter", "Open")
        if binding.action == "submit":
            return ("enter", "Create")
        if binding.action in ("quit", "app.quit"):
            return ("^q", "Quit")
        return None

    def _add_create_button(self, tries: int = 20) -> None:
        if not self.is_attached or self.query("#create"):
            return  # closed already (a script that quits at once), or added
        row = self.query_one("#new-profile")
        if not row.is_mounted:
            if tries:
                self.call_after_refresh(lambda: self._add_create_button(tries - 1))
            return
        row.mount(Button("Create", id="create", variant="primary"))

    def on_mount(self) -> None:
        self.call_after_refresh(self._add_create_button)
        profiles = self.query_one("#profiles", OptionList)
        try:
            summaries = self.store.list_profiles()
        except (
            ProfileError
        ) as error:  # the folder itself cannot be listed: say so, still let them type
            summaries = []
            self.call_after_refresh(self.show_error, str(error.problem))
        for summary in summaries:
            if summary.error:
                label = f"{summary.name}  ⚠ cannot be read: {summary.error}"
            else:
                when = (
                    when_words(summary.last_activity, self.store.clock())
                    if summary.last_activity
                    else "never"
                )
                mark = " · ● unfinished quiz" if summary.unfinished else ""
                answers = f"{summary.answers} answer{'' if summary.answers == 1 else 's'}"
                label = f"{summary.name} · {answers} · active {when}{mark}"
            profiles.add_option(Option(Text(label), id=f"profile-{len(profiles.options)}"))
        self._names = [summary.name for summary in summaries]
        if summaries:
            profiles.highlighted = 0
            profiles.focus()
        else:
            profiles.display = False
            self.query_one("#who", Static).update("No profiles yet: type your name below to start.")
            self.query_one("#name", Input).focus()

    def show_error(self, message: str) -> None:
        """Show a problem (a bad name, a locked profile) just above the name field, in view."""
        error = self.query_one("#welcome-error", Static)
        error.update(Text(f"✗ {message}" if message else ""))
        if message:
            # The form is last: scrolling to the end shows the error and the field together,
            # once the error's new height is laid out.
            self.call_after_refresh(self._show_form)
            self.set_timer(0.05, self._show_form)

    def _show_form(self) -> None:
        """Scroll to the end, where the error sits just above the name field."""
        if self.is_attached:
            self.query_one("#welcome", VerticalScroll).scroll_end(animate=False)

    def on_key(self, event: events.Key) -> None:
        """Typing on the profile list starts a new name: no Tab needed first."""
        profiles = self.query_one("#profiles", OptionList)
        if (
            self.focused is profiles
            and event.is_printable
            and event.character
            and event.character not in " ?"
        ):
            field = self.query_one("#name", Input)
            field.focus()
            field.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def _open(self, name: str) -> None:
        self.query_one("#welcome-error", Static).update("")
        self.post_message(OpenPerson(name))

    @on(OptionList.OptionSelected, "#profiles")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._open(self._names[event.option_index])

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        typed = self.query_one("#name", Input).value
        try:
            name = check_name(typed)
        except InvalidNameError as error:
            self.show_error(f"That name cannot be used: {error}.")
            return
        if self.store.exists(name):
            # Names that fold to the same folder (Straße, STRASSE) are the same profile.
            stored = self.store.stored_name(name) or name
            self.show_error(
                f"A profile named {stored} already exists in this folder; is that you? Pick it "
                "from the list above, or choose another name."
            )
            return
        self._open(name)
