# SPDX-License-Identifier: BSD-2-Clause
# linux_bench.py: the Linux guest against the same Linux on plain QEMU (docs/benchmarks.md).
"""Run the Linux guest's benchmarks natively and on Tessera, and compare them.

The same Image and initramfs (guests/paravirt-linux) boot twice with
`tessera.workload=bench` on their command line, where init runs `tessera-bench all`
instead of a shell:
- natively: QEMU virt without EL2 (`-M virt,gic-version=3 -cpu cortex-a53`, as many
  CPUs and as much RAM as the VM has), Linux driving QEMU's virtio devices with its own
  virtio-blk and virtio-net drivers, its console on the PL011;
- as a Tessera guest: the linux_bench system (examples/linux with the benchmark's
  command line), where the same devices are driven by Tessera's native drivers and
  Linux reaches them through its Tessera drivers.
Both run under `-icount shift=0,sleep=off`: virtual time advances one nanosecond per
instruction retired by any CPU of the machine (and jumps to the next timer when every
CPU is idle), so a figure in ns is the work of everything that ran. Both get the same
devices: a virtio-blk disk on QEMU's null-co driver (64 MiB that read as zeros: the
host's disk does not enter the figures) and a virtio-net card on QEMU's user network.

tessera-bench prints `LINUXBENCH <name> <ns per operation> <operations>`. Each side
boots --runs times (3) and each figure is the median of its runs: the device figures
vary a little from boot to boot, as QEMU completes I/O on its own thread, and so does
the pipe on two vCPUs sharing one CPU (docs/benchmarks.md). Each name goes into the
JSON results as {"native", "guest", "ratio" (guest / native), "runs" (every run's
figures, native and guest), "unit", "what"} (a figure only the guest has, the channel
call, has no native side).
"""

import argparse
import re
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import qemu_run  # noqa: E402

LINE = re.compile(r"LINUXBENCH ([a-z0-9_]+) ([0-9]+) ([0-9]+)")
DONE = r"^tessera-bench: done"
FAIL = r"Kernel panic|Internal error:|BUG: |WARNING: CPU|Unable to handle|vmm: linux stopped"
# A benchmark that could not run fails the run; natively, the channel call has no device.
SKIPPED = {"native": r"tessera-bench: (?!linux_channel_call )\S+ skipped: ",
           "guest": r"tessera-bench: \S+ skipped: "}
UNIT = "ns of virtual time (instructions, -icount shift=0) per operation"
WHAT = {
    "linux_boot": "boot to the shell: the virtual counter when init starts it (on "
                  "Tessera, from the machine's start: Tessera's boot, the VMM loading Linux)",
    "linux_cpu": "a CPU-bound loop: 1,000 steps of a xorshift generator",
    "linux_getpid": "a system call: getpid()",
    "linux_pipe": "a pipe ping-pong between two processes on one CPU: one round trip "
                  "(two context switches)",
    "linux_blk_read_4k": "a 4 KiB read from the disk (O_DIRECT, raw device)",
    "linux_blk_write_4k": "a 4 KiB write to the disk (O_DIRECT, raw device)",
    "linux_blk_read_64k": "a 64 KiB read from the disk (O_DIRECT, raw device)",
    "linux_net_rtt": "a network round trip: ICMP echo (56 bytes) to QEMU's user "
                     "network's gateway",
    "linux_channel_call": "a call from a Linux process to a native component: ioctl on "
                          "/dev/tessera/greeter, six words each way",
}
DEVICES = ["-global", "virtio-mmio.force-legacy=false",
           "-blockdev", "driver=null-co,node-name=disk0,size=67108864,read-zeroes=on",
           "-device", "virtio-blk-device,drive=disk0",
           "-netdev", "user,id=net0", "-device", "virtio-net-device,netdev=net0",
           "-icount", "shift=0,sleep=off"]


class LinuxBenchError(Exception):
    """A run misbehaved or printed something unusable."""


def parse(lines, source):
    """Return {name: ns per operation} from the LINUXBENCH lines in LINES."""
    figures = {}
    for line in lines:
        if not line.startswith("LINUXBENCH"):
            continue
        m = LINE.fullmatch(line.rstrip())
        if not m:
            raise LinuxBenchError(f"{source}: malformed line: {line!r}")
        if m.group(1) not in WHAT:
            raise LinuxBenchError(f"{source}: unknown benchmark {m.group(1)}")
        if m.group(1) in figures:
            raise LinuxBenchError(f"{source}: {m.group(1)} reported twice")
        figures[m.group(1)] = int(m.group(2))
    return figures


def native_command(platform, kernel, initrd, cpus, memory):
    """QEMU virt without Tessera, booting KERNEL with INITRD (the board's QEMU program)."""
    cfg = qemu_run.load_platform(platform)
    return [cfg["binary"], "-machine", "virt,gic-version=3", "-cpu", cfg["cpu"],
            "-smp", str(cpus), "-m", memory, "-display", "none", "-monitor", "none",
            "-serial", "stdio", "-kernel", str(kernel), "-initrd", str(initrd),
            "-append", "console=ttyAMA0 earlycon panic=1 tessera.workload=bench", *DEVICES]


def guest_command(platform, image):
    """The Tessera system IMAGE (linux_bench) with the same devices, in test mode."""
    return qemu_run.build_command(platform, image, "test", qemu_args=DEVICES)


def run_one(cmd, source, timeout, log):
    """Run CMD until tessera-bench is done; return its figures."""
    result = qemu_run.run(cmd, timeout=timeout, until=DONE, fail=[FAIL, SKIPPED[source]],
                          echo=False, log=log)
    if not result.passed:
        for line in result.output[-qemu_run.TAIL_LINES:]:
            print(line, file=sys.stderr)
        raise LinuxBenchError(f"{source}: {result.reason} (the whole output: {log})")
    figures = parse(result.output, source)
    if not figures:
        raise LinuxBenchError(f"{source}: printed no LINUXBENCH lines")
    return figures


def median_runs(runs):
    """{name: (median, [each run's figure])} from a list of runs' figures; every run must
    have the same names."""
    names = set(runs[0])
    for i, run in enumerate(runs[1:], 2):
        if set(run) != names:
            raise LinuxBenchError(f"run {i} measured {sorted(set(run) ^ names)} unlike run 1")
    return {n: (int(statistics.median(run[n] for run in runs)), [run[n] for run in runs])
            for n in names}


def combine(native, guest):
    """The results.json entries from the two sides' median_runs()."""
    entries = {}
    for name in sorted(set(native) | set(guest)):
        if name not in guest:
            raise LinuxBenchError(f"{name}: measured natively but not on Tessera")
        entry = {"guest": guest[name][0], "unit": UNIT, "what": WHAT[name],
                 "runs": {"guest": guest[name][1]}}
        if name in native:
            entry["native"] = native[name][0]
            entry["runs"]["native"] = native[name][1]
            entry["ratio"] = round(guest[name][0] / native[name][0], 3) if native[name][0] else None
        entries[name] = entry
    return entries


def format_table(entries):
    """The entries as an aligned text table."""
    rows = [("name", "native", "guest", "ratio")]
    rows += [(name, str(e.get("native", "-")), str(e["guest"]),
              f"{e['ratio']:.3f}" if e.get("ratio") else "-") for name, e in entries.items()]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(f"{r[0]:<{widths[0]}}  " + "  ".join(f"{c:>{w}}" for c, w in
                                                         zip(r[1:], widths[1:])) for r in rows)


def main(argv=None):
    """Command-line entry point; returns the process exit code."""
    p = argparse.ArgumentParser(prog="linux_bench.py", description=__doc__.splitlines()[0])
    p.add_argument("--platform", default=str(qemu_run.DEFAULT_PLATFORM), metavar="DIR")
    p.add_argument("--image", required=True, help="the linux_bench system's kernel image")
    p.add_argument("--kernel", required=True, help="Linux's Image (build/programs/linux.img)")
    p.add_argument("--initrd", required=True, help="its initramfs")
    p.add_argument("--cpus", type=int, default=2, help="native CPUs: the VM's vCPUs (2)")
    p.add_argument("--memory", default="128M", help="native RAM: the VM's (128M)")
    p.add_argument("--runs", type=int, default=3, help="boots per side (default 3)")
    p.add_argument("--timeout", type=float, default=900, metavar="SECONDS")
    p.add_argument("--out", default=str(bench.DEFAULT_OUT), metavar="FILE",
                   help="JSON results, merged into (default: %(default)s)")
    args = p.parse_args(argv)
    try:
        logs = Path(args.out).parent
        sides = {"native": ("on plain QEMU (its own virtio drivers)",
                            native_command(args.platform, args.kernel, args.initrd,
                                           args.cpus, args.memory)),
                 "guest": ("as a Tessera guest", guest_command(args.platform, args.image))}
        figures = {}
        for side, (how, cmd) in sides.items():
            runs = []
            for i in range(1, args.runs + 1):
                print(f"linux_bench: Linux {how}, run {i} of {args.runs}", flush=True)
                runs.append(run_one(cmd, side, args.timeout, logs / f"linux-{side}-{i}.log"))
            figures[side] = median_runs(runs)
        native, guest = figures["native"], figures["guest"]
        entries = combine(native, guest)
        bench.merge_json(args.out, entries)
    except (LinuxBenchError, bench.BenchError, qemu_run.UsageError, OSError) as e:
        print(f"linux_bench: {e}", file=sys.stderr)
        return 1
    print(format_table(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
