"""Starting quizapp for one person: the bank's folders and the app's run, shared by the CLI, the class
server and its fork helper (so none of them imports another: no import circle).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DIE_WITH_PARENT = "QUIZAPP_DIE_WITH_PARENT"
"""Set by `quizapp serve` for its students' quizapps, so that none outlives the server."""


def folders(questions: Path | None, seeds: Path | None) -> tuple[Path, Path]:
    """The bank and seed-document folders: the ones given, else the installed defaults."""
    from quizapp.core.locations import default_questions_dir, default_seeds_dir

    return questions or default_questions_dir(), seeds or default_seeds_dir()


def set_parent_death_signal(signal_number: int) -> None:
    """On Linux, ask the kernel to send this process `signal_number` when its parent dies, even by
    SIGKILL (elsewhere nothing happens)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1  # PR_SET_PDEATHSIG in <sys/prctl.h>
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal_number)


def die_with_parent() -> None:
    """On Linux, ask the kernel to kill this process when its parent dies, even by SIGKILL.

    Only when `DIE_WITH_PARENT` is set (by `quizapp serve`): a student's quizapp holds the lock of
    that student's profile; orphaned, it would keep the student from rejoining after the teacher
    restarts the server.
    """
    if not os.environ.get(DIE_WITH_PARENT) or not sys.platform.startswith("linux"):
        return
    import signal

    set_parent_death_signal(signal.SIGKILL)
    if os.getppid() == 1:  # the server died before the request took effect
        os._exit(0)


def run_app(
    *,
    profiles_dir: Path,
    questions_dir: Path,
    seeds_dir: Path,
    profile_name: str | None = None,
    mode: str | None = None,
    seed: int | None = None,
    pack_path: Path | None = None,
    class_student: bool = False,
    on_first_screen: Callable[[], None] | None = None,
) -> int:
    """Run the Textual app until it ends; return its exit code.

    `on_first_screen` is called once the first screen is up (the fork helper's students use it to
    free their turn to start).
    """
    # Start-up builds objects that live as long as the app; collecting over them only delays the
    # first screen. The app resumes the collector once its first screen is up.
    gc.disable()
    from quizapp.core.locations import default_cache_dir
    from quizapp.ui.app import make_app

    app = make_app(
        profiles_dir=profiles_dir,
        questions_dir=questions_dir,
        seeds_dir=seeds_dir,
        cache_dir=default_cache_dir(),
        collector_paused=True,
        profile_name=profile_name,
        mode=mode,
        seed=seed,
        pack_path=pack_path,
        class_student=class_student,
        on_first_screen=on_first_screen,
    )
    app.run()
    return app.return_code or 0


@dataclass(frozen=True)
class StudentSetup:
    """What every student of one served class shares: the folders and the pack (resolved paths)."""

    questions_dir: Path
    """The question bank's folder."""
    seeds_dir: Path
    """The seed documents' folder."""
    profiles_dir: Path
    """The class folder: every student's profile."""
    pack: Path | None = None
    """The pack the class takes (None: the student's own choice of quiz)."""

    def argv(self) -> list[str]:
        """The `quizapp` arguments for a student started as a fresh Python (the name is added)."""
        args = [
            "--class-student",
            "--questions",
            str(self.questions_dir),
            "--seeds",
            str(self.seeds_dir),
            "--profiles",
            str(self.profiles_dir),
        ]
        if self.pack is not None:
            args += ["--pack", str(self.pack)]
        return args


def run_student(
    setup: StudentSetup, name: str, on_first_screen: Callable[[], None] | None = None
) -> int:
    """Run one browser student's quizapp (as `quizapp --class-student --profile=NAME` does).

    Messages go to stderr (the class's error log); an unexpected error is one line, never a
    traceback with local variables.
    """
    from quizapp.core.store import InvalidNameError, check_name

    try:
        check_name(name)
    except InvalidNameError as error:
        print(f"quizapp: profile name {name!r} is not allowed: {error}", file=sys.stderr)
        return 2
    try:
        return run_app(
            profiles_dir=setup.profiles_dir,
            questions_dir=setup.questions_dir,
            seeds_dir=setup.seeds_dir,
            profile_name=name,
            pack_path=setup.pack,
            class_student=True,
            on_first_screen=on_first_screen,
        )
    except Exception as error:  # noqa: BLE001 - one line in the class's log, never a traceback
        print(f"quizapp: a student's quizapp stopped: {type(error).__name__}", file=sys.stderr)
        return 1
