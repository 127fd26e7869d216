/* SPDX-License-Identifier: BSD-2-Clause */
/* Root-task helpers: a bump allocator over boot untyped, address spaces, threads. */
#include <tessera/root.h>
#include <tessera/syscall.h>

extern char __text_start[], __text_end[], __rodata_end[];

#define SPAWN_STACK_PAGES 4

void tsr_root_init(struct tsr_root *r, const struct tsr_bootinfo *info)
{
	r->info = info;
	r->next_slot = info->first_free_slot;
	r->untyped = 0;
}

long tsr_root_make_many(struct tsr_root *r, unsigned long type, unsigned long size_bits,
			unsigned long count)
{
	long err = -TSR_ENOMEM;
	/* From the current untyped on; an untyped too full for these may still serve later,
	 * smaller requests, so the cursor moves only past untyped that refused one object. */
	for (unsigned long u = r->untyped; u < r->info->untyped_count; u++) {
		if (r->info->untyped[u].device)
			continue;
		err = tsr_untyped_retype(r->info->untyped_first_slot + u, type, size_bits,
					 TSR_SLOT_CNODE, r->next_slot, count);
		if (err != -TSR_ENOMEM)
			break;
		if (count == 1)
			r->untyped = u + 1;
	}
	if (err)
		return err;
	r->next_slot += count;
	return (long)(r->next_slot - count);
}

long tsr_root_make(struct tsr_root *r, unsigned long type, unsigned long size_bits)
{
	return tsr_root_make_many(r, type, size_bits, 1);
}

long tsr_root_badged(struct tsr_root *r, tsr_cap ep, unsigned long badge, unsigned long count)
{
	unsigned long first = r->next_slot;
	for (unsigned long i = 0; i < count; i++) {
		long err = tsr_cnode_mint(TSR_SLOT_CNODE, r->next_slot, TSR_SLOT_CNODE, ep, TSR_W,
					  badge + i);
		if (err)
			return err;
		r->next_slot++;
	}
	return (long)first;
}

long tsr_root_tables(struct tsr_root *r, tsr_cap vspace, unsigned long address)
{
	for (;;) { /* one table per missing level */
		long pt = tsr_root_make(r, TSR_OBJ_PAGE_TABLE, 0);
		if (pt < 0)
			return pt;
		long err = tsr_page_table_map((tsr_cap)pt, vspace, address);
		if (err == -TSR_EEXISTS) { /* every level present: this one is spare */
			tsr_cnode_delete(TSR_SLOT_CNODE, (unsigned long)pt);
			return 0;
		}
		if (err)
			return err;
	}
}

static long map(struct tsr_root *r, tsr_cap frame, tsr_cap vspace, unsigned long address,
		unsigned long rights)
{
	long err = tsr_frame_map(frame, vspace, address, rights, TSR_CACHED);
	if (err == -TSR_ENOTABLE) {
		err = tsr_root_tables(r, vspace, address);
		if (!err)
			err = tsr_frame_map(frame, vspace, address, rights, TSR_CACHED);
	}
	return err ? err : (long)frame;
}

long tsr_root_map_new(struct tsr_root *r, tsr_cap vspace, unsigned long address,
		      unsigned long rights)
{
	long frame = tsr_root_make(r, TSR_OBJ_FRAME, 0);
	return frame < 0 ? frame : map(r, (tsr_cap)frame, vspace, address, rights);
}

long tsr_root_map_copy(struct tsr_root *r, tsr_cap frame, tsr_cap vspace, unsigned long address,
		       unsigned long rights)
{
	unsigned long slot = r->next_slot++;
	long err = tsr_cnode_copy(TSR_SLOT_CNODE, slot, TSR_SLOT_CNODE, frame, TSR_RIGHTS_ALL);
	return err ? err : map(r, slot, vspace, address, rights);
}

/* Where a spawned thread starts: run entry, then exit with status 0. */
static void start(unsigned long arg, void (*entry)(unsigned long))
{
	entry(arg);
	tsr_exit(0);
}

long tsr_root_thread(struct tsr_root *r, struct tsr_component *c, void (*entry)(unsigned long),
		     unsigned long arg, unsigned long prio, tsr_cap vspace, unsigned long stack_top)
{
	long err, tcb = tsr_root_make(r, TSR_OBJ_TCB, 0);
	if (tcb < 0)
		return tcb;
	for (unsigned long p = 1; p <= SPAWN_STACK_PAGES; p++) {
		err = tsr_root_map_new(r, vspace, stack_top - p * 4096, TSR_R | TSR_W);
		if (err < 0)
			return err;
	}
	if ((err = tsr_tcb_configure((tsr_cap)tcb, TSR_SLOT_CNODE, vspace, 0, 0, 0, 0)) ||
	    (err = tsr_tcb_set_priority((tsr_cap)tcb, TSR_SLOT_TCB, prio)) ||
	    (err = tsr_tcb_write_register((tsr_cap)tcb, TSR_REG_PC, (unsigned long)start)) ||
	    (err = tsr_tcb_write_register((tsr_cap)tcb, TSR_REG_SP, stack_top)) ||
	    (err = tsr_tcb_write_register((tsr_cap)tcb, 0, arg)) ||
	    (err = tsr_tcb_write_register((tsr_cap)tcb, 1, (unsigned long)entry)))
		return err;
	c->tcb = (tsr_cap)tcb;
	c->vspace = vspace;
	return 0;
}

long tsr_root_spawn(struct tsr_root *r, struct tsr_component *c, void (*entry)(unsigned long),
		    unsigned long arg, unsigned long prio)
{
	const struct tsr_bootinfo *info = r->info;
	long err, vs = tsr_root_make(r, TSR_OBJ_VSPACE, 0);
	if (vs < 0)
		return vs;

	/* The caller's code and read-only data, shared; its data stays its own. */
	for (unsigned long i = 0; i < info->image_count; i++) {
		unsigned long va = info->image_vaddr + i * 4096;
		if (va < (unsigned long)__text_start || va >= (unsigned long)__rodata_end)
			continue;
		unsigned long rights = va < (unsigned long)__text_end ? TSR_R | TSR_X : TSR_R;
		err = tsr_root_map_copy(r, info->image_first_slot + i, (tsr_cap)vs, va, rights);
		if (err < 0)
			return err;
	}
	return tsr_root_thread(r, c, entry, arg, prio, (tsr_cap)vs, TSR_STACK_TOP);
}

long tsr_root_guest(struct tsr_root *r, struct tsr_component *c, const char *code_start,
		    const char *code_end, unsigned long ipa, const char *entry, unsigned long prio,
		    tsr_cap vmm_endpoint)
{
	const struct tsr_bootinfo *info = r->info;
	unsigned long start = (unsigned long)code_start, size = (unsigned long)code_end - start;
	if ((start | size) & 4095)
		return -TSR_EALIGN;
	long err, vs = tsr_root_make(r, TSR_OBJ_VSPACE, 0);
	if (vs < 0)
		return vs;
	for (unsigned long off = 0; off < size; off += 4096) {
		unsigned long page = (start + off - info->image_vaddr) / 4096;
		err = tsr_root_map_copy(r, info->image_first_slot + page, (tsr_cap)vs, ipa + off,
					TSR_R | TSR_X);
		if (err < 0)
			return err;
	}
	if ((err = tsr_root_map_new(r, (tsr_cap)vs, ipa + size, TSR_R | TSR_W)) < 0)
		return err;
	long tcb = tsr_root_make(r, TSR_OBJ_TCB, 0), vcpu = tsr_root_make(r, TSR_OBJ_VCPU, 0);
	if (tcb < 0 || vcpu < 0)
		return tcb < 0 ? tcb : vcpu;
	if ((err = tsr_tcb_configure((tsr_cap)tcb, TSR_SLOT_CNODE, (tsr_cap)vs, 0, 0, vmm_endpoint,
				     0)) ||
	    (err = tsr_tcb_set_priority((tsr_cap)tcb, TSR_SLOT_TCB, prio)) ||
	    (err = tsr_tcb_bind_vcpu((tsr_cap)tcb, (tsr_cap)vcpu)) ||
	    (err = tsr_tcb_write_register((tsr_cap)tcb, TSR_REG_PC,
					  ipa + ((unsigned long)entry - start))) ||
	    (err = tsr_tcb_write_register((tsr_cap)tcb, TSR_REG_SP, ipa + size + 4096)))
		return err;
	c->tcb = (tsr_cap)tcb;
	c->vspace = (tsr_cap)vs;
	c->vcpu = (tsr_cap)vcpu;
	return 0;
}
