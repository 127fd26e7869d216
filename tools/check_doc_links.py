# SPDX-License-Identifier: BSD-2-Clause
# check_doc_links.py: every relative link in the Markdown files resolves inside the repository.
"""Check the relative links of Markdown files: `[text](path)`, `[text](path#anchor)`,
`[text](#anchor)` and `[name]: path`. A link's file must exist inside the repository
(nothing outside it, where a reader of the repository cannot follow), and an anchor
must be a heading of the Markdown file it points into (GitHub's anchors: lowercase,
punctuation dropped, spaces as '-', a repeated heading numbered). Links with a scheme
(https:, mailto:) are not followed; code blocks and code spans are not read.

  check_doc_links.py [--root DIR] FILE.md...    (no FILE: every *.md git tracks or would)

Prints one line per broken link (file:line: link: why) and exits 1 if there is one.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
CODE_SPAN = re.compile(r"(`+).*?\1")


def slug(heading):
    """GitHub's anchor for a heading's text."""
    text = re.sub(r"<[^>]+>", "", heading).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    """The anchors of the headings of Markdown file PATH."""
    found, seen = set(), {}
    for _, line in prose_lines(path, spans=True):
        m = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            base = slug(m[1])
            n = seen.get(base, 0)
            seen[base] = n + 1
            found.add(base if n == 0 else f"{base}-{n}")
    return found


def prose_lines(path, spans=False):
    """(line number, text) of PATH's lines outside fenced code blocks, code spans blanked
    (kept with SPANS)."""
    fence = None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        m = FENCE.match(line)
        if m:
            if fence is None:
                fence = m[1]
            elif m[1] == fence:
                fence = None
            continue
        if fence is None:
            yield number, line if spans else CODE_SPAN.sub(lambda c: " " * len(c[0]), line)


def links(path):
    """(line number, target) of every link in Markdown file PATH (a link's text may go
    on over lines)."""
    lines = {}
    for number, line in prose_lines(path):
        lines[number] = line
        m = REFERENCE.match(line)
        if m:
            yield number, m[1]
    text = "\n".join(lines.get(n, "") for n in range(1, max(lines, default=0) + 1))
    for m in INLINE.finditer(text):
        yield text.count("\n", 0, m.start()) + 1, m[1]


def check(path, root, cache):
    """The problems of PATH's links, as 'file:line: link: why' strings, and how many
    links it has."""
    problems, count = [], 0
    for number, target in links(path):
        count += 1
        if SCHEME.match(target) or target.startswith("//"):
            continue
        file_part, _, anchor = target.partition("#")
        where = f"{path.relative_to(root) if path.is_relative_to(root) else path}:{number}"
        dest = (path.parent / file_part).resolve() if file_part else path.resolve()
        if not dest.is_relative_to(root):
            problems.append(f"{where}: {target}: outside the repository")
        elif not dest.exists():
            problems.append(f"{where}: {target}: no such file")
        elif anchor and dest.suffix == ".md":
            if dest not in cache:
                cache[dest] = anchors(dest)
            if anchor not in cache[dest]:
                problems.append(f"{where}: {target}: no heading '#{anchor}' in {dest.name}")
    return problems, count


def tracked_markdown(root):
    """Every *.md file of ROOT that git tracks, or would (not ignored)."""
    out = subprocess.run(["git", "-C", str(root), "ls-files", "--cached", "--others",
                          "--exclude-standard", "*.md"], capture_output=True, text=True,
                         check=True).stdout
    return [root / line for line in out.splitlines() if line]


def main(argv=None):
    p = argparse.ArgumentParser(prog="check_doc_links.py", description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="*", metavar="FILE.md")
    p.add_argument("--root", default=str(REPO), metavar="DIR",
                   help="the repository (default: %(default)s)")
    args = p.parse_args(argv)
    root = Path(args.root).resolve()
    files = [Path(f).resolve() for f in args.files] or tracked_markdown(root)
    problems, cache, count = [], {}, 0
    for path in files:
        try:
            found, n = check(path, root, cache)
        except OSError as e:
            found, n = [f"{path}: cannot read: {e.strerror}"], 0
        problems += found
        count += n
    for line in problems:
        print(line)
    print(f"check_doc_links: {len(files)} files, {count} links, {len(problems)} broken")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
