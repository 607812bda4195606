"""The profile store: names, locking, corrupt files, migration and the on-disk format."""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import tomllib
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quizapp.core.bank import Bank
from quizapp.core.formats import SCHEMA_VERSION
from quizapp.core.profile import Answer, Attempt, ReviewState
from quizapp.core.session import review_queue
from quizapp.core.store import (
    InvalidNameError,
    ProfileError,
    ProfileLockedError,
    ProfileStore,
    check_name,
    migrate_profile_data,
)

PROFILE_FIXTURES = Path(__file__).resolve().parents[1] / "data" / "profiles"
CHILD = Path(__file__).resolve().with_name("crash_child.py")
ALLOWED = "use 1 to 40 letters, digits, spaces, '-' or '_'"


def tree(root: Path) -> set[str]:
    """Every file and folder under `root`, as relative paths."""
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def plant(store: ProfileStore, fixture: str, name: str = "Broken") -> Path:
    """Copy a profile fixture into the store as `name`'s profile; return the copied file."""
    folder = store.person_folder(name)
    folder.mkdir(parents=True)
    target = folder / "profile.toml"
    shutil.copyfile(PROFILE_FIXTURES / fixture / "profile.toml", target)
    return target


def start_holder(profiles: Path, name: str) -> tuple[subprocess.Popen[str], int]:
    """Start a child process that holds `name`'s profile open; return it and its pid once ready."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD), "hold", str(profiles), name],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if not line.startswith("READY"):
        child.kill()
        _, err = child.communicate()
        pytest.fail(f"holder did not start: {line!r} {err}")
    return child, int(line.split()[1])


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Zoë", id="latin-diaeresis"),
        pytest.param("李雷", id="han"),
        pytest.param("ana-maria_2", id="dash-underscore-digit"),
        pytest.param("Ada Lovelace", id="inner-space"),
        pytest.param("Ωμέγα", id="greek"),
        pytest.param("x" * 40, id="40-chars"),
        pytest.param("٣٤", id="arabic-indic-digits"),
        pytest.param(
            "राम",
            id="devanagari-vowel-sign",
        ),
    ],
)
def test_accepted_names_open_a_profile(store: ProfileStore, name: str) -> None:
    """An allowed name opens a profile stored under its case-folded name."""
    with store.open(name) as opened:
        assert opened.profile.name == name
        assert opened.folder == store.folder / name.casefold()
        assert opened.path.is_file()
    assert store.exists(name)


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        pytest.param("", "the name is empty", id="empty"),
        pytest.param("   ", "the name is empty", id="only-spaces"),
        pytest.param("x" * 41, "41 characters long", id="41-chars"),
        pytest.param("../x", "contains '.'", id="parent-dir"),
        pytest.param("a/b", "contains '/'", id="slash"),
        pytest.param(".hidden", "contains '.'", id="hidden"),
        pytest.param("a\x00b", "contains '\\x00'", id="nul"),
        pytest.param("tab\tname", "contains '\\t'", id="tab"),
        pytest.param("a.b", "contains '.'", id="dot"),
        pytest.param("a\\b", "contains '\\'", id="backslash"),
    ],
)
def test_rejected_names_create_nothing(
    store: ProfileStore, tmp_path: Path, name: str, fragment: str
) -> None:
    """A rejected name raises InvalidNameError saying what is wrong and creates no file anywhere."""
    before = tree(tmp_path)
    with pytest.raises(InvalidNameError) as raised:
        store.open(name)
    message = str(raised.value)
    assert fragment in message
    assert ALLOWED in message
    assert not store.folder.exists()
    assert tree(tmp_path) == before


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("ada", "ADA", id="upper"),
        pytest.param("Zoë", "ZOË", id="unicode-upper"),
        pytest.param("Zoë", unicodedata.normalize("NFD", "Zoë"), id="nfc-vs-nfd"),
        pytest.param("Straße", "STRASSE", id="casefold-sharp-s"),
        pytest.param("ada", "  Ada ", id="surrounding-spaces"),
    ],
)
def test_names_compare_case_insensitively(store: ProfileStore, first: str, second: str) -> None:
    """Opening a name in another case (or normal form) opens the same profile."""
    with store.open(first) as opened:
        opened.profile.settings.theme = "nord"
        opened.save()
        folder = opened.folder
    assert store.exists(second)
    with store.open(second) as again:
        assert again.folder == folder
        assert again.profile.name == first
        assert again.profile.settings.theme == "nord"
    assert [entry.name for entry in store.folder.iterdir()] == [folder.name]


# ---------------------------------------------------------------- open, save, load


def test_open_creates_profile_toml(store: ProfileStore, fixed_clock) -> None:
    """Opening a new name writes a profile.toml with the name, version and creation time."""
    assert not store.exists("Ada")
    with store.open("Ada") as opened:
        data = tomllib.loads(opened.path.read_text(encoding="utf-8"))
    assert data["name"] == "Ada"
    assert data["schema_version"] == SCHEMA_VERSION == 3
    assert data["answers_total"] == 0
    profile = store.read_profile(store.person_folder("Ada"))
    assert (profile.created, profile.last_activity) == (fixed_clock.now, fixed_clock.now)


def test_open_without_create_refuses_a_missing_profile(store: ProfileStore) -> None:
    """`open(create=False)` on an unknown name raises ProfileError and creates nothing."""
    with pytest.raises(ProfileError, match="no profile named 'Ada'"):
        store.open("Ada", create=False)
    assert not store.folder.exists()


def test_save_and_load_round_trip(store: ProfileStore, fixed_clock) -> None:
    """Everything saved in profile.toml reads back equal, through read_profile and a reopen."""
    now = fixed_clock.now
    with store.open("Zoë") as opened:
        profile = opened.profile
        profile.answers_total = 7
        profile.last_activity = now + timedelta(minutes=5)
        profile.current_attempt = "20261122T041500Z-quick"
        profile.settings.theme = "gruvbox"
        profile.path.chosen = "engineer"
        profile.path.steps = {"learn-sql": "done", "build-api": "learning", "ci": "skipped"}
        profile.review["tiny-duty-role"] = ReviewState(
            phase="review",
            step=None,
            stability=3.25,
            difficulty=5.5,
            misses=3,
            last_seen=now,
            due=now + timedelta(days=3),
        )
        opened.save()
        saved = copy.deepcopy(profile)
    assert store.read_profile(store.person_folder("Zoë")) == saved
    with store.open("zoë") as again:
        assert again.profile == saved


def test_save_attempt_round_trip(store: ProfileStore, fixed_clock) -> None:
    """An attempt saved with save_attempt reads back equal with read_attempt."""
    attempt = Attempt(
        id="20261122T041500Z-quick",
        mode="quick",
        seed=42,
        started=fixed_clock.now,
        question_ids=["tiny-duty-multi", "tiny-duty-role"],
        versions={"tiny-duty-multi": "abc123abc123"},
        choice_orders={"tiny-duty-multi": [2, 0, 3, 1]},
        answers=[
            Answer(
                question_id="tiny-duty-multi",
                response=[0, 2],
                correct=False,
                credit=0.5,
                answered_at=fixed_clock.now,
                seconds=3.25,
                version="abc123abc123",
            )
        ],
    )
    with store.open("Ada") as opened:
        opened.save_attempt(attempt)
        path = opened.attempt_path(attempt.id)
    assert store.attempt_paths(store.person_folder("Ada")) == [path]
    assert store.read_attempt(path) == attempt


def test_saving_leaves_no_temp_files(store: ProfileStore, fixed_clock) -> None:
    """Repeated atomic saves leave only profile.toml and the attempt file behind."""
    attempt = Attempt(id="a1", mode="quick", started=fixed_clock.now, question_ids=["q"])
    with store.open("Ada") as opened:
        for count in range(5):
            opened.profile.answers_total = count
            opened.save()
            opened.save_attempt(attempt)
        folder = opened.folder
    leftovers = [path.name for path in folder.rglob("*") if path.name.endswith(".tmp")]
    assert leftovers == []
    assert sorted(path.name for path in (folder / "attempts").iterdir()) == ["a1.toml"]


# ---------------------------------------------------------------- locking


def test_second_open_in_the_same_process_is_locked(store: ProfileStore) -> None:
    """A second open while the first is open raises ProfileLockedError naming our pid."""
    first = store.open("Ada")
    try:
        with pytest.raises(ProfileLockedError) as raised:
            store.open("ADA")
        assert f"is open in another quizapp (pid {os.getpid()})" in str(raised.value)
        assert str(store.profile_path("Ada")) in str(raised.value)
    finally:
        first.close()
    with store.open("Ada"):
        pass


def test_a_damaged_owner_note_still_gives_the_locked_message(store: ProfileStore) -> None:
    """A `.owner` note of bytes that are not a pid (not UTF-8, an escape code) crashed the second
    open with UnicodeDecodeError; it now says the profile is open elsewhere, with pid "?"."""
    first = store.open("Ada")
    try:
        damaged = Path(__file__).resolve().parents[1] / "data" / "profiles" / "owner_not_utf8"
        (first.folder / ".owner").write_bytes((damaged / ".owner").read_bytes())
        with pytest.raises(ProfileLockedError) as raised:
            store.open("Ada")
        assert "is open in another quizapp (pid ?)" in str(raised.value)
    finally:
        first.close()


def test_second_open_from_another_process_is_locked(store: ProfileStore) -> None:
    """While another process holds the profile, opening it names that process's pid."""
    store.open("Ada").close()
    child, pid = start_holder(store.folder, "Ada")
    try:
        with pytest.raises(ProfileLockedError) as raised:
            store.open("ada")
        assert f"is open in another quizapp (pid {pid})" in str(raised.value)
    finally:
        child.communicate(input="", timeout=10)
    assert child.returncode == 0
    with store.open("Ada") as opened:
        assert (opened.folder / ".owner").read_text().strip() == str(os.getpid())


def test_stale_lock_of_a_killed_process_is_taken_over(store: ProfileStore) -> None:
    """A lock left by a process killed with SIGKILL does not block the next open."""
    child, pid = start_holder(store.folder, "Ada")
    assert (store.person_folder("Ada") / ".owner").read_text().strip() == str(pid)
    os.kill(pid, signal.SIGKILL)
    child.communicate(timeout=10)
    assert child.returncode == -signal.SIGKILL
    with store.open("Ada") as opened:
        assert opened.profile.name == "Ada"
        assert (opened.folder / ".owner").read_text().strip() == str(os.getpid())


# ---------------------------------------------------------------- corrupt and foreign files


@pytest.mark.parametrize(
    ("fixture", "fragment", "line", "corrupt"),
    [
        pytest.param("invalid_toml", "not valid TOML", 5, True, id="invalid_toml"),
        pytest.param("wrong_schema", "answers_total", None, True, id="wrong_schema"),
        pytest.param(
            "newer_schema_version", "written by a newer quizapp", None, False, id="newer_version"
        ),
        pytest.param(
            "not_utf8", "not UTF-8", 2, True, id="not_utf8"
        ),  # the line of the first bad byte
    ],
)
def test_broken_profile_is_refused_and_left_untouched(
    store: ProfileStore, fixture: str, fragment: str, line: int | None, corrupt: bool
) -> None:
    """Opening or reading a broken profile raises ProfileError naming the file; its bytes stay."""
    path = plant(store, fixture)
    original = path.read_bytes()
    for attempt in range(2):  # the failed open releases its lock: the second try fails the same way
        with pytest.raises(ProfileError) as raised:
            store.open("Broken")
        error = raised.value
        assert not isinstance(error, ProfileLockedError), f"try {attempt}"
        assert error.problem.file == str(path)
        assert str(path) in str(error)
        assert fragment in str(error)
        assert error.problem.line == line
        if line is not None:
            assert f"{path}:{line}:" in str(error)
        assert error.corrupt is corrupt
    with pytest.raises(ProfileError, match="profile.toml"):
        store.read_profile(path.parent)
    assert path.read_bytes() == original
    assert sorted(entry.name for entry in path.parent.iterdir() if entry.name[0] != ".") == [
        "profile.toml"
    ]


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        pytest.param("invalid_toml", "not valid TOML", id="invalid_toml"),
        pytest.param(
            "wrong_schema",
            "answers_total",
            id="wrong_schema",
        ),
        pytest.param("newer_schema_version", "written by a newer quizapp", id="newer_version"),
        pytest.param("not_utf8", "not UTF-8", id="not_utf8"),
    ],
)
def test_list_profiles_shows_a_broken_profile_with_its_reason(
    store: ProfileStore, fixture: str, reason: str
) -> None:
    """list_profiles lists a broken profile with the reason, next to the good ones."""
    with store.open("Ada") as opened:
        opened.profile.answers_total = 4
        opened.save()
    plant(store, fixture)
    summaries = store.list_profiles()
    assert [summary.folder.name for summary in summaries] == ["ada", "broken"]
    good, broken = summaries
    assert (good.name, good.answers, good.error) == ("Ada", 4, None)
    assert broken.error is not None
    assert reason in broken.error


def test_list_profiles_sorts_names_and_reports_progress(store: ProfileStore, fixed_clock) -> None:
    """list_profiles sorts by name ignoring case and shows answers and an unfinished attempt."""
    for name in ["bob", "Alice", "carol"]:
        with store.open(name) as opened:
            if name == "Alice":
                opened.profile.current_attempt = "20261122T041500Z-quick"
                opened.profile.answers_total = 3
                opened.save()
    summaries = store.list_profiles()
    assert [summary.name for summary in summaries] == ["Alice", "bob", "carol"]
    assert [(summary.answers, summary.unfinished) for summary in summaries] == [
        (3, True),
        (0, False),
        (0, False),
    ]


def test_list_profiles_shows_last_activity(store: ProfileStore, fixed_clock) -> None:
    """list_profiles reports when each person last answered, as saved in profile.toml."""
    with store.open("Ada") as opened:
        opened.profile.last_activity = fixed_clock.now + timedelta(hours=2)
        opened.save()
    [summary] = store.list_profiles()
    assert summary.last_activity == fixed_clock.now + timedelta(hours=2)


def test_list_profiles_reads_native_toml_times(store: ProfileStore) -> None:
    """A hand-written profile with TOML datetimes (like the v1 fixture) lists its last activity."""
    plant(store, "old_schema_v1", "Old Timer")
    [summary] = store.list_profiles()
    assert (summary.name, summary.answers, summary.unfinished) == ("Old Timer", 3, True)
    assert summary.last_activity == datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


def test_list_profiles_of_a_missing_folder_is_empty(store: ProfileStore) -> None:
    """A profiles folder that does not exist yet lists nothing and is not created."""
    assert store.list_profiles() == []
    assert not store.folder.exists()


def test_move_aside_keeps_the_bytes_under_a_stamped_name(store: ProfileStore) -> None:
    """move_aside renames profile.toml to profile.toml.corrupt-<UTC stamp>, keeping its bytes."""
    path = plant(store, "invalid_toml")
    original = path.read_bytes()
    moved = store.move_aside("Broken")
    assert moved == path.with_name("profile.toml.corrupt-20261122T041500Z")
    assert moved.read_bytes() == original
    assert not path.exists()
    with store.open("Broken") as opened:
        assert opened.profile.answers_total == 0
    assert moved.read_bytes() == original


def test_move_aside_of_a_linked_profile_moves_the_link_not_its_target(
    store: ProfileStore, tmp_path: Path
) -> None:
    """A profile.toml that links to a file outside the profiles folder: moving it aside renamed
    that outside file; now the link itself is renamed and the outside file is left as it was."""
    outside = tmp_path / "elsewhere" / "notes.txt"
    outside.parent.mkdir()
    outside.write_bytes(b"not a profile\n")
    folder = store.folder / "linked"
    folder.mkdir(parents=True)
    (folder / "profile.toml").symlink_to(outside)
    moved = store.move_aside("Linked")
    assert moved.parent == folder and moved.is_symlink()
    assert outside.read_bytes() == b"not a profile\n"
    assert list(outside.parent.iterdir()) == [outside]


def test_move_attempt_aside_keeps_the_bytes(store: ProfileStore) -> None:
    """A broken attempt is listed with its error, and move_attempt_aside keeps its bytes."""
    with store.open("Ada") as opened:
        broken = opened.attempt_path("20261122T041500Z-quick")
        broken.parent.mkdir()
        broken.write_bytes(b"id = [unclosed\n")
        listed = list(opened.attempts())
        assert [(path, attempt) for path, attempt, _ in listed] == [(broken, None)]
        assert "not valid TOML" in str(listed[0][2])
        moved = store.move_attempt_aside(broken)
    assert moved.name == "20261122T041500Z-quick.toml.corrupt-20261122T041500Z"
    assert moved.read_bytes() == b"id = [unclosed\n"
    assert store.attempt_paths(store.person_folder("Ada")) == []


def test_broken_current_attempt_raises_profile_error(store: ProfileStore) -> None:
    """current_attempt() on a broken attempt file raises ProfileError and leaves the file alone."""
    with store.open("Ada") as opened:
        opened.profile.current_attempt = "20261122T041500Z-quick"
        path = opened.attempt_path("20261122T041500Z-quick")
        path.parent.mkdir()
        path.write_bytes(b'schema_version = 2\nid = "20261122T041500Z-quick"\nmode = "sprint"\n')
        with pytest.raises(ProfileError, match="20261122T041500Z-quick.toml"):
            opened.current_attempt()
    assert (
        path.read_bytes() == b'schema_version = 2\nid = "20261122T041500Z-quick"\nmode = "sprint"\n'
    )


# ---------------------------------------------------------------- migration


def test_a_backup_that_is_a_link_is_replaced_not_written_through(
    store: ProfileStore, tmp_path: Path
) -> None:
    """Migrating an old profile copied it to profile.toml.bak through any link there, overwriting
    the file it pointed to outside the profiles folder; now the link is replaced by the backup."""
    path = plant(store, "old_schema_v1", "Old Timer")
    original = path.read_bytes()
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(b"someone's file\n")
    path.with_name("profile.toml.bak").symlink_to(outside)
    with store.open("Old Timer"):
        pass
    assert outside.read_bytes() == b"someone's file\n"
    backup = path.with_name("profile.toml.bak")
    assert not backup.is_symlink() and backup.read_bytes() == original


def test_version_1_profile_is_migrated_on_open_keeping_a_backup(store: ProfileStore) -> None:
    """A schema_version 1 profile (top-level theme) is migrated on open; profile.toml.bak keeps the original."""
    path = plant(store, "old_schema_v1", "Old Timer")
    original = path.read_bytes()
    with store.open("old timer") as opened:
        profile = opened.profile
        assert profile.schema_version == SCHEMA_VERSION
        assert profile.name == "Old Timer"
        assert profile.settings.theme == "nord"
        assert profile.answers_total == 3
        assert profile.review["tiny-duty-role"].misses == 2
        # Leitner box 1 (a day's wait) becomes an FSRS card with a day's stability, due as before.
        migrated = profile.review["tiny-duty-role"]
        assert (migrated.phase, migrated.stability, migrated.step) == ("review", 1.0, None)
        assert migrated.due == tomllib.loads(original.decode())["review"]["tiny-duty-role"]["due"]
    backup = path.with_name("profile.toml.bak")
    assert backup.read_bytes() == original
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert "theme" not in data
    assert data["settings"]["theme"] == "nord"
    with store.open("Old Timer") as again:
        assert again.profile == profile
    assert backup.read_bytes() == original


def test_reading_a_version_1_profile_writes_nothing(store: ProfileStore) -> None:
    """read_profile migrates a version 1 profile in memory only."""
    path = plant(store, "old_schema_v1", "Old Timer")
    original = path.read_bytes()
    profile = store.read_profile(path.parent)
    assert (profile.schema_version, profile.settings.theme) == (SCHEMA_VERSION, "nord")
    assert path.read_bytes() == original
    assert not path.with_name("profile.toml.bak").exists()


V2_STEPS_MIGRATED = {
    "dev-git": "learning",
    "dev-first-language": "done",
    "dev-http-servers": "todo",
}
"""The v2 fixture's step marks after migration: `doing` is `learning`, the stored `review` is gone."""


def test_version_2_profile_doing_becomes_learning_on_open_keeping_a_backup(
    store: ProfileStore,
) -> None:
    """A format 2 profile's `doing` marks become `learning` and a stored `review` is dropped
    (it is computed); profile.toml.bak, written first, keeps the original bytes."""
    path = plant(store, "old_schema_v2_doing", "Dot Doing")
    original = path.read_bytes()
    with store.open("dot doing") as opened:
        profile = opened.profile
        assert profile.schema_version == SCHEMA_VERSION
        assert profile.path.steps == V2_STEPS_MIGRATED
        assert (profile.path.chosen, profile.settings.theme) == ("developer", "nord")
        assert profile.answers_total == 12
    assert path.with_name("profile.toml.bak").read_bytes() == original
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["path"]["steps"] == V2_STEPS_MIGRATED
    with store.open("Dot Doing") as again:
        assert again.profile == profile


def test_reading_a_version_2_profile_migrates_in_memory_only(store: ProfileStore) -> None:
    """read_profile (reports, `quizapp path`) sees `learning` but writes nothing, not even a backup."""
    path = plant(store, "old_schema_v2_doing", "Dot Doing")
    original = path.read_bytes()
    assert store.read_profile(path.parent).path.steps == V2_STEPS_MIGRATED
    assert path.read_bytes() == original
    assert not path.with_name("profile.toml.bak").exists()


@pytest.mark.parametrize(
    "steps",
    [
        pytest.param('a = "doing"', id="v3-doing-is-refused"),
        pytest.param('a = "review"', id="v3-review-is-never-stored"),
        pytest.param('a = "later"', id="v3-unknown-status"),
    ],
)
def test_version_3_profile_with_an_old_or_computed_status_is_refused(
    store: ProfileStore, steps: str
) -> None:
    """In format 3 only todo, learning, skipped and done are stored: anything else is a
    ProfileError naming path.steps, and the file is left untouched."""
    folder = store.person_folder("Ada")
    folder.mkdir(parents=True)
    text = (
        f'schema_version = {SCHEMA_VERSION}\nname = "Ada"\ncreated = 2026-11-01 09:00:00Z\n'
        f"last_activity = 2026-11-01 09:00:00Z\n\n[path.steps]\n{steps}\n"
    )
    (folder / "profile.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"path\.steps"):
        store.open("Ada")
    assert (folder / "profile.toml").read_text(encoding="utf-8") == text
    assert not (folder / "profile.toml.bak").exists()


@pytest.mark.parametrize(
    ("path_table", "expected"),
    [
        pytest.param({"steps": {"a": "doing"}}, {"steps": {"a": "learning"}}, id="doing"),
        pytest.param(
            {"steps": {"a": "review", "b": "done"}}, {"steps": {"b": "done"}}, id="review"
        ),
        pytest.param(
            {"chosen": "engineer", "steps": {"a": "todo"}},
            {"chosen": "engineer", "steps": {"a": "todo"}},
            id="unchanged",
        ),
        pytest.param({"steps": 5}, {"steps": 5}, id="wrong-type-left-for-validation"),
        pytest.param("oops", "oops", id="path-not-a-table"),
    ],
)
def test_migrate_version_2_path_steps(path_table: object, expected: object) -> None:
    """migrate_profile_data renames `doing`, drops `review`, and leaves wrong types to validation."""
    migrated = migrate_profile_data({"schema_version": 2, "name": "Ada", "path": path_table})
    assert migrated["path"] == expected


def test_version_1_profile_with_a_bad_settings_value_is_a_profile_error(
    store: ProfileStore,
) -> None:
    """A version 1 profile whose `settings` is not a table is refused with ProfileError."""
    folder = store.person_folder("Ada")
    folder.mkdir(parents=True)
    (folder / "profile.toml").write_text(
        'schema_version = 1\nname = "Ada"\ncreated = 2026-11-01 09:00:00Z\n'
        "last_activity = 2026-11-01 09:00:00Z\nsettings = 5\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError, match="settings"):
        store.read_profile(folder)


def test_times_without_an_offset_are_not_loaded_naive(
    store: ProfileStore, tiny_bank: Bank, fixed_clock
) -> None:
    """A hand-edited time with no UTC offset is refused (ProfileError) or read as UTC, never left naive."""
    folder = store.person_folder("Ada")
    folder.mkdir(parents=True)
    (folder / "profile.toml").write_text(
        'schema_version = 2\nname = "Ada"\ncreated = 2026-11-01 09:00:00Z\n'
        "last_activity = 2026-11-01 09:00:00Z\n\n[review.tiny-duty-role]\n"
        "last_seen = 2026-11-01T09:00:00\ndue = 2026-11-01T09:00:00\n",
        encoding="utf-8",
    )
    try:
        profile = store.read_profile(folder)
    except ProfileError as error:
        assert "review" in str(error)
        return
    state = profile.review["tiny-duty-role"]
    assert state.due.tzinfo is not None and state.last_seen.tzinfo is not None
    assert review_queue(profile, tiny_bank, fixed_clock.now) == ["tiny-duty-role"]


# ---------------------------------------------------------------- the files people can read


def test_files_are_human_readable_toml(store: ProfileStore, fixed_clock) -> None:
    """profile.toml and attempt files are plain UTF-8 TOML showing names, ids and responses."""
    attempt = Attempt(
        id="20261122T041500Z-quick",
        mode="quick",
        started=fixed_clock.now,
        question_ids=["tiny-duty-role", "tiny-duty-multi"],
        answers=[
            Answer(
                question_id="tiny-duty-role",
                response="developer",
                correct=True,
                credit=1.0,
                answered_at=datetime(2026, 11, 22, 4, 16, tzinfo=UTC),
                version="0123456789ab",
            )
        ],
    )
    with store.open("Zoë") as opened:
        opened.save_attempt(attempt)
        profile_text = opened.path.read_bytes().decode("utf-8")
        attempt_text = opened.attempt_path(attempt.id).read_bytes().decode("utf-8")
    assert 'name = "Zoë"' in profile_text
    assert 'question_id = "tiny-duty-role"' in attempt_text
    assert 'response = "developer"' in attempt_text
    [created] = [line for line in profile_text.splitlines() if line.startswith("created = ")]
    assert "2026-11-22" in created and "04:15:00" in created
    [answered] = [line for line in attempt_text.splitlines() if line.startswith("answered_at = ")]
    assert "2026-11-22" in answered and "04:16:00" in answered
    assert tomllib.loads(attempt_text)["answers"][0]["response"] == "developer"


def test_check_name_normalises(store: ProfileStore) -> None:
    """check_name returns the NFC form without surrounding spaces."""
    assert check_name("  Zoe\u0308 ") == "Zoë"


# ---------------------------------------------------------------- files noted as checked


@pytest.fixture
def noting_store(tmp_path: Path, fixed_clock) -> ProfileStore:
    """A store that notes the files it validated or wrote, in a cache folder (as the app's does)."""
    return ProfileStore(tmp_path / "profiles", clock=fixed_clock, cache_dir=tmp_path / "cache")


def rich_attempt(now: datetime) -> Attempt:
    """An attempt using every field: an answer of each response type, optional fields set."""
    return Attempt(
        id="20261122T041500Z-quick",
        mode="topic",
        topic="skills",
        pack_id="class-1",
        pack_fingerprint="0123456789ab",
        seed=7,
        status="finished",
        started=now,
        finished=now + timedelta(minutes=5),
        time_limit_seconds=600,
        feedback="end",
        pass_mark=0.5,
        question_ids=["a", "b", "c", "d"],
        versions={"a": "v1", "b": "v2"},
        choice_orders={"a": [2, 0, 1]},
        answers=[
            Answer(
                question_id="a",
                response=1,
                correct=True,
                credit=1.0,
                answered_at=now,
                seconds=2.5,
                version="v1",
            ),
            Answer(
                question_id="b",
                response=[0, 2],
                correct=False,
                credit=0.5,
                answered_at=now,
                version="v2",
            ),
            Answer(question_id="c", response=True, correct=True, answered_at=now, version="v3"),
            Answer(question_id="d", response="both", answered_at=now, version="v4"),
        ],
    )


def test_a_noted_profile_opens_without_validating(
    noting_store: ProfileStore, fixed_clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files written and closed by the store reopen without pydantic, equal to what was saved."""
    from quizapp.core import store as store_module

    with noting_store.open("Ada") as opened:
        opened.profile.path.chosen = "engineer"
        opened.profile.review["q1"] = ReviewState(
            phase="relearning",
            step=0,
            stability=1.5,
            difficulty=7.0,
            misses=2,
            last_seen=fixed_clock.now,
            due=fixed_clock.now + timedelta(days=1),
        )
        # Consistent with its attempt file (a finished attempt is not current; its answers count),
        # so opening has nothing to recover.
        opened.profile.answers_total = len(rich_attempt(fixed_clock.now).answers)
        opened.save()
        opened.save_attempt(rich_attempt(fixed_clock.now))
        saved, attempt = copy.deepcopy(opened.profile), rich_attempt(fixed_clock.now)

    def must_not_validate(*args: object) -> None:
        raise AssertionError("a noted file was validated again")

    monkeypatch.setattr(store_module, "validate_record", must_not_validate)
    reopening = ProfileStore(noting_store.folder, cache_dir=noting_store.checked.file.parent)  # type: ignore[union-attr]
    with reopening.open("Ada") as again:
        assert again.profile == saved
        assert next(again.attempts())[1] == attempt


@pytest.mark.parametrize(
    ("edit", "valid"),
    [
        pytest.param(
            lambda text: text.replace('theme = "textual-dark"', 'theme = "nord"'),
            True,
            id="valid-edit",
        ),
        pytest.param(
            lambda text: text + "\nanswers_total = -1\n",
            False,
            id="key-appended-into-the-last-table",
        ),
        pytest.param(
            lambda text: text.replace("answers_total = 0", 'answers_total = "many"'),
            False,
            id="wrong-type",
        ),
        pytest.param(lambda text: text + '\nnickname = "Ada"\n', False, id="unknown-key"),
    ],
)
def test_an_edited_noted_profile_is_validated_again(
    noting_store: ProfileStore, edit: Callable[[str], str], valid: bool
) -> None:
    """A note covers exact bytes only: an edited file is validated in full, and refused if invalid."""
    with noting_store.open("Ada") as opened:
        path = opened.path
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = path.read_bytes()
    if valid:
        with noting_store.open("Ada") as again:
            assert again.profile.settings.theme == "nord"
    else:
        with pytest.raises(ProfileError):
            noting_store.open("Ada")
        assert path.read_bytes() == before


def test_checked_rebuild_equals_validation(noting_store: ProfileStore, fixed_clock) -> None:
    """`from_checked` builds exactly what pydantic validation builds from the same saved files."""
    from quizapp.core.profile import Profile
    from quizapp.core.records import validate_record

    with noting_store.open("Ada") as opened:
        opened.profile.path.steps = {"learn-sql": "done"}
        opened.profile.review["q1"] = ReviewState(
            last_seen=fixed_clock.now, due=fixed_clock.now + timedelta(days=3)
        )
        opened.save()
        opened.save_attempt(rich_attempt(fixed_clock.now))
        profile_path, attempt_path = opened.path, opened.attempt_path("20261122T041500Z-quick")
    for path, kind in ((profile_path, Profile), (attempt_path, Attempt)):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert kind.from_checked(data) == validate_record(path, kind, data)


def test_damaged_notes_mean_full_validation(noting_store: ProfileStore) -> None:
    """A notes file that is not JSON is ignored (and replaced on close), never an error."""
    with noting_store.open("Ada"):
        pass
    notes = noting_store.checked.file  # type: ignore[union-attr]
    notes.write_text("{damaged", encoding="utf-8")
    fresh = ProfileStore(noting_store.folder, cache_dir=notes.parent)
    with fresh.open("Ada") as again:
        assert again.profile.name == "Ada"
    assert notes.read_text(encoding="utf-8").startswith("{")
    assert str(fresh.profile_path("Ada")) in notes.read_text(encoding="utf-8")


@pytest.mark.parametrize(("durable", "fsyncs"), [(True, 2), (False, 0)])
def test_atomic_write_fsyncs_only_durable_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, durable: bool, fsyncs: int
) -> None:
    """Profile files are fsynced (file and folder); the `.owner` pid hint is replaced whole, unsynced."""
    from quizapp.core import durable as durable_module

    calls: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(durable_module.os, "fsync", lambda fd: calls.append(fd) or real_fsync(fd))
    target = tmp_path / "file.toml"
    durable_module.atomic_write(target, b"a = 1\n", durable=durable)
    assert target.read_bytes() == b"a = 1\n"
    assert len(calls) == fsyncs
    assert [path.name for path in tmp_path.iterdir()] == ["file.toml"]


def test_a_noted_file_this_version_cannot_rebuild_is_validated_instead(
    noting_store: ProfileStore,
) -> None:
    """A note from a quizapp whose format differed never crashes: the file gets a full check."""
    with noting_store.open("Ada") as opened:
        path = opened.path
    # A field this version does not know, noted as valid (as an older or newer quizapp might have).
    path.write_text(path.read_text(encoding="utf-8") + 'nickname = "Ada"\n', encoding="utf-8")
    assert noting_store.checked is not None
    noting_store.checked.note(path, path.read_bytes())
    with pytest.raises(ProfileError) as caught:
        noting_store.open("Ada")
    assert "nickname" in str(caught.value.problem)
