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
        from quizapp.core.reading import printable

        place = self.file
        if self.line is not None:
            place += f":{self.line}"
        if self.where:
            place += f" [{self.where}]"
        # File names and quoted values come from the user's files: never let them drive a terminal.
        return printable(f"{place}: {self.message}")


class ProblemsError(Exception):
    """Raised when a file cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems
        """Every problem found."""
