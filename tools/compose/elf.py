# SPDX-License-Identifier: BSD-2-Clause
# elf.py: read an AArch64 ELF64 executable's loadable segments and symbol table.
"""What the tool needs of a component program: its segments and its symbols.

parse() accepts exactly the files that the ELF loader of the kernel, the root manager
and the VMM accepts (kernel/src/elf.c: little-endian ELF64 executables for AArch64, at
most 8 loadable segments, none overlapping, each inside the file and the address space,
the entry point in an executable one) and raises ElfError with a short reason ("it is
built for x86-64 (machine 62)") for anything else. Segments are the PT_LOAD program
headers with a non-zero memory size; symbols come from the .symtab section (None when
the program is stripped).
"""

import struct
from dataclasses import dataclass

from . import files

ELF_MAGIC = b"\x7fELF"
EM_AARCH64 = 183
ET_EXEC = 2
PT_LOAD = 1
PF_X, PF_W, PF_R = 1, 2, 4
SHT_SYMTAB = 2
SHN_UNDEF = 0
STT_NOTYPE, STT_OBJECT, STT_FUNC = 0, 1, 2
STB_LOCAL = 0
MACHINES = {3: "x86", 8: "MIPS", 20: "PowerPC", 21: "PowerPC64", 40: "32-bit Arm",
            62: "x86-64", 183: "AArch64", 243: "RISC-V"}

EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
PHDR = struct.Struct("<IIQQQQQQ")
SHDR = struct.Struct("<IIQQQQIIQQ")
SYM = struct.Struct("<IBBHQQ")
SEGMENTS_MAX = 8  # ELF_MAX_SEGMENTS in kernel/include/elf.h


class ElfError(Exception):
    """Not a usable AArch64 executable; the message says why ("it is ...")."""


@dataclass(frozen=True)
class Segment:
    """A loadable segment: [vaddr, vaddr + memsz) with PF_* flags."""

    vaddr: int
    memsz: int
    flags: int

    @property
    def end(self):
        """The first address after the segment."""
        return self.vaddr + self.memsz


@dataclass(frozen=True)
class Symbol:
    """A .symtab entry."""

    name: str
    value: int
    size: int
    type: int
    bind: int
    shndx: int


@dataclass
class Program:
    """A parsed program: entry point, segments, symbols by name (None: no .symtab)."""

    entry: int
    segments: list
    symbols: dict | None
    size: int

    def lookup(self, name):
        """The defined symbols called NAME, globals first if there are any."""
        found = [s for s in (self.symbols or {}).get(name, []) if s.shndx != SHN_UNDEF]
        globals_ = [s for s in found if s.bind != STB_LOCAL]
        return globals_ or found

    def segment_at(self, address, size):
        """The segment holding [address, address + size), or None."""
        for seg in self.segments:
            if seg.vaddr <= address and address + size <= seg.end:
                return seg
        return None


def _unpack(layout, data, offset):
    """LAYOUT unpacked at OFFSET of DATA, or ElfError if the file is too short."""
    if offset < 0 or offset + layout.size > len(data):
        raise ElfError("it is truncated or corrupt")
    return layout.unpack_from(data, offset)


def _c_string(data, offset):
    """The NUL-terminated string at OFFSET of DATA."""
    if not 0 <= offset < len(data):
        raise ElfError("it is truncated or corrupt (a bad symbol name)")
    end = data.find(b"\0", offset)
    return data[offset:end if end >= 0 else len(data)].decode("utf-8", "replace")


def check_ident(data):
    """Raise ElfError unless DATA starts like a little-endian ELF64 file."""
    if data[:4] != ELF_MAGIC:
        raise ElfError("it is not an ELF file")
    if len(data) < EHDR.size:
        raise ElfError("it is truncated or corrupt")
    if data[4] != 2:
        raise ElfError("it is a 32-bit ELF file")
    if data[5] != 1:
        raise ElfError("it is big-endian")
    if data[6] != 1 or struct.unpack_from("<I", data, 20)[0] != 1:
        raise ElfError("it has an unknown ELF version (not 1, EV_CURRENT)")


def _symbols(data, shoff, shnum, shentsize):
    """The .symtab symbols by name, or None without one."""
    if shoff == 0 or shnum == 0:
        return None
    if shentsize != SHDR.size:
        raise ElfError("it is truncated or corrupt (section header size)")
    sections = [_unpack(SHDR, data, shoff + i * SHDR.size) for i in range(shnum)]
    symtab = next((s for s in sections if s[1] == SHT_SYMTAB), None)
    if symtab is None:
        return None
    _, _, _, _, offset, size, link, _, _, entsize = symtab
    if link >= shnum or entsize not in (0, SYM.size):
        raise ElfError("it is truncated or corrupt (symbol table)")
    str_offset, str_size = sections[link][4], sections[link][5]
    strtab = data[str_offset:str_offset + str_size]
    out = {}
    for i in range(1, size // SYM.size):
        name, info, _, shndx, value, sym_size = _unpack(SYM, data, offset + i * SYM.size)
        if name:
            sym = Symbol(_c_string(strtab, name), value, sym_size, info & 15, info >> 4, shndx)
            out.setdefault(sym.name, []).append(sym)
    return out


def parse(data):
    """The Program in ELF bytes DATA; ElfError if it is not an AArch64 executable."""
    check_ident(data)
    (_, e_type, machine, _, entry, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum,
     _) = EHDR.unpack_from(data)
    if machine != EM_AARCH64:
        raise ElfError(f"it is built for {MACHINES.get(machine, 'another machine')} "
                       f"(machine {machine})")
    if e_type != ET_EXEC:
        raise ElfError(f"it is not an executable (ELF type {e_type}, not 2, ET_EXEC)")
    if phnum and phentsize != PHDR.size:
        raise ElfError("it is truncated or corrupt (program header size)")
    if phoff % 8 or phoff > len(data) or phnum * PHDR.size > len(data) - phoff:
        raise ElfError(f"it is truncated or corrupt (its {phnum} program headers at "
                       f"{phoff:#x} lie outside the file)")
    segments = []
    for i in range(phnum):
        p_type, flags, offset, vaddr, _, filesz, memsz, _ = PHDR.unpack_from(
            data, phoff + i * PHDR.size)
        if p_type != PT_LOAD:
            continue
        where = f"segment {i}"
        if filesz > memsz:
            raise ElfError(f"{where} has more bytes in the file ({filesz:#x}) than in memory "
                           f"({memsz:#x})")
        if offset > len(data) or filesz > len(data) - offset:
            raise ElfError(f"it is truncated or corrupt ({where} lies outside the file)")
        if memsz == 0:
            continue
        if vaddr + memsz >= 1 << 64:
            raise ElfError(f"{where} at {vaddr:#x} of {memsz:#x} bytes wraps past the end of "
                           "the address space")
        clash = next((s for s in segments if vaddr < s.end and s.vaddr < vaddr + memsz), None)
        if clash is not None:
            raise ElfError(f"{where} at {vaddr:#x}..{vaddr + memsz:#x} overlaps the segment "
                           f"at {clash.vaddr:#x}..{clash.end:#x}")
        if len(segments) == SEGMENTS_MAX:
            raise ElfError(f"it has more than {SEGMENTS_MAX} loadable segments")
        segments.append(Segment(vaddr, memsz, flags))
    if not segments:
        raise ElfError("it has no loadable segment")
    if not any(s.flags & PF_X and 0 <= entry - s.vaddr < s.memsz for s in segments):
        raise ElfError(f"its entry point {entry:#x} is not in an executable segment")
    return Program(entry, sorted(segments, key=lambda s: s.vaddr),
                   _symbols(data, shoff, shnum, shentsize), len(data))


def read(path, limit):
    """The Program in the file at PATH, of at most LIMIT bytes (OSError if it cannot be
    read, files.FileProblem if it is not a regular file or too large)."""
    return parse(files.read(path, limit))
