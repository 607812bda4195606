"""The plain mode: the whole product, line by line on standard input and output, for screen readers.

No Textual, no box drawing, no colour, no redraws: every line is printed once, choices are numbered,
and feedback, results, the verdict and the learning path are given in words. It is a face of the
same flow as the app (`quizapp.core.flow` decides; this module only prints and reads), with the same
profiles and store, so an answer saved here resumes there and the other way round. It reads answers
from any standard input, so a whole quiz can be piped in from a file.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizapp.core.bank import AnyQuestion, Bank, MultiQuestion, is_graded
from quizapp.core.classgate import HELD_BACK_WORDS
from quizapp.core.flow import (
    LATE_ANSWER,
    AskResumeOrAfresh,
    Beginning,
    ClassDone,
    ConfirmName,
    Damaged,
    Marked,
    MenuEntry,
    Notice,
    Opened,
    PathView,
    Refused,
    Resumed,
    Said,
    Started,
    Waiting,
    begin,
    begin_pack,
    class_results,
    close_for_time,
    counter_words,
    follow_path,
    home_menu,
    leave_notice,
    mark_step,
    open_person,
    path_choices,
    path_view,
    question_words,
    record_answer,
    results_view,
    resume,
    resume_current,
    session_clock,
    shown_choices,
    start_afresh,
    step_lines,
    teaching_for,
    verdict_sentences,
    where_words,
)
from quizapp.core.profile import Attempt, Response
from quizapp.core.session import QuizSession
from quizapp.core.store import OpenProfile, ProfileStore
from quizapp.core.words import STEP_STATUS_MARKS

if TYPE_CHECKING:
    from quizapp.core.library import Library
    from quizapp.core.packs import Pack  # pydantic: imported only when a class quiz is taken

HELP = """Help for the plain mode:
  Type the number of a choice and press Enter.
  For "select all that apply", type every number you choose, separated by spaces or commas.
  q leaves a quiz or the learning path and goes back to the menu; q at the menu ends quizapp.
  Every answer is saved the moment you give it: Resume carries on where you left off.
  Answers read from a pipe or a file are printed after each prompt ("> 2").
  ? shows this help.
  Sources: after each answer, the passage the question comes from is quoted."""

MARK_KEYS = {"t": "todo", "l": "learning", "s": "skipped", "d": "done"}
"""The letters that mark a learning-path step, as in the app."""
LOBBY_CHECK_SECONDS = 1.0
"""How often the lobby looks whether the teacher has started the class quiz."""
HELD_BACK_CHECK_SECONDS = 2.0
"""How often held-back results look whether the class quiz has closed."""


class Leave(Exception):
    """The person typed q, or the input ended: leave; everything is already saved."""

    def __init__(self, *, ended: bool = False) -> None:
        super().__init__("the input ended" if ended else "q")
        self.ended = ended
        """True when the input ended (nothing more can be read: the program ends); False for q
        (a quiz or the learning path goes back to the menu, the menu ends the program)."""


@dataclass
class PlainIO:
    """Where the plain mode reads and writes: standard input and output unless a test passes others."""

    read: TextIO
    """Answers come from here, a line at a time."""
    write: TextIO
    """Everything is printed here, a line at a time."""

    def say(self, text: str = "") -> None:
        """Print one or more whole lines."""
        self.write.write(text + "\n")
        self.write.flush()

    def say_lines(self, lines: Iterable[Said | str], indent: str = "") -> None:
        """Print the flow's words, one line each (blank for a gap)."""
        for line in lines:
            words = str(line)
            self.say(indent + words if words else "")

    def tell(self, notice: Notice | None) -> None:
        """Print a notice of the flow (its words only)."""
        if notice is not None:
            self.say(notice.message)

    def ask(self, prompt: str) -> str:
        """Print a prompt line and read one answer line; `q` or the end of input leaves.

        Read from a pipe or a file, the line is printed after the prompt ("> 2"), so the
        transcript shows what was answered, as a terminal shows what was typed.
        """
        self.say(prompt)
        line = self.read.readline()
        if not line:
            raise Leave(ended=True)
        answer = line.strip()
        if not self.typed_here():
            self.say(f"> {answer}")
        if answer.casefold() in ("q", "quit", "exit"):
            raise Leave
        return answer

    def typed_here(self) -> bool:
        """Whether answers are typed in a terminal, which shows them as they are typed."""
        isatty = getattr(self.read, "isatty", None)
        try:
            return bool(isatty()) if isatty is not None else False
        except (OSError, ValueError):
            return False

    def ask_letter(self, prompt: str, letters: Iterable[str], *, empty: bool = True) -> str:
        """Ask until one of `letters` is typed (or an empty line, when `empty`): an invalid line is
        said and asked again, never taken as something else. Returns the letter, or "".

        Args:
            prompt: the question, which says what each letter does.
            letters: the letters that answer it.
            empty: whether Enter alone is an answer.
        """
        letters = list(letters)
        while True:
            reply = self.ask(prompt).casefold()
            if reply in letters or (empty and not reply):
                return reply
            if reply == "?":
                self.say(HELP)
                continue
            keys = list(letters)
            named = f"{', '.join(keys[:-1])} or {keys[-1]}" if len(keys) > 1 else keys[0]
            enter = ", or press Enter" if empty else ""
            self.say(f"“{reply}” is not an answer here: please type {named}{enter}.")


def parse_numbers(text: str, count: int) -> list[int] | None:
    """1-based choice numbers typed as `2`, `1 3` or `1,3` -> 0-based positions (None if invalid)."""
    parts = text.replace(",", " ").split()
    if not parts or not all(part.isdigit() for part in parts):
        return None
    numbers = [int(part) for part in parts]
    if any(not 1 <= number <= count for number in numbers):
        return None
    return sorted({number - 1 for number in numbers})


def how_to_answer(question: AnyQuestion) -> str:
    """The plain mode's keys for a question."""
    if isinstance(question, MultiQuestion):
        return "Select all that apply: type every number you choose, then Enter."
    if is_graded(question):
        return "Choose one: type its number, then Enter."
    return "Type the number of your answer, then Enter."


def question_lines(session: QuizSession, question: AnyQuestion) -> list[str]:
    """The question as lines: where we are, the prompt, what it asks, and the numbered choices."""
    lines = [f"{counter_words(session, question)}. {where_words(session, question)}."]
    lines.append(question.prompt)
    asked = question_words(question)
    if asked is not None:
        lines.append(asked)
    lines.append(how_to_answer(question))
    for number, (text, _) in enumerate(shown_choices(session, question), start=1):
        lines.append(f"  {number}. {text}")
    return lines


def read_response(io: PlainIO, session: QuizSession, question: AnyQuestion) -> Response:
    """Ask until the person types a valid answer (`?` shows help, `q` leaves)."""
    choices = shown_choices(session, question)
    multi = isinstance(question, MultiQuestion)
    while True:
        text = io.ask("Your answer:")
        if text == "?":
            io.say(HELP)
            continue
        picked = parse_numbers(text, len(choices))
        if picked is None or (not multi and len(picked) != 1):
            how = "numbers" if multi else "one number"
            io.say(f"Please type {how} from 1 to {len(choices)}, ? for help, or q to leave.")
            continue
        if multi:
            return sorted(session.display_order(question)[position] for position in picked)
        return choices[picked[0]][1]


def choose(io: PlainIO, prompt: str, count: int) -> int:
    """Ask for one number from 1 to `count`; return its 0-based position (`?` shows help)."""
    while True:
        text = io.ask(prompt)
        if text == "?":
            io.say(HELP)
            continue
        picked = parse_numbers(text, count)
        if picked is not None and len(picked) == 1:
            return picked[0]
        io.say(f"Please type one number from 1 to {count}, or q to leave.")


class PlainFace:
    """The plain mode's face of the flow: prints what the flow decides and reads the person's lines."""

    def __init__(
        self,
        io: PlainIO,
        store: ProfileStore,
        bank: Bank,
        *,
        library: Library | None,
        seed: int | None,
        monotonic: Callable[[], float],
        pack: Pack | None = None,
        pack_path: Path | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.pack = pack
        """The class quiz being run, if any (its rules decide the lobby and held-back results)."""
        self.pack_path = pack_path
        """Its file."""
        self.sleep = sleep
        """Waits between two looks at the class (the lobby, held-back results); tests pass theirs."""
        self.io = io
        """Where lines are read and printed."""
        self.store = store
        """The profile store."""
        self.bank = bank
        """The checked bank."""
        self.library = library
        """The catalogue and comparison (None: only quizzes are offered)."""
        self.seed = seed
        """The shuffle seed of new attempts (None: a random one each time)."""
        self.monotonic = monotonic
        """The clock that times answers."""
        self.documents = library.document_names() if library is not None else []
        """The seed documents' names, for naming sources."""
        if not self.documents:
            self.documents = sorted({question.source.doc for question in bank.questions})

    def new_seed(self) -> int:
        """The seed for a new attempt: the given one, else a random one (recorded)."""
        import random

        return self.seed if self.seed is not None else random.randrange(1_000_000)

    # People ------------------------------------------------------------------

    def open(self, name: str) -> OpenProfile | int:
        """Open `name`'s profile as the flow decides; an exit code when it cannot be."""
        opening = open_person(self.store, name)
        if isinstance(opening, ConfirmName):
            reply = self.io.ask_letter(f"{opening.question} (y/n)", "yn", empty=False)
            if reply != "y":
                self.io.say(opening.declined)
                return 2
            opening = open_person(self.store, opening.stored)
        if isinstance(opening, Refused):
            self.io.say(opening.message)
            return 2 if opening.reason == "name" else 1
        if isinstance(opening, Damaged):
            return self.damaged(opening)
        if not isinstance(opening, Opened):
            self.io.say(f"The profile {name} cannot be opened: choose another name.")
            return 2
        self.io.tell(opening.notice)
        return opening.person

    def damaged(self, damaged: Damaged, person: OpenProfile | None = None) -> OpenProfile | int:
        """A file that cannot be read: say what is wrong; offer to move it aside when it may be."""
        self.io.say(f"Your profile cannot be opened: {damaged.problem}")
        if not damaged.corrupt:
            self.io.say(
                "The file has not been changed. Deal with the cause above, then start again."
            )
            return 1
        reply = self.io.ask_letter(
            "The file has not been changed. Move it aside (it is renamed, never deleted) and go "
            "on? (y/n)",
            "yn",
            empty=False,
        )
        if reply != "y":
            return 1
        if person is not None:
            person.close()  # it may hold the profile open (a broken attempt file)
        try:
            target = self.store.move_aside(damaged.name, Path(damaged.problem.file))
        except (OSError, ValueError) as error:
            self.io.say(f"Could not move the file aside: {error}")
            return 1
        self.io.say(f"Moved the damaged file to {target}")
        return self.open(damaged.name)

    def ask_name(self) -> str:
        """Ask for a name until one is typed."""
        while True:
            typed = self.io.ask("Your name (to find or create your profile):")
            if typed:
                return typed

    # Quizzes -----------------------------------------------------------------

    def render(
        self, person: OpenProfile, beginning: Beginning, mode: str, topic: str | None
    ) -> QuizSession | Damaged | None:
        """Say what the flow decided; the session to run, `Damaged` for a broken file, or None."""
        if isinstance(beginning, AskResumeOrAfresh):
            self.io.say(beginning.question)
            reply = self.io.ask_letter(
                f"Type r: {beginning.resume_label}. Type a: {beginning.afresh_label}. Or "
                "press Enter to go back.",
                "ra",
            )
            if reply == "r":
                beginning = resume(self.bank, person, beginning.current, monotonic=self.monotonic)
            elif reply == "a":
                beginning = start_afresh(
                    self.bank,
                    person,
                    beginning.current,
                    mode,
                    topic,
                    seed=self.new_seed(),
                    now=self.store.clock(),
                    monotonic=self.monotonic,
                )
            else:
                return None
        if isinstance(beginning, Resumed):
            self.io.tell(beginning.notice)
            self.io.say(beginning.words)
            return beginning.session
        if isinstance(beginning, Started):
            if beginning.words:
                self.io.say(beginning.words)
            return beginning.session
        if isinstance(beginning, Damaged):
            return beginning
        if isinstance(beginning, AskResumeOrAfresh):  # never asked twice
            return None
        if isinstance(beginning, Waiting):
            return self.wait_in_lobby(person, beginning)
        if isinstance(beginning, ClassDone):
            self.io.say(beginning.words)
            self.results(person, beginning.attempt)
            return None
        self.io.tell(beginning.notice)
        return None

    def wait_in_lobby(self, person: OpenProfile, waiting: Waiting) -> QuizSession | Damaged | None:
        """Say the lobby's words once, then look every second until the teacher starts the quiz
        (or it ends); Ctrl+C leaves (nothing has started)."""
        assert self.pack is not None and self.pack_path is not None
        self.io.say(waiting.words)
        beginning: Beginning = waiting
        try:
            while isinstance(beginning, Waiting):
                self.sleep(LOBBY_CHECK_SECONDS)
                beginning = begin_pack(
                    self.bank,
                    person,
                    self.pack,
                    self.pack_path,
                    now=self.store.clock(),
                    monotonic=self.monotonic,
                )
        except KeyboardInterrupt:
            raise Leave from None
        self.io.say("Your teacher started the quiz.")
        return self.render(person, beginning, "pack", None)

    def run_session(self, session: QuizSession) -> None:
        """Ask every remaining question of a session, saving each answer before its feedback.

        A class quiz's clock (its time limit and the teacher's controls) is read before each
        question and again before each answer is saved: an answer typed after the end is not
        recorded.
        """
        io = self.io
        while (question := session.current()) is not None:
            clock = session_clock(session)
            if clock.over:
                io.tell(close_for_time(session, clock))
                return
            io.say()
            for line in question_lines(session, question):
                io.say(line)
            if clock.spoken is not None:
                io.say(clock.spoken)
            session.mark_shown()
            try:
                response = read_response(io, session, question)
            except Leave:
                io.tell(leave_notice(session))
                raise
            clock = session_clock(session)
            if clock.over:
                io.tell(close_for_time(session, clock))
                io.say(LATE_ANSWER)
                return
            answer = record_answer(session, response)
            if isinstance(answer, Notice):
                io.say(f"{answer.message} Type it again to retry, or q to leave.")
                continue
            io.say_lines(teaching_for(session, answer, self.documents).lines)

    def results(self, person: OpenProfile, attempt: Attempt) -> None:
        """Print the results of a finished (or closed) attempt; a class quiz's wait until it
        closes for the class ("Submitted" is said at once; Ctrl+C leaves, they are kept)."""
        state = class_results(person, attempt, self.store.clock(), self.pack)
        if state.held_back:
            self.io.say()
            self.io.say(HELD_BACK_WORDS)
            try:
                while state.held_back:
                    self.sleep(HELD_BACK_CHECK_SECONDS)
                    state = class_results(person, attempt, self.store.clock(), self.pack)
            except KeyboardInterrupt:
                raise Leave from None
            self.io.say("The class quiz has closed: here are your results.")
        view = results_view(
            attempt,
            self.bank,
            person.answers(),
            self.documents,
            class_state=state,
        )
        io = self.io
        io.say()
        io.say("Results.")
        io.say(view.headline)
        if view.pass_words is not None:
            io.say(view.pass_words)
        if view.knowledge:
            for title, tallies in (("By topic:", view.by_topic), ("By area:", view.by_area)):
                io.say(title)
                for label, tally in tallies:
                    io.say(f"  {label}: {tally.right} of {tally.total} right.")
        if view.recommendation is not None or view.no_verdict is not None:
            io.say("Which path fits you:")
            if view.recommendation is not None:
                io.say_lines(verdict_sentences(view.recommendation), "  ")
            else:
                io.say(f"  {view.no_verdict}")
        if view.knowledge:
            io.say(f"Missed questions ({len(view.misses)}):")
            if not view.misses:
                io.say("  None: well done.")
            for miss in view.misses:
                io.say(f"  Missed: {miss.prompt}")
                io.say_lines(miss.teaching.lines, "    ")
        offers = [
            text
            for offered, text in (
                (view.offer_fit, '"Which path fits me?" for a verdict'),
                (view.offer_review, "a review of your misses"),
            )
            if offered
        ]
        if offers and attempt.pack_id is None:
            io.say(f"Next, the menu offers {' and '.join(offers)}.")

    def take(
        self, person: OpenProfile, beginning: Beginning, mode: str, topic: str | None
    ) -> OpenProfile | int:
        """Run a quiz as the flow began it, then its results; the person (maybe reopened after a
        damaged file was moved aside), or an exit code."""
        outcome = self.render(person, beginning, mode, topic)
        if isinstance(outcome, Damaged):
            return self.damaged(outcome, person)
        if outcome is not None:
            self.run_session(outcome)
            self.results(person, outcome.attempt)
        return person

    # The rest of the product ---------------------------------------------------

    def comparison(self) -> None:
        """Print the two roles side by side, with sources."""
        from quizapp.core.compare import comparison_text

        comparison = self.library.comparison() if self.library is not None else None
        if comparison is None:
            self.io.say(
                "The comparison of the two roles is missing or broken: run `quizapp check`."
            )
            return
        self.io.say()
        self.io.write.write(comparison_text(comparison, self.documents))
        self.io.write.flush()

    def path(self, person: OpenProfile) -> None:
        """The learning path: the verdict, the steps; a step's details, marked by a letter."""
        catalogue = self.library.catalogue() if self.library is not None else None
        if catalogue is None:
            self.io.say("The learning-path catalogue is missing or broken: run `quizapp check`.")
            return
        io = self.io
        view = path_view(person, self.bank, catalogue)
        listed = False
        while True:
            if not listed:
                io.say()
                io.say("Your learning path.")
                if view.chosen_words:
                    io.say(f"{view.chosen_words} (c to change).")
                io.say("Which path fits you:")
                io.say_lines(verdict_sentences(view.recommendation), "  ")
                if view.fit_offer:
                    io.say(f'To {view.fit_offer[:-1]}, choose "Which path fits me?" in the menu.')
                number = 0
                for section in view.sections:
                    io.say(f"{section.title}:")
                    for item in section.steps:
                        number += 1
                        io.say(f"  {number}. {STEP_STATUS_MARKS[item.status]}: {item.step.title}")
                io.say(view.progress_words + ".")
                listed = True
            steps = view.steps
            text = io.ask(
                "Type a step's number to read it and mark it, l to list the steps again, c to "
                "change which path you follow, or press Enter to go back to the menu."
            ).casefold()
            if not text:
                return
            if text == "l":
                listed = False
                continue
            if text == "c":
                marked = self.choose_path(person, view)
                if marked is not None:
                    io.tell(marked.notice)
                    if marked.saved:
                        view = path_view(person, self.bank, catalogue, view.recommendation)
                        listed = False
                continue
            picked = parse_numbers(text, len(steps))
            if picked is None or len(picked) != 1:
                io.say(f"Please type one number from 1 to {len(steps)}, l, c, or press Enter.")
                continue
            item = steps[picked[0]]
            io.say()
            io.say_lines(step_lines(item, self.documents))
            letter = io.ask_letter(
                "Mark it: t to do, l learning, s skipped, d done, or press Enter to leave it as "
                "it is.",
                MARK_KEYS,
            )
            if letter in MARK_KEYS:
                marked = mark_step(person, item, MARK_KEYS[letter])  # type: ignore[arg-type]
                io.tell(marked.notice)
                if marked.saved:
                    view = path_view(person, self.bank, catalogue, view.recommendation)

    def choose_path(self, person: OpenProfile, view: PathView) -> Marked | None:
        """Which path to follow, chosen by number (as the app's chooser); None to keep it."""
        io = self.io
        choices = path_choices(view)
        io.say("Which path do you want to follow?")
        for number, (_, words) in enumerate(choices, start=1):
            io.say(f"  {number}. {words}")
        while True:
            text = io.ask(f"Type 1 to {len(choices)}, or press Enter to keep it as it is.")
            if not text:
                return None
            picked = parse_numbers(text, len(choices))
            if picked is not None and len(picked) == 1:
                return follow_path(person, choices[picked[0]][0])
            io.say(f"Please type one number from 1 to {len(choices)}, or press Enter.")

    def menu(self, person: OpenProfile) -> OpenProfile | int | None:
        """The home menu, as in the app, until the person leaves; None to switch profile."""
        io = self.io
        while True:
            entries = home_menu(person, self.bank, self.store.clock())
            io.say()
            io.say(
                f"Hello, {person.profile.name}. What would you like to do? Type a number, or q "
                "to leave."
            )
            for number, entry in enumerate(entries, start=1):
                io.say(f"  {number}. {entry.label}")
            entry = entries[choose(io, "Your choice:", len(entries))]
            if entry.action == "switch":
                return None
            try:
                taken = self.run_entry(person, entry)
            except Leave as leave:
                if leave.ended:
                    raise
                # q in a quiz or on the path: back to this menu (everything is saved); q here
                # leaves the program.
                io.say("Back to the menu.")
                continue
            if isinstance(taken, int):
                return taken
            person = taken

    def run_entry(self, person: OpenProfile, entry: MenuEntry) -> OpenProfile | int:
        """Do what a menu entry offers; the person (maybe reopened), or an exit code."""
        if entry.action == "compare":
            self.comparison()
            return person
        if entry.action == "path":
            self.path(person)
            return person
        if entry.action == "resume":
            beginning: Beginning = resume_current(self.bank, person, monotonic=self.monotonic)
            return self.take(person, beginning, "", None)
        beginning = begin(
            self.bank,
            person,
            entry.action,
            entry.topic,
            seed=self.new_seed(),
            now=self.store.clock(),
            ask_same=True,
            monotonic=self.monotonic,
        )
        return self.take(person, beginning, entry.action, entry.topic)


def run_plain(
    *,
    profiles_dir: Path,
    bank_loader: Callable[[], Bank] | None = None,
    library: Library | None = None,
    profile_name: str | None,
    mode: str | None,
    seed: int | None,
    io: PlainIO | None = None,
    clock: Callable[[], datetime] | None = None,
    pack_path: Path | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run the plain mode; return the exit code (0 when the person leaves or finishes).

    Args:
        profiles_dir: the profiles folder.
        bank_loader: returns the checked bank (raises ProblemsError when it has problems); the
            library's bank when None.
        library: the bank, the learning-path catalogue and the comparison (without one, the
            learning path and the comparison say they are missing).
        profile_name: whose profile to open; asked for when None.
        mode: a `--mode` text to start straight away (then leave after it); None shows the menu.
        seed: the shuffle seed of new attempts; None for a random one.
        io: where to read and write; standard input and output when None.
        clock: the store's time source; the real UTC clock when None.
        pack_path: a class quiz to take (then leave after it); `mode` is not used with it.
        monotonic: the clock that times answers; tests fix it.
        sleep: waits between looks at the class (the lobby, held-back results); tests pass theirs.
    """
    from quizapp.core.formats import parse_mode
    from quizapp.core.problems import ProblemsError

    io = io or PlainIO(sys.stdin, sys.stdout)
    load = bank_loader or (library.bank if library is not None else None)
    if load is None:
        raise ValueError("run_plain needs a bank_loader or a library")
    try:
        bank = load()
    except ProblemsError as error:
        io.say(f"The question bank has problems: {error}")
        return 1
    pack: Pack | None = None
    if pack_path is not None:
        from quizapp.core.packs import load_pack

        pack, problems = load_pack(pack_path, bank)
        if pack is None:
            io.say(f"The class quiz {pack_path} has problems:")
            for problem in problems:
                io.say(f"  {problem}")
            return 1
    io.say("quizapp, plain mode. Backend engineer or backend developer? Type ? for help.")
    face = PlainFace(
        io,
        ProfileStore(profiles_dir, clock=clock),
        bank,
        library=library,
        seed=seed,
        monotonic=monotonic,
        pack=pack,
        pack_path=pack_path,
        sleep=sleep,
    )
    name = profile_name
    while True:
        try:
            opened = face.open(name if name is not None else face.ask_name())
        except Leave:
            io.say("Goodbye.")
            return 0
        if isinstance(opened, int):
            return opened
        person: OpenProfile | int | None = opened
        try:
            if pack is not None and pack_path is not None:
                beginning = begin_pack(
                    bank, opened, pack, pack_path, now=face.store.clock(), monotonic=monotonic
                )
                person = face.take(opened, beginning, "pack", None)
            elif mode is not None:
                chosen, topic = parse_mode(mode)
                beginning = begin(
                    bank,
                    opened,
                    chosen,
                    topic,
                    seed=face.new_seed(),
                    now=face.store.clock(),
                    monotonic=monotonic,
                )
                person = face.take(opened, beginning, chosen, topic)
            else:
                person = face.menu(opened)
        except Leave:
            io.say("Goodbye.")
            return 0
        finally:
            if isinstance(person, OpenProfile):
                person.close()
            opened.close()
        if isinstance(person, int):
            return person
        if person is not None or pack is not None or mode is not None:
            return 0
        name = None  # switch profile: ask again
