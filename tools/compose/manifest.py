# SPDX-License-Identifier: BSD-2-Clause
# manifest.py: read a system manifest and check it completely, or say everything wrong.
"""Read a manifest (TOML) into a System, checking every key, value and relation.

load() returns a System or raises ManifestError with one line per problem, in the
order the problems appear in the file: `<manifest>: <key>: <reason>`, where <key> names
the place (`system.name`, `component 'ping'.priority`, `component[3].name`, `map[2].vaddr`,
`channel[0].a`, `irq[1].irq`, `vm 'linux'.ram`, `<toml>` for malformed TOML). Entries are
called by name when they have a valid, unique one, else by their index.

A [[vm]] becomes a thread per vCPU after every component (vCPU 0's index is "the
guest's"), served by its VMM: maps and channels name it like a component; its RAM, files
and device tree become regions, maps into it and its VMM, and patches of the VMM's
variables (vm.py).
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import elf
from . import files as fileio
from . import outputs
from . import rootplan
from . import spec
from . import vm as vmdef
from .model import (INT_BITS, K, M, Channel, Component, Irq, Map, Patch, Region, System,
                    Spans, describe, fmt_range, fmt_size, is_int, overlaps, page_span,
                    parse_size, quote, shorten, shown)
from .vmcheck import GICV_WHAT, PRIORITY, VmChecks

SECTIONS = ("system", "component", "region", "map", "channel", "irq", "vm")
KEYS = {
    "system": ("name",),
    "component": ("name", "program", "priority", "budget_us", "period_us", "deadline_us",
                  "timing_channel", "fp", "stack", "fault", "restarts", "fault_handler",
                  "fault_channel", "setvar", "untyped", "sources", "cpu", "driver"),
    "region": ("name", "size", "page", "phys", "device", "cached"),
    "map": ("component", "region", "vaddr", "rights", "setvar", "setvar_paddr", "label"),
    "channel": ("kind", "a", "b", "label"),
    "irq": ("component", "irq", "device", "channel"),
    "vm": ("name", "vmm", "kernel", "initrd", "dtb", "bootargs", "ram", "priority",
           "budget_us", "period_us", "vcpus", "cpus"),
}
NAME_RE = re.compile(r"[a-z][a-z0-9_-]{0,30}")
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # a key TOML needs no quotes for
PROGRAM_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]{0,30}")
SC_US = (100, 10_000_000)
UNTYPED_MIN = 4 * K
RESTARTS = (1, 100)
RESTARTS_DEFAULT = 3
PAGE_SIZES = {4 * K: 12, 2 * M: 21}
PROBLEMS_MAX = 100  # problems told at once
MANIFEST_MAX = 4 * M  # bytes of a manifest (one with 20,000 maps is about 1.6M)
INT_RANGE = (-(1 << (INT_BITS - 1)), (1 << INT_BITS) - 1)
IRQ_SPI = (32, 1019)
VADDR_LIMIT = 1 << spec.VADDR_BITS
STACK = (4 * K, spec.COMPONENT_STACK_TOP - spec.COMPONENT_UTCB - spec.PAGE)  # 124K: to the UTCB
FAULT_POLICIES = {"stop": spec.POLICY_STOP, "restart": spec.POLICY_RESTART}
CHANNEL_KINDS = ("call", "notify")
RIGHT_BITS = {"r": spec.RIGHT_R, "w": spec.RIGHT_W, "x": spec.RIGHT_X}
NOT_A_FAULT_HANDLER = "a VM cannot be a fault handler"
NOT_AN_IRQ_HANDLER = "interrupts go to components; a VM gets virtual interrupts from its " \
    "VMM and its channels"
LABEL_ONLY_VM = "only allowed {} (it labels the VM's device-tree node)"
NAME_LIMITS = {"vm": (vmdef.NAME_MAX, ' for a VM (its regions are named "<name>.kernel", '
                                      '"<name>.initrd", its vCPUs "<name>.1" and so on)')}


# Value kinds for Checker.get: (test, description).
KINDS = {
    "string": (lambda v: isinstance(v, str), "a string"),
    "integer": (is_int, "an integer"),
    "boolean": (lambda v: isinstance(v, bool), "a boolean (true or false)"),
    "size": (lambda v: is_int(v) or isinstance(v, str),
             'a size (a number of bytes, or a string such as "16K")'),
    "strings": (lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v),
                "an array of strings"),
    "table": (lambda v: isinstance(v, dict), 'a table of variables and values, e.g. '
                                             '{ blk_device = 1 }'),
}


def toml_error(e):
    """A tomllib error as `line L, column C: reason`."""
    text = str(e)
    m = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", text, re.S)
    if m:
        return f"line {m[2]}, column {m[3]}: {m[1][:1].lower()}{m[1][1:]}"
    m = re.fullmatch(r"(.*) \(at end of document\)", text, re.S)
    if m:
        return f"at the end of the file: {m[1][:1].lower()}{m[1][1:]}"
    return text


class ManifestError(Exception):
    """The manifest is invalid; .lines holds one message per problem."""

    def __init__(self, lines):
        super().__init__("\n".join(lines))
        self.lines = lines


class Locator:
    """Line numbers of tables and keys in the manifest text (for ordering the errors)."""

    HEADER = re.compile(r"\s*(\[\[?)([A-Za-z0-9_\-\"'. ]+)\]\]?\s*(#.*)?")
    KEY = re.compile(r"\s*([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")

    def __init__(self, text):
        """Scan TEXT once: table headers and the first line of each key."""
        self.tables, counts, current = {("", None): (0, {})}, {}, ("", None)
        for lineno, line in enumerate(text.splitlines(), 1):
            m = self.HEADER.fullmatch(line)
            if m:
                name = m[2].strip("\"' ")
                index = None
                if m[1] == "[[":
                    index = counts.get(name, 0)
                    counts[name] = index + 1
                current = (name, index)
                self.tables.setdefault(current, (lineno, {}))
                continue
            m = self.KEY.match(line)
            if m:
                self.tables.setdefault(current, (0, {}))[1].setdefault(m[1].strip('"'), lineno)

    def line(self, section, index, key):
        """The line of KEY in table (SECTION, INDEX), else of the table, else 0."""
        if section == "":
            line, keys = self.tables[("", None)]
            return keys.get(key) or self.line(key, None, None) or self.line(key, 0, None)
        header, keys = self.tables.get((section, index), (0, {}))
        return keys.get(key, header) if key is not None else header


@dataclass
class Place:
    """Where in the manifest: a table (SECTION, INDEX) called LABEL in messages."""

    section: str
    index: int | None
    label: str

    def key(self, key):
        """The message prefix for KEY in this table."""
        if key is None:
            return self.label
        key = shown(key) if BARE_KEY.fullmatch(key) else quote(key)
        return f"{self.label}.{key}" if self.label else key


TOP = Place("", None, "")


class Checker(VmChecks):
    """Checks one parsed manifest, collecting every problem."""

    def __init__(self, display, text, board, programs, folder, files):
        """DISPLAY names the manifest in messages; PROGRAMS is a directory or None (the
        programs and VM files are not checked); FOLDER is the manifest's; FILES is where
        VM files not in FOLDER are (None: nowhere)."""
        self.display, self.board, self.programs_dir = display, board, programs
        self.folder, self.files_dir = Path(folder), files
        self.locate = Locator(text)
        self.problems = []
        self.claims = []  # channel ids: (line, seq, component, id, place, key)
        self.reserved = {}  # (component, channel id) -> what keeps it (a VMM's exits)
        self.dt_labels = []  # labels in VMs' device trees: (line, seq, guest, label, ...)
        self.elf_cache = {}
        self.program_sources = {}  # program -> (its sources, the component that gave them)
        self.names = {}  # section -> {name: index}, including bad and duplicate names
        self.places = {}  # section -> {index: Place} for named sections
        self.labels = {}  # component or guest index -> how messages call it
        self.guest_base = 0  # the index of the first VM's thread: after every component
        self.guest_index = {}  # [[vm]] index -> the index of its vCPU 0's thread
        self.ram_overflow = False  # the RAM regions do not fit in RAM

    # -- reporting and typed access -----------------------------------------------------

    def cpu(self, place, table, key, value=None):
        """A CPU number TABLE[KEY] (or VALUE, an element of it) on this board; 0 if bad."""
        if value is None:
            value = self.get(place, table, key, "integer")
        elif not is_int(value):
            self.error(place, key, f"{describe(value)} is not a CPU number (an integer)")
            return 0
        if value is None:
            return 0
        if not 0 <= value < self.board.cpus:
            self.error(place, key, f"CPU {value} does not exist: the board "
                                   f"{self.board.name} has {self.board.cpus} "
                                   f"(0..{self.board.cpus - 1})")
            return 0
        return value

    def error(self, place, key, reason):
        """Record a problem at KEY of PLACE."""
        line = self.locate.line(place.section, place.index, key)
        self.problems.append((line, len(self.problems),
                              f"{self.display}: {place.key(key)}: {reason}"))

    def get(self, place, table, key, kind, required=False):
        """TABLE[KEY] if present and of KIND; else None (a problem recorded if needed)."""
        if key not in table:
            if required:
                self.error(place, key, "missing (required)")
            return None
        test, what = KINDS[kind]
        if not test(table[key]):
            self.error(place, key, f"must be {what}, not {describe(table[key])}")
            return None
        if is_int(table[key]) and not INT_RANGE[0] <= table[key] <= INT_RANGE[1]:
            self.error(place, key, f"{quote(table[key])} is not a 64-bit integer")
            return None
        return table[key]

    def get_range(self, place, table, key, bounds, required=False, note=""):
        """An integer TABLE[KEY] within BOUNDS (inclusive), or None."""
        value = self.get(place, table, key, "integer", required)
        if value is not None and not bounds[0] <= value <= bounds[1]:
            self.error(place, key, f"{value} is out of range {bounds[0]}..{bounds[1]}{note}")
            return None
        return value

    def get_size(self, place, table, key, required=False):
        """A size TABLE[KEY] in bytes, or None."""
        value = self.get(place, table, key, "size", required)
        if value is None:
            return None
        size = parse_size(value)
        if size is None and key == "page":
            self.error(place, key, f'{quote(value)} is not a page size; allowed: "4K", "2M"')
        elif size is None:
            self.error(place, key, f'{quote(value)} is not a size: use a number of bytes or a '
                                   f'string "<n>", "<n>K", "<n>M" or "<n>G"')
        return size

    def get_ref(self, place, table, key, section, vm_reason=None):
        """The index of the SECTION entry named by TABLE[KEY], or None. A VM's name where
        SECTION is "component" is the VM's thread, or the error VM_REASON if given."""
        name = self.get(place, table, key, "string", required=True)
        if name is None:
            return None
        if section == "component" and name not in self.names[section] and \
                name in self.names["vm"]:
            if vm_reason is None:
                return self.guest_index[self.names["vm"][name]]
            self.error(place, key, f"{quote(name)} is a VM: {vm_reason}")
            return None
        if name not in self.names[section]:
            self.error(place, key, f"no {section} named {quote(name)}")
            return None
        return self.names[section][name]

    def unknown_keys(self, place, table, section):
        """Report keys of TABLE that SECTION does not define."""
        allowed = KEYS[section]
        for key in table:
            if key not in allowed:
                self.error(place, key, f"unknown key; allowed: {', '.join(allowed)}")

    def claim(self, component, channel, place, key):
        """Note that channel id CHANNEL of COMPONENT is used at KEY of PLACE."""
        line = self.locate.line(place.section, place.index, key)
        self.claims.append((line, len(self.claims), component, channel, place, key))

    def role(self, place, table, key, other, need=None):
        """The board's board.Device that TABLE[KEY] names by its role, or None: refused
        with OTHER, the key it stands for, in TABLE too; NEED ("driver", "irq") is what
        the device must have, its PLAT_ macro's suffix saying where it would be."""
        name = self.get(place, table, key, "string")
        if name is None:
            return None
        roles = self.board.roles
        if other in table:
            self.error(place, key, f"{quote(name)} with {other}: name the board's device by "
                                   f"its role or give {other}, not both")
        elif name not in roles:
            have = ", ".join(quote(r) for r in sorted(roles)) or "none"
            self.error(place, key, f"board '{self.board.name}' has no {quote(name)} device; "
                                   f"its devices by role: {have}")
        elif need is not None and getattr(roles[name], need) is None:
            what = "native driver program" if need == "driver" else "interrupt"
            self.error(place, key, f"the {quote(name)} device of board '{self.board.name}' "
                                   f"has no {what} ({roles[name].macro}_{need.upper()}): "
                                   f"give {other}")
        else:
            return roles[name]
        return None

    def by_role(self, place, table, key, other, need, kind):
        """(the key given, its value): the NEED of the board's device that TABLE[KEY]
        names by its role, or else TABLE[OTHER], required, of KIND."""
        if key not in table:
            return other, self.get(place, table, other, kind, required=True)
        device = self.role(place, table, key, other, need)
        return key, getattr(device, need) if device else None

    # -- tables --------------------------------------------------------------------------

    def top_level(self, data):
        """Check the top-level keys; return the [system] table or None."""
        for key, value in data.items():
            if key not in SECTIONS:
                table = isinstance(value, dict) or (
                    isinstance(value, list) and value and isinstance(value[0], dict))
                self.error(TOP, key, f"unknown {'table' if table else 'key'}; allowed: "
                           "[system], " + ", ".join(f"[[{s}]]" for s in SECTIONS[1:]))
        system = data.get("system")
        if "system" not in data:
            self.error(TOP, "system", "missing: a manifest starts with [system] and its name")
        elif isinstance(system, list):
            self.error(TOP, "system", "must be one table [system], not an array of tables")
        elif not isinstance(system, dict):
            self.error(TOP, "system", f"must be a table [system], not {describe(system)}")
        return system if isinstance(system, dict) else None

    def entries(self, data, section):
        """[(index, table)] of array-of-tables SECTION."""
        value = data.get(section, [])
        if not isinstance(value, list):
            what = "a table" if isinstance(value, dict) else describe(value)
            self.error(TOP, section, f"must be an array of tables [[{section}]], not {what}")
            return []
        out = []
        for i, table in enumerate(value):
            if isinstance(table, dict):
                out.append((i, table))
            else:
                self.error(Place(section, i, f"{section}[{i}]"), None,
                           f"must be a table, not {describe(table)}")
        return out

    def check_name(self, place, key, value, limit=spec.NAME_SIZE - 1, why=""):
        """Whether VALUE is a valid name (at most LIMIT characters, WHY); report why not."""
        if len(value) > limit:
            self.error(place, key, f"{quote(value)} is too long: at most {limit} "
                                   f"characters{why}")
        elif not NAME_RE.fullmatch(value):
            self.error(place, key, f"{quote(value)} is not a valid name: use a lowercase "
                                   "letter, then lowercase letters, digits, '_' or '-'")
        else:
            return True
        return False

    def name_places(self, section, entries):
        """Places for ENTRIES, named by their valid unique names; fills self.names."""
        known, places = {}, {}
        for i, table in entries:
            place = Place(section, i, f"{section}[{i}]")
            places[i] = place
            name = self.get(place, table, "name", "string", required=True)
            if name is None:
                continue
            if name in known:
                self.error(place, "name", f"{quote(name)} is already the name of "
                                          f"{section}[{known[name]}]")
            elif self.check_name(place, "name", name, *NAME_LIMITS.get(section, ())):
                place.label = f"{section} '{name}'"
            known.setdefault(name, i)  # bad names too: no cascade of "no such" errors
        self.names[section] = known
        return places

    def system(self, table):
        """The system name, or None."""
        place = Place("system", None, "system")
        self.unknown_keys(place, table, "system")
        name = self.get(place, table, "name", "string", required=True)
        return name if name is not None and self.check_name(place, "name", name) else None

    # -- components ----------------------------------------------------------------------

    def program(self, place, table):
        """(program name, parsed ELF or None) of a component: its program, or with driver
        the board's driver program for that device."""
        key, name = self.by_role(place, table, "driver", "program", "driver", "string")
        if name is None:
            return None, None
        if not PROGRAM_RE.fullmatch(name):
            self.error(place, key, f"{quote(name)} is not a valid program name: up to 31 "
                                   "letters, digits, '_', '.', '+' or '-'")
            return None, None
        if self.programs_dir is None:
            return name, None
        if name not in self.elf_cache:
            path = Path(self.programs_dir) / f"{name}.elf"
            try:
                self.elf_cache[name] = (elf.read(path, self.board.ram_size), None)
            except FileNotFoundError:
                self.elf_cache[name] = (None, f"no program {quote(name)}: {name}.elf is not in "
                                              "the programs directory")
            except fileio.FileProblem as e:
                self.elf_cache[name] = (None, f"cannot use {name}.elf: {e}")
            except OSError as e:
                self.elf_cache[name] = (None, f"cannot read {name}.elf: {e.strerror}")
            except elf.ElfError as e:
                self.elf_cache[name] = (None, f"{name}.elf is not an AArch64 ELF executable: {e}")
        program, problem = self.elf_cache[name]
        if problem:
            self.error(place, key, problem)
        return name, program

    def segments(self, place, c):
        """Check component C's program segments against the fixed layout."""
        if not c.binary.segments:
            self.error(place, "program", f"{c.program}.elf has no loadable segment")
            return
        low = min(spec.COMPONENT_UTCB, spec.COMPONENT_STACK_TOP - c.stack)
        previous = None
        for seg in c.binary.segments:
            start, end = page_span(seg.vaddr, seg.end)
            where = f"{c.program}.elf segment {fmt_range(seg.vaddr, seg.end)}"
            if end > VADDR_LIMIT:
                self.error(place, "program", f"{where} is beyond the 39-bit address space")
            elif start < spec.PAGE:
                self.error(place, "program", f"{where} is in the first page, which stays "
                                             "unmapped")
            elif overlaps(start, end, low, spec.COMPONENT_STACK_TOP):
                self.error(place, "program", f"{where} overlaps the UTCB and stack area "
                                             f"{fmt_range(low, spec.COMPONENT_STACK_TOP)}")
            elif end > low:
                self.error(place, "program", f"{where} is above the stack: programs are "
                                             f"loaded below {low:#x}")
            elif previous and start < previous[1][1]:
                self.error(place, "program", f"{where} shares a page with segment "
                                             f"{fmt_range(*previous[0])}: link programs with "
                                             "libs/libtessera/user.ld")
            previous = ((seg.vaddr, seg.end), (start, end))

    def scheduling(self, place, table, c):
        """Budget and period: both or neither, in range, budget <= period."""
        budget = self.get_range(place, table, "budget_us", SC_US)
        period = self.get_range(place, table, "period_us", SC_US)
        if "budget_us" in table and "period_us" not in table:
            self.error(place, "budget_us", "given without period_us: a scheduling context "
                                           "needs both")
        elif "period_us" in table and "budget_us" not in table:
            self.error(place, "period_us", "given without budget_us: a scheduling context "
                                           "needs both")
        elif budget is not None and period is not None:
            if budget > period:
                self.error(place, "budget_us", f"{budget} is more than period_us ({period})")
            else:
                c.budget_us, c.period_us = budget, period
        self.periodic(place, table, c)

    def periodic(self, place, table, c):
        """deadline_us (a periodic task) and its timing_channel."""
        deadline = self.get_range(place, table, "deadline_us", SC_US)
        channel = self.get_range(place, table, "timing_channel", (0, spec.CHANNELS - 1))
        if "deadline_us" in table and not c.period_us:
            if "period_us" in table and "budget_us" in table:
                return  # the budget and period are wrong already
            self.error(place, "deadline_us", "needs budget_us and period_us: a periodic "
                                             "task is released every period with its budget")
        elif deadline is not None and deadline > c.period_us:
            self.error(place, "deadline_us", f"{deadline} is more than period_us "
                                             f"({c.period_us})")
        elif deadline is not None:
            c.deadline_us = deadline
        if "timing_channel" in table and "deadline_us" not in table:
            self.error(place, "timing_channel", "only allowed with deadline_us (a periodic "
                                                "task's misses and overruns)")
        elif channel is not None and c.deadline_us:
            c.timing_channel = channel

    def stack(self, place, table, c):
        """The stack size: a multiple of 4K, 4K..124K (the UTCB page is below it)."""
        stack = self.get_size(place, table, "stack")
        if stack is None:
            return
        if stack % spec.PAGE:
            self.error(place, "stack", f"{fmt_size(stack)} is not a multiple of 4K")
        elif not STACK[0] <= stack <= STACK[1]:
            why = f" (a larger stack would reach the UTCB page at {spec.COMPONENT_UTCB:#x})" \
                if stack > STACK[1] else ""
            self.error(place, "stack", f"{fmt_size(stack)} is out of range "
                                       f"{fmt_size(STACK[0])}..{fmt_size(STACK[1])}{why}")
        else:
            c.stack = stack

    def untyped(self, place, table, c):
        """Untyped memory for the component's own objects: one block of 2^n bytes, 4K at
        least, in its CSpace slot TSR_COMPONENT_SLOT_UNTYPED."""
        size = self.get_size(place, table, "untyped")
        if size is None:
            return
        if size & (size - 1) or not size:
            self.error(place, "untyped", f"{fmt_size(size)} is not a power of "
                                         'two: untyped memory is one block of 2^n bytes ("64K", '
                                         '"1M")')
        elif size < UNTYPED_MIN:
            self.error(place, "untyped", f"{fmt_size(size)} is less than {fmt_size(UNTYPED_MIN)}"
                                         " (a page, the smallest object worth giving)")
        elif size > self.board.ram_size:
            self.error(place, "untyped", f"{fmt_size(size)} is larger than the machine's RAM "
                                         f"({fmt_size(self.board.ram_size)})")
        else:
            c.untyped = size

    def faults(self, place, table, c):
        """Fault policy, restarts, fault handler and its channel."""
        fault = self.get(place, table, "fault", "string")
        if fault is not None and fault not in FAULT_POLICIES:
            self.error(place, "fault", f"{quote(fault)} is not a fault policy; allowed: "
                                       '"stop", "restart"')
            fault = None
        c.policy = FAULT_POLICIES.get(fault or "stop")
        restarts = self.get_range(place, table, "restarts", RESTARTS)
        if "restarts" in table and c.policy == spec.POLICY_STOP and (
                fault is not None or "fault" not in table):
            self.error(place, "restarts", 'only allowed with fault = "restart"')
        elif c.policy == spec.POLICY_RESTART:
            c.restarts = restarts if restarts is not None else RESTARTS_DEFAULT
        handler = None
        if "fault_handler" in table:
            handler = self.get_ref(place, table, "fault_handler", "component",
                                   NOT_A_FAULT_HANDLER)
            if handler == c.index:
                self.error(place, "fault_handler", "a component cannot handle its own faults")
                handler = None
        channel = self.get_range(place, table, "fault_channel", (0, spec.CHANNELS - 1))
        if fault == "restart" and "fault_handler" in table:
            self.error(place, "fault", '"restart" applies only to faults the root manager '
                                      "handles; with fault_handler, the handler decides")
        if "fault_handler" in table and "fault_channel" not in table:
            self.error(place, "fault_handler", "needs fault_channel: the handler's channel id "
                                               "for this child")
        elif "fault_channel" in table and "fault_handler" not in table:
            self.error(place, "fault_channel", "only allowed with fault_handler (the root "
                                               "manager handles faults by default)")
        elif handler is not None and channel is not None:
            c.fault_handler, c.fault_channel = handler, channel
            self.claim(handler, channel, place, "fault_channel")

    def component(self, place, i, table):
        """One [[component]]."""
        self.unknown_keys(place, table, "component")
        c = Component(i, table.get("name") if place.label != f"component[{i}]" else None)
        c.program, c.binary = self.program(place, table)
        note = " (255 is the root manager's)" if table.get("priority") == 255 else ""
        c.priority = self.get_range(place, table, "priority", PRIORITY, required=True,
                                    note=note)
        c.cpu = self.cpu(place, table, "cpu")
        self.scheduling(place, table, c)
        fp = self.get(place, table, "fp", "boolean")
        c.fp = fp is not False
        self.stack(place, table, c)
        self.untyped(place, table, c)
        self.faults(place, table, c)
        c.setvars = self.get(place, table, "setvar", "table") or {}
        c.sources = self.sources(place, table, c.program)
        if c.binary is not None:
            self.segments(place, c)
        return c

    def sources(self, place, table, program):
        """A component's `sources`: its program's C and assembly files, relative to the
        manifest's folder, as absolute paths (the front end builds the program from them);
        one list per program."""
        files = self.get(place, table, "sources", "strings")
        if files is None:
            return []
        if not files:
            self.error(place, "sources", "names no file: list the program's .c (and .S) files")
            return []
        paths = []
        for name in files:
            path = self.folder / name
            if not name.endswith((".c", ".S")):
                self.error(place, "sources", f"{quote(name)} is not a C (.c) or assembly (.S) "
                                             "file")
            elif not path.is_file():
                self.error(place, "sources", f"{quote(name)}: no such file in the manifest's "
                                             "folder")
            else:
                paths.append(str(path.resolve()))
        if program is not None and len(paths) == len(files):
            first = self.program_sources.setdefault(program, (paths, place.label))
            if first[0] != paths:
                self.error(place, "sources", f"program {quote(program)} has other sources in "
                                             f"{first[1]}")
        return paths

    def constants(self, place, c, patched):
        """The Patches of component C's setvar table: 64-bit variables of its program set
        to constants (which device of several a driver takes, and the like)."""
        patches = []
        for symbol, value in c.setvars.items():
            if not is_int(value) or not 0 <= value < 1 << 64:
                shown = value if is_int(value) else describe(value)
                self.error(place, "setvar", f"{quote(symbol)}: {shown} is not an integer in "
                                            f"0..2^64-1")
            elif (p := self.setvar(place, symbol, c, value, patched)):
                patches.append(p)
        return patches

    # -- regions -------------------------------------------------------------------------

    def device(self, place, r, phys, devices, key="phys"):
        """Check device region R at PHYS (given at KEY) against device space, the kernel,
        DEVICES."""
        board = self.board
        if phys < 0:
            self.error(place, key, f"{phys} is negative")
        elif phys == 0:
            self.error(place, key, "0 cannot be given: in the spec, physical address 0 "
                                   "stands for RAM")
        elif phys % r.page:
            self.error(place, key, f"{phys:#x} is not aligned to the page size "
                                   f"{fmt_size(r.page)}")
        elif r.size is not None:
            end, space_end = phys + r.size, board.device_base + board.device_size
            where = fmt_range(phys, end)
            kernel = [d for d in board.kernel_devices if overlaps(phys, end, d[0], d[1])]
            other = [d for d in devices if overlaps(phys, end, d[0], d[1])]
            if phys < board.device_base or end > space_end:
                self.error(place, key, f"{where} is outside the device space of board "
                                       f"'{board.name}', "
                                       f"{fmt_range(board.device_base, space_end)}")
            elif kernel:
                start, stop, label = kernel[0]
                self.error(place, key, f"{where} overlaps device memory the kernel keeps: "
                                       f"{fmt_range(start, stop)} ({label})")
            elif other:
                start, stop, label = other[0]
                self.error(place, key, f"{where} overlaps {label} ({fmt_range(start, stop)})")
            else:
                r.paddr = phys
                devices.append((phys, end, place.label))

    def region(self, place, i, table, devices):
        """One [[region]]; DEVICES collects the device ranges seen so far."""
        self.unknown_keys(place, table, "region")
        r = Region(i, table.get("name") if place.label != f"region[{i}]" else None)
        page = self.get_size(place, table, "page")
        page_ok = page is None or page in PAGE_SIZES
        if not page_ok:
            self.error(place, "page", f'{quote(table["page"])} is not a page size; allowed: '
                                      '"4K", "2M"')
        r.page_bits = PAGE_SIZES.get(page, 12)
        device = self.role(place, table, "device", "phys")
        if "device" in table and "size" in table and "phys" not in table:
            self.error(place, "size", "not allowed with device: the board gives the device's "
                                      "size")
        size = device.size if device else \
            self.get_size(place, table, "size", required="device" not in table)
        is_device = "phys" in table or "device" in table
        if size is not None and page_ok:
            if size == 0:
                self.error(place, "size", "0: a region has at least one page")
            elif size % r.page:
                self.error(place, "size", f"{fmt_size(size)} is not a multiple of the page "
                                          f"size {fmt_size(r.page)}")
            elif not is_device and size > self.board.ram_size:
                self.error(place, "size", f"{fmt_size(size)} is larger than the machine's RAM "
                                          f"({fmt_size(self.board.ram_size)})")
                self.ram_overflow = True
            else:
                r.size = size
        phys = self.get(place, table, "phys", "integer")
        if phys is not None:
            self.device(place, r, phys, devices)
        elif device is not None:
            self.device(place, r, device.base, devices, "device")
        cached = self.get(place, table, "cached", "boolean")
        if is_device and cached:
            self.error(place, "cached", "device memory cannot be cached: leave cached out or "
                                        "set it to false")
        r.cached = (not is_device) if cached is None else cached
        r.device = is_device
        return r

    def region_limits(self, entries, regions, vm_regions, vm_place):
        """The root manager's limits: regions, and frames of all regions together; with
        VM_REGIONS (the VMs' RAM and files), whose problems are told at VM_PLACE."""
        count = len(entries) + len(vm_regions)
        if len(entries) > spec.REGIONS_MAX:
            self.error(Place("region", spec.REGIONS_MAX, "region"), None,
                       f"{len(entries)} regions; at most {spec.REGIONS_MAX}")
        elif count > spec.REGIONS_MAX:
            self.error(vm_place, None, f"{count} regions with the VMs' RAM and files; at "
                                       f"most {spec.REGIONS_MAX}")
        sized = [r for r in regions.values() if r.size]
        frames = sum(r.size // r.page for r in sized)
        vm_frames = frames + sum(r.size // r.page for r in vm_regions)
        if self.ram_overflow:
            return
        if frames > spec.REGION_FRAMES_MAX:
            self.error(Place("region", sized[-1].index, "region"), None,
                       f"the regions need {frames} frames in total, more than the root "
                       f"manager's {spec.REGION_FRAMES_MAX} (use page = \"2M\" for large "
                       "regions)")
        elif vm_frames > spec.REGION_FRAMES_MAX:
            self.error(vm_place, None, f"the regions with the VMs' RAM and files need "
                                       f"{vm_frames} frames in total, more than the root "
                                       f"manager's {spec.REGION_FRAMES_MAX} (a VM's files "
                                       "under 2M take 4K frames)")

    def ram_total(self, regions, vms, vm_place):
        """The RAM regions, with the VMs' (VmObjects VMS, told at VM_PLACE), must fit in RAM
        together. A VM's files are in RAM twice at boot: in their regions, and in the boot
        archive the root manager copies them from."""
        ram = [r for r in regions.values() if not r.device and r.size]
        total = sum(r.size for r in ram)
        vm_total = total + sum(r.size for r in vms.regions if not r.device) + vms.archived
        if self.ram_overflow:
            return
        if ram and total > self.board.ram_size:
            self.error(Place("region", ram[-1].index, "region"), None,
                       f"the RAM regions need {fmt_size(total)} in total, more than the "
                       f"machine's RAM ({fmt_size(self.board.ram_size)})")
        elif vm_total > self.board.ram_size:
            self.error(vm_place, None, f"the RAM regions and the VMs' RAM and files (with "
                                       f"the files' copies in the boot archive) need "
                                       f"{fmt_size(vm_total)} in total, more than the "
                                       f"machine's RAM ({fmt_size(self.board.ram_size)})")
        else:
            return
        self.ram_overflow = True

    # -- maps ----------------------------------------------------------------------------

    def rights(self, place, table, region):
        """The rights bits of a map, or None."""
        rights = self.get(place, table, "rights", "string", required=True)
        if rights is None:
            return None
        if not rights or set(rights) - set("rwx") or len(set(rights)) != len(rights):
            self.error(place, "rights", f"{quote(rights)} is not valid: use r, w and x, each "
                                        "at most once, with at least r")
        elif "w" in rights and "x" in rights:
            self.error(place, "rights", f"{quote(rights)} is writable and executable: w and x "
                                        "together are refused")
        elif "r" not in rights:
            self.error(place, "rights", f"{quote(rights)} lacks r: every mapping must be "
                                        "readable")
        elif "x" in rights and region is not None and region.device:
            self.error(place, "rights", "device memory cannot be executable")
        else:
            return sum(RIGHT_BITS[ch] for ch in rights)
        return None

    def layout(self, c, start, end):
        """Why [START, END) cannot be mapped into component C's program, UTCB or stack, or
        None."""
        label, stack = self.labels[c.index], spec.COMPONENT_STACK_TOP - c.stack
        utcb_end = spec.COMPONENT_UTCB + spec.PAGE
        segments = [s for s in (c.binary.segments if c.binary else [])
                    if overlaps(start, end, *page_span(s.vaddr, s.end))]
        if start < spec.PAGE:
            return "includes the first page, which stays unmapped"
        if overlaps(start, end, stack, spec.COMPONENT_STACK_TOP):
            return f"overlaps the stack of {label} ({fmt_range(stack, spec.COMPONENT_STACK_TOP)})"
        if overlaps(start, end, spec.COMPONENT_UTCB, utcb_end):
            return f"overlaps the UTCB page of {label} " \
                   f"({fmt_range(spec.COMPONENT_UTCB, utcb_end)})"
        if overlaps(start, end, spec.COMPONENT_UTCB, spec.COMPONENT_STACK_TOP):
            return f"overlaps the unmapped gap between the UTCB and the stack of {label} " \
                   f"({fmt_range(utcb_end, stack)})"
        if segments:
            return f"overlaps program {quote(c.program)} of {label} " \
                   f"(segment {fmt_range(segments[0].vaddr, segments[0].end)})"
        return None

    def vaddr(self, place, vaddr, c, r, mapped):
        """Check map address VADDR of region R in component or VM C against its layout and
        MAPPED, the ranges taken there (Spans)."""
        label = self.labels[c.index]
        if vaddr < 0:
            self.error(place, "vaddr", f"{vaddr} is negative")
            return False
        if vaddr % r.page:
            self.error(place, "vaddr", f"{vaddr:#x} is not aligned to the page size "
                                       f"{fmt_size(r.page)}")
            return False
        if r.size is None:
            return False
        end = vaddr + r.size
        where = fmt_range(vaddr, end)
        other = mapped.overlap(vaddr, end)
        if end > VADDR_LIMIT:
            reason = f"is beyond the 39-bit address space (which ends at {VADDR_LIMIT:#x})"
        elif c.vm is None and (reason := self.layout(c, vaddr, end)):
            pass
        elif other is not None:
            reason = f"overlaps {other}"
        else:
            mapped.append((vaddr, end, f"map[{place.index}] of {label} (region '{r.name}' "
                                       f"at {where})"))
            return True
        self.error(place, "vaddr", f"{where} {reason}")
        return False

    def setvar(self, place, symbol, c, value, patched, key="setvar", kind=0):
        """The Patch for setvar SYMBOL (or the KEY naming it) in component C's program, or
        None. KIND 0: VALUE is written; 1: the root manager writes the physical address of
        region VALUE."""
        program, label = c.binary, self.labels[c.index]
        what = f"{quote(symbol)} in program {quote(c.program)}"
        if program is None:
            return None
        found = program.lookup(symbol)
        if program.symbols is None:
            reason = f"program {quote(c.program)} has no symbol table (stripped?), so " \
                     f"{quote(symbol)} cannot be set"
        elif not found:
            reason = f"no symbol {quote(symbol)} in program {quote(c.program)}"
        elif len(found) > 1:
            reason = f"{what} is defined {len(found)} times"
        elif found[0].type == elf.STT_FUNC:
            reason = f"{what} is a function, not a 64-bit variable"
        elif found[0].size != 8 and (found[0].size or found[0].type != elf.STT_NOTYPE):
            reason = f"{what} is {found[0].size} bytes, not a 64-bit variable (8 bytes)"
        elif found[0].value % 8:
            reason = f"{what} at {found[0].value:#x} is not 8-byte aligned"
        elif not ((seg := program.segment_at(found[0].value, 8)) and seg.flags & elf.PF_W):
            reason = f"{what} is not in a writable segment (is it const?)"
        elif (c.index, symbol) in patched:
            reason = f"{quote(symbol)} of {label} is already set by {patched[c.index, symbol]}"
        else:
            patched[c.index, symbol] = place.label
            return Patch(c.index, found[0].value, value, symbol, place.label, kind) \
                if value is not None else None
        self.error(place, key, reason)
        return None

    def map(self, place, table, threads, regions, mapped, patched):
        """One [[map]] into a component or a VM: (Map, [Patch]), or None."""
        self.unknown_keys(place, table, "map")
        ci = self.get_ref(place, table, "component", "component")
        ri = self.get_ref(place, table, "region", "region")
        vaddr = self.get(place, table, "vaddr", "integer", required=True)
        rights = self.rights(place, table, regions.get(ri))
        symbol = self.get(place, table, "setvar", "string")
        paddr_symbol = self.get(place, table, "setvar_paddr", "string")
        label = self.get(place, table, "label", "string")
        if ci is None or ri is None or ci not in threads or ri not in regions:
            return None
        c, r = threads[ci], regions[ri]
        ok = vaddr is not None and self.vaddr(place, vaddr, c, r, mapped.setdefault(ci, Spans()))
        if c.vm is not None:
            for key in ("setvar", "setvar_paddr"):
                if key in table:
                    self.error(place, key, "a VM has no program to set: setvar and "
                                           "setvar_paddr are for maps into components")
            label = self.dt_label(place, ci, label, r.name, "the region's name")
            return (Map(place.index, ci, ri, vaddr, rights, None, place.label, label), []) \
                if ok and rights is not None else None
        if label is not None:
            self.error(place, "label", LABEL_ONLY_VM.format("on a map into a VM"))
        patches = [self.setvar(place, symbol, c, vaddr if ok else None, patched)
                   if symbol is not None else None,
                   self.setvar(place, paddr_symbol, c, ri, patched, "setvar_paddr", 1)
                   if paddr_symbol is not None else None]
        if not ok or rights is None:
            return None
        return Map(place.index, ci, ri, vaddr, rights, symbol, place.label), \
            [p for p in patches if p]

    # -- channels and interrupts ---------------------------------------------------------

    def end(self, place, table, key):
        """A channel end "component:id" or "vm:id" as (thread index, id), or None."""
        text = self.get(place, table, key, "string", required=True)
        if text is None:
            return None
        name, colon, ident = text.rpartition(":")
        if not colon or not name or ":" in name or not re.fullmatch(r"-?[0-9]{1,20}", ident):
            self.error(place, key, f'{quote(text)} is not a channel end: use "component:id", '
                                   'e.g. "client:1"')
            return None
        if name in self.names["component"]:
            index, limit, note = self.names["component"][name], spec.CHANNELS, ""
        elif name in self.names["vm"]:
            index, limit = self.guest_index[self.names["vm"][name]], spec.VCPU_CHANNELS
            note = f": a VM has {limit} channels"
        else:
            self.error(place, key, f"no component named {quote(name)}")
            return None
        if not 0 <= int(ident) < limit:
            self.error(place, key, f"channel id {int(ident)} is out of range "
                                   f"0..{limit - 1}{note}")
            return None
        return index, int(ident)

    def channel(self, place, table, threads):
        """One [[channel]]: a Channel, or None."""
        self.unknown_keys(place, table, "channel")
        kind = self.get(place, table, "kind", "string", required=True)
        if kind is not None and kind not in CHANNEL_KINDS:
            self.error(place, "kind", f"{quote(kind)} is not a channel kind; allowed: "
                                      '"call", "notify"')
            kind = None
        a, b = self.end(place, table, "a"), self.end(place, table, "b")
        label = self.get(place, table, "label", "string")
        labels = self.labels
        if a and b and a[0] == b[0]:
            self.error(place, "b", f"both ends are {labels[a[0]]}: a channel connects "
                                   "two different components")
            b = None
        if kind == "call" and b and b[0] >= self.guest_base:
            self.error(place, "b", "a VM cannot be called: it has no endpoint; it calls out")
            b = None
        for key, end in (("a", a), ("b", b)):
            if end:
                self.claim(end[0], end[1], place, key)
        if kind == "call" and a and b and a[0] in threads and b[0] in threads:
            pa, pb = threads[a[0]].priority, threads[b[0]].priority
            if pa is not None and pb is not None and pb < pa:
                self.error(place, "b", f"a call from {labels[a[0]]} (priority {pa}) to "
                                       f"{labels[b[0]]} (priority {pb}) goes to a lower "
                                       "priority; the callee's must be at least the caller's")
                return None
        if not (a and b):
            return None
        guests = [(me, peer) for me, peer in ((a, b), (b, a)) if me[0] >= self.guest_base]
        if label is not None and not guests:
            self.error(place, "label", LABEL_ONLY_VM.format("on a channel with a VM end"))
        for me, peer in guests:
            name = threads[peer[0]].name if peer[0] in threads else None
            self.dt_label(place, me[0], label, name, "the peer's name")
        return Channel(place.index, kind, a, b, label) if kind else None

    def timing_channels(self, comps, channels):
        """A periodic task's timing_channel: one of its notify channels."""
        notify = {end for ch in channels if ch.kind == "notify" for end in (ch.a, ch.b)}
        for i, c in comps.items():
            if c.timing_channel is not None and (i, c.timing_channel) not in notify:
                self.error(self.places["component"][i], "timing_channel",
                           f"{c.timing_channel} is not a notify channel of {c.name}: its "
                           "misses and overruns signal the component at the other end")

    def irq_number(self, place, irq, key="irq"):
        """Whether interrupt IRQ (given at KEY) may go to a component; report why not."""
        board = self.board
        last = min(IRQ_SPI[1], board.irq_lines - 1)  # the board's interrupt controller
        allowed = f"allowed: SPIs {IRQ_SPI[0]}..{last}, or {board.user_ppi} (the EL1 " \
                  "physical timer)"
        if irq == board.user_ppi or IRQ_SPI[0] <= irq <= last:
            return True
        if last < irq <= IRQ_SPI[1]:
            self.error(place, key, f"{irq} is not an interrupt of board '{board.name}' "
                                   f"(its interrupt controller has {board.irq_lines}); "
                                   f"{allowed}")
        elif 0 <= irq < IRQ_SPI[0]:
            self.error(place, key, f"{irq} is a private interrupt (SGI or PPI) the kernel "
                                   f"keeps; {allowed}")
        else:
            self.error(place, key, f"{irq} is out of range; {allowed}")
        return False

    def irq(self, place, table, owners):
        """One [[irq]]: an Irq, or None. OWNERS maps interrupts given so far to places."""
        self.unknown_keys(place, table, "irq")
        ci = self.get_ref(place, table, "component", "component", NOT_AN_IRQ_HANDLER)
        key, irq = self.by_role(place, table, "device", "irq", "irq", "integer")
        ok = irq is not None and self.irq_number(place, irq, key)
        if ok and irq in owners:
            self.error(place, key, f"interrupt {irq} is already given to {owners[irq]}")
            ok = False
        elif ok and ci is not None:
            owners[irq] = f"{self.labels[ci]} by irq[{place.index}]"
        channel = self.get_range(place, table, "channel", (0, spec.CHANNELS - 1), required=True)
        if ci is not None and channel is not None:
            self.claim(ci, channel, place, "channel")
        return Irq(place.index, ci, irq, channel) if ok and None not in (ci, channel) else None

    def resolve_claims(self):
        """Each channel id once per component or VM, across channels, IRQs, fault channels
        and a VMM's exit channel."""
        used = dict(self.reserved)
        for _, _, component, channel, place, key in sorted(self.claims, key=lambda c: c[:2]):
            if (component, channel) in used:
                self.error(place, key, f"channel id {channel} of {self.labels[component]} is "
                                       f"already used by {used[component, channel]}")
            else:
                used[component, channel] = place.key(key)

    # -- the whole manifest --------------------------------------------------------------

    def threads_limit(self, data, entries, vcpus):
        """At most COMPONENTS_MAX components and vCPUs of VMs (each a spec component
        record), VCPUS giving each VM's; at least one component."""
        ncomps, nvms, nvcpus = len(entries["component"]), len(entries["vm"]), \
            sum(vcpus.values())
        if ncomps > spec.COMPONENTS_MAX:
            self.error(Place("component", spec.COMPONENTS_MAX, "component"), None,
                       f"{ncomps} components; at most {spec.COMPONENTS_MAX}")
        elif ncomps + nvcpus > spec.COMPONENTS_MAX:
            self.error(Place("vm", entries["vm"][-1][0], "vm"), None,
                       f"{ncomps} components and {nvcpus} vCPU{'s' * (nvcpus > 1)} of "
                       f"{nvms} VM{'s' * (nvms > 1)}; at most {spec.COMPONENTS_MAX} together "
                       "(a vCPU is a thread)")
        elif "component" not in data:
            self.error(TOP, "component", "missing: a system needs at least one [[component]]")

    def run(self, data):
        """Check parsed manifest DATA; return the System or raise ManifestError."""
        system = self.top_level(data)
        name = self.system(system) if system is not None else None
        entries = {s: self.entries(data, s) for s in SECTIONS[1:]}
        self.places = {s: self.name_places(s, entries[s]) for s in ("component", "region", "vm")}
        self.guest_base = max((i + 1 for i, _ in entries["component"]), default=0)
        vcpus = {i: self.vm_vcpus(self.places["vm"][i], t) for i, t in entries["vm"]}
        at = self.guest_base  # a VM's vCPU threads are consecutive
        for i, _ in entries["vm"]:
            self.guest_index[i], at = at, at + vcpus[i]
        self.vm_names()
        self.threads_limit(data, entries, vcpus)
        comps = {i: self.component(self.places["component"][i], i, t)
                 for i, t in entries["component"]}
        served = {}
        guests = {self.guest_index[i]: self.vm(self.places["vm"][i], i, t, comps, served,
                                               vcpus[i])
                  for i, t in entries["vm"]}
        threads = {**comps, **guests}
        devices = [(*self.board.gicv, GICV_WHAT)] if self.board.gicv else []
        regions = {i: self.region(self.places["region"][i], i, t, devices)
                   for i, t in entries["region"]}
        mapped = {i: Spans(spans) for i, spans in self.vm_windows(guests).items()}
        patched, maps = {}, []
        constants = [p for i, c in comps.items()
                     for p in self.constants(self.places["component"][i], c, patched)]
        for i, t in entries["map"]:
            maps.append(self.map(Place("map", i, f"map[{i}]"), t, threads, regions, mapped,
                                 patched))
        channels = [self.channel(Place("channel", i, f"channel[{i}]"), t, threads)
                    for i, t in entries["channel"]]
        owners = {}
        irqs = [self.irq(Place("irq", i, f"irq[{i}]"), t, owners) for i, t in entries["irq"]]
        self.resolve_claims()
        self.resolve_dt_labels()
        maps, channels = [m for m in maps if m], [c for c in channels if c]
        self.timing_channels(comps, channels)
        made = self.vm_objects(guests, threads, regions, [m for m, _ in maps], channels,
                               patched)
        vm_place = Place("vm", entries["vm"][-1][0], "vm") if entries["vm"] else None
        self.ram_total(regions, made, vm_place)  # first: the more useful message
        self.region_limits(entries["region"], regions, made.regions, vm_place)
        self.stop_if_problems()
        vcpu_threads = [c for g in guests.values() for c in self.vcpu_threads(g)]
        system = System(name, self.display, self.board,
                        sorted([*threads.values(), *vcpu_threads], key=lambda c: c.index),
                        list(regions.values()) + made.regions,
                        [m for m, _ in maps] + made.maps, channels, [q for q in irqs if q],
                        constants + [p for _, ps in maps for p in ps] + made.patches,
                        [g.vm for g in guests.values()])
        if self.programs_dir is not None:
            self.root_slots(system)
            self.root_ram(system)
        self.stop_if_problems()
        return system

    def root_ram(self, system):
        """Each RAM region's frames fit the root manager's untyped (rootplan.ram_problem)."""
        small = sum(sum(outputs.footprint(system, c).values()) for c in system.components)
        found = rootplan.ram_problem(system, small)
        if found is None:
            return
        r, piece, largest = found
        if isinstance(r, Component):  # its untyped
            self.error(self.places["component"][r.index], "untyped",
                       f"no free RAM holds {fmt_size(piece)} in one piece aligned to its size "
                       f"(the free blocks are at most {fmt_size(largest)}, less what other "
                       "components' untyped took)")
            return
        place = self.places["vm"][self.names["vm"][r.vm]] if r.vm else \
            self.places["region"][r.index]
        what, hint = (f"its region {r.name}: ", "less RAM for the VM") if r.vm else \
            ("", "smaller regions, or 4K pages")
        self.error(place, None, f"{what}no free RAM holds {fmt_size(piece)} in one piece: the "
                                "root manager takes a region's frames 256 at a time from one "
                                f"untyped block, and the free blocks are at most "
                                f"{fmt_size(largest)}, less what other regions took (use "
                                f"{hint})")

    def stop_if_problems(self):
        """Raise ManifestError with the problems found, in file order; at most PROBLEMS_MAX
        of them and a line saying how many more (a manifest may have 100,000 tables)."""
        if not self.problems:
            return
        lines = [text for _, _, text in sorted(self.problems)]
        if len(lines) > PROBLEMS_MAX:
            lines = lines[:PROBLEMS_MAX] + [f"{self.display}: and {len(lines) - PROBLEMS_MAX} "
                                            "more problems"]
        raise ManifestError(lines)

    def root_slots(self, system):
        """The root manager's CSpace must hold what it makes and maps (rootplan.py): told
        where the system crosses the limit, with the total."""
        steps = rootplan.steps(system)
        used = rootplan.first_slot(system)
        total = used + sum(n for _, n in steps)
        if total <= rootplan.CNODE_SLOTS:
            return
        for (kind, item), n in steps:
            used += n
            if used > rootplan.CNODE_SLOTS:
                break
        vm = getattr(item, "vm", None) if kind != "map" else \
            system.regions[item.region].vm or system.components[item.component].vm
        if kind == "map" and item.index is not None:
            place = Place("map", item.index, f"map[{item.index}]")
        elif kind == "irq":
            place = Place("irq", item.index, f"irq[{item.index}]")
        elif vm is not None:
            vm = vm if isinstance(vm, str) else vm.name
            place = self.places["vm"][self.names["vm"][vm]]
        else:
            place = self.places[kind][item.index]
        self.error(place, None, f"the root manager runs out of capability slots here: the "
                                f"system needs {total}, more than the {rootplan.CNODE_SLOTS} "
                                "of its CSpace (a slot per program and stack page, region "
                                "frame, device frame below a device region in its untyped, "
                                "frame of each mapping and page table: docs/manifest.md)")


def load(path, board, programs=None, display=None, files=None):
    """Read and check the manifest at PATH against BOARD (a board.Board).

    PROGRAMS is the directory of <program>.elf files; without it, the programs, setvar
    symbols and VM files are not checked. FILES is where VM files not beside the manifest
    are (default: PROGRAMS). DISPLAY names the manifest in messages (default: PATH as
    given). Returns a System; raises ManifestError, or vm.DtcError when a VM's device tree
    cannot be compiled.
    """
    display = str(path) if display is None else display
    try:
        raw = fileio.read(path, MANIFEST_MAX)
    except fileio.FileProblem as e:
        raise ManifestError([f"{display}: cannot read the manifest: {e}"]) from None
    except OSError as e:
        raise ManifestError([f"{display}: cannot read the manifest: {e.strerror}"]) from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError as e:
        raise ManifestError([f"{display}: <toml>: not UTF-8 text (byte {e.start})"]) from None
    except tomllib.TOMLDecodeError as e:
        raise ManifestError([f"{display}: <toml>: {shorten(toml_error(e), 200)}"]) from None
    except RecursionError:
        raise ManifestError([f"{display}: <toml>: not valid TOML: arrays or tables nest too "
                             "deeply"]) from None
    except ValueError as e:  # Python's limit on decimal integers, 4300 digits
        why = "an integer of more than 4300 digits" if "digits" in str(e) else \
            shorten(str(e), 120)
        raise ManifestError([f"{display}: <toml>: not valid TOML: {why}"]) from None
    files = programs if files is None else files
    return Checker(display, text, board, programs, Path(path).resolve().parent, files).run(data)
