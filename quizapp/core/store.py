"""The profile store: the only code that writes profiles, atomically, one writer per profile.

Layout, in the profiles folder: one folder per person, named by the case-folded name, holding a small
`profile.toml` (name, settings, path and review state, a summary) and `attempts/<id>.toml`, one file per
attempt. Saving an answer rewrites only the current attempt and the small profile file, so its cost
does not grow with the person's history.

The store decides which files are read and written, and holds the lock. What a name may be is in
`quizapp.core.names`, how a file is written in `quizapp.core.durable`, and how a profile or attempt
file is parsed, checked and migrated in `quizapp.core.records`; the names others use from those are
re-exported here, so `from quizapp.core.store import ...` keeps working.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.core import durable
from quizapp.core.checked import CHECKED_FILE, CheckedFiles
from quizapp.core.durable import (
    WRITE_FAILURES,
    NotDurableError,
    atomic_write,
    describe_write_error,
    is_temp_file,
    make_dirs,
)
from quizapp.core.formats import SCHEMA_VERSION, utc_now
from quizapp.core.names import (
    DEVICE_NAMES,
    MAX_NAME_LENGTH,
    NAME_RULE,
    InvalidNameError,
    check_name,
    name_key,
)
from quizapp.core.problems import Problem
from quizapp.core.reading import printable
from quizapp.core.records import (
    LEITNER_DAYS,
    ProfileError,
    ProfileSummary,
    attempt_order,
    check_attempt,
    check_profile,
    check_version,
    dump_record,
    id_order,
    listing_line,
    migrate_profile_data,
    read_record,
    validate_record,
)

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from quizapp.core.history import FileStamp, History
    from quizapp.core.profile import Answer, Attempt, Profile

__all__ = [
    "ATTEMPTS_DIR",
    "DEVICE_NAMES",
    "LEITNER_DAYS",
    "LOCK_FILE",
    "MAX_NAME_LENGTH",
    "NAME_RULE",
    "OWNER_FILE",
    "PROFILE_FILE",
    "WRITE_FAILURES",
    "InvalidNameError",
    "NotDurableError",
    "OpenProfile",
    "ProfileError",
    "ProfileLockedError",
    "ProfileStore",
    "ProfileSummary",
    "ReadOnlyProfileError",
    "atomic_write",
    "attempt_order",
    "check_name",
    "describe_write_error",
    "is_temp_file",
    "make_dirs",
    "migrate_profile_data",
    "name_key",
]

PROFILE_FILE = "profile.toml"
"""The small per-person file."""
ATTEMPTS_DIR = "attempts"
"""The per-person folder of attempt files."""
LOCK_FILE = ".lock"
"""Held (an OS lock) while a quizapp has the profile open for writing."""
OWNER_FILE = ".owner"
"""The pid of the quizapp holding the lock, for the "open in another quizapp" message."""


class ProfileLockedError(ProfileError):
    """Another quizapp has this profile open for writing."""


class FoldedNameError(Exception):
    """The name typed folds to a profile saved under another spelling (Sam for sam, Straße for
    STRASSE): the same folder, perhaps another person. Raised under the profile's lock."""

    def __init__(self, stored: str) -> None:
        super().__init__(f"a profile named {stored} already exists in this folder")
        self.stored = stored
        """The name the profile is saved under."""


class ReadOnlyProfileError(OSError):
    """A save was asked of a profile opened read-only; the message says why it is read-only."""


def _remove_new_folder(folder: Path) -> None:
    """Take away a profile folder this quizapp just made for a profile it could not create.

    Only its lock and owner notes are removed, and the folder only if that leaves it empty:
    anything else in it stays.
    """
    for note in (OWNER_FILE, LOCK_FILE):
        with contextlib.suppress(OSError):
            (folder / note).unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def _owner_pid(path: Path) -> str:
    """The pid in a `.owner` note, or "?" when it is missing, damaged or not a pid.

    Only a hint for a message: read bounded (a pipe or huge file there never blocks or fills memory)
    and never trusted beyond digits (a damaged note crashed the open with UnicodeDecodeError).
    """
    from quizapp.core.reading import UnreadableFile, read_capped

    try:
        text = read_capped(path, 64).decode("ascii").strip()
    except (UnreadableFile, UnicodeDecodeError):
        return "?"
    return text if text.isdigit() else "?"


def _present(path: Path) -> bool:
    """Whether something (a file, or a folder or pipe wrongly named like one) is at `path`."""
    return path.exists() or path.is_symlink()


def save_summary(folder: Path, history: History, *, sync_folder: bool = True) -> None:
    """Write a person's summary, durably; one that cannot be written is rebuilt at the next open.

    `sync_folder=False` when `profile.toml` is written next, whose fsync of the same folder makes
    this rename durable too (until then a crash leaves the old summary, noticed as stale).
    """
    from quizapp.core.history import SUMMARY_FILE

    with contextlib.suppress(OSError):
        durable.atomic_write(folder / SUMMARY_FILE, history.to_json(), sync_folder=sync_folder)


class ProfileStore:
    """Every profile in one folder: listing, opening for writing, and reading for reports."""

    def __init__(
        self,
        folder: Path,
        clock: Callable[[], datetime] | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        """Args:
        folder: the profiles folder (created on the first write, never before).
        clock: the time source (UTC); tests inject a fixed one.
        cache_dir: where to keep notes of files already validated (None: validate every read).
        """
        self.folder = folder
        """The profiles folder."""
        self.clock: Callable[[], datetime] = clock or utc_now
        """The time source."""
        self.checked = CheckedFiles(cache_dir / CHECKED_FILE) if cache_dir is not None else None
        """Which files are known valid as they are, so they are read back without pydantic."""

    def _load(self, path: Path, kind: Any, raw: bytes, data: dict[str, Any]) -> Any:
        """A profile or attempt record from a file's bytes and parsed data, validated unless known valid."""
        if self.checked is not None and self.checked.holds(path, raw):
            try:
                return kind.from_checked(data)
            except (TypeError, ValueError, KeyError, AttributeError):
                pass  # noted by a quizapp whose format differed: validate it in full below
        record = validate_record(path, kind, data)
        self.noted(path, raw)
        return record

    def noted(self, path: Path, raw: bytes) -> bytes:
        """Note that `raw` (just validated or written) is valid content for `path`; return it."""
        if self.checked is not None:
            self.checked.note(path, raw)
        return raw

    def person_folder(self, name: str) -> Path:
        """The folder for `name` (which must be a valid name)."""
        return self.folder / name_key(name)

    def profile_path(self, name: str) -> Path:
        """The `profile.toml` for `name`."""
        return self.person_folder(name) / PROFILE_FILE

    def exists(self, name: str) -> bool:
        """Whether a profile with this name (in any case) exists."""
        return _present(self.profile_path(name))

    def list_profiles(self, *, full: bool = False) -> list[ProfileSummary]:
        """Every profile in the folder, sorted by name; broken ones carry the reason.

        Args:
            full: validate each profile in full (`quizapp profiles`), not only the fields a listing
                shows and every profile must have (the welcome screen, which must paint fast).

        Raises:
            ProfileError: the folder itself cannot be listed.
        """
        summaries: list[ProfileSummary] = []
        if not self.folder.is_dir():
            return summaries
        try:
            folders = sorted(self.folder.iterdir())
        except OSError as error:
            raise ProfileError(
                Problem(str(self.folder), f"cannot be listed ({error.strerror or error}).")
            ) from None
        for folder in folders:
            path = folder / PROFILE_FILE
            if not _present(path):
                continue
            try:
                data = read_record(path).data
                check_version(path, data)
                summary = listing_line(path, folder, data)
                if full:
                    self.read_profile(folder)
                summaries.append(summary)
            except ProfileError as error:
                summaries.append(
                    ProfileSummary(printable(folder.name), folder, error=str(error.problem))
                )
        summaries.sort(key=lambda summary: summary.name.casefold())
        return summaries

    def read_profile(self, folder: Path) -> Profile:
        """Load a profile without locking or writing anything (reports, listings).

        Raises:
            ProfileError: the file is unreadable, invalid or newer than this program.
        """
        from quizapp.core.profile import Profile

        path = folder / PROFILE_FILE
        raw, _, data = read_record(path)
        if check_version(path, data) < SCHEMA_VERSION:
            migrated: Profile = validate_record(path, Profile, migrate_profile_data(data))
            return check_profile(path, migrated)
        profile: Profile = self._load(path, Profile, raw, data)
        return check_profile(path, profile)

    def read_attempt(self, path: Path) -> Attempt:
        """Load one attempt file without writing anything.

        Raises:
            ProfileError: the file is unreadable, invalid or newer than this program.
        """
        from quizapp.core.profile import Attempt

        raw, _, data = read_record(path)
        check_version(path, data)
        data["schema_version"] = max(2, int(data.get("schema_version", 2)))
        attempt: Attempt = self._load(path, Attempt, raw, data)
        return check_attempt(path, attempt)

    def attempt_paths(self, folder: Path) -> list[Path]:
        """A person's attempt files, oldest first (ids start with their UTC start time)."""
        attempts = folder / ATTEMPTS_DIR
        if not attempts.is_dir():
            return []
        return sorted(attempts.glob("*.toml"), key=attempt_order)

    def read_history(self, folder: Path) -> History:
        """A person's history in brief, without writing anything (`quizapp path`, reports).

        The summary beside the profile when it matches the attempt files; else built from them
        (each read), as it would be written at the next open.
        """
        return self._history(folder, write=False)

    def _history(self, folder: Path, *, write: bool) -> History:
        from quizapp.core.history import SUMMARY_FILE, read_summary

        history = read_summary(folder / SUMMARY_FILE)
        if history is not None and history.matches(folder / ATTEMPTS_DIR):
            return history
        history = self.build_history(folder)
        if write:
            save_summary(folder, history)
        return history

    def build_history(self, folder: Path) -> History:
        """The summary built from the attempt files themselves, each one read (broken ones counted, not read)."""
        from quizapp.core.history import FileStamp, FolderStamp, build

        # The folder's stamp first: a file changed while reading makes the summary stale, never fresh.
        folder_stamp = FolderStamp.of(folder / ATTEMPTS_DIR)
        entries = []
        for path in self.attempt_paths(folder):
            stamp = FileStamp.of(path)
            try:
                answers: list[Answer] | None = self.read_attempt(path).answers
            except ProfileError:
                answers = None
            entries.append((path.stem, stamp, answers))
        return build(entries, folder_stamp)

    def decisive_answers(
        self,
        folder: Path,
        history: History | None = None,
        read: Callable[[Path], Attempt] | None = None,
    ) -> list[Answer]:
        """The answers that decide the verdict, the marks per area and readiness, oldest first.

        `recommend` gives the same from these as from every answer (see `quizapp.core.history`),
        and reading them costs the same with one attempt or thousands: the summary, and the files
        of the newest attempts only (read with `read`, `read_attempt` by default).
        """
        history = history if history is not None else self.read_history(folder)
        read = read or self.read_attempt
        answers = history.older_decisive()
        for attempt_id in reversed(history.newest_ids()):
            try:
                answers.extend(read(folder / ATTEMPTS_DIR / f"{attempt_id}.toml").answers)
            except ProfileError:
                continue
        return answers

    def all_answers(self, folder: Path) -> list[Answer]:
        """Every answer in a person's readable attempt files, oldest first (broken files are skipped)."""
        answers: list[Answer] = []
        for path in self.attempt_paths(folder):
            try:
                answers.extend(self.read_attempt(path).answers)
            except ProfileError:
                continue
        return answers

    def stored_name(self, name: str) -> str | None:
        """The name saved in the profile that `name` maps to, if one exists and can be read.

        Names that fold to the same folder are the same profile: a caller that gets back a name
        spelled differently from the one typed (Straße for strasse) asks the person whether that
        profile is theirs before opening it.
        """
        path = self.profile_path(name)
        if not path.is_file():
            return None
        try:
            stored = read_record(path).data.get("name")
        except ProfileError:
            return None
        return stored if isinstance(stored, str) else None

    def open(self, name: str, *, create: bool = True, exact: bool = False) -> OpenProfile:
        """Open a person's profile for writing, creating it if need be.

        When the profile cannot be written (a read-only folder or disk, a lock file that cannot be
        made) an existing profile is opened read-only instead (`OpenProfile.read_only` says why),
        so its home and learning path can still be read. Opening for writing also tidies up after
        crashes, under the lock: see `OpenProfile.recover`.

        Args:
            name: the person's name.
            create: create the profile when it does not exist.
            exact: the name is as the person typed it: a profile saved under a name that folds
                to the same folder but is spelled otherwise (Sam for sam) is not opened; that is
                checked under the profile's lock, so two people typing such names at once cannot
                both pass the check (`FoldedNameError` says whose it is; ask, then open the stored
                name).

        Raises:
            FoldedNameError: with `exact`, the profile is saved under another spelling.
            InvalidNameError: the name is not allowed (nothing is created).
            ProfileLockedError: another quizapp has it open.
            ProfileError: the file is broken or newer than this program (it is left untouched), or
                the profile does not exist and cannot be created (a full disk, a read-only folder).
        """
        from filelock import FileLock, Timeout

        from quizapp.core.profile import Profile

        display = check_name(name)
        folder = self.person_folder(display)
        path = folder / PROFILE_FILE
        if not _present(path) and not create:
            raise ProfileError(
                Problem(str(path), f"no profile named '{display}' in {self.folder}.")
            )
        new_folder = not _present(folder)
        try:
            make_dirs(folder)
        except OSError as error:
            raise ProfileError(
                Problem(
                    str(folder),
                    f"cannot create the profile folder: {describe_write_error(error)}. Free some "
                    "space or choose a profiles folder you can write to (--profiles).",
                )
            ) from None
        lock = FileLock(folder / LOCK_FILE, timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            owner = _owner_pid(folder / OWNER_FILE)
            raise ProfileLockedError(
                Problem(
                    str(path),
                    f"profile {display} is open in another quizapp (pid {owner}). Close it there "
                    "first, or use another name.",
                )
            ) from None
        except OSError as error:
            if not path.is_file():
                if new_folder:
                    _remove_new_folder(folder)
                raise ProfileError(
                    Problem(
                        str(folder),
                        f"cannot create the profile: {describe_write_error(error)}. Free some "
                        "space or choose a profiles folder you can write to (--profiles).",
                    )
                ) from None
            reason = (
                f"the profile cannot be locked for writing ({describe_write_error(error)}), "
                "so it is open read-only: you can read your home and learning path, but answers "
                "cannot be saved until the folder is writable again"
            )
            profile = self.read_profile(folder)
            if exact and profile.name != display:
                raise FoldedNameError(profile.name) from None
            return OpenProfile(self, folder, profile, None, read_only=reason)
        try:
            read_only: str | None = None
            if _present(path):
                raw, _, data = read_record(path)
                version = check_version(path, data)
                if version < SCHEMA_VERSION:
                    # Validate the migrated data first: a file that cannot be migrated is left alone.
                    profile = validate_record(path, Profile, migrate_profile_data(data))
                    if exact and profile.name != display:
                        raise FoldedNameError(profile.name)  # before the migration is written
                    try:
                        # Written by rename, so a `.bak` that is a link is replaced, never followed.
                        atomic_write(path.with_name(PROFILE_FILE + ".bak"), raw)
                        atomic_write(path, self.noted(path, dump_record(profile)))
                    except OSError as error:
                        read_only = (
                            f"this profile needs updating to the new format, which cannot be saved "
                            f"({describe_write_error(error)}), so it is open read-only"
                        )
                else:
                    profile = self._load(path, Profile, raw, data)
                check_profile(path, profile)
                if exact and profile.name != display:
                    raise FoldedNameError(profile.name)  # before any write: nothing changes
            else:
                now = self.clock()
                profile = Profile(name=display, created=now, last_activity=now)
                try:
                    atomic_write(path, self.noted(path, dump_record(profile)))
                except OSError as error:
                    raise ProfileError(
                        Problem(
                            str(path),
                            f"cannot create the profile: {describe_write_error(error)}. Free some "
                            "space or choose a profiles folder you can write to (--profiles).",
                        )
                    ) from None
            # Only a hint for the "open in another quizapp (pid N)" message: not worth two fsyncs
            # on the way to the first question, nor a refusal to open on a full disk.
            with contextlib.suppress(OSError):
                atomic_write(folder / OWNER_FILE, f"{os.getpid()}\n".encode(), durable=False)
        except BaseException:
            lock.release()
            if new_folder and not _present(path):
                _remove_new_folder(folder)  # a profile that could not be created leaves no trace
            raise
        opened = OpenProfile(self, folder, profile, lock, read_only=read_only)
        if read_only is None:
            opened.recover()
        return opened

    def move_aside(self, name: str, path: Path | None = None) -> Path:
        """Rename a broken file of `name`'s profile to `<file>.corrupt-<UTC time>`, keeping it; return the new path.

        `path` is the damaged file (the one the error named): `profile.toml` (the default) or one of
        the person's attempt files. Anything else is refused, so a healthy `profile.toml` is never
        moved because an attempt file was broken. Only called after the person explicitly
        confirms; nothing is deleted.

        Raises:
            ValueError: `path` is not this person's profile file or one of their attempt files.
        """
        folder = self.person_folder(name)
        target_file = path if path is not None else folder / PROFILE_FILE
        # The folder is resolved, not the file: a profile.toml that is a link is moved itself, never
        # the file it points to (which may be anywhere outside the profiles folder).
        resolved = target_file.parent.resolve() / target_file.name
        allowed = resolved == folder.resolve() / PROFILE_FILE or (
            resolved.parent == (folder / ATTEMPTS_DIR).resolve() and resolved.suffix == ".toml"
        )
        if not allowed:
            raise ValueError(f"{target_file} is not a file of the profile {name!r}")
        stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
        target = resolved.with_name(f"{resolved.name}.corrupt-{stamp}")
        os.replace(resolved, target)
        return target

    def move_attempt_aside(self, path: Path) -> Path:
        """Rename a broken attempt file aside, keeping it; return the new path."""
        stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        os.replace(path, target)
        return target


_PLAIN_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")
"""An attempt id that is safely a file name (no separators, no leading dot)."""


class OpenProfile:
    """A profile opened for writing by this process (it holds the lock until `close`)."""

    def __init__(
        self,
        store: ProfileStore,
        folder: Path,
        profile: Profile,
        lock: BaseFileLock | None,
        *,
        read_only: str | None = None,
    ) -> None:
        self.store = store
        """The store it came from."""
        self.folder = folder
        """The person's folder."""
        self.profile = profile
        """The profile as loaded and since changed."""
        self.read_only = read_only
        """Why the profile is open read-only (None: open for writing). Every save then fails."""
        self._lock = lock
        self._history: History | None = None
        self._read: dict[Path, tuple[FileStamp | None, Attempt]] = {}

    def _check_writable(self) -> None:
        if self.read_only is not None:
            raise ReadOnlyProfileError(errno.EROFS, f"not saved: {self.read_only}")

    def recover(self) -> None:
        """Tidy up after a crash or a failed save, under the lock: the attempt files are the truth.

        An answer is written to its attempt file first and to `profile.toml` second, so a crash
        or a failed write in between leaves the profile one step behind its attempt files, never
        ahead. Here the profile catches up: temp files of interrupted saves are removed;
        `answers_total` is raised to the answers the attempt files hold (so the counter cannot
        drift after crashes); and a current attempt that its file says has ended stops being
        current, so its mode can start again. Review boxes for an answer caught up this way are not
        rebuilt (a miss comes back in a later quiz instead of a review). A broken file is left alone.
        The summary of past attempts is read, and rebuilt from the attempt files if it no longer
        matches them (see `history`).
        """
        for folder in (self.folder, self.folder / ATTEMPTS_DIR):
            if not folder.is_dir() or folder.is_symlink():
                continue  # a linked attempts folder is outside the profile: nothing there is ours
            for leftover in folder.iterdir():
                if is_temp_file(leftover) and leftover.is_file():
                    with contextlib.suppress(OSError):
                        leftover.unlink()
        profile = self.profile
        changed = False
        counted = self.history().answer_count
        if counted > profile.answers_total:
            profile.answers_total = counted
            changed = True
        current = profile.current_attempt
        if current and _PLAIN_ID.fullmatch(current):  # else an id the readers refuse: not followed
            path = self.attempt_path(current)
            attempt = None
            if path.is_file():
                with contextlib.suppress(ProfileError):
                    attempt = self.store.read_attempt(path)
            if attempt is not None and not attempt.is_open:
                profile.current_attempt = None
                changed = True
        if changed:
            with contextlib.suppress(OSError):
                self.save()

    def history(self) -> History:
        """The person's past attempts in brief, kept in step with every attempt saved.

        Read from `summary.json` at the first use (when the profile is opened); built from the
        attempt files, and written, when the summary is missing, damaged, of another format or no
        longer matches the files.
        """
        if self._history is None:
            self._history = self.store._history(self.folder, write=self.read_only is None)
        return self._history

    def answers(self) -> list[Answer]:
        """The answers that decide the verdict, marks and readiness (`ProfileStore.decisive_answers`)."""
        return self.store.decisive_answers(self.folder, self.history(), self._past_attempt)

    def _past_attempt(self, path: Path) -> Attempt:
        """A past attempt for reading only (home, the verdict), read once while its file is unchanged.

        Raises:
            ProfileError: its file is broken.
        """
        from quizapp.core.history import FileStamp

        stamp = FileStamp.of(path)
        kept = self._read.get(path)
        if kept is not None and stamp is not None and kept[0] == stamp:
            return kept[1]
        attempt = self.store.read_attempt(path)
        self._read[path] = (stamp, attempt)
        return attempt

    def past_attempts(
        self, count: int, before: str | None = None
    ) -> list[tuple[Path, Attempt | None, str | None]]:
        """Up to `count` attempts, newest first, as (file, attempt or None, error or None).

        Without `before`, the newest, named by the summary (nothing else is listed or read); with
        it, those older than that attempt id, found by listing the attempts folder (home's "older
        attempts", on demand).
        """
        folder = self.folder / ATTEMPTS_DIR
        if before is None and count <= len(self.history().recent):
            paths = [
                folder / f"{attempt_id}.toml" for attempt_id in self.history().newest_ids(count)
            ]
        elif before is None:
            paths = list(reversed(self.store.attempt_paths(self.folder)))[:count]
        else:
            limit = id_order(before)
            older = [
                path
                for path in self.store.attempt_paths(self.folder)
                if id_order(path.stem) < limit
            ]
            paths = list(reversed(older))[:count]
        found: list[tuple[Path, Attempt | None, str | None]] = []
        for path in paths:
            try:
                found.append((path, self._past_attempt(path), None))
            except ProfileError as error:
                found.append((path, None, error.problem.message))
        return found

    def _note_saved(self, attempt: Attempt, path: Path) -> None:
        """Bring the summary in step with an attempt file just written, and write it durably.

        Written after the attempt file and before `profile.toml`: a crash in between leaves a
        summary that no longer matches the files, which the next open notices and rebuilds.
        """
        if self._history is None:
            self.history()  # read now: it no longer matches, so it is built with this file in it
            return
        from quizapp.core.history import FileStamp

        folder = path.parent
        try:
            folder_mtime: int | None = folder.stat().st_mtime_ns
        except OSError:
            folder_mtime = None
        if not self._history.fold(
            attempt.id, len(attempt.answers), FileStamp.of(path), folder_mtime, self._answers_of
        ):
            self._history = self.store.build_history(self.folder)
        # An attempt is saved before `profile.toml` (every save of the session does both).
        save_summary(self.folder, self._history, sync_folder=False)

    def _answers_of(self, attempt_id: str) -> list[Answer] | None:
        try:
            return self.store.read_attempt(self.attempt_path(attempt_id)).answers
        except ProfileError:
            return None

    @property
    def path(self) -> Path:
        """The `profile.toml` file."""
        return self.folder / PROFILE_FILE

    def attempt_path(self, attempt_id: str) -> Path:
        """The file of attempt `attempt_id`."""
        return self.folder / ATTEMPTS_DIR / f"{attempt_id}.toml"

    def save(self) -> None:
        """Write `profile.toml` atomically.

        Raises:
            OSError: it could not be written (the old file is then left as it was, unless the
                failure came after the rename, at the folder's fsync); ReadOnlyProfileError when
                the profile is open read-only.
        """
        self._check_writable()
        atomic_write(self.path, self.store.noted(self.path, dump_record(self.profile)))

    def save_attempt(self, attempt: Attempt) -> None:
        """Write one attempt's file atomically (raises OSError like `save`)."""
        self._check_writable()
        path = self.attempt_path(attempt.id)
        if path.parent.is_symlink():
            # Written through, the answers would land wherever the link points.
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path.parent))
        make_dirs(path.parent)
        self._read.pop(path, None)
        try:
            atomic_write(path, self.store.noted(path, dump_record(attempt)))
        except NotDurableError:
            self._note_saved(attempt, path)  # the file was replaced, only not durably yet
            raise
        self._note_saved(attempt, path)

    def current_attempt(self) -> Attempt | None:
        """The unfinished attempt, if any.

        Raises:
            ProfileError: its file is broken (it is left untouched).
        """
        from quizapp.core.formats import ATTEMPT_ID_PATTERN

        attempt_id = self.profile.current_attempt
        if not attempt_id:
            return None
        if re.fullmatch(ATTEMPT_ID_PATTERN, attempt_id) is None:
            # Never a path from a file that could lead outside the person's folder.
            raise ProfileError(
                Problem(
                    str(self.path),
                    "current_attempt is not an attempt id; fix it or move the file aside.",
                    "current_attempt",
                ),
                corrupt=True,
            )
        path = self.attempt_path(attempt_id)
        if not _present(path):
            return None
        return self.store.read_attempt(
            path
        )  # a pipe or folder by that name is refused, not waited on

    def attempts(self) -> Iterator[tuple[Path, Attempt | None, str | None]]:
        """Every attempt, oldest first, as (file, attempt or None, error or None)."""
        for path in self.store.attempt_paths(self.folder):
            try:
                yield path, self.store.read_attempt(path), None
            except ProfileError as error:
                yield path, None, str(error.problem)

    def close(self) -> None:
        """Release the lock (the files are already saved) and keep the notes of files known valid."""
        if self._lock is None:
            return
        with contextlib.suppress(OSError):
            (self.folder / OWNER_FILE).unlink()
        self._lock.release()
        self._lock = None
        if self.store.checked is not None:
            self.store.checked.save()

    def __enter__(self) -> OpenProfile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
