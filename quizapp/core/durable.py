"""Durable writes: every file quizapp writes is replaced whole by a rename, never left torn.

`atomic_write` is the only writer of files in the package: profiles and attempts (fsynced, so an
answer survives a power cut), the teacher's class controls, the files `quizapp import` and
`quizapp export` make, and the caches (`write_cache_file`, not fsynced: they can be rebuilt).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

WRITE_FAILURES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "your disk quota is used up",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EFBIG: "the file would be larger than this system allows",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "the disk reported an input/output error",
    errno.ELOOP: "a folder on the way is a link, which quizapp does not write through (make it a "
    "real folder)",
}
"""Why a write failed, in words, for the errors a full, read-only or failing disk gives."""

_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS, errno.EMLINK, errno.EXDEV}
)
"""What `os.link` says on a file system without hard links (then a new file is checked, then renamed)."""


def describe_write_error(error: OSError) -> str:
    """Why a save failed, in plain words, with the file when the error names one."""
    reason = WRITE_FAILURES.get(error.errno or 0) or error.strerror or str(error)
    where = f" ({error.filename})" if error.filename else ""
    return f"{reason}{where}"


class NotDurableError(OSError):
    """A write reached its file (the rename happened) but the folder's fsync failed: it may not survive a crash."""


def fsync_dir(folder: Path) -> None:
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
        fsync_dir(new.parent)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    durable: bool = True,
    replace: bool = True,
    sync_folder: bool = True,
) -> None:
    """Write `data` to `path` so that a crash at any instant leaves the old file or the new, never a torn one.

    A temp file in the same folder is written, fsynced, then renamed over `path`, and the folder is
    fsynced so the rename itself is durable. A failure before the rename removes the temp file and
    leaves `path` as it was. `durable=False` skips both fsyncs, for files nobody loses anything by (the
    `.owner` pid note, caches): still never torn, but a crash may forget it. `sync_folder=False`
    skips only the folder's fsync, for a write that another in the same folder follows at once
    (that one's folder fsync makes both renames durable). `replace=False` never replaces a file
    already at `path` (the temp file is hard-linked there, which fails if one is).

    Raises:
        FileExistsError: `replace=False` and something is already at `path` (nothing is written).
        NotDurableError: the file was written but the folder's fsync failed.
        OSError: the write failed; `path` is as it was.
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
        if replace:
            os.replace(temp_name, path)
        else:
            _place_new(temp_name, path)
    except BaseException:
        if open_fd is not None:
            with contextlib.suppress(OSError):
                os.close(open_fd)
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if durable and sync_folder:
        try:
            fsync_dir(folder)
        except OSError as error:
            raise NotDurableError(error.errno, error.strerror, str(folder)) from error


def _place_new(temp_name: str, path: Path) -> None:
    """Give the finished temp file the name `path` only if nothing has it, then drop the temp name."""
    try:
        os.link(temp_name, path)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        # No hard links here: check, then rename (a race with another writer is possible only here).
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temp_name, path)
        return
    with contextlib.suppress(OSError):
        os.unlink(temp_name)  # the file is in place; a leftover temp name is tidied up later


def is_temp_file(path: Path) -> bool:
    """Whether `path` is a temp file an interrupted `atomic_write` left behind."""
    return path.name.startswith(".") and path.name.endswith(".tmp") and path.name.count(".") >= 3


def write_cache_file(path: Path, text: str) -> None:
    """Replace a cache file whole (a reader sees the old or the new one); skip it if it cannot be written.

    Only for files quizapp can rebuild: no fsync, and a failure costs a slower start, nothing more.
    """
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"), durable=False)
