"""The `kenesh tally` and `kenesh pabulib` commands: count, recount and validate Pabulib files.

Exit codes, which other tools rely on: 0 success (or a recount that matches the file); 1 a recount that
differs from the file's `selected` column; 2 a usage error or an invalid or unreadable file; 3 the file's
rule cannot be recounted.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from kenesh.tally.model import Election, Outcome, TallyError
from kenesh.tally.rules import RULE_NAMES
from kenesh.tally.satisfaction import SATISFACTIONS, default_satisfaction

EXIT_OK = 0
EXIT_DIFFER = 1
EXIT_INVALID = 2
EXIT_UNCHECKABLE = 3


class CommandError(Exception):
    """An expected failure: printed as one line on stderr, then the command exits with ``code``."""

    def __init__(self, message: str, code: int = EXIT_INVALID):
        super().__init__(message)
        self.code = code


def fitting_satisfactions(vote_type: str) -> tuple[str, ...]:
    """The satisfactions that mean something for a vote type, its default first.

    Points exist only on cumulative and scoring ballots, and only an ordinal ballot's order is a ranking.
    """
    default = default_satisfaction(vote_type)
    if vote_type in ("cumulative", "scoring", "ordinal"):
        return (default, "cost", "card")
    return (default, "card")


def register(subparsers: Any) -> None:
    """Add `tally` and `pabulib` to the `kenesh` command's subparsers."""
    tally = subparsers.add_parser(
        "tally",
        help="count a Pabulib election with a rule, or recount it with its own rule (--check)",
        description="Count a Pabulib election. With --check, recount it with the rule its META names and "
        "compare with its PROJECTS selected column (exit 0 match, 1 differ, 2 invalid file, 3 uncheckable).",
    )
    tally.add_argument("file", type=Path, metavar="FILE.pb")
    tally.add_argument("--rule", choices=RULE_NAMES, metavar="RULE", help="one of: " + ", ".join(RULE_NAMES))
    tally.add_argument(
        "--sat",
        choices=SATISFACTIONS,
        help="satisfaction measure (default: cost for approval and choose-1, additive for cumulative and "
        "scoring, borda for ordinal)",
    )
    tally.add_argument("--check", action="store_true", help="recount with the file's META rule and compare")
    tally.add_argument("--json", action="store_true", help="print one JSON object")
    tally.add_argument("--explain", action="store_true", help="include the rule's explanation")
    tally.set_defaults(handler=tally_command)

    pabulib = subparsers.add_parser("pabulib", help="Pabulib file tools")
    pabulib_sub = pabulib.add_subparsers(dest="pabulib_command", required=True, metavar="COMMAND")
    validate = pabulib_sub.add_parser(
        "validate", help="check that a file follows the Pabulib format (exit 0 valid, 2 invalid)"
    )
    validate.add_argument("file", type=Path, metavar="FILE.pb")
    validate.add_argument("--json", action="store_true", help="print the errors as JSON")
    validate.set_defaults(handler=validate_command)


def run(handler: Any, args: argparse.Namespace, out: TextIO = sys.stdout) -> int:
    """Call a handler, turning expected failures into one line on stderr and an exit code."""
    try:
        code: int = handler(args, out)
        return code
    except CommandError as exc:
        print(f"kenesh {args.command}: error: {exc}", file=sys.stderr)
        return exc.code
    except TallyError as exc:
        print(f"kenesh {args.command}: error: {_file_label(args)}{exc}", file=sys.stderr)
        return EXIT_INVALID


def tally_command(args: argparse.Namespace, out: TextIO) -> int:
    if not args.check and args.rule is None:
        raise CommandError("give a rule (--rule RULE) or --check")
    election = load(args.file)
    sat = args.sat
    if sat is not None and sat not in fitting_satisfactions(election.vote_type):
        raise CommandError(
            f"satisfaction {sat!r} does not fit {election.vote_type} ballots; use one of: "
            + ", ".join(fitting_satisfactions(election.vote_type))
        )
    if args.check:
        return check_command(election, args, out)

    from kenesh.tally.rules import run_rule

    outcome = run_rule(election, args.rule, sat=sat, explain=args.explain)
    used_sat = sat or default_satisfaction(election.vote_type)
    if args.json:
        data = outcome.as_json()
        data.setdefault("sat", used_sat)
        _print_json(data, out)
    else:
        print_outcome(election, outcome, used_sat, args.file.name, out)
    return EXIT_OK


def check_command(election: Election, args: argparse.Namespace, out: TextIO) -> int:
    from kenesh.tally.checker import check_election

    check = check_election(election, rule=args.rule, sat=args.sat, explain=args.explain)
    code = {"match": EXIT_OK, "differ": EXIT_DIFFER, "uncheckable": EXIT_UNCHECKABLE}[check.status]
    if args.json:
        _print_json({"file": args.file.name, **check.as_json()}, out)
        return code
    name = args.file.name
    if check.status == "uncheckable":
        print(f"{name}: cannot check: {check.reason}", file=out)
        return code
    assert check.outcome is not None
    print(f"{name}: META rule {check.meta_rule or '(none)'}, recounted with {check.rule}", file=out)
    if check.status == "match":
        n = len(check.official)
        plural = "s" if n != 1 else ""
        print(f"match: the recount selects the {n} project{plural} the file marks selected", file=out)
    else:
        print("differ: the recount does not match the file's selected column", file=out)
        if check.missing:
            print(
                f"  missing (selected in the file, not by the recount): {', '.join(check.missing)}", file=out
            )
        if check.extra:
            print(f"  extra (selected by the recount, not in the file): {', '.join(check.extra)}", file=out)
    if check.funded_otherwise:
        print(f"  not compared (funded from extra money): {', '.join(check.funded_otherwise)}", file=out)
    if args.explain and check.outcome.explanation is not None:
        _print_explanation(check.outcome, out)
    return code


def validate_command(args: argparse.Namespace, out: TextIO) -> int:
    from kenesh.tally.pabulib import validate_pabulib

    _require_file(args.file)
    try:
        errors = validate_pabulib(args.file)
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    if args.json:
        _print_json(
            {
                "file": args.file.name,
                "valid": not errors,
                "errors": [{"line": e.line, "message": e.message} for e in errors],
            },
            out,
        )
    elif errors:
        for error in errors:
            where = f"{args.file}:{error.line}" if error.line is not None else str(args.file)
            print(f"{where}: {error.message}", file=out)
        print(f"{args.file}: invalid ({len(errors)} error{'s' if len(errors) != 1 else ''})", file=out)
    else:
        print(f"{args.file}: valid", file=out)
    return EXIT_INVALID if errors else EXIT_OK


def load(path: Path) -> Election:
    """Read a Pabulib file; every way it can fail becomes a CommandError with the file and line."""
    from kenesh.tally.pabulib import read_pabulib

    _require_file(path)
    try:
        return read_pabulib(path)
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: invalid file: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    except TallyError as exc:
        raise CommandError(f"{path}: invalid file: {exc}") from None


def _require_file(path: Path) -> None:
    if not path.exists():
        raise CommandError(f"file not found: {path}")
    if path.is_dir():
        raise CommandError(f"{path} is a directory, not a Pabulib file")


def print_outcome(election: Election, outcome: Outcome, sat: str, name: str, out: TextIO) -> None:
    """A table of the selected projects, in the order the rule bought them, then the totals."""
    print(
        f"{name}: {outcome.rule} ({sat} satisfaction), {election.vote_type} ballots, "
        f"{election.n_voters} voters, {election.n_projects} projects",
        file=out,
    )
    position = {pid: j for j, pid in enumerate(election.project_ids)}
    has_name = "name" in election.project_columns
    rows = []
    for rank, pid in enumerate(outcome.selected, 1):
        j = position[pid]
        row = [str(rank), pid, format_money(election.project_cost(j))]
        if has_name:
            row.append(_shorten(election.project_fields[j].get("name", ""), 50))
        rows.append(row)
    header = ["#", "project", "cost"] + (["name"] if has_name else [])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = {0, 2}  # numbers are right-aligned
    for row in [header, *rows]:
        cells = [
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip(), file=out)
    share = f" ({float(100 * outcome.total_cost / outcome.budget):.1f}%)" if outcome.budget else ""
    print(
        f"selected {len(outcome.selected)} of {election.n_projects} projects; total cost "
        f"{format_money(outcome.total_cost)} of budget {format_money(outcome.budget)}{share}",
        file=out,
    )
    if outcome.explanation is not None:
        _print_explanation(outcome, out)


def format_money(x: Fraction) -> str:
    """Digits grouped by thousands with spaces (the Kyrgyz and Russian habit); exact decimals."""
    if x.denominator == 1:
        return f"{x.numerator:,}".replace(",", " ")
    whole, frac = divmod(x.numerator, x.denominator)
    decimals = format(Decimal(frac) / Decimal(x.denominator), "f")[1:]  # ".25"
    return f"{whole:,}".replace(",", " ") + decimals


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_explanation(outcome: Outcome, out: TextIO) -> None:
    print("explanation:", file=out)
    print(json.dumps(outcome.explanation, indent=2, ensure_ascii=False, default=_json_default), file=out)


def _print_json(data: dict[str, Any], out: TextIO) -> None:
    print(json.dumps(data, ensure_ascii=False, default=_json_default), file=out)


def _json_default(value: Any) -> Any:
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else value.numerator
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return value.tolist()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _file_label(args: argparse.Namespace) -> str:
    return f"{args.file}: " if getattr(args, "file", None) else ""
