"""The write side of the store: names that share a folder, device names, moving the right file aside, new folders, read-only opening."""

from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from quizapp.core import durable
from quizapp.core import store as store_module
from quizapp.core.bank import Bank
from quizapp.core.session import QuizSession, plan_attempt
from quizapp.core.store import (
    DEVICE_NAMES,
    NAME_RULE,
    InvalidNameError,
    ProfileError,
    ProfileStore,
    ReadOnlyProfileError,
    check_name,
)

# ---------------------------------------------------------------- names that fold to one folder

SAME_FOLDER = [
    pytest.param("Straße", "strasse", id="sharp-s"),
    pytest.param("Straße", "STRASSE", id="sharp-s-upper"),
    pytest.param("Sam", "ſam", id="long-s"),
    pytest.param("ſam", "SAM", id="long-s-first"),
    pytest.param("Ada", "ada", id="case"),
    pytest.param("Zoë", "Zoe\u0308", id="nfd"),
    pytest.param("ﬁona", "FIONA", id="fi-ligature"),
    pytest.param("Σίσυφος", "ΣΊΣΥΦΟΣ", id="final-sigma"),
]
"""(first created, second typed): names that share a folder."""


@pytest.mark.parametrize(("first", "second"), SAME_FOLDER)
def test_a_name_that_folds_to_an_existing_profile_finds_its_stored_name(
    store: ProfileStore, first: str, second: str
) -> None:
    """The second spelling maps to the first's folder, and the store says under which name it is saved."""
    with store.open(first):
        pass
    assert store.person_folder(second) == store.person_folder(first)
    assert store.stored_name(second) == check_name(first)
    # a spelling other than the saved one is what the app asks "is that you?" about (NFD is not one)
    assert (check_name(second) != store.stored_name(second)) == (
        unicodedata.normalize("NFC", second) != first
    )


def test_stored_name_is_none_without_a_profile(store: ProfileStore) -> None:
    """No profile, no stored name (and nothing created)."""
    assert store.stored_name("Ada") is None
    assert not store.folder.exists()


DEVICES = [
    "CON",
    "con",
    "Prn",
    "aux",
    "NUL",
    "nul ",
    *[f"COM{digit}" for digit in "123456789"],
    *[f"lpt{digit}" for digit in "123456789"],
    "COM¹",
    "LPT³",
]
"""Windows device names in several cases; each must be refused."""


@pytest.mark.parametrize("name", DEVICES)
def test_device_names_are_refused_and_create_nothing(store: ProfileStore, name: str) -> None:
    """CON, NUL, COM1 ... in any case are refused with a message saying why; no folder appears."""
    with pytest.raises(InvalidNameError, match="device name on Windows"):
        store.open(name)
    assert not store.folder.exists()


@pytest.mark.parametrize("name", ["CONSOLE", "Nully", "COM10", "LPT0", "com 1", "aux-2"])
def test_names_that_only_start_like_a_device_are_fine(store: ProfileStore, name: str) -> None:
    """Only the device names themselves are refused."""
    with store.open(name) as opened:
        assert opened.profile.name == name


def test_the_rule_names_every_refusal() -> None:
    """The README's sentence mentions the device names and the folding rule."""
    assert "CON" in NAME_RULE and "Straße" in NAME_RULE and "40" in NAME_RULE
    assert {"con", "nul", "com1", "lpt9"} <= DEVICE_NAMES


# ---------------------------------------------------------------- move aside: the damaged file only


def _with_attempt(store: ProfileStore, bank: Bank) -> tuple[Path, Path]:
    with store.open("Ada") as opened:
        plan = plan_attempt(bank, opened.profile, "quick", seed=1, now=store.clock())
        session = QuizSession.start(bank, opened, plan)
        return opened.path, opened.attempt_path(session.attempt.id)


def test_move_aside_moves_the_broken_attempt_not_the_profile(
    store: ProfileStore, tiny_bank: Bank
) -> None:
    """Given the attempt file the error named, only that file is renamed; profile.toml stays."""
    profile_file, attempt_file = _with_attempt(store, tiny_bank)
    attempt_file.write_bytes(b"[[[")
    profile_bytes = profile_file.read_bytes()
    with store.open("Ada") as opened:
        with pytest.raises(ProfileError):
            opened.current_attempt()
    target = store.move_aside("Ada", attempt_file)
    assert target.parent == attempt_file.parent and target.read_bytes() == b"[[["
    assert not attempt_file.exists()
    assert profile_file.read_bytes() == profile_bytes
    with store.open("Ada") as again:
        assert again.current_attempt() is None


@pytest.mark.parametrize(
    "outside",
    [
        lambda folder: folder.parent / "bo" / "profile.toml",
        lambda folder: folder / "attempts" / ".." / ".." / "bo" / "profile.toml",
        lambda folder: folder / ".lock",
        lambda folder: folder.parent.parent / "elsewhere.toml",
    ],
    ids=["other-person", "dot-dot", "lock-file", "outside-the-folder"],
)
def test_move_aside_refuses_a_file_that_is_not_the_persons(
    store: ProfileStore, tiny_bank: Bank, outside: Any
) -> None:
    """A path outside the person's profile and attempt files is refused; nothing moves."""
    _with_attempt(store, tiny_bank)
    with store.open("Bo"):
        pass
    target = outside(store.person_folder("Ada"))
    before = sorted(str(path) for path in store.folder.rglob("*"))
    with pytest.raises(ValueError, match="not a file of the profile"):
        store.move_aside("Ada", target)
    assert sorted(str(path) for path in store.folder.rglob("*")) == before


# ---------------------------------------------------------------- new folders are durable


def test_new_folders_are_fsynced_in_their_parent(
    store: ProfileStore, tiny_bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Creating the profiles, person and attempts folders fsyncs each parent (the entry itself is durable)."""
    synced: list[str] = []
    real_open, real_fsync = os.open, os.fsync
    folders: dict[int, str] = {}

    class Recorder:
        def open(self, path: Any, flags: int, *args: Any) -> int:
            fd = real_open(path, flags, *args)
            folders[fd] = str(path)
            return fd

        def fsync(self, fd: int) -> None:
            if fd in folders:
                synced.append(folders[fd])
            real_fsync(fd)

        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

    monkeypatch.setattr(durable, "os", Recorder())
    _with_attempt(store, tiny_bank)
    person = store.person_folder("Ada")
    assert str(store.folder.parent) in synced  # the profiles folder's entry
    assert str(store.folder) in synced  # the person's folder's entry
    assert str(person) in synced  # the attempts folder's entry (and profile.toml's rename)


# ---------------------------------------------------------------- a full disk or read-only folder


def test_a_profile_that_cannot_be_locked_opens_read_only(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No lock file can be made (read-only folder): the profile opens read-only and every save says why."""
    with store.open("Ada") as opened:
        opened.profile.path.chosen = "engineer"
        opened.save()
    before = {path: path.read_bytes() for path in store.folder.rglob("*") if path.is_file()}
    import filelock

    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EROFS, "Read-only file system", "x/.lock")

    monkeypatch.setattr(filelock.FileLock, "acquire", refuse)
    opened = store.open("Ada")
    assert opened.read_only is not None and "read-only" in opened.read_only
    assert opened.profile.path.chosen == "engineer"
    with pytest.raises(ReadOnlyProfileError, match="not saved"):
        opened.save()
    with pytest.raises(OSError, match="not saved"):
        opened.save_attempt(object())  # type: ignore[arg-type]
    opened.close()
    after = {path: path.read_bytes() for path in store.folder.rglob("*") if path.is_file()}
    assert after == before


@pytest.mark.parametrize(
    ("code", "words"),
    [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "permission")],
)
def test_a_new_profile_that_cannot_be_created_gives_a_clear_error(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    """A full disk or read-only folder when creating: a ProfileError saying why and what to do."""

    def fail(folder: Path) -> None:
        raise OSError(code, os.strerror(code), str(folder))

    monkeypatch.setattr(store_module, "make_dirs", fail)
    with pytest.raises(ProfileError) as raised:
        store.open("Ada")
    message = str(raised.value.problem)
    assert words in message and "--profiles" in message
    assert not raised.value.corrupt


def fill_the_disk_for_profile_files(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make every write of a profile.toml fail with ENOSPC; return the real atomic_write."""
    real = store_module.atomic_write

    def full(path: Path, data: bytes, *, durable: bool = True) -> None:
        if path.name == "profile.toml":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data, durable=durable)

    monkeypatch.setattr(store_module, "atomic_write", full)
    return real


def test_a_full_disk_when_writing_the_new_profile_file(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder exists but profile.toml cannot be written: a clear ProfileError, the lock released."""
    real = fill_the_disk_for_profile_files(monkeypatch)
    with pytest.raises(ProfileError, match="disk is full"):
        store.open("Ada")
    assert not store.person_folder("Ada").exists()  # no empty folder left behind
    monkeypatch.setattr(store_module, "atomic_write", real)
    with store.open("Ada") as opened:  # not left locked
        assert opened.read_only is None


def test_a_failed_creation_never_removes_a_folder_with_other_files(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that already held something (here an attempts folder) is kept, whatever fails."""
    folder = store.person_folder("Ada")
    (folder / "attempts").mkdir(parents=True)
    (folder / "attempts" / "keep.toml").write_text("kept = true\n", encoding="utf-8")
    fill_the_disk_for_profile_files(monkeypatch)
    with pytest.raises(ProfileError, match="disk is full"):
        store.open("Ada")
    assert (folder / "attempts" / "keep.toml").read_text(encoding="utf-8") == "kept = true\n"


def test_an_attempts_folder_that_is_a_link_is_never_written_through(
    store: ProfileStore, tiny_bank: Bank, tmp_path: Path
) -> None:
    """Answers are not saved through a linked attempts folder: a clear error, nothing written
    where it points, its temp-looking files left alone; the profile file is untouched."""
    from quizapp.core.store import describe_write_error

    profile_file, attempt_file = _with_attempt(store, tiny_bank)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stray = elsewhere / ".2026-01-01.toml.abc123.tmp"
    stray.write_text("someone else's\n", encoding="utf-8")
    attempts = attempt_file.parent
    for old in attempts.iterdir():
        old.rename(elsewhere / old.name)
    attempts.rmdir()
    attempts.symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in elsewhere.iterdir())
    profile_bytes = profile_file.read_bytes()
    with store.open("Ada") as opened:
        plan = plan_attempt(tiny_bank, opened.profile, "topic:skills", seed=2, now=store.clock())
        with pytest.raises(OSError) as raised:
            QuizSession.start(tiny_bank, opened, plan)
    assert "is a link" in describe_write_error(raised.value)
    assert sorted(p.name for p in elsewhere.iterdir()) == before
    assert stray.read_text(encoding="utf-8") == "someone else's\n"
    assert profile_file.read_bytes() == profile_bytes


def test_the_readme_states_the_naming_rule() -> None:
    """The README carries the rule word for word (so the two cannot drift apart)."""
    readme = Path(__file__).resolve().parents[2] / "README.md"
    assert NAME_RULE in " ".join(readme.read_text(encoding="utf-8").split())
