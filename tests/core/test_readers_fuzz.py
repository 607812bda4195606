"""Every reader against every kind of damage: only the project's own errors, nothing changed, no hang.

Readers: a profile (read, listed, opened, reported, `quizapp profiles`, `quizapp path`), an attempt
(read, all answers, resumed, reported), a bank file, a pack and the path catalogue. Damage: the
fixture files under tests/data/readers/<reader>/ (one per failure mode, named for what is wrong,
made by tests/data/readers/make_fixtures.py), plus damage git cannot hold, made here: a pipe or a
folder named like the file, a dangling link, a 50 MB file, a file just over the size cap, and
seeded random bytes, truncations and bit flips of a valid file.

For each, the reader must give the project's own error (ProfileError, or a Problem in the list it
returns) naming the file, never hang (an alarm fails the test instead), never let a control code
through to what is printed, and leave every file exactly as it was (hashed before and after).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import signal
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.core.bank import Bank
from quizapp.core.history import SUMMARY_FILE
from quizapp.core.loader import Documents, load_bank, load_checked_bank
from quizapp.core.packs import load_pack
from quizapp.core.paths import load_catalogue
from quizapp.core.problems import Problem, ProblemsError
from quizapp.core.reading import SMALL_FILE_CAP
from quizapp.core.report import build_report
from quizapp.core.store import LOCK_FILE, OWNER_FILE, ProfileError, ProfileStore
from quizapp.report import format_table

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
FIXTURES = TESTS / "data" / "readers"
SEEDS = REPO / "seeds"
GOOD_BANK = TESTS / "data" / "bank" / "good"
GOOD_CATALOGUE = TESTS / "data" / "paths" / "minimal_valid" / "paths.toml"
ATTEMPT_NAME = "20261122T041500Z-quick.toml"
READERS = ("profile", "attempt", "bank", "pack", "catalogue")
GENERATED = (
    "fifo",
    "folder",
    "dangling_link",
    "link_to_fifo",
    "sparse_50_mb",
    "just_over_cap",
)
"""Damage made at test time, for every reader."""
RANDOM_KINDS = ("random_bytes", "truncated", "bit_flips")
RANDOM_CASES = 12
"""Seeded random damages of each kind per reader."""
HANG_SECONDS = 30
"""A reader that takes longer than this on one file is taken to hang."""


def fixture_cases() -> list[tuple[str, str]]:
    """(reader, failure mode) for every fixture file."""
    return [
        (reader, path.stem)
        for reader in READERS
        for path in sorted((FIXTURES / reader).glob("*.toml"))
    ]


# ---------------------------------------------------------------- guards


@contextlib.contextmanager
def no_hang() -> Iterator[None]:
    """Fail, instead of hanging the suite, if the body takes longer than HANG_SECONDS."""

    def expired(signum: int, frame: object) -> None:
        raise AssertionError(f"a reader hung for {HANG_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(HANG_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under `root`: regular files by content hash, others by kind (pipes are not read)."""
    entries: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.name in (LOCK_FILE, OWNER_FILE, SUMMARY_FILE):
            # Opening a profile takes its lock, and writes the summary of past attempts (rebuilt
            # from the attempt files whenever it does not match them): not changes to what was saved.
            continue
        mode = path.lstat().st_mode
        if stat.S_ISREG(mode):
            entries[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif stat.S_ISLNK(mode):
            entries[name] = f"link -> {os.readlink(path)}"
        else:
            entries[name] = stat.filemode(mode)
    return entries


def assert_clean_text(text: str) -> None:
    """No control code (other than line breaks) or direction override reached printed text."""
    bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
    bad += [c for c in text if c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
    assert not bad, f"control characters reached the output: {bad!r} in {text[:300]!r}"


# ---------------------------------------------------------------- placing damage


def damage(target: Path, kind: str, valid: bytes, rng: random.Random) -> None:
    """Put damage of `kind` at `target` (its folder exists)."""
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "folder":
        target.mkdir()
        (target / "inside.toml").write_bytes(valid)
    elif kind == "dangling_link":
        target.symlink_to(target.parent / "nowhere.toml")
    elif kind == "link_to_fifo":
        os.mkfifo(target.parent / "pipe")
        target.symlink_to(target.parent / "pipe")
    elif kind == "sparse_50_mb":
        with target.open("wb") as handle:
            handle.write(valid)
            handle.truncate(50 * 1024 * 1024)
    elif kind == "just_over_cap":
        # Valid TOML made of comments, one byte over the cap: refused for its size alone.
        padding = SMALL_FILE_CAP + 1 - len(valid)
        target.write_bytes(valid + b"#" * (padding - 1) + b"\n")
    elif kind == "random_bytes":
        target.write_bytes(rng.randbytes(rng.randrange(1, 2000)))
    elif kind == "truncated":
        target.write_bytes(valid[: rng.randrange(len(valid))])
    elif kind == "bit_flips":
        flipped = bytearray(valid)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(flipped))
            flipped[position] ^= 1 << rng.randrange(8)
        target.write_bytes(bytes(flipped))
    else:
        target.write_bytes(
            (FIXTURES / kind.split("/")[0] / f"{kind.split('/')[1]}.toml").read_bytes()
        )


@pytest.fixture(scope="module")
def real_bank() -> Bank:
    """The shipped bank (packs are checked against it)."""
    return load_checked_bank(REPO / "questions", SEEDS)


class Tree:
    """A temp folder holding one damaged file where `reader` looks for it, and the rest valid."""

    def __init__(self, root: Path, reader: str) -> None:
        self.root = root
        self.reader = reader
        self.profiles = root / "profiles"
        self.person = self.profiles / "ada"
        self.questions = root / "questions"
        (self.person / "attempts").mkdir(parents=True)
        self.questions.mkdir()
        (self.person / "profile.toml").write_bytes((FIXTURES / "valid_profile.toml").read_bytes())
        (self.person / "attempts" / ATTEMPT_NAME).write_bytes(
            (FIXTURES / "valid_attempt.toml").read_bytes()
        )
        for path in GOOD_BANK.glob("*.toml"):
            (self.questions / path.name).write_bytes(path.read_bytes())
        if reader == "catalogue":
            (self.questions / "paths.toml").unlink(missing_ok=True)
        self.target = {
            "profile": self.person / "profile.toml",
            "attempt": self.person / "attempts" / ATTEMPT_NAME,
            "bank": self.questions / "duties.toml",
            "pack": root / "pack.toml",
            "catalogue": self.questions / "paths.toml",
        }[reader]
        self.valid = {
            "profile": FIXTURES / "valid_profile.toml",
            "attempt": FIXTURES / "valid_attempt.toml",
            "bank": GOOD_BANK / "duties.toml",
            "pack": REPO / "questions" / "packs" / "backend-roles-class.toml",
            "catalogue": GOOD_CATALOGUE,
        }[reader].read_bytes()

    def place(self, kind: str, rng: random.Random) -> None:
        self.target.unlink(missing_ok=True)
        damage(self.target, kind, self.valid, rng)


# ---------------------------------------------------------------- the readers


def _problems_name_the_file(problems: list[Problem], target: Path) -> None:
    for problem in problems:
        assert_clean_text(str(problem))


def read_all(tree: Tree, bank: Bank, must_refuse: bool) -> None:
    """Run every reader of `tree.reader`'s file; check the errors it gives."""
    target = tree.target
    if tree.reader in ("profile", "attempt"):
        store = ProfileStore(tree.profiles)
        readers: list[tuple[str, Callable[[], object]]] = [
            ("read_profile", lambda: store.read_profile(tree.person)),
            ("read_attempt", lambda: store.read_attempt(tree.person / "attempts" / ATTEMPT_NAME)),
        ]
        refused = []
        for _name, read in readers:
            try:
                read()
            except ProfileError as error:
                assert_clean_text(str(error.problem))
                refused.append(str(error.problem))
        if must_refuse:
            assert any(str(target) in message for message in refused), refused
        # Never raises: a broken profile is a line of its own (quick for the welcome screen, full
        # for `quizapp profiles`).
        for full in (False, True):
            listed = store.list_profiles(full=full)
            assert len(listed) == 1
            assert_clean_text(listed[0].name + (listed[0].error or ""))
        if must_refuse and tree.reader == "profile":
            assert listed[0].error, "a damaged profile was listed as healthy"
        store.all_answers(tree.person)
        report = build_report(tree.profiles, bank)
        assert_clean_text(format_table(report))
        if must_refuse:
            assert str(target) in [file for file, _ in report.skipped]
        if tree.reader == "attempt" and must_refuse:
            with store.open("Ada") as opened, pytest.raises(ProfileError):
                opened.current_attempt()
        if tree.reader == "profile" and must_refuse:
            with pytest.raises(ProfileError):
                store.open("Ada").close()
        for argv in (
            ["profiles", "--profiles", str(tree.profiles)],
            ["path", "--profile", "Ada", "--profiles", str(tree.profiles)],
            ["report", str(tree.profiles)],
        ):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(argv)
            assert_clean_text(out.getvalue() + err.getvalue())
            assert "Traceback" not in out.getvalue() + err.getvalue()
            if must_refuse and tree.reader == "profile" and argv[0] != "report":
                assert code != 0, argv
    elif tree.reader == "bank":
        _, _, problems = load_bank(tree.questions, SEEDS)
        _problems_name_the_file(problems, target)
        if must_refuse:
            assert any(problem.file == str(target) for problem in problems), problems
        try:
            load_checked_bank(tree.questions, SEEDS)
        except ProblemsError:
            pass
    elif tree.reader == "pack":
        pack, problems = load_pack(target, bank)
        _problems_name_the_file(problems, target)
        if must_refuse:
            assert pack is None and problems
            assert all(problem.file == str(target) for problem in problems)
    elif tree.reader == "catalogue":
        catalogue, problems = load_catalogue(tree.questions, Documents.load(SEEDS))
        _problems_name_the_file(problems, target)
        if must_refuse:
            assert catalogue is None and problems
            assert all(problem.file == str(target) for problem in problems)


def run_case(
    tmp_path: Path, bank: Bank, reader: str, kind: str, must_refuse: bool, seed: int = 0
) -> None:
    tree = Tree(tmp_path, reader)
    tree.place(kind, random.Random(seed))
    before = snapshot(tmp_path)
    with no_hang():
        read_all(tree, bank, must_refuse)
    assert snapshot(tmp_path) == before, "a reader changed a file"


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize(
    ("reader", "mode"), fixture_cases(), ids=[f"{r}/{m}" for r, m in fixture_cases()]
)
def test_every_fixture_is_refused_by_its_readers_with_nothing_changed(
    tmp_path: Path, real_bank: Bank, reader: str, mode: str
) -> None:
    """Each broken fixture is refused (the project's error, naming the file), and no file changes."""
    must_refuse = not (reader == "bank" and mode == "empty")  # an empty bank file is just empty
    run_case(tmp_path, real_bank, reader, f"{reader}/{mode}", must_refuse)


@pytest.mark.parametrize("kind", GENERATED)
@pytest.mark.parametrize("reader", READERS)
def test_pipes_folders_links_and_huge_files_are_refused_without_hanging(
    tmp_path: Path, real_bank: Bank, reader: str, kind: str
) -> None:
    """A pipe or folder named like the file, a dangling link or a huge file: refused at once."""
    big_is_allowed = reader in ("bank", "catalogue") and kind == "just_over_cap"
    run_case(tmp_path, real_bank, reader, kind, must_refuse=not big_is_allowed)


@pytest.mark.parametrize("kind", RANDOM_KINDS)
@pytest.mark.parametrize("reader", READERS)
def test_random_damage_gives_only_the_projects_errors(
    tmp_path: Path, real_bank: Bank, reader: str, kind: str
) -> None:
    """Seeded random bytes, truncations and bit flips: never a foreign exception, never a change."""
    for seed in range(RANDOM_CASES):
        case = tmp_path / str(seed)
        case.mkdir()
        run_case(case, real_bank, reader, kind, must_refuse=False, seed=seed)


def test_the_fixtures_cover_every_kind_of_damage_the_issue_names() -> None:
    """The failure modes the issue lists each have a fixture (so the README's figures stay true)."""
    modes = {mode for _, mode in fixture_cases()}
    for needed in (
        "deep_arrays",
        "deep_inline_tables",
        "seconds_inf",
        "seconds_nan",
        "seed_too_large",
        "answers_total_negative",
        "choice_order_out_of_range",
        "time_limit_zero",
        "time_limit_huge",
        "current_attempt_traversal",
        "id_traversal",
        "name_escape_code",
    ):
        assert needed in modes, needed


# ---------------------------------------------------------------- caches and the bounded reader itself


@pytest.mark.parametrize("kind", ["deep_json", "fifo", "folder", "sparse_huge", "not_json"])
def test_damaged_caches_are_misses_not_crashes(tmp_path: Path, kind: str) -> None:
    """The checked-bank and checked-profiles caches: any damage means "validate again", never an error."""
    from quizapp.core.bank_cache import CACHE_FILE, read_cached_bank
    from quizapp.core.checked import CHECKED_FILE, CheckedFiles

    for name in (CACHE_FILE, CHECKED_FILE):
        path = tmp_path / name
        if kind == "deep_json":
            path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        elif kind == "sparse_huge":
            with path.open("wb") as handle:
                handle.truncate(1 << 30)
        else:
            path.write_bytes(b"\xff{")
    with no_hang():
        assert read_cached_bank(tmp_path, "digest") is None
        notes = CheckedFiles(tmp_path / CHECKED_FILE)
        assert not notes.holds(tmp_path / "x", b"")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param("a = " + "[" * 17 + "]" * 17, "a." + ".".join(["0"] * 15), id="depth"),
        pytest.param("a = nan", "a", id="nan"),
        pytest.param("a = -inf", "a", id="minus-inf"),
        pytest.param("a = 100000000000000000000", "a", id="beyond-64-bits"),
        pytest.param('a = "x\\u001b[0m"', "a", id="escape"),
        pytest.param('a = ["ok", "\\u202e"]', "a.1", id="bidi-in-list"),
        pytest.param('"k\\u0007" = 1', "", id="bell-in-key"),
        pytest.param('a = "line\\rover"', "a", id="carriage-return"),
    ],
)
def test_check_data_refuses_what_no_file_holds_and_says_where(text: str, where: str) -> None:
    """check_data names the key path of the first value no quizapp file may hold."""
    from quizapp.core.reading import UnreadableFile, parse_toml

    with pytest.raises(UnreadableFile) as caught:
        parse_toml(text)
    assert caught.value.where == where


def test_check_data_keeps_what_files_do_hold() -> None:
    """Multi-line text with tabs, non-ASCII letters, emoji joiners, big but 64-bit numbers pass."""
    from quizapp.core.reading import parse_toml

    data = parse_toml(
        'a = """two\nlines\tand a tab"""\nb = "Zoë ſam 👩\u200d💻 راما"\nc = 9223372036854775807\nd = 1.5'
    )
    assert data["c"] == 2**63 - 1


def test_printable_escapes_only_what_a_terminal_acts_on() -> None:
    """printable() escapes controls and overrides, keeps letters, spaces and non-breaking spaces."""
    from quizapp.core.reading import printable

    assert printable("Zoë\u00a0Ann") == "Zoë\u00a0Ann"
    assert printable("a\x1b[31mb\u202ec\nd") == "a\\x1b[31mb\\u202ec\\x0ad"


def test_a_file_noted_valid_under_looser_rules_is_validated_again(tmp_path: Path) -> None:
    """A note written by an older quizapp (plain hash) never lets a now-refused profile skip validation."""
    import json

    from quizapp.core.checked import CHECKED_FILE

    person = tmp_path / "profiles" / "ada"
    person.mkdir(parents=True)
    path = person / "profile.toml"
    damaged = (FIXTURES / "profile" / "answers_total_negative.toml").read_bytes()
    path.write_bytes(damaged)
    cache = tmp_path / "cache"
    cache.mkdir()
    old_note = {str(path): hashlib.sha256(damaged).hexdigest()}
    (cache / CHECKED_FILE).write_text(json.dumps(old_note), encoding="utf-8")
    store = ProfileStore(tmp_path / "profiles", cache_dir=cache)
    with pytest.raises(ProfileError, match="answers_total"):
        store.read_profile(person)
