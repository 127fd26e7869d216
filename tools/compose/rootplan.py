# SPDX-License-Identifier: BSD-2-Clause
# rootplan.py: the capability slots the root manager takes to build a system, counted.
"""How many slots of its CSpace the root manager (userland/root/build.c) fills building
a system, step by step, so that the tool refuses at build time a system the root manager
would stop building at boot ("copying a region frame: kernel error -6").

The root manager's CSpace is one CNode of 2^TSR_ROOT_CNODE_BITS slots (tessera/abi.h).
The kernel fills the first ones: the fixed slots, a frame capability per page of the root
manager's image (its own code and data, and the boot archive linked into it), and its
untyped memory (at most TSR_BOOTINFO_MAX_UNTYPED). Building, the root manager takes one
slot per object it makes (a component's TCB, CNode, VSpace, endpoint, notification,
scheduling context, program and stack pages, UTCB; a vCPU; a region's frames), per copy of
a frame it maps (into a component, or into its own windows where it fills a component's
pages or a region from a file), per page table, plus one per call of tsr_root_tables()
(its last table is refused and deleted, the slot not reused), per fault endpoint, per
channel of a VM and two per interrupt (a component's untyped memory, manifest key
untyped, is retyped straight into its CNode and takes none). Device frames are retyped in
address order from their untyped, so the frames below a device region's address in the
same untyped take slots too. Slots are never reused. The counts follow the code of userland/root/build.c
and libs/libtessera/src/root.c; ROOT_OWN_PAGES and UNTYPED_MAX leave a margin where the
tool cannot know the number (the root manager's own size, the kernel's untyped split).
"""

import re
from pathlib import Path

from . import outputs, spec

ABI = Path(__file__).resolve().parents[2] / "libs/libtessera/include/tessera/abi.h"


def _abi(name, text=ABI.read_text(encoding="utf-8")):
    """The number NAME is defined as (#define or enum) in tessera/abi.h."""
    return int(re.search(rf"\b{name}\b\s*=?\s*(0x[0-9a-fA-F]+|[0-9]+)", text)[1], 0)


CNODE_SLOTS = 1 << _abi("TSR_ROOT_CNODE_BITS")
FIXED_SLOTS = _abi("TSR_SLOT_FIRST_FREE_FIXED")
UNTYPED_MAX = _abi("TSR_BOOTINFO_MAX_UNTYPED")
ROOT_OWN_PAGES = 64  # the root manager's code, data and bss without the archive (22 today)
# userland/root/build.c: the root's window on component i's pages, and on regions it fills.
WINDOWS, WINDOW_SIZE, FILES = 0x10_0000_0000, 0x4000_0000, 0x30_0000_0000
PAGE, LARGE = 1 << 12, 1 << 21


class Tables:
    """The page tables an address space has, as the root manager makes them on demand."""

    def __init__(self):
        self.l2, self.l3 = set(), set()

    def small(self, va):
        """Slots taken to map a 4K frame at VA: tables made by tsr_root_tables(), and the
        one it makes last, finds every level present, and deletes."""
        if va >> 21 in self.l3:
            return 0
        made = 0 if va >> 30 in self.l2 else 1
        self.l2.add(va >> 30)
        self.l3.add(va >> 21)
        return made + 2

    def large(self, va):
        """Slots taken to map a 2M frame at VA: a level-2 table if there is none."""
        if va >> 30 in self.l2:
            return 0
        self.l2.add(va >> 30)
        return 1

    def span(self, start, end, page):
        """Slots taken for the tables to map frames of PAGE bytes over [START, END): the
        first frame in each 2M (4K frames) or 1G (2M frames) makes them, so one step per
        table, not per frame, and 20,000 maps of a large region count quickly."""
        if end <= start:
            return 0
        if page == LARGE:
            return sum(self.large(g << 30) for g in range(start >> 30, ((end - 1) >> 30) + 1))
        return sum(self.small(b << 21) for b in range(start >> 21, ((end - 1) >> 21) + 1))


def untyped_blocks(start, end):
    """[(base, size)] of [START, END) cut as kernel/src/loader.c cuts a range into untyped:
    the largest aligned power-of-two blocks."""
    out = []
    while start < end:
        bits = (start & -start).bit_length() - 1 if start else 47
        while bits > 47 or start + (1 << bits) > end:
            bits -= 1
        if bits < 12:
            break
        out.append((start, 1 << bits))
        start += 1 << bits
    return out


def device_untyped(board):
    """[(base, size)] of the device untyped: device space less what the kernel keeps."""
    out, base = [], board.device_base
    ranges = [(start, end) for start, end, _ in board.kernel_devices]
    for start, end in [(base, ranges[0][0] if ranges else None)] + [
            (ranges[i][1], ranges[i + 1][0] if i + 1 < len(ranges) else None)
            for i in range(len(ranges))]:
        end = board.device_base + board.device_size if end is None else end
        out += untyped_blocks(start, end)
    return out


def ram_problem(system, small):
    """The first RAM region (with the VMs') whose frames no RAM untyped can hold, and
    how many bytes in one piece it needed, or None. The root manager retypes a region's
    frames 256 at a time from one untyped (userland/root/build.c make_region), so a
    piece must fit in one power-of-two block of free RAM. The blocks are those of the
    free RAM at its largest (kernel/src/bootmem.c: from the end of the kernel's image,
    which holds the boot archive, less the root manager's copy of it and its CNode;
    the kernel's own size taken as 0), first filled with SMALL bytes of objects and
    pages, then the components' untyped (each aligned to its size, in component order),
    then the regions first fit in spec order; what finds no block first (a Region or a
    Component) is returned. Optimistic: what it refuses cannot
    boot; what it accepts may still not fit (fragmentation by the small objects)."""
    archive = archive_size(system)
    board = system.board
    load = board.ram_base + LARGE  # the kernel's load address: 2M into RAM
    root_cnode = CNODE_SLOTS << 6
    blocks = untyped_blocks(load, load + (archive & -PAGE))  # the archive's copy, freed
    blocks += untyped_blocks(-(-(load + 2 * archive + root_cnode) // PAGE) * PAGE,
                             board.ram_base + board.ram_size)
    marks = [base for base, _ in blocks]
    for i, (base, size) in enumerate(blocks):  # the small objects and pages first
        take = min(small, base + size - marks[i])
        marks[i] += take
        small -= take
    for c in system.components:  # make_component: its untyped, aligned to its size
        if not c.untyped:
            continue
        for i, (base, size) in enumerate(blocks):
            at = -(-marks[i] // c.untyped) * c.untyped
            if at + c.untyped <= base + size:
                marks[i] = at + c.untyped
                break
        else:
            return c, c.untyped, max(size for _, size in blocks)
    order = outputs.region_order(system)
    for r in sorted(system.regions, key=lambda r: order[r.index]):
        if r.device or not r.size:
            continue
        left = r.size >> r.page_bits
        while left:
            count = min(left, 256)
            for i, (base, size) in enumerate(blocks):
                at = -(-marks[i] // r.page) * r.page
                if at + count * r.page <= base + size:
                    marks[i] = at + count * r.page
                    break
            else:
                return r, count * r.page, max(size for _, size in blocks)
            left -= count
    return None


def archive_size(system):
    """The bytes of the boot archive of SYSTEM (spec.pack_archive's layout)."""
    arrays = outputs.spec_arrays(system)
    sizes = [len(spec.pack_spec(system.name, arrays))]
    programs = {c.program: c.binary.size for c in system.components if c.vm is None}
    sizes += list(programs.values())
    sizes += [len(vm.files[key]) for vm in system.vms for key in ("kernel", "initrd", "dtb")
              if key in vm.files]
    offset = spec.ARCHIVE_HEADER.size + spec.ARCHIVE_ENTRY.size * len(sizes)
    for size in sizes:
        offset = -(-offset // spec.ARCHIVE_ALIGN) * spec.ARCHIVE_ALIGN + size
    return offset


def first_slot(system):
    """The first slot the root manager may use, at most: the kernel's fill."""
    image = ROOT_OWN_PAGES + -(-archive_size(system) // PAGE) + 1
    return FIXED_SLOTS + image + UNTYPED_MAX + 1  # and build_system's fault endpoint


def steps(system):
    """[(what, slots)] in the order userland/root/build.c takes them: what is a
    ("component", Component), ("region", Region), ("map", Map), ("channel", Component) or
    ("irq", Irq)."""
    arrays = outputs.spec_arrays(system)
    root, spaces, out = Tables(), {}, []
    comps = system.components
    for i, c in enumerate(comps):  # make_component
        n = 5 + (1 if c.budget_us else 0)
        if c.vm is not None:
            n -= 1 if c.vcpu else 0  # vCPUs after the first share vCPU 0's VSpace
            spaces.setdefault(c.index - c.vcpu, Tables())
        else:
            space, window = spaces.setdefault(c.index, Tables()), WINDOWS + i * WINDOW_SIZE
            spans = [(s.vaddr & -PAGE, s.end) for s in c.binary.segments]
            spans += [(spec.COMPONENT_STACK_TOP - c.stack, spec.COMPONENT_STACK_TOP),
                      (spec.COMPONENT_UTCB, spec.COMPONENT_UTCB + PAGE)]
            for start, end in spans:  # component_page: a frame, its copy in the root's window
                n += 2 * -(-(end - start) // PAGE) + space.span(start, end, PAGE) + \
                    root.span(window + start, window + end, PAGE)
        out.append((("component", c), n))
    out += [(("component", c), 1) for c in comps]  # configure: the fault endpoint
    by_index = sorted(system.regions, key=lambda r: outputs.region_order(system)[r.index])
    frames, files, blocks = {}, FILES, device_untyped(system.board)
    marks = {base: base for base, _ in blocks}
    for r, g in zip(by_index, arrays["nregions"]):  # make_region, fill_region
        count, page = g["size"] >> g["page_bits"], 1 << g["page_bits"]
        n = count
        if r.device:
            n = 0
            for k in range(count):
                pa = r.paddr + k * page
                base = next((b for b, size in blocks if b <= pa < b + size), None)
                if base is None:
                    n += 1
                    continue
                got = -(-marks[base] // page) * page
                n += max(pa - got, 0) // page + 1
                marks[base] = pa + page
        if r.file:
            files = -(-files // page) * page
            n += count + root.span(files, files + count * page, page)
            files += g["size"]
        frames[r.index] = (count, page)
        out.append((("region", r), n))
    for m in sorted(system.maps, key=lambda m: (m.component, m.vaddr)):  # map_region
        count, page = frames[m.region]
        space = spaces.setdefault(m.component, Tables())
        out.append((("map", m), count + space.span(m.vaddr, m.vaddr + count * page, page)))
    guests = {c.index for c in comps if c.vm is not None}
    out += [(("channel", comps[cap["component"]]), 1) for cap in arrays["ncaps"]
            if cap["component"] in guests]  # give_channel: a VM's, badged in the root's
    out += [(("channel", comps[cap["component"]]), 1) for cap in arrays["ncaps"]
            if comps[cap["component"]].deadline_us and
            cap["channel"] == comps[cap["component"]].timing_channel]  # a timing handler
    out += [(("irq", q), 2) for q in system.irqs]  # give_irq: its handler, a notification
    return out
