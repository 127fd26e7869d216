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


def kernel_problem(data):
    """Why DATA is not an AArch64 ELF64 file or arm64 Image ("it is ..."), or None."""
    if data[:4] == elf.ELF_MAGIC:
        try:
            elf.check_ident(data)
        except elf.ElfError as e:
            return str(e)
        machine = struct.unpack_from("<H", data, 18)[0]
        if machine != elf.EM_AARCH64:
            return f"it is built for {elf.MACHINES.get(machine, 'another machine')} " \
                   f"(machine {machine})"
        return None
    end = IMAGE_MAGIC_OFFSET + 4
    if len(data) >= end and struct.unpack_from("<I", data, IMAGE_MAGIC_OFFSET)[0] == IMAGE_MAGIC:
        return None
    return 'it is neither an ELF file nor an arm64 Image ("ARM\\x64" at 0x38)'


RNG_SEED = 32  # bytes of /chosen/rng-seed
DTB_SPACE = 2 << 20  # the VMM puts the tree in the last 2 MiB of RAM, the initrd below
IMAGE_OLD_TEXT_OFFSET = 0x80000  # an Image with image_size 0 (booting.rst)


def kernel_span(data):
    """Where kernel DATA lies once loaded, as the VMM loads it (userland/vmm/loader.c):
    (start, end) as IPAs, or None if it cannot be told (then the VMM says so)."""
    if data[:4] == elf.ELF_MAGIC:
        try:
            segs = elf.parse(data).segments
        except elf.ElfError:
            return None
        return (min(s.vaddr for s in segs), max(s.vaddr + s.memsz for s in segs)) \
            if segs else None
    text_offset, image_size = struct.unpack_from("<QQ", data, 8)
    start = GUEST_RAM_IPA + (text_offset if image_size else IMAGE_OLD_TEXT_OFFSET)
    return start, start + max(image_size, len(data))


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


def device_tree(name, ram, vcpus, bootargs, initrd, channels, regions):
    """The DTS of VM NAME: RAM bytes at GUEST_RAM_IPA, VCPUS cpus (and redistributor
    frames), BOOTARGS (None: none), INITRD (whether there is one: the VMM fills in where),
    CHANNELS (DtChannel) and REGIONS (DtRegion)."""
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
            ("compatible", '"arm,gic-v3"'), ("#interrupt-cells", "<3>"),
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
