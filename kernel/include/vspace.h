/* SPDX-License-Identifier: BSD-2-Clause */
/* Address spaces: one stage-2 table and VMID, for native components and guests alike. */
#ifndef VSPACE_H
#define VSPACE_H

#include <addr.h>
#include <arch/cpu.h>
#include <cap.h>
#include <pgtable.h>
#include <stdbool.h>

enum vs_rights { VS_R = TSR_R, VS_W = TSR_W, VS_X = TSR_X };
enum vs_memory { VS_NORMAL, VS_DEVICE };

/*
 * Every address space has an id (an index in a kernel table) and a generation, so a
 * capability that recorded a mapping in an address space since deleted finds out
 * instead of following a stale pointer. VMIDs (8 bits) are given on first use and
 * taken back from the least recently given when they run out, with TLB maintenance.
 */
#define VSPACE_IDS 1024 /* a power of two (thread_vspace masks with it) */

struct vspace {
	pte_t *root;   /* NULL: id free */
	uint16_t gen;  /* bumped on every reuse of the id */
	uint16_t vmid; /* 0: none yet */
};

extern struct vspace vspace_table[VSPACE_IDS];

/* Make an address space over a zeroed root table; returns its handle (id | gen << 16)
 * in *handle, or -TSR_ENOMEM when every id is in use. */
int vspace_create(pte_t *root, uint64_t *handle);
/* The address space a handle names, or NULL when it was deleted. */
static inline struct vspace *vspace_get(uint64_t handle)
{
	struct vspace *vs = &vspace_table[handle & 0xffff];
	if ((handle & 0xffff) >= VSPACE_IDS || !vs->root || vs->gen != (uint16_t)(handle >> 16))
		return NULL;
	return vs;
}
unsigned vspace_ids_free(void);
void vspace_destroy(uint64_t handle);
/* Install vs as the stage-2 translation of EL0/EL1, giving it a VMID if needed. */
void vspace_assign_vmid(struct vspace *vs);
static inline void vspace_activate(struct vspace *vs)
{
	if (!vs->vmid)
		vspace_assign_vmid(vs);
	arch_set_vttbr((uint64_t)(uintptr_t)vs->root, vs->vmid);
}

/* Map [ipa, ipa + size) with pt_map, allocating tables (boot only). */
int vspace_map(struct vspace *vs, ipaddr_t ipa, paddr_t pa, uint64_t size, unsigned rights,
	       enum vs_memory mem, const struct pt_alloc *alloc);
/* The physical address behind ipa if it is mapped with at least `rights`. */
bool vspace_translate(const struct vspace *vs, ipaddr_t ipa, unsigned rights, paddr_t *pa);
/* Is the user buffer [addr, addr + len) mapped in vs with `rights`, all of it, without
 * wrapping past 2^64? Every system call checks a buffer whole with this before it reads
 * or writes any of it. */
bool vspace_range(const struct vspace *vs, uint64_t addr, uint64_t len, unsigned rights);
/* The kernel's pointer to addr in a range vspace_range accepted, and in *n how many of the
 * len bytes from there lie on its page (the piece to copy before translating again). */
void *vspace_piece(const struct vspace *vs, uint64_t addr, uint64_t len, unsigned rights,
		   uint64_t *n);

/* Invocations on frame and page-table capabilities (decode and invoke in one:
 * every check happens before any change). */
long frame_invoke(struct cte *frame, uint64_t method, const uint64_t *args, uint64_t *result,
		  struct cte *(*lookup)(uint64_t cptr, long *err));
long page_table_invoke(struct cte *pt, uint64_t method, const uint64_t *args,
		       struct cte *(*lookup)(uint64_t cptr, long *err));
/* Undo the mapping a frame or page-table capability made, if it still stands. */
void vspace_unmap_cap(struct cap *cap);

/* TLB maintenance (arch). */
void arch_tlb_flush_vmid(uint16_t vmid);
void arch_tlb_flush_ipa(uint16_t vmid, uint64_t ipa);

#endif
