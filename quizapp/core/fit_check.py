"""The proofs `quizapp check` runs over fit items (their points and their wording), and the readiness
items' one-per-area rule. They run on any bank, the shipped one or a teacher's own.

Fit items decide the engineer-or-developer verdict, so the bank must not tilt it by construction.

Points:
- a `choice` item offers an engineer-leaning answer, a developer-leaning one, "both" (equal points)
  and "neither" (no points), and its best engineer answer scores what its best developer one does;
- a `scale` item gives points to one side only, lists its answers from most to least interest with
  fewer points at each step down to none for the last ("not at all"), so a dislike says something
  too, and names a `mirror` scale leaning the other way with the same points, which names it back;
- over the whole bank, the most engineer points a person can reach equal the most developer points.

Wording (people choose by the words they read, so the words must not choose for them):
- a choice item's two role options are about the same shared topic (`TOPICS`) and no more than
  `LENGTH_RATIO` times each other's length; a scale and its mirror are about the same topic (same
  `area`, and a shared topic named in both prompts) and matched in length;
- over the bank, each kind of word that is not the work itself (other people, qualities such as
  fast or reliable, the screens a user sees) and each shared topic is named by about as many
  engineer-side texts as developer-side ones (within `margin`), and every shared topic named on one
  side is named on the other; the engineer option is listed first, and is the longer one, in about
  half the choice items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from quizapp.core.bank import AREAS, AnyQuestion, FitQuestion, ReadinessQuestion
from quizapp.core.problems import Problem

LENGTH_RATIO = 1.5
"""The most one role text of an item (or a scale and its mirror) may exceed the other's length by."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TOPICS: dict[str, frozenset[str]] = {
    "APIs": _words("api apis endpoint endpoints graphql webhook webhooks web-service web-services"),
    "databases": _words(
        "database databases query queries table tables index indexes schema schemas sql storage "
        "cache caches caching cached data store stores stored storing"
    ),
    "security": _words(
        "security secure securing secured login logins log-in sign-in sign-up signup "
        "authentication authorization auth password passwords attack attacks attacker attackers "
        "injection permission permissions privacy vulnerability vulnerabilities threat threats "
        "encryption encrypted"
    ),
    "testing and code quality": _words(
        "test tests testing tested review reviews reviewing reviewed quality readable lint linting"
    ),
    "debugging": _words(
        "bug bugs debug debugging troubleshoot troubleshooting fix fixes fixing fixed error errors "
        "crash crashes failure failures fail fails failing broken incident incidents misbehaves"
    ),
    "working with people": _words(
        "people person team teams teammate teammates colleague colleagues coworker coworkers "
        "designer designers user users customer customers shopper shoppers qa tester testers "
        "manager managers stakeholder stakeholders developer developers engineer engineers analyst "
        "analysts reviewer reviewers everyone someone"
    ),
    "architecture": _words(
        "architecture library libraries stack framework frameworks component components"
    ),
}
"""The topics both roles share (the documents give each to both), and words that name each."""

PEOPLE = "working with people"
"""The topic that is also a kind of word: other people must not be a side."""

SIDE_WORDS: dict[str, frozenset[str]] = {
    "people": TOPICS[PEOPLE],
    "qualities": _words(
        "fast faster fastest quick quickly quicker speed slow slower slowly slows slowdown "
        "slowdowns latency performance perform performs performing efficient efficiently "
        "efficiency inefficient scalable scale scales scaling scalability reliable reliably "
        "reliability unreliable robust resilient stable stability uptime downtime outage outages "
        "load loads traffic peak peaks capacity optimise optimize optimising optimizing "
        "optimised optimized tune tuning tuned smooth smoothly heavy busy"
    ),
    "screens": _words(
        "screen screens page pages form forms button buttons interface interfaces ui ux menu menus "
        "layout layouts design designs app apps site sites website websites mobile front-end "
        "frontend checkout"
    ),
    "building": _words(
        "build builds building built add adds adding added create creates creating created ship "
        "ships shipping shipped launch launches launching launched release releases releasing "
        "released deliver delivers delivering delivered feature features new develop develops "
        "developing prototype prototypes"
    ),
    "upkeep": _words(
        "maintain maintains maintaining maintained maintenance keep keeps keeping kept upkeep "
        "monitor monitors monitoring monitored patch patches patching patched repair repairs "
        "repairing support supports supporting supported look-after looks-after looking-after"
    ),
    "trouble": _words(
        "fail fails failing failed failure failures break breaks breaking broke broken bug bugs "
        "crash crashes crashing problem problems error errors wrong outage outages incident "
        "incidents issue issues risk risks risky urgent emergency pressure blame legacy tedious boring "
        "hard difficult painful complaint complaints misbehaves slow"
    ),
    "appeal": _words(
        "exciting excited fun creative interesting modern cool innovative easy simple elegant "
        "clean latest best great favourite favorite enjoyable rewarding impact impactful visible "
        "shiny bold fresh"
    ),
    "meetings": _words(
        "meet meets meeting meetings daily weekly conversation conversations talk talks talking "
        "discuss discusses discussing discussion agree agrees agreeing explain explains explaining "
        "present presenting presentation planning plan plans sync syncs workshop workshops "
        "standup stand-up"
    ),
    "first person": _words("you your yours you're yourself we our ours us my mine me i"),
    "technologies": _words(
        "sql nosql postgres postgresql mysql sqlite redis memcached kafka rabbitmq kubernetes k8s "
        "docker aws azure gcp cloud django flask fastapi spring node express react vue angular "
        "graphql rest grpc nginx apache linux python java javascript typescript golang rust ruby "
        "rails php mongodb elasticsearch terraform ansible jenkins github git ci"
    ),
}
"""Kinds of word that are not the work's emphasis but sway people who choose by words: other
people, qualities (fast, reliable work sounds good), what users see (screens, pages, apps, sites,
design), verbs of building new things against those of keeping things going, trouble (a job framed
by what fails) against appeal (one framed as new, fun or modern), meetings, being spoken to
("you", "your team") and named technologies."""

SCOPE_WORDS = _words(
    "every each all any whole entire shared share shares sharing across company company-wide "
    "companywide organisation organization many several other others system systems system-wide "
    "platform platforms infrastructure common one single this its own their they them it "
    "just only"
)
"""The words that carry the emphasis itself (the whole system or many teams, against one product):
the only words that may lean to one side."""

STOP_WORDS = _words(
    "a an the and or of to in on for with by from at as is are was were be been being that which "
    "what who whom when where why how do does did can could may might must should would will so "
    "than then there these those such into over about after before up out off per via if but not "
    "no nor too very more most much also both either neither"
)
"""Words too common to sway anyone by themselves."""

MIN_WORD_TEXTS = 3
"""A word in fewer role texts than this is never read as leaning to one side."""

_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def tokens(text: str) -> set[str]:
    """The words of `text`, lower case, each hyphenated word also split into its parts."""
    found: set[str] = set()
    for word in _TOKEN.findall(text.casefold().replace("\u2019", "'")):
        found.add(word)
        found.update(word.split("-"))
    words = text.casefold().split()
    # Two-word names ("web service", "sign in") count as their hyphenated form.
    for first, second in zip(words, words[1:], strict=False):
        found.add(f"{first.strip('.,;:()')}-{second.strip('.,;:()')}")
    return found


def topics_named(text: str) -> set[str]:
    """The shared topics a text names."""
    words = tokens(text)
    return {topic for topic, lexicon in TOPICS.items() if words & lexicon}


def kind_occurrences(text: str) -> dict[str, int]:
    """How many words of each kind of side word (SIDE_WORDS) a text holds, repeats included."""
    words = _TOKEN.findall(text.casefold().replace("\u2019", "'"))
    pairs = [f"{first}-{second}" for first, second in zip(words, words[1:], strict=False)]
    counts = dict.fromkeys(SIDE_WORDS, 0)
    for kind, lexicon in SIDE_WORDS.items():
        counts[kind] = sum(
            1 for word in words if word in lexicon or any(p in lexicon for p in word.split("-"))
        ) + sum(1 for pair in pairs if pair in lexicon)
    return counts


def kinds_named(text: str) -> set[str]:
    """The kinds of side word (people, qualities, screens) and shared topics a text names."""
    words = tokens(text)
    return {kind for kind, lexicon in {**SIDE_WORDS, **TOPICS}.items() if words & lexicon}


@dataclass(frozen=True)
class RoleText:
    """A text that speaks for one side: a choice item's role option, or a scale item's prompt."""

    question: FitQuestion
    """The item it belongs to."""
    side: str
    """`engineer` or `developer`."""
    text: str
    """The words a person reads."""


def role_texts(question: FitQuestion) -> list[RoleText]:
    """The texts of a fit item that speak for one side (none for a scale that leans nowhere)."""
    if question.form == "scale":
        side = _side(question)
        return [RoleText(question, side, question.prompt)] if side else []
    found = []
    for option in question.options:
        if option.engineer != option.developer:
            side = "engineer" if option.engineer > option.developer else "developer"
            found.append(RoleText(question, side, option.text))
    return found


def margin(count: int) -> int:
    """How far apart two sides' counts may be over `count` texts a side: 10%, at least 1."""
    return max(1, round(0.1 * count))


def _side(question: FitQuestion) -> str | None:
    """The one side a scale item's points go to, None when it gives none or both."""
    engineer = any(option.engineer for option in question.options)
    developer = any(option.developer for option in question.options)
    if engineer == developer:
        return None
    return "engineer" if engineer else "developer"


def _points(question: FitQuestion) -> list[int]:
    """A scale item's points per answer, in order, whichever side they go to."""
    return [option.engineer + option.developer for option in question.options]


def _ratio(first: str, second: str) -> float:
    short, long = sorted((len(first.strip()), len(second.strip())))
    return long / max(1, short)


def _check_choice(question: FitQuestion) -> list[str]:
    options = question.options
    problems = []
    if not any(option.engineer > option.developer for option in options):
        problems.append("options: a choice item needs an answer leaning to the engineer side")
    if not any(option.developer > option.engineer for option in options):
        problems.append("options: a choice item needs an answer leaning to the developer side")
    if not any(option.engineer == option.developer > 0 for option in options):
        problems.append('options: a choice item must offer "both" (equal points to each side)')
    if not any(option.engineer == option.developer == 0 for option in options):
        problems.append('options: a choice item must offer "neither" (no points)')
    best_engineer = max(option.engineer for option in options)
    best_developer = max(option.developer for option in options)
    if best_engineer != best_developer:
        problems.append(
            f"options: the best engineer answer gives {best_engineer} points but the best "
            f"developer answer {best_developer}; make them equal"
        )
    texts = role_texts(question)
    if len(texts) != 2:
        if len(texts) > 2:
            problems.append("options: a choice item has one engineer and one developer option")
        return problems
    engineer, developer = sorted(texts, key=lambda text: text.side != "engineer")
    ratio = _ratio(engineer.text, developer.text)
    if ratio > LENGTH_RATIO:
        problems.append(
            f"options: the engineer option has {len(engineer.text)} characters and the developer "
            f"option {len(developer.text)} ({ratio:.1f}x); keep them within {LENGTH_RATIO}x of "
            "each other, so that length does not pick the side"
        )
    mine, theirs = topics_named(engineer.text), topics_named(developer.text)
    if not mine & theirs:
        problems.append(
            "options: the two role options are not about one shared topic (engineer option: "
            f"{_listed(mine)}; developer option: {_listed(theirs)}); write both about the same "
            f"topic ({', '.join(TOPICS)}), so the choice is between emphases of one kind of work"
        )
    return problems


def _listed(topics: Iterable[str]) -> str:
    return ", ".join(sorted(topics)) or "none"


def _check_scale(question: FitQuestion, by_id: dict[str, FitQuestion]) -> list[str]:
    problems = []
    side = _side(question)
    if side is None:
        return ["options: a scale item gives points to one side only (engineer or developer)"]
    points = _points(question)
    if any(later >= earlier for earlier, later in zip(points, points[1:], strict=False)):
        problems.append(
            "options: list a scale's answers from most to least interest, each giving fewer "
            f"points than the one before (got {points}), so every answer says how much"
        )
    if points[-1]:
        problems.append(
            f"options: a scale's last answer (no interest) must give no points; got {points}"
        )
    if question.mirror is None:
        problems.append("mirror: a scale item needs a mirror scale leaning the other way")
        return problems
    mirror = by_id.get(question.mirror)
    if mirror is None or mirror.form != "scale":
        problems.append(f"mirror: '{question.mirror}' is not a fit scale item in the bank")
        return problems
    if mirror.mirror != question.id:
        problems.append(f"mirror: '{question.mirror}' must name '{question.id}' as its mirror")
    mirror_side = _side(mirror)
    if mirror_side is not None and mirror_side == side:
        problems.append(f"mirror: '{question.mirror}' leans to the same side ({side})")
    if _points(mirror) != points:
        problems.append(
            f"mirror: '{question.mirror}' gives {_points(mirror)} points, this item {points}; "
            "a mirror has the same weights"
        )
    if side == "developer":
        return problems  # the pair's wording is read once, from its engineer side
    shared = topics_named(question.prompt) & topics_named(mirror.prompt)
    if mirror.area != question.area or not shared:
        problems.append(
            f"mirror: '{question.mirror}' is not about the same topic (area '{mirror.area}' naming "
            f"{_listed(topics_named(mirror.prompt))}; this item: area '{question.area}' naming "
            f"{_listed(topics_named(question.prompt))}); give a mirror this item's area and name "
            f"the same shared topic ({', '.join(TOPICS)}) in both prompts, so that liking one "
            "side's work and not the other's is a lean"
        )
    ratio = _ratio(question.prompt, mirror.prompt)
    if ratio > LENGTH_RATIO:
        problems.append(
            f"prompt: {len(question.prompt)} characters against {len(mirror.prompt)} in the "
            f"mirror '{question.mirror}' ({ratio:.1f}x); keep a scale and its mirror within "
            f"{LENGTH_RATIO}x of each other's length"
        )
    return problems


def wording_counts(questions: Iterable[AnyQuestion]) -> dict[str, dict[str, int]]:
    """How many role texts on each side name each kind of side word and each shared topic.

    Returns:
        kind or topic -> {"engineer": count, "developer": count}; also "texts" (all role texts).
    """
    counts: dict[str, dict[str, int]] = {
        kind: {"engineer": 0, "developer": 0} for kind in ("texts", *SIDE_WORDS, *TOPICS)
    }
    for question in questions:
        if not isinstance(question, FitQuestion):
            continue
        for text in role_texts(question):
            counts["texts"][text.side] += 1
            for kind in kinds_named(text.text):
                counts[kind][text.side] += 1
    return counts


def occurrence_counts(questions: Iterable[AnyQuestion]) -> dict[str, dict[str, int]]:
    """How many words of each kind of side word the role texts on each side hold, repeats included
    (two people named in one text count twice)."""
    counts = {kind: {"engineer": 0, "developer": 0} for kind in SIDE_WORDS}
    for question in questions:
        if not isinstance(question, FitQuestion):
            continue
        for text in role_texts(question):
            for kind, count in kind_occurrences(text.text).items():
                counts[kind][text.side] += count
    return counts


def order_counts(questions: Iterable[AnyQuestion]) -> dict[str, dict[str, int]]:
    """Over choice items: which side's option is listed first, and which is the longer one."""
    counts = {"first": {"engineer": 0, "developer": 0}, "longer": {"engineer": 0, "developer": 0}}
    for question in questions:
        if not isinstance(question, FitQuestion) or question.form != "choice":
            continue
        texts = role_texts(question)
        if len(texts) != 2:
            continue
        counts["first"][texts[0].side] += 1
        first, second = texts
        if len(first.text.strip()) != len(second.text.strip()):
            longer = max(texts, key=lambda text: len(text.text.strip()))
            counts["longer"][longer.side] += 1
    return counts


_KIND_WORDS = {
    "people": "name other people",
    "qualities": "name qualities such as fast, reliable or scalable",
    "screens": "name what users see (screens, pages, apps, sites, design)",
    "building": "are about building new things (build, add, ship, launch, feature, new)",
    "upkeep": "are about keeping things going (maintain, keep, monitor, support)",
    "trouble": "frame the work by trouble (fails, bugs, outages, slow, pressure)",
    "appeal": "make the work sound appealing (exciting, fun, modern, creative, easy)",
    "meetings": "name meetings or talk (meet, daily, discuss, agree, explain, plan)",
    "first person": "speak to the reader (you, your, we, our)",
    "technologies": "name technologies (SQL, Redis, Kafka, Docker, Django...)",
    "first": "list the engineer option first",
    "longer": "have the longer option",
}


def stem(word: str) -> str:
    """A word's rough stem, so that "ship", "ships" and "shipping", or "store", "stores" and
    "storing", count as one word."""
    word = word.removesuffix("'s")
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes", "zes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]  # shipping -> shipp -> ship
            break
    return word.removesuffix("e") if len(word) > 3 else word


_PLAIN_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


def word_counts(questions: Iterable[AnyQuestion]) -> dict[str, dict[str, int]]:
    """Per word (its stem, named by the first form met) other than scope and stop words, how many
    role texts on each side use it."""
    counts: dict[str, dict[str, int]] = {}
    names: dict[str, str] = {}
    for question in questions:
        if not isinstance(question, FitQuestion):
            continue
        for text in role_texts(question):
            stems: set[str] = set()
            for word in _PLAIN_WORD.findall(text.text.casefold().replace("\u2019", "'")):
                bare = word.removesuffix("'s")
                if bare in SCOPE_WORDS or bare in STOP_WORDS:
                    continue
                names.setdefault(stem(bare), bare)
                stems.add(stem(bare))
            for found in stems:
                counts.setdefault(names[found], {"engineer": 0, "developer": 0})[text.side] += 1
    return counts


def _wording_problems(fit: list[FitQuestion], file: str) -> list[Problem]:
    problems = []
    counts = wording_counts(fit)
    allowed = margin(max(counts["texts"].values()))
    for kind, sides in counts.items():
        if kind in ("texts", PEOPLE):
            continue  # other people as a topic are counted once, as the "people" kind of word
        engineer, developer = sides["engineer"], sides["developer"]
        if kind in TOPICS and (engineer == 0) != (developer == 0):
            named, missing = ("engineer", "developer") if engineer else ("developer", "engineer")
            problems.append(
                Problem(
                    file,
                    f"fit wording: the shared topic '{kind}' is named only on the {named} side "
                    f"({max(engineer, developer)} texts); the documents give it to both roles, so "
                    f"name it on the {missing} side too",
                )
            )
        elif abs(engineer - developer) > allowed:
            what = _KIND_WORDS.get(kind, f"name the shared topic '{kind}'")
            problems.append(
                Problem(
                    file,
                    f"fit wording is not balanced: {engineer} engineer-side texts {what} but "
                    f"{developer} developer-side texts (at most {allowed} apart); reword so "
                    "both sides do about equally",
                )
            )
    for kind, sides in occurrence_counts(fit).items():
        engineer, developer = sides["engineer"], sides["developer"]
        texts_apart = abs(counts[kind]["engineer"] - counts[kind]["developer"]) > allowed
        if abs(engineer - developer) > allowed and not texts_apart:
            # As many texts each side, but more such words in one side's texts.
            problems.append(
                Problem(
                    file,
                    f"fit wording is not balanced: the engineer-side texts hold {engineer} words "
                    f"that {_KIND_WORDS[kind]} and the developer-side ones {developer} (at most "
                    f"{allowed} apart); reword so both sides do about equally",
                )
            )
    words = word_counts(fit)
    for word, sides in sorted(words.items()):
        engineer, developer = sides["engineer"], sides["developer"]
        if max(engineer, developer) >= MIN_WORD_TEXTS and abs(engineer - developer) > allowed:
            side, other = (
                ("engineer", "developer") if engineer > developer else ("developer", "engineer")
            )
            problems.append(
                Problem(
                    file,
                    f"fit wording is not balanced: the word '{word}' is in {max(engineer, developer)} "
                    f"{side}-side texts but {min(engineer, developer)} {other}-side ones (at most "
                    f"{allowed} apart); a word that is not about scope (every, shared, one, this...) "
                    "must not lean to one side: use it on both sides or on neither",
                )
            )
    order = order_counts(fit)
    allowed = margin(sum(order["first"].values()))
    for kind in ("first", "longer"):
        engineer, developer = order[kind]["engineer"], order[kind]["developer"]
        if abs(engineer - developer) > allowed:
            side = "engineer" if engineer > developer else "developer"
            problems.append(
                Problem(
                    file,
                    f"fit wording is not balanced: the {side} option is "
                    f"{'listed first' if kind == 'first' else 'the longer one'} in "
                    f"{max(engineer, developer)} choice items and the other in "
                    f"{min(engineer, developer)} (at most {allowed} apart); swap some, so that "
                    "position or length does not pick the side",
                )
            )
    return problems


def check_fit_balance(
    questions: Iterable[tuple[Path, AnyQuestion]],
    line_of: Callable[[Path, str], int | None] | None = None,
) -> list[Problem]:
    """Prove the fit items balanced and the readiness items one per area; every failure is a Problem.

    Args:
        questions: (file, question) pairs for every valid question.
        line_of: finds the line of a question (file, id) for messages, when known.
    """
    located = list(questions)
    fit = [(path, q) for path, q in located if isinstance(q, FitQuestion)]
    by_id = {question.id: question for _, question in fit}
    problems: list[Problem] = []

    def add(path: Path, question: AnyQuestion, message: str) -> None:
        line = line_of(path, question.id) if line_of else None
        problems.append(Problem(str(path), message, f"id {question.id}", line))

    for path, item in fit:
        if item.form == "choice":
            if item.mirror is not None:
                add(path, item, "mirror: only scale items have a mirror; remove it")
            messages = _check_choice(item)
        else:
            messages = _check_scale(item, by_id)
        for message in messages:
            add(path, item, message)
    item_problems = len(problems)
    engineer, developer = fit_totals(item for _, item in fit)
    if engineer != developer and fit:
        problems.append(
            Problem(
                str(fit[0][0]),
                f"fit items are not balanced: a person can reach {engineer} engineer points but "
                f"{developer} developer points; give each engineer-leaning item a developer mirror",
            )
        )
    if fit and len(problems) == item_problems == 0:
        # Wording over the bank is read once every item stands: a missing mirror or side would
        # only show again as a topic or kind of word on one side.
        problems.extend(_wording_problems([item for _, item in fit], str(fit[0][0])))
    seen: dict[str, str] = {}
    for path, question in located:
        if not isinstance(question, ReadinessQuestion):
            continue
        if question.area in seen and question.area in AREAS:
            add(
                path,
                question,
                f"area: '{question.area}' already has a readiness item ({seen[question.area]}); "
                "keep one per area",
            )
        seen.setdefault(question.area, question.id)
    return problems


def fit_totals(questions: Iterable[AnyQuestion]) -> tuple[int, int]:
    """The most engineer points and the most developer points a person can reach over fit items."""
    fit = [question for question in questions if isinstance(question, FitQuestion)]
    return (
        sum(max(option.engineer for option in question.options) for question in fit),
        sum(max(option.developer for option in question.options) for question in fit),
    )
