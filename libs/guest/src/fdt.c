/* SPDX-License-Identifier: BSD-2-Clause */
/* A read-only flattened device tree reader: nodes by path or by compatible and label. */
#include <tessera/guest.h>

/*
 * Every offset and length is checked against the blocks the header gives, and the blob is
 * read with byte loads only, so any alignment is fine. Nodes are the offsets of their
 * BEGIN_NODE tokens in the structure block.
 */

enum { BEGIN_NODE = 1, END_NODE = 2, PROP = 3, NOP = 4, END = 9, BAD = 0 };

#define MAX_SIZE (1U << 30) /* larger blobs are refused: offsets never overflow */
#define MAX_DEPTH 16

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

bool tsr_fdt_open(struct tsr_fdt *t, const void *blob, unsigned long max_size)
{
	const uint8_t *b = blob;
	if (!b || max_size < 40 || be32(b) != 0xd00dfeedU)
		return false;
	uint32_t size = be32(b + 4), structs = be32(b + 8), strings = be32(b + 12);
	uint32_t strings_size = be32(b + 32), structs_size = be32(b + 36);
	if (be32(b + 20) < 17 || be32(b + 24) > 17 || size > max_size || size > MAX_SIZE)
		return false; /* version 17 has the structure block's size */
	if (structs < 40 || structs > size || structs_size > size - structs || structs_size < 4 ||
	    structs % 4 || structs_size % 4 || strings < 40 || strings > size ||
	    strings_size > size - strings)
		return false;
	if (!strings_size || b[strings + strings_size - 1])
		return false; /* then every property name ends inside the block */
	*t = (struct tsr_fdt){b, size, structs, structs_size, strings, strings_size};
	return true;
}

/* The token at structure offset off: its kind (BAD if malformed), and in *next where the
 * token after it starts. */
static unsigned token(const struct tsr_fdt *t, uint32_t off, uint32_t *next)
{
	const uint8_t *s = t->blob + t->structs;
	if (off % 4 || off > t->structs_size - 4)
		return BAD;
	unsigned kind = be32(s + off);
	uint32_t p = off + 4;
	if (kind == BEGIN_NODE) {
		while (p < t->structs_size && s[p])
			p++;
		if (p++ == t->structs_size)
			return BAD; /* the name has no NUL */
	} else if (kind == PROP) {
		if (t->structs_size - p < 8)
			return BAD;
		uint32_t len = be32(s + p), name = be32(s + p + 4);
		p += 8;
		if (len > t->structs_size - p || name >= t->strings_size)
			return BAD;
		p += len;
	} else if (kind != END_NODE && kind != NOP && kind != END) {
		return BAD;
	}
	*next = (p + 3) & ~3U;
	return kind;
}

/* The node after `node` in document order (node < 0: the root). *depth is node's depth
 * and becomes the returned node's (the root's is 0: start with -1). -1 at the end. */
static int next_node(const struct tsr_fdt *t, int node, int *depth)
{
	uint32_t off = 0, next;
	if (node >= 0 && token(t, (uint32_t)node, &off) != BEGIN_NODE)
		return -1;
	for (;; off = next) {
		switch (token(t, off, &next)) {
		case BEGIN_NODE:
			++*depth;
			return (int)off;
		case END_NODE:
			if (--*depth < 0)
				return -1; /* the root ended */
			break;
		case PROP:
		case NOP:
			break;
		default: /* END or BAD */
			return -1;
		}
	}
}

const char *tsr_fdt_name(const struct tsr_fdt *t, int node)
{
	uint32_t next;
	if (node < 0 || token(t, (uint32_t)node, &next) != BEGIN_NODE)
		return NULL;
	return (const char *)t->blob + t->structs + node + 4;
}

const void *tsr_fdt_prop(const struct tsr_fdt *t, int node, const char *name, uint32_t *len)
{
	const uint8_t *s = t->blob + t->structs;
	uint32_t off, next;
	unsigned kind;
	if (node < 0 || token(t, (uint32_t)node, &off) != BEGIN_NODE)
		return NULL;
	for (; (kind = token(t, off, &next)) == PROP || kind == NOP; off = next) {
		if (kind == PROP &&
		    streq((const char *)t->blob + t->strings + be32(s + off + 8), name)) {
			*len = be32(s + off + 4);
			return s + off + 12;
		}
	}
	return NULL; /* properties come before subnodes: none after the first */
}

const char *tsr_fdt_string(const struct tsr_fdt *t, int node, const char *name)
{
	uint32_t len;
	const char *v = tsr_fdt_prop(t, node, name, &len);
	for (uint32_t i = 0; v && i < len; i++)
		if (!v[i])
			return v;
	return NULL;
}

bool tsr_fdt_u32(const struct tsr_fdt *t, int node, const char *name, unsigned index,
		 uint32_t *value)
{
	uint32_t len;
	const uint8_t *v = tsr_fdt_prop(t, node, name, &len);
	if (!v || len / 4 <= index)
		return false;
	*value = be32(v + 4 * index);
	return true;
}

bool tsr_fdt_u64(const struct tsr_fdt *t, int node, const char *name, uint64_t *value)
{
	uint32_t len;
	const uint8_t *v = tsr_fdt_prop(t, node, name, &len);
	if (!v || len != 8)
		return false;
	*value = (uint64_t)be32(v) << 32 | be32(v + 4);
	return true;
}

/* Does the string list `name` hold `s`? */
static bool has_string(const struct tsr_fdt *t, int node, const char *name, const char *s)
{
	uint32_t len, at = 0;
	const char *v = tsr_fdt_prop(t, node, name, &len);
	if (!v || !len || v[len - 1])
		return false;
	for (; at < len; at++) {
		if (streq(v + at, s))
			return true;
		while (v[at]) /* to the NUL ending this string */
			at++;
	}
	return false;
}

int tsr_fdt_find(const struct tsr_fdt *t, const char *compatible, const char *label)
{
	int depth = -1;
	for (int n = next_node(t, -1, &depth); n >= 0; n = next_node(t, n, &depth)) {
		const char *l = label ? tsr_fdt_string(t, n, "label") : NULL;
		if (has_string(t, n, "compatible", compatible) &&
		    (!label || (l && streq(l, label))))
			return n;
	}
	return -1;
}

/* Does a node name match path component c (n bytes)? "name" also matches "name@addr". */
static bool component_is(const char *name, const char *c, uint32_t n)
{
	uint32_t i = 0;
	while (i < n && name[i] == c[i])
		i++;
	return i == n && (!name[i] || name[i] == '@');
}

int tsr_fdt_path(const struct tsr_fdt *t, const char *path)
{
	int depth = -1, node = next_node(t, -1, &depth);
	if (*path++ != '/')
		return -1;
	while (node >= 0 && *path) {
		uint32_t n = 0;
		while (path[n] && path[n] != '/')
			n++;
		int want = depth + 1; /* the children of node */
		do
			node = next_node(t, node, &depth);
		while (node >= 0 && depth >= want &&
		       !(depth == want && component_is(tsr_fdt_name(t, node), path, n)));
		if (depth < want)
			return -1; /* node ended: no such child */
		path += path[n] ? n + 1 : n;
	}
	return node;
}

/* The parent of node (-1 for the root or if it is not a node). */
static int parent(const struct tsr_fdt *t, int node)
{
	int stack[MAX_DEPTH], depth = -1;
	for (int n = next_node(t, -1, &depth); n >= 0; n = next_node(t, n, &depth)) {
		if (depth >= MAX_DEPTH)
			continue; /* deeper nodes have no parent here */
		stack[depth] = n;
		if (n == node)
			return depth ? stack[depth - 1] : -1;
	}
	return -1;
}

static uint64_t cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;
	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

bool tsr_fdt_reg(const struct tsr_fdt *t, int node, unsigned index, uint64_t *addr, uint64_t *size)
{
	int up = node < 0 ? -1 : parent(t, node);
	uint32_t ac = 2, sc = 1, len; /* the defaults when the parent does not say */
	if (up < 0)
		return false;
	tsr_fdt_u32(t, up, "#address-cells", 0, &ac);
	tsr_fdt_u32(t, up, "#size-cells", 0, &sc);
	const uint8_t *reg = tsr_fdt_prop(t, node, "reg", &len);
	uint32_t step = 4 * (ac + sc);
	if (!reg || ac < 1 || ac > 2 || sc > 2 || len / step <= index)
		return false;
	*addr = cells(reg + step * index, ac);
	*size = cells(reg + step * index + 4 * ac, sc);
	return true;
}

const char *tsr_fdt_bootargs(const struct tsr_fdt *t)
{
	return tsr_fdt_string(t, tsr_fdt_path(t, "/chosen"), "bootargs");
}
