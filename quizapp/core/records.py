"""Profile and attempt files: reading and checking their data, migrating older formats, the bytes written.

Everything here is about one file at a time and holds no lock: the store (`quizapp.core.store`)
decides which files to read and write and when.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.core.formats import SCHEMA_VERSION, plain_data
from quizapp.core.names import is_stored_name
from quizapp.core.problems import Problem
from quizapp.core.reading import SMALL_FILE_CAP, TomlFile, UnreadableFile, read_toml

if TYPE_CHECKING:
    from quizapp.core.profile import Attempt, Profile


class ProfileError(Exception):
    """A profile cannot be used as it is; `problem` names the file, the line and what to do."""

    def __init__(self, problem: Problem, *, corrupt: bool = False) -> None:
        super().__init__(str(problem))
        self.problem = problem
        """What is wrong, where."""
        self.corrupt = corrupt
        """True when the file itself is unreadable or invalid (it may be moved aside)."""


_ADVICE = {
    "encoding": " Move it aside to start fresh.",
    "syntax": " It may be damaged: fix that line or move the file aside to start fresh.",
    "depth": " Move it aside to start fresh.",
    "value": " The file does not match the profile format; fix that field or move the file aside "
    "to start fresh.",
}
"""What to do about a profile or attempt file the reader refused, by `UnreadableFile.reason`."""


def read_record(path: Path) -> TomlFile:
    """A profile or attempt file's bytes and checked data (regular files of at most `SMALL_FILE_CAP`).

    Raises:
        ProfileError: naming the file, the line or field, and what to do; `corrupt` unless only
            the OS refused it.
    """
    try:
        return read_toml(path, SMALL_FILE_CAP)
    except UnreadableFile as error:
        raise ProfileError(
            Problem(
                str(path), error.message + _ADVICE.get(error.reason, ""), error.where, error.line
            ),
            corrupt=error.damaged,
        ) from None


def dump_record(record: Any) -> bytes:
    """A profile or attempt as the TOML bytes written to its file."""
    import tomli_w

    return tomli_w.dumps(plain_data(record)).encode("utf-8")


def id_order(attempt_id: str) -> tuple[str, int, str]:
    """Sort key of an attempt id: start time, then the counter of attempts started in the same second."""
    stamp, _, rest = attempt_id.partition("-")
    counter = rest.rsplit("-", 1)[-1]
    return stamp, int(counter) if "-" in rest and counter.isdigit() else 1, attempt_id


def attempt_order(path: Path) -> tuple[str, int, str]:
    """Sort key for attempt files: `id_order` of the file's name."""
    return id_order(path.stem)


def check_version(path: Path, data: dict[str, Any]) -> int:
    """The file's format version (1 when absent).

    Raises:
        ProfileError: not a version number (corrupt), or newer than this program (not corrupt).
    """
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


def validate_record(path: Path, kind: Any, data: dict[str, Any]) -> Any:
    """Validate a file's data in full as `kind` (Profile or Attempt) with pydantic.

    Raises:
        ProfileError: the first problem (and how many more), naming its field.
    """
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


def as_datetime(value: object) -> datetime | None:
    """A TOML datetime or an ISO 8601 string as a datetime (None if it is neither)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    return None


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


def listing_line(path: Path, folder: Path, data: dict[str, Any]) -> ProfileSummary:
    """A listing line from a profile's raw data, checking the fields it shows and those every profile has.

    Cheaper than full validation (no pydantic on the welcome screen), but an empty or half-written
    file is not passed as healthy: the name, the times and the counters must be there and sane.

    Raises:
        ProfileError: naming the first field missing or not valid.
    """
    from quizapp.core.formats import ATTEMPT_ID_PATTERN, MAX_COUNT

    name = data.get("name")
    answers = data.get("answers_total", 0)
    current = data.get("current_attempt")
    created = as_datetime(data.get("created"))
    last_activity = as_datetime(data.get("last_activity"))
    for field_name, ok in (
        ("name", isinstance(name, str) and is_stored_name(name)),
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


def check_profile(path: Path, profile: Profile) -> Profile:
    """Refuse a profile whose name could not have been typed (escape codes, separators)."""
    if not is_stored_name(profile.name):
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


def check_attempt(path: Path, attempt: Attempt) -> Attempt:
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
