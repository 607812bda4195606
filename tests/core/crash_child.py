"""A child process for the lock and crash-safety tests; it uses the real store and session.

python crash_child.py hold PROFILES NAME
    Open NAME's profile, print `READY <pid>`, and hold it open until stdin closes.

python crash_child.py answer PROFILES NAME QUESTIONS SEEDS SEED
    Open NAME's profile (taking over a stale lock), then answer questions forever through
    QuizSession.record, starting a new quick attempt whenever one is finished. After each
    save returns it prints one JSON line, {"attempt", "question", "response", "total"}, and
    flushes, so every line the parent reads is an acknowledged, saved answer.

python crash_child.py fork-server QUESTIONS SEEDS
    Import quizapp and load the bank once, then for each stdin line `answer PROFILES NAME SEED
    FIFO` fork a child that writes what `answer` prints into the named pipe FIFO, and print its
    pid; for `wait PID` print the child's wait status. A forked child is a whole process killed
    as surely as a started one, without paying Python's and pydantic's start-up 200 times.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

from quizapp.core.bank import (
    AnyQuestion,
    Bank,
    FitQuestion,
    MultiQuestion,
    ReadinessQuestion,
    RoleQuestion,
    SingleQuestion,
    TrueFalseQuestion,
)
from quizapp.core.loader import load_checked_bank
from quizapp.core.profile import Response
from quizapp.core.session import QuizSession, plan_attempt
from quizapp.core.store import ProfileStore


def random_response(question: AnyQuestion, rng: random.Random) -> Response:
    """A valid response to `question`, right or wrong at random."""
    if isinstance(question, SingleQuestion):
        return rng.randrange(len(question.choices))
    if isinstance(question, MultiQuestion):
        return sorted(rng.sample(range(len(question.choices)), rng.randint(0, 2)))
    if isinstance(question, TrueFalseQuestion):
        return rng.random() < 0.5
    if isinstance(question, RoleQuestion):
        return rng.choice(["engineer", "developer", "both"])
    assert isinstance(question, FitQuestion | ReadinessQuestion)
    return rng.randrange(len(question.options))


def hold(profiles: Path, name: str) -> None:
    """Hold a profile open until the parent closes our stdin (or kills us)."""
    opened = ProfileStore(profiles).open(name)
    print(f"READY {os.getpid()}", flush=True)
    sys.stdin.read()
    opened.close()


def answer(profiles: Path, name: str, questions: Path, seeds: Path, seed: int) -> None:
    """Answer questions forever, printing one line per acknowledged save."""
    answer_from(load_checked_bank(questions, seeds), profiles, name, seed)


def answer_from(bank: Bank, profiles: Path, name: str, seed: int) -> None:
    """Answer questions from a loaded bank forever, printing one line per acknowledged save."""
    store = ProfileStore(profiles)
    opened = store.open(name)
    rng = random.Random(seed)
    print(f"READY {os.getpid()}", flush=True)
    session: QuizSession | None = None
    while True:
        if session is None:
            attempt = opened.current_attempt()
            if attempt is not None and attempt.is_open:
                session = QuizSession(bank, opened, attempt)
        if session is None or session.is_complete:
            plan = plan_attempt(
                bank, opened.profile, "quick", seed=rng.randrange(2**31), now=store.clock()
            )
            session = QuizSession.start(bank, opened, plan)
        question = session.current()
        assert question is not None
        response = random_response(question, rng)
        session.record(response)
        line = {
            "attempt": session.attempt.id,
            "question": question.id,
            "response": response,
            "total": opened.profile.answers_total,
        }
        print(json.dumps(line), flush=True)


def fork_server(questions: Path, seeds: Path) -> None:
    """Fork answering children on request (see the module's docstring)."""
    bank = load_checked_bank(questions, seeds)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "wait":
            _, status = os.waitpid(int(args[0]), 0)
            print(status, flush=True)
            continue
        profiles, name, seed, fifo = args
        pid = os.fork()
        if pid == 0:
            try:
                with open(fifo, "w", encoding="utf-8") as out:
                    sys.stdout = out
                    answer_from(bank, Path(profiles), name, int(seed))
            finally:
                os._exit(1)
        print(pid, flush=True)


def main(argv: list[str]) -> None:
    """Dispatch on the first argument."""
    if argv[0] == "hold":
        hold(Path(argv[1]), argv[2])
    elif argv[0] == "fork-server":
        fork_server(Path(argv[1]), Path(argv[2]))
    elif argv[0] == "answer":
        answer(Path(argv[1]), argv[2], Path(argv[3]), Path(argv[4]), int(argv[5]))
    else:
        raise SystemExit(f"unknown mode {argv[0]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
