"""The summary of past attempts: it agrees with the attempt files after every save, crash, damage and migration."""

from __future__ import annotations

import dataclasses
import json
import random
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from responses import right_response, wrong_response

from quizapp.core import store as store_module
from quizapp.core.bank import Bank, FitQuestion
from quizapp.core.history import SUMMARY_FILE, WINDOW, History, decisive_answers, read_summary
from quizapp.core.profile import Answer
from quizapp.core.recommend import recommend
from quizapp.core.session import QuizSession, plan_attempt
from quizapp.core.store import OpenProfile, ProfileStore

PROFILE_FIXTURES = Path(__file__).resolve().parents[1] / "data" / "profiles"


def assert_agrees(store: ProfileStore, opened: OpenProfile, bank: Bank) -> None:
    """The summary in memory and on disk is the one built from the attempt files, and so is the verdict."""
    built = store.build_history(opened.folder)
    assert opened.history() == built
    assert read_summary(opened.folder / SUMMARY_FILE) == built
    every = store.all_answers(opened.folder)
    assert built.answer_count == len(every)
    assert recommend(opened.answers(), bank) == recommend(every, bank)


def play(
    store: ProfileStore,
    opened: OpenProfile,
    bank: Bank,
    rng: random.Random,
    after_each_save: Callable[[], None],
    attempts: int,
) -> None:
    """Start, answer (right, wrong or another response at random), finish or leave `attempts` quizzes."""
    modes = ["quick", "fit", "full", "topic", "review"]
    for number in range(attempts):
        store.clock.advance(hours=1)  # type: ignore[attr-defined]
        mode = modes[number % len(modes)]
        try:
            plan = plan_attempt(
                bank, opened.profile, mode, seed=number, now=store.clock(), topic="tools"
            )
        except Exception:  # nothing to review yet
            plan = plan_attempt(bank, opened.profile, "quick", seed=number, now=store.clock())
        if number % 4 == 3:
            plan.feedback = "end"  # as a class pack holds feedback back
        session = QuizSession.start(bank, opened, plan)
        after_each_save()
        stop_after = rng.choice([1, 3, None])
        answered = 0
        while (question := session.current()) is not None:
            if stop_after is not None and answered == stop_after:
                session.close(rng.choice(["abandoned", "timed_out"]))
                after_each_save()
                break
            if isinstance(question, FitQuestion):
                response: Any = rng.randrange(len(question.options))
            else:
                response = rng.choice([right_response, wrong_response])(question)
            session.record(response)
            answered += 1
            after_each_save()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_summary_agrees_after_every_save(
    store: ProfileStore, tiny_bank: Bank, seed: int
) -> None:
    """Starting, each answer, finishing, leaving and timing out, over more attempts than the summary
    names (so older ones are folded into it): after every save, the summary equals one built from
    the files, and the verdict from its answers equals the verdict from every answer."""
    with store.open("Ada") as opened:
        play(
            store,
            opened,
            tiny_bank,
            random.Random(seed),
            lambda: assert_agrees(store, opened, tiny_bank),
            attempts=2 * WINDOW + 3,
        )
        assert opened.history().older_attempts == WINDOW + 3


def test_resuming_after_an_edit_drops_answers_and_the_summary_follows(
    store: ProfileStore, tiny_bank: Bank
) -> None:
    """A question edited since: its answer leaves the attempt (reconcile) and the summary with it."""
    with store.open("Ada") as opened:
        plan = plan_attempt(tiny_bank, opened.profile, "quick", seed=5, now=store.clock())
        session = QuizSession.start(tiny_bank, opened, plan)
        for _ in range(3):
            question = session.current()
            assert question is not None
            session.record(right_response(question))
        edited_id = session.attempt.answers[0].question_id
        session.attempt.versions[edited_id] = "old-version"  # as if the bank changed since
        report = QuizSession(tiny_bank, opened, session.attempt).reconcile()
        assert report.edited == 1
        assert_agrees(store, opened, tiny_bank)
        assert opened.history().answer_count == 2


# ---------------------------------------------------------------- crashes


@pytest.mark.parametrize("answers_before", [0, 3])
def test_a_crash_between_the_attempt_and_the_summary_is_noticed_and_rebuilt(
    store: ProfileStore, tiny_bank: Bank, monkeypatch: pytest.MonkeyPatch, answers_before: int
) -> None:
    """The attempt file is written, then the process dies before the summary and the profile are:
    the next open sees the summary no longer matches, rebuilds it, and the answer count catches up."""
    with store.open("Ada") as opened:
        play(store, opened, tiny_bank, random.Random(3), lambda: None, attempts=WINDOW + 2)
        plan = plan_attempt(tiny_bank, opened.profile, "quick", seed=9, now=store.clock())
        session = QuizSession.start(tiny_bank, opened, plan)
        for _ in range(answers_before):
            question = session.current()
            assert question is not None
            session.record(right_response(question))
        question = session.current()
        assert question is not None
        monkeypatch.setattr(store_module, "save_summary", lambda *args, **kwargs: None)
        monkeypatch.setattr(OpenProfile, "save", lambda self: None)  # died before the profile too
        session.record(right_response(question))
        monkeypatch.undo()
    with store.open("Ada") as reopened:
        assert_agrees(store, reopened, tiny_bank)
        assert reopened.profile.answers_total == reopened.history().answer_count


def test_a_crash_between_the_summary_and_the_profile_leaves_the_count_to_catch_up(
    store: ProfileStore, tiny_bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The summary is written, the profile is not: the summary stands, the profile catches up from it."""
    with store.open("Ada") as opened:
        plan = plan_attempt(tiny_bank, opened.profile, "quick", seed=9, now=store.clock())
        session = QuizSession.start(tiny_bank, opened, plan)
        question = session.current()
        assert question is not None
        monkeypatch.setattr(OpenProfile, "save", lambda self: None)
        session.record(right_response(question))
        monkeypatch.undo()
    summary = (store.person_folder("Ada") / SUMMARY_FILE).read_bytes()
    with store.open("Ada") as reopened:
        assert (reopened.folder / SUMMARY_FILE).read_bytes() == summary  # it matched: kept
        assert reopened.profile.answers_total == 1
        assert_agrees(store, reopened, tiny_bank)


# ---------------------------------------------------------------- missing, damaged, other format, stale


def _edit_json(edit: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / SUMMARY_FILE
        data = json.loads(path.read_bytes())
        edit(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return change


def _newest_attempt(folder: Path) -> Path:
    return max((folder / "attempts").glob("*.toml"))


def _append_answer_by_hand(folder: Path) -> None:
    """An older quizapp (or a person) adds an answer to the newest attempt, without the summary."""
    path = _newest_attempt(folder)
    text = path.read_text(encoding="utf-8")
    last = text.rindex("[[answers]]")
    path.write_text(text + "\n" + text[last:], encoding="utf-8")


def _plant_older_format_attempt(folder: Path) -> None:
    """A new attempt written by a quizapp of format 2, which knew nothing of summaries."""
    newest = _newest_attempt(folder)
    text = newest.read_text(encoding="utf-8").replace("schema_version = 3", "schema_version = 2")
    planted = folder / "attempts" / "20991231T235959Z-quick.toml"
    planted.write_text(text.replace(newest.stem, planted.stem), encoding="utf-8")


DAMAGE = [
    pytest.param(lambda folder: (folder / SUMMARY_FILE).unlink(), id="missing"),
    pytest.param(
        lambda folder: (folder / SUMMARY_FILE).write_bytes(
            (folder / SUMMARY_FILE).read_bytes()[:40]
        ),
        id="truncated",
    ),
    pytest.param(lambda folder: (folder / SUMMARY_FILE).write_bytes(b"\xff\xfe"), id="not-utf8"),
    pytest.param(_edit_json(lambda data: data.update(format=0)), id="older-format"),
    pytest.param(_edit_json(lambda data: data.update(format=99)), id="newer-format"),
    pytest.param(_edit_json(lambda data: data.update(older=["x", 0])), id="wrong-type"),
    pytest.param(_edit_json(lambda data: data.update(older=[-1, 0])), id="negative-count"),
    pytest.param(
        _edit_json(lambda data: data["recent"][0].__setitem__(0, "../../escape")), id="path-id"
    ),
    pytest.param(
        _edit_json(lambda data: data["decisive"][0][2].__setitem__("question_id", "q\u001b[2J")),
        id="escape-code",
    ),
    pytest.param(
        _edit_json(lambda data: data["decisive"][0][2].__setitem__("correct", "yes")),
        id="answer-field-of-wrong-type",
    ),
    pytest.param(lambda folder: (folder / SUMMARY_FILE).write_bytes(b"[" * 9_000_000), id="huge"),
    pytest.param(
        lambda folder: (folder / SUMMARY_FILE).unlink() or (folder / SUMMARY_FILE).mkdir(),
        id="a-folder",
    ),
    pytest.param(_append_answer_by_hand, id="attempt-edited-behind-its-back"),
    pytest.param(_plant_older_format_attempt, id="attempt-added-by-an-older-quizapp"),
    pytest.param(lambda folder: _newest_attempt(folder).unlink(), id="attempt-deleted"),
    pytest.param(
        lambda folder: _newest_attempt(folder).rename(
            _newest_attempt(folder).with_suffix(".toml.corrupt-20991231T000000Z")
        ),
        id="attempt-moved-aside",
    ),
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_summary_that_cannot_be_trusted_is_rebuilt_from_the_files(
    store: ProfileStore, tiny_bank: Bank, damage: Callable[[Path], None]
) -> None:
    """Missing, damaged, of another format, or no longer matching the files: rebuilt at the next
    open (and found stale read-only too), then it agrees with the files again."""
    with store.open("Ada") as opened:
        play(store, opened, tiny_bank, random.Random(4), lambda: None, attempts=WINDOW + 3)
        folder = opened.folder
    damage(folder)
    assert store.read_history(folder) == store.build_history(folder)
    with store.open("Ada") as reopened:
        if (folder / SUMMARY_FILE).is_dir():
            assert reopened.history() == store.build_history(folder)  # kept in memory only
            return
        assert_agrees(store, reopened, tiny_bank)


def test_a_summary_from_another_profile_is_not_taken(store: ProfileStore, tiny_bank: Bank) -> None:
    """A summary copied from another person's folder does not match this one's files."""
    for name, attempts in (("Ada", 2), ("Ben", WINDOW + 2)):
        with store.open(name) as opened:
            play(store, opened, tiny_bank, random.Random(5), lambda: None, attempts=attempts)
    shutil.copy(
        store.person_folder("Ben") / SUMMARY_FILE, store.person_folder("Ada") / SUMMARY_FILE
    )
    with store.open("Ada") as reopened:
        assert_agrees(store, reopened, tiny_bank)
        assert reopened.history().attempts == 2


# ---------------------------------------------------------------- migration


def test_an_older_profile_with_attempts_gets_its_summary_at_the_first_open(
    store: ProfileStore, tiny_bank: Bank
) -> None:
    """A format-1 profile and format-2 attempt files, written before summaries existed."""
    with store.open("Ada") as opened:
        play(store, opened, tiny_bank, random.Random(6), lambda: None, attempts=WINDOW + 1)
        folder = opened.folder
    (folder / SUMMARY_FILE).unlink()
    shutil.copy(PROFILE_FIXTURES / "old_schema_v1" / "profile.toml", folder / "profile.toml")
    for path in (folder / "attempts").glob("*.toml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("schema_version = 3", "schema_version = 2"),
            encoding="utf-8",
        )
    with store.open("Ada") as migrated:
        assert (folder / "profile.toml.bak").is_file()
        assert_agrees(store, migrated, tiny_bank)
        assert migrated.profile.answers_total == migrated.history().answer_count


# ---------------------------------------------------------------- what it keeps decides the same


def test_decisive_answers_decide_as_every_answer_whatever_the_bank(tiny_bank: Bank) -> None:
    """The latest answer of each response to each question gives the same verdict, marks and
    readiness as every answer, also for a bank where a fit item offers fewer options than were
    answered (the verdict then falls back to an earlier answer still on offer)."""
    rng = random.Random(7)
    fits = [question for question in tiny_bank.questions if isinstance(question, FitQuestion)]
    base = store_module.utc_now()
    answers: list[Answer] = []
    for step in range(400):
        question = rng.choice(list(tiny_bank.questions))
        if isinstance(question, FitQuestion):
            response: Any = rng.randrange(len(question.options))
        else:
            response = rng.choice([right_response, wrong_response])(question)
        answers.append(
            Answer(
                question_id=question.id,
                response=response,
                correct=None if isinstance(question, FitQuestion) else rng.random() < 0.5,
                answered_at=base + timedelta(minutes=step),
                version=question.fingerprint,
            )
        )
    shrunk = [
        dataclasses.replace(question, options=question.options[:2])
        if question in fits
        else question
        for question in tiny_bank.questions
    ]
    for bank in (tiny_bank, Bank(shrunk, tiny_bank.files)):
        assert recommend(decisive_answers(answers), bank) == recommend(answers, bank)
    assert len(decisive_answers(answers)) < len(answers)


def test_path_and_home_read_only_the_newest_attempt_files(
    store: ProfileStore, tiny_bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a matching summary, the verdict's answers and home's lines read the newest files only."""
    with store.open("Ada") as opened:
        play(store, opened, tiny_bank, random.Random(8), lambda: None, attempts=3 * WINDOW)
        folder = opened.folder
    read: list[Path] = []
    real = ProfileStore.read_attempt

    def counting(self: ProfileStore, path: Path) -> Any:
        read.append(path)
        return real(self, path)

    monkeypatch.setattr(ProfileStore, "read_attempt", counting)
    answers = store.decisive_answers(folder)
    assert len(read) == WINDOW
    assert recommend(answers, tiny_bank) == recommend(store.all_answers(folder), tiny_bank)
    read.clear()
    with store.open("Ada") as reopened:
        shown = reopened.past_attempts(WINDOW)
        assert [path for path, _, _ in shown] == sorted(read, reverse=True)[: len(shown)]
        assert len(read) <= WINDOW + 1  # and the current attempt, when one is open
        older = reopened.past_attempts(WINDOW, before=shown[-1][0].stem)
        every = sorted((folder / "attempts").glob("*.toml"), reverse=True)
        assert [path for path, _, _ in older] == every[WINDOW : 2 * WINDOW]


def test_the_summary_file_round_trips() -> None:
    """What `to_json` writes, `from_json` reads back equal (and refuses anything else)."""
    from quizapp.core.history import FolderStamp

    empty = History(FolderStamp(None, 0))
    assert History.from_json(empty.to_json()) == empty
    with pytest.raises(ValueError):
        History.from_json(b'{"format": 1}')


def test_profiles_reads_no_attempt_file(
    store: ProfileStore,
    tiny_bank: Bank,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`quizapp profiles` lists each person's answers from the profile alone, however long the past."""
    from quizapp.cli import main

    with store.open("Ada") as opened:
        play(store, opened, tiny_bank, random.Random(9), lambda: None, attempts=WINDOW + 2)
        answers = opened.history().answer_count
    opened_files: list[str] = []
    real_read = ProfileStore.read_attempt
    monkeypatch.setattr(
        ProfileStore,
        "read_attempt",
        lambda self, path: opened_files.append(path.name) or real_read(self, path),
    )
    assert main(["profiles", "--profiles", str(store.folder)]) == 0
    assert f"{answers:>7}" in capsys.readouterr().out
    assert opened_files == []
