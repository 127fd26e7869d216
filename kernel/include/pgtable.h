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
};

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

/* Translate va: the output address and the leaf's attribute bits. */
int pt_lookup(const pte_t *root, uint64_t va, uint64_t *pa, uint64_t *attrs);

#endif
