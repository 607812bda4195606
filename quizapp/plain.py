"""The plain mode: the same quiz, line by line on standard input and output, for screen readers.

No Textual, no box drawing, no colour, no redraws: every line is printed once, choices are numbered,
and feedback, results and the recommendation are given in words. It uses the same profiles, sessions
and store as the app, so an answer saved here resumes there and the other way round. It reads
answers from any standard input, so a whole quiz can be piped in from a file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizapp.core.bank import (
    ROLES,
    AnyQuestion,
    Bank,
    MultiQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
    document_label,
    is_graded,
)
from quizapp.core.profile import Response
from quizapp.core.session import NothingToAsk, QuizSession, plan_attempt
from quizapp.core.store import OpenProfile, ProfileStore

if TYPE_CHECKING:
    from quizapp.core.packs import Pack  # pydantic: imported only when a class quiz is taken

HELP = """Help for the plain mode:
  Type the number of a choice and press Enter.
  For "select all that apply", type every number you choose, separated by spaces or commas.
  q leaves the quiz: every answer so far is already saved, and the next start resumes it.
  ? shows this help.
  Sources: after each answer, the passage the question comes from is quoted."""

ROLE_WORDS = {"engineer": "Backend engineer", "developer": "Backend developer", "both": "Both"}
"""How a role answer reads."""

MENU = (
    ("full", None, "Full assessment"),
    ("quick", None, "Quick quiz, 10 questions"),
    ("topic", "duties", "Duties only"),
    ("topic", "skills", "Skills only"),
    ("topic", "tools", "Tools only"),
    ("review", None, "Review missed questions"),
)
"""The quizzes the menu offers: (mode, topic, words)."""


class Leave(Exception):
    """The person typed q, or the input ended: leave; everything is already saved."""


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

    def ask(self, prompt: str) -> str:
        """Print a prompt line and read one answer line; `q` or the end of input leaves."""
        self.say(prompt)
        line = self.read.readline()
        if not line:
            raise Leave
        answer = line.strip()
        if answer.casefold() in ("q", "quit", "exit"):
            raise Leave
        return answer


def choices_in_order(session: QuizSession, question: AnyQuestion) -> list[tuple[str, Response]]:
    """The choices as shown to this person, each with the response it stands for."""
    if isinstance(question, SingleQuestion | MultiQuestion):
        return [(question.choices[index], index) for index in session.display_order(question)]
    if isinstance(question, TrueFalseQuestion):
        return [("True", True), ("False", False)]
    if isinstance(question, RoleQuestion):
        return [(ROLE_WORDS[role], role) for role in ROLES]
    options = getattr(question, "options", [])
    return [(option.text, index) for index, option in enumerate(options)]


def parse_numbers(text: str, count: int) -> list[int] | None:
    """1-based choice numbers typed as `2`, `1 3` or `1,3` -> 0-based positions (None if invalid)."""
    parts = text.replace(",", " ").split()
    if not parts or not all(part.isdigit() for part in parts):
        return None
    numbers = [int(part) for part in parts]
    if any(not 1 <= number <= count for number in numbers):
        return None
    return sorted({number - 1 for number in numbers})


def question_lines(session: QuizSession, question: AnyQuestion) -> list[str]:
    """The question as lines: where we are, the prompt, and the numbered choices."""
    position = session.position + 1
    lines = [f"Question {position} of {session.total}. {question.topic.capitalize()}."]
    lines.append(question.prompt)
    if isinstance(question, MultiQuestion):
        lines.append("Select all that apply: type every number you choose, then Enter.")
    elif is_graded(question):
        lines.append("Choose one: type its number, then Enter.")
    else:
        lines.append("No right answer: choose the one that fits you best.")
    for number, (text, _) in enumerate(choices_in_order(session, question), start=1):
        lines.append(f"  {number}. {text}")
    return lines


def feedback_lines(question: AnyQuestion, answer_correct: bool | None, bank: Bank) -> list[str]:
    """What follows an answer: right or not, the right answer, why, and the quoted source."""
    from quizapp.core.scoring import right_answer_text

    lines: list[str] = []
    if answer_correct is True:
        lines.append("Right.")
    elif answer_correct is False:
        lines.append(f"Not right. The answer is: {right_answer_text(question)}.")
    else:
        lines.append("Noted.")
    lines.append(question.explanation)
    names = sorted({q.source.doc for q in bank.questions})
    lines.append(f"Source: {document_label(question.source.doc, names)}:")
    lines.append(f"“{question.source.quote}”")
    return lines


def read_response(io: PlainIO, session: QuizSession, question: AnyQuestion) -> Response:
    """Ask until the person types a valid answer (`?` shows help, `q` leaves)."""
    choices = choices_in_order(session, question)
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


def class_deadline(session: QuizSession) -> tuple[datetime | None, bool]:
    """When a class quiz must close (its time limit, extra time, or the teacher's end), and
    whether that is the teacher's end; (None, False) when nothing limits it."""
    from quizapp.core.classcontrol import ControlError, ControlStore, PackControl, deadline

    attempt = session.attempt
    if not attempt.pack_id:
        return None, False
    try:
        controls = ControlStore(session.profile.store.folder).load().for_pack(attempt.pack_id)
    except ControlError:
        controls = PackControl()  # a damaged control file must not stop the quiz
    ends = deadline(
        attempt.started, attempt.time_limit_seconds, controls, session.profile.folder.name
    )
    return ends, ends is not None and controls.ended is not None and controls.ended <= ends


def time_is_up(io: PlainIO, session: QuizSession) -> bool:
    """If the class quiz's time is over, close it (answers kept), say so and return True."""
    from quizapp.core.store import describe_write_error

    ends, by_teacher = class_deadline(session)
    if ends is None or session.profile.store.clock() < ends:
        return False
    try:
        session.close("timed_out")
    except OSError as error:
        io.say(
            f"Time is up. Your answers are saved, but closing the quiz was not: "
            f"{describe_write_error(error)}."
        )
        return True
    if by_teacher:
        io.say("Your teacher ended the quiz: your answers are saved.")
    else:
        io.say("Time is up: your answers are saved.")
    return True


def time_left_line(session: QuizSession) -> str | None:
    """ "Time left: M minutes S seconds." for a class quiz with an end, else None."""
    ends, _ = class_deadline(session)
    if ends is None:
        return None
    left = max(0, int((ends - session.profile.store.clock()).total_seconds()))
    minutes, seconds = divmod(left, 60)
    return f"Time left: {minutes} minutes {seconds} seconds."


def run_session(io: PlainIO, session: QuizSession) -> None:
    """Ask every remaining question of a session, saving each answer before its feedback.

    A class quiz's time limit and the teacher's controls are checked before each question and
    again before each answer is saved: an answer typed after the end is not recorded.
    """
    from quizapp.core.scoring import ResponseError
    from quizapp.core.store import describe_write_error

    while (question := session.current()) is not None:
        if time_is_up(io, session):
            return
        io.say()
        for line in question_lines(session, question):
            io.say(line)
        if (left := time_left_line(session)) is not None:
            io.say(left)
        session.mark_shown()
        response = read_response(io, session, question)
        if time_is_up(io, session):
            io.say("That last answer came after the end, so it was not recorded.")
            return
        try:
            answer = session.record(response)
        except (OSError, ResponseError) as error:
            why = describe_write_error(error) if isinstance(error, OSError) else str(error)
            io.say(
                f"Your answer was NOT saved: {why}. Your earlier answers are safe. Free some space "
                "or fix the folder, then type it again to retry, or q to leave."
            )
            continue
        if session.attempt.feedback == "end":
            io.say("Answer saved. Right answers are shown at the end of this quiz.")
            continue
        for line in feedback_lines(question, answer.correct, session.bank):
            io.say(line)


def results_lines(session: QuizSession, all_answers: list[object]) -> list[str]:
    """The results of a finished attempt and the recommendation, in words."""
    from quizapp.core.recommend import recommend
    from quizapp.core.scoring import latest_answers, score

    results = score(latest_answers(session.attempt), session.bank)
    lines = ["", "Results."]
    if results.overall.total:
        lines.append(
            f"You answered {results.overall.right} of {results.overall.total} graded questions "
            f"right ({results.percent}%)."
        )
    for topic, tally in results.by_topic.items():
        lines.append(f"  {topic.capitalize()}: {tally.right} of {tally.total} right.")
    for missed in results.missed:
        lines.append(f"Missed: {missed.question.prompt}")
        lines.append(f"  You answered: {missed.given}. The answer is: {missed.right}.")
    recommendation = recommend(all_answers, session.bank)  # type: ignore[arg-type]
    lines.append("")
    lines.append(f"Which path fits you: {recommendation.headline}")
    lines.extend(f"  - {reason}" for reason in recommendation.reasons)
    return lines


def pack_results_lines(session: QuizSession) -> list[str]:
    """The results of a class quiz in words: the score (unanswered count as wrong once it has
    ended), pass or fail, and the misses when feedback was held back until now."""
    from quizapp.core.scoring import latest_answers, outcome, score

    results = score(latest_answers(session.attempt), session.bank)
    shown = outcome(session.attempt, session.bank, results)
    status = {"timed_out": " (time ran out)", "abandoned": " (left unfinished)"}.get(
        session.attempt.status, ""
    )
    lines = ["", "Results."]
    if shown.out_of:
        lines.append(f"You scored {shown.percent}%: {shown.right} of {shown.out_of} right{status}.")
    if shown.passed is not None and session.attempt.pass_mark is not None:
        mark = round(100 * session.attempt.pass_mark)
        lines.append(f"{'Passed' if shown.passed else 'Not passed'} (pass mark {mark}%).")
    for missed in results.missed:
        lines.append(f"Missed: {missed.question.prompt}")
        lines.append(f"  You answered: {missed.given}. The answer is: {missed.right}.")
    return lines


def start_pack_session(
    person: OpenProfile, bank: Bank, pack: Pack, pack_path: Path, io: PlainIO
) -> QuizSession:
    """Resume this class quiz, or start it (another unfinished quiz is kept, marked abandoned)."""
    from quizapp.core.packs import new_pack_attempt

    current = person.current_attempt()
    if current is not None and current.mode == "pack" and current.pack_id == pack.id:
        session = QuizSession(bank, person, current)
        session.reconcile()
        io.say(f"Resuming {pack.title} at question {session.position + 1} of {session.total}.")
        return session
    if current is not None:
        QuizSession(bank, person, current).close("abandoned")
        io.say("Your unfinished quiz is kept, marked abandoned.")
    attempt = new_pack_attempt(bank, pack, pack_path, person.profile.name, person.store.clock())
    session = QuizSession.start(bank, person, attempt)
    io.say(f"{pack.title}: {session.total} questions.")
    return session


def choose_mode(io: PlainIO, person: OpenProfile) -> tuple[str, str | None]:
    """The main menu: resume the unfinished quiz, or pick one."""
    current = person.current_attempt()
    options: list[tuple[str, str | None, str]] = []
    if current is not None:
        words = dict(((mode, topic), text) for mode, topic, text in MENU)
        name = words.get((current.mode, current.topic), current.mode)
        options.append((current.mode, current.topic, f"Resume your unfinished quiz: {name}"))
    options.extend(MENU)
    io.say()
    io.say(
        f"Hello, {person.profile.name}. What would you like to do? Type a number, or q to leave."
    )
    for number, (_, _, text) in enumerate(options, start=1):
        io.say(f"  {number}. {text}")
    while True:
        text = io.ask("Your choice:")
        if text == "?":
            io.say(HELP)
            continue
        picked = parse_numbers(text, len(options))
        if picked is not None and len(picked) == 1:
            mode, topic, _ = options[picked[0]]
            return mode, topic
        io.say(f"Please type one number from 1 to {len(options)}, or q to leave.")


def start_session(
    person: OpenProfile, bank: Bank, mode: str, topic: str | None, seed: int, io: PlainIO
) -> QuizSession | None:
    """Resume the unfinished attempt of this mode, or plan a new one (the old one kept, abandoned)."""
    current = person.current_attempt()
    if current is not None and current.mode == mode and current.topic == topic:
        session = QuizSession(bank, person, current)
        report = session.reconcile()
        if report.removed or report.edited:
            io.say(
                f"Since you started, {report.removed} question(s) were removed (skipped) and "
                f"{report.edited} were edited (asked again)."
            )
        io.say(f"Resuming at question {session.position + 1} of {session.total}.")
        return session
    if current is not None:
        QuizSession(bank, person, current).close("abandoned")
        io.say("Your unfinished quiz is kept, marked abandoned.")
    try:
        attempt = plan_attempt(
            bank,
            person.profile,
            mode,  # type: ignore[arg-type]
            seed=seed,
            now=person.store.clock(),
            topic=topic,
        )
    except NothingToAsk as error:
        io.say(str(error))
        return None
    return QuizSession.start(bank, person, attempt)


def run_plain(
    *,
    profiles_dir: Path,
    bank_loader: Callable[[], Bank],
    profile_name: str | None,
    mode: str | None,
    seed: int | None,
    io: PlainIO | None = None,
    clock: Callable[[], datetime] | None = None,
    pack_path: Path | None = None,
) -> int:
    """Run the plain mode; return the exit code (0 when the person leaves or finishes).

    Args:
        profiles_dir: the profiles folder.
        bank_loader: returns the checked bank (raises ProblemsError when it has problems).
        profile_name: whose profile to open; asked for when None.
        mode: a `--mode` text to start straight away (then leave after it); None shows the menu.
        seed: the shuffle seed of new attempts; None for a random one.
        io: where to read and write; standard input and output when None.
        clock: the store's time source; the real UTC clock when None.
        pack_path: a class quiz to take (then leave after it); `mode` is not used with it.
    """
    import random

    from quizapp.core.formats import parse_mode
    from quizapp.core.problems import ProblemsError
    from quizapp.core.store import InvalidNameError, ProfileError, check_name

    io = io or PlainIO(sys.stdin, sys.stdout)
    try:
        bank = bank_loader()
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
    store = ProfileStore(profiles_dir, clock=clock)
    try:
        name = profile_name
        while name is None:
            typed = io.ask("Your name (to find or create your profile):")
            name = typed or None
        try:
            stored = store.stored_name(name)
            if stored is not None and stored != check_name(name):
                # Names that fold to the same folder are the same profile: ask, as the app does.
                reply = io.ask(
                    f"A profile named {stored} already exists in this folder; is that you? (y/n)"
                )
                if reply.casefold() not in ("y", "yes"):
                    io.say(f"A profile named {stored} already exists here: choose another name.")
                    return 2
                name = stored
            person = store.open(name)
        except InvalidNameError as error:
            io.say(f"That name is not allowed: {error}.")
            return 2
        except ProfileError as error:
            io.say(f"Your profile cannot be opened: {error.problem}")
            return 1
    except Leave:
        io.say("Goodbye.")
        return 0
    with person:
        try:
            if pack is not None and pack_path is not None:
                class_quiz = start_pack_session(person, bank, pack, pack_path, io)
                run_session(io, class_quiz)
                for line in pack_results_lines(class_quiz):
                    io.say(line)
                return 0
            while True:
                if mode is not None:
                    chosen, topic = parse_mode(mode)
                else:
                    chosen, topic = choose_mode(io, person)
                session = start_session(
                    person,
                    bank,
                    chosen,
                    topic,
                    seed if seed is not None else random.randrange(1_000_000),
                    io,
                )
                if session is not None:
                    run_session(io, session)
                    everything = person.store.all_answers(person.folder)
                    for line in results_lines(session, list(everything)):
                        io.say(line)
                if mode is not None:
                    return 0
        except Leave:
            io.say("Left the quiz. Every answer so far is saved; start again to resume.")
            return 0
