#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""stack_depth: the kernel's worst-case stack depth, from its linked image, checked
against its stacks.

Frame sizes come from the disassembly (every instruction that lowers sp in a function:
`stp ..., [sp, #-n]!`, `sub sp, sp, #n`), checked against GCC's -fstack-usage files
when given (the larger of the two counts; a "dynamic" frame is an error). The call
graph comes from the same disassembly: `bl`, and branches to the start of another
function (tail calls, conditional ones too).

Indirect calls (`blr`, and a `br` that is not a switch's jump table) are resolved by
INDIRECT below, a short table of every kind the kernel makes: a dispatch table in data
(the system calls, the exception classes from EL0), whose entries are read from the
image, or the callbacks a function is handed (the formatter's output, the capability
lookup, the page-table and boot-memory allocators). The table is checked against the
image, so that it cannot silently go stale: a function with an indirect call that the
table does not name, or a function whose address the image holds (in data, or formed
in code with adr/adrp+add) that no entry may reach, is an error. Recursion (a cycle in
the graph) is an error.

On top of the deepest path from an exception entry, one nested exception at EL2 is
counted (an interrupt taken while the scheduler idles, or a panic's synchronous
exception): its frame (FRAME_SIZE) and the deepest EL2 handler.

Usage: stack_depth.py KERNEL.elf [--su DIR] [--margin BYTES] [--objdump PROG]
Exit status 1 when the worst path plus the margin exceeds the stack.
"""

import argparse
import os
import re
import struct
import subprocess
import sys

FRAME_SIZE = 272  # struct frame (kernel/arch/aarch64/include/arch/frame.h)
# Exception entries (kernel/arch/aarch64/vectors.S): from a lower EL on the CPU's stack
# (a synchronous one from its vector, which calls a system call itself), at EL2 on top
# of whatever the kernel stack holds.
EL0_ENTRIES = ("el0_sync", "el0_sync_locked", "handle_el0_irq", "handle_el0_bad")
EL2_ENTRIES = ("handle_el2_sync", "handle_el2_irq", "handle_el2_bad")
BOOT_ENTRIES = ("boot_main",)

# Indirect calls: caller (a prefix, for GCC's clones and the invoke family) -> what it
# may call: "table:SYMBOL" (every function whose address that data object holds) or a
# function's name.
INDIRECT = {
    "handle_el0_sync": {"table:el0_handlers", "el0_fault"},  # by exception class
    "el0_sync": {"table:syscall_table"},  # by system-call number (vectors.S)
    "el0_sync_locked": {"table:syscall_table"},
    "syscall_dispatch": {"table:syscall_table"},  # the same in C (syscall.c)
    "put": {"out"},  # the formatter's output function (kprintf's; fmt.c)
    "run": {"out"},
    "map_level": {"table", "pool_table"},  # struct pt_alloc: bootmem.c, mmu.c
    "bootmem_release": {"ram_untyped"},  # loader.c hands its free RAM out
    "lookup_vspace": {"cspace_lookup"},  # the lookup passed to every decode step
    "*_invoke": {"cspace_lookup"},
    # Remote calls (kernel/src/smp.c): made by the lock holder, run here or by the CPU
    # that answers while it waits for the lock.
    "smp_call": {"release_here", "forget_here", "raise_there"},
    "smp_answer": {"release_here", "forget_here", "raise_there"},
}
CPUS_MAX = 8  # kernel/include/smp.h: cpu_stacks holds a kernel stack for each

FUNC_RE = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
INSN_RE = re.compile(r"^\s*([0-9a-f]+):\s+[0-9a-f]{8}\s+(\S+)\s*(.*)$")
TARGET_RE = re.compile(r"([0-9a-f]+) <([^>+]+)(\+0x[0-9a-f]+)?>")


def elf_symbols_and_data(path):
    """Function symbols (name -> (addr, size)), other symbols, and the bytes of every
    allocated non-executable section with its address (for address-taken scans)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise SystemExit(f"stack_depth: {path}: not a 64-bit little-endian ELF")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    sections = []
    for i in range(shnum):
        name, typ, flags, addr, off, size, link, info, align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", data, shoff + i * shentsize)
        sections.append((name, typ, flags, addr, off, size, link, entsize))
    funcs, objects, blobs = {}, {}, []
    for name, typ, flags, addr, off, size, link, entsize in sections:
        if typ == 2:  # SHT_SYMTAB
            strtab = sections[link]
            for k in range(size // entsize):
                st_name, st_info, _, shndx, value, st_size = struct.unpack_from(
                    "<IBBHQQ", data, off + k * entsize)
                end = data.index(b"\0", strtab[4] + st_name)
                sym = data[strtab[4] + st_name:end].decode()
                kind = st_info & 0xF
                if kind == 2:
                    funcs.setdefault(sym, (value, st_size))
                elif sym:
                    objects.setdefault(sym, (value, st_size))
        elif flags & 2 and not flags & 4 and typ == 1:  # SHF_ALLOC, not EXECINSTR, PROGBITS
            blobs.append((addr, data[off:off + size]))
    return funcs, objects, blobs


def disassemble(objdump, path):
    out = subprocess.run([objdump, "-d", path], check=True, capture_output=True,
                         text=True).stdout
    functions, current = {}, None
    for line in out.splitlines():
        m = FUNC_RE.match(line)
        if m:
            current = m.group(2)
            functions[current] = {"addr": int(m.group(1), 16), "insns": []}
            continue
        m = INSN_RE.match(line)
        if m and current:
            functions[current]["insns"].append((int(m.group(1), 16), m.group(2), m.group(3)))
    return functions


def frame_size(insns):
    """Bytes the function lowers sp by (all decrements summed: conservative when a
    prologue is duplicated on several paths); None when sp moves by a register."""
    total = 0
    for _, op, args in insns:
        a = args.replace(" ", "")
        pre = re.search(r"\[sp,#-(\d+)\]!", a)
        if op in ("stp", "str", "stur") and pre:
            total += int(pre.group(1))
        elif op == "sub" and a.startswith("sp,sp,"):
            m = re.match(r"sp,sp,#(0x[0-9a-f]+|\d+)(,lsl#12)?$", a)
            if not m:
                return None
            total += int(m.group(1), 0) << (12 if m.group(2) else 0)
    return total


def parse_su(directory):
    """name -> bytes from GCC's .su files (the largest of same-named statics), and
    the names whose usage is dynamic."""
    sizes, dynamic = {}, []
    for root, _, files in os.walk(directory):
        for f in files:
            if not f.endswith(".su"):
                continue
            with open(os.path.join(root, f)) as fh:
                for line in fh:
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) != 3:
                        continue
                    name = parts[0].rsplit(":", 1)[-1]
                    sizes[name] = max(sizes.get(name, 0), int(parts[1]))
                    if "dynamic" in parts[2] and "bounded" not in parts[2]:
                        dynamic.append(f"{parts[0]} ({parts[2]})")
    return sizes, dynamic


def address_taken(functions, symbols, blobs):
    """Functions (FUNC symbols) whose address the image holds in data or forms in code."""
    starts = {addr: name for name, (addr, _) in symbols.items() if name in functions}
    taken = set()
    for addr, blob in blobs:
        for off in range(0, len(blob) - 7, 4):
            v, = struct.unpack_from("<Q", blob, off)
            if v in starts:
                taken.add(starts[v])
    for name, f in functions.items():
        pages = {}
        for _, op, args in f["insns"]:
            a = args.replace(" ", "")
            if op == "adrp":
                m = re.match(r"(x\d+),([0-9a-f]+)", a)
                if m:
                    pages[m.group(1)] = int(m.group(2), 16)
            elif op == "add":
                m = re.match(r"(x\d+),(x\d+),#(0x[0-9a-f]+|\d+)$", a)
                if m and m.group(2) in pages:
                    v = pages[m.group(2)] + int(m.group(3), 0)
                    if v in starts:
                        taken.add(starts[v])
            elif op == "adr":
                m = TARGET_RE.search(args)
                if m and not m.group(3) and int(m.group(1), 16) in starts:
                    taken.add(starts[int(m.group(1), 16)])
    return taken


def table_targets(symbol, objects, symbols, blobs):
    """The functions whose addresses the data object `symbol` holds."""
    if symbol not in objects:
        return None
    base, size = objects[symbol]
    starts = {addr: name for name, (addr, _) in symbols.items()}
    found = set()
    for addr, blob in blobs:
        if addr <= base and base + size <= addr + len(blob):
            for off in range(base - addr, base - addr + size - 7, 8):
                v, = struct.unpack_from("<Q", blob, off)
                if v in starts:
                    found.add(starts[v])
    return found


def resolve_indirect(graph, functions, symbols, objects, blobs, taken, problems):
    """name -> the functions its indirect calls may reach (INDIRECT, checked)."""
    reach, reachable = {}, set()
    for name, (_, indirect) in graph.items():
        if not indirect:
            continue
        keys = [k for k in INDIRECT
                if name.split(".")[0] == k or (k.startswith("*") and name.split(".")[0]
                                               .endswith(k[1:]))]
        if not keys:
            problems.append(f"{name}: an indirect call that INDIRECT does not name "
                            "(tools/stack_depth.py)")
            continue
        targets = set()
        for spec in INDIRECT[keys[0]]:
            if spec.startswith("table:"):
                got = table_targets(spec[6:], objects, symbols, blobs)
                if not got:
                    problems.append(f"{name}: no table {spec[6:]} with functions in it")
                targets |= got or set()
            elif spec in functions:
                targets.add(spec)
            else:
                problems.append(f"{name}: INDIRECT names {spec}, which is not in the image")
        reach[name] = targets
        reachable |= targets
    for name in sorted(taken - reachable):
        problems.append(f"{name}: its address is taken, but no indirect call in INDIRECT "
                        "reaches it")
    return reach


BRANCHES = {"b", "bl", "cbz", "cbnz", "tbz", "tbnz"}


def call_graph(functions):
    """name -> (direct callees, has an indirect call)."""
    graph = {}
    for name, f in functions.items():
        callees, indirect = set(), False
        insns = f["insns"]
        for i, (_, op, args) in enumerate(insns):
            if op in BRANCHES or op.startswith("b."):
                m = TARGET_RE.search(args)
                if m and m.group(2) != name and not m.group(3) and m.group(2) in functions:
                    callees.add(m.group(2))
            elif op == "blr":
                indirect = True
            elif op == "br":
                # A switch's jump table loads its base with adr just before; anything
                # else is an indirect tail call.
                recent = [o for _, o, _ in insns[max(0, i - 3):i]]
                if "adr" not in recent:
                    indirect = True
        graph[name] = (callees, indirect)
    return graph


def worst_paths(functions, graph, sizes, reach, entries):
    """Deepest path (bytes, [names]) from each entry; recursion is an error."""
    memo, onstack, cycles = {}, [], []

    def depth(name):
        if name in memo:
            return memo[name]
        if name in onstack:
            cycles.append(onstack[onstack.index(name):] + [name])
            return (0, [name + " (recursion)"])
        onstack.append(name)
        callees, indirect = graph.get(name, (set(), False))
        targets = set(callees) | reach.get(name, set())
        best = (0, [])
        for c in sorted(targets):
            d = depth(c)
            if d[0] > best[0]:
                best = d
        onstack.pop()
        memo[name] = (sizes[name] + best[0], [name] + best[1])
        return memo[name]

    result = {e: depth(e) for e in entries if e in functions}
    return result, cycles


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kernel")
    ap.add_argument("--su", help="a directory holding the kernel's -fstack-usage files")
    ap.add_argument("--margin", type=int, default=2048,
                    help="bytes that must stay free (default 2048)")
    ap.add_argument("--objdump", default="aarch64-linux-gnu-objdump")
    args = ap.parse_args()

    symbols, objects, blobs = elf_symbols_and_data(args.kernel)
    functions = disassemble(args.objdump, args.kernel)
    sizes, problems = {}, []
    for name, f in functions.items():
        s = frame_size(f["insns"])
        if s is None:
            problems.append(f"{name}: the stack pointer moves by a register (a variable "
                            "frame)")
            s = 0
        sizes[name] = s
    if args.su:
        su, dynamic = parse_su(args.su)
        if not su:
            problems.append(f"{args.su}: no -fstack-usage (.su) files found")
        problems += [f"dynamic stack use: {d}" for d in dynamic]
        for name in sizes:
            base = name.split(".")[0]  # GCC's clones (foo.constprop.0, foo.isra.0)
            sizes[name] = max(sizes[name], su.get(name, su.get(base, 0)))
    graph = call_graph(functions)
    taken = address_taken(functions, symbols, blobs)
    reach = resolve_indirect(graph, functions, symbols, objects, blobs, taken, problems)

    stacks = {}
    if "cpu_stacks" in objects:
        stacks["exception"] = objects["cpu_stacks"][1] // CPUS_MAX
    if "boot_stack_top" in objects and "__bss_end" in objects:
        stacks["boot"] = objects["boot_stack_top"][0] - objects["__bss_end"][0]
    if "exception" not in stacks or "boot" not in stacks:
        problems.append("the image has no cpu_stacks or boot stack symbols")

    paths, cycles = worst_paths(functions, graph, sizes, reach,
                                EL0_ENTRIES + EL2_ENTRIES + BOOT_ENTRIES)
    for c in cycles:
        problems.append("recursion: " + " -> ".join(c))
    missing = [e for e in EL0_ENTRIES + EL2_ENTRIES + BOOT_ENTRIES if e not in paths]
    if missing:
        problems.append("entry points not in the image: " + ", ".join(missing))
    if problems:
        for p in problems:
            print(f"stack_depth: {p}")
        return 1

    nested = max((paths[e] for e in EL2_ENTRIES), key=lambda p: p[0])
    print(f"stack_depth: {len(functions)} functions, {len(reach)} with indirect calls, "
          f"{len(taken)} whose address is taken")
    status = 0
    for stack, entries in (("exception", EL0_ENTRIES), ("boot", BOOT_ENTRIES)):
        worst = max((paths[e] for e in entries), key=lambda p: p[0])
        total = worst[0] + FRAME_SIZE + nested[0]
        free = stacks[stack] - total
        verdict = "ok" if free >= args.margin else "TOO DEEP"
        print(f"stack_depth: {stack} stack {stacks[stack]} bytes: worst {total} "
              f"= {worst[0]} ({' -> '.join(worst[1])})"
              f" + a nested exception {FRAME_SIZE} + {nested[0]} "
              f"({' -> '.join(nested[1])}); {free} free, margin {args.margin}: {verdict}")
        if free < args.margin:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
