"""Problems found in a user's files, each naming the file, the place and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, worded for the person who has to fix it."""

    file: str
    """The file, as a path the person can open."""
    message: str
    """What is wrong and what to do, in plain words."""
    where: str = ""
    """The question id, index or key path inside the file, if any."""
    line: int | None = None
    """The 1-based line in the file, when known."""

    def __str__(self) -> str:
        return located(self.file, self.line, self.where, self.message)


def located(file: str, line: int | None, where: str, message: str) -> str:
    """`file:line [where]: message`, safe to print: file names and quoted values come from the
    user's files, so they never drive a terminal."""
    from quizapp.core.reading import printable

    place = file
    if line is not None:
        place += f":{line}"
    if where:
        place += f" [{where}]"
    return printable(f"{place}: {message}")


class ProblemsError(Exception):
    """Raised when a file cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
        """Every problem found."""
