/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads and the per-CPU state that names the running one. */
#ifndef THREAD_H
#define THREAD_H

#include <arch/frame.h>
#include <vspace.h>

enum thread_state { THREAD_INACTIVE, THREAD_RUNNABLE, THREAD_STOPPED };

struct thread {
	struct frame ctx; /* first: SP_EL2 points here while the thread runs at EL0 */
	struct vspace *vs;
	enum thread_state state;
	char name[24];
};
_Static_assert(__builtin_offsetof(struct thread, ctx) == 0, "ctx first");

/* Per-CPU state; TPIDR_EL2 points at this CPU's. Offsets shared with vectors.S. */
struct percpu {
	uint64_t stack_top;
	struct thread *current;
};
_Static_assert(__builtin_offsetof(struct percpu, stack_top) == PERCPU_STACK_TOP, "percpu");

struct percpu *this_cpu(void);
static inline struct thread *thread_current(void) { return this_cpu()->current; }

void thread_init(struct thread *t, const char *name, struct vspace *vs, uint64_t entry,
		 uint64_t stack_top);
/* Stops t for good and reports why on the console. */
void thread_stop(struct thread *t, const char *why);
/* What runs next on this CPU; waits for interrupts while nothing can. */
struct frame *schedule(void);

#endif
