/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests for the device tree reader: dtc blobs, hand-made and corrupted ones. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "dtb.h"
#include "fdt.h"

TEST(virt_blob)
{
	size_t size;
	uint8_t *b = load("virt", &size);
	struct fdt_region r[FDT_MAX_MEM];
	const char *args;

	CHECK_EQ_INT(fdt_check(b, size), 0);
	CHECK_EQ_INT(get_be32(b + H_TOTAL), size);
	CHECK_EQ_INT(fdt_memory(b, size, r, FDT_MAX_MEM), 1);
	CHECK_EQ_U64(r[0].base, 0x40000000);
	CHECK_EQ_U64(r[0].size, 0x8000000);
	args = fdt_bootargs(b, size);
	CHECK_EQ_STR(args, "console=ttyAMA0 semihosting loglevel=7");
	CHECK(args && (const uint8_t *)args > b && (const uint8_t *)args < b + size);
	CHECK(fdt_arg_present(args, "semihosting"));
	CHECK(fdt_arg_present(args, "console=ttyAMA0"));
	CHECK(fdt_arg_present(args, "loglevel=7"));
	CHECK(!fdt_arg_present(args, "loglevel"));
	CHECK(!fdt_arg_present(args, "console"));
	/* A larger max_size is fine: totalsize bounds the blob. */
	CHECK_EQ_INT(fdt_check(b, size + 4096), 0);
	free(b);
}

TEST(two_memory_nodes)
{
	size_t size;
	uint8_t *b = load("two-mem", &size);
	struct fdt_region r[FDT_MAX_MEM];

	/* The zero-sized range is skipped; /soc/memory@50000000 is not top-level. */
	CHECK_EQ_INT(fdt_memory(b, size, r, FDT_MAX_MEM), 3);
	CHECK_EQ_U64(r[0].base, 0x40000000);
	CHECK_EQ_U64(r[0].size, 0x20000000);
	CHECK_EQ_U64(r[1].base, 0x100000000);
	CHECK_EQ_U64(r[1].size, 0x40000000);
	CHECK_EQ_U64(r[2].base, 0x8000000000);
	CHECK_EQ_U64(r[2].size, 0x200000000);
	/* Fewer slots: the first ones are filled, the rest dropped. */
	memset(r, 0, sizeof(r));
	CHECK_EQ_INT(fdt_memory(b, size, r, 2), 2);
	CHECK_EQ_U64(r[1].base, 0x100000000);
	CHECK_EQ_U64(r[2].base, 0);
	CHECK_EQ_INT(fdt_memory(b, size, r, 0), 0);
	CHECK_EQ_INT(fdt_memory(b, size, r, -3), 0);
	CHECK_EQ_INT(fdt_memory(b, size, NULL, 5), 0);
	/* An empty bootargs string is still a string. */
	CHECK_EQ_STR(fdt_bootargs(b, size), "");
	free(b);
}

TEST(one_cell_addresses)
{
	size_t size;
	uint8_t *b = load("cells1", &size);
	struct fdt_region r[FDT_MAX_MEM];
	const char *args;

	CHECK_EQ_INT(fdt_memory(b, size, r, FDT_MAX_MEM), 2);
	CHECK_EQ_U64(r[0].base, 0x80000000);
	CHECK_EQ_U64(r[0].size, 0x10000000);
	CHECK_EQ_U64(r[1].base, 0xa0000000);
	CHECK_EQ_U64(r[1].size, 0x1000);
	args = fdt_bootargs(b, size);
	CHECK_EQ_STR(args, " semihosting  debug ");
	CHECK(fdt_arg_present(args, "semihosting"));
	CHECK(fdt_arg_present(args, "debug"));
	CHECK(!fdt_arg_present(args, ""));
	CHECK(!fdt_arg_present(args, " "));
	free(b);
}

TEST(no_bootargs_default_cells)
{
	size_t size;
	uint8_t *b = load("nobootargs", &size);
	struct fdt_region r[FDT_MAX_MEM];

	CHECK_EQ_INT(fdt_check(b, size), 0);
	CHECK(fdt_bootargs(b, size) == NULL);
	/* Defaults: #address-cells 2, #size-cells 1. */
	CHECK_EQ_INT(fdt_memory(b, size, r, FDT_MAX_MEM), 1);
	CHECK_EQ_U64(r[0].base, 0x40000000);
	CHECK_EQ_U64(r[0].size, 0x4000000);
	free(b);
}

TEST(arg_present)
{
	CHECK(fdt_arg_present("semihosting", "semihosting"));
	CHECK(!fdt_arg_present("semihostingx", "semihosting"));
	CHECK(!fdt_arg_present("xsemihosting", "semihosting"));
	CHECK(!fdt_arg_present("semihosting", "semihostingx"));
	CHECK(!fdt_arg_present("semi", "semihosting"));
	CHECK(fdt_arg_present("a semihosting b", "semihosting"));
	CHECK(fdt_arg_present("  semihosting", "semihosting"));
	CHECK(fdt_arg_present("semihosting  ", "semihosting"));
	CHECK(fdt_arg_present("a   semihosting   ", "semihosting"));
	CHECK(!fdt_arg_present("a semihostingx b", "semihosting"));
	CHECK(fdt_arg_present("semihostingx semihosting", "semihosting"));
	CHECK(!fdt_arg_present(NULL, "semihosting"));
	CHECK(!fdt_arg_present("", "semihosting"));
	CHECK(!fdt_arg_present("   ", "semihosting"));
	CHECK(!fdt_arg_present("a b", ""));
	CHECK(!fdt_arg_present("a b", NULL));
	CHECK(!fdt_arg_present("a b", "a b"));
	CHECK(fdt_arg_present("x=1 y=2", "y=2"));
}

TEST(header_errors)
{
	size_t size;
	uint8_t *b = load("virt", &size), *c;

	/* (A null blob is not an error: on boards with RAM at 0 the device tree is there.) */
	CHECK_EQ_INT(fdt_check(b, 35), FDT_ERR_TRUNCATED);
	CHECK(fdt_bootargs(b, 35) == NULL);
	CHECK_EQ_INT(fdt_memory(b, 35, NULL, 0), FDT_ERR_TRUNCATED);
	/* max_size smaller than totalsize, or than a header. */
	CHECK_EQ_INT(fdt_check(b, size - 1), FDT_ERR_TRUNCATED);
	CHECK_EQ_INT(fdt_check(b, 40), FDT_ERR_TRUNCATED);
	CHECK_EQ_INT(fdt_check(b, 35), FDT_ERR_TRUNCATED);
	CHECK_EQ_INT(fdt_check(b, 0), FDT_ERR_TRUNCATED);
	CHECK_EQ_INT(fdt_memory(b, size - 1, NULL, 0), FDT_ERR_TRUNCATED);
	CHECK(fdt_bootargs(b, size - 1) == NULL);

	c = dup_exact(b, size);
	c[0] ^= 1;
	CHECK_EQ_INT(fdt_check(c, size), FDT_ERR_MAGIC);
	CHECK_EQ_INT(fdt_memory(c, size, NULL, 0), FDT_ERR_MAGIC);
	CHECK(fdt_bootargs(c, size) == NULL);

#define WITH_FIELD(off, value, expect)                      \
	do {                                                \
		memcpy(c, b, size);                         \
		set_be32(c + (off), (value));               \
		CHECK_EQ_INT(fdt_check(c, size), (expect)); \
	} while (0)
	WITH_FIELD(H_VERSION, 15, FDT_ERR_VERSION);
	WITH_FIELD(H_VERSION, 0, FDT_ERR_VERSION);
	WITH_FIELD(H_LAST_COMP, 18, FDT_ERR_VERSION);
	WITH_FIELD(H_VERSION, 18, 0); /* newer, still compatible */
	WITH_FIELD(H_TOTAL, (uint32_t)size + 1, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_TOTAL, 0xffffffff, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_TOTAL, 39, FDT_ERR_TRUNCATED);
	/* totalsize cut short of the strings block (at the end). */
	WITH_FIELD(H_TOTAL, (uint32_t)size - 8, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_STRUCT, (uint32_t)size, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_STRUCT, (uint32_t)size + 64, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_STRUCT, 0xfffffffc, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_STRUCT, 8, FDT_ERR_TRUNCATED); /* inside the header */
	WITH_FIELD(H_STRUCT_SIZE, (uint32_t)size, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_STRUCT_SIZE, 0xffffffff, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_STRINGS, (uint32_t)size + 1, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_STRINGS_SIZE, 0xfffffff0, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_RSVMAP, (uint32_t)size - 8, FDT_ERR_TRUNCATED);
	WITH_FIELD(H_RSVMAP, 0xfffffff8, FDT_ERR_TRUNCATED);
	/* The reservation map at the strings: no all-zero entry before the end. */
	WITH_FIELD(H_RSVMAP, get_be32(b + H_STRINGS), FDT_ERR_TRUNCATED);
	/* A structure block too short to hold the END token. */
	WITH_FIELD(H_STRUCT_SIZE, get_be32(b + H_STRUCT_SIZE) - 4, 0);
	CHECK_EQ_INT(fdt_memory(c, size, NULL, 0), FDT_ERR_BADSTRUCT);
#undef WITH_FIELD

	/* Every max_size short of totalsize fails, reading only max_size bytes. */
	for (size_t n = 0; n < size; n++) {
		uint8_t *d = dup_exact(b, n);

		if (fdt_check(d, n) != FDT_ERR_TRUNCATED)
			CHECK_EQ_INT(fdt_check(d, n), FDT_ERR_TRUNCATED);
		CHECK(fdt_bootargs(d, n) == NULL);
		free(d);
	}
	free(c);
	free(b);
}

/*
 * Hand-made blobs: a header, an empty reservation map, then the structure and
 * strings blocks as built here.
 */
struct fdtb {
	uint8_t st[1024];
	size_t st_len;
	char str[256];
	size_t str_len;
	uint32_t version;
};

static void put32(struct fdtb *t, uint32_t v)
{
	set_be32(t->st + t->st_len, v);
	t->st_len += 4;
}

static void put_bytes(struct fdtb *t, const void *p, size_t n)
{
	memcpy(t->st + t->st_len, p, n);
	t->st_len += n;
	while (t->st_len % 4)
		t->st[t->st_len++] = 0;
}

static uint32_t str_off(struct fdtb *t, const char *name)
{
	for (size_t i = 0; i < t->str_len; i += strlen(t->str + i) + 1)
		if (!strcmp(t->str + i, name))
			return (uint32_t)i;
	memcpy(t->str + t->str_len, name, strlen(name) + 1);
	t->str_len += strlen(name) + 1;
	return (uint32_t)(t->str_len - strlen(name) - 1);
}

static void begin(struct fdtb *t, const char *name)
{
	put32(t, 1);
	put_bytes(t, name, strlen(name) + 1);
}

static void end(struct fdtb *t) { put32(t, 2); }

static void prop(struct fdtb *t, const char *name, const void *val, uint32_t len)
{
	put32(t, 3);
	put32(t, len);
	put32(t, str_off(t, name));
	put_bytes(t, val, len);
}

static void prop_str(struct fdtb *t, const char *name, const char *s)
{
	prop(t, name, s, (uint32_t)strlen(s) + 1);
}

/* A property of n big-endian cells. */
static void prop_cells(struct fdtb *t, const char *name, int n, ...)
{
	uint8_t v[64];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		set_be32(v + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	prop(t, name, v, 4 * (uint32_t)n);
}

/* Build the blob into an exact-size malloc'd buffer. */
static uint8_t *finish(const struct fdtb *t, size_t *size)
{
	uint32_t hdr = 40, rsv = 40, st = rsv + 16;
	uint32_t strings = st + (uint32_t)t->st_len, total = strings + (uint32_t)t->str_len;
	uint8_t *b = calloc(1, total);

	if (!b)
		abort();
	(void)hdr;
	set_be32(b + H_MAGIC, 0xd00dfeed);
	set_be32(b + H_TOTAL, total);
	set_be32(b + H_STRUCT, st);
	set_be32(b + H_STRINGS, strings);
	set_be32(b + H_RSVMAP, rsv);
	set_be32(b + H_VERSION, t->version ? t->version : 17);
	set_be32(b + H_LAST_COMP, 16);
	set_be32(b + H_STRINGS_SIZE, (uint32_t)t->str_len);
	set_be32(b + H_STRUCT_SIZE, (uint32_t)t->st_len);
	memcpy(b + st, t->st, t->st_len);
	memcpy(b + strings, t->str, t->str_len);
	*size = total;
	return b;
}

/* A small valid tree; the tests change it on the way. */
static void good_root(struct fdtb *t)
{
	memset(t, 0, sizeof(*t));
	begin(t, "");
	prop_cells(t, "#address-cells", 1, 2);
	prop_cells(t, "#size-cells", 1, 2);
}

static void good_tail(struct fdtb *t)
{
	begin(t, "memory@0");
	prop_str(t, "device_type", "memory");
	prop_cells(t, "reg", 4, 0, 0x1000, 0, 0x2000);
	end(t);
	begin(t, "chosen");
	prop_str(t, "bootargs", "a b");
	end(t);
	end(t);
	put32(t, 9);
}

static int memory_of(const struct fdtb *t, struct fdt_region *r, int max)
{
	size_t size;
	uint8_t *b = finish(t, &size);
	int n = fdt_memory(b, size, r, max);

	free(b);
	return n;
}

static bool bootargs_is(const struct fdtb *t, const char *expect)
{
	size_t size;
	uint8_t *b = finish(t, &size);
	const char *a = fdt_bootargs(b, size);
	bool ok = expect ? a && !strcmp(a, expect) : !a;

	free(b);
	return ok;
}

TEST(built_good_tree)
{
	struct fdtb t;
	struct fdt_region r[2];

	good_root(&t);
	good_tail(&t);
	CHECK_EQ_INT(memory_of(&t, r, 2), 1);
	CHECK_EQ_U64(r[0].base, 0x1000);
	CHECK_EQ_U64(r[0].size, 0x2000);
	CHECK(bootargs_is(&t, "a b"));

	/* NOPs anywhere are skipped; a v16 header works. */
	memset(&t, 0, sizeof(t));
	t.version = 16;
	put32(&t, 4);
	begin(&t, "");
	put32(&t, 4);
	prop_cells(&t, "#address-cells", 1, 1);
	prop_cells(&t, "#size-cells", 1, 1);
	begin(&t, "memory");
	put32(&t, 4);
	prop_cells(&t, "reg", 2, 0x8000, 0x100);
	end(&t);
	put32(&t, 4);
	end(&t);
	put32(&t, 4);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), 1);
	CHECK_EQ_U64(r[0].base, 0x8000);
	CHECK_EQ_U64(r[0].size, 0x100);
	CHECK(bootargs_is(&t, NULL));

	/* A region ending exactly at 2^64 fits. */
	good_root(&t);
	begin(&t, "memory@f");
	prop_cells(&t, "reg", 4, 0xffffffff, 0xfffff000, 0, 0x1000);
	end(&t);
	end(&t);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), 1);
	CHECK_EQ_U64(r[0].base, 0xfffffffffffff000);
}

TEST(built_no_memory)
{
	struct fdtb t;
	struct fdt_region r[2];

	good_root(&t);
	begin(&t, "chosen");
	end(&t);
	/* A memory node without reg, and one with an empty reg. */
	begin(&t, "memory@0");
	end(&t);
	begin(&t, "memory@1");
	prop(&t, "reg", "", 0);
	end(&t);
	end(&t);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_NOTFOUND);
	CHECK(bootargs_is(&t, NULL));
}

TEST(built_malformed_structure)
{
	struct fdtb t;
	struct fdt_region r[2];
	size_t size;
	uint8_t *b;

	/* Missing END token. */
	good_root(&t);
	good_tail(&t);
	t.st_len -= 4;
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
	CHECK(bootargs_is(&t, NULL));

	/* END while a node is open. */
	good_root(&t);
	begin(&t, "x");
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);

	/* END with no root at all; END_NODE at depth 0; two roots; prop at depth 0. */
	memset(&t, 0, sizeof(t));
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
	good_root(&t);
	good_tail(&t);
	t.st_len -= 4;
	end(&t);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
	good_root(&t);
	good_tail(&t);
	t.st_len -= 4;
	begin(&t, "");
	end(&t);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
	memset(&t, 0, sizeof(t));
	prop_str(&t, "bootargs", "x");
	begin(&t, "");
	end(&t);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);

	/* Unknown tokens. */
	good_root(&t);
	put32(&t, 5);
	good_tail(&t);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
	good_root(&t);
	put32(&t, 0);
	good_tail(&t);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);

	/* A root property after a subnode. */
	good_root(&t);
	begin(&t, "a");
	end(&t);
	prop_str(&t, "model", "late");
	good_tail(&t);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);

	/* A property whose length runs past the block. */
	good_root(&t);
	good_tail(&t);
	b = finish(&t, &size);
	set_be32(b + 56 + 12, 0x7fffffff); /* #address-cells' length */
	CHECK_EQ_INT(fdt_check(b, size), 0);
	CHECK_EQ_INT(fdt_memory(b, size, r, 2), FDT_ERR_BADSTRUCT);
	CHECK(fdt_bootargs(b, size) == NULL);
	set_be32(b + 56 + 12, 0xffffffff);
	CHECK_EQ_INT(fdt_memory(b, size, r, 2), FDT_ERR_BADSTRUCT);
	set_be32(b + 56 + 12, (uint32_t)t.st_len - 20 + 1); /* one byte too long */
	CHECK_EQ_INT(fdt_memory(b, size, r, 2), FDT_ERR_BADSTRUCT);
	/* A name offset outside the strings block. */
	set_be32(b + 56 + 12, 4);
	CHECK_EQ_INT(fdt_memory(b, size, r, 2), 1);
	set_be32(b + 56 + 16, (uint32_t)t.str_len);
	CHECK_EQ_INT(fdt_memory(b, size, r, 2), FDT_ERR_BADSTRUCT);
	set_be32(b + 56 + 16, 0xffffffff);
	CHECK_EQ_INT(fdt_memory(b, size, r, 2), FDT_ERR_BADSTRUCT);
	/* A strings block that does not end in NUL. */
	set_be32(b + 56 + 16, 0);
	b[size - 1] = 'x';
	CHECK_EQ_INT(fdt_check(b, size), FDT_ERR_BADSTRUCT);
	free(b);

	/* A node name without its NUL before the end of the block. */
	good_root(&t);
	put32(&t, 1);
	memcpy(t.st + t.st_len, "abcd", 4);
	t.st_len += 4;
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
	/* A property header cut by the end of the block. */
	good_root(&t);
	put32(&t, 3);
	put32(&t, 0);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
}

TEST(built_bad_memory)
{
	struct fdtb t;
	struct fdt_region r[2];

	/* Unsupported cells: an error for memory, bootargs still found. */
	memset(&t, 0, sizeof(t));
	begin(&t, "");
	prop_cells(&t, "#address-cells", 1, 3);
	good_tail(&t);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
	CHECK(bootargs_is(&t, "a b"));
	memset(&t, 0, sizeof(t));
	begin(&t, "");
	prop_cells(&t, "#size-cells", 1, 0);
	good_tail(&t);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);
	memset(&t, 0, sizeof(t));
	begin(&t, "");
	prop_cells(&t, "#address-cells", 2, 1, 1); /* not one cell long */
	good_tail(&t);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);

	/* reg not a whole number of entries. */
	good_root(&t);
	begin(&t, "memory@0");
	prop_cells(&t, "reg", 3, 0, 0x1000, 0);
	end(&t);
	end(&t);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);

	/* A region wrapping past 2^64. */
	good_root(&t);
	begin(&t, "memory@0");
	prop_cells(&t, "reg", 4, 0xffffffff, 0xfffff000, 0, 0x1001);
	end(&t);
	end(&t);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_BADSTRUCT);

	/* device_type that merely starts with "memory", and a similar name. */
	good_root(&t);
	begin(&t, "ram");
	prop_str(&t, "device_type", "memoryx");
	prop_cells(&t, "reg", 4, 0, 0x1000, 0, 0x2000);
	end(&t);
	begin(&t, "memoryx");
	prop_cells(&t, "reg", 4, 0, 0x1000, 0, 0x2000);
	end(&t);
	begin(&t, "ram2");
	prop(&t, "device_type", "memo", 4);
	prop_cells(&t, "reg", 4, 0, 0x1000, 0, 0x2000);
	end(&t);
	end(&t);
	put32(&t, 9);
	CHECK_EQ_INT(memory_of(&t, r, 2), FDT_ERR_NOTFOUND);
}

TEST(built_bad_bootargs)
{
	struct fdtb t;

	/* Not NUL-terminated inside the property: absent. */
	good_root(&t);
	begin(&t, "chosen");
	prop(&t, "bootargs", "abcd", 4);
	end(&t);
	end(&t);
	put32(&t, 9);
	CHECK(bootargs_is(&t, NULL));
	/* Empty property: absent. */
	good_root(&t);
	begin(&t, "chosen");
	prop(&t, "bootargs", "", 0);
	end(&t);
	end(&t);
	put32(&t, 9);
	CHECK(bootargs_is(&t, NULL));
	/* Only /chosen counts, not a nested chosen or chosenx. */
	good_root(&t);
	begin(&t, "chosenx");
	prop_str(&t, "bootargs", "no");
	end(&t);
	begin(&t, "soc");
	begin(&t, "chosen");
	prop_str(&t, "bootargs", "no");
	end(&t);
	end(&t);
	end(&t);
	put32(&t, 9);
	CHECK(bootargs_is(&t, NULL));
}

/* Run every reader on a blob; whatever it returns must be sane. */
static void exercise(const uint8_t *b, size_t size, int *ok_count)
{
	struct fdt_region r[FDT_MAX_MEM];
	const char *a;
	int n;

	if (fdt_check(b, size) == 0)
		(*ok_count)++;
	n = fdt_memory(b, size, r, FDT_MAX_MEM);
	CHECK(n <= FDT_MAX_MEM && n >= FDT_ERR_NOTFOUND);
	for (int i = 0; i < n; i++)
		CHECK(r[i].size && r[i].size - 1 <= UINT64_MAX - r[i].base);
	a = fdt_bootargs(b, size);
	if (a) {
		const uint8_t *p = (const uint8_t *)a;

		CHECK(p >= b && p < b + size && memchr(p, 0, (size_t)(b + size - p)));
	}
	fdt_arg_present(a, "semihosting");
}

TEST(every_byte_corrupted)
{
	static const char *const names[] = {"virt", "two-mem", "cells1", "nobootargs"};
	static const uint8_t xors[] = {0x01, 0x02, 0x04, 0x80, 0xff};
	int ok = 0, runs = 0;

	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		size_t size;
		uint8_t *b = load(names[k], &size);
		uint8_t *c = dup_exact(b, size);

		for (size_t i = 0; i < size; i++) {
			for (size_t x = 0; x < sizeof(xors); x++) {
				c[i] = b[i] ^ xors[x];
				exercise(c, size, &ok);
				runs++;
			}
			c[i] = 0;
			exercise(c, size, &ok);
			c[i] = b[i];
			runs++;
		}
		free(c);
		free(b);
	}
	printf("  %d corrupted blobs, %d still passed fdt_check\n", runs, ok);
	CHECK(runs > 10000);
}

TEST(random_corruption)
{
	size_t size;
	uint8_t *b = load("virt", &size), *c = dup_exact(b, size);
	uint64_t s = 0x9e3779b97f4a7c15ull;
	int ok = 0;

	for (int iter = 0; iter < 20000; iter++) {
		memcpy(c, b, size);
		for (int k = 0; k < 1 + iter % 8; k++) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			/* Favour the header and the structure's token and length words. */
			size_t at = iter % 2 ? (size_t)(s % 64) : (size_t)((s >> 8) % size);
			c[at] = (uint8_t)(s >> 32);
		}
		exercise(c, size, &ok);
	}
	free(c);
	free(b);
}

int main(void) { return check_run(); }
