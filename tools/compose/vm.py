# SPDX-License-Identifier: BSD-2-Clause
# vm.py: a VM's layout, its kernel's format, and the device tree generated for it.
"""What the tool fixes for every [[vm]], and the device tree it gives the guest.

The guest's machine (libs/guest/include/tessera/hypercall.h says the same): RAM at IPA
GUEST_RAM_IPA, the emulated GICv3 in [GIC_START, GIC_END). The VMM sees its VM's RAM
and files at fixed addresses (VMM_*), and learns them from its program's variables
(VMM_SYMBOLS), which the tool sets. device_tree() writes the guest's tree as source,
compile_dts() turns it into a DTB with dtc (docs/manifest.md, "The VM's device tree").
"""

import shutil
import struct
import subprocess
from dataclasses import dataclass

from . import elf
from . import spec
from .guest_abi import GUEST

# The guest's machine (tessera/hypercall.h): RAM, the emulated GIC (no maps there).
GUEST_RAM_IPA = GUEST["RAM_IPA"]
GIC_START, GIC_END = GUEST["GICD"], GUEST["GIC_END"]
GICD, GICD_SIZE = GUEST["GICD"], GUEST["GICD_SIZE"]
GICR, GICR_FRAME = GUEST["GICR"], GUEST["GICR_STRIDE"]  # one redistributor per vCPU
GICC, GICC_SIZE = GUEST["GICC"], GUEST["GICC_SIZE"]  # a GICv2's CPU interface: the GICV
RAM_ALIGN = 2 << 20
FILE_KEYS = ("kernel", "initrd", "dtb")  # in archive and region order
# Where the VMM sees its VM: the files read-only, the RAM read-write.
VMM_FILES = {"kernel": 0x10_0000_0000, "initrd": 0x20_0000_0000, "dtb": 0x30_0000_0000}
VMM_RAM = 0x40_0000_0000
VMM_WINDOW = 0x10_0000_0000  # a VMM's addresses from here up are kept for its VM
VMM_SYMBOLS = ("vm_ram", "vm_ram_ipa", "vm_ram_size", "vm_kernel", "vm_kernel_size",
               "vm_initrd", "vm_initrd_size", "vm_dtb", "vm_dtb_size", "vm_vcpus")
# The longest name made from a VM's name, of a region ("<vm>.initrd") or of a vCPU's
# record ("<vm>.7"), must fit a name field.
NAME_MAX = spec.NAME_SIZE - 1 - max(len(f".{suffix}") for suffix in (
    "ram", *FILE_KEYS, spec.VM_VCPUS_MAX - 1))
IMAGE_MAGIC_OFFSET, IMAGE_MAGIC = 0x38, 0x644D5241  # "ARM\x64": the arm64 Image header
FDT_MAGIC = b"\xd0\x0d\xfe\xed"
# INTIDs as (type, number, flags) interrupt specifiers: PPI n is INTID 16 + n, SPI n
# INTID 32 + n; 4 = level high.
TIMER_PPIS = (13, 14, GUEST["INTID_VTIMER"] - 16, 10)  # secure, physical, virtual, hyp
NOTIFY_PPI = GUEST["INTID_NOTIFY"] - 16  # channel notifications, read with TSR_HVC_POLL
CONSOLE_SPI = GUEST["INTID_CONSOLE"] - 32  # console input


class DtcError(Exception):
    """dtc is missing or refused the generated source (a bug of this tool)."""


def vmm_values(vm):
    """{symbol: value} of VM's VMM variables (RAM and files where the VMM sees them)."""
    values = {"vm_ram": VMM_RAM, "vm_ram_ipa": GUEST_RAM_IPA, "vm_ram_size": vm.ram}
    for key in FILE_KEYS:
        data = vm.files.get(key)
        values[f"vm_{key}"] = VMM_FILES[key] if data is not None else 0
        values[f"vm_{key}_size"] = len(data) if data is not None else 0
    values["vm_vcpus"] = vm.vcpus
    return values


IMAGE_HEADER = struct.Struct("<IIQQQQQQII")  # code0, code1, text_offset, image_size, flags


def kernel_problem(data):
    """Why DATA is not a kernel the VMM loads (userland/vmm/loader.c), an AArch64 ELF64
    executable or an arm64 Image ("it is ..."), or None."""
    if data[:4] == elf.ELF_MAGIC:
        try:
            elf.parse(data)
        except elf.ElfError as e:
            return str(e)
        return None
    if len(data) < IMAGE_HEADER.size or \
            struct.unpack_from("<I", data, IMAGE_MAGIC_OFFSET)[0] != IMAGE_MAGIC:
        return 'it is neither an ELF file nor an arm64 Image ("ARM\\x64" at 0x38)'
    _, _, text_offset, image_size, flags, *_ = IMAGE_HEADER.unpack_from(data)
    if flags & 1:
        return "it is a big-endian arm64 Image (flags bit 0)"
    if image_size == 0:
        return "its arm64 Image header has no image_size (0: a kernel before Linux 3.17), " \
               "so how much memory it needs is unknown"
    if text_offset % 8:
        return f"its arm64 Image text_offset {text_offset:#x} is not a multiple of 8"
    return None


RNG_SEED = 32  # bytes of /chosen/rng-seed
DTB_SPACE = 2 << 20  # the VMM puts the tree in the last 2 MiB of RAM, the initrd below


def kernel_span(data):
    """Where kernel DATA (without a kernel_problem) lies once loaded, as the VMM loads it
    (userland/vmm/loader.c): (start, end) as IPAs."""
    if data[:4] == elf.ELF_MAGIC:
        segs = elf.parse(data).segments
        return min(s.vaddr for s in segs), max(s.vaddr + s.memsz for s in segs)
    _, _, text_offset, image_size, *_ = IMAGE_HEADER.unpack_from(data)
    start = GUEST_RAM_IPA + text_offset
    return start, start + max(image_size, len(data))


FDT_HEADER = struct.Struct(">10I")  # magic, totalsize, off_dt_struct, off_dt_strings, ...
FDT_VERSION = 17


def _fdt_chosen(data, structs, structs_size, strings, strings_size):
    """The property names of /chosen in a DTB whose header is sound, or None if its
    structure block cannot be walked (as libs/guest/src/fdt.c walks it)."""
    block, names, path, at = data[structs:structs + structs_size], set(), [], 0
    while at + 4 <= len(block):
        (token,) = struct.unpack_from(">I", block, at)
        at += 4
        if token == 1:  # FDT_BEGIN_NODE
            end = block.find(b"\0", at)
            if end < 0:
                return None
            path.append(block[at:end])
            at = (end + 4) & ~3
        elif token == 3:  # FDT_PROP: length, name offset, value
            if at + 8 > len(block):
                return None
            length, name = struct.unpack_from(">II", block, at)
            if length > len(block) - at - 8 or name >= strings_size:
                return None
            if path[1:] == [b"chosen"] and length == 8:
                text = data[strings + name:data.find(b"\0", strings + name)]
                names.add(text.decode("utf-8", "replace"))
            at = (at + 8 + length + 3) & ~3
        elif token == 2 and path:  # FDT_END_NODE
            path.pop()
        elif token == 9:  # FDT_END
            return names
        elif token != 4:  # FDT_NOP
            return None
    return None


def dtb_problem(data, initrd):
    """Why DATA is not a device tree the VMM and a guest can use (libs/guest/src/fdt.c
    tsr_fdt_open, userland/vmm/loader.c: at most DTB_SPACE, and with an INITRD a /chosen
    with 64-bit linux,initrd-start and -end to fill in), or None."""
    if not data.startswith(FDT_MAGIC):
        return "it is not a device tree blob (no magic 0xd00dfeed)"
    if len(data) < FDT_HEADER.size:
        return "it is truncated (shorter than a device-tree header)"
    (_, total, structs, strings, _, version, last_compatible, _, strings_size,
     structs_size) = FDT_HEADER.unpack_from(data)
    if total != len(data):
        return f"its header's totalsize {total:#x} is not its size ({len(data):#x} bytes)"
    if total > DTB_SPACE:
        return f"it is {total} bytes, more than the {DTB_SPACE >> 20}M the VMM gives a " \
               "device tree"
    if version < FDT_VERSION or last_compatible > FDT_VERSION:
        return f"it is of version {version} (compatible with {last_compatible}): version " \
               f"{FDT_VERSION} is needed"
    if not (FDT_HEADER.size <= structs <= total and 4 <= structs_size <= total - structs and
            structs % 4 == 0 and structs_size % 4 == 0 and
            FDT_HEADER.size <= strings <= total and 0 < strings_size <= total - strings and
            data[strings + strings_size - 1] == 0):
        return "its structure or strings block lies outside it"
    chosen = _fdt_chosen(data, structs, structs_size, strings, strings_size)
    if chosen is None:
        return "its structure block is corrupt"
    if initrd and not {"linux,initrd-start", "linux,initrd-end"} <= chosen:
        return "with an initrd, its /chosen needs 64-bit linux,initrd-start and " \
               "linux,initrd-end properties (the VMM fills them in)"
    return None


def escape(text):
    """TEXT as the inside of a DTS string: UTF-8, with ", \\ and non-ASCII bytes escaped."""
    out = []
    for byte in text.encode("utf-8"):
        if byte in b'"\\':
            out.append("\\" + chr(byte))
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)


@dataclass(frozen=True)
class DtChannel:
    """A channel of the VM: its id (reg), "call" or "notify", label, the peer's name."""

    id: int
    kind: str
    label: str
    peer: str


@dataclass(frozen=True)
class DtRegion:
    """A region mapped into the VM at IPA, SIZE bytes, with its label."""

    ipa: int
    size: int
    label: str
    writable: bool


def _reg(address, size):
    """A reg value of two-cell address and size."""
    return f"<{address >> 32:#x} {address & 0xFFFFFFFF:#010x} {size >> 32:#x} " \
           f"{size & 0xFFFFFFFF:#x}>"


def _node(name, props, children=(), depth=1):
    """Lines of node NAME with PROPS (name, value or None) and CHILDREN (lists of lines)."""
    tab = "\t" * depth
    lines = [f"{tab}{name} {{"]
    lines += [f"{tab}\t{p};" if v is None else f"{tab}\t{p} = {v};" for p, v in props]
    for child in children:
        lines += [""] + child
    return lines + [f"{tab}}};"]


def _string(text):
    """A DTS string value."""
    return f'"{escape(text)}"'


def device_tree(name, ram, vcpus, bootargs, initrd, channels, regions, gicv2=False):
    """The DTS of VM NAME: RAM bytes at GUEST_RAM_IPA, VCPUS cpus (and redistributor
    frames), BOOTARGS (None: none), INITRD (whether there is one: the VMM fills in where),
    CHANNELS (DtChannel) and REGIONS (DtRegion); with GICV2, a GICv2 (GIC-400) instead of
    a GICv3: the distributor the VMM emulates and the board's GICV as CPU interface."""
    chosen = ([("bootargs", _string(bootargs))] if bootargs is not None else []) + \
        [("stdout-path", '"/hypervisor/console"'),
         # filled in by the VMM at every boot (userland/vmm/loader.c)
         ("kaslr-seed", "/bits/ 64 <0>"), ("rng-seed", f"[{' '.join(['00'] * RNG_SEED)}]")]
    if initrd:
        chosen += [("linux,initrd-start", "/bits/ 64 <0>"),
                   ("linux,initrd-end", "/bits/ 64 <0>")]
    cpus = [_node(f"cpu@{i:x}", [("device_type", '"cpu"'), ("compatible", '"arm,armv8"'),
                                 ("reg", f"<{i}>"), ("enable-method", '"psci"')], depth=2)
            for i in range(vcpus)]
    gic_reg = f"{_reg(GICD, GICD_SIZE)}, {_reg(GICR, GICR_FRAME * vcpus)}"
    gic_compatible = '"arm,gic-v3"'
    if gicv2:
        gic_reg = f"{_reg(GICD, GICD_SIZE)}, {_reg(GICC, GICC_SIZE)}"
        gic_compatible = '"arm,gic-400", "arm,cortex-a15-gic"'
    timer = ", ".join(f"<1 {ppi} 4>" for ppi in TIMER_PPIS)
    chans = [_node(f"channel@{ch.id:x}", [
        ("compatible", '"tessera,channel"'), ("reg", f"<{ch.id}>"),
        ("label", _string(ch.label)), ("tessera,kind", _string(ch.kind)),
        ("tessera,peer", _string(ch.peer))], depth=3)
        for ch in sorted(channels, key=lambda ch: ch.id)]
    # "simple-mfd": the console and channels are functions of the hypervisor, without
    # addresses; an OS makes a device of each child (Linux: of_platform_populate).
    hypervisor = _node("hypervisor", [("compatible", '"tessera,hypervisor", "simple-mfd"'),
                                      ("interrupts", f"<1 {NOTIFY_PPI} 4>")], [
        _node("console", [("compatible", '"tessera,console"'),
                          ("interrupts", f"<0 {CONSOLE_SPI} 4>")], depth=2),
        _node("channels", [("#address-cells", "<1>"), ("#size-cells", "<0>")], chans,
              depth=2)])
    nodes = [
        _node("chosen", chosen),
        _node(f"memory@{GUEST_RAM_IPA:x}", [("device_type", '"memory"'),
                                            ("reg", _reg(GUEST_RAM_IPA, ram))]),
        _node("cpus", [("#address-cells", "<1>"), ("#size-cells", "<0>")], cpus),
        _node("psci", [("compatible", '"arm,psci-1.0", "arm,psci-0.2"'),
                       ("method", '"hvc"')]),
        _node(f"gic: interrupt-controller@{GICD:x}", [
            ("compatible", gic_compatible), ("#interrupt-cells", "<3>"),
            ("interrupt-controller", None), ("reg", gic_reg)]),
        _node("timer", [("compatible", '"arm,armv8-timer"'), ("always-on", None),
                        ("interrupts", timer)]),
        hypervisor]
    for r in sorted(regions, key=lambda r: r.ipa):
        nodes.append(_node(f"region@{r.ipa:x}", [
            ("compatible", '"tessera,region"'), ("reg", _reg(r.ipa, r.size)),
            ("label", _string(r.label))] + ([] if r.writable else [("read-only", None)])))
    root = _node("/", [("#address-cells", "<2>"), ("#size-cells", "<2>"),
                       ("compatible", '"tessera,vm"'), ("model", _string(f"Tessera VM {name}")),
                       ("interrupt-parent", "<&gic>")], nodes, depth=0)
    return "\n".join(["/dts-v1/;", "/* Generated by tools/compose.py: the device tree of "
                      f"vm {name}. */", ""] + root + [""])


def compile_dts(source):
    """The DTB of device-tree SOURCE, made by dtc; DtcError if it cannot be made."""
    dtc = shutil.which("dtc")
    if dtc is None:
        raise DtcError("dtc is not installed (Debian package device-tree-compiler): it "
                       "compiles the VMs' device trees")
    # The GIC node has no #address-cells: nothing here uses interrupt-map.
    result = subprocess.run([dtc, "-I", "dts", "-O", "dtb", "-W", "no-interrupt_provider",
                             "-o", "-", "-"], input=source.encode("utf-8"),
                            capture_output=True, check=False)
    if result.returncode or result.stderr or not result.stdout.startswith(FDT_MAGIC):
        raise DtcError(f"dtc failed on a generated device tree: "
                       f"{result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout
