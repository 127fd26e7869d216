# SPDX-License-Identifier: BSD-2-Clause
# test_check_doc_links.py: tests for tools/check_doc_links.py on made-up Markdown files.
"""The link checker finds each kind of broken link, and only those."""

import contextlib
import io
import sys
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import check_doc_links  # noqa: E402

GUIDE = """# A guide

## Setting up (`./tessera new`)

See [the other](other.md), [its part](other.md#part-two), [here](#a-guide), [the
setup](#setting-up-tessera-new), [the code](src/main.c), ![a picture](pic.svg),
[a site](https://example.org/x.md) and [mail](mailto:a@b).

## Repeated
## Repeated

[the second](#repeated-1)

[ref]: other.md#part-two
"""
OTHER = "# Other\n\n## Part two\n\nBack to [the guide](guide.md).\n"


class CheckTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.root = Path(tmp.name) / "repo"
        (self.root / "src").mkdir(parents=True)
        (self.root / "src" / "main.c").write_text("")
        (self.root / "pic.svg").write_text("")
        (self.root / "guide.md").write_text(GUIDE)
        (self.root / "other.md").write_text(OTHER)

    def problems(self, text):
        """The checker's lines for guide.md holding TEXT: (status, lines)."""
        (self.root / "guide.md").write_text(text)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            status = check_doc_links.main(["--root", str(self.root),
                                           str(self.root / "guide.md")])
        return status, out.getvalue().splitlines()[:-1]

    def test_good_links_pass(self):
        self.assertEqual(self.problems(GUIDE), (0, []))

    def test_missing_file(self):
        self.assertEqual(self.problems("x\n\nSee [it](docs/gone.md) now.\n"),
                         (1, ["guide.md:3: docs/gone.md: no such file"]))

    def test_outside_the_repository(self):
        (self.root.parent / "shared.md").write_text("# Shared\n")
        self.assertEqual(self.problems("[facts](../shared.md)\n"),
                         (1, ["guide.md:1: ../shared.md: outside the repository"]))

    def test_missing_anchors(self):
        status, lines = self.problems("# Title\n\n[a](other.md#part-three) [b](#nothing)\n"
                                      "[c](#title-1)\n")
        self.assertEqual((status, lines), (1, [
            "guide.md:3: other.md#part-three: no heading '#part-three' in other.md",
            "guide.md:3: #nothing: no heading '#nothing' in guide.md",
            "guide.md:4: #title-1: no heading '#title-1' in guide.md"]))

    def test_link_text_over_two_lines(self):
        self.assertEqual(self.problems("One\n[two\nthree](gone.md#x)\n"),
                         (1, ["guide.md:2: gone.md#x: no such file"]))

    def test_reference_links(self):
        self.assertEqual(self.problems("[x][ref]\n\n[ref]: gone.md\n"),
                         (1, ["guide.md:3: gone.md: no such file"]))

    def test_code_is_not_read(self):
        text = "```\n[x](gone.md)\n```\n\nIn a span: `[x](gone.md)`.\n"
        self.assertEqual(self.problems(text), (0, []))

    def test_slugs(self):
        self.assertEqual(check_doc_links.slug("The system calls under libFuzzer "
                                              "(`unit.fuzz_syscall`, `./tessera fuzz`)"),
                         "the-system-calls-under-libfuzzer-unitfuzz_syscall-tessera-fuzz")
        self.assertEqual(check_doc_links.slug("Untyped memory for a component's own objects"),
                         "untyped-memory-for-a-components-own-objects")


if __name__ == "__main__":
    unittest.main()
