"""A class quiz's rules in the plain mode, as transcripts: the lobby and the teacher's start,
results held back until the class ends, one attempt, a late joiner after the end."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from conftest import FixedClock
from test_plain import ClockedLines, class_pack, pack_attempt, run_pack

from quizapp.core.bank import Bank
from quizapp.core.classcontrol import ControlStore


def test_the_lobby_waits_for_the_teacher_and_the_clock_starts_then(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Said once: waiting for the teacher; nothing is made until the start; then the quiz runs
    with the time counted from the teacher's start (every clock starts then)."""
    folder = tmp_path / "class"
    pack = class_pack(tmp_path / "packs", feedback="immediate", start="teacher")
    looks: list[int] = []

    def teacher_starts_on_the_third_look(seconds: float) -> None:
        looks.append(1)
        fixed_clock.advance(seconds=seconds)
        assert not (folder / "ada" / "attempts").exists()
        if len(looks) == 3:
            ControlStore(folder).start_quiz("plain-class", fixed_clock.now)

    code, output = run_pack(
        tiny_bank,
        folder,
        pack,
        fixed_clock,
        ClockedLines(["1", "1", "1"], fixed_clock, 1),
        sleep=teacher_starts_on_the_third_look,
    )
    assert code == 0
    assert output.count("Waiting for your teacher to start the quiz.") == 1
    assert "Your teacher started the quiz." in output
    assert "Time left: 10 minutes 0 seconds." in output
    attempt = pack_attempt(folder)
    assert attempt["status"] == "finished" and len(looks) == 3


def test_results_wait_until_the_teacher_ends_the_class(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Feedback at the end: "Submitted" when done, no score; the results come by themselves once
    the teacher ends the class."""
    folder = tmp_path / "class"
    pack = class_pack(tmp_path / "packs", minutes=None)
    looks: list[str] = []

    def teacher_ends_later(seconds: float) -> None:
        looks.append("look")
        fixed_clock.advance(seconds=seconds)
        if len(looks) == 5:
            ControlStore(folder).end_quiz("plain-class", fixed_clock.now)

    code, output = run_pack(
        tiny_bank,
        folder,
        pack,
        fixed_clock,
        ClockedLines(["1", "1", "1"], fixed_clock, 1),
        sleep=teacher_ends_later,
    )
    assert code == 0
    submitted = output.index("Submitted: your results come when the class ends.")
    results = output.index("The class quiz has closed: here are your results.")
    assert submitted < results
    assert "%" not in output[:results]
    assert "You scored" in output[results:] and "pass mark 50%" in output[results:]
    assert len(looks) == 5


def test_one_attempt_then_results_and_a_late_joiner_is_told_it_ended(
    tiny_bank: Bank, tmp_path: Path, fixed_clock: FixedClock
) -> None:
    """Coming back after the one attempt shows its results, no new attempt; once the teacher
    ended the quiz, a student who never took it is told so and nothing is made."""
    folder = tmp_path / "class"
    pack = class_pack(tmp_path / "packs", feedback="immediate", minutes=None)
    run_pack(tiny_bank, folder, pack, fixed_clock, ClockedLines(["1", "1", "1"], fixed_clock, 1))
    code, output = run_pack(tiny_bank, folder, pack, fixed_clock, io.StringIO(""))
    assert code == 0
    assert "You have taken this class quiz once" in output and "You scored" in output
    assert len(list((folder / "ada" / "attempts").glob("*.toml"))) == 1
    ControlStore(folder).end_quiz("plain-class", fixed_clock.now - timedelta(minutes=1))
    other = tmp_path / "other-class"
    ControlStore(other).end_quiz("plain-class", fixed_clock.now - timedelta(minutes=1))
    code, output = run_pack(tiny_bank, other, pack, fixed_clock, io.StringIO(""))
    assert code == 0
    assert "This class quiz has ended, so it cannot be taken any more." in output
    assert "Not passed" not in output and "about you noted" not in output
    assert not (other / "ada" / "attempts").exists()
