"""The command line: parses arguments, builds domain objects and hands them to the app."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from quizapp.launch import die_with_parent, folders, run_app

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def _add_common(parser: argparse.ArgumentParser) -> None:
    """Options every command understands; SUPPRESS keeps a subcommand from resetting them."""
    parser.add_argument(
        "--questions", type=Path, default=argparse.SUPPRESS, help="question bank folder"
    )
    parser.add_argument(
        "--seeds", type=Path, default=argparse.SUPPRESS, help="seed documents folder"
    )
    parser.add_argument(
        "--profiles",
        type=Path,
        default=argparse.SUPPRESS,
        help="profiles folder (default: $QUIZAPP_PROFILES or the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `quizapp` and its commands."""
    parser = argparse.ArgumentParser(
        prog="quizapp",
        description="Learn what backend engineers and backend developers do, and which path fits you.",
    )
    _add_common(parser)
    parser.add_argument("--profile", metavar="NAME", help="open or create this person's profile")
    parser.add_argument(
        "--mode",
        metavar="MODE",
        help="start straight away: quick, full, fit (which path fits me?), topic:duties|skills|tools, review",
    )
    parser.add_argument("--seed", type=int, help="shuffle reproducibly with this seed")
    parser.add_argument("--pack", type=Path, metavar="FILE", help="run this classroom quiz pack")
    parser.add_argument(
        "--class-student",
        action="store_true",
        help=argparse.SUPPRESS,  # set by `quizapp serve`: the profile stays fixed for the session
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line by line, for screen readers and simple terminals (also TERM=dumb or ACCESSIBLE=1)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="validate the bank (and a pack) against the documents"
    )
    _add_common(check)
    check.add_argument("--pack", type=Path, metavar="FILE", help="also validate this quiz pack")
    check.add_argument(
        "--rule",
        action="append",
        metavar="RULE",
        help="list only this item-writing rule's warnings (repeatable), e.g. longest-key",
    )
    check.add_argument(
        "--show",
        action="store_true",
        help="with --pack: also print the pack's questions in order and its total time",
    )

    schema = commands.add_parser("schema", help="print the JSON schema of the bank format")
    schema.add_argument("--output", type=Path, metavar="FILE", help="write it to FILE instead")

    compare = commands.add_parser(
        "compare", help="the backend engineer and developer side by side, with sources"
    )
    _add_common(compare)

    profiles = commands.add_parser("profiles", help="list the profiles in the profiles folder")
    _add_common(profiles)

    path = commands.add_parser("path", help="print a profile's recommendation and learning path")
    _add_common(path)
    path.add_argument(
        "--profile", metavar="NAME", default=argparse.SUPPRESS, help="whose path to print"
    )
    path.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown checklist")

    report = commands.add_parser("report", help="a class report from every profile in a folder")
    _add_common(report)
    report.add_argument("folder", type=Path, metavar="DIR", help="the class's profiles folder")
    report.add_argument(
        "--pack", metavar="ID|FILE", help="only attempts of this pack (its id or its file)"
    )
    report.add_argument("--csv", type=Path, metavar="FILE", help="write one row per student")
    report.add_argument("--json", type=Path, metavar="FILE", help="write the whole report as JSON")
    report.add_argument(
        "--at",
        metavar="TIME",
        help="report as of this time, e.g. 2026-11-28T10:15:00Z (default: now); time limits "
        "that ran out by then count as timed out",
    )

    watch = commands.add_parser("watch", help="the teacher's live view of a class quiz")
    _add_common(watch)
    watch.add_argument("folder", type=Path, metavar="DIR", help="the class's profiles folder")
    watch.add_argument(
        "--pack", required=True, metavar="ID_OR_FILE", help="the pack's id, or its file"
    )

    serve = commands.add_parser("serve", help="serve the quiz to browsers on the class network")
    _add_common(serve)
    serve.add_argument("--pack", type=Path, metavar="FILE", help="the quiz pack students take")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--public-url", metavar="URL", help="the address students type, if different"
    )
    serve.add_argument("--code", help="the class code (default: a random one)")
    serve.add_argument("--max-sessions", type=int, default=40)
    serve.add_argument(
        "--no-watch",
        dest="watch",
        action="store_false",
        help="log to the terminal instead of showing the live view of the class",
    )
    serve.add_argument(
        "--start-now",
        action="store_true",
        help="start the class quiz for everyone at once (a pack's lobby opens now; every "
        "clock starts now); otherwise start it from the live view with s",
    )
    serve.add_argument(
        "--no-fork",
        dest="fork",
        action="store_false",
        help="start each student with a fresh Python instead of forking a pre-loaded one",
    )

    export = commands.add_parser(
        "export", help="write the bank (or a pack) as a file Moodle imports"
    )
    _add_common(export)
    export.add_argument("--format", required=True, choices=("gift", "aiken", "moodle-xml"))
    export.add_argument("--pack", type=Path, metavar="FILE", help="only this pack's questions")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")

    import_ = commands.add_parser(
        "import", help="read a GIFT, Aiken or Moodle XML file into a draft bank file"
    )
    import_.add_argument("file", type=Path, metavar="FILE", help="the Moodle file to read")
    import_.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        required=True,
        help="the bank file to write, e.g. questions/imported.toml",
    )
    import_.add_argument(
        "--format",
        choices=("gift", "aiken", "moodle-xml"),
        help="default: from the extension or content",
    )
    import_.add_argument("--force", action="store_true", help="replace FILE if it exists")
    return parser


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    return folders(getattr(args, "questions", None), getattr(args, "seeds", None))


def _print_problems(problems: Sequence[object], what: str) -> None:
    from quizapp.core.formats import plural

    print(f"{what}: {plural(len(problems), 'problem')} found", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def _summary_line(title: str, counts: Counter[str]) -> str:
    parts = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))
    return f"  {title:<10} {parts}"


def _print_drafts(drafts: Sequence[Any], files: dict[str, str]) -> None:
    """List draft questions (not an error: they wait for a source passage and stay out of quizzes)."""
    if drafts:
        print(f"quizapp check: {len(drafts)} draft(s), left out of quizzes and packs:")
    for question in drafts:
        place = f"{files.get(question.id, '?')} [id {question.id}]"
        if question.source.doc:
            print(f"  {place}: draft: has a source passage; remove `draft = true` to use it")
        else:
            print(f"  {place}: draft: needs a source passage")


def _item_line(warnings: Sequence[Any], questions: Sequence[Any]) -> str:
    """The summary line of the item-writing check on a bank that passed its bank-level limits."""
    from quizapp.core.formats import plural
    from quizapp.core.item_check import limits_not_applied

    flagged = len({(finding.file, finding.where) for finding in warnings})
    line = "item-writing check: bank-level limits met"
    skipped = limits_not_applied(questions)
    if skipped:
        line += f" (too few questions for: {'; '.join(skipped)})"
    if not warnings:
        return line + "; no warnings"
    return line + (
        f"; {plural(len(warnings), 'warning')} on {plural(flagged, 'question')} (listed below)"
    )


def _print_item_warnings(
    warnings: Sequence[Any], wanted: Sequence[str], *, after_summary: bool = False
) -> None:
    """The item-writing warnings: a count and fix per rule, then each question's findings."""
    from quizapp.core.item_check import RUBRIC, summary

    if wanted:
        warnings = [finding for finding in warnings if finding.rule in wanted]
    if not warnings:
        return
    if after_summary:
        print()
    print(f"Item-writing warnings, by rule ({RUBRIC}):")
    for rule, count in summary(warnings):
        print(f"  {count:>4}  {rule.id:<20} {rule.title}")
        print(f"        {'':<20} fix: {rule.fix}")
    print("Item-writing warnings, by question:")
    by_question: dict[tuple[str, str], list[Any]] = {}
    for finding in warnings:
        by_question.setdefault((finding.file, finding.where), []).append(finding)
    for group in sorted(
        by_question.values(), key=lambda items: (items[0].file, items[0].line or 0)
    ):
        first = group[0]
        place = first.file + (f":{first.line}" if first.line is not None else "")
        print(f"  {place} [{first.where}]")
        for finding in group:
            print(f"    {finding.rule}: {finding.message}")


def command_check(args: argparse.Namespace) -> int:
    """`quizapp check`: validate the whole bank, the path catalogue and an optional pack."""
    from quizapp.core.compare import load_comparison
    from quizapp.core.item_check import RULES, bank_items
    from quizapp.core.loader import load_bank
    from quizapp.core.paths import load_catalogue
    from quizapp.core.problems import Problem

    questions_dir, seeds_dir = _folders(args)
    wanted: list[str] = getattr(args, "rule", None) or []
    unknown = [rule for rule in wanted if rule not in RULES]
    if unknown:
        print(
            f"quizapp check: unknown rule {unknown[0]!r}; use one of {', '.join(RULES)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    bank, documents, problems = load_bank(questions_dir, seeds_dir)
    catalogue, path_problems = load_catalogue(questions_dir, documents)
    comparison, compare_problems = load_comparison(questions_dir, documents)
    findings = bank_items(questions_dir, bank.questions, bank.files)
    item_errors = [
        Problem(finding.file, f"{finding.rule}: {finding.message}", finding.where, finding.line)
        for finding in findings
        if finding.level == "error"
    ]
    warnings = [finding for finding in findings if finding.level == "warning"]
    problems = [*problems, *path_problems, *compare_problems, *item_errors]
    pack_path: Path | None = getattr(args, "pack", None)
    pack = None
    if getattr(args, "show", False) and pack_path is None:
        print("quizapp check: --show needs --pack FILE (the pack to preview)", file=sys.stderr)
        return EXIT_USAGE
    if pack_path is not None:
        from quizapp.core.packs import load_pack

        pack, pack_problems = load_pack(pack_path, bank)
        problems.extend(pack_problems)
    if problems:
        _print_item_warnings(warnings, wanted)
        _print_drafts(bank.drafts, bank.files)
        _print_problems(problems, "quizapp check")
        return EXIT_PROBLEMS
    print(f"quizapp check: {len(bank)} questions OK in {questions_dir}")
    print(_summary_line("topics", Counter(q.topic for q in bank.questions)))
    print(_summary_line("kinds", Counter(q.kind for q in bank.questions)))
    print(_summary_line("areas", Counter(q.area for q in bank.questions)))
    print(_summary_line("documents", Counter(q.source.doc for q in bank.questions)))
    from quizapp.core.fit_check import fit_totals

    engineer, developer = fit_totals(bank.questions)
    if engineer or developer:
        print(
            f"  {'fit':<10} balanced: at most {engineer} engineer and {developer} developer points"
        )
    if catalogue is not None:
        steps = ", ".join(f"{path.role} {len(path.steps)} steps" for path in catalogue.paths)
        print(f"  {'paths':<10} {steps}")
    if comparison is not None:
        print(f"  {'roles':<10} {len(comparison.rows)} rows comparing the two roles")
    print(f"  {'items':<10} {_item_line(warnings, bank.questions)}")
    if pack_path is not None:
        print(f"  {'pack':<10} {pack_path} OK")
    if pack is not None and getattr(args, "show", False):
        import shutil

        from quizapp.core.packs import preview_lines
        from quizapp.core.reading import printable

        print()
        for line in preview_lines(pack, bank, shutil.get_terminal_size((100, 24)).columns):
            print(printable(line))
    _print_drafts(bank.drafts, bank.files)
    _print_item_warnings(warnings, wanted, after_summary=True)
    return EXIT_OK


def command_compare(args: argparse.Namespace) -> int:
    """`quizapp compare`: the two roles side by side, by duties, skills and tools, with sources."""
    import shutil

    from quizapp.core.compare import ROLES_FILE, comparison_text, load_comparison
    from quizapp.core.loader import Documents

    questions_dir, seeds_dir = _folders(args)
    documents = Documents.load(seeds_dir)
    comparison, problems = load_comparison(questions_dir, documents)
    if problems:
        _print_problems(problems, "quizapp compare")
        return EXIT_PROBLEMS
    if comparison is None:
        print(f"quizapp compare: no {ROLES_FILE} in {questions_dir}", file=sys.stderr)
        return EXIT_PROBLEMS
    width = min(100, shutil.get_terminal_size((80, 24)).columns)
    sys.stdout.write(comparison_text(comparison, sorted(documents.texts), width))
    return EXIT_OK


def command_schema(args: argparse.Namespace) -> int:
    """`quizapp schema`: the JSON schema of a bank file, generated from the models."""
    from quizapp.core.schema import bank_schema_json

    text = bank_schema_json()
    if args.output:
        from quizapp.core.durable import atomic_write

        try:
            atomic_write(args.output, text.encode("utf-8"))
        except OSError as error:
            reason = error.strerror or str(error)
            if not args.output.parent.is_dir():
                reason = f"its folder {args.output.parent} does not exist"
            print(
                f"quizapp schema: cannot write {args.output}: {reason}; give another --output path",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _profiles_dir(args: argparse.Namespace) -> Path:
    from quizapp.core.locations import default_profiles_dir

    folder: Path | None = getattr(args, "profiles", None)
    return folder or default_profiles_dir()


def wants_plain(args: argparse.Namespace) -> bool:
    """Whether to run the line-by-line plain mode: asked for, or a terminal that cannot draw screens.

    Never for a browser student of `quizapp serve` (their terminal is the page, whatever the
    teacher's own TERM or ACCESSIBLE say).
    """
    if getattr(args, "class_student", False):
        return False
    return bool(
        args.plain or os.environ.get("TERM") == "dumb" or os.environ.get("ACCESSIBLE") == "1"
    )


def _profiles_dir_problem(folder: Path) -> str | None:
    """Why `folder` cannot be the profiles folder (None if it can, or does not exist yet)."""
    if folder.exists() and not folder.is_dir():
        return (
            f"the profiles folder {folder} is a file, not a folder; give a folder with "
            "--profiles DIR or $QUIZAPP_PROFILES"
        )
    return None


def command_run(args: argparse.Namespace, on_first_screen: Callable[[], None] | None = None) -> int:
    """`quizapp`: start the app (optionally straight into a profile, mode or pack)."""
    from quizapp.core.formats import parse_mode

    if args.mode:
        try:
            parse_mode(args.mode)
        except ValueError as error:
            print(f"quizapp: {error}", file=sys.stderr)
            return EXIT_USAGE
        if not args.profile:
            print("quizapp: --mode needs --profile NAME (whose quiz to start)", file=sys.stderr)
            return EXIT_USAGE
    if args.profile is not None:
        from quizapp.core.store import InvalidNameError, check_name

        try:
            check_name(args.profile)
        except InvalidNameError as error:
            print(
                f"quizapp: profile name {args.profile!r} is not allowed: {error}", file=sys.stderr
            )
            return EXIT_USAGE
    if args.pack is not None and not args.pack.is_file():
        print(f"quizapp: {args.pack}: pack file not found; check the path", file=sys.stderr)
        return EXIT_USAGE
    problem = _profiles_dir_problem(_profiles_dir(args))
    if problem:
        print(f"quizapp: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if wants_plain(args):
        from quizapp.core.library import Library
        from quizapp.core.locations import default_cache_dir
        from quizapp.plain import run_plain

        questions_dir, seeds_dir = _folders(args)
        library = Library(questions_dir, seeds_dir, default_cache_dir())
        return run_plain(
            profiles_dir=_profiles_dir(args),
            library=library,
            profile_name=args.profile,
            mode=args.mode,
            seed=args.seed,
            pack_path=args.pack,
        )
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "quizapp: the quiz needs a terminal (stdin and stdout are not one). "
            "For browsers use `quizapp serve`; for scripts see `quizapp --help`.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    questions_dir, seeds_dir = _folders(args)
    return run_app(
        profiles_dir=_profiles_dir(args),
        questions_dir=questions_dir,
        seeds_dir=seeds_dir,
        profile_name=args.profile,
        mode=args.mode,
        seed=args.seed,
        pack_path=args.pack,
        class_student=args.class_student,
        on_first_screen=on_first_screen,
    )


def command_profiles(args: argparse.Namespace) -> int:
    """`quizapp profiles`: name, last activity, answers and unfinished attempt, one line each."""
    from quizapp.core.store import ProfileError, ProfileStore

    store = ProfileStore(_profiles_dir(args))
    problem = _profiles_dir_problem(store.folder)
    if problem:
        print(f"quizapp profiles: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        summaries = store.list_profiles(full=True)
    except ProfileError as error:
        print(f"quizapp profiles: {error.problem}", file=sys.stderr)
        return EXIT_PROBLEMS
    if not summaries:
        print(f"No profiles yet in {store.folder}. Start one with: quizapp --profile NAME")
        return EXIT_OK
    print(f"Profiles in {store.folder}:")
    print(f"  {'name':<24} {'last activity':<22} {'answers':>7}  unfinished")
    broken = 0
    for summary in summaries:
        if summary.error:
            broken += 1
            print(f"  {summary.name:<24} cannot be read: {summary.error}")
            continue
        from quizapp.core.formats import local_time

        when = local_time(summary.last_activity) if summary.last_activity else "-"
        unfinished = "yes" if summary.unfinished else "no"
        print(f"  {summary.name:<24} {when:<22} {summary.answers:>7}  {unfinished}")
    return EXIT_PROBLEMS if broken else EXIT_OK


def command_path(args: argparse.Namespace) -> int:
    """`quizapp path`: print the recommendation and learning path; optionally write a Markdown checklist."""
    from quizapp.core.loader import load_bank
    from quizapp.core.paths import load_catalogue, progress
    from quizapp.core.recommend import paths_to_show, plan_path, recommend
    from quizapp.core.store import InvalidNameError, ProfileError, ProfileStore

    if getattr(args, "profile", None) is None:
        print("quizapp path: give --profile NAME (whose path to print)", file=sys.stderr)
        return EXIT_USAGE
    if args.markdown and not args.markdown.resolve().parent.is_dir():
        print(
            f"quizapp path: cannot write {args.markdown}: its folder does not exist",
            file=sys.stderr,
        )
        return EXIT_USAGE
    store = ProfileStore(_profiles_dir(args))
    problem = _profiles_dir_problem(store.folder)
    if problem:
        print(f"quizapp path: {problem}", file=sys.stderr)
        return EXIT_USAGE
    try:
        folder = store.person_folder(args.profile)
        profile_file = folder / "profile.toml"
        if not (profile_file.exists() or profile_file.is_symlink()):
            print(f"quizapp: no profile named {args.profile!r} in {store.folder}", file=sys.stderr)
            return EXIT_PROBLEMS
        profile = store.read_profile(folder)
    except InvalidNameError as error:
        print(f"quizapp: profile name {args.profile!r} is not allowed: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ProfileError as error:
        print(f"quizapp: {error.problem}", file=sys.stderr)
        return EXIT_PROBLEMS
    questions_dir, seeds_dir = _folders(args)
    bank, documents, problems = load_bank(questions_dir, seeds_dir)
    catalogue, path_problems = load_catalogue(questions_dir, documents)
    if problems or path_problems:
        _print_problems([*problems, *path_problems], "quizapp path")
        return EXIT_PROBLEMS
    if catalogue is None:
        from quizapp.core.paths import CATALOGUE_FILE

        print(
            f"quizapp path: no learning paths: {questions_dir / CATALOGUE_FILE} does not exist; "
            "give the bank folder that has it (--questions DIR)",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    recommendation = recommend(store.decisive_answers(folder), bank)
    planned = [
        (
            learning_path,
            plan_path(
                learning_path, recommendation.by_area, profile.path, recommendation.readiness
            ),
        )
        for learning_path in paths_to_show(recommendation, catalogue, profile.path.chosen)
    ]
    from quizapp.core.export import STATUS_WORDS, path_markdown
    from quizapp.core.picture import verdict_lines

    headline, *lines = verdict_lines(recommendation, profile.name)
    print(f"{profile.name}: {headline}")
    if profile.path.chosen:
        print(f"  (you chose to follow the {profile.path.chosen} path)")
    for line in lines:
        print(f"  {line}" if line else "")
    for learning_path, steps in planned:
        finished, counted = progress(item.status for item in steps)
        print(f"\n{learning_path.title}: {finished} of {counted} steps")
        for number, item in enumerate(steps, start=1):
            print(f"  {number:>2}. [{STATUS_WORDS[item.status]:<11}] {item.step.title}")
            for project in item.step.projects:
                print(f"        project: {project.title} ({project.difficulty})")
    if args.markdown:
        from quizapp.core.durable import atomic_write

        try:
            checklist = path_markdown(profile.name, recommendation, planned, profile.path.chosen)
            atomic_write(args.markdown, checklist.encode("utf-8"))
        except OSError as error:
            print(f"quizapp: cannot write {args.markdown}: {error.strerror}", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"\nWrote the checklist to {args.markdown}")
    return EXIT_OK


def command_report(args: argparse.Namespace) -> int:
    """`quizapp report DIR`: the teacher's class report (reads profiles, never writes them)."""
    from quizapp.report import run_report

    questions_dir, seeds_dir = _folders(args)
    return run_report(args, questions_dir, seeds_dir)


def command_watch(args: argparse.Namespace) -> int:
    """`quizapp watch DIR --pack ID`: the teacher's live view; reads the class, writes only controls."""
    from quizapp.core.loader import load_checked_bank
    from quizapp.core.problems import ProblemsError

    if not args.folder.is_dir():
        print(
            f"quizapp watch: {args.folder} is not a folder; give the class's profiles folder",
            file=sys.stderr,
        )
        return EXIT_USAGE
    questions_dir, seeds_dir = _folders(args)
    try:
        bank = load_checked_bank(questions_dir, seeds_dir)
    except ProblemsError as error:
        _print_problems(error.problems, "quizapp watch")
        return EXIT_PROBLEMS
    from quizapp.core.packs import pack_from_argument

    pack_id, pack, problems = pack_from_argument(args.pack, bank)
    if pack_id is None or problems:
        _print_problems(problems, "quizapp watch")
        return EXIT_PROBLEMS
    title = pack.title if pack is not None else f"Class quiz {pack_id}"
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "quizapp watch: the live view needs a terminal; for a file use `quizapp report`",
            file=sys.stderr,
        )
        return EXIT_USAGE
    from quizapp.ui.watch_app import WatchApp

    WatchApp(folder=args.folder, bank=bank, pack_id=pack_id, pack_title=title, pack=pack).run()
    return EXIT_OK


def command_serve(args: argparse.Namespace) -> int:
    """`quizapp serve`: the quiz in students' browsers (imports the web server only here)."""
    from quizapp.serve import run_serve

    problem = _profiles_dir_problem(_profiles_dir(args))
    if problem:
        print(f"quizapp serve: {problem}", file=sys.stderr)
        return EXIT_USAGE
    questions_dir, seeds_dir = _folders(args)
    return run_serve(args, questions_dir, seeds_dir, _profiles_dir(args))


def command_export(args: argparse.Namespace) -> int:
    """`quizapp export`: the bank as GIFT, Aiken or Moodle XML (imports the interchange code only here)."""
    from quizapp.interchange.commands import run_export

    questions_dir, seeds_dir = _folders(args)
    return run_export(args, questions_dir, seeds_dir)


def command_import(args: argparse.Namespace) -> int:
    """`quizapp import`: a Moodle file as a draft bank file (imports the interchange code only here)."""
    from quizapp.interchange.commands import run_import

    return run_import(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `quizapp` with `argv` (default: the process's arguments); return the exit code."""
    die_with_parent()
    return run_command(build_parser().parse_args(argv))


def run_command(args: argparse.Namespace, on_first_screen: Callable[[], None] | None = None) -> int:
    """Run the command that `args` (as `build_parser` parses them) asks for; return the exit code.

    `on_first_screen` is called once the app's first screen is up (the fork helper's students use
    it to free their turn to start).
    """
    handlers = {
        "check": command_check,
        "compare": command_compare,
        "schema": command_schema,
        "profiles": command_profiles,
        "path": command_path,
        "report": command_report,
        "serve": command_serve,
        "watch": command_watch,
        "export": command_export,
        "import": command_import,
    }
    handler = handlers.get(args.command)
    try:
        if handler is not None:
            code = handler(args)
        else:
            code = command_run(args, on_first_screen)
        # Flushed here, not at exit, so a reader that went away (`| head -1`) is handled below.
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _closed_pipe()
    except Exception as error:  # noqa: BLE001 - the last resort: a message, never a traceback
        return _unexpected(args, error)


EXIT_CLOSED_PIPE = 141
"""The exit code of a command whose reader closed the pipe (128 + SIGPIPE, as the shell reports)."""


def _closed_pipe() -> int:
    """The reader of our output went away (`quizapp check | head -1`): stop quietly."""
    # Python would try to flush stdout again at exit and print an error: point it at /dev/null.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return EXIT_CLOSED_PIPE


def _unexpected(args: argparse.Namespace, error: Exception) -> int:
    """One line for an error no command foresaw: what failed and where to look, and exit 1."""
    from quizapp.core.reading import printable

    command = f"quizapp {args.command}" if args.command else "quizapp"
    detail = printable(str(error)) or "no details"
    filename = getattr(error, "filename", None)
    if isinstance(error, OSError) and filename:
        detail = printable(f"{filename}: {error.strerror or error}")
    try:
        print(
            f"{command}: stopped by an unexpected {type(error).__name__}: {detail}. Check the "
            "files and folders it names; if that does not help, report this message.",
            file=sys.stderr,
        )
    except (OSError, ValueError):
        pass
    return EXIT_PROBLEMS
