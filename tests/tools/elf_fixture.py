# SPDX-License-Identifier: BSD-2-Clause
# elf_fixture.py: minimal AArch64 ELF64 executables, made in Python, for the compose tests.
"""Make small ELF files for tests of tools/compose.py: no compiler needed.

make_elf() returns the bytes of a little-endian ELF64 executable with the given loadable
segments (PT_LOAD, file data at offsets congruent to their addresses) and a .symtab /
.strtab holding the given symbols; its arguments also make the broken variants the tests
need (another machine, 32-bit, a shared object, stripped). write_programs() fills a
directory with the programs the manifests under tests/manifest/ name, and the VM files
(guest kernels, initrds, device trees) they use.
"""

import struct
from pathlib import Path

EM_AARCH64, EM_X86_64 = 183, 62
ET_EXEC, ET_DYN = 2, 3
PF_X, PF_W, PF_R = 1, 2, 4
STT_NOTYPE, STT_OBJECT, STT_FUNC = 0, 1, 2
STB_LOCAL, STB_GLOBAL = 0, 1
SHN_UNDEF, SHN_ABS = 0, 0xFFF1

# (vaddr, file size, memory size, flags): text, rodata, data + bss, as user.ld lays them out.
SEGMENTS = (
    (0x400000, 0x1800, 0x1800, PF_R | PF_X),
    (0x402000, 0x100, 0x100, PF_R),
    (0x403000, 0x40, 0x2000, PF_R | PF_W),
)
# (name, value, size, type, bind); shndx is the section holding the value (UNDEF if 0).
SYMBOLS = (
    ("_start", 0x400000, 0, STT_FUNC, STB_GLOBAL),
    ("main", 0x400100, 64, STT_FUNC, STB_GLOBAL),
    ("const_base", 0x402000, 8, STT_OBJECT, STB_GLOBAL),
    ("buffer_base", 0x403000, 8, STT_OBJECT, STB_GLOBAL),
    ("uart_base", 0x403008, 8, STT_OBJECT, STB_GLOBAL),
    ("shared_base", 0x403010, 8, STT_OBJECT, STB_GLOBAL),
    ("small_var", 0x403018, 4, STT_OBJECT, STB_GLOBAL),
    ("odd_base", 0x40301C, 8, STT_OBJECT, STB_GLOBAL),
    ("asm_base", 0x403028, 0, STT_NOTYPE, STB_GLOBAL),
    ("twice", 0x403030, 8, STT_OBJECT, STB_LOCAL),
    ("twice", 0x403038, 8, STT_OBJECT, STB_LOCAL),
    ("bss_base", 0x404000, 8, STT_OBJECT, STB_GLOBAL),
    ("extern_base", 0, 0, STT_NOTYPE, STB_GLOBAL),
)
# A VMM's variables, which the tool sets for its VM (tools/compose/vm.py VMM_SYMBOLS).
VMM_SYMBOLS = tuple((name, 0x404100 + 8 * i, 8, STT_OBJECT, STB_GLOBAL) for i, name in
                    enumerate(("vm_ram", "vm_ram_ipa", "vm_ram_size", "vm_kernel",
                               "vm_kernel_size", "vm_initrd", "vm_initrd_size", "vm_dtb",
                               "vm_dtb_size", "vm_vcpus")))


def _strtab(names):
    """(string table bytes, {name: offset})."""
    data, offsets = bytearray(b"\0"), {}
    for name in names:
        if name not in offsets:
            offsets[name] = len(data)
            data += name.encode() + b"\0"
    return bytes(data), offsets


def make_elf(segments=SEGMENTS, symbols=SYMBOLS, machine=EM_AARCH64, elf_type=ET_EXEC,
             elf_class=2, symtab=True, entry=0x400000):
    """The bytes of an ELF file (see the module docstring)."""
    out = bytearray(64 + 56 * len(segments))
    phdrs, placed = [], []
    for vaddr, filesz, memsz, flags in segments:
        offset = -(-len(out) // 0x1000) * 0x1000 + vaddr % 0x1000
        out += bytes(offset - len(out)) + bytes([0x1F, 0x20, 0x03, 0xD5] * (filesz // 4 + 1))[
            :filesz]
        phdrs.append(struct.pack("<IIQQQQQQ", 1, flags, offset, vaddr, vaddr, filesz, memsz,
                                 0x10000))
        placed.append((vaddr, memsz, offset, filesz, flags))
    out[64:64 + 56 * len(segments)] = b"".join(phdrs)
    # Sections: null, one per segment, then .symtab, .strtab, .shstrtab.
    names = [f".seg{i}" for i in range(len(segments))] + [".symtab", ".strtab", ".shstrtab"]
    shstrtab, shnames = _strtab(names)
    strtab, symnames = _strtab(s[0] for s in symbols)
    symbols = sorted(symbols, key=lambda s: s[4] != STB_LOCAL)  # locals first
    nlocal = 1 + sum(1 for s in symbols if s[4] == STB_LOCAL)
    syms = [bytes(24)]
    for name, value, size, kind, bind in symbols:
        shndx = SHN_UNDEF if value == 0 else next(
            (i + 1 for i, p in enumerate(placed) if p[0] <= value < p[0] + p[1]), SHN_ABS)
        syms.append(struct.pack("<IBBHQQ", symnames[name], bind << 4 | kind, 0, shndx, value,
                                size))
    symtab_at = len(out) + (-len(out)) % 8
    out += bytes(symtab_at - len(out)) + b"".join(syms)
    strtab_at = len(out)
    out += strtab
    shstrtab_at = len(out)
    out += shstrtab
    shoff = len(out) + (-len(out)) % 8
    out += bytes(shoff - len(out))
    shdrs = [bytes(64)]
    for i, (vaddr, memsz, offset, filesz, flags) in enumerate(placed):
        sh_flags = 2 | (1 if flags & PF_W else 0) | (4 if flags & PF_X else 0)
        shdrs.append(struct.pack("<IIQQQQIIQQ", shnames[f".seg{i}"], 1, sh_flags, vaddr, offset,
                                 filesz, 0, 0, 8, 0))
    nsections = len(placed) + 4
    if symtab:
        shdrs.append(struct.pack("<IIQQQQIIQQ", shnames[".symtab"], 2, 0, 0, symtab_at,
                                 24 * len(syms), len(placed) + 2, nlocal, 8, 24))
    else:
        shdrs.append(struct.pack("<IIQQQQIIQQ", shnames[".symtab"], 0, 0, 0, 0, 0, 0, 0, 0, 0))
    shdrs.append(struct.pack("<IIQQQQIIQQ", shnames[".strtab"], 3, 0, 0, strtab_at,
                             len(strtab), 0, 0, 1, 0))
    shdrs.append(struct.pack("<IIQQQQIIQQ", shnames[".shstrtab"], 3, 0, 0, shstrtab_at,
                             len(shstrtab), 0, 0, 1, 0))
    out += b"".join(shdrs)
    ident = b"\x7fELF" + bytes([elf_class, 1, 1, 0]) + bytes(8)
    out[0:64] = struct.pack("<16sHHIQQQIHHHHHH", ident, elf_type, machine, 1, entry, 64, shoff,
                            0, 64, 56, len(segments), 64, nsections, nsections - 1)
    return bytes(out)


# The programs the manifests under tests/manifest/ use: name -> bytes.
PROGRAMS = {
    "client": make_elf(),
    "echo_server": make_elf(),
    "driver": make_elf(),
    "pl011_driver": make_elf(),  # the boards' console drivers (PLAT_UART_DRIVER)
    "cadence_uart_driver": make_elf(),
    "monitor": make_elf(),
    "hello": make_elf(),
    "stripped": make_elf(symtab=False),
    "x86": make_elf(machine=EM_X86_64),
    "shared_lib": make_elf(elf_type=ET_DYN),
    "elf32": make_elf(elf_class=1),
    "notelf": b"#!/bin/sh\necho this is not an ELF file\n",
    "truncated": make_elf()[:100],
    "empty_segments": make_elf(segments=(), symbols=()),
    "high": make_elf(segments=SEGMENTS + ((0x3FFD0000, 0x100, 0x20000, PF_R | PF_W),)),
    "above": make_elf(segments=SEGMENTS + ((0x50000000, 0x100, 0x1000, PF_R | PF_W),)),
    "low": make_elf(segments=((0x0, 0x100, 0x100, PF_R | PF_X),), symbols=(), entry=0),
    "shared_page": make_elf(segments=((0x400000, 0x1800, 0x1800, PF_R | PF_X),
                                      (0x401800, 0x100, 0x100, PF_R | PF_W)), symbols=()),
}


def patched(data, phdr=None, **fields):
    """ELF bytes DATA with header FIELDS (e_entry, e_phnum) or, with PHDR an index, that
    program header's FIELDS (offset, vaddr, filesz, memsz) changed."""
    out = bytearray(data)
    places = {"e_entry": (24, "<Q"), "e_phnum": (56, "<H")} if phdr is None else {
        name: (64 + 56 * phdr + at, "<Q") for name, at in
        (("offset", 8), ("vaddr", 16), ("filesz", 32), ("memsz", 40))}
    for name, value in fields.items():
        at, fmt = places[name]
        struct.pack_into(fmt, out, at, value)
    return bytes(out)


# Programs the ELF loader (kernel/src/elf.c) refuses though they look like executables.
PROGRAMS.update({
    "seg_wraps": patched(make_elf(), 2, vaddr=0xFFFFFFFFFFFFF000),
    "memsz_huge": patched(make_elf(), 2, memsz=(1 << 64) - 0x1000),
    "offset_past": patched(make_elf(), 1, offset=0x100000),
    "filesz_over": patched(make_elf(), 2, filesz=0x3000),
    "phnum_max": patched(make_elf(), e_phnum=0xFFFF),
    "entry_data": patched(make_elf(), e_entry=0x403000),
    "nine_segments": make_elf(segments=tuple((0x400000 + 0x1000 * i, 0x10, 0x10,
                                              PF_R | PF_X) for i in range(9)), symbols=()),
})

PROGRAMS["vmm"] = make_elf(symbols=SYMBOLS + VMM_SYMBOLS)
PROGRAMS["vmm_partial"] = make_elf(symbols=SYMBOLS + VMM_SYMBOLS[:-1])  # a VMM before vCPUs
PROGRAMS["guest1.kernel"] = make_elf()  # named like a VM's file in the archive


def make_image(size=0x2800, text_offset=0, image_size=None, flags=0xA):
    """An arm64 Image: the 64-byte header (magic "ARM\\x64" at 0x38), then code."""
    image_size = size if image_size is None else image_size
    header = struct.pack("<II6Q", 0x14000010, 0, text_offset, image_size, flags, 0, 0, 0) + \
        b"ARM\x64" + bytes(4)
    return header + bytes([0x1F, 0x20, 0x03, 0xD5]) * ((size - len(header)) // 4)


def make_fdt(chosen=False):
    """A small flattened device tree: a root node with a model (and with CHOSEN, a /chosen
    with the linux,initrd-start and -end that the VMM fills in)."""
    strings = b"model\0linux,initrd-start\0linux,initrd-end\0"
    structs = struct.pack(">I4sIII4s", 1, b"", 3, 2, 0, b"t\0\0\0")  # / { model = "t"; }
    if chosen:
        structs += struct.pack(">I8s", 1, b"chosen\0\0") + b"".join(
            struct.pack(">IIIQ", 3, 8, name, 0) for name in (6, 25)) + struct.pack(">I", 2)
    structs += struct.pack(">II", 2, 9)  # END_NODE, END
    header_size, rsvmap = 40, bytes(16)  # the reserved-memory map: one empty entry
    off_struct = header_size + len(rsvmap)
    off_strings = off_struct + len(structs)
    total = off_strings + len(strings)
    return struct.pack(">10I", 0xD00DFEED, total, off_struct, off_strings, header_size, 17, 16,
                       0, len(strings), len(structs)) + rsvmap + structs + strings


# The VM files the manifests under tests/manifest/ name: file name -> bytes.
VM_FILES = {
    # linked in guest RAM (at RAM + 0x80000, as an Image would load)
    "guest.elf": make_elf(segments=tuple((0x40080000 + v - 0x400000, f, m, p)
                                         for v, f, m, p in SEGMENTS),
                          symbols=(), entry=0x40080000),
    "guest.img": make_image(),
    "guest_x86.elf": make_elf(machine=EM_X86_64),
    "guest32.elf": make_elf(elf_class=1),
    "notakernel.bin": b"this is neither an ELF file nor an arm64 Image, just text\n" * 2,
    "rootfs.cpio": b"070701" + bytes(0x1000),
    "empty.cpio": b"",
    "given.dtb": make_fdt(),
    "chosen.dtb": make_fdt(chosen=True),
    "guest_truncated.elf": make_elf(segments=((0x40080000, 0x1800, 0x1800, PF_R | PF_X),),
                                    symbols=(), entry=0x40080000)[:0x1000],
    "guest_entry.elf": make_elf(segments=((0x40080000, 0x1800, 0x1800, PF_R | PF_X),),
                                symbols=(), entry=0x50000000),
    "image_misaligned.img": make_image(text_offset=0x80004),
    "image_big_endian.img": make_image(flags=0xB),
    "image_no_size.img": make_image(image_size=0),
    "total_huge.dtb": make_fdt()[:4] + b"\xff\xff\xff\xff" + make_fdt()[8:],
    "notadtb.dtb": b"/dts-v1/; / { };\n",
}


def write_programs(directory):
    """Write every PROGRAMS entry as DIRECTORY/<name>.elf and the VM_FILES; return
    DIRECTORY as a Path."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in PROGRAMS.items():
        (directory / f"{name}.elf").write_bytes(data)
    for name, data in VM_FILES.items():
        (directory / name).write_bytes(data)
    return directory
