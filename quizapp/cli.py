"""The command line: parses arguments, builds domain objects and hands them to the app."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

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
        help="start straight away: quick, full, topic:duties|skills|tools, review",
    )
    parser.add_argument("--seed", type=int, help="shuffle reproducibly with this seed")
    parser.add_argument("--pack", type=Path, metavar="FILE", help="run this classroom quiz pack")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check", help="validate the bank (and a pack) against the documents"
    )
    _add_common(check)
    check.add_argument("--pack", type=Path, metavar="FILE", help="also validate this quiz pack")

    schema = commands.add_parser("schema", help="print the JSON schema of the bank format")
    schema.add_argument("--output", type=Path, metavar="FILE", help="write it to FILE instead")

    profiles = commands.add_parser("profiles", help="list the profiles in the profiles folder")
    _add_common(profiles)

    path = commands.add_parser("path", help="print a profile's recommendation and learning path")
    _add_common(path)
    path.add_argument("--profile", metavar="NAME", required=True)
    path.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown checklist")

    report = commands.add_parser("report", help="a class report from every profile in a folder")
    _add_common(report)
    report.add_argument("folder", type=Path, metavar="DIR", help="the class's profiles folder")
    report.add_argument("--pack", metavar="ID", help="only attempts of this pack")
    report.add_argument("--csv", type=Path, metavar="FILE", help="write one row per student")
    report.add_argument("--json", type=Path, metavar="FILE", help="write the whole report as JSON")

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
    return parser


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    from quizapp.core.locations import default_questions_dir, default_seeds_dir

    questions = getattr(args, "questions", None) or default_questions_dir()
    seeds = getattr(args, "seeds", None) or default_seeds_dir()
    return questions, seeds


def _print_problems(problems: Sequence[object], what: str) -> None:
    print(f"{what}: {len(problems)} problem(s) found", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


def _summary_line(title: str, counts: Counter[str]) -> str:
    parts = ", ".join(f"{key} {value}" for key, value in sorted(counts.items()))
    return f"  {title:<10} {parts}"


def command_check(args: argparse.Namespace) -> int:
    """`quizapp check`: validate the whole bank, the path catalogue and an optional pack."""
    from quizapp.core.loader import load_bank
    from quizapp.core.paths import load_catalogue

    questions_dir, seeds_dir = _folders(args)
    bank, documents, problems = load_bank(questions_dir, seeds_dir)
    catalogue, path_problems = load_catalogue(questions_dir, documents)
    problems = [*problems, *path_problems]
    pack_path: Path | None = getattr(args, "pack", None)
    if pack_path is not None:
        from quizapp.core.packs import load_pack

        _, pack_problems = load_pack(pack_path, bank)
        problems.extend(pack_problems)
    if problems:
        _print_problems(problems, "quizapp check")
        return EXIT_PROBLEMS
    print(f"quizapp check: {len(bank)} questions OK in {questions_dir}")
    print(_summary_line("topics", Counter(q.topic for q in bank.questions)))
    print(_summary_line("kinds", Counter(q.kind for q in bank.questions)))
    print(_summary_line("areas", Counter(q.area for q in bank.questions)))
    print(_summary_line("documents", Counter(q.source.doc for q in bank.questions)))
    if catalogue is not None:
        steps = ", ".join(f"{path.role} {len(path.steps)} steps" for path in catalogue.paths)
        print(f"  {'paths':<10} {steps}")
    if pack_path is not None:
        print(f"  {'pack':<10} {pack_path} OK")
    return EXIT_OK


def command_schema(args: argparse.Namespace) -> int:
    """`quizapp schema`: the JSON schema of a bank file, generated from the models."""
    from quizapp.core.schema import bank_schema_json

    text = bank_schema_json()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run `quizapp` with `argv` (default: the process's arguments); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {
        "check": command_check,
        "schema": command_schema,
    }
    handler = handlers.get(args.command)
    try:
        if handler is not None:
            return handler(args)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
