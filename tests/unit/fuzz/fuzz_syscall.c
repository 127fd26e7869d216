/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: random system-call sequences into the kernel on the fake arch
 * (kernel/arch/fake), with ASan and UBSan. Each input is a sequence of calls (number,
 * capability pointers, methods, arguments, decoded from its bytes) made by the current
 * thread: the fixture's, with a CSpace, 1 MiB of untyped memory and an address space, or
 * a thread it made and resumed. Checked: every call returns success or an error code; an
 * invocation that fails changes no slot of the thread's CNode; after the sequence, revoking
 * the untyped leaves no capability to its memory anywhere the thread can reach and no
 * address-space id in use. A blocked, stopped or powered-off thread is made the running
 * thread again (the rest of the machine stays as it was). docs/testing.md.
 */
#include "../../fuzz_edges.h"
#include "kernel_fixture.h"
#include <cnode.h>
#include <pgtable.h>
#include <vspace.h>

#define UBASE 0x400000UL
#define POOL_PAGES 16

/* Page tables and user pages of the fixture's address space: a pool reused by each run. */
static unsigned char pool[POOL_PAGES][4096] __attribute__((aligned(4096)));
static unsigned pool_next;
static unsigned ids_at_start;

static pte_t *pool_table(void *ctx)
{
	(void)ctx;
	if (pool_next == POOL_PAGES)
		return NULL;
	memset(pool[pool_next], 0, 4096);
	return (pte_t *)pool[pool_next++];
}
static const struct pt_alloc alloc = {pool_table, NULL};

static void fail(const char *what, uint64_t a, uint64_t b)
{
	fprintf(stderr, "fuzz_syscall: %s (%#llx, %#llx)\n", what, (unsigned long long)a,
		(unsigned long long)b);
	__builtin_trap();
}

/* The fixture's thread with an address space: two pages readable at UBASE, one writable
 * after them. */
static void setup(void)
{
	uint64_t handle;
	fx_setup();
	pool_next = 0;
	unsigned char *user = (unsigned char *)pool_table(NULL);
	pool_table(NULL);
	pool_table(NULL);
	if (vspace_create(pool_table(NULL), &handle))
		fail("no address space for the fixture", 0, 0);
	struct vspace *vs = vspace_get(handle);
	if (vspace_map(vs, ipa_init(UBASE), ptr_to_pa(user), 3 * 4096, VS_R | VS_W, VS_NORMAL,
		       &alloc))
		fail("mapping the fixture's pages", 0, 0);
	struct cap v = {.type = TSR_OBJ_VSPACE,
			.rights = TSR_RIGHTS_ALL,
			.obj = (uint64_t)(uintptr_t)vs->root,
			.a = handle};
	cdt_insert(&fx_thread->slot[TCB_VSPACE], &v, NULL);
	memset(user, 'u', 3 * 4096);
	fx_thread->ctx.elr = UBASE;
}

/* The input, read a byte at a time (zeros once it runs out). */
struct input {
	const uint8_t *p;
	size_t n;
};

static uint8_t byte(struct input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint64_t word(struct input *in)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)byte(in) << (8 * i);
	return v;
}

static const uint64_t edges[] = {TSR_FUZZ_EDGES, UBASE, UBASE + 4096 * 3 - 8, 0xffff000040000000};

/* An argument: a small number (slots, types, indices, sizes), a borderline one, one of
 * the fixture's user addresses, or any 64-bit value. */
static uint64_t value(struct input *in)
{
	uint8_t k = byte(in);
	switch (k >> 6) {
	case 0:
	case 1:
		return k & 63;
	case 2:
		return edges[(k & 63) % (sizeof(edges) / sizeof(edges[0]))];
	default:
		return k & 32 ? word(in) : UBASE + word(in) % (3 * 4096 + 64);
	}
}

/* Who makes the next call: the running thread if it is the fixture's, or (as the input
 * says) another native thread the kernel switched to; else that thread is stopped and the
 * fixture's made the running thread again, taken out of any wait. */
static struct thread *caller(struct input *in)
{
	struct percpu *cpu = this_cpu();
	struct thread *t = cpu->current;
	bool other_calls = byte(in) & 1;
	if (t == fx_thread && t->state == THREAD_RUNNABLE)
		return t;
	if (t && t->state == THREAD_RUNNABLE && !t->vcpu && other_calls)
		return t;
	if (t && t != fx_thread)
		thread_suspend(t);
	if (fx_thread->state != THREAD_RUNNABLE) {
		thread_suspend(fx_thread);
		thread_resume(fx_thread);
	}
	cpu->current = fx_thread;
	return fx_thread;
}

static bool slot_in_memory(const struct cte *s)
{
	uint64_t base = (uint64_t)(uintptr_t)fx_memory, end = base + (1UL << FX_UNTYPED_BITS);
	return !cte_empty(s) && s->cap.obj >= base && s->cap.obj < end &&
	       s->cap.type != TSR_OBJ_IRQ_HANDLER;
}

static struct cte before[1 << FX_CNODE_BITS];
static int trace = -1; /* FUZZ_SYSCALL_TRACE set: print each call (to replay a crash) */

static void one_call(struct input *in)
{
	struct thread *t = caller(in);
	struct frame *f = &t->ctx;
	uint64_t nr = byte(in) % (TSR_SYS_COUNT + 4);
	for (int i = 0; i < 8; i++)
		f->x[i] = value(in);
	if (nr == TSR_SYS_COUNT + 2) { /* make an object: a retype that can succeed */
		f->x[0] = FX_UNTYPED_SLOT;
		f->x[1] = TSR_UNTYPED_RETYPE;
		f->x[2] = 2 + f->x[2] % 13;
		f->x[3] %= f->x[2] == TSR_OBJ_UNTYPED ? 20 : 8;
		f->x[4] = FX_CNODE_SLOT;
		f->x[5] = 16 + f->x[5] % 32;
		f->x[6] = 1;
	} else if (nr == TSR_SYS_COUNT + 3) { /* a method of an object it made */
		f->x[0] = 16 + f->x[0] % 32;
		f->x[1] = 1 + f->x[1] % (TSR_METHOD_COUNT - 1);
	}
	if (nr >= TSR_SYS_COUNT + 1)
		nr = TSR_SYS_INVOKE;
	/* The untyped stays in its slot: moved into a CNode made from it, or deleted before
	 * its objects, its memory is taken back only object by object (as in seL4), and the
	 * checks after the sequence revoke it there. */
	if (nr == TSR_SYS_INVOKE && (((f->x[1] == TSR_CNODE_MOVE || f->x[1] == TSR_CNODE_MUTATE) &&
				      f->x[4] == FX_UNTYPED_SLOT) ||
				     (f->x[1] == TSR_CNODE_DELETE && f->x[2] == FX_UNTYPED_SLOT)))
		f->x[1] = TSR_CNODE_REVOKE;
	f->x[8] = nr;
	bool watch = nr == TSR_SYS_INVOKE && t == fx_thread;
	if (watch)
		memcpy(before, fx_cnode, sizeof(before));
	if (setjmp(fake_stop_jump))
		return; /* idle or powered off: the next call's caller() picks up */
	if (trace)
		fprintf(stderr, "call %llu by %s: x0..x7 %llx %llx %llx %llx %llx %llx %llx %llx\n",
			(unsigned long long)nr, t == fx_thread ? "the fixture" : t->name,
			(unsigned long long)f->x[0], (unsigned long long)f->x[1],
			(unsigned long long)f->x[2], (unsigned long long)f->x[3],
			(unsigned long long)f->x[4], (unsigned long long)f->x[5],
			(unsigned long long)f->x[6], (unsigned long long)f->x[7]);
	syscall_dispatch(f);
	long r = (long)f->x[0];
	if (trace)
		fprintf(stderr, "  -> %ld\n", r);
	if (r < 0 && r <= -TSR_ERROR_COUNT)
		fail("a result that is neither success nor an error", nr, (uint64_t)r);
	/* An untyped with no objects left is reset to empty by the next retype, even one
	 * that then fails: its fill marks (a, b) may change, nothing a caller can see. */
	struct cte *u = &fx_cnode[FX_UNTYPED_SLOT];
	if (u->cap.type == TSR_OBJ_UNTYPED && !u->child) {
		before[FX_UNTYPED_SLOT].cap.a = u->cap.a;
		before[FX_UNTYPED_SLOT].cap.b = u->cap.b;
	}
	if (watch && r < 0 && this_cpu()->current == t && memcmp(before, fx_cnode, sizeof(before)))
		fail("a failed invocation changed the CNode", f->x[1], (uint64_t)r);
}

/* Revoke the untyped, check nothing it held is left, and empty everything. */
static void teardown(void)
{
	this_cpu()->current = fx_thread;
	if (cap_revoke(&fx_cnode[FX_UNTYPED_SLOT]))
		fail("revoking the untyped did not complete", 0, 0);
	if (fx_cnode[FX_UNTYPED_SLOT].child)
		fail("the untyped has children after its revoke", 0, 0);
	for (unsigned i = 0; i < 1u << FX_CNODE_BITS; i++)
		if (i != FX_UNTYPED_SLOT && slot_in_memory(&fx_cnode[i]))
			fail("a capability to revoked memory in the CNode", i,
			     fx_cnode[i].cap.type | (uint64_t)fx_cnode[i].cap.flags << 8);
	for (unsigned i = 0; i < TCB_SLOTS; i++)
		if (slot_in_memory(&fx_thread->slot[i]))
			fail("a capability to revoked memory in the thread", i,
			     fx_thread->slot[i].cap.type);
	for (unsigned i = 0; i < TCB_SLOTS; i++)
		cap_delete(&fx_thread->slot[i]);
	for (unsigned i = 0; i < 1u << FX_CNODE_BITS; i++)
		if (i != FX_CNODE_SLOT && i != FX_TCB_SLOT)
			cap_delete(&fx_cnode[i]);
	if (vspace_ids_free() != ids_at_start)
		fail("address-space ids in use after everything was deleted", vspace_ids_free(),
		     ids_at_start);
	/* The CNode and the thread are the fixture's: their slots are dropped with them. */
	memset(fx_cnode, 0, sizeof(struct cte) << FX_CNODE_BITS);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)fx_syscall; /* the fixture's; calls here go through caller() */
	struct input in = {data, size};
	if (!ids_at_start)
		ids_at_start = vspace_ids_free();
	if (trace < 0)
		trace = getenv("FUZZ_SYSCALL_TRACE") != NULL;
	setup();
	for (int calls = 0; in.n && calls < 64; calls++)
		one_call(&in);
	teardown();
	return 0;
}
