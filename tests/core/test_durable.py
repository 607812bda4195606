"""The one atomic writer and the one TOML reader: what they promise, and that nothing else writes or parses."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from quizapp.core import durable
from quizapp.core.durable import atomic_write, is_temp_file, write_cache_file
from quizapp.core.reading import UnreadableFile, read_toml

PACKAGE = Path(__file__).resolve().parents[2] / "quizapp"


class OsWith:
    """A stand-in for the durable writer's `os`, with some functions replaced (the real `os` untouched)."""

    def __init__(self, **replaced: object) -> None:
        self.__dict__.update(replaced)

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)


# ---------------------------------------------------------------- atomic_write


@pytest.mark.parametrize(
    ("before", "replace", "after", "raises"),
    [
        pytest.param(None, True, b"new", None, id="new-file"),
        pytest.param(None, False, b"new", None, id="new-file-no-replace"),
        pytest.param(b"old", True, b"new", None, id="replaced"),
        pytest.param(b"old", False, b"old", FileExistsError, id="kept-without-replace"),
    ],
)
def test_atomic_write_places_or_keeps_the_file_and_leaves_no_temp(
    tmp_path: Path, before: bytes | None, replace: bool, after: bytes, raises: type | None
) -> None:
    """The target ends whole (the new bytes, or the old kept); no temp file is ever left behind."""
    target = tmp_path / "bank.toml"
    if before is not None:
        target.write_bytes(before)
    if raises is None:
        atomic_write(target, b"new", replace=replace)
    else:
        with pytest.raises(raises):
            atomic_write(target, b"new", replace=replace)
    assert target.read_bytes() == after
    assert [path.name for path in tmp_path.iterdir()] == ["bank.toml"]


def test_no_replace_works_where_hard_links_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system without hard links the new file is still placed, and an existing one kept."""

    def no_links(source: str, target: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(durable, "os", OsWith(link=no_links))
    target = tmp_path / "out.gift"
    atomic_write(target, b"one", replace=False)
    with pytest.raises(FileExistsError):
        atomic_write(target, b"two", replace=False)
    assert target.read_bytes() == b"one"
    assert [path.name for path in tmp_path.iterdir()] == ["out.gift"]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_a_failed_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """A full disk or a failing one mid-write: the old file stays as it was, the temp file goes."""
    target = tmp_path / "profile.toml"
    target.write_bytes(b"old")

    def fail(fd: int, data: object) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(durable, "os", OsWith(write=fail))
    with pytest.raises(OSError):
        atomic_write(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["profile.toml"]


def test_the_temp_names_it_uses_are_the_ones_recovery_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temp file a kill leaves (here: the rename never happens) is one `is_temp_file` recognises."""

    class Killed(Exception):
        """The process dies at the rename (and so never tidies up)."""

    def killed(source: str, target: str) -> None:
        raise Killed

    monkeypatch.setattr(durable, "os", OsWith(replace=killed, unlink=lambda path: None))
    with pytest.raises(Killed):
        atomic_write(tmp_path / "profile.toml", b"x")
    (left,) = tmp_path.iterdir()
    assert is_temp_file(left)


def test_a_cache_file_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    """A cache is only a cache: a folder in the way costs nothing but the cache."""
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    write_cache_file(blocked / "cache.json", "{}")  # no error
    write_cache_file(tmp_path / "cache" / "cache.json", "{}")
    assert (tmp_path / "cache" / "cache.json").read_text() == "{}"


# ---------------------------------------------------------------- read_toml


@pytest.mark.parametrize(
    ("content", "reason", "line"),
    [
        pytest.param(b"a = 1\nb = \xff\n", "encoding", 2, id="not-utf8"),
        pytest.param(b"a = 1\nb = \n", "syntax", 2, id="bad-syntax"),
        pytest.param(b"a = " + b"[" * 40 + b"]" * 40 + b"\n", "depth", None, id="too-deep"),
        pytest.param(b'a = "\\u001b[2J"\n', "value", None, id="escape-code"),
    ],
)
def test_read_toml_says_why_and_where(
    tmp_path: Path, content: bytes, reason: str, line: int | None
) -> None:
    """Each failure carries its reason (each caller words its own advice by it) and line when known."""
    path = tmp_path / "file.toml"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as caught:
        read_toml(path, 1024)
    assert (caught.value.reason, caught.value.line) == (reason, line)


# ---------------------------------------------------------------- one reader, one writer


def _sources() -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(PACKAGE)), path.read_text(encoding="utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


@pytest.mark.parametrize(
    ("pattern", "allowed"),
    [
        pytest.param(r"\btomllib\b", {"core/reading.py"}, id="tomllib"),
        pytest.param(r"\bmkstemp\b|\bNamedTemporaryFile\b", {"core/durable.py"}, id="temp-files"),
        pytest.param(r"\.write_(text|bytes)\(|\.open\([^)]*[\"'][wax]", set(), id="direct-writes"),
        # Renames that are not writes: moving a damaged file aside (a profile, the class
        # controls), rolling the class's error log.
        pytest.param(
            r"\bos\.replace\(",
            {"core/durable.py", "core/store.py", "core/classcontrol.py", "serve.py"},
            id="rename",
        ),
    ],
)
def test_only_the_one_reader_and_writer_parse_toml_and_write_files(
    pattern: str, allowed: set[str]
) -> None:
    """Every TOML file is parsed by `reading.read_toml` and every file written by `durable.atomic_write`."""
    found = {name for name, text in _sources() if re.search(pattern, text)}
    assert found <= allowed, sorted(found - allowed)
