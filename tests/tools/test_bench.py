# SPDX-License-Identifier: BSD-2-Clause
# test_bench.py: tests for tools/bench.py, using a scripted fake QEMU.
"""Tests for tools/bench.py: BENCH line parsing, JSON merging and the determinism
check (the fake QEMU in fixtures/ plays the benchmark image)."""

import contextlib
import io
import json
import os
import sys
import tempfile
import unittest
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "tools"))
import bench  # noqa: E402

FAKE = HERE / "fixtures" / "fake_qemu.py"


class ParseTest(unittest.TestCase):
    """parse_bench() on good and bad output."""

    def test_good_lines(self):
        figures = bench.parse_bench([
            "Tessera booting",
            "BENCH null_syscall 87 a system call that does nothing, entry to return",
            "BENCHMARKS done",  # not a BENCH line
            "BENCH ipc_call_2 1234 two-word IPC round trip\r",
        ])
        self.assertEqual(figures, {
            "null_syscall": {"instructions": 87,
                             "what": "a system call that does nothing, entry to return"},
            "ipc_call_2": {"instructions": 1234, "what": "two-word IPC round trip"},
        })

    def test_histogram_line(self):
        figures = bench.parse_bench([
            "BENCH rt_alone histogram min=320 median=320 p99=336 p999=400 max=416 "
            "periods=10000 misses=0 wake-up latency"])
        self.assertEqual(figures, {"rt_alone": {
            "min": 320, "median": 320, "p99": 336, "p999": 400, "max": 416, "periods": 10000,
            "misses": 0, "unit": "ns of virtual time (instructions)", "what": "wake-up latency"}})
        table = bench.format_table(figures)
        self.assertIn("max 416  wake-up latency: min 320, median 320, p99 336, p99.9 400, "
                      "10000 periods, 0 misses", table)
        for line in ("BENCH rt histogram min=1 median=2", "BENCH rt histogram max=5 x",
                     "BENCH rt histogram min=1 median=2 p99=3 p999=4 max=5 periods=6 x"):
            with self.subTest(line=line), self.assertRaisesRegex(bench.BenchError,
                                                                 "malformed BENCH line"):
                bench.parse_bench([line], "k.elf")

    def test_malformed_lines(self):
        for line in ("BENCH Null 87 capital letters", "BENCH null -1 negative",
                     "BENCH null 87", "BENCH null 8x7 not a number", "BENCH",
                     "BENCH null  87 two spaces"):
            with self.subTest(line=line), self.assertRaisesRegex(bench.BenchError,
                                                                 "malformed BENCH line"):
                bench.parse_bench([line], "k.elf")

    def test_duplicate_name(self):
        with self.assertRaisesRegex(bench.BenchError, "k.elf: benchmark a reported twice"):
            bench.parse_bench(["BENCH a 1 x", "BENCH a 2 y"], "k.elf")

    def test_no_bench_lines(self):
        with self.assertRaisesRegex(bench.BenchError, "k.elf: printed no BENCH lines"):
            bench.parse_bench(["hello"], "k.elf")

    def test_table(self):
        table = bench.format_table({"b": {"instructions": 5, "what": "short"},
                                    "a_long_name": {"instructions": 12345, "what": "x"}})
        self.assertEqual(table.splitlines(), [
            "name         instructions  what",
            "a_long_name         12345  x",
            "b                       5  short",
        ])


class JsonTest(unittest.TestCase):
    """merge_json() keeps what other images wrote."""

    def test_merge_keeps_other_keys(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "new" / "dir" / "results.json"
            bench.merge_json(out, {"z_other": {"instructions": 9, "what": "old"},
                                   "null_syscall": {"instructions": 1, "what": "stale"}})
            bench.merge_json(out, {"null_syscall": {"instructions": 87, "what": "new"}})
            text = out.read_text()
            self.assertEqual(json.loads(text), {
                "null_syscall": {"instructions": 87, "what": "new"},
                "z_other": {"instructions": 9, "what": "old"},
            })
            self.assertLess(text.index("null_syscall"), text.index("z_other"))
            self.assertTrue(text.startswith('{\n  "null_syscall": {\n    "instructions"'))


class MainTest(unittest.TestCase):
    """bench.main() with a platform whose QEMU is the fake."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        qemu = self.tmp / "qemu"
        qemu.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n')
        qemu.chmod(0o755)
        (self.tmp / "qemu.toml").write_text(
            f'binary = "{qemu}"\nmachine = "virt"\ncpu = "cortex-a53"\nmemory = "128M"\n'
            'test_args = ["-semihosting-config", "enable=on"]\ntest_append = "semihosting"\n'
            'bench_args = ["-icount", "shift=0"]\n')
        self.image = self.tmp / "bench.elf"
        self.image.write_bytes(b"\x7fELF")
        self.out = self.tmp / "results.json"
        self.counter = self.tmp / "counter"

    def bench(self, steps, *args):
        """Run bench.main with the fake acting out STEPS; return (code, stdout, stderr)."""
        out, err = io.StringIO(), io.StringIO()
        with mock.patch.dict(os.environ, {"FAKE_QEMU": json.dumps(steps)}), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = bench.main(["--platform", str(self.tmp), "--out", str(self.out),
                               "--timeout", "10", *args, str(self.image)])
        return code, out.getvalue(), err.getvalue()

    def test_writes_json_and_table(self):
        argv = self.tmp / "argv.json"
        code, out, err = self.bench([["argv", str(argv)], ["print", "BENCH a 7 the a test"]])
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(self.out.read_text()),
                         {"a": {"instructions": 7, "what": "the a test"}})
        self.assertIn("a                7  the a test", out)
        self.assertIn("shift=0", json.loads(argv.read_text()))

    def test_image_qemu_args_file(self):
        argv = self.tmp / "argv.json"
        Path(f"{self.image}.qemu-args").write_text(
            "# a disk for this image\n\n-drive\n  file={tmp}/disk.img,if=none,id=d0  \n"
            "-device\nvirtio-blk-device,drive=d0\n")
        code, out, err = self.bench([["argv", str(argv)], ["print", "BENCH a 7 x"]])
        self.assertEqual(code, 0, err)
        args = json.loads(argv.read_text())
        self.assertEqual(args[-4::2], ["-drive", "-device"])
        self.assertEqual(args[-1], "virtio-blk-device,drive=d0")
        disk = Path(args[-3].split(",")[0].removeprefix("file="))
        self.assertEqual(disk.name, "disk.img")
        self.assertNotIn("{tmp}", args[-3])
        self.assertFalse(disk.parent.exists())  # the temporary directory is gone
        self.assertLess(args.index("shift=0"), args.index("-drive"))

    def test_no_qemu_args_file_adds_nothing(self):
        self.assertEqual(bench.image_qemu_args(self.image, "/t"), [])

    def test_determinism_check_detects_a_difference(self):
        steps = [["count", str(self.counter)], ["print", "BENCH same 10 x"],
                 ["print", "BENCH drifts 2{count} y"]]
        code, out, err = self.bench(steps, "--check-determinism")
        self.assertEqual(code, 1)
        self.assertEqual(err.strip(), "bench: drifts differs between runs: 21 (run 1), 22 (run 2)")
        self.assertFalse(self.out.exists())

    def test_determinism_check_passes_when_equal(self):
        steps = [["count", str(self.counter)], ["print", "BENCH same 10 x"],
                 ["print", "BENCH other 20 y"]]
        code, out, err = self.bench(steps, "--check-determinism", "--runs", "3")
        self.assertEqual(code, 0, err)
        self.assertEqual(self.counter.read_text(), "3")
        self.assertIn("bench: deterministic (2 figures identical over 3 runs)", out)

    def test_failed_boot_is_an_error(self):
        code, out, err = self.bench([["print", "BENCH a 7 x"], ["exit", 3]])
        self.assertEqual(code, 1)
        self.assertIn("QEMU exit status 3, expected 0", err)
        self.assertFalse(self.out.exists())

    def test_no_bench_output_is_an_error(self):
        code, out, err = self.bench([["print", "hello"]])
        self.assertEqual(code, 1)
        self.assertIn("printed no BENCH lines", err)


if __name__ == "__main__":
    unittest.main()
