/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 program-header parser for the first user program. */
#ifndef TESSERA_ELF_H
#define TESSERA_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 8

enum { ELF_R = 4, ELF_W = 2, ELF_X = 1 }; /* = p_flags bits PF_R, PF_W, PF_X */

#define ELF_ERR_MAGIC (-1)   /* not an ELF file (magic, ident or e_version) */
#define ELF_ERR_CLASS (-2)   /* not 64-bit little-endian */
#define ELF_ERR_MACHINE (-3) /* not AArch64 (EM_AARCH64 = 183) */
#define ELF_ERR_TYPE (-4)    /* not ET_EXEC */
#define ELF_ERR_BOUNDS (-5)  /* header, program headers or file bytes outside the image */
#define ELF_ERR_SEGMENT (-6) /* bad, overlapping or too many PT_LOAD segments */
#define ELF_ERR_ENTRY (-7)   /* entry point not inside an executable segment */

struct elf_segment {
	uint64_t vaddr, memsz, filesz, offset;
	uint32_t flags; /* ELF_R | ELF_W | ELF_X */
};

struct elf_image {
	uint64_t entry;
	int count;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/*
 * Parse an ELF64 little-endian AArch64 ET_EXEC image of size bytes and record
 * its PT_LOAD segments with memsz > 0, in program-header order. The image is
 * read with byte loads only. Return 0, or a negative ELF_ERR_* (then
 * out->count is 0).
 */
int elf_parse(const void *image, size_t size, struct elf_image *out);

/* What an ELF_ERR_* code means, for messages: "truncated: ...". */
const char *elf_strerror(int err);

#endif /* TESSERA_ELF_H */
