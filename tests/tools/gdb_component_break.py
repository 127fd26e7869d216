# SPDX-License-Identifier: BSD-2-Clause
# gdb_component_break.py: a breakpoint in one component, by name, through QEMU's gdbstub.
"""Boots IMAGE (the client-server example) with QEMU waiting for GDB, and drives
gdb-multiarch in batch mode with tools/gdb/tessera.py, as `./tessera debug` does:
`tessera break client main` must stop in the client, although the server, which starts
first (it has the higher priority), runs the same address: both programs link the
component runtime's main at one address, each in its own address space. Then `tessera
break server protected` must stop in the server's protected() with the client's call in
its arguments, with the server's symbols for the backtrace.

  gdb_component_break.py IMAGE MANIFEST BUILD
"""

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GDB_TIMEOUT = 60  # seconds; the whole run takes a few


def free_port():
    """A TCP port that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(output, pattern, what):
    """PATTERN must match a line of OUTPUT; say WHAT otherwise."""
    if not re.search(pattern, output, re.M):
        print(f"FAIL: {what}: /{pattern}/ not in GDB's output")
        return False
    print(f"ok: {what}")
    return True


def main(image, manifest, build):
    port = free_port()
    qemu = subprocess.Popen([sys.executable, str(REPO / "tools" / "qemu_run.py"), "--mode",
                             "debug", "--gdb-port", str(port), image],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        qemu.stdout.readline()  # "qemu_run: QEMU waits for gdb on tcp port ..."
        commands = [f'tessera system "{manifest}" "{build}"', f"target remote :{port}",
                    "tessera break client main", "continue", "tessera current",
                    "tessera symbols server", "info address main",
                    "tessera symbols client", "info address main",
                    "tessera break server protected", "continue", "tessera current", "bt",
                    "tessera components", "tessera threads"]
        gdb = subprocess.Popen(["gdb-multiarch", "-q", "-batch", "-nx", "-x",
                                str(REPO / "tools" / "gdb" / "tessera.py"),
                                *[a for c in commands for a in ("-ex", c)], image],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            output, _ = gdb.communicate(timeout=GDB_TIMEOUT)
        except subprocess.TimeoutExpired:  # a breakpoint that is never hit
            gdb.kill()
            output = gdb.communicate()[0] + f"\n(GDB killed after {GDB_TIMEOUT} s)"
    finally:
        os.killpg(qemu.pid, signal.SIGKILL)
        qemu.wait()
    print(output)
    main_at = re.findall(r'Symbol "main" is a function at address (0x[0-9a-f]+)', output)
    same = len(main_at) == 2 and main_at[0] == main_at[1]
    print(f"{'ok' if same else 'FAIL'}: main is at one address in both programs: {main_at}")
    ok = [same,
          check(output, r"^Breakpoint 1 at 0x[0-9a-f]+: main in client only$",
                "the breakpoint is set for the client"),
          check(output, r"^client \(component client, EL0\): => 0x[0-9a-f]+ <main",
                "it stops in the client, not the server"),
          check(output, r"^(Thread \d+ hit )?Breakpoint 2, protected \(channel=0, info=\d+\) at .*server\.c",
                "the server's protected() is hit"),
          check(output, r"^server \(component server, EL0\): ", "in the server"),
          check(output, r"^#1 +0x[0-9a-f]+ in main \(\) at .*component\.c",
                "the backtrace reaches the runtime's main"),
          check(output, r"^\* server +120 +component +.*cs_server\.elf$",
                "the server is marked as running"),
          check(output, r"^\* server +runnable +120  server$",
                "the server's thread runs, at its priority"),
          check(output, r"^  client +reply +\d+  client$",
                "the client's thread waits for the server's reply"),
          "Python Exception" not in output and "Error occurred" not in output]
    print("PASS" if all(ok) else "FAIL")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1])
    sys.exit(main(*sys.argv[1:]))
