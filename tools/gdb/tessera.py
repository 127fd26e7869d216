# SPDX-License-Identifier: BSD-2-Clause
# tessera.py: GDB commands for a Tessera system: its components and guests by name.
"""Loaded by `./tessera debug` (gdb-multiarch -x tools/gdb/tessera.py); see
docs/debugging.md.

Every native component is linked at the same addresses (libs/libtessera/user.ld), each in
an address space of its own, so GDB holds the symbols of one component's program at a
time for those addresses: the program of the component that runs when GDB stops (or the
one a command names). Guests' kernels (an ELF, or Linux's vmlinux) sit at addresses of
their own and are loaded once. Which thread runs is read from the kernel
(percpus[N].current, N the CPU GDB has stopped on: its thread N + 1), through physical memory when the CPU is not at EL2 (QEMU's Qqemu.PhyMemMode; the kernel
maps itself one to one).

  tessera system MANIFEST BUILD [ROOT]
                                  the system: its manifest, the build folder, and the
                                  root manager's program (<name>_root, ./tessera knows)
  tessera components              every component and VM, its program, which one runs
  tessera threads                 every thread the root manager holds: its state, priority,
                                  component or VM, the one on the CPU marked
  tessera current                 the thread on the CPU: name, exception level, pc
  tessera break NAME LOCATION     a breakpoint in component or VM NAME only
  tessera symbols NAME            use NAME's program for the components' addresses
"""

import contextlib
import re
import tomllib
from pathlib import Path

import gdb

EL0_BASE = 0x400000  # where user.ld puts every component's program


class State:
    """The system being debugged."""

    manifest = None
    build = None
    components = {}  # name -> {"program": ELF path or None, "kind": ..., "priority": n}
    root_thread = None  # the root manager's thread name: its program's name
    loaded = None  # the ELF of a component whose symbols GDB holds
    guests = set()  # guest kernels' ELF files loaded


def find_file(name):
    """A VM's or program's file NAME: beside the manifest, else among the built programs."""
    for folder in (State.manifest.parent, State.build / "programs"):
        if (folder / name).is_file():
            return folder / name
    return None


def guest_symbols(kernel):
    """The ELF with the symbols of a VM's KERNEL file: the file itself, the ELF that a
    guest program's .img comes with, or Linux's vmlinux; None if there is none."""
    path = find_file(kernel)
    if path is None:
        return None
    if path.read_bytes()[:4] == b"\x7fELF":
        return path
    for elf in (path.with_suffix(".elf"), State.build / "linux" / "obj" / "vmlinux"):
        if elf.is_file() and (elf.name != "vmlinux" or path.name.startswith("linux")):
            return elf
    return None


def load_system(manifest, build, root=None):
    """Read MANIFEST's components and VMs; load the guests' symbols. ROOT: the root
    manager's program (and thread) name."""
    State.manifest, State.build = Path(manifest).resolve(), Path(build).resolve()
    with open(State.manifest, "rb") as f:
        spec = tomllib.load(f)
    system = spec.get("system", {}).get("name", State.manifest.parent.name)
    comps = {}
    for c in spec.get("component", []):
        comps[c["name"]] = {"program": find_file(f"{c['program']}.elf"),
                            "priority": c.get("priority"), "kind": "component"}
    for vm in spec.get("vm", []):
        elf = guest_symbols(vm.get("kernel", ""))
        comps[vm["name"]] = {"program": elf, "priority": vm.get("priority"),
                             "kind": "VM", "vcpus": vm.get("vcpus", 1)}
        if elf is not None and elf not in State.guests:
            gdb.execute(f"add-symbol-file {elf}", to_string=True)
            State.guests.add(elf)
    if root:
        comps["root"] = {"program": find_file(f"{root}.elf"), "priority": 255,
                         "kind": "root manager"}
        State.root_thread = root
    State.components = comps
    print(f"tessera: system '{system}': {len(comps)} components and VMs "
          f"({State.manifest}); `tessera components` lists them")


def use_program(elf):
    """Let GDB hold ELF's symbols for the components' addresses (and no other's)."""
    if elf == State.loaded or elf is None:
        return
    if State.loaded is not None:
        gdb.execute(f"remove-symbol-file {State.loaded}", to_string=True)
    gdb.execute(f"add-symbol-file {elf}", to_string=True)
    State.loaded = elf


def exception_level():
    """The CPU's exception level (PSTATE.EL)."""
    return (int(gdb.parse_and_eval("$cpsr")) >> 2) & 3


@contextlib.contextmanager
def kernel_memory():
    """Reads of kernel addresses, whatever the CPU runs: through physical memory below
    EL2 (the kernel maps itself one to one)."""
    physical = exception_level() != 2
    if physical:
        gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
    try:
        yield
    finally:
        if physical:
            gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)


def thread_name(thread):
    """The name of the thread at kernel address THREAD (inside kernel_memory())."""
    at = int(gdb.parse_and_eval(f"(unsigned long)((struct thread *){thread})->name"))
    size = int(gdb.parse_and_eval("sizeof(((struct thread *)0)->name)"))
    raw = bytes(gdb.selected_inferior().read_memory(at, size))
    return raw.split(b"\0", 1)[0].decode("ascii", "replace")


def current_thread_address():
    """The kernel address of the thread on the CPU GDB has selected (QEMU numbers its
    CPUs from thread 1; the kernel's percpus[] from 0), 0 for none (inside
    kernel_memory())."""
    cpu = max(gdb.selected_thread().num - 1, 0)
    return int(gdb.parse_and_eval(f"(unsigned long)percpus[{cpu}].current"))


def current_thread():
    """The name of the thread on the CPU (the kernel's percpus[cpu].current->name), or None when
    the kernel has not started one."""
    with kernel_memory():
        thread = current_thread_address()
        return thread_name(thread) if thread else None


def root_threads():
    """[(address, name, state, priority)] of every thread whose capability is in the root
    manager's CNode (every component's and vCPU's: it made them), and of the root
    manager's own thread, in slot order; [] before the root manager exists."""
    found = {}
    with kernel_memory():
        slots = int(gdb.parse_and_eval("(unsigned long)root_slots"))
        if not slots:
            return []
        cte = gdb.lookup_type("struct cte")
        own = f"((struct cte *){slots})[TSR_SLOT_CNODE]"  # its CNode's capability
        count = 1 << int(gdb.parse_and_eval(f"{own}.cap.size_bits"))
        raw = bytes(gdb.selected_inferior().read_memory(slots, count * cte.sizeof))
        at_type = int(gdb.parse_and_eval("(unsigned long)&((struct cte *)0)->cap.type"))
        at_obj = int(gdb.parse_and_eval("(unsigned long)&((struct cte *)0)->cap.obj"))
        tcb = int(gdb.parse_and_eval("(int)TSR_OBJ_TCB"))
        for i in range(count):
            entry = raw[i * cte.sizeof:(i + 1) * cte.sizeof]
            if entry[at_type] != tcb:
                continue
            thread = int.from_bytes(entry[at_obj:at_obj + 8], "little")
            if thread in found:
                continue
            t = gdb.parse_and_eval(f"*(struct thread *){thread}")
            state = str(t["state"].cast(gdb.lookup_type("enum thread_state")))
            ipc = str(t["ipc"].cast(gdb.lookup_type("enum ipc_wait")))
            if state == "THREAD_BLOCKED":
                state = ipc
            found[thread] = (thread, thread_name(thread),
                             state.removeprefix("THREAD_").removeprefix("IPC_").lower(),
                             int(t["rq"]["prio"]))
    return list(found.values())


def owner(thread):
    """The component or VM that THREAD (a thread's name) belongs to: VM vCPUs are named
    <vm> and <vm>.<i>."""
    if thread == State.root_thread:
        return "root"
    if thread in State.components:
        return thread
    base = thread.rsplit(".", 1)[0] if thread else thread
    return base if base in State.components else thread


def on_stop(_event):
    """At each stop in a component, hold its program's symbols."""
    if State.manifest is None:
        return
    try:
        if exception_level() == 0:
            comp = State.components.get(owner(current_thread()))
            if comp is not None:
                use_program(comp["program"])
    except gdb.error:
        pass


class ComponentBreakpoint(gdb.Breakpoint):
    """A breakpoint at an address that stops only in the threads of one component or VM."""

    def __init__(self, address, name, location):
        super().__init__(f"*{address:#x}")
        self.component = name
        self.where = location

    def stop(self):
        try:
            return owner(current_thread()) == self.component
        except gdb.error:
            return True  # say so rather than run past it


def need_system():
    if State.manifest is None:
        raise gdb.GdbError("no system: tessera system MANIFEST BUILD (./tessera debug does it)")


class Tessera(gdb.Command):
    """Tessera: `tessera components`, `tessera current`, `tessera break NAME LOCATION`,
    `tessera symbols NAME`, `tessera system MANIFEST BUILD` (docs/debugging.md)."""

    def __init__(self):
        super().__init__("tessera", gdb.COMMAND_USER, prefix=True)


class System(gdb.Command):
    """tessera system MANIFEST BUILD: the system being debugged, and its build folder."""

    def __init__(self):
        super().__init__("tessera system", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        args = gdb.string_to_argv(arg)
        if len(args) not in (2, 3):
            raise gdb.GdbError("usage: tessera system MANIFEST BUILD [ROOT]")
        load_system(*args)


class Components(gdb.Command):
    """tessera components: every component and VM, its priority and program; * the one
    whose thread runs."""

    def __init__(self):
        super().__init__("tessera components", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        need_system()
        try:
            running = owner(current_thread())
        except gdb.error:
            running = None
        print(f"  {'name':<16} {'priority':>8}  {'kind':<20} program")
        for name, c in State.components.items():
            mark = "*" if name == running else " "
            program = c["program"] or "(no symbols)"
            kind = f"VM, {c['vcpus']} vCPU{'s' * (c['vcpus'] > 1)}" if "vcpus" in c else c["kind"]
            print(f"{mark} {name:<16} {c['priority'] or '':>8}  {kind:<20} {program}")
        if running and running not in State.components:
            print(f"* {running} (not in the manifest: the root manager or a thread it made)")


class Threads(gdb.Command):
    """tessera threads: every thread the root manager made (and its own), with its state,
    priority and component or VM; * the one on the CPU."""

    def __init__(self):
        super().__init__("tessera threads", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        need_system()
        with kernel_memory():
            current = current_thread_address()
        threads = root_threads()
        if not threads:
            print("no threads yet: the root manager has not started")
            return
        print(f"  {'thread':<20} {'state':<10} {'priority':>8}  component or VM")
        for address, name, state, prio in threads:
            mark = "*" if address == current else " "
            print(f"{mark} {name:<20} {state:<10} {prio:>8}  {owner(name)}")


class Current(gdb.Command):
    """tessera current: the thread on the CPU, its exception level and where it is."""

    def __init__(self):
        super().__init__("tessera current", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        need_system()
        el = exception_level()
        thread = current_thread()
        where = gdb.execute("x/i $pc", to_string=True).strip()
        if el == 2:
            print(f"the kernel (EL2), last thread {thread or '(none yet)'}: {where}")
        else:
            comp = State.components.get(owner(thread), {"kind": "thread"})
            print(f"{thread} ({comp['kind']} {owner(thread)}, EL{el}): {where}")


class Break(gdb.Command):
    """tessera break NAME LOCATION: break at LOCATION (a function, FILE:LINE, ...) of the
    program of component or VM NAME, in NAME's threads only."""

    def __init__(self):
        super().__init__("tessera break", gdb.COMMAND_BREAKPOINTS)

    def invoke(self, arg, from_tty):
        need_system()
        args = arg.split(None, 1)
        if len(args) != 2:
            raise gdb.GdbError("usage: tessera break NAME LOCATION")
        name, location = args
        comp = State.components.get(name)
        if comp is None:
            raise gdb.GdbError(f"no component or VM '{name}': "
                               f"{', '.join(State.components)}")
        if comp["program"] is None:
            raise gdb.GdbError(f"'{name}' has no program with symbols")
        if comp["kind"] != "VM":
            use_program(comp["program"])
        _, sals = gdb.decode_line(location)
        program = comp["program"]
        symbols = {sal.pc: gdb.execute(f"info symbol {sal.pc:#x}", to_string=True).strip()
                   for sal in sals or ()}
        # In the program: by its debug information, or (a vmlinux without any) by the
        # file that `info symbol` names.
        pcs = [sal.pc for sal in sals or ()
               if (Path(sal.symtab.objfile.filename) == program if sal.symtab is not None
                   else symbols[sal.pc].endswith(f" of {program}"))]
        # A weak definition that another overrides (the component runtime's default
        # protected(), say) keeps its code and debug information, but no symbol: prefer
        # the function whose ELF symbol starts there.
        entries = [pc for pc in pcs if re.match(r"\S+ in section", symbols[pc])]
        if not pcs:
            raise gdb.GdbError(f"'{location}' is not in {comp['program'].name}")
        pc = (entries or pcs)[0]
        bp = ComponentBreakpoint(pc, name, location)
        print(f"Breakpoint {bp.number} at {pc:#x}: {location} in {name} only")


class Symbols(gdb.Command):
    """tessera symbols NAME: use the program of component NAME for the components'
    addresses (GDB does this by itself at every stop in a component)."""

    def __init__(self):
        super().__init__("tessera symbols", gdb.COMMAND_USER)

    def invoke(self, arg, from_tty):
        need_system()
        comp = State.components.get(arg.strip())
        if comp is None or comp["program"] is None:
            raise gdb.GdbError(f"no component '{arg.strip()}' with a program")
        use_program(comp["program"])
        print(f"symbols of {comp['program']}")


gdb.execute("set confirm off")
gdb.execute("set pagination off")
for command in (Tessera, System, Components, Threads, Current, Break, Symbols):
    command()
gdb.events.stop.connect(on_stop)
