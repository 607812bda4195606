"""One flow, two faces: the same scripted person through the plain mode and through the app (Pilot)
saves the same answers and is told the same words after each answer and in the results."""

from __future__ import annotations

import io
import re
import tomllib
import zlib
from pathlib import Path

import pytest
from textual.widgets import Static

from quizapp.core.bank import (
    ROLES,
    AnyQuestion,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from quizapp.core.library import Library
from quizapp.core.profile import Response
from quizapp.plain import PlainIO, run_plain
from quizapp.ui.said import MARKS, feedback_text
from quizapp.ui.screens.note import NoteScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.widgets.verdict import VerdictPicture

from .conftest import (
    REAL_QUESTIONS,
    SEEDS,
    AppFactory,
    fixed_clock,
    wait_for_question,
    wait_for_screen,
)

SEED = 11
MODE = "full"


def scripted(question: AnyQuestion) -> Response:
    """What the scripted person answers: fixed by the question's id, right about half the time,
    partly right on some select-alls, and a spread of answers about themselves."""
    roll = zlib.crc32(question.id.encode())
    if isinstance(question, SingleQuestion):
        return question.answer if roll % 2 else (question.answer + 1) % len(question.choices)
    if isinstance(question, MultiQuestion):
        if roll % 3 == 0:
            return sorted(question.answers)
        wrong = next(i for i in range(len(question.choices)) if i not in question.answers)
        return sorted({question.answers[0], wrong} if roll % 3 == 1 else {wrong})
    if isinstance(question, TrueFalseQuestion):
        return question.answer if roll % 2 else not question.answer
    if isinstance(question, RoleQuestion):
        return question.answer if roll % 2 else ROLES[(ROLES.index(question.answer) + 1) % 3]
    return roll % len(question.options)


def typed_for(question: AnyQuestion, response: Response, order: list[int]) -> str:
    """The line the plain mode reads for `response` (choice numbers as shown)."""
    if isinstance(question, MultiQuestion):
        assert isinstance(response, list)
        return " ".join(str(order.index(index) + 1) for index in response)
    if isinstance(question, SingleQuestion):
        assert isinstance(response, int)
        return str(order.index(response) + 1)
    if isinstance(question, TrueFalseQuestion):
        return "1" if response is True else "2"
    if isinstance(question, RoleQuestion):
        assert isinstance(response, str)
        return str(ROLES.index(response) + 1)  # type: ignore[arg-type]
    assert isinstance(response, int) and isinstance(question, FitQuestion | ReadinessQuestion)
    return str(response + 1)


class ScriptedLines(io.StringIO):
    """Standard input that answers the plain mode's current question as `scripted` does: it reads
    the attempt being answered from disk (every answer is saved before its feedback)."""

    def __init__(self, folder: Path, library: Library) -> None:
        super().__init__()
        self.folder = folder
        self.bank = library.bank()

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        attempts = sorted((self.folder / "pia" / "attempts").glob("*.toml"))
        if not attempts:
            return ""
        data = tomllib.loads(attempts[-1].read_text(encoding="utf-8"))
        answered = {answer["question_id"] for answer in data.get("answers", [])}
        pending = [qid for qid in data["question_ids"] if qid not in answered and qid in self.bank]
        if data["status"] != "active" or not pending:
            return ""
        question = self.bank[pending[0]]
        order = data.get("choice_orders", {}).get(question.id, list(range(8)))
        return typed_for(question, scripted(question), order) + "\n"


def saved_answers(profiles: Path) -> list[tuple[str, object, object, object]]:
    """Pia's saved answers: (question, response, correct, credit), in the order saved."""
    (path,) = (profiles / "pia" / "attempts").glob("*.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["status"] == "finished"
    return [
        (answer["question_id"], answer["response"], answer.get("correct"), answer["credit"])
        for answer in data["answers"]
    ]


def unmarked(text: str) -> str:
    """Feedback as words: the app's sign before the first line taken away, spaces evened out."""
    text = text.lstrip()
    for mark in MARKS.values():
        if mark and text.startswith(mark):
            text = text[len(mark) :]
    return " ".join(text.split())


def plain_feedback(output: str) -> list[str]:
    """The plain mode's feedback after each answer, as words."""
    # Each answer read from the pipe is echoed after the prompt ("> 2").
    blocks = re.split(r"Your answer:\n(?:> [^\n]*\n)?", output)[1:]
    return [
        unmarked(
            re.split(r"\n\n(?:Question |Knowledge |Readiness |About you |Results\.)", block)[0]
        )
        for block in blocks
    ]


@pytest.mark.first
async def test_the_same_person_through_both_faces(build_app: AppFactory, tmp_path: Path) -> None:
    """A full assessment on the real bank, answered by one script: the same answers saved, the same
    feedback after every answer, the same score, verdict and misses in the results."""
    plain_profiles, app_profiles = tmp_path / "plain", tmp_path / "app"
    library = Library(REAL_QUESTIONS, SEEDS)
    out = io.StringIO()
    code = run_plain(
        profiles_dir=plain_profiles,
        library=library,
        profile_name="Pia",
        mode=MODE,
        seed=SEED,
        io=PlainIO(ScriptedLines(plain_profiles, library), out),
        clock=fixed_clock,
        monotonic=lambda: 0.0,
    )
    plain = out.getvalue()
    assert code == 0 and "Results." in plain

    app = build_app(
        profile_name="Pia",
        mode=MODE,
        seed=SEED,
        questions_dir=REAL_QUESTIONS,
        profiles_dir=app_profiles,
    )
    feedback: list[str] = []
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await wait_for_question(pilot)
        while isinstance(app.screen, QuestionScreen):
            question = screen.question
            assert question is not None
            order = screen.session.display_order(question)
            keys = list(typed_for(question, scripted(question), order).replace(" ", ""))
            await pilot.press(*keys, *(["enter"] if isinstance(question, MultiQuestion) else []))
            await pilot.pause()
            if screen.answered:
                feedback.append(unmarked(str(screen.query_one("#feedback", Static).render())))
                await pilot.press("n")
                await pilot.pause()
            else:
                # No right or wrong: it went on at once; `e` shows what the answer meant.
                assert screen.last_note is not None and screen.last_note[0] == question.prompt
                if not isinstance(app.screen, QuestionScreen):  # the last: results came at once
                    feedback.append(unmarked(str(feedback_text(screen.last_note[1]))))
                    break
                await pilot.press("e")
                await wait_for_screen(pilot, NoteScreen)
                note = str(app.screen.query_one("#note-text", Static).render())
                feedback.append(unmarked(note))
                await pilot.press("escape")
                await pilot.pause()
        await wait_for_screen(pilot, ResultsScreen)
        results = app.screen
        score = str(results.query_one("#score", Static).render())
        missed = str(results.query_one("#missed", Static).render())
        verdict = str(results.query_one(VerdictPicture).render()).splitlines()[2:]

    answers = saved_answers(plain_profiles)
    assert answers == saved_answers(app_profiles)
    kinds = {type(question).__name__ for question in library.bank().questions}
    asked = {type(library.bank()[qid]).__name__ for qid, *_ in answers}
    assert asked == kinds  # every kind of question was asked
    assert {correct for _, _, correct, _ in answers} == {True, False, None}
    assert any(0 < credit < 1 for *_, credit in answers)  # a partly right select-all

    assert plain_feedback(plain) == feedback
    assert any("Why not yours:" in words for words in feedback)
    assert any(words.startswith("Partly right:") for words in feedback)

    assert score.splitlines()[0] in plain
    assert verdict and all(line in plain for line in verdict)
    for line in missed.splitlines()[1:]:
        assert unmarked(line) in " ".join(plain.split())
