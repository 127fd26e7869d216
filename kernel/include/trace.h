/* SPDX-License-Identifier: BSD-2-Clause */
/* The schedule trace: what ran when, in trace images only (tessera_image(... TRACE)). */
#ifndef TRACE_H
#define TRACE_H

#include <stdint.h>

struct thread;

/*
 * Each event is the time (counter ticks), a kind, the thread it is about and one word.
 * Images built with TRACE compile the kernel with TESSERA_TRACE and link src/trace.c:
 * events go into a buffer, which the kernel prints on the console once, when it is full,
 * when a second has passed since the first event, or when nothing is left to run
 * (trace_flush) — "trace: begin", lines, "trace: end" — and tools/trace.py turns into
 * Chrome/Perfetto trace JSON (docs/real-time.md). In other images every trace point is
 * an empty inline function: it costs nothing.
 */
enum trace_kind {
	TRACE_SWITCH = 1,  /* the thread (none: idle) runs from now */
	TRACE_IRQ = 2,	   /* an interrupt (word: INTID) while the thread ran */
	TRACE_IPC = 3,	   /* a call or reply handed the CPU to the thread */
	TRACE_EXIT = 4,	   /* the thread's guest exited (word: exception class) */
	TRACE_BUDGET = 5,  /* the thread ran out of budget: throttled */
	TRACE_RELEASE = 6, /* the thread's timed wait ended (a release, a refill, a timer) */
};

#ifdef TESSERA_TRACE
void trace_record(enum trace_kind kind, const struct thread *t, uint64_t word);
void trace_flush(void);
#else
/* Nothing: the arguments are not evaluated, so a this_cpu() among them costs no
 * system-register read. */
#define trace_record(kind, t, word) ((void)0)
static inline void trace_flush(void) {}
#endif

#endif
