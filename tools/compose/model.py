# SPDX-License-Identifier: BSD-2-Clause
# model.py: a checked system (components, regions, maps, channels, irqs) and value helpers.
"""The System that manifest.load() returns, and small helpers on TOML values and sizes.

Component, Region, Map, Channel, Irq and Patch refer to each other by index (the order
of the manifest's tables); the outputs are made from a System alone. A [[vm]] is a Vm
and, after all the manifest's components, a Component per vCPU thread whose `vm` is set
(consecutive, vCPU 0 first: maps and channels name vCPU 0's); its RAM and files are
Regions after the manifest's.
"""

import bisect
import json
import re
from dataclasses import dataclass, field

from . import elf
from . import spec

K, M, G = 1 << 10, 1 << 20, 1 << 30
STACK_DEFAULT = 16 * K
SIZE_RE = re.compile(r"([0-9]{1,20})([KMG]?)")
ECHO_MAX = 64  # characters of a value from the manifest that a message repeats
INT_BITS = 64  # TOML integers are 64-bit; tomllib reads longer ones, the checks refuse them


@dataclass
class Component:
    """A [[component]]: fields are None where the manifest gave a bad value."""

    index: int
    name: str
    program: str | None = None
    priority: int | None = None
    budget_us: int = 0
    period_us: int = 0
    deadline_us: int = 0  # > 0: a periodic task
    fp: bool = True  # may use floating point and SIMD
    timing_channel: int | None = None  # its notify channel for misses and overruns
    stack: int = STACK_DEFAULT
    untyped: int = 0  # bytes of untyped memory in its CSpace (0: none)
    policy: int = spec.POLICY_STOP
    restarts: int = 0
    fault_handler: int | None = None  # a component index; None: the root manager
    fault_channel: int | None = None
    binary: elf.Program | None = None  # the parsed program (None: not checked)
    setvars: dict = field(default_factory=dict)  # setvar: variable -> constant
    sources: list = field(default_factory=list)  # its program's sources (absolute paths)
    vm: "Vm | None" = None  # set: this is a VM's vCPU thread (program "")
    vcpu: int = 0  # a VM's: which vCPU (vCPU 0's Component holds the address space)
    cpu: int = 0  # the CPU its thread runs on (cpu =; a VM's vCPU: cpus = [...])


@dataclass
class Vm:
    """A [[vm]]: a guest served by its VMM, a component."""

    index: int  # in [[vm]] order
    name: str
    component: int  # the index of its vCPU 0's Component; vCPU i's is component + i
    vcpus: int = 1
    cpus: list = field(default_factory=list)  # each vCPU's CPU
    vmm: int | None = None  # the VMM's component index
    ram: int | None = None
    bootargs: str | None = None
    paths: dict = field(default_factory=dict)  # "kernel", "initrd", "dtb": resolved Paths
    files: dict = field(default_factory=dict)  # the same keys: bytes (dtb: given or made)
    dts: str | None = None  # the generated device tree's source (None: dtb given)


@dataclass
class Region:
    """A [[region]]: frames of RAM (paddr None) or device memory."""

    index: int
    name: str
    size: int | None = None
    page_bits: int = 12
    paddr: int | None = None
    cached: bool = True
    device: bool = False
    file: str | None = None  # the archive entry copied into it at boot
    vm: str | None = None  # the VM whose RAM or file it is

    @property
    def page(self):
        """The page size in bytes."""
        return 1 << self.page_bits


@dataclass
class Map:
    """A [[map]]: a region in a component's address space."""

    index: int
    component: int
    region: int
    vaddr: int
    rights: int
    setvar: str | None = None
    source: str = ""  # what made it: "map[3]", or "vm 'linux'" for a VM's own maps
    label: str | None = None  # a map into a VM: its device-tree label


@dataclass
class Channel:
    """A [[channel]]: ends are (component index, channel id)."""

    index: int
    kind: str
    a: tuple
    b: tuple
    label: str | None = None  # the device-tree label of its VM end(s); None: the peer's name


@dataclass
class Irq:
    """An [[irq]] delivered to a component's channel."""

    index: int
    component: int
    irq: int
    channel: int


@dataclass
class Patch:
    """A setvar: the 64-bit word at VADDR of COMPONENT's program becomes VALUE (KIND 0),
    or the physical address of region VALUE (KIND 1, setvar_paddr: known at boot)."""

    component: int
    vaddr: int
    value: int
    symbol: str
    source: str  # what set it: "map[3]", "vm 'linux'"
    kind: int = 0


@dataclass
class System:
    """A checked manifest, with the board it was checked against."""

    name: str
    path: str
    board: object
    components: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    maps: list = field(default_factory=list)
    channels: list = field(default_factory=list)
    irqs: list = field(default_factory=list)
    patches: list = field(default_factory=list)
    vms: list = field(default_factory=list)

    def programs(self):
        """The program names, in order of first use."""
        return list(dict.fromkeys(c.program for c in self.components if c.vm is None))

    def sources(self):
        """{program: its source files} of the programs that the manifest builds itself."""
        return {c.program: c.sources for c in self.components if c.sources}


def shorten(text, limit=ECHO_MAX):
    """TEXT, cut to about LIMIT characters if longer (a message repeats it)."""
    if len(text) <= limit:
        return text
    return f"{text[:limit - 24]}... ({len(text)} characters)"


def shown(text):
    """TEXT as a message shows a name or path: as it is if short and printable, else
    quoted and cut (a newline must not split the message's line)."""
    return text if len(text) <= ECHO_MAX and text.isprintable() else quote(text)


def quote(value):
    """VALUE as written in TOML (a long string or a huge number cut short)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        if len(value) <= ECHO_MAX:
            return json.dumps(value, ensure_ascii=False)
        return f"{json.dumps(value[:ECHO_MAX - 24], ensure_ascii=False)}... " \
               f"({len(value)} characters)"
    if isinstance(value, int) and value.bit_length() > 2 * INT_BITS:
        return f"{'-' if value < 0 else ''}a {value.bit_length()}-bit number"
    return shorten(str(value))


def describe(value):
    """What kind of TOML value VALUE is, for type errors."""
    if isinstance(value, bool):
        return f"a boolean ({quote(value)})"
    if isinstance(value, int):
        return f"an integer ({quote(value)})"
    if isinstance(value, float):
        return f"a float ({value})"
    if isinstance(value, str):
        return f"a string ({quote(value)})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def is_int(value):
    """Whether VALUE is a TOML integer (bool is not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def fmt_size(n):
    """N bytes, briefly: 16K, 2M, 1G, 6000 bytes."""
    if n and n % G == 0:
        return f"{n // G}G"
    if n and n % M == 0:
        return f"{n // M}M"
    if n and n % K == 0:
        return f"{n // K}K"
    return f"{n} bytes"


def fmt_range(start, end):
    """[START, END) as text."""
    return f"{start:#x}..{end:#x}"


def parse_size(value):
    """A size value (integer bytes, or "<n>", "<n>K", "<n>M", "<n>G") in bytes, or None."""
    if is_int(value):
        return value if value >= 0 else None
    m = SIZE_RE.fullmatch(value)
    return int(m[1]) * {"": 1, "K": K, "M": M, "G": G}[m[2]] if m else None


def overlaps(a_start, a_end, b_start, b_end):
    """Whether [a_start, a_end) and [b_start, b_end) intersect."""
    return a_start < b_end and b_start < a_end


class Spans:
    """The disjoint ranges [start, end) taken in one address space, each with what took
    it; finding what a new range overlaps takes O(log n), so 20,000 maps check quickly."""

    def __init__(self, spans=()):
        """SPANS: (start, end, what) to begin with."""
        self.starts, self.spans = [], []
        for span in spans:
            self.append(span)

    def append(self, span):
        """Take (start, end, what)."""
        i = bisect.bisect_right(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.spans.insert(i, (*span, len(self.spans)))

    def overlap(self, start, end):
        """What took the first-taken range that [START, END) overlaps, or None."""
        i, found = bisect.bisect_left(self.starts, end), []
        while i > 0 and self.spans[i - 1][1] > start:
            i -= 1
            found.append(self.spans[i])
        return min(found, key=lambda span: span[3])[2] if found else None


def page_span(start, end, page=spec.PAGE):
    """[start, end) widened to whole pages."""
    return start - start % page, -(-end // page) * page
