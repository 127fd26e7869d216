/* SPDX-License-Identifier: BSD-2-Clause */
/* Root task test: isolation, revocation, budgets, and every kind of bad invocation. */
#include "utest.h"
#include <stdbool.h>
#include <tessera/clock.h>
#include <tessera/ipc.h>
#include <tessera/root.h>

#define PRIVATE 0x10000000UL /* a page only the secret keeper has */
#define SHARED 0x20000000UL  /* a page the root lends to the reader */
#define SECRET 0x5ec2e7UL
#define PRIO 100

static struct tsr_root r;

static void secret_keeper(unsigned long arg)
{
	(void)arg;
	*(volatile unsigned long *)PRIVATE = SECRET;
	tsr_printf("A: secret stored at 0x%lx\n", PRIVATE);
}

static void snooper(unsigned long arg)
{
	(void)arg;
	tsr_printf("B: reading 0x%lx, which is A's\n", PRIVATE);
	unsigned long v = *(volatile unsigned long *)PRIVATE;
	tsr_printf("B: read 0x%lx: isolation broken\n", v);
}

static void reader(unsigned long arg)
{
	volatile unsigned long *p = (volatile unsigned long *)arg;
	tsr_printf("C: shared value 0x%lx\n", *p);
	for (;;) {
		(void)*p;
		tsr_yield();
	}
}

static void spinner(unsigned long arg)
{
	(void)arg;
	for (;;)
		;
}

/* Counts in its word of the shared page, forever. */
static void counter(unsigned long arg)
{
	volatile unsigned long *n = (volatile unsigned long *)arg;
	for (;;)
		(*n)++;
}

#define LARGE 0x80000000UL /* a fresh gigabyte: room for a 2 MiB frame */
#define DEVICE 0x30000000UL
#define PL031_BASE 0x09010000UL

/* A 2 MiB frame, and a device frame mapped uncached: the PL031 clock's ID register. */
static void large_and_device_frames(void)
{
	long lf = tsr_root_make(&r, TSR_OBJ_LARGE_FRAME, 0);
	CHECK_EQ(tsr_frame_map(lf, TSR_SLOT_VSPACE, LARGE, TSR_R | TSR_W, 0), -TSR_ENOTABLE);
	long pt = tsr_root_make(&r, TSR_OBJ_PAGE_TABLE, 0);
	CHECK_EQ(tsr_page_table_map(pt, TSR_SLOT_VSPACE, LARGE), 0); /* level 2: 1 GiB */
	CHECK_EQ(tsr_frame_map(lf, TSR_SLOT_VSPACE, LARGE, TSR_R | TSR_W, 0), 0);
	volatile unsigned long *p = (volatile unsigned long *)(LARGE + 0x1ff000);
	*p = 0x2b;
	unsigned long pa;
	CHECK_EQ(tsr_frame_address(lf, &pa), 0);
	CHECK_EQ(pa & 0x1fffff, 0);
	CHECK_EQ(*p, 0x2b);

	/* Device untyped gives frames in address order: make them up to the PL031's. */
	long dev = -1;
	for (unsigned long i = 0; i < r.info->untyped_count; i++) {
		const struct tsr_untyped_desc *d = &r.info->untyped[i];
		unsigned long got = 0;
		if (!d->device || PL031_BASE < d->paddr ||
		    PL031_BASE >= d->paddr + (1UL << d->size_bits))
			continue;
		while (got < PL031_BASE) {
			dev = (long)r.next_slot++;
			CHECK_EQ(tsr_untyped_retype(r.info->untyped_first_slot + i, TSR_OBJ_FRAME,
						    0, TSR_SLOT_CNODE, dev, 1),
				 0);
			CHECK_EQ(tsr_frame_address(dev, &got), 0);
		}
	}
	CHECK_EQ(dev > 0, 1);
	CHECK_EQ(tsr_root_tables(&r, TSR_SLOT_VSPACE, DEVICE), 0);
	CHECK_EQ(tsr_frame_map(dev, TSR_SLOT_VSPACE, DEVICE, TSR_R | TSR_W | TSR_X, TSR_DEVICE), 0);
	unsigned long id = *(volatile unsigned int *)(DEVICE + 0xfe0);
	CHECK_EQ(id, 0x31);
	tsr_printf("frames: 2 MiB frame at 0x%lx, PL031 at 0x%lx reads id 0x%lx\n", pa, PL031_BASE,
		   id);
}

/* Yield to the others of our priority until `tcb` has stopped; true if it did. */
static bool wait_stopped(tsr_cap tcb)
{
	unsigned long pc;
	for (int i = 0; i < 1000; i++) {
		if (tsr_tcb_read_register(tcb, TSR_REG_PC, &pc) == 0)
			return true;
		tsr_yield();
	}
	return false;
}

static bool stopped_in(tsr_cap tcb, void (*fn)(unsigned long))
{
	unsigned long pc = 0;
	tsr_tcb_read_register(tcb, TSR_REG_PC, &pc);
	return pc >= (unsigned long)fn && pc < (unsigned long)fn + 0x200;
}

static void bad_invocations(void)
{
	long f = tsr_root_make(&r, TSR_OBJ_FRAME, 0);
	long f2 = tsr_root_make(&r, TSR_OBJ_FRAME, 0);
	long lf = tsr_root_make(&r, TSR_OBJ_LARGE_FRAME, 0);
	long vs = tsr_root_make(&r, TSR_OBJ_VSPACE, 0);
	long tcb = tsr_root_make(&r, TSR_OBJ_TCB, 0);
	long sc = tsr_root_make(&r, TSR_OBJ_SCHED_CONTEXT, 0);
	CHECK_EQ(f > 0 && f2 > 0 && lf > 0 && vs > 0 && tcb > 0 && sc > 0, 1);
	unsigned long ut = r.info->untyped_first_slot + r.untyped;

	/* Wrong capability type. */
	CHECK_EQ(tsr_frame_map(TSR_SLOT_TCB, vs, SHARED, TSR_R, 0), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_frame_map(f, TSR_SLOT_TCB, SHARED, TSR_R, 0), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_untyped_retype(ut, TSR_OBJ_FRAME, 0, TSR_SLOT_TCB, 0, 1), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_tcb_resume(f), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_cnode_copy(TSR_SLOT_CNODE, r.next_slot, TSR_SLOT_CNODE, ut, TSR_R),
		 -TSR_ECAPTYPE);
	/* Arguments checked whole: rights and badges with bits no right or badge has. */
	long ep = tsr_root_make(&r, TSR_OBJ_ENDPOINT, 0);
	unsigned long d = r.next_slot;
	CHECK_EQ(tsr_cnode_copy(TSR_SLOT_CNODE, d, TSR_SLOT_CNODE, f, 1UL << 32), -TSR_EINVAL);
	CHECK_EQ(tsr_cnode_copy(TSR_SLOT_CNODE, d, TSR_SLOT_CNODE, f, (1UL << 32) | TSR_W),
		 -TSR_EINVAL);
	CHECK_EQ(tsr_cnode_copy(TSR_SLOT_CNODE, d, TSR_SLOT_CNODE, f, 1UL << 63), -TSR_EINVAL);
	CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, d, TSR_SLOT_CNODE, f, 1UL << 32, 0), -TSR_EINVAL);
	CHECK_EQ(tsr_frame_map(f, vs, SHARED, (1UL << 32) | TSR_R, 0), -TSR_EINVAL);
	CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, d, TSR_SLOT_CNODE, ep, TSR_W, TSR_BADGE_MAX + 1),
		 -TSR_EINVAL);
	CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, d, TSR_SLOT_CNODE, ep, TSR_W, 0xfffffffffffffffdUL),
		 -TSR_EINVAL);
	struct tsr_msg m = {.info = 1UL << 32}; /* message info: a bit no field has */
	CHECK_EQ(tsr_nbsend(ep, &m), -TSR_EINVAL);
	CHECK_EQ(tsr_cnode_mint(TSR_SLOT_CNODE, d, TSR_SLOT_CNODE, ep, TSR_W, TSR_BADGE_MAX), 0);
	CHECK_EQ(tsr_cnode_delete(TSR_SLOT_CNODE, d), 0);
	/* Missing rights: the boot-info frame is read-only. */
	CHECK_EQ(tsr_frame_map(TSR_SLOT_BOOTINFO, vs, SHARED, TSR_R | TSR_W, 0), -TSR_ERIGHTS);
	/* Bad and empty slots. */
	CHECK_EQ(TSR_INVOKE0(1UL << TSR_ROOT_CNODE_BITS, TSR_TCB_RESUME), -TSR_ESLOT);
	CHECK_EQ(TSR_INVOKE0(4000, TSR_TCB_RESUME), -TSR_EEMPTY);
	CHECK_EQ(
	    tsr_untyped_retype(ut, TSR_OBJ_FRAME, 0, TSR_SLOT_CNODE, 1UL << TSR_ROOT_CNODE_BITS, 1),
	    -TSR_ESLOT);
	CHECK_EQ(tsr_untyped_retype(ut, TSR_OBJ_FRAME, 0, TSR_SLOT_CNODE, TSR_SLOT_TCB, 1),
		 -TSR_EOCCUPIED);
	/* Sizes out of range. */
	CHECK_EQ(tsr_untyped_retype(ut, TSR_OBJ_CNODE, 30, TSR_SLOT_CNODE, r.next_slot, 1),
		 -TSR_EINVAL);
	CHECK_EQ(tsr_untyped_retype(ut, TSR_OBJ_UNTYPED, 60, TSR_SLOT_CNODE, r.next_slot, 1),
		 -TSR_EINVAL);
	CHECK_EQ(tsr_untyped_retype(ut, 77, 0, TSR_SLOT_CNODE, r.next_slot, 1), -TSR_EINVAL);
	CHECK_EQ(tsr_untyped_retype(ut, TSR_OBJ_UNTYPED, 40, TSR_SLOT_CNODE, r.next_slot, 1),
		 -TSR_ENOMEM);
	CHECK_EQ(tsr_sched_control_configure(TSR_SLOT_SCHED_CONTROL, sc, 3000, 2000), -TSR_EINVAL);
	/* Unaligned addresses. */
	CHECK_EQ(tsr_frame_map(f, vs, SHARED + 0x123, TSR_R, 0), -TSR_EALIGN);
	CHECK_EQ(tsr_frame_map(lf, vs, SHARED + 0x1000, TSR_R, 0), -TSR_EALIGN);
	/* Missing page tables, then a double map. */
	CHECK_EQ(tsr_frame_map(f, vs, SHARED, TSR_R, 0), -TSR_ENOTABLE);
	CHECK_EQ(tsr_root_tables(&r, vs, SHARED), 0);
	CHECK_EQ(tsr_frame_map(f, vs, SHARED, TSR_R, 0), 0);
	CHECK_EQ(tsr_frame_map(f, vs, SHARED + 0x1000, TSR_R, 0), -TSR_EEXISTS);
	CHECK_EQ(tsr_frame_map(f2, vs, SHARED, TSR_R, 0), -TSR_EEXISTS);
	CHECK_EQ(tsr_frame_unmap(f2), -TSR_ENOTMAPPED);
	/* A priority above the authority's maximum controlled priority. */
	CHECK_EQ(tsr_tcb_set_priority(tcb, tcb, 10), -TSR_EPRIORITY);
	CHECK_EQ(tsr_tcb_set_priority(tcb, TSR_SLOT_TCB, 256), -TSR_EINVAL);
	CHECK_EQ(tsr_tcb_resume(tcb), -TSR_ESTATE);
	CHECK_EQ(tsr_tcb_read_register(TSR_SLOT_TCB, 0, 0), -TSR_ESTATE);
	/* Unknown methods. */
	CHECK_EQ(TSR_INVOKE0(f, 999), -TSR_ENOSYS);
	/* Nothing broke: the valid calls still work. */
	CHECK_EQ(tsr_frame_unmap(f), 0);
	CHECK_EQ(tsr_frame_map(f2, vs, SHARED, TSR_R | TSR_W, 0), 0);
	tsr_printf("bad invocations: each refused with its error\n");
}

int main(void)
{
	const struct tsr_bootinfo *info = (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR;
	struct tsr_component a, b, c, h;

	CHECK_EQ(info->magic, TSR_BOOTINFO_MAGIC);
	tsr_root_init(&r, info);
	tsr_printf("root: %lu untyped, %lu MiB free, first free slot %lu\n", info->untyped_count,
		   info->free_bytes >> 20, info->first_free_slot);
	bad_invocations();
	large_and_device_frames();
	/* Share the CPU with the components from here on. */
	CHECK_EQ(tsr_tcb_set_priority(TSR_SLOT_TCB, TSR_SLOT_TCB, PRIO), 0);

	/* Isolation: A keeps a secret in its own page; B, elsewhere, cannot reach it. */
	CHECK_EQ(tsr_root_spawn(&r, &a, secret_keeper, 0, PRIO), 0);
	long secret_page = tsr_root_map_new(&r, a.vspace, PRIVATE, TSR_R | TSR_W);
	CHECK_EQ(secret_page > 0, 1);
	CHECK_EQ(tsr_tcb_resume(a.tcb), 0);
	CHECK_EQ(wait_stopped(a.tcb), 1);
	CHECK_EQ(tsr_root_spawn(&r, &b, snooper, 0, PRIO), 0);
	CHECK_EQ(tsr_tcb_resume(b.tcb), 0);
	CHECK_EQ(wait_stopped(b.tcb), 1);
	CHECK_EQ(stopped_in(b.tcb, snooper), 1); /* at its read, not at exit */
	CHECK_EQ(tsr_root_map_copy(&r, secret_page, TSR_SLOT_VSPACE, PRIVATE, TSR_R) > 0, 1);
	CHECK_EQ(*(volatile unsigned long *)PRIVATE, SECRET);
	tsr_printf("isolation: B faulted, A's secret is intact\n");

	/* Revocation: C reads a page the root lent it, until the root takes it back. */
	long page = tsr_root_map_new(&r, TSR_SLOT_VSPACE, SHARED, TSR_R | TSR_W);
	CHECK_EQ(page > 0, 1);
	*(volatile unsigned long *)SHARED = 0x5a5a;
	CHECK_EQ(tsr_root_spawn(&r, &c, reader, SHARED, PRIO), 0);
	CHECK_EQ(tsr_root_map_copy(&r, page, c.vspace, SHARED, TSR_R) > 0, 1);
	CHECK_EQ(tsr_tcb_resume(c.tcb), 0);
	for (int i = 0; i < 5; i++)
		tsr_yield();
	CHECK_EQ(wait_stopped(c.tcb), 0); /* still reading */
	tsr_printf("revoke: taking the shared page back from C\n");
	CHECK_EQ(tsr_cnode_revoke(TSR_SLOT_CNODE, page), 0);
	CHECK_EQ(wait_stopped(c.tcb), 1);
	CHECK_EQ(stopped_in(c.tcb, reader), 1);
	CHECK_EQ(*(volatile unsigned long *)SHARED, 0x5a5a); /* the root's own mapping stays */

	/* Round robin: two counters at our priority both advance while we also run. */
	struct tsr_component k1, k2;
	long counts = tsr_root_map_new(&r, TSR_SLOT_VSPACE, SHARED + 0x1000, TSR_R | TSR_W);
	CHECK_EQ(tsr_root_spawn(&r, &k1, counter, SHARED + 0x1000, PRIO), 0);
	CHECK_EQ(tsr_root_spawn(&r, &k2, counter, SHARED + 0x1008, PRIO), 0);
	CHECK_EQ(tsr_root_map_copy(&r, counts, k1.vspace, SHARED + 0x1000, TSR_R | TSR_W) > 0, 1);
	CHECK_EQ(tsr_root_map_copy(&r, counts, k2.vspace, SHARED + 0x1000, TSR_R | TSR_W) > 0, 1);
	CHECK_EQ(tsr_tcb_resume(k1.tcb), 0);
	CHECK_EQ(tsr_tcb_resume(k2.tcb), 0);
	volatile unsigned long *n = (volatile unsigned long *)(SHARED + 0x1000);
	for (int i = 0; i < 3; i++) { /* each pass: we ran again, after both of them */
		unsigned long n1 = n[0], n2 = n[1];
		while (n[0] == n1 || n[1] == n2)
			;
	}
	CHECK_EQ(tsr_tcb_suspend(k1.tcb), 0);
	CHECK_EQ(tsr_tcb_suspend(k2.tcb), 0);
	tsr_printf("round robin: both counters advanced (%lu, %lu) while we ran\n", n[0], n[1]);

	/* Budget: H spins forever at a higher priority with 2 ms every 10 ms; we still run. */
	long sc = tsr_root_make(&r, TSR_OBJ_SCHED_CONTEXT, 0);
	CHECK_EQ(tsr_sched_control_configure(TSR_SLOT_SCHED_CONTROL, sc, 2000, 10000), 0);
	CHECK_EQ(tsr_root_spawn(&r, &h, spinner, 0, PRIO + 20), 0);
	CHECK_EQ(tsr_tcb_bind_sc(h.tcb, sc), 0);
	CHECK_EQ(tsr_tcb_resume(h.tcb), 0);
	unsigned long freq, start, last, now, mine = 0;
	freq = tsr_counter_hz();
	start = tsr_counter();
	last = start;
	do {
		now = tsr_counter();
		if (now - last < freq / 10000) /* under 100 us apart: we held the CPU */
			mine += now - last;
		last = now;
	} while (now - start < freq / 5); /* 200 ms */
	unsigned long share = mine * 100 / (now - start);
	tsr_printf("budget: the spinner bound to 2 ms / 10 ms left us %lu%% of the CPU\n", share);
	CHECK_EQ(share >= 65 && share <= 92, 1);

	/* Only the holder of a scheduling context takes a thread off it: a thread's own
	 * capability (every component has one) is not enough. */
	CHECK_EQ(tsr_tcb_suspend(h.tcb), 0);
	long other = tsr_root_make(&r, TSR_OBJ_SCHED_CONTEXT, 0);
	CHECK_EQ(tsr_tcb_unbind_sc(h.tcb, 0), -TSR_EEMPTY);
	CHECK_EQ(tsr_tcb_unbind_sc(h.tcb, h.tcb), -TSR_ECAPTYPE);
	CHECK_EQ(tsr_tcb_unbind_sc(h.tcb, other), -TSR_ESTATE);
	CHECK_EQ(tsr_tcb_unbind_sc(h.tcb, sc), 0);
	CHECK_EQ(tsr_tcb_unbind_sc(h.tcb, sc), -TSR_ESTATE);

	utest_finish();
}
