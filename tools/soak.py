#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# soak.py: run the hostile-component fuzzer for long, with a chosen seed and call count.
"""Soak the kernel with the hostile-component fuzzer (tests/systems/fuzz).

`./tessera soak [--calls N] [--seed S] [--batch B]` composes the fuzz system with those
values (a copy of tests/systems/fuzz/system.toml in build/soak/, built as the user system
`user_soak`), boots it under -icount shift=0,sleep=off (the same calls and the same
timings for the same seed) and passes only when the fuzzer makes its calls with no
problem found by its checks, the victim kept its share and the kernel did not panic. The
console goes to build/soak/console.log; the summary (calls, virtual and wall time,
calls per second, problems, the victim's longest wait) to stdout. A failure names the
seed: `--trace C` prints every invocation from call C on, to find the one that broke it.
"""

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / "tests" / "systems" / "fuzz" / "system.toml"
SETVAR = re.compile(r"^setvar = \{ fuzz_seed = .*\}$", re.M)


def main(argv=None):
    """Compose, boot, check; exit status 0 on a clean run."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=100_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=20_000)
    ap.add_argument("--trace", type=int, default=None, help="print invocations from here on")
    ap.add_argument("--build", type=Path, default=REPO / "build")
    args = ap.parse_args(argv)
    folder = args.build / "soak"
    folder.mkdir(parents=True, exist_ok=True)
    trace = f", fuzz_trace = {args.trace}" if args.trace is not None else ""
    text = SETVAR.sub(f"setvar = {{ fuzz_seed = {args.seed}, fuzz_calls = {args.calls}, "
                      f"fuzz_batch = {args.batch}{trace} }}", MANIFEST.read_text())
    (folder / "system.toml").write_text(text)
    subprocess.run([REPO / "tessera", "build", folder / "system.toml"], check=True,
                   stdout=subprocess.DEVNULL)
    image = args.build / "systems" / "user_soak" / "user_soak.elf"
    timeout = 120 + args.calls // 20_000  # about 60,000 calls/s on a busy host
    log = folder / "console.log"
    start = time.monotonic()
    with open(log, "w") as out:
        status = subprocess.run(
            [sys.executable, REPO / "tools" / "qemu_run.py", "--platform",
             REPO / "platforms" / "qemu-virt-aarch64", "--mode", "test", "--timeout",
             str(timeout), "--qemu-arg=-icount", "--qemu-arg=shift=0,sleep=off",
             "--expect", "fuzz: done: [0-9]+ calls", "--expect", "fuzz: 0 problems",
             "--expect", "fuzz: victims kept their share",
             "--until", "fuzz: (victims kept their share|FAIL)", image],
            stdout=out, stderr=subprocess.STDOUT).returncode
    wall = time.monotonic() - start
    lines = log.read_text(errors="replace").splitlines()
    # (the fuzzer's console text, "~", may start a line)
    summary = re.compile(r"fuzz: (done|errors|methods|PROBLEM|FAIL|victims)|KERNEL PANIC|"
                         r"fuzz_server:|victim: .* wrong")
    for line in lines:
        if summary.search(line):
            print(line.lstrip("~"))
    done = next((re.search(r"done: ([0-9]+) calls", line) for line in lines
                 if "fuzz: done" in line), None)
    calls = int(done[1]) if done else 0
    print(f"soak: seed {args.seed}: {calls} calls in {wall:.0f} s of wall time "
          f"({calls / wall:.0f} calls/s), {'PASS' if status == 0 else 'FAIL'} "
          f"(console in {log})")
    return status


if __name__ == "__main__":
    sys.exit(main())
