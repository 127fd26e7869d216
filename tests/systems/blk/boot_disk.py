#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
# boot_disk.py: boot an image several times with one fresh virtio-blk disk image.
"""Boot a kernel image in QEMU several times in a row, sharing one virtio-blk disk.

    boot_disk.py [--disk-mib N] IMAGE --boot ARGS... [--boot ARGS...]

Makes an empty raw disk image of N MiB (default 8) in a temporary directory, then
for each --boot runs tools/qemu_run.py on IMAGE with the disk attached as the first
virtio device (virtio-mmio slot 31, modern interface) and the ARGS that follow that
--boot (the runner's own: --expect, --until, --timeout...). Stops at the first boot
that fails; the exit status is that boot's, 0 when all pass. What one boot writes, the
next reads: a test of data surviving a reboot.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
RUNNER = REPO / "tools" / "qemu_run.py"


def split_boots(argv):
    """Return (options before the first --boot, [args of each boot])."""
    head, boots = [], None
    for arg in argv:
        if arg == "--boot":
            boots = (boots or []) + [[]]
        elif boots is None:
            head.append(arg)
        else:
            boots[-1].append(arg)
    return head, boots or []


def disk_args(path):
    """QEMU arguments that attach PATH as a modern virtio-blk device."""
    return ["-drive", f"file={path},format=raw,if=none,id=disk0",
            "-device", "virtio-blk-device,drive=disk0",
            "-global", "virtio-mmio.force-legacy=false"]


def main(argv):
    """Command-line entry point; returns the exit status."""
    head, boots = split_boots(argv)
    mib = 8
    if len(head) >= 2 and head[0] == "--disk-mib":
        mib = int(head[1])
        head = head[2:]
    if len(head) != 1 or not boots:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    image = head[0]
    with tempfile.TemporaryDirectory(prefix="tessera-disk-") as tmp:
        disk = Path(tmp) / "disk.img"
        with open(disk, "wb") as f:
            f.truncate(mib << 20)
        qemu_args = [f"--qemu-arg={a}" for a in disk_args(disk)]
        for n, args in enumerate(boots, 1):
            print(f"boot_disk: boot {n} of {len(boots)}", flush=True)
            status = subprocess.call([sys.executable, str(RUNNER), *qemu_args, *args, image])
            if status:
                print(f"boot_disk: boot {n} failed", flush=True)
                return status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
