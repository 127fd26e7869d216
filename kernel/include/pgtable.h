/* SPDX-License-Identifier: BSD-2-Clause */
/* VMSAv8-64 translation tables, 4 KiB granule, 39-bit input, levels 1..3. */
#ifndef PGTABLE_H
#define PGTABLE_H

#include <stdint.h>

/*
 * One walker serves the kernel's own EL2 stage-1 map and every stage-2 address
 * space: the two formats differ only in the attribute bits, which callers encode.
 */
typedef uint64_t pte_t;

#define PT_ENTRIES 512
#define PT_INPUT_BITS 39
#define PT_INPUT_LIMIT (1ULL << PT_INPUT_BITS)

#define PTE_VALID (1ULL << 0)
#define PTE_TABLE (1ULL << 1) /* at levels 1-2: table, not block; at level 3: must be set */
#define PTE_ADDR_MASK 0x0000fffffffff000ULL
#define PTE_AF (1ULL << 10)
#define PTE_SH_INNER (3ULL << 8)
#define PTE_XN (1ULL << 54)
/* Attribute bits callers may pass: everything but the type and address fields. */
#define PTE_ATTR_MASK (~(PTE_ADDR_MASK | PTE_VALID | PTE_TABLE))

enum pt_error {
	PT_OK = 0,
	PT_ERR_ALIGN = -1,  /* address or size not 4 KiB aligned */
	PT_ERR_RANGE = -2,  /* outside the 39-bit input range, or wraps */
	PT_ERR_EXISTS = -3, /* part of the range is already mapped */
	PT_ERR_NOMEM = -4,  /* no memory for a table */
	PT_ERR_NOTMAPPED = -5,
	PT_ERR_NOTABLE = -6, /* a table on the way is missing */
};

#define PT_LEVEL_SHIFT(level) (12U + 9U * (3U - (unsigned)(level)))

static inline pte_t pte_leaf(uint64_t pa, uint64_t attrs, int level)
{
	return (pa & PTE_ADDR_MASK) | (attrs & PTE_ATTR_MASK) | PTE_AF | PTE_VALID |
	       (level == 3 ? PTE_TABLE : 0);
}
static inline pte_t pte_table(uint64_t pa) { return (pa & PTE_ADDR_MASK) | PTE_TABLE | PTE_VALID; }
static inline uint64_t pte_addr(pte_t e) { return e & PTE_ADDR_MASK; }

/* Returns a zeroed, 4 KiB-aligned table, or NULL. */
struct pt_alloc {
	pte_t *(*table)(void *ctx);
	void *ctx;
};

/* Map [va, va + size) to [pa, pa + size) with `attrs`, using 1 GiB and 2 MiB blocks
 * wherever alignment allows. Nothing in the range may be mapped already; that is
 * checked before anything changes. */
int pt_map(pte_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs,
	   const struct pt_alloc *alloc);

/* The entry at `level` (1..3) on the walk to va: PT_ERR_NOTABLE if a table above it
 * is missing, PT_ERR_EXISTS if a block above it maps va. */
int pt_entry(pte_t *root, uint64_t va, int level, pte_t **entry);

/* Where a new table for va would go: the first invalid entry at level 1 or 2 on the
 * walk (*level = the level the new table serves, 2 or 3). PT_ERR_EXISTS when every
 * table is present or a block maps va. */
int pt_table_slot(pte_t *root, uint64_t va, pte_t **entry, int *level);

/* Translate va: the output address and the leaf's attribute bits. */
int pt_lookup(const pte_t *root, uint64_t va, uint64_t *pa, uint64_t *attrs);

#endif
