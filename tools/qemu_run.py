# SPDX-License-Identifier: BSD-2-Clause
# qemu_run.py: boot a Tessera kernel image in QEMU, interactively or as a pass/fail test.
"""Boot a Tessera kernel image in QEMU.

Modes: ``run`` (interactive console, Ctrl-A x quits; with --until or --timeout it ends
there: status 0 at the --until line or at the timeout without one, 1 if QEMU ends first,
or at the timeout before the --until line, or at a kernel panic), ``debug`` (like run,
but QEMU waits for gdb), ``test`` (non-interactive; the serial output is judged against
--expect/--until/--status and the kernel's panic markers) and ``bench`` (test plus
deterministic instruction counting). The last line printed in test and bench modes is
``qemu_run: PASS (reason)`` or ``qemu_run: FAIL (reason)``; the exit code is 0 on
pass, 1 on fail and 2 on usage errors.

bench.py and the tool tests use build_command() and run() directly.
"""

import argparse
import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PLATFORM = REPO / "platforms" / "qemu-virt-aarch64"
MODES = ("run", "test", "bench", "debug")

PANIC_START = "KERNEL PANIC"  # first line of a kernel panic
PANIC_END = "end of panic"  # last line of the panic dump
PANIC_STATUS = 112  # QEMU's exit status after a panic under semihosting
PANIC_GRACE = 5.0  # seconds allowed from PANIC_START to PANIC_END
EXIT_GRACE = 1.0  # seconds QEMU gets to exit by itself after an expected panic
TAIL_LINES = 40  # output lines shown on failure when the run was quiet
NO_LIMIT = 1e9  # seconds: a run without a timeout


class UsageError(Exception):
    """A problem with the command line or the platform description (exit code 2)."""


@dataclass
class Result:
    """The verdict on one QEMU run."""

    passed: bool
    reason: str
    output: list[str] = field(default_factory=list)
    status: int | None = None  # QEMU's exit status, None if qemu_run killed it


def load_platform(platform_dir):
    """Return the settings in PLATFORM_DIR/qemu.toml as a dict."""
    path = Path(platform_dir) / "qemu.toml"
    try:
        with open(path, "rb") as f:
            config = tomllib.load(f)
    except FileNotFoundError:
        raise UsageError(f"platform file not found: {path}") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: {e}") from None
    for key in ("binary", "machine", "cpu", "memory"):
        if key not in config:
            raise UsageError(f"{path}: missing key '{key}'")
    return config


def compile_dtb(source, image):
    """The device tree SOURCE (.dts) compiled by dtc beside IMAGE, unless it is up to date.

    For boards whose QEMU model makes no device tree of its own (qemu.toml's `dtb`)."""
    out = Path(image).parent / (source.stem + ".dtb")
    try:
        if out.exists() and out.stat().st_mtime >= source.stat().st_mtime:
            return out
        tmp = out.with_name(f"{out.name}.{os.getpid()}")
        subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(tmp), str(source)],
                       check=True, capture_output=True, text=True)
        os.replace(tmp, out)  # tests running side by side never see half a file
    except FileNotFoundError as e:
        raise UsageError(f"{e.filename}: not found (the board's device tree needs dtc)") from None
    except subprocess.CalledProcessError as e:
        raise UsageError(f"{source}: dtc failed: {e.stderr.strip()}") from None
    return out


def build_command(platform_dir, image, mode="test", *, machine=None, append=None,
                  qemu_args=(), binary=None, gdb_port=1234, smp=None, monitor=False):
    """Return the QEMU command line (a list) that boots IMAGE in MODE, with SMP CPUs
    (default: $TESSERA_SMP, else the platform's smp in run and debug modes, else one);
    MONITOR: in test and bench modes, QEMU's monitor shares the serial console (Ctrl-A c
    switches between them)."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    cfg = load_platform(platform_dir)
    cmd = [binary or cfg["binary"], "-machine", machine or cfg["machine"],
           "-cpu", cfg["cpu"], "-m", str(cfg["memory"]), *cfg.get("args", []),
           "-kernel", str(image)]
    if "dtb" in cfg:
        cmd += ["-dtb", str(compile_dtb(Path(platform_dir) / cfg["dtb"], image))]
    kernel_line = [append or ""]
    if mode in ("run", "debug"):
        cmd.append("-nographic")  # console on the terminal, monitor on Ctrl-A c
        if mode == "debug":
            cmd += ["-S", "-gdb", f"tcp::{gdb_port}"]
    else:
        cmd += ["-display", "none", "-monitor", "none",
                "-serial", "mon:stdio" if monitor else "stdio", *cfg.get("test_args", [])]
        if mode == "bench":
            cmd += cfg.get("bench_args", [])
        kernel_line.insert(0, cfg.get("test_append", ""))
    text = " ".join(part for part in kernel_line if part)
    if text:
        cmd += ["-append", text]
    smp = smp or os.environ.get("TESSERA_SMP") or \
        (cfg.get("smp") if mode in ("run", "debug") else None)
    if smp:
        cmd += ["-smp", str(smp)]
        if int(smp) > 1 and mode in ("test", "bench"):
            # One host thread runs every CPU in turn: a CPU waiting for the kernel's
            # lock (WFE) hands over at once, and the host's own load cannot stall the
            # lock's holder while the others spin (docs/testing.md).
            cmd += ["-accel", "tcg,thread=single"]
    return cmd + list(qemu_args)


def _read_lines(stream, lines):
    """Reader thread: put each output line (decoded, no newline) on LINES, then None."""
    for raw in iter(stream.readline, b""):
        lines.put(raw.decode("utf-8", errors="replace").rstrip("\r\n"))
    lines.put(None)


def _kill_group(proc):
    """Kill PROC's whole process group (it leads its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _terminate(proc):
    """End PROC (QEMU on the terminal) with SIGTERM, so that it gives the terminal back as
    it found it; SIGKILL if it has not ended after EXIT_GRACE."""
    with contextlib.suppress(ProcessLookupError):
        proc.terminate()
    try:
        proc.wait(EXIT_GRACE)
    except subprocess.TimeoutExpired:
        proc.kill()


def _describe_status(status):
    """Say how QEMU ended, from a Popen return code."""
    if status < 0:
        return f"QEMU killed by signal {-status}"
    return f"QEMU exit status {status}"


def run(cmd, timeout=60, expect=(), until=None, status=0, expect_panic=False,
        echo=True, log=None, panic_grace=PANIC_GRACE, send=(), expect_any=(), fail=(),
        interactive=False, send_delay=0.0):
    """Run CMD (a QEMU command line in test or bench mode) and judge its output.

    EXPECT is a list of regular expressions that must match output lines in order; one
    with \\n in it matches several lines: the text since the previous one matched, its
    lines each ending in a newline;
    EXPECT_ANY a list that must each match some line, in any order (the output of
    components that run side by side); UNTIL ends the run when a line matches it. SEND is a list of (regex, text): when a
    line first matches the regex, the text goes to QEMU's standard input (the serial
    console's input), in order, SEND_DELAY seconds of host time after the line. FAIL is a list of regular expressions of lines that end
    the run as a failure at once (a guest's own panic message). STATUS is the exit status QEMU must
    return when it exits by itself. With EXPECT_PANIC, a complete kernel panic is
    required instead of being a failure. ECHO prints lines as they arrive; LOG is
    a file name that receives all output. INTERACTIVE (run mode): QEMU reads this
    process's standard input (the terminal) and stays in its process group, and ends with
    SIGTERM. TIMEOUT None: no limit. Returns a Result; never hangs past TIMEOUT.
    """
    patterns = [re.compile(p) for p in expect]
    anywhere = {p: re.compile(p) for p in expect_any}
    until_re = re.compile(until) if until else None
    fail_res = [re.compile(p) for p in fail]
    failed = None  # the FAIL pattern a line matched
    output, matched, exit_status = [], 0, None
    block = []  # the lines since the last expected one: what a several-line EXPECT sees
    panic_at = panic_end_at = None
    stop = None  # why qemu_run ended the run: "timeout", "panic" or "until"
    if log:
        Path(log).parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") if log else contextlib.nullcontext() as logf:
        sends = [(re.compile(r), t) for r, t in send]
        stdin = None if interactive else subprocess.PIPE if sends else subprocess.DEVNULL
        proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=not interactive)
        lines = queue.Queue()
        reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True)
        reader.start()
        deadline = time.monotonic() + (NO_LIMIT if timeout is None else timeout)
        try:
            while True:
                limits = [(deadline, "timeout")]
                if panic_end_at is not None:
                    limits.append((panic_end_at + EXIT_GRACE, "panic"))
                elif panic_at is not None:
                    limits.append((panic_at + panic_grace, "panic"))
                limit, why = min(limits)
                try:
                    line = lines.get(timeout=max(0.0, limit - time.monotonic()))
                except queue.Empty:
                    stop = why
                    break
                if line is None:  # end of output: QEMU has exited
                    try:
                        exit_status = proc.wait(max(0.0, deadline - time.monotonic()))
                    except subprocess.TimeoutExpired:
                        stop = "timeout"
                    break
                output.append(line)
                if echo:
                    print(line, flush=True)
                if logf:
                    logf.write(line + "\n")
                block.append(line + "\n")
                if matched < len(patterns) and patterns[matched].search(
                        "".join(block) if "\\n" in patterns[matched].pattern else line):
                    matched += 1
                    block = []
                for p in [p for p, r in anywhere.items() if r.search(line)]:
                    del anywhere[p]
                if sends and sends[0][0].search(line):
                    time.sleep(send_delay)
                    with contextlib.suppress(OSError):
                        proc.stdin.write(sends.pop(0)[1].encode())
                        proc.stdin.flush()
                failed = next((r.pattern for r in fail_res if r.search(line)), None)
                if failed is not None:
                    stop = "fail"
                    break
                if panic_at is None and PANIC_START in line:
                    panic_at = time.monotonic()
                if panic_at is not None and panic_end_at is None and PANIC_END in line:
                    panic_end_at = time.monotonic()
                    if not expect_panic:
                        stop = "panic"
                        break
                if until_re and until_re.search(line):
                    stop = "until"
                    break
        finally:
            if interactive:
                _terminate(proc)
            else:
                _kill_group(proc)  # also ends anything QEMU left behind
            proc.wait()
            reader.join(timeout=1)
            proc.stdout.close()
            if proc.stdin:
                with contextlib.suppress(OSError):
                    proc.stdin.close()

    def verdict(passed, reason):
        return Result(passed, reason, output, exit_status)

    if panic_at is not None and not expect_panic:
        return verdict(False, "kernel panic")
    if failed is not None:
        return verdict(False, f"a line matched /{failed}/")
    if stop == "timeout":
        return verdict(False, f"timeout after {timeout:g} s")
    if expect_panic and panic_at is None:
        return verdict(False, "no kernel panic, one was expected")
    if expect_panic and panic_end_at is None:
        return verdict(False, f"panic output incomplete: '{PANIC_END}' not seen")
    wanted = PANIC_STATUS if expect_panic else status
    bad_status = None
    if exit_status is not None and exit_status != wanted:
        bad_status = f"{_describe_status(exit_status)}, expected {wanted}"
    if matched < len(patterns) or anywhere:
        missing = (f"expected /{patterns[matched].pattern}/ not seen" if matched < len(patterns)
                   else f"expected /{next(iter(anywhere))}/ not seen anywhere")
        return verdict(False, f"{missing}; {bad_status}" if bad_status else missing)
    if until_re and stop != "until" and not expect_panic:
        return verdict(False, f"/{until}/ not seen before {_describe_status(exit_status)}")
    if bad_status:
        return verdict(False, bad_status)
    done = ["kernel panic as expected"] if expect_panic else []
    seen = len(patterns) + len(expect_any)
    if seen:
        done.append(f"{seen} expected line{'s' * (seen > 1)} seen")
    if stop == "until":
        done.append(f"stopped at /{until}/")
    if exit_status is not None:
        done.append(_describe_status(exit_status))
    return verdict(True, ", ".join(done))


def run_until(cmd, args):
    """Run mode with --until or --timeout: the console on the terminal until the line or
    the time; returns the exit status (a line says why the run ended)."""
    result = run(cmd, timeout=args.timeout, until=args.until, interactive=True)
    if not args.until and result.reason.startswith("timeout"):
        result = Result(True, f"stopped after {args.timeout:g} s", result.output)
    print(f"qemu_run: {result.reason}" if result.passed else f"qemu_run: FAIL ({result.reason})",
          file=sys.stderr, flush=True)
    return 0 if result.passed else 1


def parse_args(argv):
    """Parse the command line (ARGV without the program name; None: sys.argv)."""
    p = argparse.ArgumentParser(prog="qemu_run.py", description=__doc__.splitlines()[0])
    p.add_argument("image", metavar="IMAGE", help="kernel ELF image (QEMU -kernel)")
    p.add_argument("--platform", default=str(DEFAULT_PLATFORM), metavar="DIR",
                   help="platform directory holding qemu.toml (default: %(default)s)")
    p.add_argument("--mode", choices=MODES, default="test", help="default: test")
    p.add_argument("--machine", help="override the platform's -machine string")
    p.add_argument("--append", help="extra kernel command-line text")
    p.add_argument("--qemu-arg", action="append", default=[], metavar="ARG",
                   help="extra QEMU argument (repeatable)")
    p.add_argument("--qemu-binary", metavar="PATH", help="override the QEMU program")
    p.add_argument("--smp", type=int, metavar="N",
                   help="CPUs (QEMU -smp; default: $TESSERA_SMP, else 1)")
    p.add_argument("--monitor", action="store_true",
                   help="test: QEMU's monitor on the console too, Ctrl-A c (\\x01c) to "
                        "switch, e.g. --send REGEX '\\x01cinfo registers -a\\n\\x01c'")
    p.add_argument("--gdb-port", type=int, default=1234, help="debug mode (default 1234)")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="test, bench: fail after this long (default 60); run: end after "
                        "this long (default: never)")
    p.add_argument("--expect", action="append", default=[], metavar="REGEX",
                   help="must match an output line, in order (repeatable)")
    p.add_argument("--expect-any", action="append", default=[], metavar="REGEX",
                   help="must match an output line, in any order (repeatable)")
    p.add_argument("--until", metavar="REGEX", help="end the run when a line matches "
                   "(run mode: status 0 then, 1 if QEMU ends or the timeout passes first)")
    p.add_argument("--fail", action="append", default=[], metavar="REGEX",
                   help="a line that matches fails the run at once (repeatable)")
    p.add_argument("--status", type=int, default=0, help="required QEMU exit status")
    p.add_argument("--expect-panic", action="store_true",
                   help="require a kernel panic (QEMU exit status 112)")
    p.add_argument("--log", metavar="FILE", help="also write the serial output here")
    p.add_argument("--quiet", action="store_true", help="do not echo output lines")
    p.add_argument("--send", nargs=2, action="append", default=[], metavar=("REGEX", "TEXT"),
                   help="when a line matches REGEX, type TEXT (Python escapes: \\n, "
                        "\\x0e) on the serial console; in order (repeatable)")
    p.add_argument("--send-delay", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long (host time) after the line before typing")
    return p.parse_args(argv)


def main(argv=None):
    """Command-line entry point; returns the process exit code."""
    args = parse_args(argv)
    try:
        if not Path(args.image).is_file():
            raise UsageError(f"kernel image not found: {args.image}")
        for pattern in args.expect + args.expect_any + args.fail + \
                ([args.until] if args.until else []):
            try:
                re.compile(pattern)
            except re.error as e:
                raise UsageError(f"bad regular expression /{pattern}/: {e}") from None
        cmd = build_command(args.platform, args.image, args.mode, machine=args.machine,
                            append=args.append, qemu_args=args.qemu_arg,
                            binary=args.qemu_binary, gdb_port=args.gdb_port,
                            smp=args.smp, monitor=args.monitor)
        if args.mode == "run" and (args.until or args.timeout is not None):
            return run_until(cmd, args)
        if args.mode in ("run", "debug"):
            if args.mode == "debug":
                print(f"qemu_run: QEMU waits for gdb on tcp port {args.gdb_port} "
                      f"(gdb: target remote :{args.gdb_port})", flush=True)
                # QEMU in this process's place: whoever started it (./tessera debug) ends
                # QEMU by ending it
                os.execvp(cmd[0], cmd)
            code = subprocess.call(cmd)
            return 128 - code if code < 0 else code
        result = run(cmd, timeout=60.0 if args.timeout is None else args.timeout,
                     expect=args.expect, until=args.until, status=args.status, expect_panic=args.expect_panic,
                     echo=not args.quiet, log=args.log, expect_any=args.expect_any,
                     fail=args.fail,
                     send=[(r, t.encode().decode("unicode_escape")) for r, t in args.send],
                     send_delay=args.send_delay)
    except (UsageError, OSError) as e:
        print(f"qemu_run: error: {e}", file=sys.stderr)
        return 2
    if not result.passed and args.quiet:
        print("\n".join(result.output[-TAIL_LINES:]))
    print(f"qemu_run: {'PASS' if result.passed else 'FAIL'} ({result.reason})", flush=True)
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
