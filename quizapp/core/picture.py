"""Every word of the verdict, and its picture in plain characters, for every face to render.

`verdict_text` is the one place the verdict is put into words: the app's widget, the results and
path screens, plain mode, `quizapp path` and its Markdown checklist all show what it returns, so
they never say different things. The picture is a line from developer to engineer with the
interval and the person's mark; plain text works with NO_COLOR, in narrow terminals and in
`quizapp path`, and the UI widget colours the same characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.core.recommend import EQUIVALENCE, LOW_INTEREST, Recommendation

LEFT = "Developer "
RIGHT = " Engineer"
MIN_WIDTH = 40
"""The narrowest picture drawn; narrower widths get this width (the words still wrap)."""

TITLES = {"engineer": "Backend engineer", "developer": "Backend developer"}
"""How each role is named."""

WORK = {
    "engineer": "system-wide work (scale, reliability, shared code, security rules)",
    "developer": "product work (features, site, database, APIs)",
}
"""What each side's work is, in a few words."""

TITLES_LINE = (
    "In industry the two titles are often used for the same job: read a job advert's duties, "
    "not its title."
)
"""The honest line every face shows with the verdict (the role comparison says the same)."""


@dataclass(frozen=True)
class Picture:
    """The picture's line and where its parts are, for a widget to colour."""

    line: str
    """`Developer ----|--[==●==]--- Engineer` (no interval before there is enough evidence)."""
    scale: str
    """The line under it: where "even" (a lean of 0) is."""
    interval: tuple[int, int] | None
    """Character positions (inclusive) of the interval in `line`, None when none is drawn."""
    mark: int | None
    """Character position of the person's mark in `line`, None when none is drawn."""

    def lines(self) -> list[str]:
        """The picture's two lines."""
        return [self.line, self.scale]


@dataclass(frozen=True)
class VerdictText:
    """The verdict in words, in the order the faces show them (see `lines`)."""

    headline: str
    """One line: the outcome ("Backend engineer fits you better: a clear lean.")."""
    strength: str
    """How strong the lean is, from its size (only under a role verdict, else "")."""
    certainty: str
    """How sure we are: the interval and the number of answers ("" before enough answers)."""
    interest: str
    """How much each side's work appeals ("" before any answer)."""
    guidance: list[str]
    """What the outcome may mean and what to do next (for "neither", "both", "unclear", too few)."""
    titles: str
    """The honest line about job titles, shown with every outcome."""
    reasons_heading: str
    """What the reasons are ("" when there are none)."""
    reasons: list[str]
    """At most four of the person's own answers that moved the outcome most."""
    more: str
    """The offer of more "Which path fits me?" questions ("" when settled or none are left)."""
    notice: str
    """Answers to retired questions that no longer count, or ""."""
    picture: Picture
    """The line from developer to engineer."""

    def words(self) -> list[str]:
        """Every sentence after the headline, in order (no picture, no reasons): the line about
        job titles first, so that even a short view of the verdict shows it."""
        said = [self.titles, self.strength, self.certainty, self.interest, *self.guidance]
        return [sentence for sentence in said if sentence]

    def lines(self, picture: bool = True) -> list[str]:
        """Everything as plain text lines: headline, picture (optional), words, reasons, the offer
        of more questions, the notice."""
        found = [self.headline, *(self.picture.lines() if picture else [])]
        found += self.words()
        if self.reasons:
            found.append(self.reasons_heading)
            found += [f"- {reason}" for reason in self.reasons]
        found += [text for text in (self.more, self.notice) if text]
        return found


def _signed(lean: float) -> str:
    return f"{lean:+.2f}" if lean else "0.00"


def _how_much(level: float) -> str:
    level = round(100 * level) / 100  # as the percentage beside it reads
    if level < LOW_INTEREST:
        return "little"
    if level < 0.6:
        return "some"
    if level < 0.8:
        return "quite a bit"
    return "a lot"


def _questions(count: int) -> str:
    # The count is of answers the verdict rests on, and a rating with its mirror is one of them
    # (two questions): so it is the fewest questions that could do, never more than needed.
    return f'at least {count} more "Which path fits me?" question{"s" if count != 1 else ""}'


def verdict_text(recommendation: Recommendation, width: int = 60) -> VerdictText:
    """The verdict in words, with its picture drawn `width` characters wide."""
    rec = recommendation
    outcome = rec.outcome
    answers = f"{rec.fit_answered} answer{'s' if rec.fit_answered != 1 else ''}"
    interval = f"95% likely between {_signed(rec.low)} and {_signed(rec.high)}"
    strength = certainty = interest = heading = ""
    guidance: list[str] = []
    if outcome == "not enough answers":
        headline = f"No verdict yet: answer {_questions(rec.answers_needed)} for one."
        guidance.append(
            f'You have {answers} to "Which path fits me?" so far (a rating and its mirror count '
            "as one). What you know never decides it: only what you would enjoy."
        )
    else:
        if outcome in TITLES:
            title = TITLES[outcome]
            headline = f"{title} fits you better: a {rec.strength} lean."
            strength = (
                f"How strong: {rec.strength}, a lean of {_signed(rec.lean)} from -1 (all developer "
                "work) to +1 (all engineer work); under 0.3 is slight, under 0.6 clear."
            )
            heading = f"Why: the answers that leaned most toward {outcome} work:"
            most = round(100 * max(rec.interest.values(), default=1.0))
            if most < 100 * LOW_INTEREST:
                guidance.append(
                    f"Your interest in both kinds of backend work was low, though (at most "
                    f"{most}%): this says which of the two you prefer, not that either draws you. "
                    "That may point to other work: the front end, design, data, or another field; "
                    "the comparison of the two roles shows what each really involves."
                )
            if rec.settled:
                certainty = (
                    f"How sure: sure. From {answers}, your lean is {interval}, clear of even: "
                    "more answers are unlikely to change the side."
                )
            else:
                certainty = (
                    f"How sure: not yet sure. From {answers}, your lean is {interval}: this side "
                    "of even, but it may be close to even."
                )
        else:
            certainty = f"How sure: from {answers}, your lean is {interval}."
            if outcome == "both":
                headline = "Both paths fit you: you like both kinds of backend work about equally."
                certainty = (
                    f"How sure: from {answers}, your lean is {interval}, and 90% likely within "
                    f"±{EQUIVALENCE:.2f} of even, which counts as equal."
                )
                heading = "Answers where both kinds of work appealed to you:"
                guidance.append(
                    "Either path would suit you: choose a job by whether its duties are mostly "
                    "system-wide or product work. Both learning paths are shown."
                )
            elif outcome == "neither":
                headline = (
                    "Neither path draws you much: you showed little interest in either kind of "
                    "backend work."
                )
                most = round(100 * max(rec.interest.values(), default=0.0))
                certainty = (
                    f"How sure: {'sure' if rec.settled else 'not yet sure'}. From {answers}, the "
                    f"most interest you showed in either side's work is {most}%, under the "
                    f"{round(100 * LOW_INTEREST)}% that counts as interest"
                    + ("." if rec.settled else "; more answers may change that.")
                )
                heading = "Answers that showed little interest:"
                guidance.append(
                    "That is worth knowing. It may point to other work: the front end (what users "
                    "see and touch), design, data, or another field. The comparison of the two "
                    "roles shows what each really involves; if something there draws you, answer "
                    "these questions again."
                )
            else:
                headline = "No clear lean yet between the two kinds of backend work."
                heading = "Your strongest answers each way:"
                guidance.append(
                    "Your answers point both ways, so neither path is named. The comparison of "
                    "the two roles may help you see which work draws you."
                )
        if rec.interest:
            engineer, developer = (
                rec.interest.get("engineer", 0.0),
                rec.interest.get("developer", 0.0),
            )
            interest = (
                f"Interest: {_how_much(engineer)} ({round(100 * engineer)}%) in engineer-side "
                f"{WORK['engineer']}; {_how_much(developer)} ({round(100 * developer)}%) in "
                f"developer-side {WORK['developer']}."
            )
    more = ""
    if not rec.settled and rec.fit_unanswered:
        surer = "" if rec.answers_needed else "surer "
        more = f"Answer {_questions(rec.answers_needed or 1)} for a {surer}verdict."
    return VerdictText(
        headline=headline,
        strength=strength,
        certainty=certainty,
        interest=interest,
        guidance=guidance,
        titles=TITLES_LINE,
        reasons_heading=heading if rec.reasons else "",
        reasons=list(rec.reasons),
        more=more,
        notice=rec.notice,
        picture=verdict_picture(rec, width),
    )


def verdict_picture(recommendation: Recommendation, width: int = 60) -> Picture:
    """Draw the verdict at `width` characters (at least MIN_WIDTH)."""
    width = max(MIN_WIDTH, width)
    inner = width - len(LEFT) - len(RIGHT)

    def position(lean: float) -> int:
        clamped = max(-1.0, min(1.0, lean))
        return round((clamped + 1) / 2 * (inner - 1))

    cells = ["-"] * inner
    zero = position(0.0)
    cells[zero] = "|"
    interval: tuple[int, int] | None = None
    mark: int | None = None
    if recommendation.outcome != "not enough answers":
        low, high = position(recommendation.low), position(recommendation.high)
        for index in range(low, high + 1):
            cells[index] = "="
        cells[low], cells[high] = "[", "]"
        point = position(recommendation.lean)
        cells[point] = "●"
        interval = (len(LEFT) + low, len(LEFT) + high)
        mark = len(LEFT) + point
    line = LEFT + "".join(cells) + RIGHT
    scale = " " * (len(LEFT) + zero - 2) + "even"
    return Picture(line, scale, interval, mark)


def verdict_lines(recommendation: Recommendation, name: str | None = None) -> list[str]:
    """The verdict as text for `quizapp path`: every line of `verdict_text`, and the command that
    asks more "Which path fits me?" questions when more would help."""
    text = verdict_text(recommendation)
    lines = text.lines()
    if text.more:
        start = f"quizapp --profile {name!r} --mode fit" if name else "quizapp --mode fit"
        index = lines.index(text.more)
        lines[index] = f"{text.more[:-1]}: `{start}`, or choose it on the home screen."
    return lines
