/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 program-header parser: checks an image and lists its PT_LOAD segments. */
#include "elf.h"

#define EHDR_SIZE 64u /* sizeof(Elf64_Ehdr) */
#define PHDR_SIZE 56u /* sizeof(Elf64_Phdr) */
#define EM_AARCH64 183u
#define ET_EXEC 2u
#define PT_LOAD 1u

/* Little-endian load of n bytes with byte accesses (safe at any alignment). */
static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Record the PT_LOAD program header ph of an image of size bytes. */
static int add_segment(struct elf_image *out, const uint8_t *ph, size_t size)
{
	uint64_t offset = le(ph + 8, 8), vaddr = le(ph + 16, 8);
	uint64_t filesz = le(ph + 32, 8), memsz = le(ph + 40, 8);
	struct elf_segment *s;

	if (filesz > memsz)
		return ELF_ERR_SEGMENT;
	if (offset > size || filesz > size - offset)
		return ELF_ERR_BOUNDS;
	if (memsz == 0)
		return 0;
	if (memsz > UINT64_MAX - vaddr)
		return ELF_ERR_SEGMENT;
	for (int i = 0; i < out->count; i++) {
		s = &out->seg[i];
		if (vaddr < s->vaddr + s->memsz && s->vaddr < vaddr + memsz)
			return ELF_ERR_SEGMENT;
	}
	if (out->count == ELF_MAX_SEGMENTS)
		return ELF_ERR_SEGMENT;
	s = &out->seg[out->count++];
	s->vaddr = vaddr;
	s->memsz = memsz;
	s->filesz = filesz;
	s->offset = offset;
	s->flags = (uint32_t)le(ph + 4, 4) & (ELF_R | ELF_W | ELF_X);
	return 0;
}

static int parse(const uint8_t *b, size_t size, struct elf_image *out)
{
	uint64_t phoff, phnum;
	int err;

	if (!b || size < 4 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F')
		return ELF_ERR_MAGIC;
	if (size < EHDR_SIZE)
		return ELF_ERR_BOUNDS;
	if (b[4] != 2 || b[5] != 1) /* ELFCLASS64, ELFDATA2LSB */
		return ELF_ERR_CLASS;
	if (b[6] != 1 || le(b + 20, 4) != 1) /* EV_CURRENT */
		return ELF_ERR_MAGIC;
	if (le(b + 18, 2) != EM_AARCH64)
		return ELF_ERR_MACHINE;
	if (le(b + 16, 2) != ET_EXEC)
		return ELF_ERR_TYPE;
	phoff = le(b + 32, 8);
	phnum = le(b + 56, 2);
	if (phnum && le(b + 54, 2) != PHDR_SIZE)
		return ELF_ERR_BOUNDS;
	if (phoff % 8 || phoff > size || phnum * PHDR_SIZE > size - phoff)
		return ELF_ERR_BOUNDS;
	for (uint64_t i = 0; i < phnum; i++) {
		const uint8_t *ph = b + phoff + i * PHDR_SIZE;

		if (le(ph, 4) == PT_LOAD && (err = add_segment(out, ph, size)))
			return err;
	}
	out->entry = le(b + 24, 8);
	for (int i = 0; i < out->count; i++) {
		const struct elf_segment *s = &out->seg[i];

		if ((s->flags & ELF_X) && out->entry - s->vaddr < s->memsz)
			return 0;
	}
	return ELF_ERR_ENTRY;
}

int elf_parse(const void *image, size_t size, struct elf_image *out)
{
	int err;

	out->count = 0;
	out->entry = 0;
	err = parse(image, size, out);
	if (err) {
		out->count = 0;
		out->entry = 0;
	}
	return err;
}

const char *elf_strerror(int err)
{
	switch (err) {
	case ELF_ERR_MAGIC:
		return "not an ELF file, or not ELF version 1";
	case ELF_ERR_CLASS:
		return "not a 64-bit little-endian ELF file";
	case ELF_ERR_MACHINE:
		return "built for another machine than AArch64";
	case ELF_ERR_TYPE:
		return "not an executable (ET_EXEC)";
	case ELF_ERR_BOUNDS:
		return "truncated: its headers or a segment's bytes lie outside the file";
	case ELF_ERR_SEGMENT:
		return "a bad loadable segment: file size over memory size, wrapping past 2^64, "
		       "overlapping another, or more than 8 of them";
	case ELF_ERR_ENTRY:
		return "its entry point is in no executable segment (or it has no segment)";
	default:
		return "refused by the ELF loader";
	}
}
