"""Constants and helpers the file formats share, importable without pydantic (start-up stays lean)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

SCHEMA_VERSION = 3
"""The profile and attempt format this program writes. Version 1 kept `theme` at the top level;
version 2 marked a step being learned `doing` (now `learning`) and allowed a stored `review`."""
ATTEMPT_ID_PATTERN = r"^[0-9]{8}T[0-9]{6}Z-[a-z]+(-[0-9]{1,6})?$"
"""An attempt id, which is also its file name: start time, mode, and a counter for the same second.

Nothing else is accepted on read, so an id from a file can never lead outside the profile's folder."""
MAX_COUNT = 10**9
"""Upper bound of every counter; a larger one is damage, not use."""

EARLIEST_YEAR = 1970
"""No quizapp file holds an earlier time."""
LATEST_YEAR = 9000
"""No quizapp file holds a later time: the readers add time limits and intervals to saved times,
and a time near the calendar's end (9999-12-31) would overflow there instead of being refused here."""

MODES = ("full", "quick", "review", "topic", "pack", "fit")
"""Every attempt mode."""

TOPIC_NAMES = ("duties", "skills", "tools")
"""The topics, as `--mode topic:NAME` takes them."""


def utc_now() -> datetime:
    """The current time in UTC, to the second (profiles store whole seconds)."""
    return datetime.now(UTC).replace(microsecond=0)


def local_time(moment: datetime) -> str:
    """A time as a person reads it: in their local zone, with the zone's name (`2026-11-23 09:30 CET`)."""
    local = moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".rstrip()


def when_words(moment: datetime, now: datetime) -> str:
    """A time as a person says it, in their local zone, by how far it is from `now`: `today,
    19:13`, `tomorrow, 19:13`, `yesterday, 08:05`, a weekday within the week either way
    (`Friday, 19:13`), else the date (`8 December, 19:13`, with the year when it is another)."""
    local, today = moment.astimezone(), now.astimezone()
    days = (local.date() - today.date()).days
    clock = f"{local:%H:%M}"
    named = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days)
    if named is None and -6 <= days <= 6:
        named = f"{local:%A}" if days > 0 else f"last {local:%A}"
    if named is None:
        named = f"{local.day} {local:%B}" + (f" {local.year}" if local.year != today.year else "")
    return f"{named}, {clock}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 answer`, `2 answers`: a count with its noun in the right number (`many` if not word + s)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def parse_mode(text: str) -> tuple[str, str | None]:
    """Parse `--mode`: `quick`, `full`, `review`, `fit` or `topic:duties|skills|tools`.

    Returns:
        (mode, topic or None).

    Raises:
        ValueError: with a message saying what is accepted.
    """
    accepted = "use quick, full, review, fit or topic:duties, topic:skills, topic:tools"
    mode, _, topic = text.strip().partition(":")
    if mode == "topic":
        if topic not in TOPIC_NAMES:
            raise ValueError(f"unknown topic {topic!r} in --mode {text!r}: {accepted}")
        return mode, topic
    if mode in ("quick", "full", "review", "fit") and not topic:
        return mode, None
    raise ValueError(f"unknown mode {text!r}: {accepted}")


def plain_data(value: Any) -> Any:
    """A profile dataclass as TOML-ready data: fields that are None left out, datetimes as ISO text.

    UTC is written `Z`, as in "2026-11-22T04:28:53Z": plain for a person to read.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: plain_data(getattr(value, item.name))
            for item in dataclasses.fields(value)
            if getattr(value, item.name) is not None
        }
    if isinstance(value, dict):
        return {key: plain_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_data(item) for item in value]
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[: -len("+00:00")] + "Z" if text.endswith("+00:00") else text
    return value
