# SPDX-License-Identifier: BSD-2-Clause
# check_abi_doc.py: check that docs/abi.md documents every system call and error in abi.h.
"""Check the ABI document against the ABI header.

The header defines X-macro lists TSR_SYSCALLS(X), entries X(number, NAME, arguments,
what), and TSR_ERRORS(X), entries X(value, NAME, meaning). The document must have, for
each call and error, a markdown table row with one cell holding exactly the backquoted
identifier (`TSR_SYS_NAME` or `TSR_ENAME`) and another cell holding exactly its number,
e.g. ``| 1 | `TSR_SYS_DEBUG_WRITE` | ... |``. The document must not name TSR_SYS_* or
TSR_E* identifiers that the header does not define. --print-tables prints such tables
generated from the header.
"""

import argparse
import re
import sys
from dataclasses import dataclass

TOKEN = re.compile(r'\s+|/\*.*?\*/|//[^\n]*|"(?:[^"\\\n]|\\.)*"|\w+|.', re.S)
IDENT = re.compile(r"\bTSR_(?:SYS_[A-Z0-9_]+|E[A-Z0-9_]+)\b")
NUMBER = re.compile(r"0[xX][0-9a-fA-F]+|[0-9]+")
CELL_SPLIT = re.compile(r"(?<!\\)\|")


class AbiError(Exception):
    """The header cannot be parsed."""


@dataclass
class Entry:
    """One X(...) entry: its number, NAME and remaining string arguments."""

    number: int
    name: str
    texts: list[str]


def _c_string(token):
    """The value of one C string literal token (simple escapes only)."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), token[1:-1])


def _macro_body(text, macro):
    """The replacement text of `#define MACRO(X)`, continuation lines joined."""
    text = re.sub(r"\\\r?\n", " ", text)
    m = re.search(rf"^[ \t]*#[ \t]*define[ \t]+{macro}\(X\)(.*)$", text, re.M)
    if not m:
        raise AbiError(f"no '#define {macro}(X)'")
    return m[1]


def parse_list(text, macro, nargs):
    """Parse the entries X(number, NAME, "text"...) of X-macro MACRO in header TEXT."""
    tokens = [t for t in TOKEN.findall(_macro_body(text, macro))
              if not (t.isspace() or t.startswith(("/*", "//")))]
    entries, i = [], 0
    while i < len(tokens):
        if tokens[i:i + 2] != ["X", "("]:
            raise AbiError(f"{macro}: expected 'X(' but found {tokens[i]!r}")
        args, current, i = [], [], i + 2
        while True:  # split the arguments at commas, up to the closing parenthesis
            if i == len(tokens):
                raise AbiError(f"{macro}: unterminated entry")
            token, i = tokens[i], i + 1
            if token in (",", ")"):
                args.append(current)
                current = []
                if token == ")":
                    break
            else:
                current.append(token)
        if len(args) != nargs or len(args[0]) != 1 or len(args[1]) != 1:
            raise AbiError(f"{macro}: malformed entry {' '.join(sum(args, []))}")
        if not NUMBER.fullmatch(args[0][0]) or not re.fullmatch(r"[A-Z0-9_]+", args[1][0]):
            raise AbiError(f"{macro}: bad number or name in entry {args[0][0]}, {args[1][0]}")
        if not all(t.startswith('"') for arg in args[2:] for t in arg):
            raise AbiError(f"{macro}: entry {args[1][0]} has a non-string argument")
        entries.append(Entry(int(args[0][0], 0), args[1][0],
                             ["".join(map(_c_string, arg)) for arg in args[2:]]))
    return entries


def parse_header(text):
    """Return (syscalls, errors): the Entry lists of TSR_SYSCALLS and TSR_ERRORS."""
    return parse_list(text, "TSR_SYSCALLS", 4), parse_list(text, "TSR_ERRORS", 3)


def check(header_text, doc_text, header_name="abi.h", doc_name="abi.md"):
    """Return (problems, syscalls, errors): a list of messages and the parsed entries."""
    calls, errors = parse_header(header_text)
    wanted = {f"TSR_SYS_{e.name}": e.number for e in calls}
    wanted |= {f"TSR_E{e.name}": e.number for e in errors}
    defined = set(IDENT.findall(header_text)) | set(wanted)
    problems, rows = [], {}  # rows: identifier -> [(line number, numbers in its row)]
    for lineno, line in enumerate(doc_text.splitlines(), 1):
        for ident in IDENT.findall(line):
            if ident not in defined:
                problems.append(f"{doc_name}:{lineno}: {ident} is not defined in {header_name}")
        if not line.lstrip().startswith("|"):
            continue
        cells = [c.strip() for c in CELL_SPLIT.split(line.strip().strip("|"))]
        numbers = [int(c.strip("`"), 0) for c in cells if NUMBER.fullmatch(c.strip("`"))]
        for cell in cells:
            m = re.fullmatch(r"`(TSR_\w+)`", cell)
            if m:
                rows.setdefault(m[1], []).append((lineno, numbers))
    for ident, number in wanted.items():
        found = rows.get(ident, [])
        if not found:
            problems.append(f"{doc_name}: {ident} ({number}) is not documented")
        elif not any(number in numbers for _, numbers in found):
            lineno, numbers = found[0]
            said = f"as {numbers[0]}" if numbers else "without a number"
            problems.append(f"{doc_name}:{lineno}: {ident} is documented {said}, "
                            f"but {header_name} gives {number}")
    return problems, calls, errors


def _cell(text):
    """TEXT made fit for one markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def tables(calls, errors):
    """Markdown tables of the system calls and the errors, in the checked form."""
    out = ["| Number | Call | Arguments | What it does |", "|---:|---|---|---|"]
    out += [f"| {e.number} | `TSR_SYS_{e.name}` | {_cell(e.texts[0])} | {_cell(e.texts[1])} |"
            for e in calls]
    out += ["", "| Value | Error | Meaning |", "|---:|---|---|"]
    out += [f"| {e.number} | `TSR_E{e.name}` | {_cell(e.texts[0])} |" for e in errors]
    return "\n".join(out)


def main(argv=None):
    """Command-line entry point; returns the process exit code."""
    p = argparse.ArgumentParser(prog="check_abi_doc.py", description=__doc__.splitlines()[0])
    p.add_argument("header", metavar="HEADER", help="libs/libtessera/include/tessera/abi.h")
    p.add_argument("doc", metavar="DOC", nargs="?", help="docs/abi.md")
    p.add_argument("--print-tables", action="store_true",
                   help="print markdown tables generated from HEADER and exit")
    args = p.parse_args(argv)
    if args.doc is None and not args.print_tables:
        p.error("DOC is required unless --print-tables is given")
    try:
        with open(args.header, encoding="utf-8") as f:
            header_text = f.read()
        if args.print_tables:
            print(tables(*parse_header(header_text)))
            return 0
        with open(args.doc, encoding="utf-8") as f:
            doc_text = f.read()
        problems, calls, errors = check(header_text, doc_text, args.header, args.doc)
    except OSError as e:
        print(f"check_abi_doc: error: {e.filename}: {e.strerror}", file=sys.stderr)
        return 2
    except AbiError as e:
        print(f"check_abi_doc: error: {args.header}: {e}", file=sys.stderr)
        return 2
    if problems:
        print("\n".join(problems))
        return 1
    print(f"abi doc: {len(calls)} calls, {len(errors)} errors documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
