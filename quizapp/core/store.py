"""The profile store: the only code that writes profiles, atomically, one writer per profile.

Layout, in the profiles folder: one folder per person, named by the case-folded name, holding a small
`profile.toml` (name, settings, path and review state, a summary) and `attempts/<id>.toml`, one file per
attempt. Saving an answer rewrites only the current attempt and the small profile file, so its cost
does not grow with the person's history.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
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
DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{port}{digit}" for port in ("com", "lpt") for digit in "123456789¹²³"]
)
"""Names Windows reserves for devices (in any case, with any extension): never a profile folder."""
NAME_RULE = (
    "A profile name is 1 to 40 letters, digits, spaces, '-' or '_'; names that differ only in case "
    "or in how they are written (Sam, SAM and ſam; Straße and STRASSE) are the same profile, so a "
    "second person with such a name is asked whether that profile is theirs and must otherwise pick "
    "another; Windows device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9) are refused."
)
"""The naming rule in one sentence (the README states it)."""


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
    if cleaned.casefold().split(".")[0].rstrip(" ") in DEVICE_NAMES:
        raise InvalidNameError(
            f"'{cleaned}' is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9) and "
            "cannot name a profile folder: choose another name"
        )
    return cleaned


def name_key(name: str) -> str:
    """The folder name for a profile: the checked name, case-folded so names match case-insensitively."""
    return unicodedata.normalize("NFC", check_name(name).casefold())


WRITE_FAILURES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EROFS: "the profiles folder is on a read-only file system",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "the disk reported an input/output error",
    errno.ELOOP: "a folder on the way is a link, which quizapp does not write through (make it a "
    "real folder)",
}
"""Why a write failed, in words, for the errors a full, read-only or failing disk gives."""


def describe_write_error(error: OSError) -> str:
    """Why a save failed, in plain words, with the file when the error names one."""
    reason = WRITE_FAILURES.get(error.errno or 0) or error.strerror or str(error)
    where = f" ({error.filename})" if error.filename else ""
    return f"{reason}{where}"


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


class NotDurableError(OSError):
    """A write reached its file (the rename happened) but the folder's fsync failed: it may not survive a crash."""


class ReadOnlyProfileError(OSError):
    """A save was asked of a profile opened read-only; the message says why it is read-only."""


def _fsync_dir(folder: Path) -> None:
    """Make renames and new entries in `folder` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def make_dirs(folder: Path) -> None:
    """Create `folder` and any missing parents, fsyncing each new folder's parent so it survives a crash."""
    missing: list[Path] = []
    probe = folder
    while not probe.is_dir():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    for new in reversed(missing):
        try:
            new.mkdir()
        except FileExistsError:
            if not new.is_dir():
                raise
            continue
        _fsync_dir(new.parent)


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path` so that a crash at any instant leaves the old file or the new, never a torn one.

    A temp file in the same folder is written, fsynced, then renamed over `path`, and the folder is
    fsynced so the rename itself is durable. A failure before the rename removes the temp file and
    leaves `path` as it was. `durable=False` skips both fsyncs, for files nobody loses anything by (the
    `.owner` pid note): still never torn, but a crash may forget it.
    """
    folder = path.parent
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    open_fd: int | None = fd
    try:
        # Readable by the owner's other tools (a teacher's report); mkstemp's default is 0600.
        os.fchmod(fd, 0o644)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
        open_fd = None
        os.close(fd)
        os.replace(temp_name, path)
    except BaseException:
        if open_fd is not None:
            with contextlib.suppress(OSError):
                os.close(open_fd)
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if durable:
        try:
            _fsync_dir(folder)
        except OSError as error:
            raise NotDurableError(error.errno, error.strerror, str(folder)) from error


def is_temp_file(path: Path) -> bool:
    """Whether `path` is a temp file an interrupted `atomic_write` left behind."""
    return path.name.startswith(".") and path.name.endswith(".tmp") and path.name.count(".") >= 3


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
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
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
    """Bring an older profile's data to the current version, one format step at a time.

    Version 1 kept `theme` at the top level. Version 2 marked a step being learned `doing` (now
    `learning`) and could hold `review`, which is now computed from the answers and never stored.
    Data of a wrong type is left as it is, for validation to report as a damaged file.
    """
    migrated = dict(data)
    version = migrated.get("schema_version", 1)
    if version < 2:
        theme = migrated.pop("theme", None)
        settings = migrated.get("settings", {})
        if not isinstance(settings, dict):
            return migrated
        settings = dict(settings)
        if theme is not None:
            settings.setdefault("theme", theme)
        migrated["settings"] = settings
    if version < 3:
        path = migrated.get("path", {})
        steps = path.get("steps", {}) if isinstance(path, dict) else None
        if not isinstance(steps, dict):
            return migrated
        _leitner_to_fsrs(migrated)
        renamed = {"doing": "learning"}
        migrated["path"] = {
            **path,
            "steps": {
                step_id: renamed.get(status, status) if isinstance(status, str) else status
                for step_id, status in steps.items()
                if status != "review"
            },
        }
    migrated["schema_version"] = SCHEMA_VERSION
    return migrated


LEITNER_DAYS = (0, 1, 3, 7)
"""Format 2's Leitner boxes: days until a question in box N came back."""


def _leitner_to_fsrs(data: dict[str, Any]) -> None:
    """Format 2 kept missed questions in Leitner boxes; format 3 keeps FSRS memory states.

    Box 0 (just missed) becomes a card in its first learning step; box N becomes a reviewed card
    whose stability is the box's interval, so it comes back when the box would have, and FSRS
    takes over from its next answer. Anything else is left for validation to report.
    """
    review = data.get("review")
    if not isinstance(review, dict):
        return
    converted: dict[str, Any] = {}
    for question_id, state in review.items():
        if not isinstance(state, dict) or "box" not in state:
            converted[question_id] = state
            continue
        state = dict(state)
        box = state.pop("box")
        if isinstance(box, int) and not isinstance(box, bool) and 1 <= box < len(LEITNER_DAYS):
            state.update(phase="review", step=None, stability=float(LEITNER_DAYS[box]))
            state["difficulty"] = 5.0
        else:
            state.update(phase="learning", step=0)
        converted[question_id] = state
    data["review"] = converted


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
        if _check_version(path, data) < SCHEMA_VERSION:
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
            stored = _read_toml(path).get("name")
        except ProfileError:
            return None
        return stored if isinstance(stored, str) else None

    def open(self, name: str, *, create: bool = True) -> OpenProfile:
        """Open a person's profile for writing, creating it if need be.

        When the profile cannot be written (a read-only folder or disk, a lock file that cannot be
        made) an existing profile is opened read-only instead (`OpenProfile.read_only` says why),
        so its home and learning path can still be read. Opening for writing also tidies up after
        crashes, under the lock: see `OpenProfile.recover`.

        Args:
            name: the person's name.
            create: create the profile when it does not exist.

        Raises:
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
            return OpenProfile(self, folder, self.read_profile(folder), None, read_only=reason)
        try:
            # Only a hint for the "open in another quizapp (pid N)" message: not worth two fsyncs
            # on the way to the first question, nor a refusal to open on a full disk.
            with contextlib.suppress(OSError):
                atomic_write(folder / OWNER_FILE, f"{os.getpid()}\n".encode(), durable=False)
            read_only: str | None = None
            if _present(path):
                raw = _read_bytes(path)
                data = _parse_toml(path, raw)
                version = _check_version(path, data)
                if version < SCHEMA_VERSION:
                    # Validate the migrated data first: a file that cannot be migrated is left alone.
                    profile = _validate(path, Profile, migrate_profile_data(data))
                    try:
                        # Written by rename, so a `.bak` that is a link is replaced, never followed.
                        atomic_write(path.with_name(PROFILE_FILE + ".bak"), raw)
                        atomic_write(path, self.noted(path, _dump(profile)))
                    except OSError as error:
                        read_only = (
                            f"this profile needs updating to the new format, which cannot be saved "
                            f"({describe_write_error(error)}), so it is open read-only"
                        )
                else:
                    profile = self._load(path, Profile, raw, data)
                _check_profile(path, profile)
            else:
                now = self.clock()
                profile = Profile(name=display, created=now, last_activity=now)
                try:
                    atomic_write(path, self.noted(path, _dump(profile)))
                except OSError as error:
                    raise ProfileError(
                        Problem(
                            str(path),
                            f"cannot create the profile: {describe_write_error(error)}. Free some "
                            "space or choose a profiles folder you can write to (--profiles).",
                        )
                    ) from None
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


_MAX_COUNTED_BYTES = 4_000_000
"""An attempt file larger than this is not read to count its answers (a full quiz is ~10 kB)."""
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
        counted = self._answers_on_disk()
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

    def _answers_on_disk(self) -> int:
        """How many answers the attempt files hold, counted from their bytes (about 1 ms per 1,000).

        Counts the `[[answers]]` tables as this program writes them, without parsing, so opening
        stays fast as history grows. Only used to raise `answers_total` (never to lower it: answers
        to edited questions are dropped from attempts but were given), so a file that is not a
        regular file or is implausibly large is skipped rather than read.
        """
        total = 0
        for path in self.store.attempt_paths(self.folder):
            try:
                info = path.stat()
                if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_COUNTED_BYTES:
                    continue
                total += path.read_bytes().count(b"\n[[answers]]")
            except OSError:
                continue
        return total

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
        atomic_write(self.path, self.store.noted(self.path, _dump(self.profile)))

    def save_attempt(self, attempt: Attempt) -> None:
        """Write one attempt's file atomically (raises OSError like `save`)."""
        self._check_writable()
        path = self.attempt_path(attempt.id)
        if path.parent.is_symlink():
            # Written through, the answers would land wherever the link points.
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path.parent))
        make_dirs(path.parent)
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
