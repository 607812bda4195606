"""The profile store: the only code that writes profiles, atomically, one writer per profile.

Layout, in the profiles folder: one folder per person, named by the case-folded name, holding a small
`profile.toml` (name, settings, path and review state, a summary) and `attempts/<id>.toml`, one file per
attempt. Saving an answer rewrites only the current attempt and the small profile file, so its cost
does not grow with the person's history.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.core.checked import CHECKED_FILE, CheckedFiles
from quizapp.core.formats import SCHEMA_VERSION, plain_data, utc_now
from quizapp.core.problems import Problem
from quizapp.core.reading import printable

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from quizapp.core.profile import Answer, Attempt, Profile

PROFILE_FILE = "profile.toml"
"""The small per-person file."""
ATTEMPTS_DIR = "attempts"
"""The per-person folder of attempt files."""
LOCK_FILE = ".lock"
"""Held (an OS lock) while a quizapp has the profile open for writing."""
OWNER_FILE = ".owner"
"""The pid of the quizapp holding the lock, for the "open in another quizapp" message."""
MAX_NAME_LENGTH = 40
"""The longest name allowed."""

_ALLOWED_PUNCTUATION = frozenset(" -_")


class ProfileError(Exception):
    """A profile cannot be used as it is; `problem` names the file, the line and what to do."""

    def __init__(self, problem: Problem, *, corrupt: bool = False) -> None:
        super().__init__(str(problem))
        self.problem = problem
        """What is wrong, where."""
        self.corrupt = corrupt
        """True when the file itself is unreadable or invalid (it may be moved aside)."""


class ProfileLockedError(ProfileError):
    """Another quizapp has this profile open for writing."""


class InvalidNameError(ValueError):
    """A profile name that is not allowed; the message says why and what is allowed."""


def check_name(name: str) -> str:
    """Validate a profile name and return it normalised (NFC, surrounding spaces removed).

    Args:
        name: the name as typed.

    Returns:
        The name to store.

    Raises:
        InvalidNameError: with a message saying what is wrong and what is allowed.
    """
    cleaned = unicodedata.normalize("NFC", name).strip()
    allowed = "use 1 to 40 letters, digits, spaces, '-' or '_'"
    if not cleaned:
        raise InvalidNameError(f"the name is empty: {allowed}")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InvalidNameError(f"the name is {len(cleaned)} characters long: {allowed}")
    for position, char in enumerate(cleaned):
        category = unicodedata.category(char)
        if char in _ALLOWED_PUNCTUATION or category[0] in "LN" and category != "Nl":
            continue
        if category in ("Mn", "Mc") and position > 0:
            # Vowel signs and other combining marks belong to the letter before them (e.g. राम).
            continue
        shown = repr(char) if category[0] in "CZ" else f"'{char}'"
        raise InvalidNameError(f"the name contains {shown}, which is not allowed: {allowed}")
    return cleaned


def name_key(name: str) -> str:
    """The folder name for a profile: the checked name, case-folded so names match case-insensitively."""
    return unicodedata.normalize("NFC", check_name(name).casefold())


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` so that a crash at any instant leaves the old file or the new, never a torn one.

    A temp file in the same folder is written, flushed and fsynced, then renamed over `path`, and the
    folder is fsynced so the rename itself is durable. `durable=False` skips both fsyncs, for files
    nobody loses anything by (the `.owner` pid note): still never torn, but a crash may forget it.
    """
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # Readable by the owner's other tools (a teacher's report); mkstemp's default is 0600.
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if not durable:
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _dump(record: Any) -> bytes:
    import tomli_w

    return tomli_w.dumps(plain_data(record)).encode("utf-8")


def attempt_order(path: Path) -> tuple[str, int, str]:
    """Sort key for attempt files: start time, then the counter of attempts started in the same second."""
    stamp, _, rest = path.stem.partition("-")
    counter = rest.rsplit("-", 1)[-1]
    return stamp, int(counter) if "-" in rest and counter.isdigit() else 1, path.stem


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning every failure into a ProfileError that names the file and line."""
    return _parse_toml(path, _read_bytes(path))


def _present(path: Path) -> bool:
    """Whether something (a file, or a folder or pipe wrongly named like one) is at `path`."""
    return path.exists() or path.is_symlink()


def _read_bytes(path: Path) -> bytes:
    """A profile or attempt file's bytes: regular files only, at most `SMALL_FILE_CAP` bytes."""
    from quizapp.core.reading import SMALL_FILE_CAP, UnreadableFile, read_capped

    try:
        return read_capped(path, SMALL_FILE_CAP)
    except UnreadableFile as error:
        raise ProfileError(Problem(str(path), error.message), corrupt=error.damaged) from None


def _parse_toml(path: Path, raw: bytes) -> dict[str, Any]:
    from quizapp.core.reading import UnreadableFile, check_data

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError(
            Problem(str(path), "not UTF-8 text; it may be damaged. Move it aside to start fresh."),
            corrupt=True,
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"line (\d+)", message)
        raise ProfileError(
            Problem(
                str(path),
                f"not valid TOML ({message}); it may be damaged. Fix that line or move the file "
                "aside to start fresh.",
                line=int(match.group(1)) if match else None,
            ),
            corrupt=True,
        ) from None
    except (RecursionError, MemoryError):
        raise ProfileError(
            Problem(
                str(path),
                "nested far too deeply to be a profile file; it is damaged. Move it aside to "
                "start fresh.",
            ),
            corrupt=True,
        ) from None
    try:
        check_data(data)
    except UnreadableFile as error:
        raise ProfileError(
            Problem(
                str(path),
                f"{error.message} The file does not match the profile format; fix that field or "
                "move the file aside to start fresh.",
                error.where,
            ),
            corrupt=True,
        ) from None
    return data


def _check_version(path: Path, data: dict[str, Any]) -> int:
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProfileError(
            Problem(
                str(path), f"schema_version {version!r} is not a version number.", "schema_version"
            ),
            corrupt=True,
        )
    if version > SCHEMA_VERSION:
        raise ProfileError(
            Problem(
                str(path),
                f"written by a newer quizapp (schema_version {version}; this one reads up to "
                f"{SCHEMA_VERSION}). Upgrade quizapp; the file is left untouched.",
                "schema_version",
            )
        )
    return version


def _validate(path: Path, kind: Any, data: dict[str, Any]) -> Any:
    from pydantic import ValidationError

    from quizapp.core.validation import adapter

    try:
        return adapter(kind).validate_python(data)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        count = error.error_count()
        more = f" (and {count - 1} more problem(s))" if count > 1 else ""
        raise ProfileError(
            Problem(
                str(path),
                f"{first['msg']}{more}. The file does not match the profile format; fix that "
                "field or move the file aside to start fresh.",
                field,
            ),
            corrupt=True,
        ) from None


def migrate_profile_data(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a version-1 profile's data to the current version (v1 kept `theme` at the top level)."""
    migrated = dict(data)
    theme = migrated.pop("theme", None)
    settings = migrated.get("settings", {})
    if not isinstance(settings, dict):
        return migrated  # a wrong type is left for validation to report as a damaged file
    settings = dict(settings)
    if theme is not None:
        settings.setdefault("theme", theme)
    migrated["settings"] = settings
    migrated["schema_version"] = SCHEMA_VERSION
    return migrated


def _as_datetime(value: object) -> datetime | None:
    """A TOML datetime or an ISO 8601 string as a datetime (None if it is neither)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


def _summary(path: Path, folder: Path, data: dict[str, Any]) -> ProfileSummary:
    """A listing line from a profile's raw data, checking the fields it shows and those every profile has.

    Cheaper than full validation (no pydantic on the welcome screen), but an empty or half-written
    file is not passed as healthy: the name, the times and the counters must be there and sane.
    """
    from quizapp.core.profile import ATTEMPT_ID_PATTERN, MAX_COUNT

    name = data.get("name")
    answers = data.get("answers_total", 0)
    current = data.get("current_attempt")
    created = _as_datetime(data.get("created"))
    last_activity = _as_datetime(data.get("last_activity"))
    for field_name, ok in (
        ("name", isinstance(name, str) and _valid_name(name)),
        ("created", created is not None and created.tzinfo is not None),
        ("last_activity", last_activity is not None and last_activity.tzinfo is not None),
        (
            "answers_total",
            isinstance(answers, int)
            and not isinstance(answers, bool)
            and 0 <= answers <= MAX_COUNT,
        ),
        (
            "current_attempt",
            current is None
            or isinstance(current, str)
            and re.fullmatch(ATTEMPT_ID_PATTERN, current) is not None,
        ),
    ):
        if not ok:
            shown = "is missing" if data.get(field_name) is None else "is not valid"
            raise ProfileError(
                Problem(
                    str(path),
                    f"{field_name} {shown}; the file does not match the profile format. Fix that "
                    "field or move the file aside to start fresh.",
                    field_name,
                ),
                corrupt=True,
            )
    return ProfileSummary(
        name=str(name),
        folder=folder,
        last_activity=last_activity,
        answers=int(answers),
        unfinished=bool(current),
    )


def _valid_name(name: str) -> bool:
    """Whether a name read from a file is one `check_name` would have stored as it is."""
    try:
        return check_name(name) == name
    except InvalidNameError:
        return False


def _check_profile(path: Path, profile: Profile) -> Profile:
    """Refuse a profile whose name could not have been typed (escape codes, separators)."""
    if not _valid_name(profile.name):
        raise ProfileError(
            Problem(
                str(path),
                "name is not a valid profile name (it holds characters a name may not have); fix "
                "it or move the file aside to start fresh.",
                "name",
            ),
            corrupt=True,
        )
    return profile


def _check_attempt(path: Path, attempt: Attempt) -> Attempt:
    """Refuse an attempt whose id is not its file name or whose choice orders are not permutations."""
    if attempt.id != path.stem:
        raise ProfileError(
            Problem(
                str(path),
                f"id '{attempt.id}' is not this file's name ('{path.stem}'); fix it or move the "
                "file aside.",
                "id",
            ),
            corrupt=True,
        )
    for question_id, order in attempt.choice_orders.items():
        if sorted(order) != list(range(len(order))):
            raise ProfileError(
                Problem(
                    str(path),
                    f"the choice order of {question_id} is not an order of its choices (each of "
                    f"0 to {len(order) - 1} once); fix it or move the file aside.",
                    f"choice_orders.{question_id}",
                ),
                corrupt=True,
            )
    return attempt


@dataclass(frozen=True)
class ProfileSummary:
    """One line of `quizapp profiles`: read cheaply, without opening the profile for writing."""

    name: str
    """The person's name (or the folder name, for a broken profile)."""
    folder: Path
    """The person's folder."""
    last_activity: datetime | None = None
    """When they last answered or changed something."""
    answers: int = 0
    """Answers given across every attempt."""
    unfinished: bool = False
    """Whether an attempt is open."""
    error: str | None = None
    """Why the profile cannot be read, if it cannot."""


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
        record = _validate(path, kind, data)
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
                data = _read_toml(path)
                _check_version(path, data)
                summary = _summary(path, folder, data)
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
        raw = _read_bytes(path)
        data = _parse_toml(path, raw)
        if _check_version(path, data) < 2:
            migrated: Profile = _validate(path, Profile, migrate_profile_data(data))
            return _check_profile(path, migrated)
        profile: Profile = self._load(path, Profile, raw, data)
        return _check_profile(path, profile)

    def read_attempt(self, path: Path) -> Attempt:
        """Load one attempt file without writing anything.

        Raises:
            ProfileError: the file is unreadable, invalid or newer than this program.
        """
        from quizapp.core.profile import Attempt

        raw = _read_bytes(path)
        data = _parse_toml(path, raw)
        _check_version(path, data)
        data["schema_version"] = max(2, int(data.get("schema_version", 2)))
        attempt: Attempt = self._load(path, Attempt, raw, data)
        return _check_attempt(path, attempt)

    def attempt_paths(self, folder: Path) -> list[Path]:
        """A person's attempt files, oldest first (ids start with their UTC start time)."""
        attempts = folder / ATTEMPTS_DIR
        if not attempts.is_dir():
            return []
        return sorted(attempts.glob("*.toml"), key=attempt_order)

    def all_answers(self, folder: Path) -> list[Answer]:
        """Every answer in a person's readable attempt files, oldest first (broken files are skipped)."""
        answers: list[Answer] = []
        for path in self.attempt_paths(folder):
            try:
                answers.extend(self.read_attempt(path).answers)
            except ProfileError:
                continue
        return answers

    def open(self, name: str, *, create: bool = True) -> OpenProfile:
        """Open a person's profile for writing, creating it if need be.

        Args:
            name: the person's name.
            create: create the profile when it does not exist.

        Raises:
            InvalidNameError: the name is not allowed (nothing is created).
            ProfileLockedError: another quizapp has it open.
            ProfileError: the file is broken or newer than this program (it is left untouched).
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
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(folder / LOCK_FILE, timeout=0, thread_local=False)
        try:
            lock.acquire()
        except Timeout:
            owner = (
                (folder / OWNER_FILE).read_text(encoding="utf-8").strip()
                if (folder / OWNER_FILE).is_file()
                else "?"
            )
            raise ProfileLockedError(
                Problem(
                    str(path),
                    f"profile {display} is open in another quizapp (pid {owner}). Close it there "
                    "first, or use another name.",
                )
            ) from None
        try:
            # Only a hint for the "open in another quizapp (pid N)" message: not worth two fsyncs
            # on the way to the first question.
            atomic_write(folder / OWNER_FILE, f"{os.getpid()}\n".encode(), durable=False)
            if _present(path):
                raw = _read_bytes(path)
                data = _parse_toml(path, raw)
                version = _check_version(path, data)
                if version < 2:
                    # Validate the migrated data first: a file that cannot be migrated is left alone.
                    profile = _validate(path, Profile, migrate_profile_data(data))
                    shutil.copy2(path, path.with_name(PROFILE_FILE + ".bak"))
                    atomic_write(path, self.noted(path, _dump(profile)))
                else:
                    profile = self._load(path, Profile, raw, data)
                _check_profile(path, profile)
            else:
                now = self.clock()
                profile = Profile(name=display, created=now, last_activity=now)
                atomic_write(path, self.noted(path, _dump(profile)))
        except BaseException:
            lock.release()
            raise
        return OpenProfile(self, folder, profile, lock)

    def move_aside(self, name: str) -> Path:
        """Rename a broken `profile.toml` to `profile.toml.corrupt-<UTC time>`, keeping it; return the new path.

        Only called after the person explicitly confirms; nothing is deleted.
        """
        path = self.profile_path(name)
        stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{PROFILE_FILE}.corrupt-{stamp}")
        os.replace(path, target)
        return target

    def move_attempt_aside(self, path: Path) -> Path:
        """Rename a broken attempt file aside, keeping it; return the new path."""
        stamp = self.clock().strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        os.replace(path, target)
        return target


class OpenProfile:
    """A profile opened for writing by this process (it holds the lock until `close`)."""

    def __init__(
        self, store: ProfileStore, folder: Path, profile: Profile, lock: BaseFileLock
    ) -> None:
        self.store = store
        """The store it came from."""
        self.folder = folder
        """The person's folder."""
        self.profile = profile
        """The profile as loaded and since changed."""
        self._lock = lock

    @property
    def path(self) -> Path:
        """The `profile.toml` file."""
        return self.folder / PROFILE_FILE

    def attempt_path(self, attempt_id: str) -> Path:
        """The file of attempt `attempt_id`."""
        return self.folder / ATTEMPTS_DIR / f"{attempt_id}.toml"

    def save(self) -> None:
        """Write `profile.toml` atomically."""
        atomic_write(self.path, self.store.noted(self.path, _dump(self.profile)))

    def save_attempt(self, attempt: Attempt) -> None:
        """Write one attempt's file atomically."""
        path = self.attempt_path(attempt.id)
        path.parent.mkdir(exist_ok=True)
        atomic_write(path, self.store.noted(path, _dump(attempt)))

    def current_attempt(self) -> Attempt | None:
        """The unfinished attempt, if any.

        Raises:
            ProfileError: its file is broken (it is left untouched).
        """
        from quizapp.core.profile import ATTEMPT_ID_PATTERN

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
        with contextlib.suppress(OSError):
            (self.folder / OWNER_FILE).unlink()
        self._lock.release()
        if self.store.checked is not None:
            self.store.checked.save()

    def __enter__(self) -> OpenProfile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
