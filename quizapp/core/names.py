"""Profile names: what a name may be, and the one folding that decides which names are one person."""

from __future__ import annotations

import unicodedata

from quizapp.core.invisible import first_invisible

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


class InvalidNameError(ValueError):
    """A profile name that is not allowed; the message says why and what is allowed."""


def check_name(name: str, *, stored: bool = False) -> str:
    """Validate a profile name and return it normalised (NFC, surrounding spaces removed).

    Args:
        name: the name as typed.
        stored: the name comes from a saved profile: characters that draw nothing (refused in
            new names since they were found to make look-alike and blank names) are let through,
            so a profile saved before is still read.

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
    if not stored and (hidden := first_invisible(cleaned)) is not None:
        raise InvalidNameError(
            f"the name contains an invisible character (U+{ord(hidden):04X}), which would make it "
            f"look like another name or blank: {allowed}"
        )
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
    """The one folding of names: two names are the same person exactly when their keys are equal.

    The key is the checked name, case-folded and NFC-normalised (Sam, SAM and ſam; Straße and
    STRASSE share one), and it names the person's folder. Every comparison of names (the store, the
    class server, the teacher's controls) goes through here.

    Raises:
        InvalidNameError: the name is not allowed.
    """
    return unicodedata.normalize("NFC", check_name(name).casefold())


def is_stored_name(name: str) -> bool:
    """Whether a name read from a file is one `check_name` would have stored as it is."""
    try:
        return check_name(name, stored=True) == name
    except InvalidNameError:
        return False
