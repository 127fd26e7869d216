/* SPDX-License-Identifier: BSD-2-Clause */
/* Minimal flattened device tree reader: header check, memory, bootargs. */
#include "fdt.h"

enum { FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4, FDT_END = 9 };

struct fdt {
	const uint8_t *b;
	uint32_t st_off, st_size, str_off, str_size;
};

struct tok {
	uint32_t type;
	const char *name;   /* BEGIN_NODE and PROP */
	const uint8_t *val; /* PROP */
	uint32_t len;	    /* PROP */
};

/* What a walk collects. */
struct walk {
	struct fdt_region *regions;
	int max, count, found; /* max < 0: do not decode memory nodes */
	uint32_t acells, scells;
	const char *bootargs;
	bool is_mem, is_chosen; /* the current top-level node */
	const uint8_t *reg;
	uint32_t reg_len;
};

/* Big-endian load with byte accesses: safe at any alignment, MMU off. */
static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Does s start with prefix? If exact, does it also end there? */
static bool match(const char *s, const char *prefix, bool exact)
{
	for (; *prefix && *s == *prefix; s++, prefix++)
		;
	return !*prefix && (!exact || !*s);
}

static bool block_ok(uint32_t off, uint32_t size, uint32_t hdr, uint32_t total)
{
	return off >= hdr && off <= total && size <= total - off;
}

/* Validate the header and find the structure and strings blocks. */
static int open_blob(struct fdt *f, const void *blob, size_t max_size)
{
	const uint8_t *b = blob;
	uint32_t total, version, hdr, off;

	/* No test for a null pointer: where RAM starts at 0 (ZCU102), so does the blob. */
	if (max_size < 36) /* the smallest (v16) header */
		return FDT_ERR_TRUNCATED;
	if (be32(b) != FDT_MAGIC)
		return FDT_ERR_MAGIC;
	total = be32(b + 4);
	version = be32(b + 20);
	if (version < 16 || be32(b + 24) > 17)
		return FDT_ERR_VERSION;
	hdr = version >= 17 ? 40 : 36; /* v16 has no size_dt_struct */
	if (total > max_size || total < hdr)
		return FDT_ERR_TRUNCATED;
	f->b = b;
	f->st_off = be32(b + 8);
	f->st_size = version >= 17 ? be32(b + 36) : total - (f->st_off < total ? f->st_off : total);
	f->str_off = be32(b + 12);
	f->str_size = be32(b + 32);
	if (!block_ok(f->st_off, f->st_size, hdr, total) ||
	    !block_ok(f->str_off, f->str_size, hdr, total))
		return FDT_ERR_TRUNCATED;
	/* Every property name then has its NUL inside the strings block. */
	if (f->str_size && b[f->str_off + f->str_size - 1])
		return FDT_ERR_BADSTRUCT;
	/* The reservation map: 16-byte entries up to an all-zero one. */
	for (off = be32(b + 16);; off += 16) {
		if (!block_ok(off, 16, hdr, total))
			return FDT_ERR_TRUNCATED;
		if (!(be32(b + off) | be32(b + off + 4) | be32(b + off + 8) | be32(b + off + 12)))
			return 0;
	}
}

int fdt_check(const void *blob, size_t max_size)
{
	return open_blob(&(struct fdt){0}, blob, max_size);
}

/* Decode the token at *pos in the structure block and move *pos past it. */
static int next_tok(const struct fdt *f, uint64_t *pos, struct tok *t)
{
	const uint8_t *st = f->b + f->st_off, *str = f->b + f->str_off;
	uint64_t p = *pos, n;

	if (p + 4 > f->st_size)
		return FDT_ERR_BADSTRUCT;
	t->type = be32(st + p);
	p += 4;
	if (t->type == FDT_BEGIN_NODE) {
		for (n = p; n < f->st_size && st[n]; n++)
			;
		if (n >= f->st_size)
			return FDT_ERR_BADSTRUCT;
		t->name = (const char *)st + p;
		p = n + 1;
	} else if (t->type == FDT_PROP) {
		if (p + 8 > f->st_size)
			return FDT_ERR_BADSTRUCT;
		t->len = be32(st + p);
		n = be32(st + p + 4); /* name offset in the strings block */
		p += 8;
		if (t->len > f->st_size - p || n >= f->str_size)
			return FDT_ERR_BADSTRUCT;
		t->val = st + p;
		t->name = (const char *)str + n;
		p += t->len;
	} else if (t->type != FDT_END_NODE && t->type != FDT_NOP && t->type != FDT_END) {
		return FDT_ERR_BADSTRUCT;
	}
	*pos = (p + 3) & ~(uint64_t)3;
	return 0;
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
	return cells == 2 ? (uint64_t)be32(p) << 32 | be32(p + 4) : be32(p);
}

/* Record the regions of a memory node's reg property. */
static int add_regions(struct walk *w)
{
	uint32_t ac = w->acells, sc = w->scells, step = (ac + sc) * 4;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || w->reg_len % step)
		return FDT_ERR_BADSTRUCT;
	for (uint32_t off = 0; off < w->reg_len; off += step) {
		uint64_t base = read_cells(w->reg + off, ac);
		uint64_t size = read_cells(w->reg + off + 4 * ac, sc);

		if (!size)
			continue;
		if (size - 1 > UINT64_MAX - base)
			return FDT_ERR_BADSTRUCT;
		if (w->count < w->max)
			w->regions[w->count++] = (struct fdt_region){base, size};
		w->found++;
	}
	return 0;
}

static void property(struct walk *w, int depth, const struct tok *t)
{
	uint32_t cells = t->len == 4 ? be32(t->val) : 0; /* 0: invalid */

	if (depth == 1 && match(t->name, "#address-cells", true))
		w->acells = cells;
	else if (depth == 1 && match(t->name, "#size-cells", true))
		w->scells = cells;
	else if (depth == 2 && match(t->name, "reg", true)) {
		w->reg = t->val;
		w->reg_len = t->len;
	} else if (depth == 2 && match(t->name, "device_type", true) && t->len >= 7 &&
		   match((const char *)t->val, "memory", true))
		w->is_mem = true;
	else if (depth == 2 && w->is_chosen && !w->bootargs && match(t->name, "bootargs", true) &&
		 t->len && !t->val[t->len - 1])
		w->bootargs = (const char *)t->val;
}

/* Walk and validate the whole structure block, collecting into w. */
static int walk(const void *blob, size_t max_size, struct walk *w)
{
	struct fdt f;
	struct tok t = {0};
	uint64_t pos = 0;
	int depth = 0, err = open_blob(&f, blob, max_size);
	bool root_done = false, root_child = false;

	while (!err && !(err = next_tok(&f, &pos, &t))) {
		switch (t.type) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && root_done)
				return FDT_ERR_BADSTRUCT;
			if (depth == 1) {
				root_child = true;
				w->is_mem = match(t.name, "memory", true) ||
					    match(t.name, "memory@", false);
				w->is_chosen = match(t.name, "chosen", true);
				w->reg = NULL;
			}
			root_done = true;
			depth++;
			break;
		case FDT_END_NODE:
			if (depth == 0)
				return FDT_ERR_BADSTRUCT;
			if (depth-- == 2 && w->max >= 0 && w->is_mem && w->reg)
				err = add_regions(w);
			break;
		case FDT_PROP:
			/* Properties come before subnodes. */
			if (depth == 0 || (depth == 1 && root_child))
				return FDT_ERR_BADSTRUCT;
			property(w, depth, &t);
			break;
		case FDT_END:
			return depth == 0 && root_done ? 0 : FDT_ERR_BADSTRUCT;
		}
	}
	return err;
}

int fdt_memory(const void *blob, size_t max_size, struct fdt_region *regions, int max)
{
	struct walk w = {.regions = regions, .acells = 2, .scells = 1};
	int err;

	w.max = regions && max > 0 ? max : 0;
	err = walk(blob, max_size, &w);
	return err ? err : w.found ? w.count : FDT_ERR_NOTFOUND;
}

const char *fdt_bootargs(const void *blob, size_t max_size)
{
	struct walk w = {.max = -1, .acells = 2, .scells = 1};

	return walk(blob, max_size, &w) ? NULL : w.bootargs;
}

bool fdt_arg_present(const char *args, const char *word)
{
	size_t n, i;

	if (!args || !word || !*word)
		return false;
	while (*args) {
		for (n = 0; args[n] && args[n] != ' '; n++)
			;
		for (i = 0; i < n && word[i] == args[i]; i++)
			;
		if (i == n && !word[n])
			return true;
		args += args[n] ? n + 1 : n; /* and the space */
	}
	return false;
}
