/* SPDX-License-Identifier: BSD-2-Clause */
/* A current thread with a CSpace and untyped memory on the fake arch, and system calls. */
#ifndef KERNEL_FIXTURE_H
#define KERNEL_FIXTURE_H

#include "check.h"
#include <fake.h>
#include <stdint.h>
#include <syscall.h>
#include <tessera/abi.h>
#include <thread.h>

#define FX_CNODE_BITS 8
#define FX_UNTYPED_BITS 20 /* 1 MiB */
#define FX_UNTYPED_SLOT 10
#define FX_CNODE_SLOT 2
#define FX_TCB_SLOT 1

static struct thread *fx_thread;
static struct cte *fx_cnode;
static void *fx_memory;

static void *fx_alloc(uint64_t bits)
{
	void *p = aligned_alloc(1UL << bits, 1UL << bits);
	memset(p, 0, 1UL << bits);
	return p;
}

/* A fresh CSpace (slot 1: the thread, 2: the CNode, 10: 1 MiB of untyped). */
static void fx_setup(void)
{
	fake_reset();
	free(fx_thread);
	free(fx_cnode);
	fx_thread = fx_alloc(10);
	fx_cnode = fx_alloc(FX_CNODE_BITS + 6);
	if (!fx_memory)
		fx_memory = fx_alloc(FX_UNTYPED_BITS);
	memset(fx_memory, 0xa5, 1UL << FX_UNTYPED_BITS); /* dirty: retype must clear */
	thread_init(fx_thread);
	struct cap cn = {.type = TSR_OBJ_CNODE,
			 .rights = TSR_RIGHTS_ALL,
			 .size_bits = FX_CNODE_BITS,
			 .obj = (uint64_t)(uintptr_t)fx_cnode};
	cdt_insert(&fx_cnode[FX_CNODE_SLOT], &cn, NULL);
	cdt_insert(&fx_thread->slot[TCB_CSPACE], &cn, &fx_cnode[FX_CNODE_SLOT]);
	struct cap tcb = {
	    .type = TSR_OBJ_TCB, .rights = TSR_RIGHTS_ALL, .obj = (uint64_t)(uintptr_t)fx_thread};
	cdt_insert(&fx_cnode[FX_TCB_SLOT], &tcb, NULL);
	struct cap ut = {.type = TSR_OBJ_UNTYPED,
			 .size_bits = FX_UNTYPED_BITS,
			 .obj = (uint64_t)(uintptr_t)fx_memory};
	cdt_insert(&fx_cnode[FX_UNTYPED_SLOT], &ut, NULL);
	fx_thread->mcp = 200;
	fx_thread->rq.prio = 100;
	fx_thread->state = THREAD_RUNNABLE;
	this_cpu()->current = fx_thread; /* running: on no ready queue */
}

/* A system call by the current thread; returns x0 (and x1 in *x1 if given). */
static long fx_syscall(uint64_t nr, const uint64_t *args, int n, uint64_t *x1)
{
	struct frame *f = &fx_thread->ctx;
	for (int i = 0; i < 8; i++)
		f->x[i] = i < n ? args[i] : 0;
	f->x[8] = nr;
	syscall_dispatch(f);
	if (x1)
		*x1 = f->x[1];
	return (long)f->x[0];
}

#define FX_INVOKE(...)                                                                   \
	({                                                                               \
		uint64_t a_[] = {__VA_ARGS__};                                           \
		fx_syscall(TSR_SYS_INVOKE, a_, (int)(sizeof(a_) / sizeof(a_[0])), NULL); \
	})

/* Invokes until the call completes, with an interrupt pending at every `after`-th
 * preemption check; the number of tries it took (the call restarts each time). */
#define FX_INVOKE_PREEMPTED(after, ...)                                       \
	({                                                                    \
		int rounds_ = 0;                                              \
		do {                                                          \
			fake_irq_after = (after);                             \
			fx_thread->ctx.elr = 0x1000;                          \
			FX_INVOKE(__VA_ARGS__);                               \
			rounds_++;                                            \
		} while (fx_thread->ctx.elr == 0x1000 - 4 && rounds_ < 1000); \
		fake_irq_after = 0;                                           \
		rounds_;                                                      \
	})

static inline struct cte *fx_slot(unsigned i) { return &fx_cnode[i]; }

#endif
