"""Who is there: the class server's seats (who joined from which browser, connected or not) and
the students waiting in a class quiz's lobby, as small files the teacher's live view reads.

Two files, each with one writer:

- `serve-seats.toml` in the class folder, written by `quizapp serve` when a seat is bound, a page
  connects or closes, and every few seconds (so a view can tell a server that stopped from one
  that runs: a file not renewed for `STALE_AFTER` is ignored);
- `lobby.toml` in a student's profile folder, written by that student's quizapp (which holds the
  profile's lock) while it waits for the teacher to start, renewed every few seconds.

A damaged or stale file is read as "nothing known", never as an error: presence only adds words to
the roster ("waiting", "left"), it never decides a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.core.formats import EARLIEST_YEAR, LATEST_YEAR

SEATS_FILE = "serve-seats.toml"
"""The class server's seats, in the class folder."""
LOBBY_FILE = "lobby.toml"
"""A waiting student's note, in their profile folder."""
RENEW_SECONDS = 3.0
"""How often the writers renew their file."""
STALE_AFTER = timedelta(seconds=15)
"""A file not renewed for this long is ignored (its writer has stopped)."""
MAX_PRESENCE_BYTES = 512 * 1024
"""A presence file larger than this is ignored."""


@dataclass
class Seat:
    """One name's seat on the class server."""

    name: str
    """The name as the student typed it."""
    connected: bool
    """Whether a page of theirs is connected now."""
    since: datetime
    """When it connected, or when it closed."""


@dataclass
class Seats:
    """The class server's seats at one moment."""

    pack_id: str
    """The pack served."""
    updated: datetime
    """When the server last wrote the file."""
    seats: dict[str, Seat] = field(default_factory=dict)
    """Student key (case-folded name) -> their seat."""


def _read(path: Path) -> dict[str, Any] | None:
    from quizapp.core.reading import UnreadableFile, read_toml

    try:
        if not path.is_file():
            return None
        return read_toml(path, MAX_PRESENCE_BYTES).data
    except (OSError, UnreadableFile):
        return None


def _moment(value: object) -> datetime | None:
    if isinstance(value, datetime) and value.tzinfo is not None:
        if EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            return value
    return None


def _fresh(updated: datetime | None, now: datetime) -> bool:
    return updated is not None and now - updated <= STALE_AFTER and updated <= now + STALE_AFTER


def write_seats(folder: Path, seats: Seats) -> None:
    """Write the server's seats (quickly; a crash may lose it, and the next renewal restores it)."""
    import tomli_w

    from quizapp.core.durable import atomic_write

    data = {
        "pack_id": seats.pack_id,
        "updated": seats.updated,
        "seats": {
            key: {"name": seat.name, "connected": seat.connected, "since": seat.since}
            for key, seat in seats.seats.items()
        },
    }
    atomic_write(folder / SEATS_FILE, tomli_w.dumps(data).encode("utf-8"), durable=False)


def read_seats(folder: Path, pack_id: str, now: datetime) -> Seats | None:
    """The server's seats for `pack_id`, if a server wrote them within `STALE_AFTER` of `now`."""
    data = _read(folder / SEATS_FILE)
    if data is None or data.get("pack_id") != pack_id:
        return None
    updated = _moment(data.get("updated"))
    if updated is None or not _fresh(updated, now):
        return None
    seats = Seats(pack_id, updated)
    raw = data.get("seats")
    if not isinstance(raw, dict):
        return seats
    for key, entry in raw.items():
        if not isinstance(entry, dict):
            continue
        name, connected, since = entry.get("name"), entry.get("connected"), entry.get("since")
        moment = _moment(since)
        if isinstance(name, str) and isinstance(connected, bool) and moment is not None:
            seats.seats[str(key)] = Seat(name[:80], connected, moment)
    return seats


@dataclass
class Waiting:
    """A student waiting in a class quiz's lobby."""

    pack_id: str
    """The pack they wait for."""
    since: datetime
    """When they joined the lobby."""
    seen: datetime
    """When their quizapp last renewed the note."""

    def present(self, now: datetime) -> bool:
        """Whether their quizapp still runs (it renewed the note lately)."""
        return _fresh(self.seen, now)


def note_waiting(person_folder: Path, pack_id: str, since: datetime, now: datetime) -> None:
    """Say (or renew) that this student waits in the lobby of `pack_id` (their quizapp only)."""
    import tomli_w

    from quizapp.core.durable import atomic_write

    data = {"pack_id": pack_id, "since": since, "seen": now}
    atomic_write(person_folder / LOBBY_FILE, tomli_w.dumps(data).encode("utf-8"), durable=False)


def clear_waiting(person_folder: Path) -> None:
    """The student stopped waiting (the quiz started, or they left)."""
    import contextlib

    with contextlib.suppress(OSError):
        (person_folder / LOBBY_FILE).unlink()


def read_waiting(person_folder: Path) -> Waiting | None:
    """A student's lobby note, if they have a readable one."""
    data = _read(person_folder / LOBBY_FILE)
    if data is None:
        return None
    pack_id, since, seen = (
        data.get("pack_id"),
        _moment(data.get("since")),
        _moment(data.get("seen")),
    )
    if not isinstance(pack_id, str) or since is None or seen is None:
        return None
    return Waiting(pack_id, since, seen)
