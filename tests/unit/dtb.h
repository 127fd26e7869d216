/* SPDX-License-Identifier: BSD-2-Clause */
/* Device tree blobs for host unit tests (compiled from data/NAME.dts): loaded, copied. */
#ifndef TESSERA_TEST_DTB_H
#define TESSERA_TEST_DTB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TESSERA_DTB_DIR
#error "TESSERA_DTB_DIR must name the directory of the compiled test blobs"
#endif

/* Header field offsets. */
enum {
	H_MAGIC = 0,
	H_TOTAL = 4,
	H_STRUCT = 8,
	H_STRINGS = 12,
	H_RSVMAP = 16,
	H_VERSION = 20,
	H_LAST_COMP = 24,
	H_STRINGS_SIZE = 32,
	H_STRUCT_SIZE = 36
};

static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void set_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Read data/NAME.dtb into a malloc'd (so 16-byte aligned) buffer of exactly its size. */
static inline uint8_t *load(const char *name, size_t *size)
{
	char path[512];
	uint8_t *b;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s.dtb", TESSERA_DTB_DIR, name);
	f = fopen(path, "rb");
	if (!f) {
		printf("cannot open %s\n", path);
		abort();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n);
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	*size = (size_t)n;
	return b;
}

/* A copy in a buffer of exactly size bytes, so ASan sees any read past it. */
static inline uint8_t *dup_exact(const uint8_t *b, size_t size)
{
	uint8_t *c = malloc(size ? size : 1);

	if (!c)
		abort();
	memcpy(c, b, size);
	return c;
}

#endif
