"""Bounded reading of the files quizapp parses: regular files only, size-capped, and parsed data checked.

`read_toml` is the one TOML reader: profiles, attempts, banks, packs, path catalogues, the class
controls and the bank files `quizapp import` looks beside all go through it (and every other reader
through `read_capped`), so that a FIFO or folder named like a file never blocks, a huge file never
fills memory, deeply nested TOML never exhausts the stack, and no number or string that could not
have been written by quizapp or a person (NaN, infinity, 10^30, a terminal escape code) reaches the
rest. Each caller words the failure for its own kind of file from `UnreadableFile.reason`.
"""

from __future__ import annotations

import math
import os
import re
import stat
import tomllib
import unicodedata
from pathlib import Path
from typing import Any, Literal, NamedTuple

SMALL_FILE_CAP = 2 * 1024 * 1024
"""Largest profile, attempt or pack file read (a real one is a few kilobytes)."""
BANK_FILE_CAP = 32 * 1024 * 1024
"""Largest bank or path-catalogue file read (the shipped bank files are tens of kilobytes)."""
MAX_DEPTH = 16
"""Deepest nesting of tables and arrays any quizapp file format uses, with room to spare."""
MAX_INT = 2**63 - 1
"""Largest integer magnitude accepted anywhere (TOML's own limit)."""

_SAFE_CONTROLS = frozenset("\n\t")
"""Control characters allowed inside text: line breaks and tabs in multi-line prompts."""


Reason = Literal["access", "shape", "encoding", "syntax", "depth", "value"]
"""Why a file was refused: the OS refused it, not a regular file or too large, not UTF-8, not TOML,
nested too deeply, or holding a value no quizapp file holds."""


class UnreadableFile(Exception):
    """A file that cannot be used as it is; the message says why, in plain words."""

    def __init__(
        self,
        message: str,
        *,
        where: str = "",
        line: int | None = None,
        damaged: bool = True,
        reason: Reason = "shape",
    ) -> None:
        super().__init__(message)
        self.message = message
        """What is wrong and what to do."""
        self.damaged = damaged
        """False when the file may be fine and only the OS refused it (permissions, a full disk)."""
        self.where = where
        """The key path inside the file (e.g. `answers.0.seconds`), when known."""
        self.line = line
        """The 1-based line, when known."""
        self.reason: Reason = reason
        """Which kind of failure it is, for a caller's own advice (`damaged` says whether it is the file's fault)."""


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of `path`, refusing anything that is not a regular file or is larger than `cap`.

    The file is opened without blocking (a FIFO never waits for a writer), checked to be a regular
    file, and read up to `cap + 1` bytes, so a huge file costs no more memory than the cap.

    Raises:
        UnreadableFile: not a regular file, too large, or the OS refused (the reason is given).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file; move it aside or rename it.") from None
    except OSError as error:
        raise UnreadableFile(
            f"cannot be read ({error.strerror or error}); check it exists and its permissions.",
            damaged=False,
            reason="access",
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder, not a file; move it aside or rename it.")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(
                "is not a regular file (a pipe, socket or device); move it aside or rename it."
            )
        if info.st_size > cap:
            raise UnreadableFile(_too_large(info.st_size, cap))
        chunks: list[bytes] = []
        left = cap + 1
        while left > 0:
            try:
                chunk = os.read(fd, min(left, 1024 * 1024))
            except OSError as error:
                raise UnreadableFile(
                    f"cannot be read ({error.strerror or error}); check the disk and permissions.",
                    damaged=False,
                    reason="access",
                ) from None
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > cap:
            raise UnreadableFile(_too_large(len(data), cap))
        return data
    finally:
        os.close(fd)


def _too_large(size: int, cap: int) -> str:
    return (
        f"is {size:,} bytes, more than the {cap:,} a file of this kind may have; it is not a "
        "quizapp file or it is damaged. Move it aside."
    )


def decode_text(raw: bytes) -> str:
    """`raw` as UTF-8 text.

    Raises:
        UnreadableFile: the bytes are not UTF-8.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UnreadableFile(
            "not UTF-8 text; save the file as UTF-8 (it may be damaged).",
            line=line,
            reason="encoding",
        ) from None


def parse_toml(text: str) -> dict[str, Any]:
    """Parse TOML text and check the data with `check_data`.

    Raises:
        UnreadableFile: not valid TOML (with the line), nested too deeply, or holding a value no
            quizapp file may hold.
        tomllib.TOMLDecodeError is never raised: it is turned into UnreadableFile.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)  # Python 3.14+; before, only in the message
        if line is None and (found := re.search(r"line (\d+)", str(error))):
            line = int(found.group(1))
        raise UnreadableFile(f"not valid TOML ({error}).", line=line, reason="syntax") from None
    except (RecursionError, MemoryError):
        raise UnreadableFile(
            f"nested more than {MAX_DEPTH} levels deep; no quizapp file is. It is damaged or "
            "not a quizapp file.",
            reason="depth",
        ) from None
    check_data(data)
    return data


def check_data(data: Any, max_depth: int = MAX_DEPTH) -> None:
    """Check parsed file data without recursion: its depth, numbers and strings.

    Refused: nesting deeper than `max_depth`; floats that are NaN or infinite; integers beyond
    64 bits; text holding control characters (other than line breaks and tabs) or invisible
    direction overrides, which could rewrite a terminal or hide what a line says.

    Raises:
        UnreadableFile: naming the key path of the first bad value.
    """
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict | list):
            if len(where) >= max_depth:
                raise UnreadableFile(
                    f"nested more than {max_depth} levels deep; no quizapp file is.",
                    where=_joined(where),
                    reason="depth",
                )
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    bad = unsafe_character(key)
                    if bad is not None:
                        raise UnreadableFile(
                            f"a key contains {bad}, which no quizapp file holds.",
                            where=_joined(where),
                            reason="value",
                        )
                stack.append((item, (*where, str(key))))
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise UnreadableFile(
                    f"{value} is not a usable number; give a finite number.",
                    where=_joined(where),
                    reason="value",
                )
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > MAX_INT:
                raise UnreadableFile(
                    "the number is far too large for this field.",
                    where=_joined(where),
                    reason="value",
                )
        elif isinstance(value, str):
            bad = unsafe_character(value)
            if bad is not None:
                raise UnreadableFile(
                    f"the text contains {bad}, a control, direction or non-character that "
                    "could rewrite the terminal or break an export; remove it.",
                    where=_joined(where),
                    reason="value",
                )


def _joined(where: tuple[str, ...]) -> str:
    return ".".join(where)


_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder what a line shows ("Trojan source")."""
_NONCHARACTERS = frozenset(
    [chr(code) for code in range(0xFDD0, 0xFDF0)]
    + [chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)]
)
"""Unicode's 66 noncharacters: never text (U+FFFE and U+FFFF cannot even be written in XML)."""
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + "".join(sorted(_DIRECTION_CONTROLS | _NONCHARACTERS))
    + "]"
)
"""What `unsafe_character` refuses when only line breaks and tabs are allowed, as one search."""


def unsafe_character(text: str, allowed: frozenset[str] = _SAFE_CONTROLS) -> str | None:
    """The first character of `text` that must not reach a terminal or a file, shown escaped; None if none.

    Refused: control characters (escape codes, carriage returns, backspaces, C1 controls), direction
    overrides and isolates, line or paragraph separators, lone surrogates and Unicode's
    noncharacters (U+FFFF...); `allowed` ones pass. Other invisible characters (soft hyphens,
    zero-width joiners in emoji) are harmless and kept.
    """
    if allowed is _SAFE_CONTROLS:
        found = _UNSAFE.search(text)  # the common case, in one pass of the regex engine
        return None if found is None else _escaped(found.group())
    for char in text:
        if char.isprintable() or char == " " or char in allowed:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Zl", "Zp", "Cs") or char in _DIRECTION_CONTROLS:
            return _escaped(char)
        if char in _NONCHARACTERS:
            return _escaped(char)
    return None


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` safe to print: every character a terminal would act on is shown escaped instead."""
    if text.isprintable():
        return text
    return "".join(
        _escaped(char) if unsafe_character(char, frozenset()) is not None else char for char in text
    )


class TomlFile(NamedTuple):
    """A TOML file as read: its bytes, its text and its checked data."""

    raw: bytes
    """The bytes on disk (what a note of a valid file hashes)."""
    text: str
    """The bytes as text (for line numbers of questions)."""
    data: dict[str, Any]
    """The parsed data, checked by `check_data`."""


def read_toml(path: Path, cap: int) -> TomlFile:
    """The one TOML reader: read `path` (bounded by `cap`), decode it, parse it and check its data.

    Raises:
        UnreadableFile: anything wrong with the file, with the line or key path when known and
            the `reason` a caller words its advice by.
    """
    raw = read_capped(path, cap)
    text = decode_text(raw)
    return TomlFile(raw, text, parse_toml(text))


def load_toml_file(path: Path, cap: int) -> dict[str, Any]:
    """Only the checked data of `read_toml` (for callers that need nothing else)."""
    return read_toml(path, cap).data
