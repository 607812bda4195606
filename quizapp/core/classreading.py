"""Reading a class folder for the class quiz's decisions: a student's attempts of a pack, every
clock of the class, and whether the quiz has closed (see `quizapp.core.classgate`). Reads only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from quizapp.core.classcontrol import ControlError, ControlStore, PackControl, time_deadline
from quizapp.core.classgate import ClassRules, ClosedBy, class_closed
from quizapp.core.profile import Attempt
from quizapp.core.store import PROFILE_FILE, ProfileError, ProfileStore


def pack_attempts(store: ProfileStore, person_folder: Path, pack_id: str) -> list[Attempt]:
    """One student's readable attempts of `pack_id`, oldest first (a damaged file is skipped)."""
    found: list[Attempt] = []
    for path in store.attempt_paths(person_folder):
        if not path.stem.endswith("-pack") and "-pack-" not in path.stem:
            continue  # the mode is in the file name: other quizzes are not read at all
        try:
            attempt = store.read_attempt(path)
        except ProfileError:
            continue
        if attempt.pack_id == pack_id:
            found.append(attempt)
    return found


def class_clocks(folder: Path, pack_id: str, control: PackControl) -> list[datetime | None]:
    """When each student's latest attempt of `pack_id` runs out of time (None: no limit)."""
    store = ProfileStore(folder)
    clocks: list[datetime | None] = []
    people = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    for person in people:
        if not (person / PROFILE_FILE).is_file():
            continue
        attempts = pack_attempts(store, person, pack_id)
        if attempts:
            latest = attempts[-1]
            clocks.append(
                time_deadline(latest.started, latest.time_limit_seconds, control, person.name)
            )
    return clocks


def load_pack_control(folder: Path, pack_id: str) -> PackControl:
    """The teacher's controls of one pack; none when the file is missing or damaged (a student's
    quizapp and the server go on; the teacher's view reports the damage)."""
    try:
        return ControlStore(folder).load().for_pack(pack_id)
    except ControlError:
        return PackControl()


def closed_for_class(
    folder: Path, rules: ClassRules, control: PackControl, now: datetime
) -> ClosedBy | None:
    """Whether the class quiz has closed at `now` (the folder is scanned only for a quiz without a
    lobby but with a time limit, whose clocks are each student's own)."""
    if control.ended is not None and now >= control.ended:
        return "teacher"
    if rules.start == "immediate" and rules.time_limit_minutes is not None:
        return class_closed(rules, control, now, class_clocks(folder, rules.id, control))
    return class_closed(rules, control, now)
