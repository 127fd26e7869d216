/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the ELF64 program-header parser. */
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "elf.h"

/* What build() writes: an ELF header, program headers at phoff, zeros elsewhere. */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz;
};

struct elfb {
	uint8_t magic[4], class, data, ident_version;
	uint16_t type, machine, phentsize, phnum;
	uint32_t version;
	uint64_t entry, phoff;
	struct phdr ph[16];
	size_t size;
};

enum { PT_LOAD = 1, PT_NOTE = 4, PT_GNU_STACK = 0x6474e551 };

static void put_le(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Text at 0x400000 (R X), data and bss at 0x401000 (R W), a GNU_STACK. */
static void good(struct elfb *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->magic, "\177ELF", 4);
	e->class = 2;
	e->data = 1;
	e->ident_version = 1;
	e->type = 2;
	e->machine = 183;
	e->version = 1;
	e->entry = 0x400100;
	e->phoff = 64;
	e->phentsize = 56;
	e->phnum = 3;
	e->ph[0] = (struct phdr){PT_LOAD, ELF_R | ELF_X, 0, 0x400000, 0x1000, 0x1000};
	e->ph[1] = (struct phdr){PT_LOAD, ELF_R | ELF_W, 0x1000, 0x401000, 0x100, 0x2000};
	e->ph[2] = (struct phdr){PT_GNU_STACK, ELF_R | ELF_W, 0, 0, 0, 0};
	e->size = 0x2000;
}

/* The image, in a malloc'd buffer of exactly e->size bytes (ASan sees overreads). */
static uint8_t *build(const struct elfb *e)
{
	uint8_t *b = calloc(1, e->size ? e->size : 1);
	uint8_t h[64] = {0};

	if (!b)
		abort();
	memcpy(h, e->magic, 4);
	h[4] = e->class;
	h[5] = e->data;
	h[6] = e->ident_version;
	put_le(h + 16, e->type, 2);
	put_le(h + 18, e->machine, 2);
	put_le(h + 20, e->version, 4);
	put_le(h + 24, e->entry, 8);
	put_le(h + 32, e->phoff, 8);
	put_le(h + 52, 64, 2);
	put_le(h + 54, e->phentsize, 2);
	put_le(h + 56, e->phnum, 2);
	memcpy(b, h, e->size < 64 ? e->size : 64);
	for (int i = 0; i < e->phnum && i < 16; i++) {
		uint8_t p[56] = {0};
		uint64_t at = e->phoff + 56 * (uint64_t)i;

		put_le(p, e->ph[i].type, 4);
		put_le(p + 4, e->ph[i].flags, 4);
		put_le(p + 8, e->ph[i].offset, 8);
		put_le(p + 16, e->ph[i].vaddr, 8);
		put_le(p + 24, e->ph[i].vaddr, 8);
		put_le(p + 32, e->ph[i].filesz, 8);
		put_le(p + 40, e->ph[i].memsz, 8);
		put_le(p + 48, 0x1000, 8);
		if (at <= e->size && 56 <= e->size - at)
			memcpy(b + at, p, 56);
	}
	return b;
}

static int parse(const struct elfb *e, struct elf_image *out)
{
	uint8_t *b = build(e);
	int err = elf_parse(b, e->size, out);

	free(b);
	if (err)
		CHECK_EQ_INT(out->count, 0);
	return err;
}

TEST(good_image)
{
	struct elfb e;
	struct elf_image img;

	good(&e);
	CHECK_EQ_INT(parse(&e, &img), 0);
	CHECK_EQ_U64(img.entry, 0x400100);
	CHECK_EQ_INT(img.count, 2);
	CHECK_EQ_U64(img.seg[0].vaddr, 0x400000);
	CHECK_EQ_U64(img.seg[0].memsz, 0x1000);
	CHECK_EQ_U64(img.seg[0].filesz, 0x1000);
	CHECK_EQ_U64(img.seg[0].offset, 0);
	CHECK_EQ_INT(img.seg[0].flags, ELF_R | ELF_X);
	CHECK_EQ_U64(img.seg[1].vaddr, 0x401000);
	CHECK_EQ_U64(img.seg[1].memsz, 0x2000);
	CHECK_EQ_U64(img.seg[1].filesz, 0x100);
	CHECK_EQ_U64(img.seg[1].offset, 0x1000);
	CHECK_EQ_INT(img.seg[1].flags, ELF_R | ELF_W);

	/* Flags other than R, W, X are dropped. */
	e.ph[1].flags = 0xf0000000 | ELF_W;
	CHECK_EQ_INT(parse(&e, &img), 0);
	CHECK_EQ_INT(img.seg[1].flags, ELF_W);

	/* Entry at the first byte of the executable segment, and at its last. */
	e.entry = 0x400000;
	CHECK_EQ_INT(parse(&e, &img), 0);
	e.entry = 0x400fff;
	CHECK_EQ_INT(parse(&e, &img), 0);

	/* A PT_LOAD with memsz 0 is skipped, even with a wild address. */
	good(&e);
	e.phnum = 4;
	e.ph[3] = (struct phdr){PT_LOAD, ELF_R, 0x10, 0xfffffffffffffff0, 0, 0};
	CHECK_EQ_INT(parse(&e, &img), 0);
	CHECK_EQ_INT(img.count, 2);

	/* Non-PT_LOAD headers are ignored whatever they hold. */
	good(&e);
	e.ph[2] = (struct phdr){PT_NOTE, 0, 0xffffffffffff, 0, 0xffffffffff, 1};
	CHECK_EQ_INT(parse(&e, &img), 0);

	/* Segments just touching are not overlapping; a segment at the top of memory. */
	good(&e);
	e.phnum = 3;
	e.ph[1].vaddr = 0x401000;
	e.ph[2] = (struct phdr){PT_LOAD, ELF_R, 0, 0xfffffffffffff000, 0x10, 0xfff};
	CHECK_EQ_INT(parse(&e, &img), 0);
	CHECK_EQ_INT(img.count, 3);

	/* Exactly ELF_MAX_SEGMENTS segments. */
	good(&e);
	e.phnum = ELF_MAX_SEGMENTS;
	for (int i = 1; i < ELF_MAX_SEGMENTS; i++)
		e.ph[i] = (struct phdr){PT_LOAD, ELF_R, 0, 0x500000 + 0x1000 * (uint64_t)i, 8, 8};
	CHECK_EQ_INT(parse(&e, &img), 0);
	CHECK_EQ_INT(img.count, ELF_MAX_SEGMENTS);

	/* Program headers placed after the segments' data, image exactly that big. */
	good(&e);
	e.phoff = 0x2000;
	e.size = 0x2000 + 3 * 56;
	CHECK_EQ_INT(parse(&e, &img), 0);
}

TEST(magic_and_ident)
{
	struct elfb e;
	struct elf_image img;
	uint8_t dummy[8] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};

	good(&e);
	e.magic[0] = 0x7e;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_MAGIC);
	good(&e);
	e.magic[3] = 'f';
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_MAGIC);
	good(&e);
	e.ident_version = 0;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_MAGIC);
	good(&e);
	e.version = 2;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_MAGIC);
	CHECK_EQ_INT(elf_parse(NULL, 100, &img), ELF_ERR_MAGIC);
	CHECK_EQ_INT(elf_parse(dummy, 3, &img), ELF_ERR_MAGIC);
	CHECK_EQ_INT(elf_parse(dummy, 0, &img), ELF_ERR_MAGIC);
	/* The magic, but too short for a header. */
	CHECK_EQ_INT(elf_parse(dummy, sizeof(dummy), &img), ELF_ERR_BOUNDS);
}

TEST(class_machine_type)
{
	struct elfb e;
	struct elf_image img;

	good(&e);
	e.class = 1; /* ELFCLASS32 */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_CLASS);
	good(&e);
	e.class = 0;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_CLASS);
	good(&e);
	e.data = 2; /* big-endian */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_CLASS);
	good(&e);
	e.machine = 62; /* x86-64 */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_MACHINE);
	good(&e);
	e.machine = 183 | 0x100;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_MACHINE);
	good(&e);
	e.type = 3; /* ET_DYN */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_TYPE);
	good(&e);
	e.type = 1; /* ET_REL */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_TYPE);
}

TEST(bounds)
{
	struct elfb e;
	struct elf_image img;

	good(&e);
	e.phoff = 0x2000; /* table past the end */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.phoff = 0x2000 - 56 * 3 + 8; /* table straddles the end */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.phoff = 0xfffffffffffffff8; /* offset + table size overflows */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.phoff = 68; /* unaligned */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.phnum = 0xffff;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.phentsize = 32;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.phentsize = 64;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.ph[1].filesz = 0x1001; /* file bytes past the end */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.ph[1].offset = 0x2001;
	e.ph[1].filesz = 0;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.ph[1].offset = 0xffffffffffffff00; /* offset + filesz overflows */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	good(&e);
	e.size = 63;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_BOUNDS);
	/* No program headers: nothing executable. */
	good(&e);
	e.phnum = 0;
	e.phentsize = 0;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_ENTRY);
}

TEST(segments)
{
	struct elfb e;
	struct elf_image img;

	good(&e);
	e.ph[1].filesz = 0x2001; /* filesz > memsz */
	e.ph[1].offset = 0;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_SEGMENT);
	good(&e);
	e.ph[1].memsz = 0; /* memsz 0 but file bytes */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_SEGMENT);
	good(&e);
	e.ph[1].vaddr = 0xfffffffffffff000; /* vaddr + memsz overflows */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_SEGMENT);
	good(&e);
	e.ph[1].vaddr = 0x400800; /* overlaps the text */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_SEGMENT);
	good(&e);
	e.ph[1].vaddr = 0x3ff001; /* overlaps the start of the text */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_SEGMENT);
	good(&e);
	e.ph[1].vaddr = 0x3fe000; /* contains the text */
	e.ph[1].memsz = 0x10000;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_SEGMENT);
	good(&e);
	e.ph[1] = e.ph[0]; /* the same twice */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_SEGMENT);
	/* One PT_LOAD too many. */
	good(&e);
	e.phnum = ELF_MAX_SEGMENTS + 1;
	for (int i = 1; i <= ELF_MAX_SEGMENTS; i++)
		e.ph[i] = (struct phdr){PT_LOAD, ELF_R, 0, 0x500000 + 0x1000 * (uint64_t)i, 8, 8};
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_SEGMENT);
}

TEST(entry)
{
	struct elfb e;
	struct elf_image img;

	good(&e);
	e.entry = 0x401000; /* in the data segment: not executable */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_ENTRY);
	CHECK_EQ_U64(img.entry, 0);
	e.entry = 0x401000 - 1 + 1 - 0x1000 + 0x1000; /* one past the text */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_ENTRY);
	e.entry = 0x3fffff;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_ENTRY);
	e.entry = 0;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_ENTRY);
	e.entry = UINT64_MAX;
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_ENTRY);
	good(&e);
	e.ph[0].flags = ELF_R; /* nothing executable */
	CHECK_EQ_INT(parse(&e, &img), ELF_ERR_ENTRY);
	good(&e);
	e.ph[0].flags = ELF_X; /* execute-only is executable */
	CHECK_EQ_INT(parse(&e, &img), 0);
	/* Entry in the bss part of an executable segment still counts. */
	good(&e);
	e.ph[1].flags = ELF_R | ELF_W | ELF_X;
	e.entry = 0x402800;
	CHECK_EQ_INT(parse(&e, &img), 0);
}

/* Whatever elf_parse accepts must satisfy everything it promises. */
static void check_result(int err, const struct elf_image *img, size_t size)
{
	bool entry_ok = false;

	if (err) {
		CHECK(err >= ELF_ERR_ENTRY && err <= ELF_ERR_MAGIC);
		CHECK_EQ_INT(img->count, 0);
		return;
	}
	CHECK(img->count > 0 && img->count <= ELF_MAX_SEGMENTS);
	for (int i = 0; i < img->count; i++) {
		const struct elf_segment *s = &img->seg[i];

		CHECK(s->memsz && s->filesz <= s->memsz);
		CHECK(s->offset <= size && s->filesz <= size - s->offset);
		CHECK(s->memsz <= UINT64_MAX - s->vaddr);
		CHECK((s->flags & ~7u) == 0);
		for (int j = 0; j < i; j++)
			CHECK(s->vaddr >= img->seg[j].vaddr + img->seg[j].memsz ||
			      img->seg[j].vaddr >= s->vaddr + s->memsz);
		if ((s->flags & ELF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->memsz)
			entry_ok = true;
	}
	CHECK(entry_ok);
}

/* Every truncation and every single-byte corruption of an image. */
static void torture(const uint8_t *orig, size_t size)
{
	static const uint8_t xors[] = {0x01, 0x08, 0x10, 0x80, 0xff};
	struct elf_image img;
	uint8_t *c;

	for (size_t n = 0; n < size; n += n < 512 ? 1 : 61) {
		c = malloc(n ? n : 1);
		memcpy(c, orig, n);
		check_result(elf_parse(c, n, &img), &img, n);
		free(c);
	}
	c = malloc(size);
	memcpy(c, orig, size);
	for (size_t i = 0; i < size && i < 4096; i++) {
		for (size_t x = 0; x < sizeof(xors); x++) {
			c[i] = orig[i] ^ xors[x];
			check_result(elf_parse(c, size, &img), &img, size);
		}
		c[i] = orig[i];
	}
	free(c);
}

TEST(corrupted_built_image)
{
	struct elfb e;
	uint8_t *b;

	good(&e);
	e.size = 0x1000 + 0x100; /* the data segment's file bytes end the image */
	b = build(&e);
	torture(b, e.size);
	free(b);
}

TEST(real_aarch64_elf)
{
#ifdef TESSERA_TINY_ELF
	struct elf_image img;
	uint8_t *b;
	FILE *f = fopen(TESSERA_TINY_ELF, "rb");
	long n;
	int x = -1, rw = -1;

	CHECK(f != NULL);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n); /* malloc: 16-byte aligned */
	CHECK(b && fread(b, 1, (size_t)n, f) == (size_t)n);
	fclose(f);

	CHECK_EQ_INT(elf_parse(b, (size_t)n, &img), 0);
	/* Linked with -Ttext=0x400000 -e start, start being all of .text. */
	CHECK_EQ_U64(img.entry, 0x400000);
	CHECK_EQ_INT(img.count, 2);
	for (int i = 0; i < img.count; i++) {
		if (img.seg[i].flags == (ELF_R | ELF_X))
			x = i;
		if (img.seg[i].flags == (ELF_R | ELF_W))
			rw = i;
	}
	CHECK(x >= 0 && rw >= 0);
	if (x >= 0)
		CHECK(img.entry >= img.seg[x].vaddr &&
		      img.entry < img.seg[x].vaddr + img.seg[x].memsz);
	if (rw >= 0)
		CHECK(img.seg[rw].memsz > img.seg[rw].filesz); /* .bss */
	check_result(0, &img, (size_t)n);
	torture(b, (size_t)n);
	free(b);
#else
	printf("  note: no aarch64-linux-gnu-gcc at configure time: real-ELF case skipped\n");
#endif
}

int main(void) { return check_run(); }

/* Every error has its own message (the VMM and the root manager print them). */
TEST(error_messages)
{
	static const int errs[] = {ELF_ERR_MAGIC,  ELF_ERR_CLASS,   ELF_ERR_MACHINE, ELF_ERR_TYPE,
				   ELF_ERR_BOUNDS, ELF_ERR_SEGMENT, ELF_ERR_ENTRY};
	const int n = (int)(sizeof(errs) / sizeof(errs[0]));

	for (int i = 0; i < n; i++) {
		CHECK(strcmp(elf_strerror(errs[i]), elf_strerror(0)) != 0);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(elf_strerror(errs[i]), elf_strerror(errs[j])) != 0);
	}
}
