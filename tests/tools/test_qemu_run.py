# SPDX-License-Identifier: BSD-2-Clause
# test_qemu_run.py: tests for tools/qemu_run.py, using a scripted fake QEMU.
"""Tests for tools/qemu_run.py. The fake QEMU (fixtures/fake_qemu.py) follows a
JSON script in the FAKE_QEMU environment variable."""

import json
import os
import subprocess
import sys
import tempfile
import time
import unittest
from pathlib import Path
from unittest import mock

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "tools"))
import qemu_run  # noqa: E402

FAKE = HERE / "fixtures" / "fake_qemu.py"
PLATFORM = REPO / "platforms" / "qemu-virt-aarch64"
FAKE_CMD = [sys.executable, str(FAKE)]


def script(*steps):
    """Environment patch that makes the fake QEMU act out STEPS."""
    return mock.patch.dict(os.environ, {"FAKE_QEMU": json.dumps(steps)})


def printing(*lines, status=0):
    """Fake QEMU script: print LINES, then exit with STATUS."""
    return script(*[["print", line] for line in lines], ["exit", status])


def gone(pid):
    """True when process PID no longer exists (or is a zombie nobody reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


class RunTest(unittest.TestCase):
    """qemu_run.run() against the fake QEMU."""

    def run_fake(self, **kwargs):
        kwargs.setdefault("timeout", 10)
        return qemu_run.run(FAKE_CMD, echo=False, **kwargs)

    def test_pass_on_expected_output_and_status_0(self):
        with printing("booting", "hello from Tessera", "done"):
            r = self.run_fake(expect=["hello"])
        self.assertTrue(r.passed, r.reason)
        self.assertEqual(r.status, 0)
        self.assertEqual(r.output, ["booting", "hello from Tessera", "done"])

    def test_missing_expect_fails(self):
        with printing("booting", "done"):
            r = self.run_fake(expect=["booting", "hello"])
        self.assertFalse(r.passed)
        self.assertEqual(r.reason, "expected /hello/ not seen")

    def test_expects_are_ordered(self):
        with printing("second", "first"):
            r = self.run_fake(expect=["first", "second"])
        self.assertFalse(r.passed)
        self.assertEqual(r.reason, "expected /second/ not seen")
        with printing("first", "second"):
            self.assertTrue(self.run_fake(expect=["first", "second"]).passed)

    def test_expect_any_is_unordered_and_required(self):
        with printing("second", "first", "last"):
            r = self.run_fake(expect=["last"], expect_any=["first", "second"])
        self.assertTrue(r.passed, r.reason)
        self.assertEqual(r.reason, "3 expected lines seen, QEMU exit status 0")
        with printing("second", "last"):
            r = self.run_fake(expect=["last"], expect_any=["first", "second"])
        self.assertFalse(r.passed)
        self.assertEqual(r.reason, "expected /first/ not seen anywhere")

    def test_one_line_matches_one_expect(self):
        with printing("ab"):
            r = self.run_fake(expect=["a", "b"])
        self.assertEqual(r.reason, "expected /b/ not seen")

    def test_several_line_expect_sees_the_lines_since_the_last_expect(self):
        dump = r"(?m)^CPU#0\n(?:(?!CPU#).*\n)*x=1\n(?:(?!CPU#).*\n)*CPU#1\n(?:(?!CPU#).*\n)*x=1"
        with printing("start", "CPU#0", "x=1", "CPU#1", "x=0", "CPU#0", "x=0", "CPU#1", "x=1"):
            r = self.run_fake(expect=["start", dump])  # x=1 on each CPU, not in one dump
        self.assertEqual(r.reason, f"expected /{dump}/ not seen")
        with printing("start", "CPU#0", "x=0", "CPU#1", "x=1", "CPU#0", "x=1", "y", "CPU#1",
                      "x=1", "CPU#2"):
            r = self.run_fake(expect=["start", dump, "CPU#2"])
        self.assertTrue(r.passed, r.reason)

    def test_panic_fails_even_with_all_expects(self):
        with printing("hello", "KERNEL PANIC: oops", "x0 = 0", "end of panic", status=112):
            r = self.run_fake(expect=["hello"])
        self.assertFalse(r.passed)
        self.assertEqual(r.reason, "kernel panic")

    def test_panic_stops_the_run_at_end_of_panic(self):
        with script(["print", "KERNEL PANIC"], ["print", "end of panic"], ["hang", None]):
            start = time.monotonic()
            r = self.run_fake()
        self.assertLess(time.monotonic() - start, 3)
        self.assertEqual(r.reason, "kernel panic")
        self.assertIsNone(r.status)

    def test_unfinished_panic_stops_after_grace(self):
        with script(["print", "KERNEL PANIC"], ["hang", None]):
            start = time.monotonic()
            r = self.run_fake(panic_grace=0.5)
        self.assertLess(time.monotonic() - start, 3)
        self.assertEqual(r.reason, "kernel panic")

    def test_expect_panic_passes_on_panic(self):
        with printing("test: panic now", "KERNEL PANIC: on purpose", "end of panic",
                      status=112):
            r = self.run_fake(expect=["panic now", "on purpose"], expect_panic=True)
        self.assertTrue(r.passed, r.reason)

    def test_expect_panic_accepts_killing_after_panic(self):
        with script(["print", "KERNEL PANIC"], ["print", "end of panic"], ["hang", None]):
            r = self.run_fake(expect_panic=True)
        self.assertTrue(r.passed, r.reason)

    def test_expect_panic_fails_without_panic(self):
        with printing("all fine"):
            r = self.run_fake(expect_panic=True)
        self.assertFalse(r.passed)
        self.assertEqual(r.reason, "no kernel panic, one was expected")

    def test_expect_panic_needs_panic_status(self):
        with printing("KERNEL PANIC", "end of panic", status=0):
            r = self.run_fake(expect_panic=True)
        self.assertEqual(r.reason, "QEMU exit status 0, expected 112")

    def test_wrong_exit_status_fails(self):
        with printing("hello", status=3):
            r = self.run_fake(expect=["hello"])
        self.assertFalse(r.passed)
        self.assertEqual(r.reason, "QEMU exit status 3, expected 0")
        with printing("hello", status=3):
            self.assertTrue(self.run_fake(status=3).passed)

    def test_timeout_kills_qemu_and_its_children(self):
        with tempfile.TemporaryDirectory() as tmp:
            pids = Path(tmp) / "pids"
            with script(["print", "hello"], ["pids", str(pids)], ["hang", None]):
                start = time.monotonic()
                r = self.run_fake(timeout=1)
                elapsed = time.monotonic() - start
            self.assertFalse(r.passed)
            self.assertEqual(r.reason, "timeout after 1 s")
            self.assertLess(elapsed, 3)
            for pid in map(int, pids.read_text().split()):
                for _ in range(50):
                    if gone(pid):
                        break
                    time.sleep(0.02)
                self.assertTrue(gone(pid), f"process {pid} left behind")

    def test_until_stops_a_run_that_never_ends(self):
        with script(["print", "hello"], ["print", "tests done"], ["hang", None]):
            start = time.monotonic()
            r = self.run_fake(expect=["hello"], until="tests done")
        self.assertLess(time.monotonic() - start, 3)
        self.assertTrue(r.passed, r.reason)
        self.assertIsNone(r.status)

    def test_send_types_on_the_console_when_a_line_matches(self):
        with script(["print", "login:"], ["echo", "typed: "]):
            r = self.run_fake(expect=["typed: hello"], send=[("login", "hello\n")])
        self.assertTrue(r.passed, r.reason)

    def test_send_delay_waits_before_typing(self):
        with script(["print", "login:"], ["echo", "typed: "]):
            start = time.monotonic()
            r = self.run_fake(expect=["typed: hello"], send=[("login", "hello\n")],
                              send_delay=0.5)
        self.assertTrue(r.passed, r.reason)
        self.assertGreaterEqual(time.monotonic() - start, 0.5)

    def test_fail_line_ends_the_run(self):
        with script(["print", "hello"], ["print", "Kernel panic - not syncing: oops"],
                    ["hang", None]):
            start = time.monotonic()
            r = self.run_fake(expect=["hello"], fail=["Kernel panic"])
        self.assertLess(time.monotonic() - start, 3)
        self.assertFalse(r.passed)
        self.assertEqual(r.reason, "a line matched /Kernel panic/")
        with printing("hello", "all well"):
            self.assertTrue(self.run_fake(expect=["hello"], fail=["Kernel panic"]).passed)

    def test_until_not_seen_fails(self):
        with printing("hello"):
            r = self.run_fake(until="tests done")
        self.assertEqual(r.reason, "/tests done/ not seen before QEMU exit status 0")

    def test_non_utf8_and_unterminated_last_line(self):
        with script(["raw", "ff fe 68 65 6c 6c 6f 0d 0a"], ["raw", "6c61737480"]):
            r = self.run_fake(expect=["hello", "^last"])
        self.assertTrue(r.passed, r.reason)
        self.assertEqual(r.output, ["\ufffd\ufffdhello", "last\ufffd"])

    def test_log_file_gets_the_output(self):
        with tempfile.TemporaryDirectory() as tmp, printing("one", "two"):
            log = Path(tmp) / "serial.log"
            self.run_fake(log=str(log))
            self.assertEqual(log.read_text(), "one\ntwo\n")


class BuildCommandTest(unittest.TestCase):
    """build_command() with the real platform description."""

    def build(self, mode, **kwargs):
        return qemu_run.build_command(PLATFORM, "kernel.elf", mode, **kwargs)

    @staticmethod
    def has(cmd, *args):
        """True when ARGS appear consecutively in CMD."""
        n = len(args)
        return any(tuple(cmd[i:i + n]) == args for i in range(len(cmd) - n + 1))

    def test_run_mode(self):
        cmd = self.build("run")
        self.assertEqual(cmd[0], "qemu-system-aarch64")
        self.assertTrue(self.has(cmd, "-machine", "virt,virtualization=on,gic-version=3"))
        self.assertTrue(self.has(cmd, "-cpu", "cortex-a53"))
        self.assertTrue(self.has(cmd, "-m", "1G"))
        self.assertTrue(self.has(cmd, "-kernel", "kernel.elf"))
        self.assertIn("-nographic", cmd)
        for absent in ("-semihosting-config", "-append", "-icount", "-S", "-gdb"):
            self.assertNotIn(absent, cmd)

    def test_debug_mode(self):
        cmd = self.build("debug", gdb_port=4321)
        self.assertIn("-nographic", cmd)
        self.assertIn("-S", cmd)
        self.assertTrue(self.has(cmd, "-gdb", "tcp::4321"))
        self.assertNotIn("-semihosting-config", cmd)

    def test_test_mode(self):
        cmd = self.build("test")
        self.assertTrue(self.has(cmd, "-display", "none"))
        self.assertTrue(self.has(cmd, "-monitor", "none"))
        self.assertTrue(self.has(cmd, "-serial", "stdio"))
        self.assertTrue(self.has(cmd, "-semihosting-config", "enable=on,target=native"))
        self.assertTrue(self.has(cmd, "-append", "semihosting"))
        self.assertNotIn("-icount", cmd)
        self.assertNotIn("-nographic", cmd)

    def test_monitor_shares_the_console(self):
        cmd = self.build("test", monitor=True)
        self.assertTrue(self.has(cmd, "-serial", "mon:stdio"))
        self.assertTrue(self.has(cmd, "-monitor", "none"))

    def test_bench_mode(self):
        cmd = self.build("bench")
        self.assertTrue(self.has(cmd, "-semihosting-config", "enable=on,target=native"))
        self.assertTrue(self.has(cmd, "-icount", "shift=0"))
        self.assertTrue(self.has(cmd, "-append", "semihosting"))

    def test_overrides_and_extra_arguments(self):
        cmd = self.build("test", machine="virt,gic-version=3", append="el1-test",
                         qemu_args=["-smp", "2"], binary="/opt/qemu")
        self.assertEqual(cmd[0], "/opt/qemu")
        self.assertTrue(self.has(cmd, "-machine", "virt,gic-version=3"))
        self.assertTrue(self.has(cmd, "-append", "semihosting el1-test"))
        self.assertEqual(cmd[-2:], ["-smp", "2"])
        run_cmd = self.build("run", append="verbose")
        self.assertTrue(self.has(run_cmd, "-append", "verbose"))

    def test_missing_platform_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaisesRegex(qemu_run.UsageError, "platform file not found"):
                qemu_run.build_command(tmp, "kernel.elf")


class BoardDeviceTreeTest(unittest.TestCase):
    """A board whose QEMU model makes no device tree: qemu.toml's `dtb`, compiled by dtc."""

    def test_dtb_compiled_beside_the_image_and_passed(self):
        board = REPO / "platforms" / "zcu102"
        with tempfile.TemporaryDirectory() as tmp:
            image = Path(tmp) / "kernel.elf"
            cmd = qemu_run.build_command(board, image, "test")
            dtb = Path(tmp) / "zcu102.dtb"
            self.assertEqual(cmd[cmd.index("-dtb") + 1], str(dtb))
            self.assertEqual(dtb.read_bytes()[:4], bytes.fromhex("d00dfeed"))
            stamp = dtb.stat().st_mtime_ns
            qemu_run.build_command(board, image, "run")  # up to date: not compiled again
            self.assertEqual(dtb.stat().st_mtime_ns, stamp)

    def test_bad_device_tree_is_a_usage_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            board = Path(tmp)
            (board / "qemu.toml").write_text('binary = "q"\nmachine = "m"\ncpu = "c"\n'
                                             'memory = "1G"\ndtb = "b.dts"\n')
            (board / "b.dts").write_text("/dts-v1/; / { oops")
            with self.assertRaisesRegex(qemu_run.UsageError, "b.dts: dtc failed"):
                qemu_run.build_command(board, board / "kernel.elf")

    def test_virt_has_none(self):
        self.assertNotIn("-dtb", qemu_run.build_command(PLATFORM, "kernel.elf"))


class CommandLineTest(unittest.TestCase):
    """qemu_run.py as a program, with the fake QEMU behind a wrapper script."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        self.image = self.tmp / "kernel.elf"
        self.image.write_bytes(b"\x7fELF")
        self.qemu = self.tmp / "qemu"
        self.qemu.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n')
        self.qemu.chmod(0o755)

    def cli(self, steps, *args, image=None):
        env = dict(os.environ, FAKE_QEMU=json.dumps(steps))
        argv = [sys.executable, str(REPO / "tools" / "qemu_run.py"), "--qemu-binary",
                str(self.qemu), *args, str(image or self.image)]
        return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=20)

    def test_pass_echoes_output(self):
        argv_file = self.tmp / "argv.json"
        p = self.cli([["argv", str(argv_file)], ["print", "hello"]], "--expect", "hel+o",
                     "--append", "extra")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(p.stdout.splitlines()[0], "hello")
        self.assertTrue(p.stdout.splitlines()[-1].startswith("qemu_run: PASS ("))
        argv = json.loads(argv_file.read_text())
        self.assertIn("semihosting extra", argv)

    def test_quiet_failure_shows_the_tail(self):
        steps = [["print", f"line {i}"] for i in range(50)] + [["exit", 3]]
        p = self.cli(steps, "--quiet")
        self.assertEqual(p.returncode, 1)
        lines = p.stdout.splitlines()
        self.assertEqual(lines[0], "line 10")
        self.assertEqual(lines[-1], "qemu_run: FAIL (QEMU exit status 3, expected 0)")

    def test_missing_image_is_a_usage_error(self):
        p = self.cli([], image=self.tmp / "nope.elf")
        self.assertEqual(p.returncode, 2)
        self.assertIn("nope.elf", p.stderr)

    def test_bad_regex_is_a_usage_error(self):
        p = self.cli([], "--expect", "(")
        self.assertEqual(p.returncode, 2)
        self.assertIn("bad regular expression", p.stderr)

    def test_run_mode_until_ends_at_the_line(self):
        p = self.cli([["print", "booting"], ["print", "ready: 3"], ["hang", None]],
                     "--mode", "run", "--until", "ready: [0-9]")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(p.stdout.splitlines(), ["booting", "ready: 3"])
        self.assertEqual(p.stderr.splitlines()[-1], "qemu_run: stopped at /ready: [0-9]/")

    def test_run_mode_until_not_seen_fails(self):
        p = self.cli([["print", "booting"], ["exit", 0]], "--mode", "run", "--until", "ready")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.splitlines()[-1],
                         "qemu_run: FAIL (/ready/ not seen before QEMU exit status 0)")
        p = self.cli([["print", "booting"], ["hang", None]], "--mode", "run", "--until",
                     "ready", "--timeout", "0.5")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.splitlines()[-1], "qemu_run: FAIL (timeout after 0.5 s)")

    def test_run_mode_timeout_alone_stops_without_failing(self):
        argv_file = self.tmp / "argv.json"
        p = self.cli([["argv", str(argv_file)], ["print", "booting"], ["hang", None]],
                     "--mode", "run", "--timeout", "0.5", "--qemu-arg=-smp", "--qemu-arg=2")
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        self.assertEqual(p.stderr.splitlines()[-1], "qemu_run: stopped after 0.5 s")
        argv = json.loads(argv_file.read_text())
        self.assertIn("-nographic", argv)
        self.assertEqual(argv[-2:], ["-smp", "2"])
        self.assertNotIn("semihosting", " ".join(argv))

    def test_run_mode_panic_fails(self):
        p = self.cli([["print", "KERNEL PANIC: x"], ["print", "end of panic"], ["hang", None]],
                     "--mode", "run", "--until", "ready")
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.splitlines()[-1], "qemu_run: FAIL (kernel panic)")


if __name__ == "__main__":
    unittest.main()
