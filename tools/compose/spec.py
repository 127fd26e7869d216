# SPDX-License-Identifier: BSD-2-Clause
# spec.py: the component ABI, the binary spec and boot archive formats, and their C header.
"""The formats shared with the root manager, defined once.

CONSTANTS and the Layout objects below are the single source of the numbers, slots,
badges and record layouts: pack_spec()/pack_archive() write them, unpack_spec() and
unpack_archive() read them back (tests, debugging), and c_header() emits them as the
C header the root manager includes, with _Static_assert on every size and offset.
"""

import struct
import zlib
from dataclasses import dataclass

from .guest_abi import GUEST

NAME_SIZE = 32  # names in records: NUL padded, at most NAME_SIZE - 1 bytes
SPEC_MAGIC = int.from_bytes(b"TSRSPEC1", "little")
SPEC_VERSION = 3
ARCHIVE_MAGIC = int.from_bytes(b"TSRARCH1", "little")
SPEC_CRC_START = 24  # the CRC covers bytes [SPEC_CRC_START, size) of the spec
ARCHIVE_ALIGN = 8

# The component ABI: CSpace slots, channels, badges, the fixed address-space layout.
CNODE_BITS = 8
SLOT_TCB, SLOT_CNODE, SLOT_VSPACE, SLOT_ENDPOINT, SLOT_NOTIFICATION = 1, 2, 3, 4, 5
SLOT_UNTYPED = 6  # a component's untyped memory (manifest key untyped), if it has any
CHANNEL_SLOT_BASE = 8
CHANNELS = 63  # channel ids 0..62 (63 notification bits, 8 + 62 < 2^8 slots)
SLOT_GUEST_BASE = 0x80  # a VMM's: its VM's vCPU i's TCB at 0x80 + 2i, its vCPU object next
VM_VCPUS_MAX = GUEST["VCPUS_MAX"]  # vCPUs of one VM (tessera/hypercall.h)
VCPU_CHANNELS = 16  # a VM's channel ids 0..15 (TSR_VCPU_CHANNELS in tessera/abi.h)
VMM_EXIT_CHANNEL = 62  # a VMM's channel id for its VM's vCPU 0's exits; vCPU i's: 62 - i
BADGE_CALL = 0x100
BADGE_FAULT = 0x200
BADGE_ROOT_FAULT = 0x400
COMPONENT_UTCB = 0x3FFE0000
COMPONENT_STACK_TOP = 0x40000000
COMPONENTS_MAX = 64
REGIONS_MAX = 256  # regions in one system (the root manager's tables)
REGION_FRAMES_MAX = 4096  # frames of all regions together (the root manager's table)
POLICY_STOP, POLICY_RESTART = 0, 1
COMPONENT_GUEST = 1  # tsr_spec_component.flags: the record is a VM's vCPU thread
COMPONENT_NO_FP = 2  # tsr_spec_component.flags: fp = false (its FP use is a fault)
CAP_ENDPOINT, CAP_NOTIFICATION = 1, 2
REGION_DEVICE, REGION_UNCACHED = 1, 2
RIGHT_R, RIGHT_W, RIGHT_X, RIGHT_G = 1, 2, 4, 8  # as TSR_R/W/X/G in tessera/abi.h
RIGHTS_ALL = 15
# The rights of the fixed slots' capabilities and of the fault endpoint (as the root
# manager gives them: userland/root/build.c).
SLOT_RIGHTS = {SLOT_TCB: RIGHTS_ALL, SLOT_CNODE: RIGHTS_ALL, SLOT_VSPACE: RIGHTS_ALL,
               SLOT_ENDPOINT: RIGHT_R, SLOT_NOTIFICATION: RIGHT_R | RIGHT_W}
FAULT_ENDPOINT_RIGHTS = RIGHT_W | RIGHT_G

PAGE = 0x1000
VADDR_BITS = 39  # stage-2 input: levels 1..3 with a 4 KiB granule


def channel_slot(channel):
    """The component CSpace slot holding channel CHANNEL's capability."""
    return CHANNEL_SLOT_BASE + channel


def slot_guest_tcb(vcpu):
    """The VMM's CSpace slot holding the TCB of its VM's vCPU VCPU."""
    return SLOT_GUEST_BASE + 2 * vcpu


def slot_guest_vcpu(vcpu):
    """The VMM's CSpace slot holding the vCPU object of its VM's vCPU VCPU."""
    return SLOT_GUEST_BASE + 2 * vcpu + 1


def vmm_exit_channel(vcpu):
    """The VMM's channel id for the exits of its VM's vCPU VCPU (its fault channel)."""
    return VMM_EXIT_CHANNEL - vcpu



def call_badge(channel):
    """Badge of a call arriving on the callee's channel CHANNEL (on its endpoint)."""
    return BADGE_CALL | channel


def notify_badge(channel):
    """Badge bit of a notification (or an IRQ) arriving on channel CHANNEL."""
    return 1 << channel


def fault_badge(channel):
    """Badge of a child's fault arriving at its handler component's channel CHANNEL."""
    return BADGE_FAULT | channel


def root_fault_badge(index):
    """Badge of component INDEX's fault arriving at the root manager."""
    return BADGE_ROOT_FAULT | index


@dataclass(frozen=True)
class Define:
    """One #define of the header: NAME, its C text, and what it means."""

    name: str
    text: str
    comment: str


def _hex(value, suffix="UL"):
    """VALUE as a C hexadecimal literal."""
    return f"0x{value:x}{suffix}"


PATCH_VALUE = 0
PATCH_REGION_PADDR = 1

DEFINES = (
    Define("TSR_SPEC_MAGIC", _hex(SPEC_MAGIC, "ULL"), '"TSRSPEC1", little-endian'),
    Define("TSR_SPEC_VERSION", str(SPEC_VERSION), "the version of the format below"),
    Define("TSR_SPEC_CRC_START", str(SPEC_CRC_START),
           "crc32 (zlib) covers bytes [TSR_SPEC_CRC_START, size)"),
    Define("TSR_ARCHIVE_MAGIC", _hex(ARCHIVE_MAGIC, "ULL"), '"TSRARCH1", little-endian'),
    Define("TSR_ARCHIVE_ALIGN", str(ARCHIVE_ALIGN), "archive file offsets are multiples of this"),
    Define("TSR_NAME_SIZE", str(NAME_SIZE), "name fields: NUL padded, at most 31 characters"),
    Define("TSR_COMPONENTS_MAX", str(COMPONENTS_MAX), "components in one system"),
    Define("TSR_REGIONS_MAX", str(REGIONS_MAX), "regions in one system"),
    Define("TSR_REGION_FRAMES_MAX", str(REGION_FRAMES_MAX),
           "frames (4K or 2M) of all regions together"),
    Define("TSR_COMPONENT_CNODE_BITS", str(CNODE_BITS),
           "a component's CSpace: a CNode of 2^8 slots"),
    Define("TSR_COMPONENT_SLOT_TCB", str(SLOT_TCB),
           "slots of every component's CSpace: its TCB"),
    Define("TSR_COMPONENT_SLOT_CNODE", str(SLOT_CNODE), "its CNode"),
    Define("TSR_COMPONENT_SLOT_VSPACE", str(SLOT_VSPACE), "its VSpace"),
    Define("TSR_COMPONENT_SLOT_ENDPOINT", str(SLOT_ENDPOINT), "its endpoint (receive)"),
    Define("TSR_COMPONENT_SLOT_NOTIFICATION", str(SLOT_NOTIFICATION),
           "its notification, bound to its TCB"),
    Define("TSR_COMPONENT_SLOT_UNTYPED", str(SLOT_UNTYPED),
           "its untyped memory (manifest key untyped; empty without)"),
    Define("TSR_COMPONENT_CHANNEL_SLOT(ch)", f"({CHANNEL_SLOT_BASE} + (ch))",
           "the slot of channel ch's capability"),
    Define("TSR_CHANNELS", str(CHANNELS), "channel ids 0..62"),
    Define("TSR_COMPONENT_SLOT_GUEST_TCB(i)", f"({SLOT_GUEST_BASE:#x} + 2 * (i))",
           "a VMM's CSpace also holds the TCB of its VM's vCPU i"),
    Define("TSR_COMPONENT_SLOT_GUEST_VCPU(i)", f"({SLOT_GUEST_BASE + 1:#x} + 2 * (i))",
           "and its vCPU object"),
    Define("TSR_VM_VCPUS_MAX", str(VM_VCPUS_MAX), "vCPUs of one VM (records of vcpu 0..7)"),
    Define("TSR_BADGE_CALL", _hex(BADGE_CALL, "U"), "| ch: a call on the callee's channel ch"),
    Define("TSR_BADGE_FAULT", _hex(BADGE_FAULT, "U"),
           "| ch: a child's fault, on the handler's channel ch"),
    Define("TSR_BADGE_ROOT_FAULT", _hex(BADGE_ROOT_FAULT, "U"),
           "| index: a fault at the root manager"),
    Define("TSR_BADGE_NOTIFY(ch)", "(1UL << (ch))",
           "a notification or IRQ on channel ch (a bit)"),
    Define("TSR_COMPONENT_UTCB", _hex(COMPONENT_UTCB), "the UTCB page"),
    Define("TSR_COMPONENT_STACK_TOP", _hex(COMPONENT_STACK_TOP),
           "the stack is [top - stack_size, top)"),
    Define("TSR_VMM_EXIT_CHANNEL", str(VMM_EXIT_CHANNEL),
           "- i: a VMM's channel id for the exits of its VM's vCPU i (fault badge)"),
    Define("TSR_COMPONENT_GUEST", str(COMPONENT_GUEST),
           "tsr_spec_component.flags: a VM's vCPU thread, not a program"),
    Define("TSR_COMPONENT_NO_FP", str(COMPONENT_NO_FP),
           "tsr_spec_component.flags: no floating point (fp = false)"),
    Define("TSR_POLICY_STOP", str(POLICY_STOP), "a faulting component stays stopped"),
    Define("TSR_POLICY_RESTART", str(POLICY_RESTART), "it restarts, max_restarts times"),
    Define("TSR_CAP_ENDPOINT", str(CAP_ENDPOINT), "a call channel's caller side"),
    Define("TSR_CAP_NOTIFICATION", str(CAP_NOTIFICATION), "a notify channel's end"),
    Define("TSR_REGION_DEVICE", str(REGION_DEVICE), "device memory at paddr"),
    Define("TSR_REGION_UNCACHED", str(REGION_UNCACHED), "mapped uncached (device attributes)"),
    Define("TSR_PATCH_VALUE", str(PATCH_VALUE), "a patch writes its value"),
    Define("TSR_PATCH_REGION_PADDR", str(PATCH_REGION_PADDR),
           "a patch writes the physical address of region `value` (contiguous)"),
)

# Field types: C type, struct code, size.
TYPES = {
    "u32": ("uint32_t", "I", 4),
    "i32": ("int32_t", "i", 4),
    "u64": ("uint64_t", "Q", 8),
    "name": ("char", f"{NAME_SIZE}s", NAME_SIZE),
}


class Layout:
    """A C struct with an exact little-endian layout: naturally aligned, size % 8 == 0."""

    def __init__(self, cname, fields, comment):
        """CNAME is the struct tag; FIELDS are (name, type, comment) in order."""
        self.cname, self.fields, self.comment = cname, fields, comment
        self.offsets, offset = {}, 0
        for name, kind, _ in fields:
            size = TYPES[kind][2]
            if offset % min(size, 8):
                raise AssertionError(f"{cname}.{name}: misaligned at {offset}")
            self.offsets[name] = offset
            offset += size
        if offset % 8:
            raise AssertionError(f"{cname}: size {offset} is not a multiple of 8")
        self.size = offset
        self.format = "<" + "".join(TYPES[kind][1] for _, kind, _ in fields)
        if struct.calcsize(self.format) != self.size:
            raise AssertionError(f"{cname}: struct size mismatch")

    def pack(self, **values):
        """The record's bytes; fields not given are 0 (pads) or empty (names)."""
        unknown = set(values) - set(self.offsets)
        if unknown:
            raise KeyError(f"{self.cname}: no field {sorted(unknown)}")
        args = []
        for name, kind, _ in self.fields:
            value = values.get(name, "" if kind == "name" else 0)
            if kind == "name":
                value = value.encode("utf-8")
                if len(value) >= NAME_SIZE:
                    raise ValueError(f"{self.cname}.{name}: {value!r} is too long")
            args.append(value)
        return struct.pack(self.format, *args)

    def unpack(self, data, offset=0):
        """The record at OFFSET of DATA as a dict (names decoded, NULs stripped)."""
        values = struct.unpack_from(self.format, data, offset)
        out = {}
        for (name, kind, _), value in zip(self.fields, values):
            out[name] = value.rstrip(b"\0").decode("utf-8") if kind == "name" else value
        return out

    def c_struct(self):
        """The C definition, with a comment per field."""
        lines = [f"/* {self.comment} */", f"struct {self.cname} {{"]
        for name, kind, comment in self.fields:
            ctype = TYPES[kind][0]
            decl = f"{name}[TSR_NAME_SIZE]" if kind == "name" else name
            lines += [f"\t/* {comment} */"] if comment else []
            lines.append(f"\t{ctype} {decl};")
        return lines + ["};"]

    def c_asserts(self):
        """_Static_assert lines pinning the size and every field offset."""
        tag = f"struct {self.cname}"
        lines = [f'_Static_assert(sizeof({tag}) == {self.size}, "{self.cname} size");']
        for name, _, _ in self.fields:
            lines.append(f"_Static_assert(offsetof({tag}, {name}) == {self.offsets[name]}, "
                         f'"{name}");')
        return lines


SPEC_HEADER = Layout("tsr_spec_header", (
    ("magic", "u64", "TSR_SPEC_MAGIC"),
    ("version", "u32", "TSR_SPEC_VERSION"),
    ("size", "u32", "bytes of the whole spec"),
    ("crc32", "u32", "zlib CRC-32 of bytes [TSR_SPEC_CRC_START, size)"),
    ("pad", "u32", "0"),
    ("ncomponents", "u32", "then the arrays, in this order, right after the header"),
    ("nregions", "u32", ""),
    ("nmaps", "u32", ""),
    ("ncaps", "u32", ""),
    ("nirqs", "u32", ""),
    ("npatches", "u32", ""),
    ("name", "name", "the system's name"),
), "The spec: this header, then components, regions, maps, caps, irqs, patches.")

SPEC_COMPONENT = Layout("tsr_spec_component", (
    ("name", "name", ""),
    ("program", "name", "its ELF: the archive entry of this name"),
    ("priority", "u32", "1..254"),
    ("budget_us", "u32", "0 (and period 0): no scheduling context"),
    ("period_us", "u32", ""),
    ("stack_size", "u32", "bytes below TSR_COMPONENT_STACK_TOP"),
    ("policy", "u32", "TSR_POLICY_*"),
    ("max_restarts", "u32", "0 with TSR_POLICY_STOP"),
    ("fault_handler", "i32", "component index, or -1: the root manager"),
    ("fault_badge", "u32", "the badge of its fault endpoint capability"),
    ("flags", "u32", "TSR_COMPONENT_GUEST: a VM (program \"\", stack_size 0); "
                     "TSR_COMPONENT_NO_FP"),
    ("vcpu", "u32", "a VM's vCPU index: its record is `vcpu` after vCPU 0's (0 otherwise)"),
    ("deadline_us", "u32", "0; or a periodic task's deadline after each release"),
    ("timing_channel", "i32", "-1; or the notify channel its misses and overruns signal"),
    ("untyped_bits", "u32", "0; or log2 of its untyped in slot TSR_COMPONENT_SLOT_UNTYPED"),
    ("cpu", "u32", "the CPU its thread runs on (0: the boot CPU)"),
), "A component (a thread running a program), or a VM's vCPU thread (after them all).")

SPEC_REGION = Layout("tsr_spec_region", (
    ("name", "name", ""),
    ("size", "u64", "bytes, a multiple of the page size"),
    ("paddr", "u64", "device memory at this address (TSR_REGION_DEVICE); 0: RAM"),
    ("page_bits", "u32", "12 or 21"),
    ("flags", "u32", "TSR_REGION_*"),
    ("file", "name", "RAM: the archive entry copied to its start at boot (\"\": none)"),
), "A region: frames, RAM or device, that maps share. Device regions come last, by "
   "address.")

SPEC_MAP = Layout("tsr_spec_map", (
    ("component", "u32", "index"),
    ("region", "u32", "index"),
    ("vaddr", "u64", "aligned to the region's page size"),
    ("rights", "u32", "TSR_R 1, TSR_W 2, TSR_X 4"),
    ("pad", "u32", ""),
), "A region mapped into a component's VSpace.")

SPEC_CAP = Layout("tsr_spec_cap", (
    ("component", "u32", "whose CSpace: slot TSR_COMPONENT_CHANNEL_SLOT(channel)"),
    ("channel", "u32", "0..62"),
    ("kind", "u32", "TSR_CAP_*"),
    ("target", "u32", "the component whose endpoint or notification"),
    ("badge", "u64", ""),
    ("rights", "u32", "TSR_W: call or signal"),
    ("pad", "u32", ""),
), "A channel capability, minted from the target's endpoint or notification.")

SPEC_IRQ = Layout("tsr_spec_irq", (
    ("component", "u32", "handler in slot TSR_COMPONENT_CHANNEL_SLOT(channel)"),
    ("irq", "u32", "INTID"),
    ("channel", "u32", "0..62"),
    ("pad", "u32", ""),
    ("badge", "u64", "signalled on the component's notification: 1 << channel"),
), "An interrupt delivered to a component.")

SPEC_PATCH = Layout("tsr_spec_patch", (
    ("component", "u32", ""),
    ("kind", "u32", "TSR_PATCH_VALUE or TSR_PATCH_REGION_PADDR"),
    ("vaddr", "u64", "a 64-bit variable of its program"),
    ("value", "u64", "written there after loading, or the region whose physical address"),
), "A 64-bit word of a component's program set at load (setvar, setvar_paddr).")

ARCHIVE_HEADER = Layout("tsr_archive_header", (
    ("magic", "u64", "TSR_ARCHIVE_MAGIC"),
    ("count", "u32", "entries following"),
    ("pad", "u32", ""),
), 'The boot archive: this header, the entries, the files ("spec" first).')

ARCHIVE_ENTRY = Layout("tsr_archive_entry", (
    ("name", "name", '"spec", a program, or a VM\'s file ("<vm>.kernel")'),
    ("offset", "u64", "from the archive start, a multiple of TSR_ARCHIVE_ALIGN"),
    ("size", "u64", "bytes"),
), "One file of the archive.")

# The arrays of the spec, in order: (header count field, layout).
SPEC_ARRAYS = (
    ("ncomponents", SPEC_COMPONENT),
    ("nregions", SPEC_REGION),
    ("nmaps", SPEC_MAP),
    ("ncaps", SPEC_CAP),
    ("nirqs", SPEC_IRQ),
    ("npatches", SPEC_PATCH),
)
LAYOUTS = (SPEC_HEADER, SPEC_COMPONENT, SPEC_REGION, SPEC_MAP, SPEC_CAP, SPEC_IRQ,
           SPEC_PATCH, ARCHIVE_HEADER, ARCHIVE_ENTRY)


class FormatError(Exception):
    """Bytes that are not a valid spec or archive."""


def pack_spec(name, arrays):
    """The spec's bytes. ARRAYS maps each count field of SPEC_ARRAYS to a list of dicts."""
    body = b"".join(layout.pack(**record)
                    for count, layout in SPEC_ARRAYS for record in arrays.get(count, ()))
    counts = {count: len(arrays.get(count, ())) for count, _ in SPEC_ARRAYS}
    size = SPEC_HEADER.size + len(body)
    header = SPEC_HEADER.pack(magic=SPEC_MAGIC, version=SPEC_VERSION, size=size, name=name,
                              **counts)
    data = header + body
    crc = zlib.crc32(data[SPEC_CRC_START:])
    return data[:16] + struct.pack("<I", crc) + data[20:]


def unpack_spec(data):
    """Parse spec bytes: (header dict, {count field: [record dicts]}). Checks everything."""
    if len(data) < SPEC_HEADER.size:
        raise FormatError("shorter than the spec header")
    header = SPEC_HEADER.unpack(data)
    if header["magic"] != SPEC_MAGIC or header["version"] != SPEC_VERSION:
        raise FormatError("bad magic or version")
    if header["size"] != len(data):
        raise FormatError(f"size field {header['size']} but {len(data)} bytes")
    if header["crc32"] != zlib.crc32(data[SPEC_CRC_START:]):
        raise FormatError("CRC mismatch")
    arrays, offset = {}, SPEC_HEADER.size
    for count, layout in SPEC_ARRAYS:
        records = []
        for _ in range(header[count]):
            if offset + layout.size > len(data):
                raise FormatError(f"{count} runs past the end")
            records.append(layout.unpack(data, offset))
            offset += layout.size
        arrays[count] = records
    if offset != len(data):
        raise FormatError(f"{len(data) - offset} bytes after the last array")
    return header, arrays


def _align(n):
    """N rounded up to ARCHIVE_ALIGN."""
    return -(-n // ARCHIVE_ALIGN) * ARCHIVE_ALIGN


def pack_archive(files):
    """The archive's bytes; FILES is a list of (name, bytes), in order."""
    offset = ARCHIVE_HEADER.size + ARCHIVE_ENTRY.size * len(files)
    entries, blobs = [], []
    for name, blob in files:
        offset = _align(offset)
        entries.append(ARCHIVE_ENTRY.pack(name=name, offset=offset, size=len(blob)))
        blobs.append((offset, blob))
        offset += len(blob)
    out = bytearray(ARCHIVE_HEADER.pack(magic=ARCHIVE_MAGIC, count=len(files)))
    out += b"".join(entries)
    for at, blob in blobs:
        out += bytes(at - len(out)) + blob
    out += bytes(_align(len(out)) - len(out))
    return bytes(out)


def unpack_archive(data):
    """Parse archive bytes: a list of (name, offset, bytes)."""
    header = ARCHIVE_HEADER.unpack(data)
    if header["magic"] != ARCHIVE_MAGIC:
        raise FormatError("bad archive magic")
    out = []
    for i in range(header["count"]):
        entry = ARCHIVE_ENTRY.unpack(data, ARCHIVE_HEADER.size + i * ARCHIVE_ENTRY.size)
        end = entry["offset"] + entry["size"]
        if entry["offset"] % ARCHIVE_ALIGN or end > len(data):
            raise FormatError(f"entry {entry['name']!r} is misplaced")
        out.append((entry["name"], entry["offset"], data[entry["offset"]:end]))
    return out


HEADER_ABI = """\
/*
 * The component ABI (the root manager sets it up):
 * - CSpace: a CNode of 2^TSR_COMPONENT_CNODE_BITS slots: slots 1..6 as below,
 *   TSR_COMPONENT_CHANNEL_SLOT(ch) for channel ch (0..62): an endpoint capability (call
 *   channel, caller side), a notification capability (notify channel) or an IRQ handler;
 *   a VMM's also TSR_COMPONENT_SLOT_GUEST_TCB(i) and _VCPU(i): its VM's vCPU i's TCB and
 *   vCPU object.
 * - Badges: a call on the callee's channel ch arrives on its endpoint with badge
 *   TSR_BADGE_CALL | ch; a notification or an interrupt on channel ch is the bit
 *   TSR_BADGE_NOTIFY(ch) of its notification; a child's fault handled by a component on
 *   its channel ch arrives on its endpoint with badge TSR_BADGE_FAULT | ch; faults the
 *   root manager handles arrive with TSR_BADGE_ROOT_FAULT | component index.
 * - Address space: program segments (ELF program headers), the UTCB page at
 *   TSR_COMPONENT_UTCB, the stack [TSR_COMPONENT_STACK_TOP - stack_size,
 *   TSR_COMPONENT_STACK_TOP), and the maps; nothing else in [TSR_COMPONENT_UTCB,
 *   TSR_COMPONENT_STACK_TOP).
 * - A VM (flags TSR_COMPONENT_GUEST) is one record per vCPU thread, consecutive, vcpu
 *   0, 1, ...; vCPU 0's holds the maps (guest-physical), the others share its address
 *   space. Each record's caps go to its vCPU (VCPU_SET_CHANNEL(channel)); caps to the VM
 *   target vCPU 0. vCPU i's exits go to the VMM (fault_handler) on its channel
 *   TSR_VMM_EXIT_CHANNEL - i.
 */"""

# Checks of the numbers above (laid out as clang-format does).
HEADER_ASSERTS = """\
_Static_assert(TSR_COMPONENT_CHANNEL_SLOT(TSR_CHANNELS - 1) < TSR_COMPONENT_SLOT_GUEST_TCB(0),
	       "a VMM's guest slots follow its channel slots");
_Static_assert(TSR_COMPONENT_SLOT_GUEST_VCPU(TSR_VM_VCPUS_MAX - 1) <
		   (1 << TSR_COMPONENT_CNODE_BITS),
	       "a VMM's guest slots fit its CNode");
_Static_assert(TSR_VMM_EXIT_CHANNEL - (TSR_VM_VCPUS_MAX - 1) >= 0, "an exit channel per vCPU");"""


def c_header():
    """The C header text (clang-format clean under the repository's style)."""
    out = ["/* SPDX-License-Identifier: BSD-2-Clause */",
           "/* tessera/spec_format.h: the system spec and boot archive formats, the component "
           "ABI. */",
           "/* Generated by `tools/compose.py header` (tools/compose/spec.py): do not edit. */",
           "#ifndef TESSERA_SPEC_FORMAT_H", "#define TESSERA_SPEC_FORMAT_H", "",
           "#include <stddef.h>", "#include <stdint.h>", "", HEADER_ABI, ""]
    for d in DEFINES:
        out += [f"/* {d.comment} */", f"#define {d.name} {d.text}"]
    for layout in LAYOUTS:
        out += [""] + layout.c_struct()
    out.append("")
    for layout in LAYOUTS:
        out += layout.c_asserts()
    out.append(HEADER_ASSERTS)
    out += ["", "#endif", ""]
    return "\n".join(out)
