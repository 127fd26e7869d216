/* SPDX-License-Identifier: BSD-2-Clause */
/* Translation-table walker shared by the EL2 map and stage-2 address spaces. */
#include <addr.h>
#include <pgtable.h>
#include <stdbool.h>
#include <stddef.h>

#define FIRST_LEVEL 1
#define LAST_LEVEL 3

static unsigned level_shift(int level) { return 12 + 9 * (unsigned)(LAST_LEVEL - level); }
static unsigned index_at(uint64_t va, int level) { return (va >> level_shift(level)) & 511; }
static pte_t *next_table(pte_t e) { return (pte_t *)(uintptr_t)(e & PTE_ADDR_MASK); }
static bool is_table(pte_t e, int level) { return level < LAST_LEVEL && (e & PTE_TABLE); }

static int check_range(uint64_t va, uint64_t pa, uint64_t size)
{
	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE))
		return PT_ERR_ALIGN;
	if (size == 0 || va + size < va || va + size > PT_INPUT_LIMIT || pa + size < pa)
		return PT_ERR_RANGE;
	return PT_OK;
}

/* Is any part of [va, end) mapped under `table` (at `level`)? */
static bool range_used(const pte_t *table, int level, uint64_t va, uint64_t end)
{
	while (va < end) {
		uint64_t span = 1ULL << level_shift(level);
		uint64_t next = ALIGN_DOWN(va, span) + span;
		pte_t e = table[index_at(va, level)];
		if (next > end || next == 0)
			next = end;
		if (e & PTE_VALID) {
			if (!is_table(e, level))
				return true;
			if (range_used(next_table(e), level + 1, va, next))
				return true;
		}
		va = next;
	}
	return false;
}

static int map_level(pte_t *table, int level, uint64_t va, uint64_t pa, uint64_t end,
		     uint64_t attrs, const struct pt_alloc *alloc)
{
	while (va < end) {
		uint64_t span = 1ULL << level_shift(level);
		uint64_t next = ALIGN_DOWN(va, span) + span;
		pte_t *e = &table[index_at(va, level)];
		if (next > end)
			next = end;
		/* A whole, aligned span not yet split becomes one block (a page at level 3). */
		if (!(*e & PTE_VALID) && next - va == span && IS_ALIGNED(pa, span)) {
			*e = (pa & PTE_ADDR_MASK) | attrs | PTE_AF | PTE_VALID |
			     (level == LAST_LEVEL ? PTE_TABLE : 0);
		} else {
			if (!(*e & PTE_VALID)) {
				pte_t *t = alloc->table(alloc->ctx);
				if (!t)
					return PT_ERR_NOMEM;
				*e = (uint64_t)(uintptr_t)t | PTE_TABLE | PTE_VALID;
			}
			int err = map_level(next_table(*e), level + 1, va, pa, next, attrs, alloc);
			if (err)
				return err;
		}
		pa += next - va;
		va = next;
	}
	return PT_OK;
}

int pt_map(pte_t *root, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs,
	   const struct pt_alloc *alloc)
{
	int err = check_range(va, pa, size);
	if (err)
		return err;
	if (range_used(root, FIRST_LEVEL, va, va + size))
		return PT_ERR_EXISTS;
	return map_level(root, FIRST_LEVEL, va, pa, va + size, attrs & PTE_ATTR_MASK, alloc);
}

int pt_entry(pte_t *root, uint64_t va, int level, pte_t **entry)
{
	if (va >= PT_INPUT_LIMIT || level < FIRST_LEVEL || level > LAST_LEVEL)
		return PT_ERR_RANGE;
	pte_t *table = root;
	for (int l = FIRST_LEVEL; l < level; l++) {
		pte_t e = table[index_at(va, l)];
		if (!(e & PTE_VALID))
			return PT_ERR_NOTABLE;
		if (!is_table(e, l))
			return PT_ERR_EXISTS;
		table = next_table(e);
	}
	*entry = &table[index_at(va, level)];
	return PT_OK;
}

int pt_table_slot(pte_t *root, uint64_t va, pte_t **entry, int *level)
{
	if (va >= PT_INPUT_LIMIT)
		return PT_ERR_RANGE;
	pte_t *table = root;
	for (int l = FIRST_LEVEL; l < LAST_LEVEL; l++) {
		pte_t *e = &table[index_at(va, l)];
		if (!(*e & PTE_VALID)) {
			*entry = e;
			*level = l + 1;
			return PT_OK;
		}
		if (!is_table(*e, l))
			return PT_ERR_EXISTS;
		table = next_table(*e);
	}
	return PT_ERR_EXISTS;
}

int pt_lookup(const pte_t *root, uint64_t va, uint64_t *pa, uint64_t *attrs)
{
	if (va >= PT_INPUT_LIMIT)
		return PT_ERR_RANGE;
	const pte_t *table = root;
	for (int level = FIRST_LEVEL; level <= LAST_LEVEL; level++) {
		pte_t e = table[index_at(va, level)];
		if (!(e & PTE_VALID))
			return PT_ERR_NOTMAPPED;
		if (is_table(e, level)) {
			table = next_table(e);
			continue;
		}
		if (level == LAST_LEVEL && !(e & PTE_TABLE))
			return PT_ERR_NOTMAPPED; /* reserved encoding: faults in hardware too */
		uint64_t offset = va & ((1ULL << level_shift(level)) - 1);
		*pa = (e & PTE_ADDR_MASK & ~((1ULL << level_shift(level)) - 1)) + offset;
		*attrs = e & PTE_ATTR_MASK;
		return PT_OK;
	}
	return PT_ERR_NOTMAPPED;
}
