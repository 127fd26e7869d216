# SPDX-License-Identifier: BSD-2-Clause
# test_linux_bench.py: tests for tools/linux_bench.py (without booting Linux).
"""Tests for tools/linux_bench.py: LINUXBENCH line parsing, medians of runs, the
results.json entries, and the QEMU command lines of the two sides."""

import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "tools"))
import linux_bench  # noqa: E402

PLATFORM = REPO / "platforms" / "qemu-virt-aarch64"


class ParseTest(unittest.TestCase):
    """parse() on good and bad output."""

    def test_good_lines(self):
        figures = linux_bench.parse([
            "[    0.1] Run /init as init process",
            "LINUXBENCH linux_getpid 246 100000",
            "LINUXBENCH linux_pipe 10123 10000\r",
            "tessera-bench: done",
        ], "native")
        self.assertEqual(figures, {"linux_getpid": 246, "linux_pipe": 10123})

    def test_bad_lines(self):
        for line, why in (("LINUXBENCH linux_pipe 10 x", "malformed"),
                          ("LINUXBENCH linux_pipe -1 10", "malformed"),
                          ("LINUXBENCH linux_fork 10 10", "unknown benchmark linux_fork")):
            with self.subTest(line=line), self.assertRaisesRegex(linux_bench.LinuxBenchError, why):
                linux_bench.parse([line], "guest")
        with self.assertRaisesRegex(linux_bench.LinuxBenchError, "linux_cpu reported twice"):
            linux_bench.parse(["LINUXBENCH linux_cpu 1 1", "LINUXBENCH linux_cpu 2 1"], "guest")


class CombineTest(unittest.TestCase):
    """median_runs() and combine()."""

    def test_medians_and_ratio(self):
        native = linux_bench.median_runs([{"linux_pipe": 100}, {"linux_pipe": 300},
                                          {"linux_pipe": 200}])
        guest = linux_bench.median_runs([{"linux_pipe": 210, "linux_channel_call": 9}] * 3)
        entries = linux_bench.combine(native, guest)
        self.assertEqual(entries["linux_pipe"]["native"], 200)
        self.assertEqual(entries["linux_pipe"]["guest"], 210)
        self.assertEqual(entries["linux_pipe"]["ratio"], 1.05)
        self.assertEqual(entries["linux_pipe"]["runs"], {"native": [100, 300, 200],
                                                         "guest": [210, 210, 210]})
        self.assertEqual(set(entries["linux_channel_call"]), {"guest", "unit", "what", "runs"})
        table = linux_bench.format_table(entries)
        self.assertRegex(table, r"linux_pipe\s+200\s+210\s+1\.050")
        self.assertRegex(table, r"linux_channel_call\s+-\s+9\s+-")

    def test_runs_must_agree(self):
        with self.assertRaisesRegex(linux_bench.LinuxBenchError, "run 2 measured"):
            linux_bench.median_runs([{"linux_cpu": 1}, {"linux_cpu": 1, "linux_pipe": 2}])

    def test_native_only_is_an_error(self):
        with self.assertRaisesRegex(linux_bench.LinuxBenchError, "not on Tessera"):
            linux_bench.combine({"linux_cpu": (1, [1])}, {})


class CommandTest(unittest.TestCase):
    """Both sides get the same devices and icount; only the native side has no EL2."""

    def test_same_devices(self):
        native = linux_bench.native_command(PLATFORM, "linux.img", "initrd.cpio", 2, "128M")
        guest = linux_bench.guest_command(PLATFORM, "linux_bench.elf")
        for cmd in (native, guest):
            self.assertEqual(cmd[-len(linux_bench.DEVICES):], linux_bench.DEVICES)
        self.assertIn("shift=0,sleep=off", linux_bench.DEVICES)
        self.assertEqual(native[native.index("-machine") + 1], "virt,gic-version=3")
        self.assertIn("virtualization=on", guest[guest.index("-machine") + 1])
        self.assertIn("tessera.workload=bench", native[native.index("-append") + 1])
        self.assertEqual(native[native.index("-smp") + 1], "2")


if __name__ == "__main__":
    unittest.main()
