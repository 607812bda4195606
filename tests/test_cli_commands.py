"""The `profiles`, `path` and `report` commands and the app's own argument checks, driven through cli.main.

Profiles are filled in through the core (ProfileStore, plan_attempt / new_attempt, QuizSession.record)
against the real bank; expected output is worked out here from the answers the test chose.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from responses import right_response, wrong_response

from quizapp.cli import main
from quizapp.core.bank import (
    AnyQuestion,
    Bank,
    FitQuestion,
    ReadinessQuestion,
)
from quizapp.core.loader import load_bank
from quizapp.core.locations import default_questions_dir, default_seeds_dir
from quizapp.core.paths import Catalogue, load_catalogue
from quizapp.core.picture import TITLES_LINE, verdict_lines, verdict_text
from quizapp.core.profile import Attempt
from quizapp.core.recommend import MASTERED_MIN_QUESTIONS, recommend
from quizapp.core.session import QuizSession, new_attempt, plan_attempt
from quizapp.core.store import ProfileStore

REPO = Path(__file__).resolve().parents[1]
SAMPLE_PACK = REPO / "questions" / "packs" / "backend-roles-class.toml"
PROFILE_FIXTURES = REPO / "tests" / "data" / "profiles"
STATUS_WORDS = {
    "todo": "to do",
    "learning": "learning",
    "skipped": "skipped",
    "done": "done",
    "review": "review only",
}
"""How `quizapp path` and the checklist word each step status."""


# ---------------------------------------------------------------- helpers


class Clock:
    """A UTC clock the test sets and moves."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def answer(
    store: ProfileStore,
    clock: Clock,
    bank: Bank,
    name: str,
    attempt: Attempt,
    *,
    right: bool,
    count: int | None = None,
) -> int:
    """Start `attempt` for `name` and answer `count` questions (all) right or wrong; return how many."""
    given = 0
    with store.open(name) as opened:
        session = QuizSession.start(bank, opened, attempt)
        while not session.is_complete and (count is None or given < count):
            question = session.current()
            assert question is not None
            clock.now += timedelta(seconds=30)
            result = session.record(right_response(question) if right else wrong_response(question))
            if not isinstance(question, FitQuestion | ReadinessQuestion):
                assert result.correct is right
            given += 1
    return given


def quick(store: ProfileStore, bank: Bank, name: str, when: datetime) -> Attempt:
    """A quick quiz for `name` planned at `when` (the profile is created if need be)."""
    with store.open(name) as opened:
        return plan_attempt(bank, opened.profile, "quick", seed=11, now=when)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run cli.main and return (exit code, stdout, stderr), checking no traceback leaked."""
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(scope="module")
def real() -> tuple[Bank, Catalogue]:
    """The real bank and path catalogue."""
    bank, documents, problems = load_bank(default_questions_dir(), default_seeds_dir())
    catalogue, path_problems = load_catalogue(default_questions_dir(), documents)
    assert not problems and not path_problems and catalogue is not None
    return bank, catalogue


@pytest.fixture(autouse=True)
def _no_real_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real profiles folder."""
    monkeypatch.setenv("QUIZAPP_PROFILES", str(tmp_path / "user-profiles"))


def plant(folder: Path, fixture: str, person: str = "broken") -> Path:
    """Copy a broken profile fixture in as `person`'s profile.toml; return the copy."""
    target = folder / person / "profile.toml"
    target.parent.mkdir(parents=True)
    shutil.copyfile(PROFILE_FIXTURES / fixture / "profile.toml", target)
    return target


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under `folder`."""
    return {
        str(path.relative_to(folder)): None if path.is_dir() else path.read_bytes()
        for path in sorted(folder.rglob("*"))
    }


# ---------------------------------------------------------------- quizapp profiles


@dataclass
class Person:
    """What the listing must show for one profile."""

    answers: int
    unfinished: bool
    last_activity: datetime


@pytest.fixture
def people(tmp_path: Path, real: tuple[Bank, Catalogue]) -> tuple[Path, dict[str, Person]]:
    """Three profiles: one finished quick quiz, one half-done quiz, one that never answered."""
    bank, _ = real
    folder = tmp_path / "profiles"
    clock = Clock(datetime(2026, 11, 19, 8, 0, tzinfo=UTC))
    store = ProfileStore(folder, clock=clock)
    people: dict[str, Person] = {}
    store.open("Cara").close()
    people["Cara"] = Person(0, False, clock.now)
    clock.now = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    given = answer(
        store, clock, bank, "ben", quick(store, bank, "ben", clock.now), right=True, count=3
    )
    people["ben"] = Person(given, True, clock.now)
    clock.now = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    given = answer(store, clock, bank, "Ada", quick(store, bank, "Ada", clock.now), right=False)
    people["Ada"] = Person(given, False, clock.now)
    return folder, people


PROFILE_LINE = re.compile(
    r"^  (?P<name>.{24}) (?P<when>.{22}) (?P<answers>[ \d]{7})  (?P<unfinished>yes|no)$"
)


def listed(out: str) -> dict[str, dict[str, str]]:
    """The good profiles' lines of `quizapp profiles`, by name."""
    rows = {}
    for line in out.splitlines():
        match = PROFILE_LINE.match(line)
        if match:
            rows[match["name"].strip()] = {k: v.strip() for k, v in match.groupdict().items()}
    return rows


def test_profiles_lists_name_answers_and_unfinished(
    people: tuple[Path, dict[str, Person]], capsys: pytest.CaptureFixture[str]
) -> None:
    """`quizapp profiles` lists every profile by name with its answers and unfinished yes/no."""
    folder, expected = people
    code, out, err = run(["profiles", "--profiles", str(folder)], capsys)
    assert code == 0, err
    assert out.splitlines()[0] == f"Profiles in {folder}:"
    assert "last activity" in out.splitlines()[1]
    rows = listed(out)
    assert list(rows) == sorted(expected, key=str.casefold)
    for name, person in expected.items():
        assert rows[name]["answers"] == str(person.answers)
        assert rows[name]["unfinished"] == ("yes" if person.unfinished else "no")


def test_profiles_shows_each_last_activity(
    people: tuple[Path, dict[str, Person]], capsys: pytest.CaptureFixture[str]
) -> None:
    """`quizapp profiles` shows when each person last answered, in UTC."""
    folder, expected = people
    _, out, _ = run(["profiles", "--profiles", str(folder)], capsys)
    rows = listed(out)
    for name, person in expected.items():
        assert rows[name]["when"] == person.last_activity.strftime("%Y-%m-%d %H:%M UTC")


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param("missing", id="folder-does-not-exist"),
        pytest.param("empty", id="empty-folder"),
        pytest.param("stray", id="only-non-profile-entries"),
    ],
)
def test_profiles_in_an_empty_folder_says_so(
    tmp_path: Path, layout: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no profiles, `quizapp profiles` says so and how to start one, exit 0, creating nothing."""
    folder = tmp_path / "profiles"
    if layout != "missing":
        folder.mkdir()
    if layout == "stray":
        (folder / "notes.txt").write_text("not a profile\n", encoding="utf-8")
        (folder / "half-made").mkdir()
    before = tree(folder) if folder.exists() else None
    code, out, _ = run(["profiles", "--profiles", str(folder)], capsys)
    assert code == 0
    assert out == f"No profiles yet in {folder}. Start one with: quizapp --profile NAME\n"
    assert (tree(folder) if folder.exists() else None) == before


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        pytest.param("invalid_toml", "not valid TOML", id="invalid-toml"),
        pytest.param("not_utf8", "not UTF-8", id="not-utf8"),
        pytest.param("newer_schema_version", "written by a newer quizapp", id="newer-version"),
        pytest.param("wrong_schema", "answers_total", id="wrong-schema"),
    ],
)
def test_profiles_lists_a_broken_profile_with_reason_and_exits_1(
    people: tuple[Path, dict[str, Person]],
    fixture: str,
    reason: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A broken profile is listed with its file and reason among the good ones; exit 1, no traceback."""
    folder, expected = people
    planted = plant(folder, fixture)
    before = planted.read_bytes()
    code, out, _ = run(["profiles", "--profiles", str(folder)], capsys)
    assert code == 1
    broken = [line for line in out.splitlines() if "cannot be read" in line]
    assert len(broken) == 1
    assert broken[0].split()[0] == "broken"
    assert str(planted) in broken[0] and reason in broken[0]
    assert list(listed(out)) == sorted(expected, key=str.casefold)
    assert planted.read_bytes() == before


# ---------------------------------------------------------------- quizapp path


def mastered_areas(bank: Bank, answered: list[AnyQuestion], right: bool) -> set[str]:
    """Areas mastered by someone who answered `answered` all right (or all wrong): enough graded answers, all right."""
    if not right:
        return set()
    graded = Counter(q.area for q in answered if not isinstance(q, FitQuestion | ReadinessQuestion))
    return {area for area, count in graded.items() if count >= MASTERED_MIN_QUESTIONS}


@dataclass
class PathCase:
    """A person ready for `quizapp path`, with what each shown step's status must be."""

    folder: Path
    name: str
    status: dict[str, str]
    """Step id -> expected status (todo, learning, skipped, done, review), for every catalogue step."""
    review_steps: set[str]


UNANSWERED_AREAS = ("version-control", "performance")
"""Areas the whole-bank person skips: every path has at least two steps that need one of them."""


def path_person(tmp_path: Path, real: tuple[Bank, Catalogue], scenario: str) -> PathCase:
    """A person who took a quiz (per `scenario`) and marked some steps through OpenProfile."""
    bank, catalogue = real
    folder = tmp_path / "profiles"
    clock = Clock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    store = ProfileStore(folder, clock=clock)
    name = "Gil Path"
    if scenario == "quick-all-wrong":
        attempt = quick(store, bank, name, clock.now)
        right = False
    else:
        with store.open(name):
            pass
        # Everything right except two areas left unanswered, so each path keeps steps to mark by hand.
        ids = [q.id for q in bank.questions if q.area not in UNANSWERED_AREAS]
        attempt = new_attempt(bank, ids, "full", seed=3, started=clock.now)
        right = True
    answered = [bank[qid] for qid in attempt.question_ids]
    answer(store, clock, bank, name, attempt, right=right)
    mastered = mastered_areas(bank, answered, right)
    review = {
        step.id
        for path in catalogue.paths
        for step in path.steps
        if all(area in mastered for area in step.areas)
    }
    marks: dict[str, str] = {}
    for path in catalogue.paths:
        plain = [step.id for step in path.steps if step.id not in review]
        mastered_steps = [step.id for step in path.steps if step.id in review]
        # A whole bank answered right can master every area of a path: then there are few or no
        # plain steps to mark, and the marks on mastered steps below carry the case.
        chosen = [*plain[:2], *plain[2:][-1:], *plain[2:-1][:1]]
        for step_id, mark in zip(chosen, ["done", "learning", "done", "skipped"], strict=False):
            marks[step_id] = mark
        # A person's own mark wins over "review only", and an explicit "todo" unticks it.
        marks_over_review = ["learning", "todo", "done", "skipped"]
        for step_id, mark in zip(mastered_steps, marks_over_review, strict=False):
            marks[step_id] = mark
    with store.open(name) as opened:
        opened.profile.path.steps.update(marks)  # type: ignore[arg-type]
        opened.save()
    status = {
        step.id: marks.get(step.id, "review" if step.id in review else "todo")
        for path in catalogue.paths
        for step in path.steps
    }
    return PathCase(folder, name, status, review)


PATH_SCENARIOS = [
    pytest.param("quick-all-wrong", id="quick-all-wrong"),
    pytest.param("whole-bank-right", id="whole-bank-right"),
]


@pytest.mark.parametrize("scenario", PATH_SCENARIOS)
def test_path_prints_recommendation_and_steps(
    tmp_path: Path,
    real: tuple[Bank, Catalogue],
    scenario: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`quizapp path` prints the recommendation with its reasons, then each shown path's steps with their status."""
    bank, catalogue = real
    case = path_person(tmp_path, real, scenario)
    if scenario == "whole-bank-right":
        assert case.review_steps, "someone who got everything right has mastered steps"
    code, out, err = run(["path", "--profile", case.name, "--profiles", str(case.folder)], capsys)
    assert code == 0, err
    store = ProfileStore(case.folder)
    recommendation = recommend(store.all_answers(store.person_folder(case.name)), bank)
    lines = out.splitlines()
    said = verdict_lines(recommendation, case.name)
    assert lines[0] == f"{case.name}: {said[0]}"
    assert lines[1 : len(said)] == [f"  {line}" for line in said[1:]]
    assert f"  {TITLES_LINE}" in lines
    for reason in recommendation.reasons:
        assert f"  - {reason}" in lines
    by_title = {path.title: path for path in catalogue.paths}
    shown = [
        (by_title[match[1]], int(match[2]), int(match[3]))
        for match in (re.match(r"^(.+): (\d+) of (\d+) steps$", line) for line in lines)
        if match and match[1] in by_title
    ]
    assert shown, out
    step_lines = [
        re.match(r"^ +(\d+)\. \[(.{11})\] (.+)$", line)
        for line in lines
        if re.match(r"^ +\d+\. \[", line)
    ]
    printed = [(match[2].strip(), match[3]) for match in step_lines if match]
    start = 0
    for path, finished, total in shown:
        # Progress counts the steps done or review only out of the steps not skipped.
        assert total == sum(1 for s in path.steps if case.status[s.id] != "skipped")
        steps = printed[start : start + len(path.steps)]
        start += len(path.steps)
        want = {(STATUS_WORDS[case.status[step.id]], step.title) for step in path.steps}
        assert set(steps) == want
        assert finished == sum(1 for s in path.steps if case.status[s.id] in ("done", "review"))
        order = [title for _, title in steps]
        for step in path.steps:
            for prerequisite in step.prerequisites:
                before = next(s.title for s in path.steps if s.id == prerequisite)
                assert order.index(before) < order.index(step.title)
    assert start == len(printed)


@pytest.mark.parametrize("scenario", PATH_SCENARIOS)
def test_path_markdown_ticks_exactly_the_done_and_review_only_steps(
    tmp_path: Path,
    real: tuple[Bank, Catalogue],
    scenario: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--markdown writes a checklist whose `- [x]` items are the steps done or review only, `- [ ]` the rest."""
    _, catalogue = real
    case = path_person(tmp_path, real, scenario)
    checklist = tmp_path / "out" / "path.md"
    checklist.parent.mkdir()
    argv = ["path", "--profile", case.name, "--profiles", str(case.folder)]
    code, out, err = run([*argv, "--markdown", str(checklist)], capsys)
    assert code == 0, err
    assert f"Wrote the checklist to {checklist}" in out
    text = checklist.read_text(encoding="utf-8")
    assert text.startswith(f"# Learning path for {case.name}\n")
    by_title = {path.title: path for path in catalogue.paths}
    headings = re.findall(r"^## (.+) \((\d+) of (\d+) steps\)$", text, flags=re.MULTILINE)
    shown = [by_title[title] for title, _, _ in headings]
    assert shown
    items = re.findall(r"^- \[(x| )\] (~~)?\*\*(.+?)\*\*(~~)? \(([^;]+);", text, flags=re.MULTILINE)
    ticked = {title for tick, _, title, _, _ in items if tick == "x"}
    unticked = {title for tick, _, title, _, _ in items if tick == " "}
    struck = {title for _, before, title, after, _ in items if before and after}
    steps = [step for path in shown for step in path.steps]
    assert len(items) == len(steps)
    assert ticked == {s.title for s in steps if case.status[s.id] in ("done", "review")}
    assert unticked == {
        s.title for s in steps if case.status[s.id] in ("todo", "learning", "skipped")
    }
    assert struck == {s.title for s in steps if case.status[s.id] == "skipped"}
    assert struck
    for resource in (resource for s in steps for resource in s.resources):
        assert f": {resource.credit}" in text  # title, publisher, and "paid" when it costs
    assert {(title, word) for _, _, title, _, word in items} == {
        (s.title, STATUS_WORDS[case.status[s.id]]) for s in steps
    }
    for (_, finished, total), path in zip(headings, shown, strict=True):
        assert int(total) == sum(1 for s in path.steps if case.status[s.id] != "skipped")
        assert int(finished) == sum(
            1 for s in path.steps if case.status[s.id] in ("done", "review")
        )


def test_path_of_an_unknown_profile_exits_1(
    people: tuple[Path, dict[str, Person]], capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown name exits 1 saying there is no such profile, and creates nothing."""
    folder, _ = people
    before = tree(folder)
    code, out, err = run(["path", "--profile", "Zed", "--profiles", str(folder)], capsys)
    assert code == 1
    assert err == f"quizapp: no profile named 'Zed' in {folder}\n"
    assert out == ""
    assert tree(folder) == before


def test_path_with_a_bank_without_paths_names_the_missing_file(
    people: tuple[Path, dict[str, Person]], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A bank folder without paths.toml: the message names that file (it said "0 problem(s) found")."""
    folder, _ = people
    bank = tmp_path / "bank"
    bank.mkdir()
    shutil.copy(REPO / "tests" / "data" / "tiny_bank" / "questions" / "tiny.toml", bank)
    code, out, err = run(
        ["path", "--profile", "Ada", "--profiles", str(folder), "--questions", str(bank)], capsys
    )
    assert code == 1
    assert f"{bank / 'paths.toml'} does not exist" in err
    assert "0 problem(s)" not in err


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("../x", id="dot-dot-slash"),
        pytest.param("a/b", id="slash"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="spaces-only"),
        pytest.param("x" * 41, id="too-long"),
        pytest.param("tab\there", id="control-character"),
    ],
)
def test_path_with_a_bad_name_exits_2(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name that is not allowed exits 2 with why, and touches no folder."""
    folder = tmp_path / "profiles"
    code, out, err = run(["path", "--profile", name, "--profiles", str(folder)], capsys)
    assert code == 2
    assert "is not allowed" in err and "letters, digits" in err
    assert out == ""
    assert not folder.exists() and not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        pytest.param("invalid_toml", "not valid TOML", id="invalid-toml"),
        pytest.param("not_utf8", "not UTF-8", id="not-utf8"),
        pytest.param("wrong_schema", "does not match the profile format", id="wrong-schema"),
        pytest.param("newer_schema_version", "written by a newer quizapp", id="newer-version"),
    ],
)
def test_path_of_a_corrupt_profile_names_the_file_and_leaves_it_alone(
    tmp_path: Path, fixture: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A corrupt profile exits non-zero naming the file and why; the folder stays byte-identical."""
    folder = tmp_path / "profiles"
    planted = plant(folder, fixture)
    before = tree(folder)
    code, out, err = run(["path", "--profile", "Broken", "--profiles", str(folder)], capsys)
    assert code != 0
    assert str(planted) in err and reason in err
    assert tree(folder) == before


# ---------------------------------------------------------------- the app's own arguments


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        pytest.param(
            ["--mode", "nonsense", "--profile", "a"],
            [
                "'nonsense'",
                "quick",
                "full",
                "review",
                "fit",
                "topic:duties",
                "topic:skills",
                "topic:tools",
            ],
            id="unknown-mode",
        ),
        pytest.param(
            ["--mode", "topic:cooking", "--profile", "a"],
            ["'cooking'", "topic:duties", "topic:skills", "topic:tools"],
            id="unknown-topic",
        ),
        pytest.param(["--mode", "quick"], ["--mode needs --profile"], id="mode-without-profile"),
        pytest.param(["--profile", "../x"], ["'../x'", "is not allowed"], id="bad-profile-name"),
        pytest.param(["--pack", "missing.toml"], ["missing.toml", "not found"], id="missing-pack"),
    ],
)
def test_bad_app_arguments_exit_2_before_the_ui_starts(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    said: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Bad --mode, --profile or --pack exits 2 with a message saying what is accepted, never building the app."""

    def no_app(**_: object) -> None:
        raise AssertionError("the UI was started")

    monkeypatch.setattr("quizapp.ui.app.make_app", no_app)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "profiles"
    code, out, err = run([*argv, "--profiles", str(folder)], capsys)
    assert code == 2
    assert err.startswith("quizapp: ")
    for part in said:
        assert part in err
    assert out == ""
    assert not folder.exists()


# ---------------------------------------------------------------- report and check


def test_report_on_a_missing_folder_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`quizapp report` on a folder that does not exist exits 1 naming it, and does not create it."""
    folder = tmp_path / "no-such-class"
    code, out, err = run(["report", str(folder)], capsys)
    assert code == 1
    assert str(folder) in err and "no such folder" in err
    assert out == ""
    assert not folder.exists()


def test_check_passes_the_sample_pack(capsys: pytest.CaptureFixture[str]) -> None:
    """`quizapp check --pack` on the shipped sample pack passes and says the pack is OK."""
    code, out, err = run(["check", "--pack", str(SAMPLE_PACK)], capsys)
    assert code == 0, err
    assert f"{SAMPLE_PACK} OK" in out
    assert err == ""


@pytest.mark.parametrize("chosen", ["engineer", "developer"])
def test_path_follows_the_path_the_person_chose(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chosen: str
) -> None:
    """A chosen path is the only one printed and exported, and the tie reason is left out."""
    folder = tmp_path / "profiles"
    with ProfileStore(folder).open("Pat") as person:
        person.profile.path.chosen = chosen  # type: ignore[assignment]
        person.save()
    markdown = tmp_path / "pat.md"
    code, out, _ = run(
        ["path", "--profile", "Pat", "--profiles", str(folder), "--markdown", str(markdown)], capsys
    )
    assert code == 0
    other = "developer" if chosen == "engineer" else "engineer"
    text = markdown.read_text("utf-8")
    assert f"You chose to follow the {chosen} path." in text
    assert f"## Backend {chosen}" in text and f"## Backend {other}" not in text
    assert "both paths are shown" not in text and "both paths are shown" not in out
    assert f"Backend {other}:" not in out


def test_path_tells_of_retired_self_ratings_and_offers_fit_questions(
    tmp_path: Path, real: tuple[Bank, Catalogue], capsys: pytest.CaptureFixture[str]
) -> None:
    """An old profile's self-ratings are ignored; `quizapp path` says so and how to get a verdict."""
    from quizapp.core.profile import Answer

    bank, _ = real
    folder = tmp_path / "profiles"
    clock = Clock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    store = ProfileStore(folder, clock=clock)
    graded = next(q for q in bank.questions if q.kind == "single")
    with store.open("Old Timer") as opened:
        attempt = new_attempt(bank, [graded.id], "full", seed=1, started=clock.now)
        attempt.answers.append(
            Answer(
                question_id="duty-rate-scalability", response=0, answered_at=clock.now, version="x"
            )
        )
        opened.save_attempt(attempt)
    before = sorted(path.read_bytes() for path in folder.rglob("*.toml"))
    code, out, err = run(["path", "--profile", "Old Timer", "--profiles", str(folder)], capsys)
    assert code == 0, err
    assert "1 earlier self-rating answer no longer counts" in out
    assert 'Answer at least 5 more "Which path fits me?" questions' in out
    assert "--mode fit" in out
    assert "No verdict yet" in out
    # Reading an old profile changes no file (so no .bak is needed).
    assert sorted(path.read_bytes() for path in folder.rglob("*.toml")) == before


def _fit_pick(question: FitQuestion, outcome: str) -> int:
    """The option of a fit item that a person headed for `outcome` picks."""
    options = question.options
    if question.form == "scale":
        engineer_side = bool(options[0].engineer)
        liked = {"both": True, "neither": False, "engineer": engineer_side}[outcome]
        return 0 if liked else len(options) - 1
    for index, option in enumerate(options):
        kind = (
            "engineer"
            if option.engineer > option.developer
            else "developer"
            if option.developer > option.engineer
            else "both"
            if option.engineer
            else "neither"
        )
        if kind == outcome:
            return index
    raise AssertionError(question.id)


@pytest.mark.parametrize("outcome", ["engineer", "both", "neither"])
def test_path_and_its_markdown_say_every_outcome_in_the_same_words(
    tmp_path: Path, real: tuple[Bank, Catalogue], outcome: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """After "Which path fits me?", `quizapp path` and its Markdown both give the verdict's
    headline, how sure, the line about job titles and the reasons, as `verdict_text` words them."""
    bank, _ = real
    folder = tmp_path / "profiles"
    clock = Clock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    store = ProfileStore(folder, clock=clock)
    with store.open("Fay") as opened:
        attempt = plan_attempt(bank, opened.profile, "fit", seed=4, now=clock.now)
        session = QuizSession.start(bank, opened, attempt)
        while not session.is_complete:
            question = session.current()
            assert isinstance(question, FitQuestion)
            session.record(_fit_pick(question, outcome))
    recommendation = recommend(store.all_answers(store.person_folder("Fay")), bank)
    assert recommendation.outcome == outcome
    said = verdict_text(recommendation)
    markdown = tmp_path / "fay.md"
    code, out, err = run(
        ["path", "--profile", "Fay", "--profiles", str(folder), "--markdown", str(markdown)], capsys
    )
    assert code == 0, err
    text = markdown.read_text("utf-8")
    assert out.startswith(f"Fay: {said.headline}\n")
    assert f"**{said.headline}**" in text
    for line in [said.certainty, said.interest, TITLES_LINE, *said.guidance]:
        assert line and f"  {line}\n" in out and f"\n{line}\n" in text
    assert said.reasons
    for reason in said.reasons:
        assert f"  - {reason}\n" in out and f"- {reason}\n" in text
