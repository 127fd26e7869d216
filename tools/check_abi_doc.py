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
IDENT = re.compile(r"\bTSR_(?:SYS_[A-Z0-9_]+|E[A-Z0-9_]+|OBJ_[A-Z0-9_]+)\b")

# The lists the document must cover: X-macro, arguments per entry, identifier prefix,
# table columns. The last two are optional: checked when the header defines them.
KINDS = (
    ("TSR_SYSCALLS", 4, "TSR_SYS_", ("Number", "Call", "Arguments", "What it does")),
    ("TSR_ERRORS", 3, "TSR_E", ("Value", "Error", "Meaning")),
    ("TSR_OBJECTS", 4, "TSR_OBJ_", ("Value", "Object", "Size (log2 bytes, 0: given)",
                                    "What it is")),
    ("TSR_METHODS", 5, "TSR_", ("Number", "Method", "Invoked on", "Arguments",
                                "What it does")),
)
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
        texts = ["".join(map(_c_string, arg)) if all(t.startswith('"') for t in arg)
                 else " ".join(arg) for arg in args[2:]]
        entries.append(Entry(int(args[0][0], 0), args[1][0], texts))
    return entries


def parse_header(text):
    """Return (syscalls, errors): the Entry lists of TSR_SYSCALLS and TSR_ERRORS."""
    return parse_list(text, "TSR_SYSCALLS", 4), parse_list(text, "TSR_ERRORS", 3)


def parse_all(text):
    """Return [(kind, entries)] for every list in KINDS the header defines."""
    out = []
    for kind in KINDS:
        if kind[0] in ("TSR_SYSCALLS", "TSR_ERRORS") or f"{kind[0]}(X)" in text:
            out.append((kind, parse_list(text, kind[0], kind[1])))
    return out


def check(header_text, doc_text, header_name="abi.h", doc_name="abi.md"):
    """Return (problems, syscalls, errors): a list of messages and the parsed entries."""
    lists = parse_all(header_text)
    calls, errors = lists[0][1], lists[1][1]
    wanted = {f"{kind[2]}{e.name}": e.number for kind, entries in lists for e in entries}
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


def tables(lists):
    """Markdown tables of every list (from parse_all), in the checked form."""
    out = []
    for (_, _, prefix, columns), entries in lists:
        out += ["" if out else None, "| " + " | ".join(columns) + " |",
                "|---:|" + "---|" * (len(columns) - 1)]
        out += ["| " + " | ".join([str(e.number), f"`{prefix}{e.name}`"] +
                                  [_cell(t) for t in e.texts]) + " |" for e in entries]
    return "\n".join(line for line in out if line is not None)


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
            print(tables(parse_all(header_text)))
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
