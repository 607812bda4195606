"""Names that fold together (Sam and sam) are checked under the profile's lock: nobody opens
another person's profile unasked, however close together two people type."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from quizapp.core.store import FoldedNameError, ProfileLockedError, ProfileStore

PAIRS = [
    pytest.param("Sam", "sam", id="case"),
    pytest.param("Straße", "STRASSE", id="sharp-s"),
    pytest.param("Zoë", "ZOË", id="accent-upper"),
]


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_a_folded_name_is_refused_with_the_stored_spelling(
    tmp_path: Path, first: str, second: str
) -> None:
    """With exact=True, the other spelling gets FoldedNameError naming the saved one; the lock is
    free again and the saved name itself opens (what the person confirms)."""
    store = ProfileStore(tmp_path)
    store.open(first, exact=True).close()
    before = (tmp_path / store.person_folder(first).name / "profile.toml").read_bytes()
    with pytest.raises(FoldedNameError) as folded:
        store.open(second, exact=True)
    assert folded.value.stored == first
    assert (tmp_path / store.person_folder(first).name / "profile.toml").read_bytes() == before
    with store.open(folded.value.stored, exact=True) as person:
        assert person.profile.name == first


def race(store: ProfileStore, names: tuple[str, str]) -> dict[str, str]:
    """Two people open `names` at the same instant; what each got: the saved name of the profile
    opened, or the error's name."""
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}
    held = []

    def open_as(name: str) -> None:
        barrier.wait()
        try:
            person = store.open(name, exact=True)
        except (FoldedNameError, ProfileLockedError) as error:
            outcomes[name] = type(error).__name__
            return
        outcomes[name] = person.profile.name
        held.append(person)

    threads = [threading.Thread(target=open_as, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for person in held:
        person.close()
    return outcomes


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_two_people_typing_folded_names_at_once_never_share_unasked(
    tmp_path: Path, first: str, second: str
) -> None:
    """Fifty times, two people open `first` and `second` at the same instant: whoever opens gets a
    profile saved under the very name they typed; the other is told (folded or locked)."""
    refusals = {"FoldedNameError", "ProfileLockedError"}
    for trial in range(50):
        outcomes = race(ProfileStore(tmp_path / f"class-{trial}"), (first, second))
        opened = {name: got for name, got in outcomes.items() if got not in refusals}
        assert opened, outcomes
        assert all(got == name for name, got in opened.items()), outcomes
