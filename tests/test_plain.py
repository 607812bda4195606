"""The plain mode: a whole quiz piped in line by line, resumed, and never a screen-drawing character."""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FixedClock

from quizapp.cli import wants_plain
from quizapp.core.bank import Bank
from quizapp.core.flow import shown_choices
from quizapp.core.loader import load_checked_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.picture import TITLES_LINE
from quizapp.core.scoring import grade
from quizapp.core.session import QuizSession
from quizapp.core.store import ProfileStore
from quizapp.plain import PlainIO, parse_numbers, run_plain
from tests.personas import word_counts

SCREEN_CHARACTERS = set("─│┃━╭╮╰╯▊▎▏█●○✓✗") | {"\x1b"}
"""Box drawing, bars, marks and escape codes: none of them belongs in the plain mode's output."""


def run(
    tiny_bank: Bank, folder: Path, clock: FixedClock, lines: list[str], mode: str | None = "quick"
) -> tuple[int, str]:
    """Run the plain mode with `lines` as standard input; return the exit code and the output."""
    return run_typed(
        tiny_bank, folder, clock, io.StringIO("".join(f"{line}\n" for line in lines)), mode
    )


def run_typed(
    tiny_bank: Bank,
    folder: Path,
    clock: FixedClock,
    typed: io.StringIO,
    mode: str | None = None,
    pack: Path | None = None,
    sleep: Callable[[float], object] | None = None,
) -> tuple[int, str]:
    """Run the plain mode as Ada, reading `typed`; return the exit code and the output.

    Waiting (the lobby, results held back) moves the test's clock instead of sleeping, unless
    the test gives its own `sleep`."""
    out = io.StringIO()
    code = run_plain(
        profiles_dir=folder,
        bank_loader=lambda: tiny_bank,
        profile_name="Ada",
        mode=mode,
        seed=7,
        io=PlainIO(typed, out),
        clock=clock,
        pack_path=pack,
        sleep=sleep or (lambda seconds: clock.advance(seconds=seconds)),
    )
    return code, out.getvalue()


def first_choice_answers(tiny_bank: Bank, folder: Path, count: int) -> list[str]:
    """Typed answers that pick the first choice shown, for `count` questions (multi: 1 and 2)."""
    return ["1 2" if "multi" in kind else "1" for kind in kinds_in_order(tiny_bank, folder)][:count]


def kinds_in_order(tiny_bank: Bank, folder: Path) -> list[str]:
    """The kinds of the current attempt's questions, in the order asked."""
    store = ProfileStore(folder)
    with store.open("Ada", create=False) as person:
        attempt = person.current_attempt()
        assert attempt is not None
        return [tiny_bank[question_id].kind for question_id in attempt.question_ids]


@pytest.mark.parametrize(
    ("plain", "environment", "expected"),
    [
        pytest.param(True, {}, True, id="flag"),
        pytest.param(False, {"TERM": "dumb"}, True, id="term-dumb"),
        pytest.param(False, {"ACCESSIBLE": "1"}, True, id="accessible"),
        pytest.param(False, {"TERM": "xterm-256color"}, False, id="ordinary-terminal"),
    ],
)
def test_plain_mode_is_chosen_by_flag_or_environment(
    plain: bool, environment: dict[str, str], expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--plain, TERM=dumb and ACCESSIBLE=1 each choose the plain mode; an ordinary terminal does not."""
    monkeypatch.delenv("ACCESSIBLE", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    assert wants_plain(argparse.Namespace(plain=plain)) is expected


def test_a_whole_quiz_piped_in_is_saved_and_ends_with_results(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Ten answers from a file: each saved as typed, then results and the recommendation in words."""
    folder = tmp_path / "profiles"
    code, output = run(tiny_bank, folder, fixed_clock, ["q"])
    assert code == 0
    typed = first_choice_answers(tiny_bank, folder, 10)
    code, output = run(tiny_bank, folder, fixed_clock, typed)
    assert code == 0
    assert "Results." in output
    assert "Which path fits you:" in output
    store = ProfileStore(folder)
    attempt = store.read_attempt(next((folder / "ada" / "attempts").glob("*.toml")))
    assert attempt.status == "finished"
    assert len(attempt.answers) == 10
    session = QuizSession(tiny_bank, store.open("Ada"), attempt)
    for answer in attempt.answers:
        question = tiny_bank[answer.question_id]
        shown = [response for _, response in shown_choices(session, question)]
        expected = sorted(shown[:2]) if question.kind == "multi" else shown[0]
        assert answer.response == expected
        assert answer.correct == grade(question, expected)[0]
    session.profile.close()


def test_leaving_keeps_every_answer_and_the_next_start_resumes(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """q after three answers: three saved; the next run says where it resumes and asks question 4."""
    folder = tmp_path / "profiles"
    run(tiny_bank, folder, fixed_clock, ["q"])
    typed = first_choice_answers(tiny_bank, folder, 3)
    code, output = run(tiny_bank, folder, fixed_clock, [*typed, "q"])
    assert code == 0
    assert "Your 3 answers are saved." in output
    code, output = run(tiny_bank, folder, fixed_clock, ["q"])
    assert "Resuming at question 4 of 10." in output
    assert "Question 4 of 10." in output


def test_wrong_input_is_explained_and_records_nothing(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Letters, 0 and numbers past the last choice are refused with the range; nothing is saved."""
    folder = tmp_path / "profiles"
    code, output = run(tiny_bank, folder, fixed_clock, ["abc", "0", "99", "?", "q"])
    assert output.count("Please type") == 3
    assert "Help for the plain mode" in output
    with ProfileStore(folder).open("Ada", create=False) as person:
        attempt = person.current_attempt()
        assert attempt is not None and attempt.answers == []


def test_output_has_no_screen_drawing(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Menu, questions, feedback and results are words and numbers, for a screen reader."""
    folder = tmp_path / "profiles"
    run(tiny_bank, folder, fixed_clock, ["q"])
    typed = first_choice_answers(tiny_bank, folder, 10)
    _, quiz = run(tiny_bank, folder, fixed_clock, typed)
    _, menu = run(tiny_bank, folder, fixed_clock, ["q"], mode=None)
    for output in (quiz, menu):
        assert set(output) & SCREEN_CHARACTERS == set()
    assert "1. Full assessment" in menu


@pytest.mark.parametrize(
    ("typed", "count", "expected"),
    [
        ("2", 4, [1]),
        ("1 3", 4, [0, 2]),
        ("1,3", 4, [0, 2]),
        ("3 1 3", 4, [0, 2]),
        ("5", 4, None),
        ("0", 4, None),
        ("x", 4, None),
        ("", 4, None),
    ],
)
def test_parse_numbers(typed: str, count: int, expected: list[int] | None) -> None:
    """Typed choice numbers become 0-based positions; anything else is refused."""
    assert parse_numbers(typed, count) == expected


@pytest.mark.parametrize(
    ("typed", "reply", "opened"),
    [
        pytest.param("STRASSE", "n", False, id="another-person"),
        pytest.param("STRASSE", "y", True, id="the-same-person"),
    ],
)
def test_a_name_that_folds_to_an_existing_profile_is_asked_about(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock, typed: str, reply: str, opened: bool
) -> None:
    """STRASSE folds to Straße's folder: plain mode asks whether that profile is theirs, as the app
    does, and records nothing in it unless they say yes (it silently answered Straße's quiz)."""
    folder = tmp_path / "profiles"
    ProfileStore(folder, clock=fixed_clock).open("Straße").close()
    out = io.StringIO()
    code = run_plain(
        profiles_dir=folder,
        bank_loader=lambda: tiny_bank,
        profile_name=typed,
        mode="quick",
        seed=7,
        io=PlainIO(io.StringIO(f"{reply}\n1\nq\n"), out),
        clock=fixed_clock,
    )
    output = out.getvalue()
    assert "A profile named Straße already exists in this folder; is that you?" in output
    attempts = list((folder / "strasse" / "attempts").glob("*.toml"))
    if opened:
        assert code == 0 and len(attempts) == 1
    else:
        assert code == 2 and "choose another name" in output and attempts == []


def test_a_failed_save_is_said_in_words_and_the_retry_is_saved(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk on the first answer: "the disk is full", nothing recorded; typed again, saved."""
    import errno

    import quizapp.core.store as store_module

    folder = tmp_path / "profiles"
    run(tiny_bank, folder, fixed_clock, ["q"])
    answer = first_choice_answers(tiny_bank, folder, 1)[0]
    real_write = store_module.atomic_write
    failures: list[Path] = []

    def full_once(path: Path, data: bytes, *, durable: bool = True) -> None:
        if path.parent.name == "attempts" and not failures:
            failures.append(path)
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, data, durable=durable)

    monkeypatch.setattr(store_module, "atomic_write", full_once)
    code, output = run(tiny_bank, folder, fixed_clock, [answer, answer, "q"])
    assert code == 0 and failures
    assert f"Your answer was NOT saved: the disk is full ({failures[0]})" in output
    assert "[Errno" not in output
    with ProfileStore(folder).open("Ada", create=False) as person:
        attempt = person.current_attempt()
        assert attempt is not None and len(attempt.answers) == 1


# ---------------------------------------------------------------- class quizzes in the plain mode


class ClockedLines(io.StringIO):
    """Typed lines that move the clock forward by `step` minutes after each one is read."""

    def __init__(self, lines: list[str], clock: FixedClock, step: float) -> None:
        super().__init__("".join(f"{line}\n" for line in lines))
        self.clock = clock
        self.step = step

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        line = super().readline()
        self.clock.advance(minutes=self.step)
        return line


def class_pack(
    folder: Path, *, feedback: str = "end", minutes: int | None = 10, start: str = "immediate"
) -> Path:
    """A class pack of three tiny questions that one number answers (single, true/false, role)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "class.toml"
    limit = f"time_limit_minutes = {minutes}\n" if minutes else ""
    path.write_text(
        'id = "plain-class"\ntitle = "Plain class"\n'
        'questions = ["tiny-duty-single", "tiny-duty-true-false", "tiny-duty-role"]\n'
        f'feedback = "{feedback}"\npass_percent = 50\nstart = "{start}"\n{limit}',
        encoding="utf-8",
    )
    return path


def run_pack(
    tiny_bank: Bank,
    folder: Path,
    pack: Path,
    clock: FixedClock,
    typed: io.StringIO,
    sleep: Callable[[float], object] | None = None,
) -> tuple[int, str]:
    """Run the plain mode on a class pack with `typed` as standard input."""
    return run_typed(tiny_bank, folder, clock, typed, pack=pack, sleep=sleep)


def pack_attempt(folder: Path) -> dict[str, object]:
    """Ada's one attempt file, parsed."""
    import tomllib

    (path,) = (folder / "ada" / "attempts").glob("*.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_a_class_quiz_runs_in_the_plain_mode_with_feedback_held_back(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Every answer saved in the pack's attempt, feedback only at the end, pass or fail in words."""
    folder = tmp_path / "class"
    pack = class_pack(tmp_path / "packs")
    code, output = run_pack(
        tiny_bank, folder, pack, fixed_clock, ClockedLines(["1", "1", "1"], fixed_clock, 1)
    )
    assert code == 0
    assert output.count("Answer saved (not marked yet).") == 3
    assert "Time left: 10 minutes 0 seconds." in output
    assert "Time left: 9 minutes 0 seconds." in output
    assert "pass mark 50%" in output and "Which path fits you" not in output
    attempt = pack_attempt(folder)
    assert attempt["pack_id"] == "plain-class" and attempt["status"] == "finished"
    assert len(attempt["answers"]) == 3  # type: ignore[arg-type]


def test_an_answer_typed_after_the_time_limit_is_not_recorded(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Six minutes to answer with five allowed: the answer comes after the end and is not kept."""
    folder = tmp_path / "class"
    pack = class_pack(tmp_path / "packs", minutes=5)
    code, output = run_pack(
        tiny_bank, folder, pack, fixed_clock, ClockedLines(["1", "1", "1"], fixed_clock, 6)
    )
    assert code == 0
    assert "Time is up: your answers are saved." in output
    assert "came after the end, so it was not recorded" in output
    attempt = pack_attempt(folder)
    assert attempt["status"] == "timed_out"
    assert len(attempt["answers"]) == 0  # type: ignore[arg-type]
    assert "You scored 0%: 0 of 3 right (time ran out)." in output


def test_the_teachers_end_stops_the_plain_class_quiz(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """An end written in the class's control file closes the quiz at the next question."""
    from quizapp.core.classcontrol import ControlStore

    folder = tmp_path / "class"
    pack = class_pack(tmp_path / "packs", feedback="immediate", minutes=None)
    first = run_pack(tiny_bank, folder, pack, fixed_clock, ClockedLines(["1", "q"], fixed_clock, 1))
    assert first[0] == 0 and len(pack_attempt(folder)["answers"]) == 1  # type: ignore[arg-type]
    ControlStore(folder).end_quiz("plain-class", fixed_clock.advance(minutes=1))
    code, output = run_pack(
        tiny_bank, folder, pack, fixed_clock, ClockedLines(["1", "1"], fixed_clock, 1)
    )
    assert code == 0
    assert "Resuming Plain class at question 2 of 3." in output
    assert "Your teacher ended the quiz: your answers are saved." in output
    attempt = pack_attempt(folder)
    assert attempt["status"] == "timed_out" and len(attempt["answers"]) == 1  # type: ignore[arg-type]


def test_a_broken_class_quiz_is_reported_in_the_plain_mode(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """A pack naming a question the bank lacks: its file and the problem, exit 1, nothing made."""
    folder = tmp_path / "class"
    pack = tmp_path / "broken.toml"
    pack.write_text('id = "x1"\ntitle = "Broken"\nquestions = ["no-such-id"]\n', encoding="utf-8")
    code, output = run_pack(tiny_bank, folder, pack, fixed_clock, io.StringIO(""))
    assert code == 1
    assert str(pack) in output and "no-such-id" in output
    assert not folder.exists()


# ---------------------------------------------------------------- the whole product in the plain mode

REPO = Path(__file__).resolve().parents[1]


def run_menu(
    folder: Path, clock: FixedClock, lines: list[str], library: object, name: str = "Ada"
) -> tuple[int, str]:
    """Run the plain mode's menu on `library` (a Library) with `lines` typed."""
    out = io.StringIO()
    code = run_plain(
        profiles_dir=folder,
        library=library,  # type: ignore[arg-type]
        profile_name=name,
        mode=None,
        seed=7,
        io=PlainIO(io.StringIO("".join(f"{line}\n" for line in lines)), out),
        clock=clock,
        monotonic=lambda: 0.0,
    )
    return code, out.getvalue()


@pytest.fixture(scope="module")
def real_library() -> object:
    """The shipped bank, catalogue and comparison, loaded once for these transcripts."""
    from quizapp.core.library import Library

    library = Library(REPO / "questions", REPO / "seeds")
    library.bank()
    return library


def test_the_menu_offers_what_the_app_offers(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Every entry of the app's home menu, numbered, in the same words (from one flow)."""
    from quizapp.core.flow import home_menu

    folder = tmp_path / "profiles"
    _, output = run(tiny_bank, folder, fixed_clock, ["q"], mode=None)
    with ProfileStore(folder, clock=fixed_clock).open("Ada", create=False) as person:
        entries = home_menu(person, tiny_bank, fixed_clock())
    for number, entry in enumerate(entries, start=1):
        assert f"  {number}. {entry.label}\n" in output
    assert {entry.action for entry in entries} >= {"fit", "compare", "path", "review", "full"}


def test_role_and_true_false_questions_say_their_question(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """A role prompt is a statement: "Which role do the documents give this to?" follows it."""
    folder = tmp_path / "profiles"
    _, output = run(tiny_bank, folder, fixed_clock, ["q"], mode="topic:duties")
    kinds = kinds_in_order(tiny_bank, folder)
    typed = ["1 2" if kind == "multi" else "1" for kind in kinds]
    _, output = run(tiny_bank, folder, fixed_clock, typed, mode="topic:duties")
    role = tiny_bank["tiny-duty-role"]
    assert f"{role.prompt}\nWhich role do the documents give this to?\n" in output
    statement = tiny_bank["tiny-duty-true-false"]
    assert f"{statement.prompt}\nTrue or false?\n" in output


def test_an_adaptive_question_is_never_announced_as_the_last(
    real_library: object, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """ "Which path fits me?" in the plain mode: no "Question N of N" until the verdict is sure."""
    import re

    lines = ["3", *(["2"] * 40)]
    _, whole = run_menu(tmp_path / "profiles", fixed_clock, lines, real_library)
    output, results = whole.split("Results.", 1)  # then the menu takes the rest of the lines
    counters = re.findall(r"^Question \d+[^\n]*", output, flags=re.MULTILINE)
    assert counters and all("more only until the verdict is sure" in c for c in counters)
    assert not re.search(r"Question (\d+) of \1\.", output)
    assert "How sure: from " in results and "95% likely between" in results


def test_a_partly_right_select_all_is_explained(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Not just "Not right": partly right n of m, what was answered, why not each choice."""
    folder = tmp_path / "profiles"
    run(tiny_bank, folder, fixed_clock, ["q"], mode="topic:duties")
    kinds = kinds_in_order(tiny_bank, folder)
    typed = ["1" for _ in kinds]  # on the select-all: only the first choice shown
    _, output = run(tiny_bank, folder, fixed_clock, typed, mode="topic:duties")
    assert "Partly right: " in output and " of 4 choices right." in output
    assert "You answered: " in output and "The right answer: " in output
    assert "Why not yours:\n- “" in output and "(you left it out)" in output


def test_the_learning_path_marks_a_step_and_the_comparison_reads(
    real_library: object, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """From the menu: the path, step 1 read and marked done (saved), then the comparison."""
    import tomllib

    folder = tmp_path / "profiles"
    code, output = run_menu(folder, fixed_clock, ["9", "1", "d", "", "4", "q"], real_library)
    assert code == 0
    assert "Your learning path." in output and "  1. [ ] to do: " in output
    assert "Mark it: t to do, l learning, s skipped, d done" in output
    assert ": [x] done\n" in output
    profile = tomllib.loads((folder / "ada" / "profile.toml").read_text(encoding="utf-8"))
    assert list(profile["path"]["steps"].values()) == ["done"]
    assert "The backend engineer and the backend developer, side by side" in output
    assert set(output) & SCREEN_CHARACTERS == set()


def test_another_quiz_asks_resume_or_start_again(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """An unfinished quick quiz, then Full from the menu: asked, as the app asks; a starts afresh."""
    import tomllib

    folder = tmp_path / "profiles"
    run(tiny_bank, folder, fixed_clock, ["1", "q"])  # one answer of a quick quiz
    _, output = run(tiny_bank, folder, fixed_clock, ["2", "x", "a", "q"], mode=None)
    assert "1. Resume: Quick quiz (1 of 10 answered)" in output
    assert (
        "You have an unfinished quiz: Quick quiz (1 of 10 answered). Resume it, or leave it "
        "unfinished and start Full assessment instead?" in output
    )
    assert "Type r: Resume Quick quiz. Type a: Start Full assessment." in output
    # The invalid line is said, echoed and asked again, never taken as something else.
    assert "> x\n“x” is not an answer here: please type r or a, or press Enter." in output
    assert "Your unfinished quiz is kept, marked abandoned." in output
    statuses = sorted(
        tomllib.loads(path.read_text(encoding="utf-8"))["status"]
        for path in (folder / "ada" / "attempts").glob("*.toml")
    )
    assert statuses == ["abandoned", "active"]


def test_switch_profile_asks_for_another_name(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Switch profile closes Ada's and asks who is next; Bo's profile is made and greeted."""
    folder = tmp_path / "profiles"
    _, output = run(tiny_bank, folder, fixed_clock, ["10", "Bo", "q"], mode=None)
    assert "Your name (to find or create your profile):" in output
    assert "Hello, Bo." in output
    assert (folder / "bo" / "profile.toml").exists()


class ReadsTheScreen(io.StringIO):
    """A person at the plain mode who reads each question as printed and answers by its words."""

    def __init__(self, out: io.StringIO, pick: Callable[[str, list[str]], int]) -> None:
        super().__init__()
        self.out = out
        self.pick = pick

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        shown = self.out.getvalue()
        if "\nResults." in shown:
            return ""
        block = shown.rsplit("\nQuestion ", 1)[-1].splitlines()
        prompt = block[1]
        options = [line.split(". ", 1)[1] for line in block if re.match(r"^  \d+\. ", line)]
        return f"{self.pick(prompt, options) + 1}\n"


def _by_people_words(prompt: str, options: list[str]) -> int:
    """Likes other people, nothing else: the option naming more people, "both" on a tie, and a
    rating by whether the prompt names people."""
    if len(options) == 4 and options[2].startswith("Both"):
        first, second = (word_counts(text)["people"] for text in options[:2])
        return 2 if first == second else 0 if first > second else 1
    return 0 if word_counts(prompt)["people"] else 3


@pytest.mark.parametrize(
    ("pick", "headline"),
    [
        pytest.param(lambda prompt, options: 3, ("Neither path draws you much",), id="all-neither"),
        pytest.param(
            lambda prompt, options: 2 if options[2].startswith("Both") else 0,
            ("Both paths fit you",),
            id="all-both",
        ),
        pytest.param(
            _by_people_words, ("No clear lean yet", "Both paths fit you"), id="by-people-words"
        ),
    ],
)
def test_plain_fit_mode_read_by_words_gives_the_outcome_in_words(
    tmp_path: Path,
    fixed_clock: FixedClock,
    pick: Callable[[str, list[str]], int],
    headline: tuple[str, ...],
) -> None:
    """The real "Which path fits me?" through plain mode, answered by what each question says on
    screen: all "neither" is neither (never "both fit"), all "both" is both, and choosing by the
    people named gives no role; each ends with the line about job titles."""
    bank = load_checked_bank(default_questions_dir(), default_seeds_dir())
    out = io.StringIO()
    code = run_plain(
        profiles_dir=tmp_path / "profiles",
        bank_loader=lambda: bank,
        profile_name="Ada",
        mode="fit",
        seed=7,
        io=PlainIO(ReadsTheScreen(out, pick), out),
        clock=fixed_clock,
    )
    shown = out.getvalue()
    assert code == 0, shown
    assert any(f"Which path fits you:\n  {words}" in shown for words in headline), shown[-2000:]
    assert TITLES_LINE in shown
    assert "fits you better" not in shown
    assert not set(shown) & SCREEN_CHARACTERS


# ---------------------------------------------------------------- issue 25: the first hour, plain


def test_answers_read_from_a_pipe_are_echoed(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Piped in, every line read is printed after its prompt, so the transcript shows the answer."""
    folder = tmp_path / "profiles"
    _, output = run(tiny_bank, folder, fixed_clock, ["1", "7", "q"])
    assert "Your answer:\n> 1\n" in output
    assert "Your answer:\n> 7\nPlease type one number from 1 to " in output
    assert "Your answer:\n> q\n" in output


class TypedInTerminal(io.StringIO):
    """Standard input from a terminal, which shows what is typed itself."""

    def isatty(self) -> bool:
        return True


def test_answers_typed_in_a_terminal_are_not_echoed_twice(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """In a terminal the typed line already shows: no "> 1" after it."""
    folder = tmp_path / "profiles"
    _, output = run_typed(tiny_bank, folder, fixed_clock, TypedInTerminal("1\nq\n"), "quick")
    assert "Your answer:\n" in output and "> 1" not in output


def test_an_invalid_line_is_said_and_asked_again_never_taken_as_the_next_answer(
    real_library: object, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """On the path, a wrong letter after a step is said and asked again: the next line marks the
    step, it is not read as the next path command."""
    import tomllib

    folder = tmp_path / "profiles"
    code, output = run_menu(folder, fixed_clock, ["9", "1", "x", "d", "", "q"], real_library)
    assert code == 0
    assert "> x\n“x” is not an answer here: please type t, l, s or d, or press Enter.\n" in output
    profile = tomllib.loads((folder / "ada" / "profile.toml").read_text(encoding="utf-8"))
    assert list(profile["path"]["steps"].values()) == ["done"]


def test_q_in_a_quiz_goes_back_to_the_menu(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """q during a quiz from the menu: the answers are saved and the menu is back; q there ends
    quizapp (exit 0), and Resume carries on at the next question."""
    folder = tmp_path / "profiles"
    code, output = run(tiny_bank, folder, fixed_clock, ["2", "1", "q", "q"], mode=None)
    assert code == 0
    quiz, menu = output.split("Back to the menu.\n", 1)
    assert "Your 1 answer is saved." in quiz
    assert "1. Resume: Quick quiz (1 of 10 answered)" in menu
    assert menu.rstrip().endswith("Goodbye.")
    _, again = run(tiny_bank, folder, fixed_clock, ["1", "q", "q"], mode=None)
    assert "Resuming at question 2 of 10." in again


def test_q_with_a_mode_given_ends_the_program(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """`--mode quick`: there is no menu behind the quiz, so q ends quizapp (everything saved)."""
    code, output = run(tiny_bank, tmp_path / "profiles", fixed_clock, ["1", "q"])
    assert code == 0 and output.rstrip().endswith("Goodbye.")
    assert "Back to the menu." not in output


def test_c_on_the_path_chooses_which_path_to_follow(
    real_library: object, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """c lists the paths by number, as the app's chooser does; 2 follows the engineer path."""
    import tomllib

    folder = tmp_path / "profiles"
    code, output = run_menu(folder, fixed_clock, ["9", "c", "5", "2", "", "q"], real_library)
    assert code == 0
    assert "Which path do you want to follow?\n  1. The recommendation: " in output
    assert "  2. The backend engineer path\n  3. The backend developer path\n" in output
    assert "Please type one number from 1 to 3, or press Enter." in output
    assert "Following the engineer path." in output
    profile = tomllib.loads((folder / "ada" / "profile.toml").read_text(encoding="utf-8"))
    assert profile["path"]["chosen"] == "engineer"
