# SPDX-License-Identifier: BSD-2-Clause
"""qemu.rt_throughput: a guest's throughput beside the real-time task is its throughput
alone less the task's share of the CPU, and no more.

Boots the spinning guest alone (rt_guest_only) and beside the 2 kHz periodic task
(rt_guest_spin), both under -icount shift=0,sleep=off, reads the loops the guest
completes in each window of 100 ms of virtual time, and checks the ratio against the
task's share: its job (about 1,000 instructions) and the kernel's switches to it and
back (a few hundred) 2,000 times a second, well under 1 % of the CPU. The ratio must be
at least 0.99 (and at most 1: the task cannot make the guest faster).
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "tools"))
import qemu_run  # noqa: E402

WINDOW = re.compile(r"load: window ([0-9]+): ([0-9]+) loops in 100 ms")
WINDOWS = 4
RATIO_MIN = 0.99


def loops(platform, image):
    """{window: loops} the guest printed, booting IMAGE until its last window."""
    cmd = qemu_run.build_command(platform, image, "test",
                                 qemu_args=["-icount", "shift=0,sleep=off"])
    result = qemu_run.run(cmd, timeout=240, echo=False,
                          until=re.compile(f"load: window {WINDOWS}:"))
    found = {int(m.group(1)): int(m.group(2))
             for m in map(WINDOW.search, result.output) if m}
    if len(found) < WINDOWS:
        sys.exit(f"{image}: the guest printed {len(found)} of {WINDOWS} windows "
                 f"({result.reason})")
    return found


def main(platform, alone_image, beside_image):
    alone, beside = loops(platform, alone_image), loops(platform, beside_image)
    worst = 1.0
    for w in range(2, WINDOWS + 1):  # the first window holds the boot
        ratio = beside[w] / alone[w]
        worst = min(worst, ratio)
        print(f"rt_throughput: window {w}: {beside[w]} loops beside the task, "
              f"{alone[w]} alone: {ratio:.4f}")
        if ratio > 1.0:
            return f"window {w}: the guest did more beside the task than alone"
    print(f"rt_throughput: the guest keeps {worst:.2%} of its throughput beside the task")
    if worst < RATIO_MIN:
        return f"the guest kept {worst:.2%}, less than {RATIO_MIN:.0%}"
    print("rt_throughput: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
