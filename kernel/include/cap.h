/* SPDX-License-Identifier: BSD-2-Clause */
/* Capabilities, slots and the derivation tree. */
#ifndef CAP_H
#define CAP_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/abi.h>

/*
 * A capability names one object (or a range, for untyped) with rights. Its type is a
 * TSR_OBJ_* value. `obj` is the object's address (physical = kernel virtual).
 * The words a and b depend on the type:
 *   UNTYPED      a = free offset (next allocation), b = zeroed-up-to offset
 *   ENDPOINT,
 *   NOTIFICATION a = badge
 *   VSPACE       a = address-space id | generation << 16 (kernel/src/vspace.c)
 *   PAGE_TABLE,
 *   FRAME        a = mapping: address-space id | generation << 16, or 0 when unmapped;
 *                b = the mapped address
 */
struct cap {
	uint8_t type;
	uint8_t rights;
	uint8_t size_bits; /* untyped and CNode size; frame size (12 or 21) */
	uint8_t flags;	   /* CAP_DEVICE */
	uint32_t level;	   /* page table: the level it serves when mapped (2 or 3) */
	uint64_t obj;
	uint64_t a, b;
};

#define CAP_DEVICE 1U /* device untyped or frame: never cleared, never cached by default */

/* A slot: a capability and its place in the derivation tree. Copies are children of
 * their source, objects are children of the untyped they came from. Among siblings,
 * capabilities to the same object stay next to each other, so whether a capability
 * is the last one to its object is decided by its neighbours alone. */
struct cte {
	struct cap cap;
	struct cte *parent, *child, *next, *prev;
};
_Static_assert(sizeof(struct cte) == 1 << TSR_CNODE_SLOT_BITS, "slot size");

static inline bool cte_empty(const struct cte *s) { return s->cap.type == TSR_OBJ_NULL; }

/* Authority that exists once (untyped, scheduling and IRQ control): moved, never copied. */
bool cap_is_unique(const struct cap *c);
/* A copy of a frame or page-table capability starts unmapped. */
void cap_clear_mapping(struct cap *c);

/* Do two capabilities name the same object? */
bool cap_same_object(const struct cap *x, const struct cap *y);

/* Put `cap` in the empty slot `dst` as a child of `parent` (NULL: a root). */
void cdt_insert(struct cte *dst, const struct cap *cap, struct cte *parent);
/* Move the capability in src to the empty slot dst, keeping its tree position. */
void cdt_move(struct cte *dst, struct cte *src);
/* Take the capability out of its slot; its children move up to its parent, in its
 * place. The slot is left empty. Returns true if it was the last capability to its
 * object (the caller then destroys the object). */
bool cdt_remove(struct cte *slot);
/* Is this the last capability to its object? */
bool cdt_is_final(const struct cte *slot);
/* A descendant of slot with no children (a leaf to delete next), or NULL. */
struct cte *cdt_leaf_descendant(struct cte *slot);

#endif
