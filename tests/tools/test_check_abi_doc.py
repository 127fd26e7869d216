# SPDX-License-Identifier: BSD-2-Clause
# test_check_abi_doc.py: tests for tools/check_abi_doc.py on small header and doc files.
"""Tests for tools/check_abi_doc.py: header parsing, the doc checks and their messages."""

import contextlib
import io
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "tools"))
import check_abi_doc  # noqa: E402

HEADER = r'''/* SPDX-License-Identifier: BSD-2-Clause */
/* X(number, NAME, arguments, what it does) */
#define TSR_SYSCALLS(X)                                        \
	X(0, NULL, "none", "does nothing")                         \
	X(1, DEBUG_WRITE, "x0 = address, x1 = length",             \
	  "writes \"bytes\"; returns the "                         \
	  "number written")                                        \
	X(2, EXIT, "x0 = status", /* a comment */ "stops | ends")

#define TSR_ERRORS(X)                                          \
	X(0, OK, "success")                                        \
	X(0x1, NOSYS, "no such call")

enum tsr_syscall {
#define TSR_X(n, name, args, what) TSR_SYS_##name = (n),
	TSR_SYSCALLS(TSR_X)
#undef TSR_X
	TSR_SYS_COUNT
};
'''

DOC = '''# ABI

Calls return a negated `TSR_E*` code on failure; `TSR_SYS_COUNT` is the number of calls.

| Number | Call | Arguments | What it does |
|---:|---|---|---|
| 0 | `TSR_SYS_NULL` | none | does nothing |
| 1 | `TSR_SYS_DEBUG_WRITE` | x0, x1 | writes; fails with `TSR_ENOSYS` |
| 2 | `TSR_SYS_EXIT` | x0 = status | stops \\| ends |

| Value | Error | Meaning |
|---:|---|---|
| 0 | `TSR_EOK` | success |
| 1 | `TSR_ENOSYS` | no such call |
'''


class CheckTest(unittest.TestCase):
    """check_abi_doc.main() on temporary files."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.header = Path(tmp.name) / "abi.h"
        self.doc = Path(tmp.name) / "abi.md"
        self.header.write_text(HEADER)

    def check(self, doc_text, *extra):
        """Run the checker on DOC_TEXT; return (exit code, output lines)."""
        self.doc.write_text(doc_text)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = check_abi_doc.main([*extra, str(self.header), str(self.doc)])
        return code, out.getvalue().splitlines()

    def test_parse_header(self):
        calls, errors = check_abi_doc.parse_header(HEADER)
        self.assertEqual([(e.number, e.name) for e in calls],
                         [(0, "NULL"), (1, "DEBUG_WRITE"), (2, "EXIT")])
        self.assertEqual(calls[1].texts, ["x0 = address, x1 = length",
                                          'writes "bytes"; returns the number written'])
        self.assertEqual(calls[2].texts, ["x0 = status", "stops | ends"])
        self.assertEqual([(e.number, e.name, e.texts) for e in errors],
                         [(0, "OK", ["success"]), (1, "NOSYS", ["no such call"])])

    def test_real_header_parses(self):
        path = REPO / "libs" / "libtessera" / "include" / "tessera" / "abi.h"
        if not path.exists():
            self.skipTest("no abi.h")
        calls, errors = check_abi_doc.parse_header(path.read_text())
        self.assertIn("DEBUG_WRITE", [e.name for e in calls])
        self.assertIn("NOSYS", [e.name for e in errors])

    def test_complete_doc_passes(self):
        self.assertEqual(self.check(DOC), (0, ["abi doc: 3 calls, 2 errors documented"]))

    def test_printed_tables_pass(self):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(check_abi_doc.main(["--print-tables", str(self.header)]), 0)
        self.assertIn("| 1 | `TSR_SYS_DEBUG_WRITE` | x0 = address, x1 = length | "
                      'writes "bytes"; returns the number written |', out.getvalue())
        self.assertIn("| stops \\| ends |", out.getvalue())
        self.assertEqual(self.check(out.getvalue())[0], 0)

    def test_missing_call(self):
        doc = DOC.replace("| 2 | `TSR_SYS_EXIT` | x0 = status | stops \\| ends |\n", "")
        self.assertEqual(self.check(doc),
                         (1, [f"{self.doc}: TSR_SYS_EXIT (2) is not documented"]))

    def test_mention_outside_a_table_does_not_count(self):
        doc = DOC.replace("| 0 | `TSR_EOK` | success |\n", "Success is `TSR_EOK` (0).\n")
        self.assertEqual(self.check(doc), (1, [f"{self.doc}: TSR_EOK (0) is not documented"]))

    def test_wrong_number(self):
        doc = DOC.replace("| 2 | `TSR_SYS_EXIT`", "| 5 | `TSR_SYS_EXIT`")
        self.assertEqual(self.check(doc), (1, [
            f"{self.doc}:9: TSR_SYS_EXIT is documented as 5, but {self.header} gives 2"]))

    def test_unknown_identifier(self):
        doc = DOC + "| 7 | `TSR_SYS_REBOOT` | none | reboots, or fails with `TSR_EPERM` |\n"
        self.assertEqual(self.check(doc), (1, [
            f"{self.doc}:15: TSR_SYS_REBOOT is not defined in {self.header}",
            f"{self.doc}:15: TSR_EPERM is not defined in {self.header}",
        ]))

    def test_missing_files_are_usage_errors(self):
        with contextlib.redirect_stderr(io.StringIO()) as err:
            code = check_abi_doc.main([str(self.header), str(self.doc) + ".missing"])
        self.assertEqual(code, 2)
        self.assertIn("abi.md.missing", err.getvalue())

    def test_unparsable_header(self):
        self.header.write_text("#define TSR_SYSCALLS(X) X(0, NULL)\n#define TSR_ERRORS(X)\n")
        with contextlib.redirect_stderr(io.StringIO()) as err:
            self.assertEqual(self.check(DOC)[0], 2)
        self.assertIn("TSR_SYSCALLS: malformed entry", err.getvalue())


if __name__ == "__main__":
    unittest.main()
