# SPDX-License-Identifier: BSD-2-Clause
# trace.py: a trace image's schedule trace, from its console, as Chrome/Perfetto JSON.
"""Turn the schedule trace a trace image prints into Chrome trace JSON.

A kernel built with the trace (tessera_image(... TRACE); every system has one,
<name>-trace.elf) records what ran when and, when its buffer is full, prints:

    trace: begin <events> events, <ticks per second> ticks a second
    trace: N <thread> <name>              (a thread's name; <thread> in hex)
    trace: E <time> <kind> <thread> <word>  (hex; kinds in kernel/include/trace.h)
    trace: end

This tool reads that (from a log file, or by booting the image in QEMU under
-icount shift=0,sleep=off) and writes the Chrome trace event format, which Perfetto
(ui.perfetto.dev) and chrome://tracing open: one lane per thread (each component and
each vCPU), a slice for each time it ran, and instant marks for interrupts, IPC hand-offs,
VM exits, budget exhaustion and releases.
"""

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import qemu_run  # noqa: E402

SWITCH, IRQ, IPC, EXIT, BUDGET, RELEASE = range(1, 7)
MARKS = {IRQ: "interrupt", IPC: "IPC hand-off", EXIT: "VM exit", BUDGET: "budget exhausted",
         RELEASE: "released"}
# Exception classes a guest exits with (ESR_EL2.EC), for the marks' names.
EXIT_CLASSES = {0x01: "WFI/WFE", 0x16: "hypercall", 0x17: "SMC", 0x18: "system register",
                0x24: "stage-2 fault (MMIO)", 0x20: "instruction abort", 0x07: "FP/SIMD"}
BEGIN = re.compile(r"trace: begin ([0-9]+) events, ([0-9]+) ticks a second")
NAME = re.compile(r"trace: N ([0-9a-f]+) (.*)")
EVENT = re.compile(r"trace: E ([0-9a-f]+) ([0-9]+) ([0-9a-f]+) ([0-9a-f]+)")
PID = 1


class TraceError(Exception):
    """The console output holds no complete, well-formed trace."""


def parse(lines):
    """(ticks a second, {thread: name}, [(time, kind, thread, word)]) from LINES."""
    freq, names, events, ended = None, {}, [], False
    for line in lines:
        line = line.rstrip("\r\n")
        start = line.find("trace: ")
        if start < 0:
            continue
        line = line[start:]
        if m := BEGIN.fullmatch(line):
            freq, names, events, ended = int(m.group(2)), {}, [], False
        elif freq is None:
            continue
        elif m := NAME.fullmatch(line):
            names[int(m.group(1), 16)] = m.group(2)
        elif m := EVENT.fullmatch(line):
            events.append((int(m.group(1), 16), int(m.group(2)), int(m.group(3), 16),
                           int(m.group(4), 16)))
        elif line == "trace: end":
            ended = True
            break
        else:
            raise TraceError(f"malformed trace line: {line!r}")
    if freq is None:
        raise TraceError("no trace in the output (no 'trace: begin' line)")
    if not ended:
        raise TraceError("the trace is cut short (no 'trace: end' line)")
    if not freq:
        raise TraceError("the trace gives 0 ticks a second")
    return freq, names, events


def to_chrome(freq, names, events):
    """The Chrome trace event format (a dict ready for json.dump)."""
    tids = {0: 0}
    out = [{"ph": "M", "pid": PID, "name": "process_name", "args": {"name": "Tessera"}},
           {"ph": "M", "pid": PID, "tid": 0, "name": "thread_name", "args": {"name": "idle"}}]

    def tid(thread):
        if thread not in tids:
            tids[thread] = len(tids)
            label = names.get(thread, f"thread {thread:#x}")
            out.append({"ph": "M", "pid": PID, "tid": tids[thread], "name": "thread_name",
                        "args": {"name": label}})
        return tids[thread]

    def us(time):
        return (time - events[0][0]) * 1e6 / freq

    running = None  # (thread, since)
    for time, kind, thread, word in events:
        if kind == SWITCH:
            if running is not None:
                who, since = running
                out.append({"ph": "X", "pid": PID, "tid": tid(who), "ts": us(since),
                            "dur": us(time) - us(since),
                            "name": names.get(who, "idle" if not who else f"{who:#x}")})
            running = (thread, time)
        elif kind in MARKS:
            name = MARKS[kind]
            if kind == IRQ:
                name = f"interrupt {word}"
            elif kind == EXIT:
                name = f"VM exit: {EXIT_CLASSES.get(word, f'class {word:#x}')}"
            out.append({"ph": "i", "s": "t", "pid": PID, "tid": tid(thread), "ts": us(time),
                        "name": name})
        else:
            raise TraceError(f"unknown event kind {kind}")
    return {"traceEvents": out, "displayTimeUnit": "ns"}


def main(argv=None):
    """Command-line entry point; returns the exit status."""
    p = argparse.ArgumentParser(prog="trace.py", description=__doc__.splitlines()[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--log", metavar="FILE", help="console output holding a trace")
    src.add_argument("--image", metavar="ELF", help="a trace image to boot in QEMU")
    p.add_argument("--out", required=True, metavar="FILE", help="the JSON to write")
    p.add_argument("--platform", default=str(qemu_run.DEFAULT_PLATFORM), metavar="DIR")
    p.add_argument("--timeout", type=float, default=300.0, metavar="S")
    p.add_argument("--expect-lane", action="append", default=[], metavar="NAME",
                   help="fail unless a thread of this name has a lane (tests)")
    args = p.parse_args(argv)
    try:
        if args.image:
            cmd = qemu_run.build_command(args.platform, args.image, "test",
                                         qemu_args=["-icount", "shift=0,sleep=off"])
            result = qemu_run.run(cmd, timeout=args.timeout, until=re.compile("trace: end"),
                                  echo=False)
            lines = result.output
        else:
            lines = Path(args.log).read_text(errors="replace").splitlines()
        freq, names, events = parse(lines)
        chrome = to_chrome(freq, names, events)
    except (TraceError, OSError, qemu_run.UsageError) as e:
        print(f"trace: error: {e}", file=sys.stderr)
        return 1
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(chrome) + "\n")
    lanes = sorted(e["args"]["name"] for e in chrome["traceEvents"]
                   if e.get("name") == "thread_name")
    missing = [lane for lane in args.expect_lane if lane not in lanes]
    if missing:
        print(f"trace: error: no lane for {', '.join(missing)} (lanes: {', '.join(lanes)})",
              file=sys.stderr)
        return 1
    span = (events[-1][0] - events[0][0]) / freq if events else 0
    print(f"trace: {len(events)} events over {span * 1e3:.3f} ms of virtual time, lanes: "
          f"{', '.join(lanes)}; wrote {args.out} (open it in ui.perfetto.dev)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
