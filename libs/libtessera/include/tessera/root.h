/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for a root task: objects from boot untyped, and threads in new address spaces. */
#ifndef TESSERA_ROOT_H
#define TESSERA_ROOT_H

#include <tessera/object.h>

struct tsr_root {
	const struct tsr_bootinfo *info;
	unsigned long next_slot; /* the next free slot of the root CNode */
	unsigned long untyped;	 /* index in info->untyped where allocation continues */
};

/* A thread in its own address space (see tsr_root_spawn); a guest's has a vCPU. */
struct tsr_component {
	tsr_cap tcb, vspace, vcpu;
};

void tsr_root_init(struct tsr_root *r, const struct tsr_bootinfo *info);
/* One object from the RAM untyped: its slot, or a negative error. */
long tsr_root_make(struct tsr_root *r, unsigned long type, unsigned long size_bits);
/* `count` objects (at most 256) from one untyped, so physically contiguous, in
 * consecutive slots: the first slot, or a negative error. */
long tsr_root_make_many(struct tsr_root *r, unsigned long type, unsigned long size_bits,
			unsigned long count);
/* `count` copies of endpoint `ep` with the send right, badged `badge`, `badge` + 1, ...,
 * in consecutive slots (one per client): the first slot, or a negative error. */
long tsr_root_badged(struct tsr_root *r, tsr_cap ep, unsigned long badge, unsigned long count);
/* Page tables so that a 4 KiB frame can be mapped at `address` in `vspace`. */
long tsr_root_tables(struct tsr_root *r, tsr_cap vspace, unsigned long address);
/* A new frame mapped at `address` in `vspace`; returns its slot. */
long tsr_root_map_new(struct tsr_root *r, tsr_cap vspace, unsigned long address,
		      unsigned long rights);
/* Maps a copy of `frame` at `address` in `vspace`; returns the copy's slot. */
long tsr_root_map_copy(struct tsr_root *r, tsr_cap frame, tsr_cap vspace, unsigned long address,
		       unsigned long rights);
/* A thread that will run entry(arg) in `vspace` (which must hold the caller's code) on
 * a new 16 KiB stack mapped below `stack_top`, at `prio`, sharing the caller's CSpace.
 * Configured, not resumed. */
long tsr_root_thread(struct tsr_root *r, struct tsr_component *c, void (*entry)(unsigned long),
		     unsigned long arg, unsigned long prio, tsr_cap vspace,
		     unsigned long stack_top);
/* A thread that will run entry(arg) in a new address space holding the caller's code
 * (executable) and read-only data, and a 16 KiB stack below TSR_STACK_TOP, at `prio`,
 * sharing the caller's CSpace. It is configured, not resumed. Returning from entry
 * exits the thread. */
long tsr_root_spawn(struct tsr_root *r, struct tsr_component *c, void (*entry)(unsigned long),
		    unsigned long arg, unsigned long prio);
/* A guest on a vCPU, for a VMM: a new address space with the caller's pages
 * [code_start, code_end) (position-independent EL1 code) at IPA `ipa`, read-only and
 * executable, and one stack page after them; a TCB bound to a new vCPU that will start
 * at `entry` (in those pages) with SP_EL1 at the stack page's end, at `prio`, its exits
 * going to `vmm_endpoint`. Configured, not resumed. */
long tsr_root_guest(struct tsr_root *r, struct tsr_component *c, const char *code_start,
		    const char *code_end, unsigned long ipa, const char *entry, unsigned long prio,
		    tsr_cap vmm_endpoint);

#endif
