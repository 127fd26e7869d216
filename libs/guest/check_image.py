#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Check a guest's outputs (tessera_guest_program: src/start.S linked by guest.ld): IMG
is an arm64 Image (Linux's Documentation/arch/arm64/booting.rst) holding the same bytes
as ELF's one segment, and both start at RAM + text_offset. Usage: check_image.py IMG ELF"""
import struct
import sys

RAM = 0x40000000


def main(img_path, elf_path):
    img = open(img_path, "rb").read()
    elf = open(elf_path, "rb").read()
    code0, _, text_offset, image_size, flags = struct.unpack_from("<IIQQQ", img, 0)
    magic, = struct.unpack_from("<I", img, 0x38)
    errors = []
    if magic != 0x644D5241:  # "ARM\x64"
        errors.append("no magic ARM\\x64 at 0x38")
    if code0 >> 26 != 0b000101:  # B imm26
        errors.append(f"code0 {code0:#x} is not a branch")
    if text_offset != 0x80000:
        errors.append(f"text_offset {text_offset:#x}, not 0x80000")
    if not len(img) <= image_size < len(img) + (1 << 20):
        errors.append(f"image_size {image_size:#x} for {len(img):#x} bytes of file")
    if flags != 0x2:
        errors.append(f"flags {flags:#x}: want little-endian, 4K pages, near RAM start")
    # ELF64 header: entry at 24, program headers at 32, their count at 56.
    entry, phoff = struct.unpack_from("<QQ", elf, 24)
    phnum, = struct.unpack_from("<H", elf, 56)
    loads = [struct.unpack_from("<IIQQQQQ", elf, phoff + 56 * i) for i in range(phnum)]
    loads = [p for p in loads if p[0] == 1]  # PT_LOAD
    if entry != RAM + text_offset:
        errors.append(f"ELF entry {entry:#x}, not RAM + text_offset")
    if len(loads) != 1 or loads[0][3] != entry or elf[loads[0][2]:][:loads[0][5]] != img:
        errors.append("the ELF's one segment is not the Image at its entry")
    elif loads[0][6] != image_size:
        errors.append(f"ELF memory size {loads[0][6]:#x} differs from image_size")
    for e in errors:
        print(f"{img_path}: {e}")
    if not errors:
        print(f"{img_path}: arm64 Image, {len(img)} bytes, image_size {image_size:#x}: ok")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
